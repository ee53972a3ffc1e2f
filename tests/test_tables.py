"""Flattened tables as RDF Data Cube: the sample report's three tables and tables written here."""

from decimal import Decimal
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from reportgraph.extract.rdf.tables import indicator_iri, tables_to_rdf
from reportgraph.extract.read.clean import Table, clean_report
from reportgraph.extract.read.tables import indicator_label, parse_table, table_number
from reportgraph.ontology.namespaces import DEFAULT_BASE, OA, QB, RG
from reportgraph.ontology.resources import parse_turtle

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "romu-integracija-2018.txt"
REPORT = URIRef(DEFAULT_BASE + "report/romu-integracija-2018")
CUBE_SHAPES = Path(__file__).parents[1] / "ontology" / "shapes" / "cube.ttl"
COUNT = RG["count"]


def dump(text: str) -> str:
    """Plain lines in the PDF-to-text dump layout of the real input (a space, then an empty line)."""
    return "".join(f"{line} \n\n" for line in text.strip("\n").splitlines())


@pytest.fixture(scope="module")
def sample_tables() -> tuple[Table, ...]:
    return clean_report(SAMPLE.read_text(encoding="utf-8")).tables


@pytest.fixture(scope="module")
def sample_cube(sample_tables) -> Graph:
    return tables_to_rdf(sample_tables, REPORT, DEFAULT_BASE, 2018)


def rows_of(parsed):
    return [(r.group, r.label, r.total, [None if c is None else str(c) for c in r.cells])
            for r in parsed.rows]


def test_tables_table_with_groups_and_percent_column(sample_tables) -> None:
    p = parse_table(sample_tables[0], 2018)
    assert p.number == 1 and p.year == 2018
    assert p.indicator == "Romu tautības reģistrēto bezdarbnieku skaits un to raksturojums"
    assert [(c.label, c.measure, c.qualifies) for c in p.columns] == [
        ("Kopā", "count", None), ("Kopā", "percent", 0)]
    rows = rows_of(p)
    assert rows[0] == ("Bezdarba ilgums", "līdz 12 mēnešiem", False, ["346", "61.3"])
    # a label on lines of its own above its numbers
    assert rows[4] == ("Izglītības grupa", "vispārējā vidējā izglītība un profesionālā izglītība",
                       False, ["57", "10.1"])
    assert rows[7] == ("Vecuma grupa", "15-24", False, ["50", "8.9"])
    assert rows[-1] == (None, "Kopā", True, ["564", "100.0"])
    assert {r.group for r in p.rows[:-1]} == {"Bezdarba ilgums", "Izglītības grupa", "Vecuma grupa"}


def test_tables_table_with_column_blocks(sample_tables) -> None:
    p = parse_table(sample_tables[1], 2018)
    assert [(c.group, c.label, c.measure, c.total) for c in p.columns] == [
        ("Romu reģistrētie bezdarbnieki", "Sieviete", "count", False),
        ("Romu reģistrētie bezdarbnieki", "Vīrietis", "count", False),
        ("Romu reģistrētie bezdarbnieki", "Kopā", "count", True),
        ("Romu reģistrētie bezdarbnieki", "Kopā", "percent", True),
        ("Visi reģistrētie bezdarbnieki valstī", "Sieviete", "count", False),
        ("Visi reģistrētie bezdarbnieki valstī", "Vīrietis", "count", False),
        ("Visi reģistrētie bezdarbnieki valstī", "Kopā", "count", True),
        ("Visi reģistrētie bezdarbnieki valstī", "Kopā", "percent", True),
    ]
    labels = [r.label for r in p.rows]
    assert labels == ["Ilgstošie bezdarbnieki", "Bezdarbnieki vecumā 15 - 24 gadi",
                      "Pirmspensijas vecuma bezdarbnieki", "Bezdarbnieki ar invaliditāti",
                      "Personas pēc bērna kopšanas atvaļinājuma",
                      "Informācija par bezdarbnieku skaitu kopā"]
    assert [r.total for r in p.rows] == [False] * 5 + [True]
    assert [str(c) for c in p.rows[-1].cells] == ["347", "217", "564", "100.0", "33352", "26236",
                                                  "59588", "100.0"]


def test_tables_table_with_year_columns(sample_tables) -> None:
    p = parse_table(sample_tables[2], 2018)
    assert [(c.label, c.year) for c in p.columns] == [("2017", 2017), ("2018", 2018)]
    assert p.indicator == ("Informācija par romu bezdarbnieku iesaisti dažādos ESF un valsts budžeta "
                           "finansētajos ADTP pasākumos (uzsākuši dalību pasākumos)")
    groups = list(dict.fromkeys(r.group for r in p.rows if not r.total))
    assert groups == ["Apmācību pasākumi", "Nodarbinātības pasākumi", "Atbalsta pasākumi",
                      "Projekta „Jauniešu garantijas” pasākumi"]
    total = p.rows[-1]
    assert total.total and total.label.startswith("Kopā") and total.group is None
    assert sum(r.cells[0] for r in p.rows[:-1]) == total.cells[0] == 1230
    assert sum(r.cells[1] for r in p.rows[:-1]) == total.cells[1] == 1313


