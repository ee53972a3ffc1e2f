"""Each SHACL shape with a valid and an invalid example (inline Turtle)."""

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from reportgraph.graph.validate import Violation, validate_graph
from reportgraph.ontology.namespaces import ORG, RG, SCHEMA
from reportgraph.ontology.resources import funds_graph, shapes_graph

EX = "http://example.org/"
HEAD = """
@prefix ex:     <http://example.org/> .
@prefix rg:     <https://w3id.org/reportgraph/ontology#> .
@prefix fund:   <https://w3id.org/reportgraph/fund/> .
@prefix schema: <https://schema.org/> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
"""
REPORT = """ex:r a rg:Report ; dct:title "Pārskats"@lv ; dct:source "r.txt" ;
    rg:reportYear "2019"^^xsd:gYear ; prov:generatedAtTime "2024-01-02T03:04:05Z"^^xsd:dateTime ;
    dct:identifier "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .
"""
SENTENCE = REPORT + """ex:s a rg:Sentence ; oa:hasSource ex:r ; rg:sentenceIndex 0 ;
    rdf:value "Cēsu novadā notika seminārs."@lv ; oa:hasSelector ex:sel .
ex:sel a oa:TextPositionSelector ; oa:start 10 ; oa:end 38 .
"""
PLACES = """ex:lv a rg:Country ; rdfs:label "Latvija"@lv ; rg:placeKind "country" ;
    rg:countryCode "LV" .
ex:reg a rg:PlanningRegion ; rdfs:label "Vidzemes plānošanas reģions"@lv ;
    skos:altLabel "Vidzeme"@lv ;
    rg:placeKind "planning_region" ; rg:countryCode "LV" ; schema:containedInPlace ex:lv .
ex:nov a rg:AdministrativeUnit ; rdfs:label "Cēsu novads"@lv ; rg:placeKind "novads" ;
    rg:division "2021" ; rg:nuts3 "LV008" ; schema:containedInPlace ex:reg ;
    rg:planningRegion ex:reg .
ex:town a rg:Settlement ; rdfs:label "Cēsis"@lv ; rg:placeKind "pilseta" ;
    schema:containedInPlace ex:nov ; rg:planningRegion ex:reg .
"""
FUNDS = """fund:scheme a skos:ConceptScheme .
fund:EU a rg:FundingSource , skos:Concept ; skos:notation "EU" ; skos:prefLabel "EU funds"@en ;
    skos:inScheme fund:scheme .
fund:ESF a rg:FundingSource , skos:Concept ; skos:notation "ESF" ; skos:prefLabel "ESF"@en ;
    skos:inScheme fund:scheme ; skos:broader fund:EU .
"""
ORGS = """ex:dome a rg:Municipality ; rdfs:label "Cēsu novada dome"@lv ; schema:areaServed ex:nov .
ex:ngo a org:Organization , schema:NGO ; rdfs:label "Biedrība \\"Saules puķe\\""@lv ;
    rg:acronym "SP" ; rg:orgKind "biedrība"@lv ; schema:location ex:town .
"""
PROJECT = REPORT + PLACES + FUNDS + ORGS + """ex:p a rg:Project ; rdfs:label "Zaļā klase"@lv ;
    rg:projectKind "projekts"@lv ; rg:fundingSource fund:ESF ; rg:amountEUR 8400.00 ;
    rg:hasFunding ex:f ; rg:implementedBy ex:dome ; rg:partner ex:ngo ; schema:location ex:town ;
    schema:startDate "2018-05-01"^^xsd:date ; schema:endDate "2018"^^xsd:gYear ;
    rg:esfIdentifier "9.1.4" .
ex:f a rg:Funding ; schema:value 8400.00 ; schema:currency "EUR" ; rg:fundingSource fund:ESF ;
    rg:isTotal false .
"""
EVENT = REPORT + PLACES + ORGS + """ex:e a schema:Event ; rdfs:label "Meistarklase"@lv ;
    rg:eventKind "darbnīca"@lv ;
    schema:startDate "2020-02"^^xsd:gYearMonth ; schema:endDate "2020-02"^^xsd:gYearMonth ;
    schema:location ex:town ; schema:organizer ex:ngo ; rg:participantCount 0 ;
    rg:countQualifier "at_least" .
"""

