"""/sparql against the W3C SPARQL 1.1 Protocol test cases that apply to a read-only endpoint
(w3c/rdf-tests sparql11/protocol manifest; the update cases become refusals), on a store built
from the sample report. Each test is named after its W3C case; answers are parsed with rdflib's
own result and RDF parsers, and compared with what the store answers directly."""

import csv
import io
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.query import Result

from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.ontology.namespaces import PREFIXES, RG
from reportgraph.serve.access import Access
from reportgraph.serve.machine import MAX_BODY, router

OTHER = URIRef("https://w3id.org/reportgraph/id/graph/protocol-test-other")
ONLY_OTHER = URIRef("https://w3id.org/reportgraph/id/thing/only-in-other")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
SELECT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, sample_extracted):
    path = tmp_path_factory.mktemp("serve-sparql") / "store"
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
        st.replace_graph(OTHER, [(ONLY_OTHER, RDFS.label, Literal("only in the other graph")),
                                 (ONLY_OTHER, RDF.type, RG.Project)])
    return path


@pytest.fixture(scope="module")
def report_graph(sample_extracted) -> URIRef:
    return URIRef(sample_extracted.graph_name)


@pytest.fixture(scope="module")
def direct(store_path):
    st = open_store_for_reading(store_path)
    yield st
    st.close()


STANDARD = {p: str(ns) for p, ns in PREFIXES.items()}


def answer(store, query: str):
    """What the store itself answers (with the prefixes the endpoint predeclares)."""
    return store.query(query, prefixes=STANDARD)


def make_app(store_path, **state) -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    app.state.access = Access(store_path)
    for k, v in state.items():
        setattr(app.state, k, v)
    return app


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(make_app(store_path)) as c:
        yield c


def boolean(response) -> bool:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return json.loads(response.text)["boolean"]


def triple_count(direct) -> int:
    return int(answer(direct, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])


# ------------------------------------------------------------------------------ positive cases

def test_w3c_query_get(client):
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert boolean(r) is True
    assert r.headers["access-control-allow-origin"] == "*"


def test_w3c_query_post_form(client):
    r = client.post("/sparql", data={"query": "ASK {}"})
    assert boolean(r) is True
    assert "access-control-allow-origin" not in r.headers  # CORS is for GET


def test_w3c_query_post_direct(client):
    r = client.post("/sparql", content=b"ASK { ?s a rg:Project }",
                    headers={"Content-Type": DIRECT + "; charset=utf-8"})
    assert boolean(r) is True


def test_w3c_query_dataset_default_graphs_get(client, report_graph):
    ask = f"ASK {{ <{ONLY_OTHER}> ?p ?o . ?x a rg:Report }}"
    both = client.get("/sparql", params=[("query", ask), ("default-graph-uri", str(report_graph)),
                                          ("default-graph-uri", str(OTHER))])
    assert boolean(both) is True
    one = client.get("/sparql", params=[("query", ask), ("default-graph-uri", str(report_graph))])
    assert boolean(one) is False


def test_w3c_query_dataset_default_graphs_post(client, report_graph):
    ask = f"ASK {{ <{ONLY_OTHER}> ?p ?o . ?x a rg:Report }}"
    url = f"/sparql?default-graph-uri={report_graph}&default-graph-uri={OTHER}"
    r = client.post(url, content=ask, headers={"Content-Type": DIRECT})
    assert boolean(r) is True
    form = client.post("/sparql", data={"query": ask, "default-graph-uri": str(OTHER)})
    assert boolean(form) is False


def test_w3c_query_dataset_named_graphs_get(client, report_graph):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", params=[("query", q), ("named-graph-uri", str(OTHER))])
    assert r.status_code == 200
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [str(OTHER)]


def test_w3c_query_dataset_named_graphs_post(client, report_graph):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    r = client.post(f"/sparql?named-graph-uri={report_graph}&named-graph-uri={OTHER}", content=q,
                    headers={"Content-Type": DIRECT})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == sorted(
        [str(report_graph), str(OTHER)])


def test_w3c_query_dataset_full(client, report_graph):
    q = ("SELECT DISTINCT ?g ?x WHERE { ?x a rg:Project . GRAPH ?g { ?s ?p ?o } } "
         "ORDER BY ?x")
    r = client.post("/sparql", data={"query": q, "default-graph-uri": str(OTHER),
                                     "named-graph-uri": str(report_graph)})
    rows = r.json()["results"]["bindings"]
    assert {(b["g"]["value"], b["x"]["value"]) for b in rows} == {(str(report_graph), str(ONLY_OTHER))}