def test_tables_indicator_label_is_the_same_across_years() -> None:
    a = ("3.tabula. Informācija par romu bezdarbnieku iesaisti dažādos ESF un valsts budžeta "
         "finansētajos ADTP pasākumos 2017. un 2018.gadā (uzsākuši dalību pasākumos)")
    b = ("2.tabula. Informācija par romu bezdarbnieku iesaisti dažādos ESF un valsts budžeta "
         "finansētajos ADTP pasākumos 2016. un 2017.gadā (uzsākuši dalību pasākumos)")
    assert indicator_label(a) == indicator_label(b)
    assert indicator_iri(DEFAULT_BASE, indicator_label(a)) == indicator_iri(DEFAULT_BASE,
                                                                            indicator_label(b))
    assert indicator_label("Tabula 4. Romu skolēnu skaits 2019.gada 1.septembrī") == \
        "Romu skolēnu skaits"
    assert indicator_label("2.tabula. Bezdarbnieki uz 31.12.2019.") == "Bezdarbnieki uz"
    assert table_number("Tabula 4. Romu skolēnu skaits") == 4
    assert table_number("Romu skolēnu skaits") is None
    assert indicator_label(a) != indicator_label("1.tabula. Romu tautības reģistrēto "
                                                 "bezdarbnieku skaits 31.12.2018.")


OWN_TABLE = """
Informatīvais ziņojums par romu bērnu izglītību 2020.gadā
Romu bērnu skaits skolās ir apkopots tabulā.
4.tabula. Romu skolēni vispārizglītojošajās skolās 2019./2020.mācību gadā
Plānošanas reģions
Meitenes Zēni Kopā
Rīgas reģions 120 131 251
Kurzemes reģions 40 38 78
Latgales reģions 85 90 175
Kopā 245 259 504
Avots: IZM, 2020.
Romu skolēnu skaits Latgalē ir pieaudzis.
5.tabula. Pašvaldību atbalstītās romu NVO iniciatīvas 2018. un 2019.gadā
Pašvaldība
2018. 2019.
Daugavpils pilsēta 4 5
Jelgavas pilsēta – 2
Valmieras pilsēta un
Valmieras novads
1 1
Kopā 5 8
Avots: pašvaldību dati.
6.tabula. Romu jauniešu nodarbinātība 2019.gadā
Vecums Skaits % no kopējā skaita
15-19 12 20,0 %
20-24 48 80.0%
Kopā 60 100 %
Avots: NVA.
"""


@pytest.fixture(scope="module")
def own_tables() -> tuple[Table, ...]:
    tables = clean_report(dump(OWN_TABLE)).tables
    assert len(tables) == 3
    return tables


def test_tables_own_table_with_total_column(own_tables) -> None:
    p = parse_table(own_tables[0], 2020)
    assert p.number == 4 and p.year == 2020
    assert [(c.label, c.total) for c in p.columns] == [("Meitenes", False), ("Zēni", False),
                                                       ("Kopā", True)]
    assert rows_of(p) == [
        (None, "Rīgas reģions", False, ["120", "131", "251"]),
        (None, "Kurzemes reģions", False, ["40", "38", "78"]),
        (None, "Latgales reģions", False, ["85", "90", "175"]),
        (None, "Kopā", True, ["245", "259", "504"]),
    ]


def test_tables_own_table_with_empty_cell_and_wrapped_label(own_tables) -> None:
    p = parse_table(own_tables[1], 2020)
    assert [(c.label, c.year) for c in p.columns] == [("2018", 2018), ("2019", 2019)]
    assert rows_of(p) == [
        (None, "Daugavpils pilsēta", False, ["4", "5"]),
        (None, "Jelgavas pilsēta", False, [None, "2"]),
        (None, "Valmieras pilsēta un Valmieras novads", False, ["1", "1"]),
        (None, "Kopā", True, ["5", "8"]),
    ]


def test_tables_own_table_with_spaced_percent(own_tables) -> None:
    p = parse_table(own_tables[2], 2020)
    assert [(c.label, c.measure, c.qualifies) for c in p.columns] == [
        ("Skaits", "count", None), ("Skaits", "percent", 0)]
    assert rows_of(p) == [
        (None, "15-19", False, ["12", "20.0"]),
        (None, "20-24", False, ["48", "80.0"]),
        (None, "Kopā", True, ["60", "100"]),
    ]
    assert p.year == 2019


