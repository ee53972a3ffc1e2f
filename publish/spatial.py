"""Spatial coverage in EU authority terms: Latvia and the NUTS 3 regions the data covers.

dct:spatial of the catalogue takes only authority IRIs (the EU country list, the NUTS
classification); the places of the data (municipalities, towns, planning regions under the
publication base) are tied to those in a link set written beside the data (`nuts_links`):
schema:containedInPlace from each place with an rg:nuts3 code to its NUTS 3 region, the SKOS
correspondence of each planning region (publish/nuts.ttl), skos:exactMatch from our Latvia to
the EU country IRI.
"""

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from reportgraph.ontology.namespaces import RG, SCHEMA
from reportgraph.publish.facts import places_in_latvia
from reportgraph.publish.resources import nuts

Triple = tuple[Node, Node, Node]
NUTS = Namespace("http://data.europa.eu/nuts/code/")
LATVIA = URIRef("http://publications.europa.eu/resource/authority/country/LVA")
_PLACE = "urn:reportgraph:place:"
_MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch, SKOS.broadMatch)


def _slug(iri: URIRef) -> str:
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _known(code: str) -> URIRef | None:
    node = NUTS[code.strip().upper()]
    return node if (node, RDF.type, SKOS.Concept) in nuts() else None


def _region_matches(region: URIRef) -> list[tuple[URIRef, URIRef]]:
    """(SKOS mapping property, NUTS region) of one planning region (by its IRI's last segment)."""
    key = URIRef(_PLACE + _slug(region))
    return sorted((p, o) for p in _MATCHES for o in nuts().objects(key, p) if isinstance(o, URIRef))


def nuts_links(g: Graph) -> list[Triple]:
    """The link set from the places of the data to the EU authority IRIs (sorted)."""
    out: set[Triple] = set()
    for place, _ in places_in_latvia(g):
        for code in g.objects(place, RG.nuts3):
            if isinstance(code, Literal) and (region := _known(str(code))) is not None:
                out.add((place, SCHEMA.containedInPlace, region))
        if (place, RDF.type, RG.PlanningRegion) in g:
            out.update((place, p, o) for p, o in _region_matches(place))
    for country in g.subjects(RDF.type, RG.Country):
        if isinstance(country, URIRef) and str(g.value(country, RG.countryCode) or "").upper() == "LV":
            out.add((country, SKOS.exactMatch, LATVIA))
    return sorted(out)


def coverage(g: Graph) -> list[URIRef]:
    """dct:spatial values: Latvia (the reports are Latvian) and the NUTS 3 regions of the data."""
    regions = sorted({o for _, _, o in nuts_links(g) if str(o).startswith(str(NUTS))})
    return [LATVIA, *regions]
