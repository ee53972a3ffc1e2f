"""The index lookups of an entity page (serve/direct.py) give the rows of the page queries they
stand for (queries/serve/*.rq), for every entity of the sample report: the same terms, in the
same order where the query orders them, and the same pages (serve/data.py) as the queries give."""

import pytest
from rdflib import URIRef

from reportgraph.graph.store import open_store_for_reading
from reportgraph.serve import data, direct, entity_view, facts, linked
from reportgraph.serve.queries import bound, paged, text


@pytest.fixture(scope="module")
def store_path(sample_store_path):
    return sample_store_path


@pytest.fixture(scope="module")
def subjects(store_path) -> list[URIRef]:
    with open_store_for_reading(store_path) as s:
        rows = s.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s").rows
    return [r[0] for r in rows]


def _rows(store, query: str) -> list[tuple]:
    return [tuple(r) for r in store.query(query).rows]


def test_serve_direct_own_values_are_entity_out_in_its_order(store_path, subjects) -> None:
    with open_store_for_reading(store_path) as s:
        match = direct.reader(s)
        assert match is not None
        compared = 0
        for iri in subjects:
            rows = direct.own_rows(match, iri, data.OWN_LIMIT)
            if rows is None:  # a hub mentioned in many sentences: the query answers
                continue
            expected = _rows(s, paged(bound(text("entity-out"), {"s": iri}), data.OWN_LIMIT))
            assert rows == expected, iri
            compared += bool(rows)
    assert compared > 500


def test_serve_direct_facts_are_the_rows_of_entity_why(store_path, subjects) -> None:
    with open_store_for_reading(store_path) as s:
        match = direct.reader(s)
        over = 0
        for iri in subjects:
            expected = _rows(s, bound(text("entity-why"), {"entity": iri}))
            said = sum(str(r[0]) == "mention" for r in expected)
            for limit in (facts.FACTS_PAGE, 10):
                rows = direct.why_rows(match, iri, limit, limit)
                if rows is None:  # more than a page: the caller pages with the queries
                    assert said > limit or len(expected) - said > limit, iri
                    over += 1
                else:
                    assert len(rows) == len(set(rows)) and set(rows) == set(expected), iri
        assert over  # the sample's most mentioned places


def test_serve_direct_sentences_are_the_rows_of_entity_sources(store_path) -> None:
    with open_store_for_reading(store_path) as s:
        sentences = [r[0] for r in s.query(
            "SELECT DISTINCT ?x WHERE { ?e <https://w3id.org/reportgraph/ontology#mentionedIn> ?x }"
            " ORDER BY ?x").rows]
        assert len(sentences) > 50
        match = direct.reader(s)
        for at in range(0, len(sentences), 40):
            chunk = sentences[at:at + 40]
            rows = direct.source_rows(match, chunk)
            expected = _rows(s, bound(text("entity-sources"), [{"sentence": x} for x in chunk]))
            assert sorted(rows, key=repr) == sorted(expected, key=repr)


def test_serve_direct_sections_and_forms_are_the_rows_of_their_queries(store_path,
                                                                       subjects) -> None:
    with open_store_for_reading(store_path) as s:
        match = direct.reader(s)
        for iri in subjects:
            kind_predicates = [p for kind in entity_view.SECTIONS
                               for p in entity_view.in_predicates(kind)]
            limit = data.SECTION_PAGE * len(kind_predicates) + 1
            rows = direct.incoming_rows(match, iri, kind_predicates, limit)
            expected = _rows(s, paged(bound(text("entity-in-rows"), [
                {"s": iri, "p": URIRef(p)} for p in kind_predicates]), limit))
            if rows is None:
                assert len(expected) == limit, iri
            else:
                assert rows == expected, iri  # in the store's order too (ties among labels)
        some = subjects[:300]
        forms = direct.surface_rows(match, some)
        expected = _rows(s, bound(text("entity-surfaces"), [{"s": i} for i in some]))
        assert sorted(forms) == sorted((i, str(f)) for i, f in expected)