def test_w3c_query_multiple_dataset(client, report_graph):
    # the dataset given by the protocol takes precedence over the query's FROM
    q = f"ASK FROM <{report_graph}> {{ <{ONLY_OTHER}> ?p ?o }}"
    r = client.post(f"/sparql?default-graph-uri={OTHER}", content=q, headers={"Content-Type": DIRECT})
    assert boolean(r) is True
    assert boolean(client.post("/sparql", content=q, headers={"Content-Type": DIRECT})) is False


@pytest.mark.parametrize("media", list(SELECT_TYPES))
def test_w3c_query_content_type_select(client, direct, media):
    q = ("SELECT ?p ?label WHERE { ?p a rg:Project ; rdfs:label ?label } ORDER BY ?p ?label")
    r = client.post("/sparql", content=q, headers={"Content-Type": DIRECT, "Accept": media})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    if SELECT_TYPES[media] == "csv":  # CSV keeps only the lexical forms
        got = [tuple(row) for row in csv.reader(io.StringIO(r.text))][1:]
        expected = [tuple(str(t) for t in row) for row in answer(direct, q).rows]
    else:
        parsed = Result.parse(io.BytesIO(r.content), format=SELECT_TYPES[media])
        got = [tuple(row) for row in parsed]
        expected = [tuple(row) for row in answer(direct, q).rows]
    assert got == expected and len(got) > 10


@pytest.mark.parametrize("media", ["application/sparql-results+json",
                                   "application/sparql-results+xml"])
def test_w3c_query_content_type_ask(client, media):
    r = client.post("/sparql", content="ASK { ?s a rg:Report }",
                    headers={"Content-Type": DIRECT, "Accept": media})
    assert r.headers["content-type"].split(";")[0] == media
    assert Result.parse(io.BytesIO(r.content), format=media.rsplit("+", 1)[1]).askAnswer is True


