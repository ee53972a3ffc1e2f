"""Dereferenceable IRIs (/id/..., /fund/...), /ontology and /catalog on a store built from the
sample report: content negotiation, the description with the provenance of each fact (the
sentences the named query `why` finds), 404s, escaping, and a catalogue that passes the
DCAT-AP shapes."""

import json

import pytest
from dcat_shacl import shapes, validate
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, PROV, RDF, RDFS

from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.ontology.namespaces import FUND, RG
from reportgraph.queries import run_query
from reportgraph.serve.access import Access
from reportgraph.serve.machine import router

BASE = "https://w3id.org/reportgraph/id/"
HOSTILE = URIRef(BASE + "project/hostile")
HOSTILE_LABEL = '<script>alert(1)</script><a href="javascript:alert(2)">x</a>'
FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
           "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, sample_extracted):
    path = tmp_path_factory.mktemp("serve-linked") / "store"
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
        st.replace_graph(URIRef(BASE + "graph/hostile"), [
            (HOSTILE, RDF.type, RG.Project), (HOSTILE, RDFS.label, Literal(HOSTILE_LABEL))])
    return path


@pytest.fixture(scope="module")
def direct(store_path):
    st = open_store_for_reading(store_path)
    yield st
    st.close()


def make_app(store_path, entity_page: bool = False) -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    app.state.access = Access(store_path)
    if entity_page:
        @app.get("/entity")
        def entity(iri: str) -> dict:
            return {"iri": iri}
    return app


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(make_app(store_path)) as c:
        yield c


@pytest.fixture(scope="module")
def project(direct) -> URIRef:
    """A project with facts read from sentences (it has rg:Assertion records)."""
    q = """SELECT ?p (COUNT(?a) AS ?n) WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> .
      ?a <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?p } GROUP BY ?p ORDER BY DESC(?n) ?p
      LIMIT 1"""
    return direct.query(q).rows[0][0]


def path_of(iri: URIRef) -> str:
    return "/id/" + str(iri)[len(BASE):]


def test_linked_iri_turtle_by_default(client, direct, project):
    r = client.get(path_of(project))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"] == "Accept" and r.headers["access-control-allow-origin"] == "*"
    g = Graph().parse(data=r.text, format="turtle")
    own = {(project, p, o) for _, p, o in direct.query(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"s": project}).rows}
    assert own and own <= set(g)


def test_linked_iri_description_has_the_provenance_of_its_facts(client, direct, project):
    g = Graph().parse(data=client.get(path_of(project)).text, format="turtle")
    assertions = set(g.subjects(RDF.subject, project))
    assert assertions and all((a, RDF.type, RG.Assertion) in g for a in assertions)
    for a in assertions:  # each recorded fact is a triple of the description
        assert (project, g.value(a, RDF.predicate), g.value(a, RDF.object)) in g
    why = run_query(direct, "why", {"entity": str(project)})
    texts = {str(row["text"]) for row in why.dicts() if "text" in row}
    described = {str(o) for s in g.objects(None, PROV.wasDerivedFrom) for o in g.objects(s, RDF.value)}
    described |= {str(o) for s in g.objects(project, RG.mentionedIn) for o in g.objects(s, RDF.value)}
    assert texts and texts == described


@pytest.mark.parametrize("media", list(FORMATS)[1:])
def test_linked_iri_formats_say_the_same(client, project, media):
    turtle = Graph().parse(data=client.get(path_of(project)).text, format="turtle")
    r = client.get(path_of(project), headers={"Accept": media})
    assert r.headers["content-type"].split(";")[0] == media
    assert isomorphic(Graph().parse(data=r.text, format=FORMATS[media]), turtle)


def test_linked_iri_jsonld_uses_the_published_context(client, project):
    from reportgraph.publish.jsonld import context

    doc = json.loads(client.get(path_of(project), headers={"Accept": "application/ld+json"}).text)
    assert doc["@context"] == context()


