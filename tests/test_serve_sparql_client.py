"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against `reportgraph serve`'s app
under uvicorn on a free loopback port, on a store built from the sample report; their answers
are compared with what the store answers directly."""

import socket
import threading
import time

import pytest
import uvicorn
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.ontology.namespaces import PREFIXES, RG
from reportgraph.serve.app import create_app

STANDARD = {p: str(ns) for p, ns in PREFIXES.items()}
PROJECTS = """PREFIX rg: <https://w3id.org/reportgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?label WHERE { ?p a rg:Project ; rdfs:label ?label } ORDER BY ?p ?label"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, sample_extracted):
    path = tmp_path_factory.mktemp("serve-client") / "store"
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
    return path


@pytest.fixture(scope="module")
def direct(store_path):
    st = open_store_for_reading(store_path)
    yield st
    st.close()


@pytest.fixture(scope="module")
def endpoint(store_path):
    """The app under uvicorn on 127.0.0.1 and a port the system chose; its /sparql URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store_path), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/sparql"
    server.should_exit = True
    thread.join(10)
    sock.close()


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    w = SPARQLWrapper(url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(endpoint, direct, method):
    doc = wrapper(endpoint, PROJECTS, JSON, method).query().convert()
    got = [(URIRef(b["p"]["value"]), b["label"]["value"], b["label"].get("xml:lang"))
           for b in doc["results"]["bindings"]]
    expected = [(p, str(label), label.language) for p, label in direct.query(PROJECTS).rows]
    assert got == expected and len(got) > 10


def test_sparqlwrapper_select_xml_and_csv(endpoint, direct):
    xml = wrapper(endpoint, PROJECTS, XML).query().convert()  # a DOM document
    uris = [n.firstChild.data for n in xml.getElementsByTagName("uri")]
    assert uris == [str(p) for p, _ in direct.query(PROJECTS).rows]
    csv_text = wrapper(endpoint, PROJECTS, CSV).query().convert().decode("utf-8")
    assert csv_text.splitlines()[0] == "p,label"
    assert len(csv_text.strip().splitlines()) == len(uris) + 1


def test_sparqlwrapper_ask_and_construct(endpoint, direct):
    ask = "ASK { ?r a <https://w3id.org/reportgraph/ontology#Report> }"
    assert wrapper(endpoint, ask, JSON).query().convert()["boolean"] is True
    construct = ("CONSTRUCT { ?r a ?t } WHERE { ?r a ?t "
                 "FILTER(?t = <https://w3id.org/reportgraph/ontology#Report>) }")
    data = wrapper(endpoint, construct, TURTLE).query().convert()
    g = Graph().parse(data=data, format="turtle")
    assert set(g) == set(direct.query(construct).graph) and len(g) >= 1


def test_sparqlwrapper_bad_query_is_an_error(endpoint):
    with pytest.raises(QueryBadFormed) as info:
        wrapper(endpoint, "SELECT * WHERE { ?s ?p", JSON).query()
    assert "malformed SPARQL" in str(info.value)


def test_rdflib_sparqlstore(endpoint, direct):
    remote = Graph(store=SPARQLStore(endpoint, returnFormat="xml"))
    projects = set(remote.subjects(RDF.type, RG.Project))
    expected = {row[0] for row in direct.query(
        "SELECT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> }").rows}
    assert projects == expected and projects
    rows = list(remote.query(PROJECTS))
    assert [(r.p, r.label) for r in rows] == [tuple(row) for row in direct.query(PROJECTS).rows]
    remote.close()


def test_client_updates_are_refused(endpoint, direct):
    before = direct.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    w = SPARQLWrapper(endpoint)
    w.setMethod("POST")
    w.setQuery("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }")
    with pytest.raises(QueryBadFormed) as info:
        w.query()
    assert "read-only" in str(info.value)
    assert direct.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before


def test_a_slow_query_does_not_block_other_clients(endpoint, direct):
    import httpx

    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?p ?o "
            'FILTER(REGEX(CONCAT(STR(?a), STR(?b)), "z{3}")) }')  # seconds of work, 0 rows
    done: dict[str, object] = {}

    def run_slow() -> None:
        done["slow"] = httpx.get(endpoint, params={"query": slow}, timeout=60).json()

    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.2)  # the slow query is being evaluated
    project = direct.query("SELECT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> }"
                           " ORDER BY ?p LIMIT 1").rows[0][0]
    page = httpx.get(endpoint.removesuffix("/sparql") + "/id/" + str(project).split("/id/", 1)[1],
                     timeout=60)
    ask = httpx.get(endpoint, params={"query": "ASK {}"}, timeout=60)
    answered_while_slow_ran = worker.is_alive()
    worker.join(60)
    assert page.status_code == 200 and ask.json()["boolean"] is True
    assert answered_while_slow_ran
    assert done["slow"]["results"]["bindings"][0]["n"]["value"] == "0"