# (case, valid Turtle, (text to replace, replacement) making it invalid, focus, path or component)
CASES = [
    ("report-title", REPORT, ('dct:title "Pārskats"@lv', 'dct:title "A"@lv , "B"@lv'),
     "r", "http://purl.org/dc/terms/title"),
    ("report-identifier", REPORT, ('"sha256:0123', '"md5:0123'), "r",
     "http://purl.org/dc/terms/identifier"),
    ("report-year", REPORT, ('"2019"^^xsd:gYear', '"2019"'), "r", RG.reportYear),
    ("sentence-selector", SENTENCE, ("; oa:hasSelector ex:sel", ""), "s",
     "http://www.w3.org/ns/oa#hasSelector"),
    ("selector-start-after-end", SENTENCE, ("oa:start 10", "oa:start 39"), "s",
     "http://www.w3.org/ns/oa#hasSelector"),
    ("selector-end-type", SENTENCE, ("oa:end 38", 'oa:end "38"'), "s",
     "http://www.w3.org/ns/oa#hasSelector"),
    ("sentence-index", SENTENCE, ("rg:sentenceIndex 0", "rg:sentenceIndex -1"), "s",
     RG.sentenceIndex),
    ("sentence-source", SENTENCE, ("oa:hasSource ex:r", "oa:hasSource ex:elsewhere"), "s",
     "http://www.w3.org/ns/oa#hasSource"),
    ("sentence-text", SENTENCE, ('rdf:value "Cēsu novadā notika seminārs."@lv', 'rdf:value ""'),
     "s", RDF.value),
    ("footnote", SENTENCE + 'ex:fn a rg:Footnote ; rg:footnoteNumber 3 ; oa:hasSource ex:r ; '
     'rdf:value "Avots: CSP."@lv .\nex:s rg:citesFootnote ex:fn .',
     ("rg:footnoteNumber 3", 'rg:footnoteNumber "3"'), "fn", RG.footnoteNumber),
    ("cites-footnote", SENTENCE + 'ex:fn a rg:Footnote ; rg:footnoteNumber 3 ; oa:hasSource ex:r ; '
     'rdf:value "Avots: CSP."@lv .\nex:s rg:citesFootnote ex:fn .',
     ("ex:fn a rg:Footnote ;", "ex:fn"), "s", RG.citesFootnote),
    ("assertion-derived", SENTENCE + PROJECT + "ex:a a rg:Assertion ; rdf:subject ex:p ; "
     'rdf:predicate rg:esfIdentifier ; rdf:object "9.1.4" ; prov:wasDerivedFrom ex:s .',
     ("; prov:wasDerivedFrom ex:s .", " ."), "a", "http://www.w3.org/ns/prov#wasDerivedFrom"),
    ("assertion-derived-sentence", SENTENCE + PROJECT + "ex:a a rg:Assertion ; rdf:subject ex:p ; "
     'rdf:predicate rg:esfIdentifier ; rdf:object "9.1.4" ; prov:wasDerivedFrom ex:s .',
     ("prov:wasDerivedFrom ex:s .", "prov:wasDerivedFrom ex:r ."), "a",
     "http://www.w3.org/ns/prov#wasDerivedFrom"),
    ("assertion-predicate", SENTENCE + PROJECT + "ex:a a rg:Assertion ; rdf:subject ex:p ; "
     'rdf:predicate rg:esfIdentifier ; rdf:object "9.1.4" ; prov:wasDerivedFrom ex:s .',
     ("rdf:predicate rg:esfIdentifier ;", ""), "a", RDF.predicate),
    ("assertion-stated", SENTENCE + PROJECT + "ex:a a rg:Assertion ; rdf:subject ex:p ; "
     'rdf:predicate rg:esfIdentifier ; rdf:object "9.1.4" ; prov:wasDerivedFrom ex:s .',
     ('rdf:object "9.1.4"', 'rdf:object "9.9.9"'), "a", SH.SPARQLConstraintComponent),
    ("entity-one-label", PROJECT, ('rdfs:label "Zaļā klase"@lv', 'rdfs:label "A"@lv , "B"@lv'), "p",
     "http://www.w3.org/2000/01/rdf-schema#label"),
    ("person-label", PLACES + ORGS + 'ex:anna a schema:Person ; rdfs:label "Anna Liepa"@lv ; '
     'schema:jobTitle "valdes locekle"@lv ; schema:affiliation ex:ngo .',
     ('rdfs:label "Anna Liepa"@lv ;', ""), "anna", "http://www.w3.org/2000/01/rdf-schema#label"),
    ("person-affiliation", PLACES + ORGS + 'ex:anna a schema:Person ; rdfs:label "Anna Liepa"@lv ; '
     'schema:jobTitle "valdes locekle"@lv ; schema:affiliation ex:ngo .',
     ("schema:affiliation ex:ngo", "schema:affiliation ex:town"), "anna", SCHEMA.affiliation),
    ("org-class", PLACES + ORGS,
     ("ex:ngo a org:Organization , schema:NGO", "ex:ngo a org:Organization"), "ngo",
     SH.OrConstraintComponent),
    ("org-location", PLACES + ORGS, ("schema:location ex:town", "schema:location ex:dome"), "ngo",
     SCHEMA.location),
    ("org-area-served", PLACES + ORGS, ("schema:areaServed ex:nov", "schema:areaServed ex:town"),
     "dome", SCHEMA.areaServed),
    ("org-acronym", PLACES + ORGS, ('rg:acronym "SP"', 'rg:acronym "S P"'), "ngo", RG.acronym),
    ("project-implementer", PROJECT, ("rg:implementedBy ex:dome", "rg:implementedBy ex:town"), "p",
     RG.implementedBy),
    ("project-partner", PROJECT, ("rg:partner ex:ngo", "rg:partner ex:anyone"), "p", RG.partner),
    ("project-amount-decimal", PROJECT, ("rg:amountEUR 8400.00", "rg:amountEUR 8400"), "p",
     RG.amountEUR),
    ("project-amount-positive", PROJECT, ("rg:amountEUR 8400.00", "rg:amountEUR -1.00"), "p",
     RG.amountEUR),
    ("project-fund", PROJECT, ("rg:fundingSource fund:ESF ; rg:amountEUR",
                               "rg:fundingSource ex:dome ; rg:amountEUR"), "p", RG.fundingSource),
    ("project-location", PROJECT, ("schema:location ex:town ;\n    schema:startDate",
                                   "schema:location ex:ngo ;\n    schema:startDate"),
     "p", SCHEMA.location),
    ("project-kind", PROJECT, ('rg:projectKind "projekts"@lv', 'rg:projectKind "darbs"@lv'), "p",
     RG.projectKind),
    ("project-date-type", PROJECT, ('"2018-05-01"^^xsd:date', '"2018-05-01"'), "p",
     SCHEMA.startDate),
    ("project-end-before-start", PROJECT, ('"2018"^^xsd:gYear', '"2018-04"^^xsd:gYearMonth'), "p",
     SH.SPARQLConstraintComponent),
    ("project-has-funding", PROJECT, ("rg:hasFunding ex:f", "rg:hasFunding ex:town"), "p",
     RG.hasFunding),
    ("funding-currency", PROJECT, ('schema:currency "EUR"', 'schema:currency "USD"'), "f",
     SCHEMA.currency),
    ("funding-value", PROJECT, ("schema:value 8400.00", 'schema:value "8400"'), "f", SCHEMA.value),
    ("funding-total", PROJECT, ("rg:isTotal false", 'rg:isTotal "no"'), "f", RG.isTotal),
    ("fund-notation", FUNDS, ('skos:notation "ESF" ;', ""), "https://w3id.org/reportgraph/fund/ESF",
     "http://www.w3.org/2004/02/skos/core#notation"),
    ("fund-broader", FUNDS, ("skos:broader fund:EU", "skos:broader fund:NOPE"),
     "https://w3id.org/reportgraph/fund/ESF", "http://www.w3.org/2004/02/skos/core#broader"),
    ("event-count", EVENT, ("rg:participantCount 0", "rg:participantCount -3"), "e",
     RG.participantCount),
    ("event-count-integer", EVENT, ("rg:participantCount 0", "rg:participantCount 2.5"), "e",
     RG.participantCount),
    ("event-qualifier", EVENT, ('rg:countQualifier "at_least"', 'rg:countQualifier "daudz"'), "e",
     RG.countQualifier),
    ("event-end-before-start", EVENT, ('schema:endDate "2020-02"', 'schema:endDate "2020-01"'), "e",
     SH.SPARQLConstraintComponent),
    ("event-organizer", EVENT, ("schema:organizer ex:ngo", "schema:organizer ex:town"), "e",
     SCHEMA.organizer),
    ("event-part-of", EVENT + "ex:e rg:partOfProject ex:proj . ex:proj a rg:Project ; "
     'rdfs:label "Projekts X"@lv .', ("ex:proj a rg:Project ;", "ex:proj"), "e", RG.partOfProject),
    ("place-kind", PLACES, ('rg:placeKind "pilseta"', 'rg:placeKind "town"'), "town",
     RG.placeKind),
    ("place-label-lv", PLACES, ('rdfs:label "Cēsis"@lv', 'rdfs:label "Cēsis"'), "town",
     "http://www.w3.org/2000/01/rdf-schema#label"),
    ("place-nuts3", PLACES, ('rg:nuts3 "LV008"', 'rg:nuts3 "EE001"'), "nov", RG.nuts3),
    ("settlement-parent", PLACES, ("schema:containedInPlace ex:nov ;", ""), "town",
     SCHEMA.containedInPlace),
    ("unit-division", PLACES, ('rg:division "2021"', 'rg:division "2015"'), "nov", RG.division),
    ("unit-region", PLACES, ('rg:nuts3 "LV008" ; schema:containedInPlace ex:reg',
                             'rg:nuts3 "LV008" ; schema:containedInPlace ex:lv'),
     "nov", SCHEMA.containedInPlace),
    ("unit-planning-region", PLACES, ("rg:planningRegion ex:reg .\nex:town",
                                      "rg:planningRegion ex:lv .\nex:town"), "nov",
     RG.planningRegion),
    ("region-country", PLACES, ("rg:countryCode \"LV\" ; schema:containedInPlace ex:lv .",
                                "rg:countryCode \"LV\" ; schema:containedInPlace ex:town ."),
     "reg", SCHEMA.containedInPlace),
]


