"""The web app's page queries (queries/serve/*.rq): headers, valid SPARQL with their parameters
bound as VALUES, the three-part copy of the named query `why` keeping why.rq's graph patterns,
and the pages of a hub's long lists (facts, mentions, incoming sections) on the sample's store."""

import html
import re
import warnings
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.plugins.sparql import prepareQuery

from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.queries import parse_query, query_files
from reportgraph.serve import data, facts
from reportgraph.serve import queries as page_queries

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from reportgraph.serve.app import create_app

HTML = {"accept": "text/html"}


def _groups(text: str) -> list[str]:
    """The top-level `{...}` groups of a group's inside (strings and IRIs skipped)."""
    out, depth, start, quote = [], 0, 0, ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "<" and re.match(r"<[^\s<>]*>", text[i:]):
            continue
        elif ch == "{":
            depth += 1
            if depth == 1:
                start = i + 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                out.append(text[start:i])
    return out


def _where(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return _groups(body[body.index("WHERE"):])[0]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _optionals(where: str) -> list[str]:
    """The OPTIONAL clauses at the top level of a group, normalised."""
    out, rest = [], where
    while "OPTIONAL" in rest:
        rest = rest[rest.index("OPTIONAL") + len("OPTIONAL"):]
        inner = _groups(rest)[0]
        out.append(_norm(inner))
        rest = rest[rest.index(inner) + len(inner) + 1:]
    return out


def test_serve_page_queries_have_headers_and_parse_with_values_bound() -> None:
    texts = query_files(page_queries.FOLDER)
    assert {"entity-facts", "entity-mentions", "entity-sources", "entity-out", "reports",
            "search-index", "map", "catalog-facts"} <= set(texts)
    example = URIRef("https://w3id.org/reportgraph/id/place/kuldiga")
    for name, text in texts.items():
        q = parse_query(name, text)
        assert q.summary, name
        assert "params" in dict(q.header), name  # `#+ params: [...]`, empty when none
        bound = page_queries.bound(text, {p: example for p in q.params}) if q.params else text
        if dict(q.header).get("paged") == "yes":
            bound = page_queries.paged(bound, 10, 20)
        prepareQuery(bound)  # valid SPARQL 1.1 once bound
        for p in q.params:
            assert re.search(rf"\?{p}\b", _where(text)), (name, p)
    with pytest.raises(ValueError):
        page_queries.paged(texts["entity-facts"], -1)
    # a value is an escaped term of the VALUES block, never query text: an IRI that would end
    # the term is refused, a literal's quotes are escaped
    with pytest.raises(ValueError):
        page_queries.bound(texts["entity-out"], {"s": URIRef("https://x/a> } DROP ALL #")})
    from rdflib import Literal
    bound = page_queries.bound(texts["entity-out"], {"s": Literal('x" } DROP ALL #')})
    assert prepareQuery(bound) and 'x\\" } DROP ALL #' in bound


def test_serve_why_parts_keep_the_patterns_of_why_rq() -> None:
    why = _where(query_files()["why"])
    branches = [_norm(b) for b in _groups(why.split("OPTIONAL { ?entity rdfs:label")[0])]
    assert len(branches) == 3 and "rg:mentionedIn" in branches[2]
    texts = query_files(page_queries.FOLDER)
    parts = [_norm(b) for b in _groups(_where(texts["entity-facts"]))]
    parts += [_norm(b) for b in _groups(_where(texts["entity-mentions"]))]
    assert parts == branches  # the facts' and mentions' branches, word for word
    assert [_norm(b) for b in _groups(_where(texts["entity-why"]))] == branches  # all at once
    # the sentences' details: why's OPTIONALs after the union but the entity's label
    after = why[why.index("OPTIONAL { ?entity rdfs:label"):]
    expected = [o for o in _optionals(after) if "?entity" not in o]
    assert len(expected) == 4
    assert _optionals(_where(texts["entity-sources"])) == expected
    # the counts: the same branches without the patterns that do not change the number of rows
    # (the other end's label; an assertion's one predicate and other end)
    counted = [_norm(b) for b in _groups(_where(texts["entity-fact-counts"]))]
    label = "OPTIONAL { ?other rdfs:label ?ol }"
    ends = r"\?assertion rdf:predicate \?predicate ; rdf:(object|subject) \?other ; "
    assert counted == [re.sub(ends, "?assertion ", _norm(b.replace(label, ""))).replace(
        " BIND(rg:mentionedIn AS ?predicate)", "") for b in branches]


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_extracted) -> Path:
    path = tmp_path_factory.mktemp("pages") / "store"
    with open_store(path) as s:
        s.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
    return path


@pytest.fixture(scope="module")
def hub(store) -> URIRef:
    """The sample's most mentioned entity (more sentences than one page shows)."""
    with open_store_for_reading(store) as s:
        rows = s.query("PREFIX rg: <https://w3id.org/reportgraph/ontology#> SELECT ?e "
                       "(COUNT(*) AS ?n) WHERE { ?e rg:mentionedIn ?x } GROUP BY ?e "
                       "ORDER BY DESC(?n) ?e LIMIT 1").rows
    assert int(rows[0][1]) > facts.MENTIONS_PAGE
    return rows[0][0]


