"""Extraction end to end on report text: the sample report and short excerpts written for the test."""

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from reportgraph.extract.pipeline import extract_report
from reportgraph.ontology.iri import mint
from reportgraph.ontology.namespaces import DEFAULT_BASE, FUND, OA, PROV, RG, SCHEMA

B = DEFAULT_BASE


def place(key):
    return mint(B, "place", key)


def project(name):
    from reportgraph.extract.entities.projects import name_key

    return mint(B, "project", name_key(name))


def regions_of(g, node):
    """Planning regions reached from a place through containment."""
    q = """PREFIX schema: <https://schema.org/> PREFIX rg: <https://w3id.org/reportgraph/ontology#>
           SELECT DISTINCT ?r WHERE { ?p schema:containedInPlace* ?r . ?r a rg:PlanningRegion }"""
    return {row.r for row in g.query(q, initBindings={"p": node})}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def source_sentence(g, s, p, o):
    """(text, start, end) of the sentence an extracted fact was read from."""
    for a in g.subjects(RDF.subject, s):
        if (a, RDF.predicate, p) in g and (a, RDF.object, o) in g:
            sent = g.value(a, PROV.wasDerivedFrom)
            sel = g.value(sent, OA.hasSelector)
            return str(g.value(sent, RDF.value)), int(g.value(sel, OA.start)), int(g.value(sel, OA.end))
    return None


# ---------------------------------------------------------------- the sample report
def test_pipeline_sample_project_amount_place_region(sample_extracted, sample_report):
    g = sample_extracted.graph
    p = project("Kultūra mūs vieno!")
    assert (p, RDF.type, RG.Project) in g
    assert (p, RG.amountEUR, Literal(Decimal(1600))) in g
    assert (p, SCHEMA.location, place("sabile")) in g
    assert mint(B, "place", "kurzeme") in regions_of(g, place("sabile"))
    # provenance: the amount is traceable to its sentence and offsets in the original file
    text, start, end = source_sentence(g, p, RG.amountEUR, Literal(Decimal(1600)))
    assert "1600 euro" in text
    raw = sample_report.read_text(encoding="utf-8")
    assert "1600" in raw[start:end]


def test_pipeline_sample_esf_projects(sample_extracted):
    g = sample_extracted.graph
    proti = project("PROTI un DARI!")
    assert (proti, RG.fundingSource, FUND.ESF) in g
    assert {str(x) for x in g.objects(proti, RDFS.label)} == {"PROTI un DARI!"}
    places = set(g.objects(proti, SCHEMA.location))
    assert any(mint(B, "place", "kurzeme") in regions_of(g, pl) for pl in places)
    # the ESF project "Atbalsts izglītojamo individuālo kompetenču attīstībai": number, total, parts, period
    p = project("Atbalsts izglītojamo individuālo kompetenču attīstībai")
    assert (p, RG.esfIdentifier, Literal("8.3.2.2/16/I/001")) in g
    assert (p, RG.amountEUR, Literal(Decimal(32005188))) in g
    assert (p, SCHEMA.endDate, Literal("2020-12-31", datatype=XSD.date)) in g
    parts = {(g.value(f, RG.fundingSource), g.value(f, SCHEMA.value).toPython()) for f in g.objects(p, RG.hasFunding)
             if g.value(f, RG.isTotal).toPython() is False}
    assert (FUND.EU, Decimal(27204409)) in parts and (FUND.STATE, Decimal(4800779)) in parts


def test_pipeline_sample_aliases_resolve_to_one_project(sample_extracted):
    """„Atbalsts priekšlaicīgas …” (projekts „PUMPURS”), later „PuMPuRS”/„PuMPuRs”: one project."""
    g = sample_extracted.graph
    skos_alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    holders = {s for s in g.subjects(RDFS.label, None) if (s, RDF.type, RG.Project) in g
               for lab in list(g.objects(s, RDFS.label)) + list(g.objects(s, skos_alt))
               if str(lab).casefold() == "pumpurs"}
    assert len(holders) == 1
    (p,) = holders
    names = {str(x) for x in list(g.objects(p, RDFS.label)) + list(g.objects(p, skos_alt))}
    assert "Atbalsts priekšlaicīgas mācību pārtraukšanas samazināšanai" in names
    assert (p, RG.fundingSource, FUND.ESF) in g