def test_w3c_query_content_type_ask_refuses_csv(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text


@pytest.mark.parametrize("media", list(GRAPH_TYPES))
def test_w3c_query_content_type_describe(client, direct, media):
    project = answer(direct, "SELECT ?p WHERE { ?p a rg:Project } ORDER BY ?p LIMIT 1").rows[0][0]
    r = client.post("/sparql", content=f"DESCRIBE <{project}>",
                    headers={"Content-Type": DIRECT, "Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    g = Graph().parse(data=r.text, format=GRAPH_TYPES[media])
    assert (project, RDF.type, RG.Project) in g
    assert set(g) == set(answer(direct, f"DESCRIBE <{project}>").graph)


@pytest.mark.parametrize("media", list(GRAPH_TYPES))
def test_w3c_query_content_type_construct(client, media):
    q = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": media})
    assert r.headers["content-type"].split(";")[0] == media
    g = Graph().parse(data=r.text, format=GRAPH_TYPES[media])
    assert set(g) == {(URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(1))}


def test_sparql_construct_default_is_turtle(client):
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a rg:Report }"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=r.text, format="turtle")) >= 1


# ------------------------------------------------------------------------------ negative cases

def test_w3c_bad_query_method(client):
    r = client.put("/sparql?query=ASK%20%7B%7D")
    assert r.status_code == 405


def test_w3c_bad_multiple_queries(client):
    r = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert r.status_code == 400 and "more than one query" in r.text


def test_w3c_bad_query_wrong_media_type(client):
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_w3c_bad_query_missing_form_type(client):
    r = client.post("/sparql", content="query=ASK%20%7B%7D")
    assert 400 <= r.status_code < 500 and "Content-Type" in r.text


def test_w3c_bad_query_missing_direct_type(client):
    r = client.post("/sparql", content="ASK {}")
    assert 400 <= r.status_code < 500


def test_w3c_bad_query_non_utf8(client):
    r = client.post("/sparql", content="ASK {}".encode("utf-16"),
                    headers={"Content-Type": DIRECT + "; charset=UTF-16"})
    assert 400 <= r.status_code < 500 and "UTF-8" in r.text
    r = client.post("/sparql", content="ASK {}".encode("utf-16"), headers={"Content-Type": DIRECT})
    assert r.status_code == 400 and "UTF-8" in r.text


def test_w3c_bad_query_syntax(client):
    r = client.get("/sparql?query=ASK%20%7B")
    assert r.status_code == 400
    assert r.text.startswith("malformed SPARQL: error at 1:") and "Traceback" not in r.text


def test_w3c_bad_update_get(client, direct):
    before = triple_count(direct)
    r = client.get("/sparql?update=CLEAR%20ALL")
    assert r.status_code == 400 and "read-only" in r.text
    assert triple_count(direct) == before


def test_w3c_bad_multiple_updates(client):
    r = client.post("/sparql", content="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                    headers={"Content-Type": FORM})
    assert r.status_code == 400


def test_w3c_bad_update_wrong_media_type(client):
    r = client.post("/sparql", content="CLEAR NAMED", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_w3c_bad_update_missing_form_type(client):
    r = client.post("/sparql", content="update=CLEAR%20NAMED")
    assert 400 <= r.status_code < 500


def test_w3c_bad_update_syntax(client):
    r = client.post("/sparql", data={"update": "CLEAR XYZ"})
    assert r.status_code == 400


@pytest.mark.parametrize("how", ["update_post_form", "update_post_direct", "query_param",
                                 "insert_as_query"])
def test_w3c_update_post_is_refused_read_only(client, direct, how):
    before = triple_count(direct)
    if how == "update_post_form":
        r = client.post("/sparql", data={"update": "CLEAR ALL"})
    elif how == "update_post_direct":
        r = client.post("/sparql", content="CLEAR ALL",
                        headers={"Content-Type": "application/sparql-update"})
    elif how == "query_param":
        r = client.get("/sparql", params={"query": "DROP ALL"})
    else:
        r = client.post("/sparql", content="INSERT DATA { <http://e/s> <http://e/p> 1 }",
                        headers={"Content-Type": DIRECT})
    assert r.status_code == 400 and "read-only" in r.text
    assert triple_count(direct) == before


# --------------------------------------------------------------------- the endpoint's own rules

def test_sparql_service_description(client, direct):
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = g.value(None, RDF.type, URIRef(sd + "Service"), any=False)
    assert g.value(service, URIRef(sd + "endpoint")) == URIRef("http://testserver/sparql")
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    names = set(g.objects(None, URIRef(sd + "name")))
    assert names == set(direct.graphs())


def test_sparql_service_clause_refused(client):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 400 and "SERVICE is not allowed" in r.text


def test_sparql_service_inside_a_string_is_not_refused(client):
    r = client.get("/sparql", params={"query": 'ASK { FILTER("SERVICE <x> {}" != "") }'})
    assert boolean(r) is True


def test_sparql_body_is_bounded(client):
    big = "ASK {} #" + "x" * MAX_BODY
    r = client.post("/sparql", content=big, headers={"Content-Type": DIRECT})
    assert r.status_code == 413


def test_sparql_cors_preflight(client):
    r = client.options("/sparql", headers={"Origin": "https://example.org",
                                           "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]


def test_sparql_row_limit(store_path, direct):
    with TestClient(make_app(store_path, sparql_max_rows=7)) as c:
        r = c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a rg:Sentence } ORDER BY ?s"})
        rows = r.json()["results"]["bindings"]
        assert len(rows) == 7 and r.headers["x-sparql-maxrows"] == "7"
        everything = answer(direct, "SELECT ?s WHERE { ?s a rg:Sentence } ORDER BY ?s").rows
        assert [b["s"]["value"] for b in rows] == [str(row[0]) for row in everything[:7]]
        small = c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a rg:Sentence } LIMIT 3"})
        assert len(small.json()["results"]["bindings"]) == 3
        assert "x-sparql-maxrows" not in small.headers
        g = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a rg:Sentence }"})
        assert len(Graph().parse(data=g.text, format="turtle")) == 7


def test_sparql_time_limit(store_path):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?p ?o }"
    with TestClient(make_app(store_path, sparql_timeout=0.02)) as c:
        r = c.get("/sparql", params={"query": slow})
        assert r.status_code == 503 and r.text.startswith("query timed out after 0.02 s")


def test_sparql_unknown_prefix_is_one_line(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:x ?o }"})
    assert r.status_code == 400 and "undeclared prefix 'nope:'" in r.text


def test_sparql_standard_prefixes_predeclared(client, direct):
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a rg:Report }"})
    n = r.json()["results"]["bindings"][0]["n"]["value"]
    assert int(n) == len(list(answer(direct, 
        "SELECT ?s WHERE { ?s a <https://w3id.org/reportgraph/ontology#Report> }").rows))


def test_sparql_browser_goes_to_the_sparql_page(store_path):
    with TestClient(make_app(store_path, sparql_page="/sparql-page")) as c:
        browser = c.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
        assert browser.status_code == 303 and browser.headers["location"] == "/sparql-page"
        machine = c.get("/sparql", headers={"Accept": "*/*"})
        assert machine.status_code == 200 and machine.headers["content-type"].startswith("text/turtle")