def _sentences(page: str) -> set[str]:
    """The source sentences' anchors a page links to."""
    return set(re.findall(r'href="[^"]*#(s-[^"]+)"', page))


def test_serve_hub_mentions_are_paged_with_counts(store, hub) -> None:
    app = create_app(store)
    with TestClient(app) as client:
        path = "/resource?iri=" + str(hub)
        first = client.get(path, headers=HTML).text
        with open_store_for_reading(store) as s:
            total = facts.counts_of(s, hub)["mention"]
        assert f"1–{facts.MENTIONS_PAGE} of {total}" in html.unescape(
            client.get(path + "&lang=en", headers=HTML).text)
        nxt = re.search(r'id="pager-mentions">.*?<a rel="next" href="([^"]+)"', first)
        assert nxt is not None
        second = client.get(html.unescape(nxt.group(1)), headers=HTML).text
        assert 'rel="prev"' in second
        seen = _sentences(first) | _sentences(second)
        assert _sentences(second) - _sentences(first)  # the next page shows other sentences
        pages = -(-total // facts.MENTIONS_PAGE)
        for n in range(3, pages + 1):
            seen |= _sentences(client.get(f"{path}&mentions={n}", headers=HTML).text)
        with open_store_for_reading(store) as s:
            mentioned = {"s-" + str(r[1]).rsplit("/", 1)[-1] for r in s.query(
                "PREFIX rg: <https://w3id.org/reportgraph/ontology#> SELECT ?e ?x WHERE "
                "{ ?e rg:mentionedIn ?x }", {"e": hub}).rows}
        assert mentioned <= seen  # every mention is on one of the pages
        assert client.get(path + "&mentions=oops", headers=HTML).status_code == 200
    app.state.access.close()


def test_serve_long_sections_are_paged_by_iri(store, monkeypatch) -> None:
    with open_store_for_reading(store) as s:  # the place with most projects
        rows = s.query("PREFIX schema: <https://schema.org/> SELECT ?place (COUNT(DISTINCT ?p) "
                       "AS ?n) WHERE { ?p schema:location ?place } GROUP BY ?place "
                       "ORDER BY DESC(?n) ?place LIMIT 1").rows
        place, n = rows[0][0], int(rows[0][1])
    assert n >= 3
    monkeypatch.setattr(data, "SECTION_PAGE", 2)
    with open_store_for_reading(store) as s:
        shown = []
        for page in range(1, -(-n // 2) + 1):
            e = data.entity(s, place, pages={"https://schema.org/location": page},
                            sections=lambda kind: ["https://schema.org/location"])
            items = e.incoming("https://schema.org/location")
            assert len(items) == min(2, n - len(shown))
            assert e.in_counts == {"https://schema.org/location": n}
            shown += sorted(str(x) for x, _label, _kind in items)
    assert shown == sorted(shown) and len(set(shown)) == n  # pages in IRI order, each once
    app = create_app(store)
    with TestClient(app) as client:
        page = client.get("/resource?iri=" + str(place), headers=HTML).text
        assert 'id="pager-projects">(' + str(n) in page and "projects=2" in page
    app.state.access.close()


def test_serve_hub_description_is_bounded(store, hub, monkeypatch) -> None:
    from rdflib.namespace import RDF

    from reportgraph.serve import linked

    with open_store_for_reading(store) as s:
        whole = set(linked.describe(s, str(hub)))
        mentioned = {o for _s, p, o in whole if p == linked.RG_MENTIONED_IN}
        assert len(mentioned) > facts.MENTIONS_PAGE  # every mention: under the bound
        monkeypatch.setattr(linked, "MENTIONS", 5)
        monkeypatch.setattr(linked, "INBOUND", 3)
        few = set(linked.describe(s, str(hub)))
    assert few < whole
    some = {o for _s, p, o in few if p == linked.RG_MENTIONED_IN}
    assert len(some) == 5 and some <= mentioned
    for sentence in some:  # each with its text, as in the whole description
        assert {t for t in whole if t[0] == sentence} <= few
        assert any(p == RDF.value for x, p, _o in few if x == sentence)
    assert len({t for t in few if t[2] == hub}) <= 3
    own = {t for t in whole if t[0] == hub and t[1] != linked.RG_MENTIONED_IN}
    assert own <= few  # the entity's own values are all there


def test_serve_sparql_page_examples_answer_on_the_sample(store) -> None:
    from reportgraph.ontology.namespaces import PREFIXES

    examples = page_queries.examples()
    assert len(examples) == 3 and all(title and "SELECT" in text for title, text in examples)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    with open_store_for_reading(store) as s:
        for title, text in examples:
            assert not text.startswith("#")
            assert s.query(text, prefixes=prefixes).rows, title
    app = create_app(store)
    with TestClient(app) as client:
        page = html.unescape(client.get("/query/sparql", headers=HTML).text)
        english = html.unescape(client.get("/query/sparql?lang=en", headers=HTML).text)
        for title, _text in examples:  # 'Latvian / English': the page's language
            lv, en = title.split(" / ")
            assert lv in page and en in english and title not in page
    app.state.access.close()