def test_serve_direct_pages_are_those_of_the_queries(store_path, subjects, monkeypatch) -> None:
    """Every entity's page data, and the later pages of the hubs, with and without lookups."""
    with open_store_for_reading(store_path) as s:
        looked_up = {}
        for iri in subjects:
            looked_up[iri] = data.entity(s, iri, {}, sections=entity_view.in_predicates)
        hubs = [i for i, e in looked_up.items() if e is not None and e.mention_list is not None
                and e.mention_list.paged]
        assert hubs
        later = {(i, n): data.entity(s, i, {}, pages={"facts": n, "mentions": n},
                                     sections=entity_view.in_predicates)
                 for i in hubs for n in (1, 2)}
        monkeypatch.setattr(direct, "reader", lambda store: None)
        for iri in subjects:
            assert data.entity(s, iri, {}, sections=entity_view.in_predicates) == looked_up[iri], iri
        for (iri, n), e in later.items():
            assert data.entity(s, iri, {}, pages={"facts": n, "mentions": n},
                               sections=entity_view.in_predicates) == e, (iri, n)


def test_serve_direct_descriptions_are_those_of_the_queries(store_path, subjects,
                                                            monkeypatch) -> None:
    """An IRI's description (serve/linked.py): the same triples in the same order (the order
    of the N-Triples and Turtle written), hubs' bounded parts too."""
    with open_store_for_reading(store_path) as s:
        looked_up = {iri: linked.describe(s, str(iri)) for iri in subjects}
        monkeypatch.setattr(linked, "MENTIONS", 5)  # every bound reached by the sample's hubs
        monkeypatch.setattr(linked, "INBOUND", 5)
        monkeypatch.setattr(linked, "FACTS", 5)
        bounded = {iri: linked.describe(s, str(iri)) for iri in subjects}
        monkeypatch.setattr(direct, "reader", lambda store: None)
        for iri in subjects:
            assert linked.describe(s, str(iri)) == bounded[iri], iri
        monkeypatch.setattr(linked, "MENTIONS", 100)
        monkeypatch.setattr(linked, "INBOUND", 500)
        monkeypatch.setattr(linked, "FACTS", 500)
        for iri in subjects:
            assert linked.describe(s, str(iri)) == looked_up[iri], iri
    assert sum(map(len, looked_up.values())) > 10_000


def test_serve_direct_only_on_a_store_that_offers_lookups() -> None:
    class Endpoint:  # a SPARQL endpoint: queries only
        def query(self, *args, **kwargs):  # pragma: no cover - not called
            raise AssertionError

    class OldStore:  # the default graph does not hold the union
        def pattern_reader(self):
            return None

    assert direct.reader(Endpoint()) is None  # type: ignore[arg-type]
    assert direct.reader(OldStore()) is None  # type: ignore[arg-type]


def test_serve_direct_sections_of_a_hub_are_the_rows_of_entity_in(store_path, subjects) -> None:
    """The entities pointing to an entity by the sections' properties, bound by property and by
    entity (the rows of a hub's page of a long section), as entity-in.rq gives them."""
    predicates = [URIRef(p) for kind in entity_view.SECTIONS for p in entity_view.in_predicates(kind)]
    compared = 0
    with open_store_for_reading(store_path) as s:
        match = direct.reader(s)
        for iri in subjects[::3]:
            by_property = [{"s": iri, "p": p} for p in predicates]
            pointing = [r[0] for r in s.query(bound(
                "SELECT DISTINCT ?x WHERE { ?x ?p ?s } ORDER BY ?x LIMIT 6", {"s": iri})).rows]
            by_entity = [{"s": iri, "p": p, "x": x} for p in predicates for x in pointing]
            for rows in (by_property, by_entity, by_property[:2] + by_entity):
                expected = [tuple(r) for q in data._by_shape(text("entity-in"), rows)
                            for r in s.query(q).rows]
                assert direct.in_rows(match, rows) == expected, iri
                compared += bool(expected)
    assert compared > 50


def test_serve_direct_long_sections_are_those_of_the_queries(store_path, subjects,
                                                             monkeypatch) -> None:
    """With sections of 3 entities a page, every entity's page and the second page of each of
    its sections, with and without lookups."""
    monkeypatch.setattr(data, "SECTION_PAGE", 3)
    asked = {p: 2 for kind in entity_view.SECTIONS for p in entity_view.in_predicates(kind)}
    with open_store_for_reading(store_path) as s:
        some = subjects[::2]
        looked_up = {(iri, n): data.entity(s, iri, {}, pages=asked if n == 2 else None,
                                           sections=entity_view.in_predicates)
                     for iri in some for n in (1, 2)}
        assert sum(1 for e in looked_up.values() if e is not None and any(
            n > 3 for n in e.in_counts.values())) >= 10
        monkeypatch.setattr(direct, "reader", lambda store: None)
        for (iri, n), e in looked_up.items():
            assert data.entity(s, iri, {}, pages=asked if n == 2 else None,
                               sections=entity_view.in_predicates) == e, (iri, n)