def test_pipeline_sample_acronyms_from_report_list(sample_extracted):
    g = sample_extracted.graph
    km = mint(B, "organization", "km")
    assert (km, RDFS.label, Literal("Kultūras ministrija", lang="lv")) in g
    assert (km, RG.acronym, Literal("KM")) in g


# ---------------------------------------------------------------- excerpts written for the test
EXCERPT_PROJECT = """Informatīvais ziņojums par kopienu integrācijas pasākumu īstenošanu 2019.gadā

2019.gadā biedrība „Zaļie pakalni” sadarbībā ar Cēsu novada pašvaldību īstenoja projektu
„Kopā varam!”, kura mērķis bija veicināt jauniešu līdzdalību Cēsīs un Valmierā.
Projekta kopējais finansējums ir 12 500 euro, t.sk. ESF finansējums – 10 625 euro un valsts
budžeta finansējums 1 875 euro. Projekts ir īstenots laika posmā 01.03.2019.-30.11.2019.
"""

EXCERPT_EVENT = """Informatīvais ziņojums par romu integrācijas pasākumu īstenošanu 2020.gadā

2020.gada 14.februārī Liepājā notika seminārs „Romu kultūra šodien”, ko organizēja LM sadarbībā
ar biedrību „Čigānu kopiena”. Seminārā piedalījās 42 dalībnieki no Liepājas un Grobiņas.
"""

EXCERPT_PEOPLE = """Informatīvais ziņojums par sabiedrības integrāciju 2017.gadā

Pasākumu atklāja Kuldīgas novada domes priekšsēdētāja I.Bērziņa, savukārt Rēzeknes pilsētas
pašvaldība piešķīra atbalstu (800 euro) projektam „Krāsainā pasaule”, ko īstenoja biedrība „Gaisma”.
"""


def test_pipeline_excerpt_project_funding_partner_period(tmp_path):
    g = extract_report(write(tmp_path, "zinojums-2019.txt", EXCERPT_PROJECT)).graph
    p = project("Kopā varam!")
    assert (p, RG.implementedBy, mint(B, "organization", "zalie-pakalni")) in g
    assert (p, RG.partner, mint(B, "organization", "cesu-novada-pasvaldiba")) in g
    assert (p, RG.amountEUR, Literal(Decimal(12500))) in g
    assert {FUND.ESF, FUND.STATE} <= set(g.objects(p, RG.fundingSource))
    assert (p, SCHEMA.startDate, Literal("2019-03-01", datatype=XSD.date)) in g
    assert (p, SCHEMA.endDate, Literal("2019-11-30", datatype=XSD.date)) in g
    assert {place("cesis"), place("valmiera")} <= set(g.objects(p, SCHEMA.location))
    assert mint(B, "place", "vidzeme") in regions_of(g, place("cesis"))


def test_pipeline_excerpt_event_date_place_organisers_participants(tmp_path):
    g = extract_report(write(tmp_path, "zinojums-2020.txt", EXCERPT_EVENT)).graph
    events = list(g.subjects(RDF.type, SCHEMA.Event))
    assert len(events) == 1
    e = events[0]
    assert (e, RDFS.label, Literal("Romu kultūra šodien", lang="lv")) in g
    assert (e, SCHEMA.startDate, Literal("2020-02-14", datatype=XSD.date)) in g
    assert (e, SCHEMA.location, place("liepaja")) in g
    assert (e, RG.participantCount, Literal(42)) in g
    organisers = set(g.objects(e, SCHEMA.organizer))
    assert mint(B, "organization", "lm") in organisers
    assert mint(B, "organization", "cigaņu-kopiena".replace("ņ", "n")) in organisers


