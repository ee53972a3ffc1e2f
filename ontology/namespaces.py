"""Namespaces used across reportgraph."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

RG = Namespace("https://w3id.org/reportgraph/ontology#")
FUND = Namespace("https://w3id.org/reportgraph/fund/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
TIME = Namespace("http://www.w3.org/2006/time#")

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
