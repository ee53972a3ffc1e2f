"""What an entity page reads (serve/data.py) gives what it gave before it was made cheaper: the
facts and their sources are the rows of the named query `why` in its order, an entity's own
written forms are those of the SURFACES query, the marks of a sentence are the pieces of one
case-insensitive regular expression, and the forms kept with a store handle (`Access.memo`)
belong to one state of the graph (a new report graph gives new ones)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from reportgraph.graph.results import SelectResult
from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.queries import run_query
from reportgraph.serve import data, facts, highlight
from reportgraph.serve import queries as page_queries
from reportgraph.serve.access import Access

BASE = "https://w3id.org/reportgraph/id/"
WHY_COLUMNS = ("direction", "predicate", "other", "otherLabel", "report", "sentence", "text",
               "start", "end", "page")


@pytest.fixture(scope="module")
def store_path(sample_store_path):
    return sample_store_path


@pytest.fixture(scope="module")
def subjects(store_path) -> list[URIRef]:
    with open_store_for_reading(store_path) as s:
        rows = s.query("SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(isIRI(?s)) } ORDER BY ?s").rows
    return [r[0] for r in rows]


def test_serve_entity_facts_are_the_rows_of_why_in_its_order(store_path, subjects) -> None:
    assert len(subjects) > 100
    with open_store_for_reading(store_path) as s:
        compared = paged = 0
        for iri in subjects:
            why = run_query(s, "why", {"entity": iri})
            assert isinstance(why, SelectResult)
            at = [why.variables.index(c) for c in WHY_COLUMNS]
            expected = [tuple(row[i] for i in at) for row in why.rows]
            rows, fact_list, mention_list = facts.facts_page(s, iri)
            if not fact_list.paged and not mention_list.paged:
                assert rows == expected, iri
            else:  # a page is sorted as why sorts; all the pages are why's rows
                assert rows == sorted(rows, key=facts.fact_order)
                assert set(rows) <= set(expected), iri
                assert set(_all_pages(s, iri, fact_list, mention_list)) == set(expected), iri
                paged += 1
            compared += bool(expected)
    assert compared > 50  # most subjects have facts or mentions
    assert paged  # the sample's most mentioned entities have more than a page


def _all_pages(s, iri, fact_list, mention_list) -> list[tuple]:
    pages = max(-(-fact_list.total // fact_list.size), -(-mention_list.total // mention_list.size))
    out = []
    for n in range(1, pages + 1):
        rows, f, m = facts.facts_page(s, iri, n, n)
        assert (f.total, m.total) == (fact_list.total, mention_list.total)
        out += rows
    return out


def test_serve_entity_own_forms_are_those_of_the_surfaces_query(store_path, subjects) -> None:
    with open_store_for_reading(store_path) as s:
        for iri in subjects:
            e = data.entity(s, iri)
            assert e is not None
            result = s.query(page_queries.bound(page_queries.text("entity-surfaces"), {"s": iri}))
            assert sorted(e.forms) == sorted({str(r[1]) for r in result.rows}), iri
            for f in e.facts:  # every fact is marked with the entity's forms and its other's
                assert set(e.forms) <= set(f.marks)


def test_serve_entity_memo_gives_the_same_page_data(store_path, subjects) -> None:
    access = Access(store_path)
    try:
        for iri in subjects[:60]:
            plain = access.read(lambda s, iri=iri: data.entity(s, iri))
            memo = access.read(lambda s, iri=iri: data.entity(s, iri, access.memo(s)))
            assert plain == memo, iri
        assert len(access.read(access.memo)) > 10  # the others' forms were kept
    finally:
        access.close()


def test_serve_entity_memo_belongs_to_one_state_of_the_graph(tmp_path, sample_extracted,
                                                            subjects) -> None:
    path = tmp_path / "store"
    with open_store(path) as s:
        s.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
    access = Access(path)
    try:
        project = next(i for i in subjects if str(i).startswith(BASE + "project/")
                       and any(isinstance(f.other, URIRef) for f in access.read(
                           lambda s, i=i: data.entity(s, i)).facts))
        e = access.read(lambda s: data.entity(s, project, access.memo(s)))
        other = next(f.other for f in e.facts if isinstance(f.other, URIRef))
        first = access.read(access.memo)
        assert other in first and "Papildu vārds" not in first[other]
        with open_store(path) as s:  # a new report graph, as a build in another process writes
            s.replace_graph(URIRef(BASE + "graph/extra"),
                            [(other, RDFS.label, Literal("Papildu vārds", lang="lv"))])
        e = access.read(lambda s: data.entity(s, project, access.memo(s)))
        marks = next(f.marks for f in e.facts if f.other == other)
        assert "Papildu vārds" in marks
        assert access.read(access.memo) is not first
    finally:
        access.close()


def regex_pieces(text: str, marks: list[str]) -> list[tuple[str, bool]]:
    """The pieces as one IGNORECASE alternation of the marks (longest first) cuts them."""
    words = sorted({m for m in marks if m and len(m) >= 2}, key=len, reverse=True)[:200]
    if not words or not text:
        return [(text, False)]
    out, last = [], 0
    for m in re.compile("|".join(map(re.escape, words)), re.IGNORECASE).finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    return out + ([(text[last:], False)] if last < len(text) else [])


#: Latvian letters, ASCII, and characters whose case the quick path must leave to the regex
LETTERS = "abkisAKS rīgaRĪGAčČšŠžŽņŅāĀ.-ſıİKΣσςßẞµΜ"


@settings(max_examples=600, deadline=None)
@given(st.text(LETTERS, max_size=40), st.lists(st.text(LETTERS, min_size=1, max_size=5),
                                              max_size=6))
def test_serve_highlight_cuts_as_the_regular_expression(text, marks) -> None:
    assert highlight.highlight(text, marks) == regex_pieces(text, marks)


def test_serve_highlight_marks_words_in_any_case() -> None:
    pieces = highlight.highlight("Projekts Kuldīgā un KULDĪGĀ, ne Kuldīga", ["kuldīgā", "Projekts"])
    assert [p for p, marked in pieces if marked] == ["Projekts", "Kuldīgā", "KULDĪGĀ"]
    assert "".join(p for p, _ in pieces) == "Projekts Kuldīgā un KULDĪGĀ, ne Kuldīga"


def test_serve_highlight_case_variants_cover_the_regex_engine() -> None:
    casefix = pytest.importorskip("re._casefix")
    extra = {chr(c) for k, v in casefix._EXTRA_CASES.items() for c in (k, *v) if c > 127}
    assert extra <= highlight._CASE_VARIANTS
