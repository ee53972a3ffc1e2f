"""Names of the vocabulary's terms in the page's language: the ontology's and the funding
scheme's own labels (rdfs:label, skos:prefLabel with @lv / @en), then the standard terms the
ontology reuses without labelling them (`_STANDARD`, Latvian and English).

Every term an entity page shows (a property, a class, a fund) has a label in both languages
(tests/test_serve_labels.py walks the pages of the sample); `term_label` falls back to English,
then to any label, for a term of another vocabulary that a graph may hold, and `has_label` tells
whether the language's own form exists. `heading` is a label as a page's heading shows it: the
first letter capitalised (the ontology writes property labels in lower case, as RDF does).
"""

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from reportgraph.ontology.resources import ontology_graph

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMA = "https://schema.org/"
_DCT = "http://purl.org/dc/terms/"
_QB = "http://purl.org/linked-data/cube#"
_OA = "http://www.w3.org/ns/oa#"
_PROV = "http://www.w3.org/ns/prov#"
_ORG = "http://www.w3.org/ns/org#"

#: standard terms the ontology reuses without labelling them (lv, en)
_STANDARD = {
    _RDF + "type": ("tips", "type"),
    _RDF + "subject": ("subjekts", "subject"),
    _RDF + "predicate": ("īpašība", "predicate"),
    _RDF + "object": ("objekts", "object"),
    _RDF + "value": ("teksts", "text"),
    _RDF + "Statement": ("Apgalvojums", "Statement"),
    _RDFS + "label": ("nosaukums", "label"),
    _RDFS + "comment": ("komentārs", "comment"),
    _RDFS + "seeAlso": ("skatīt arī", "see also"),
    _SKOS + "altLabel": ("cits nosaukums", "other name"),
    _SKOS + "prefLabel": ("nosaukums", "preferred name"),
    _SKOS + "hiddenLabel": ("rakstība tekstā", "hidden label"),
    _SKOS + "notation": ("kods", "code"),
    _SKOS + "broader": ("ietilpst", "broader"),
    _SKOS + "narrower": ("ietver", "narrower"),
    _SKOS + "inScheme": ("shēma", "in scheme"),
    _SKOS + "topConceptOf": ("augstākais jēdziens shēmā", "top concept of"),
    _SKOS + "hasTopConcept": ("augstākais jēdziens", "top concept"),
    _SKOS + "definition": ("definīcija", "definition"),
    _SKOS + "Concept": ("Jēdziens", "Concept"),
    _SKOS + "ConceptScheme": ("Jēdzienu shēma", "Concept scheme"),
    _DCT + "title": ("virsraksts", "title"),
    _DCT + "description": ("apraksts", "description"),
    _DCT + "source": ("avota fails", "source file"),
    _DCT + "identifier": ("identifikators", "identifier"),
    _DCT + "format": ("formāts", "format"),
    _DCT + "issued": ("izdots", "issued"),
    _DCT + "publisher": ("izdevējs", "publisher"),
    _SCHEMA + "location": ("vieta", "place"),
    _SCHEMA + "startDate": ("sākums", "start"),
    _SCHEMA + "endDate": ("beigas", "end"),
    _SCHEMA + "containedInPlace": ("atrodas", "contained in"),
    _SCHEMA + "organizer": ("organizētājs", "organiser"),
    _SCHEMA + "value": ("vērtība", "value"),
    _SCHEMA + "currency": ("valūta", "currency"),
    _SCHEMA + "affiliation": ("darbavieta", "affiliation"),
    _SCHEMA + "jobTitle": ("amats", "job title"),
    _SCHEMA + "areaServed": ("teritorija", "area served"),
    _SCHEMA + "identifier": ("identifikators", "identifier"),
    _SCHEMA + "name": ("nosaukums", "name"),
    _SCHEMA + "Organization": ("Organizācija", "Organisation"),
    _SCHEMA + "GovernmentOrganization": ("Valsts vai pašvaldības iestāde",
                                         "Government organisation"),
    _SCHEMA + "NGO": ("Nevalstiskā organizācija", "NGO"),
    _SCHEMA + "Corporation": ("Uzņēmums", "Company"),
    _SCHEMA + "EducationalOrganization": ("Izglītības iestāde", "Educational organisation"),
    _SCHEMA + "Library": ("Bibliotēka", "Library"),
    _SCHEMA + "Museum": ("Muzejs", "Museum"),
    _SCHEMA + "Person": ("Persona", "Person"),
    _SCHEMA + "Event": ("Pasākums", "Event"),
    _SCHEMA + "Place": ("Vieta", "Place"),
    _SCHEMA + "Project": ("Projekts", "Project"),
    _SCHEMA + "Report": ("Ziņojums", "Report"),
    _SCHEMA + "MonetaryAmount": ("Naudas summa", "Monetary amount"),
    _ORG + "Organization": ("Organizācija", "Organisation"),
    _ORG + "memberOf": ("ir daļa no", "member of"),
    _ORG + "subOrganizationOf": ("ir apakšstruktūra", "sub-organisation of"),
    _OA + "hasSource": ("avots", "source"),
    _OA + "hasSelector": ("vieta tekstā", "position in the text"),
    _OA + "start": ("sākuma pozīcija", "start offset"),
    _OA + "end": ("beigu pozīcija", "end offset"),
    _OA + "TextPositionSelector": ("Vieta tekstā (rakstzīmju pozīcijas)",
                                   "Text position selector"),
    _OA + "SpecificResource": ("Teksta fragments", "Specific resource"),
    _PROV + "wasDerivedFrom": ("nolasīts no", "derived from"),
    _PROV + "generatedAtTime": ("izveidots", "generated at"),
    _PROV + "Entity": ("Entitāte", "Entity"),
    _PROV + "Activity": ("Darbība", "Activity"),
    _QB + "dataSet": ("tabula", "data set"),
    _QB + "structure": ("struktūra", "structure"),
    _QB + "component": ("komponente", "component"),
    _QB + "dimension": ("dimensija", "dimension"),
    _QB + "measure": ("mērījums", "measure"),
    _QB + "attribute": ("atribūts", "attribute"),
    _QB + "measureType": ("mērījuma veids", "measure type"),
    _QB + "order": ("secība", "order"),
    _QB + "DataSet": ("Tabula (datu kopa)", "Data set"),
    _QB + "Observation": ("Tabulas šūna (novērojums)", "Observation"),
    _QB + "DataStructureDefinition": ("Tabulas struktūra", "Data structure definition"),
    _QB + "ComponentSpecification": ("Tabulas komponente", "Component specification"),
    _QB + "DimensionProperty": ("Dimensija", "Dimension property"),
    _QB + "MeasureProperty": ("Mērījums", "Measure property"),
    _QB + "AttributeProperty": ("Atribūts", "Attribute property"),
}


@lru_cache(maxsize=1)
def _graph() -> Graph:
    return ontology_graph()


@lru_cache(maxsize=4096)
def _labels(iri: str) -> dict[str, str]:
    """language ('' for none) -> the term's label (the standard table, else the ontology's)."""
    if iri in _STANDARD:
        lv, en = _STANDARD[iri]
        return {"lv": lv, "en": en}
    g = _graph()
    found: dict[str, str] = {}
    for prop in (SKOS.prefLabel, RDFS.label):
        for value in g.objects(URIRef(iri), prop):
            found.setdefault(getattr(value, "language", None) or "", str(value))
    return found


@lru_cache(maxsize=4096)
def term_label(iri: str, lang: str) -> str:
    """The term's label in `lang` (else English, else any), or '' when it has none."""
    found = _labels(iri)
    return found.get(lang) or found.get("en") or found.get("") or ""


def has_label(iri: str, lang: str) -> bool:
    """Whether the term has a label of its own in `lang` (not the fallback of `term_label`)."""
    return bool(_labels(iri).get(lang))


def heading(text: str) -> str:
    """A label as a heading shows it: 'vieta' -> 'Vieta' (the rest as it is: 'NUTS 3 kods')."""
    return text[:1].upper() + text[1:]