def check(ttl: str) -> list[Violation]:
    g = Graph()
    g.parse(data=HEAD + ttl, format="turtle")
    return validate_graph(g, URIRef(EX + "graph"))


def _node(name: str) -> URIRef:
    return URIRef(name if name.startswith("http") else EX + name)


@pytest.mark.parametrize(("case", "valid", "change", "focus", "where"), CASES,
                         ids=[c[0] for c in CASES])
def test_shapes_valid_and_invalid_example(case: str, valid: str, change: tuple[str, str],
                                          focus: str, where: str) -> None:
    assert check(valid) == [], case
    old, new = change
    assert old in valid, case
    found = check(valid.replace(old, new, 1))
    hits = [v for v in found if v.focus == _node(focus)
            and (v.path == URIRef(where) or v.constraint == URIRef(where))]
    assert hits, [(str(v.focus), str(v.path), v.message) for v in found]
    assert all(v.is_violation for v in hits)


def test_shapes_event_without_date_is_a_warning_not_a_violation() -> None:
    """Reports often name an event without its date: the graph still conforms, with a warning."""
    found = check(EVENT.replace('schema:startDate "2020-02"^^xsd:gYearMonth ;', "", 1))
    hits = [v for v in found if v.focus == _node("e") and v.path == SCHEMA.startDate]
    assert hits and all(v.severity == SH.Warning for v in hits)
    assert not [v for v in found if v.is_violation]


