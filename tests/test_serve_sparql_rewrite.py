"""The endpoint's query rewriting (serve/sparql_protocol.py): the row limit as LIMIT and the
protocol's dataset as FROM / FROM NAMED, run on a small store to check the rewritten text
parses and means what it should, also where strings, IRIs and comments hold keywords and braces."""

import pytest
from rdflib import Literal, URIRef

from reportgraph.graph.store import open_store
from reportgraph.serve.sparql_protocol import ProtocolError, mask, with_dataset, with_row_limit

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = open_store(tmp_path_factory.mktemp("rewrite") / "store")
    st.replace_graph(G1, [(URIRef(EX + "a"), URIRef(EX + "p"), Literal(i)) for i in range(1, 6)])
    st.replace_graph(G2, [(URIRef(EX + "b"), URIRef(EX + "p"), Literal(10 + i)) for i in range(3)])
    yield st
    st.close()


def rows(store, query: str) -> list:
    return list(store.query(query).rows)


LIMITED = [
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?o { ?s ?p ?o } ORDER BY ?o # a comment with } and LIMIT 1",
    'SELECT ?o WHERE { ?s ?p ?o FILTER(STR(?o) != "} LIMIT 1 {") } ORDER BY ?o',
    "SELECT ?o (EXISTS { ?s ?p 3 } AS ?e) WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?o WHERE { { SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 4 } } ORDER BY ?o",
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 100",
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o OFFSET 1",
    "PREFIX e: <http://example.org/LIMIT#1> SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",
]


@pytest.mark.parametrize("query", LIMITED)
def test_rewrite_row_limit_keeps_the_first_rows(store, query):
    limited = with_row_limit(query, 2)
    assert limited is not None
    assert rows(store, limited) == rows(store, query)[:2]


def test_rewrite_row_limit_keeps_a_smaller_limit(store):
    q = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 1"
    assert with_row_limit(q, 2) == q


@pytest.mark.parametrize("query", [
    "SELECT ?o WHERE { ?s ?p ?o } VALUES ?o { 1 2 3 }",
    "ASK { ?s ?p ?o }",
    "DESCRIBE <http://example.org/a>",
])
def test_rewrite_row_limit_leaves_shapes_it_cannot_limit(query):
    assert with_row_limit(query, 2) is None


def test_rewrite_row_limit_construct(store):
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert len(store.query(with_row_limit(q, 2)).graph) == 2


@pytest.mark.parametrize("query", [
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?o FROM <http://example.org/g2> WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?o FROM NAMED <http://example.org/g2> { ?s ?p ?o } ORDER BY ?o",
    "PREFIX e: <http://example.org/> SELECT ?o FROM e:g2 WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?o WHERE { ?s ?p ?o FILTER(STR(?o) != \"FROM <x>\") } ORDER BY ?o",
])
def test_rewrite_dataset_default_graph(store, query):
    rewritten = with_dataset(query, [str(G2)], [])
    assert [int(r[0]) for r in rows(store, rewritten)] == [10, 11, 12]


def test_rewrite_dataset_named_graphs(store):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert rows(store, with_dataset(q, [], [str(G1)])) == [(G1,)]
    q = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(store.query(with_dataset(q, [], [str(G2)])).graph) == 3
    ask = "ASK WHERE { <http://example.org/b> ?p ?o }"
    assert store.query(with_dataset(ask, [str(G1)], [])).value is False
    assert store.query(with_dataset(ask, [str(G1), str(G2)], [])).value is True


def test_rewrite_dataset_variable_named_from_is_not_a_clause(store):
    q = "SELECT ?from WHERE { ?s ?p ?from } ORDER BY ?from"
    assert [int(r[0]) for r in rows(store, with_dataset(q, [str(G2)], []))] == [10, 11, 12]


def test_rewrite_dataset_without_a_group_is_refused():
    with pytest.raises(ProtocolError) as info:
        with_dataset("SELECT * ", [str(G1)], [])
    assert info.value.status == 400


def test_rewrite_mask_keeps_positions():
    q = 'SELECT ?x WHERE { ?x <http://e/#x> "}" } # }'
    m = mask(q)
    assert len(m) == len(q) and m.count("}") == 1 and m.index("}") == q.index('"}"') + 4
    assert "<" in m and "#" not in m
