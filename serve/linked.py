"""What the linked-data paths answer, read from the graph: an IRI's bounded description with the
provenance of its facts, the SPARQL service description, and the DCAT-AP catalogue of the live
data (publish/catalog.py) with the endpoint as its dcat:DataService.

An IRI's description: every triple it is the subject of (and of the `#...` nodes under it, such
as a sentence's text selector); for each of its facts the rg:Assertion that records it and the
sentence it was derived from (prov:wasDerivedFrom: the sentence's text, report, selector, page);
the sentences that mention it; and up to `INBOUND` triples that point to it. Queries are fixed
texts; the IRI is bound as an RDF term in a VALUES block (graph.sparql), never formatted in.
"""

from datetime import date

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCAT, RDF
from rdflib.term import Node

from reportgraph.graph.results import GraphResult, SelectResult
from reportgraph.graph.sparql import values_block
from reportgraph.graph.store import Store
from reportgraph.ontology.iri import mint
from reportgraph.ontology.namespaces import PREFIXES
from reportgraph.publish import catalog as cat
from reportgraph.publish.facts import Agent, facts
from reportgraph.publish.spatial import coverage

Triple = tuple[Node, Node, Node]
#: triples pointing to an IRI that its description includes at most
INBOUND = 500
#: triples a description includes at most (its own and its provenance)
MAX_TRIPLES = 5_000

_P = """PREFIX rg: <https://w3id.org/reportgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
"""

#: the parts of a description, each a query of its own: Oxigraph plans each part from the
#: bound IRI (as one UNION it took ~360 ms instead of ~5 ms on a 1M-triple store); `?entity`
#: is the IRI described
PARTS = (
    "?entity ?p ?o BIND(?entity AS ?s)",
    '?entity ?q ?s FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?entity), "#"))) ?s ?p ?o',
    "?s rdf:subject ?entity . ?s a rg:Assertion . ?s ?p ?o",
    "?a rdf:subject ?entity . ?a prov:wasDerivedFrom ?s . ?s ?p ?o",
    "?entity rg:mentionedIn ?s . ?s ?p ?o",
    "?a rdf:subject ?entity . ?a prov:wasDerivedFrom ?x . ?x oa:hasSelector ?s . ?s ?p ?o",
    "?entity rg:mentionedIn ?x . ?x oa:hasSelector ?s . ?s ?p ?o",
)
DESCRIBE = _P + "SELECT ?s ?p ?o WHERE {{ {values} {part} }} LIMIT " + str(MAX_TRIPLES)
INCOMING = _P + """SELECT ?s ?p WHERE {{ {values}
  ?s ?p ?entity FILTER(?p != rdf:subject && ?p != rdf:object)
}} LIMIT """ + str(INBOUND)  # no ORDER BY: for a hub (a country, a fund) it would sort every link


def _rows(store: Store, query: str, timeout: float | None) -> list[tuple[Node, ...]]:
    result = store.query(query, timeout=timeout)
    assert isinstance(result, SelectResult)
    return [row for row in result.rows if None not in row]  # type: ignore[misc]


def describe(store: Store, iri: str, timeout: float | None = None) -> list[Triple]:
    """The bounded description of `iri` (see the module text); empty when the graph does not
    know it. The IRI is bound with a VALUES block (graph.sparql.values_block: an escaped RDF
    term), written into the query's outer group where the planner starts from it."""
    node = URIRef(iri)
    values = values_block({"entity": node})
    triples: list[Triple] = []
    for part in PARTS:
        triples += _rows(store, DESCRIBE.format(values=values, part=part), timeout)  # type: ignore[arg-type]
        if len(triples) >= MAX_TRIPLES:
            break
    triples += [(s, p, node) for s, p in _rows(store, INCOMING.format(values=values), timeout)]
    return list(dict.fromkeys(triples))[:MAX_TRIPLES + INBOUND]