def test_linked_iri_accept_q_values(client, project):
    r = client.get(path_of(project),
                   headers={"Accept": "text/turtle;q=0.5, application/n-triples;q=0.9"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert client.get(path_of(project), headers={"Accept": "image/png"}).status_code == 406


def test_linked_unknown_iri_is_404(client):
    r = client.get("/id/project/no-such-project-anywhere")
    assert r.status_code == 404 and "no-such-project-anywhere" in r.text


def test_linked_html_goes_to_the_entity_page(store_path, project):
    with TestClient(make_app(store_path, entity_page=True)) as c:
        r = c.get(path_of(project), headers={"Accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 303
        assert c.get(r.headers["location"]).json() == {"iri": str(project)}


def test_linked_html_without_an_entity_page_is_escaped(client):
    r = client.get(path_of(HOSTILE), headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script>" not in r.text and "&lt;script&gt;" in r.text
    assert 'href="javascript' not in r.text


def test_linked_fund_concept(client):
    r = client.get("/fund/ESF")
    g = Graph().parse(data=r.text, format="turtle")
    assert (FUND.ESF, RDF.type, RG.FundingSource) in g


def test_linked_ontology_html_and_turtle(client):
    html = client.get("/ontology", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<h1>" in html.text
    ttl = client.get("/ontology")
    g = Graph().parse(data=ttl.text, format="turtle")
    assert (URIRef(str(RG).rstrip("#")), RDF.type, OWL.Ontology) in g
    assert (RG.Project, RDF.type, OWL.Class) in g


@pytest.fixture(scope="module")
def catalog(client) -> Graph:
    r = client.get("/catalog")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=r.text, format="turtle")


def test_linked_catalog_serves_the_endpoint(catalog, client):
    services = list(catalog.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    assert catalog.value(services[0], DCAT.endpointURL) == URIRef("http://testserver/sparql")
    cat = catalog.value(None, RDF.type, DCAT.Catalog)
    assert (cat, DCAT.service, services[0]) in catalog
    jsonld = client.get("/catalog", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), catalog)


def test_linked_catalog_passes_the_dcat_ap_shapes(catalog):
    assert validate(catalog, shapes("shapes.ttl", "range.ttl", fix_bytesize=True)) == []


def test_linked_html_is_the_analysts_entity_page(store_path, direct, project):
    from reportgraph.serve.app import create_app

    label = str(direct.query("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
                             {"s": project}).rows[0][1])
    with TestClient(create_app(store_path)) as c:
        r = c.get(path_of(project), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert r.headers["vary"] == "Accept, Cookie"  # the page is in the cookie's language
        assert html_escape(label) in r.text
        hostile = c.get(path_of(HOSTILE), headers={"Accept": "text/html"})
        assert "<script>alert" not in hostile.text and 'href="javascript' not in hostile.text
        assert c.get(path_of(project)).headers["content-type"].startswith("text/turtle")
        browser = c.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
        assert browser.status_code == 303 and browser.headers["location"] == "/query/sparql"


def html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def test_linked_head_and_bad_iris(client, project):
    head = client.head(path_of(project))
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle")
    assert head.content == b""
    r = client.get("/id/x%20y")
    assert r.status_code == 404 and "not an IRI" in r.text


def test_linked_public_url_behind_a_proxy(store_path, project):
    app = make_app(store_path)
    app.state.public_url = "https://kg.example.lv/"
    with TestClient(app) as c:
        g = Graph().parse(data=c.get("/catalog").text, format="turtle")
        assert set(g.objects(None, DCAT.endpointURL)) == {URIRef("https://kg.example.lv/sparql")}
        sd = Graph().parse(data=c.get("/sparql").text, format="turtle")
        endpoint = URIRef("http://www.w3.org/ns/sparql-service-description#endpoint")
        assert set(sd.objects(None, endpoint)) == {URIRef("https://kg.example.lv/sparql")}
        link = c.get(path_of(project)).headers["link"]
        assert link.startswith(f"<https://kg.example.lv{path_of(project)}>")
