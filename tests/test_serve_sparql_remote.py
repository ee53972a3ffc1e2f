"""The machine interface over a remote SPARQL endpoint (`reportgraph serve --endpoint`): an
Oxigraph server holding the sample report answers /sparql and /id/... as the embedded store does."""

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph
from test_remote import start_oxigraph, stop

from reportgraph.graph.remote import open_endpoint
from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.serve.access import Access
from reportgraph.serve.machine import router

BASE = "https://w3id.org/reportgraph/id/"
PROJECTS = "SELECT ?p ?label WHERE { ?p a rg:Project ; rdfs:label ?label } ORDER BY ?p ?label"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, sample_extracted):
    proc, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-serve"), "--union-default-graph")
    try:
        writer = open_endpoint(url, timeout=30, env={})
        writer.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
        writer.close()
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, sample_extracted):
    path = tmp_path_factory.mktemp("serve-remote-embedded") / "store"
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
    return path


def client_for(access: Access) -> TestClient:
    app = FastAPI()
    app.include_router(router)
    app.state.access = access
    return TestClient(app)


def test_remote_sparql_answers_as_embedded(endpoint, embedded):
    with client_for(Access(endpoint=endpoint)) as remote, client_for(Access(embedded)) as local:
        a = remote.get("/sparql", params={"query": PROJECTS})
        b = local.get("/sparql", params={"query": PROJECTS})
        assert a.status_code == 200 and json.loads(a.text) == json.loads(b.text)
        assert len(json.loads(a.text)["results"]["bindings"]) > 10


def test_remote_iri_description_as_embedded(endpoint, embedded):
    with open_store_for_reading(embedded) as st:
        project = st.query("SELECT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> }"
                           " ORDER BY ?p LIMIT 1").rows[0][0]
    path = "/id/" + str(project)[len(BASE):]
    with client_for(Access(endpoint=endpoint)) as remote, client_for(Access(embedded)) as local:
        a = Graph().parse(data=remote.get(path).text, format="turtle")
        b = Graph().parse(data=local.get(path).text, format="turtle")
        assert len(a) > 5 and set(a) == set(b)
        assert remote.get("/id/project/not-there").status_code == 404


def test_remote_updates_never_reach_the_endpoint(endpoint):
    with client_for(Access(endpoint=endpoint)) as remote:
        before = remote.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).text
        r = remote.post("/sparql", content="DROP ALL",
                        headers={"Content-Type": "application/sparql-update"})
        assert r.status_code == 400
        after = remote.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).text
        assert before == after  # the endpoint kept every triple