def prefixes(base: str) -> dict[str, str]:
    """The standard prefixes and `id:` for the base of the data IRIs."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": base}


# -------------------------------------------------------------------------- service description

SD = "http://www.w3.org/ns/sparql-service-description#"
_SD = Namespace(SD)
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def service_description(store: Store, endpoint_url: str, base: str) -> list[Triple]:
    """A SPARQL 1.1 Service Description of the endpoint: the query language, result formats,
    the default graph (the union of the report graphs) and the report graphs by name."""
    sd = _SD.term
    node, endpoint = cat.service_iri(base), URIRef(endpoint_url)
    dataset, default = BNode("dataset"), BNode("default")
    out: list[Triple] = [
        (node, RDF.type, sd("Service")), (node, sd("endpoint"), endpoint),
        (node, sd("supportedLanguage"), sd("SPARQL11Query")),
        (node, sd("feature"), sd("UnionDefaultGraph")),
        (node, sd("defaultEntailmentRegime"), URIRef("http://www.w3.org/ns/entailment/Simple")),
        (node, sd("defaultDataset"), dataset), (dataset, RDF.type, sd("Dataset")),
        (dataset, sd("defaultGraph"), default), (default, RDF.type, sd("Graph")),
        (node, URIRef("http://purl.org/dc/terms/conformsTo"), cat.SPARQL_PROTOCOL),
    ]
    out += [(node, sd("resultFormat"), URIRef(FORMATS + f)) for f in RESULT_FORMATS]
    for i, name in enumerate(store.graphs()):
        g = BNode(f"g{i}")
        out += [(dataset, sd("namedGraph"), g), (g, RDF.type, sd("NamedGraph")),
                (g, sd("name"), name)]
    return out


# ------------------------------------------------------------------------------------ catalogue

#: what publish.facts reads about the reports, their publishers, places, funds and counted things
FACTS = _P + """CONSTRUCT { ?s ?p ?o } WHERE {
  { ?s a rg:Report . VALUES ?p { rdf:type rg:reportYear prov:generatedAtTime dct:publisher dct:title }
    ?s ?p ?o }
  UNION { ?r a rg:Report ; dct:publisher ?s . VALUES ?p { rdf:type rdfs:label } ?s ?p ?o }
  UNION { VALUES ?o { rg:Place rg:Settlement rg:AdministrativeUnit rg:PlanningRegion rg:Country
            rg:Project org:Organization schema:Person schema:Event schema:EducationalOrganization
            schema:Library schema:Museum }
          ?s a ?o BIND(rdf:type AS ?p) }
  UNION { VALUES ?t { rg:Place rg:Settlement rg:AdministrativeUnit rg:PlanningRegion rg:Country }
          ?s a ?t . VALUES ?p { rdfs:label schema:containedInPlace rg:countryCode
            rg:nuts3 } ?s ?p ?o }
  UNION { { SELECT ?o (SAMPLE(?x) AS ?s) WHERE { ?x rg:fundingSource ?o } GROUP BY ?o }
          BIND(rg:fundingSource AS ?p) }
  UNION { ?x rg:fundingSource ?s . VALUES ?p { skos:notation skos:prefLabel } ?s ?p ?o }
}"""


def catalog(store: Store, base: str, endpoint_url: str, home_url: str) -> Graph:
    """The DCAT-AP catalogue of the data the server shows: the dataset (its reports, years,
    places and publisher from the graph) with the SPARQL endpoint as its data service."""
    answer = store.query(FACTS)
    assert isinstance(answer, GraphResult)
    g = answer.graph
    whole = facts(g)
    if len(whole.publishers) == 1:
        publisher = whole.publishers[0]
    else:
        publisher = Agent(mint(base, "agent", "reportgraph"), "reportgraph", None)
    publisher = Agent(publisher.iri, publisher.name, publisher.adms_type or "NationalAuthority")
    issued = min(whole.generated) if whole.generated else date.today()
    settings = cat.Settings(base=base, download_base=home_url, license=URIRef(cat.CC_BY_4_0),
                            publisher=publisher, contact_email=None, issued=issued,
                            modified=max([*whole.generated, issued]), endpoint_url=endpoint_url,
                            checksums=False)
    meta = cat.catalog_graph(settings, whole, [], coverage(g), places=len(whole.places))
    meta.add((cat.catalog_iri(base), DCAT.service, cat.service_iri(base)))
    return meta

