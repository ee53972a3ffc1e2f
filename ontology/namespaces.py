"""Namespaces used across reportgraph."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD


class _Namespace(Namespace):
    """An rdflib Namespace that keeps each term it makes: `RG.Project` is built once, not on every
    use (extraction reads such attributes tens of thousands of times a report)."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


RG = _Namespace("https://w3id.org/reportgraph/ontology#")
FUND = _Namespace("https://w3id.org/reportgraph/fund/")
SCHEMA = _Namespace("https://schema.org/")
ORG = _Namespace("http://www.w3.org/ns/org#")
OA = _Namespace("http://www.w3.org/ns/oa#")
QB = _Namespace("http://purl.org/linked-data/cube#")
TIME = _Namespace("http://www.w3.org/2006/time#")
#: the store's own bookkeeping (data version, listing positions); never part of a report graph
IDX = _Namespace("https://w3id.org/reportgraph/index#")

# rdflib's closed namespaces (RDF, RDFS, SKOS, PROV) look a term up on every attribute access;
# the terms extraction reads for every sentence and fact are taken once, here
RDF_TYPE = RDF.type
RDF_VALUE = RDF.value
RDF_SUBJECT = RDF.subject
RDF_PREDICATE = RDF.predicate
RDF_OBJECT = RDF.object
RDFS_LABEL = RDFS.label
SKOS_ALT_LABEL = SKOS.altLabel
PROV_DERIVED_FROM = PROV.wasDerivedFrom

#: Default base of data IRIs (overridable with --base / REPORTGRAPH_BASE).
DEFAULT_BASE = "https://w3id.org/reportgraph/id/"

PREFIXES: dict[str, Namespace] = {
    "rg": RG,
    "fund": FUND,
    "schema": SCHEMA,
    "org": ORG,
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "dct": DCTERMS,
    "qb": QB,
    "time": TIME,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def sparql_prefixes() -> str:
    """PREFIX declarations for every namespace above (prepended to ad hoc queries)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