def test_pipeline_excerpt_person_role_municipality(tmp_path):
    g = extract_report(write(tmp_path, "zinojums-2017.txt", EXCERPT_PEOPLE)).graph
    person = mint(B, "person", "i-berzina")
    assert (person, RDF.type, SCHEMA.Person) in g
    assert (person, SCHEMA.jobTitle, Literal("priekšsēdētāja", lang="lv")) in g
    kuldiga = mint(B, "organization", "kuldigas-novada-pasvaldiba")
    assert (person, SCHEMA.affiliation, kuldiga) in g
    assert (kuldiga, RDF.type, RG.Municipality) in g
    p = project("Krāsainā pasaule")
    assert (p, RG.implementedBy, mint(B, "organization", "gaisma")) in g
    assert (p, RG.fundingSource, FUND.MUNI) in g


@pytest.mark.parametrize("year,unit", [(2018, "talsu-novads-2009"), (2022, "talsu-novads-2021")])
def test_pipeline_report_year_picks_division(tmp_path, year, unit):
    text = f"Informatīvais ziņojums par romu integrācijas pasākumu īstenošanu {year}.gadā\n\n" \
           "Biedrība „Vārti” īstenoja projektu „Mēs Sabilē” Sabilē.\n"
    g = extract_report(write(tmp_path, f"z-{year}.txt", text)).graph
    assert (place("sabile"), SCHEMA.containedInPlace, place(unit)) in g


def test_pipeline_same_name_different_types_stay_apart(sample_extracted):
    """The project „Ame Roma” and the music ensemble „Ame Roma” are two entities."""
    g = sample_extracted.graph
    assert (project("Ame Roma"), RDF.type, RG.Project) in g
    ensemble = mint(B, "organization", "ame-roma")
    assert (ensemble, RDFS.label, Literal("Ame Roma", lang="lv")) in g
    assert (ensemble, RDF.type, RG.Project) not in g


ALIAS_EXCERPT = """Informatīvais ziņojums par kopienu integrāciju 2019.gadā

2019.gadā biedrība „Upe” īstenoja projektu „Zaļā Daugava” (projekts „ZD”). Projekta „ZD” finansējums: 700 euro.
"""


def test_pipeline_aliases_file_forces_and_forbids_merges(tmp_path):
    """A "(projekts „B”)" alias merges B into A, unless the curated aliases file forbids it; a merge
    row joins two names the text never ties together."""
    report = write(tmp_path, "z-2019.txt", ALIAS_EXCERPT)
    g = extract_report(report).graph
    assert (project("Zaļā Daugava"), RG.amountEUR, Literal(Decimal(700))) in g
    forbid = tmp_path / "forbid.tsv"
    forbid.write_text("kind\tvariant\tcanonical\taction\nproject\tZD\tZaļā Daugava\tforbid\n", encoding="utf-8")
    g = extract_report(report, aliases=str(forbid)).graph
    assert (project("ZD"), RDF.type, RG.Project) in g and (project("Zaļā Daugava"), RDF.type, RG.Project) in g
    merge = tmp_path / "merge.tsv"
    merge.write_text("kind\tvariant\tcanonical\taction\norg\tUpe\tBiedrība Upe Latgalē\tmerge\n", encoding="utf-8")
    g = extract_report(report, aliases=str(merge)).graph
    assert (mint(B, "organization", "biedriba-upe-latgale"), RDF.type, SCHEMA.NGO) in g


def test_pipeline_derived_region_and_fund_shortcuts(sample_extracted):
    """rg:inPlanningRegion and rg:fundedUnder restate location + gazetteer chain and fund + broader."""
    g = sample_extracted.graph
    proti = project("PROTI un DARI!")
    assert (proti, RG.inPlanningRegion, mint(B, "place", "kurzeme")) in g
    assert {FUND.ESF, FUND.EU} <= set(g.objects(proti, RG.fundedUnder))
    kmv = project("Kultūra mūs vieno!")
    assert set(g.objects(kmv, RG.fundedUnder)) == set()
    for place in g.objects(kmv, SCHEMA.location):
        for region in regions_of(g, place):
            assert (kmv, RG.inPlanningRegion, region) in g