def test_tables_rdf_dataset(sample_cube, sample_tables) -> None:
    g = sample_cube
    ds = URIRef(f"{REPORT}/table/1")
    assert (ds, RDF.type, QB.DataSet) in g
    assert (ds, RDFS.label, Literal(sample_tables[0].caption, lang="lv")) in g
    assert (ds, DCTERMS.source, Literal("NVA, 2019.", lang="lv")) in g
    assert (ds, PROV.wasDerivedFrom, REPORT) in g
    sel = g.value(ds, OA.hasSelector)
    assert (sel, RDF.type, OA.TextPositionSelector) in g
    assert g.value(sel, OA.start).toPython() == sample_tables[0].start
    assert g.value(sel, OA.end).toPython() == sample_tables[0].end
    raw = SAMPLE.read_text(encoding="utf-8")
    assert raw[sample_tables[0].start:sample_tables[0].end].startswith("1.tabula.")
    assert "Avots: NVA, 2019." in raw[sample_tables[0].start:sample_tables[0].end]
    dsd = g.value(ds, QB.structure)
    assert (dsd, RDF.type, QB.DataStructureDefinition) in g
    dims = {g.value(c, QB.dimension) for c in g.objects(dsd, QB.component)} - {None}
    measures = {g.value(c, QB.measure) for c in g.objects(dsd, QB.component)} - {None}
    assert dims == {RG.rowGroup, RG.rowLabel, RG.columnLabel, RG.refYear, QB.measureType}
    assert measures == {COUNT, RG.percent}
    assert len(set(g.subjects(RDF.type, QB.DataSet))) == 3


def test_tables_rdf_observations(sample_cube) -> None:
    g = sample_cube
    obs = URIRef(f"{REPORT}/table/1/obs/1-1")
    assert (obs, QB.dataSet, URIRef(f"{REPORT}/table/1")) in g
    assert (obs, RG.rowLabel, Literal("līdz 12 mēnešiem", lang="lv")) in g
    assert (obs, RG.rowGroup, Literal("Bezdarba ilgums", lang="lv")) in g
    assert (obs, RG.columnLabel, Literal("Kopā", lang="lv")) in g
    assert (obs, RG.refYear, Literal("2018", datatype=XSD.gYear)) in g
    assert (obs, QB.measureType, COUNT) in g
    assert (obs, COUNT, Literal(346, datatype=XSD.integer)) in g
    assert (obs, RG.isTotal, Literal(False)) in g
    pct = URIRef(f"{REPORT}/table/1/obs/1-2")
    assert (pct, RG.percent, Literal(Decimal("61.3"), datatype=XSD.decimal)) in g
    assert (pct, RG.columnLabel, Literal("Kopā", lang="lv")) in g
    total = URIRef(f"{REPORT}/table/1/obs/12-1")
    assert (total, RG.isTotal, Literal(True)) in g and (total, COUNT, Literal(564)) in g
    year = URIRef(f"{REPORT}/table/3/obs/2-1")
    assert (year, RG.refYear, Literal("2017", datatype=XSD.gYear)) in g
    assert (year, COUNT, Literal(43)) in g
    cell = URIRef(f"{REPORT}/table/2/obs/1-3")
    assert (cell, RG.columnGroup, Literal("Romu reģistrētie bezdarbnieki", lang="lv")) in g
    assert (cell, RG.isColumnTotal, Literal(True)) in g
    # one observation per non-empty cell
    cells = 12 * 2 + 6 * 8 + 17 * 2
    assert len(set(g.subjects(RDF.type, QB.Observation))) == cells


def test_tables_rdf_empty_cell_has_no_observation(own_tables) -> None:
    report = URIRef(DEFAULT_BASE + "report/x")
    g = tables_to_rdf(own_tables, report, DEFAULT_BASE, 2020)
    assert (URIRef(f"{report}/table/5/obs/2-2"), COUNT, Literal(2)) in g
    assert (URIRef(f"{report}/table/5/obs/2-1"), None, None) not in g


def _conforms(g: Graph) -> tuple[bool, str]:
    conforms, _, text = validate(g, shacl_graph=parse_turtle([CUBE_SHAPES], "shapes"),
                                 inference="none")
    return conforms, text


def test_tables_rdf_conforms_to_shapes(sample_cube, own_tables) -> None:
    g = Graph()
    g += sample_cube
    g.add((REPORT, RDF.type, RG.Report))
    g += tables_to_rdf(own_tables, REPORT, DEFAULT_BASE, 2020)
    conforms, text = _conforms(g)
    assert conforms, text


def test_tables_shapes_reject_observation_without_its_measure(sample_cube) -> None:
    g = Graph()
    g += sample_cube
    g.add((REPORT, RDF.type, RG.Report))
    obs = URIRef(f"{REPORT}/table/1/obs/1-1")
    g.remove((obs, COUNT, None))
    conforms, text = _conforms(g)
    assert not conforms and "measure its qb:measureType names" in text
    g.add((obs, COUNT, Literal("346")))  # a string, not an xsd:integer
    conforms, text = _conforms(g)
    assert not conforms and "rg:count is one xsd:integer" in text
