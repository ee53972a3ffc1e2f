"""What the linked-data paths answer, read from the graph: an IRI's bounded description with the
provenance of its facts, the SPARQL service description, and the DCAT-AP catalogue of the live
data (publish/catalog.py) with the endpoint as its dcat:DataService.

An IRI's description: every triple it is the subject of (and of the `#...` nodes under it, such
as a sentence's text selector); for each of its facts the rg:Assertion that records it and the
sentence it was derived from (prov:wasDerivedFrom: the sentence's text, report, selector, page);
the sentences that mention it; and up to `INBOUND` triples that point to it. Each part has a
documented bound (`OWN` own triples, `FACTS` statements, `MENTIONS` mentioning sentences,
`MAX_TRIPLES` triples of those, `INBOUND`), read in the store's order: the description of a hub
(a country, a ministry, a fund) is a bounded sample of it, not every triple that mentions it;
the analysts' page of the IRI pages through all of it. Queries are files
(queries/serve/describe-*.rq); the IRI is bound as an RDF term in a VALUES block
(graph.sparql), never formatted in.
"""

from datetime import date

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCAT, RDF
from rdflib.term import Node

from reportgraph.graph.results import GraphResult, SelectResult
from reportgraph.graph.store import Store
from reportgraph.ontology.iri import mint
from reportgraph.ontology.namespaces import PREFIXES
from reportgraph.publish import catalog as cat
from reportgraph.publish.facts import Agent, facts
from reportgraph.publish.spatial import coverage
from reportgraph.serve import direct
from reportgraph.serve import queries as page_queries

Triple = tuple[Node, Node, Node]
#: triples pointing to an IRI that its description includes at most
INBOUND = 500
#: its own triples (it is the subject of; its mentions apart) included at most
OWN = 2_000
#: reified facts about it (rdf:subject) included at most, with their sentences
FACTS = 500
#: sentences that mention it included at most (rg:mentionedIn), with their text and selector
MENTIONS = 100
#: triples of those nodes (statements, sentences, selectors, `#` nodes) included at most
MAX_TRIPLES = 5_000

RG_MENTIONED_IN = URIRef("https://w3id.org/reportgraph/ontology#mentionedIn")
OA_HAS_SELECTOR = URIRef("http://www.w3.org/ns/oa#hasSelector")


#: the index lookups (serve/direct.py) that give the rows of each query (None: run the query)
LOOKUPS = {"describe-own": direct.own_values, "describe-mentions": direct.mentioning,
           "describe-facts": direct.statements, "describe-incoming": direct.pointing}


def _rows(store: Store, name: str, bindings: dict[str, Node] | list[dict[str, Node]],
          limit: int) -> list[tuple[Node, ...]]:
    match = direct.reader(store)
    if match is not None and isinstance(bindings, dict) and name in LOOKUPS:
        found = LOOKUPS[name](match, bindings["entity"], limit)  # type: ignore[arg-type]
        if found is not None:
            return found
    query = page_queries.paged(page_queries.bound(page_queries.text(name), bindings), limit)
    result = store.query(query)
    assert isinstance(result, SelectResult)
    return list(result.rows)


def _triples_of(store: Store, nodes: list[Node], limit: int) -> list[Triple]:
    if not nodes or limit <= 0:
        return []
    match = direct.reader(store)
    found = direct.triples_of(match, nodes, limit) if match is not None else None
    if found is None:
        found = _rows(store, "describe-nodes", [{"s": n} for n in nodes], limit)
    return [(s, p, o) for s, p, o in found if None not in (s, p, o)]  # type: ignore[misc]


def describe(store: Store, iri: str, timeout: float | None = None) -> list[Triple]:
    """The bounded description of `iri` (see the module text); empty when the graph does not
    know it. Every query starts from the IRI, bound in a VALUES block (graph.sparql.values_block:
    an escaped RDF term), or from the nodes found so far; each has its LIMIT, so that a hub (a
    country mentioned in thousands of sentences) costs what the limits allow. `timeout` is
    unused (every query is bounded)."""
    node = URIRef(iri)
    entity = {"entity": node}
    own = [(node, p, o) for p, o in _rows(store, "describe-own", entity, OWN) if o is not None]
    mentions = [s for (s,) in _rows(store, "describe-mentions", entity, MENTIONS + 1)
                if s is not None]
    facts = _rows(store, "describe-facts", entity, FACTS + 1)
    own += [(node, RG_MENTIONED_IN, s) for s in mentions[:MENTIONS]]
    under = [o for _s, _p, o in own if isinstance(o, URIRef) and str(o).startswith(iri + "#")]
    assertions = [a for a, typed, _ in facts[:FACTS] if a is not None and str(typed) == "true"]
    sentences = [x for _a, _t, x in facts[:FACTS] if x is not None] + mentions[:MENTIONS]
    nodes = list(dict.fromkeys([*under, *assertions, *sentences]))
    triples = own + _triples_of(store, nodes, MAX_TRIPLES)
    read = set(sentences)
    selectors = list(dict.fromkeys(o for s, p, o in triples
                                   if p == OA_HAS_SELECTOR and s in read and o not in nodes))
    triples += _triples_of(store, selectors, MAX_TRIPLES + OWN - len(triples))
    triples += [(s, p, node) for s, p in _rows(store, "describe-incoming", entity, INBOUND)
                if s is not None and p is not None]
    return list(dict.fromkeys(triples))


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
def catalog(store: Store, base: str, endpoint_url: str, home_url: str) -> Graph:
    """The DCAT-AP catalogue of the data the server shows: the dataset (its reports, years,
    places and publisher from the graph) with the SPARQL endpoint as its data service."""
    answer = store.query(page_queries.text("catalog-facts"))
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

