"""Names of the vocabulary's terms in the page's language: the ontology's and the funding
scheme's own labels (rdfs:label, skos:prefLabel with @lv / @en), then a few standard terms."""

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from reportgraph.ontology.resources import ontology_graph

#: standard terms the ontology reuses without labelling them (lv, en)
_STANDARD = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("tips", "type"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("nosaukums", "label"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("cits nosaukums", "other name"),
    "http://purl.org/dc/terms/title": ("virsraksts", "title"),
    "https://schema.org/location": ("vieta", "place"),
    "https://schema.org/startDate": ("sākums", "start"),
    "https://schema.org/endDate": ("beigas", "end"),
    "https://schema.org/containedInPlace": ("atrodas", "contained in"),
    "https://schema.org/organizer": ("organizētājs", "organiser"),
    "https://schema.org/value": ("vērtība", "value"),
    "https://schema.org/currency": ("valūta", "currency"),
    "http://www.w3.org/ns/org#memberOf": ("ir daļa no", "member of"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("ir apakšstruktūra", "sub-organisation of"),
}


@lru_cache(maxsize=1)
def _graph() -> Graph:
    return ontology_graph()


@lru_cache(maxsize=4096)
def term_label(iri: str, lang: str) -> str:
    """The term's label in `lang` (else English, else any), or '' when it has none."""
    if iri in _STANDARD:
        return _STANDARD[iri][0 if lang == "lv" else 1]
    g = _graph()
    found: dict[str, str] = {}
    for prop in (SKOS.prefLabel, RDFS.label):
        for value in g.objects(URIRef(iri), prop):
            found.setdefault(getattr(value, "language", None) or "", str(value))
    return found.get(lang) or found.get("en") or found.get("") or ""