def test_shapes_subclasses_count_through_the_ontology() -> None:
    # ex:dome is only an rg:Municipality: an org:Organization by the ontology, so it may implement
    assert check(PROJECT) == []
    found = check(PROJECT.replace("ex:dome a rg:Municipality", "ex:dome a schema:Thing"))
    assert any(v.path == RG.implementedBy for v in found)


def test_shapes_target_every_class_of_the_model() -> None:
    targets = set(shapes_graph().objects(None, SH.targetClass))
    assert {RG.Report, RG.Sentence, RG.Footnote, RG.Assertion, ORG.Organization, SCHEMA.Person,
            RG.Project, RG.Funding, RG.FundingSource, SCHEMA.Event, RG.Place, RG.Settlement,
            RG.AdministrativeUnit, RG.PlanningRegion} <= targets


def test_shapes_are_valid_shacl_and_funds_conform() -> None:
    shapes = shapes_graph()
    conforms, _g, text = shacl_validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
    assert validate_graph(funds_graph(), URIRef(EX + "funds")) == []


def test_shapes_report_sources_of_the_focus_node() -> None:
    ttl = SENTENCE + PROJECT.replace("rg:amountEUR 8400.00", "rg:amountEUR 8400") + (
        "ex:p rg:mentionedIn ex:s .")
    (v,) = [v for v in check(ttl) if v.path == RG.amountEUR]
    assert v.label == "Zaļā klase" and v.value is not None
    assert [(s.text, s.start, s.end, s.report) for s in v.sources] == [
        ("Cēsu novadā notika seminārs.", 10, 38, URIRef(EX + "r"))]
