"""Consistency checks on Oxigraph: the sample report (consistent, and with one number changed),
yearly reports written for the test with planted disagreements, and hand-written graphs."""

import bisect
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from reportgraph.cli.check import check
from reportgraph.cli.common import Settings
from reportgraph.errors import DataFileError, UnknownQuery
from reportgraph.extract.pipeline import extract_report
from reportgraph.extract.rdf.tables import tables_to_rdf
from reportgraph.extract.read.clean import clean_report
from reportgraph.extract.relations.aggregates import stated_totals
from reportgraph.graph.results import SelectResult
from reportgraph.graph.store import open_store
from reportgraph.ontology.namespaces import DEFAULT_BASE, OA, QB, RG, SCHEMA
from reportgraph.ontology.resources import parse_turtle
from reportgraph.queries.checks import (
    SEVERITIES,
    Finding,
    format_findings,
    list_checks,
    parse_check,
    run_check,
    run_checks,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "romu-integracija-2018.txt"
CHECKS = FIXTURES / "checks"
CUBE_SHAPES = Path(__file__).parents[1] / "ontology" / "shapes" / "cube.ttl"
B = DEFAULT_BASE


def dump(text: str) -> str:
    """Plain lines in the PDF-to-text dump layout of the real input (a space, then an empty line)."""
    return "".join(f"{line} \n\n" for line in text.strip("\n").splitlines())


def report_graph(path: Path) -> tuple[URIRef, Graph]:
    """Extract a report and add what the pipeline will add: section indexes (from the cleaner's
    headings), stated totals and the tables as Data Cube — each only when not there yet."""
    extracted = extract_report(path)
    g = Graph()
    g += extracted.graph
    raw = path.read_text(encoding="utf-8")
    clean = clean_report(raw)
    sentences = list(g.subjects(RDF.type, RG.Sentence))
    if not any((s, RG.sectionIndex, None) in g for s in sentences):
        heads = sorted(clean.to_original(a, b)[0] for a, b in clean.headings)
        for s in sentences:
            start = g.value(g.value(s, OA.hasSelector), OA.start).toPython()
            g.add((s, RG.sectionIndex, Literal(bisect.bisect_right(heads, start))))
    if (None, RDF.type, RG.StatedTotal) not in g:
        g += stated_totals(g, extracted.report)
    if (None, RDF.type, QB.DataSet) not in g:
        g += tables_to_rdf(clean.tables, extracted.report, B, extracted.year)
    return extracted.graph_name, g


def build(tmp_path: Path, *paths: Path, name: str = "store"):
    store = open_store(tmp_path / name)
    for path in paths:
        store.replace_graph(*report_graph(path))
    return store


def mutated(tmp_path: Path, old: str, new: str) -> Path:
    raw = SAMPLE.read_text(encoding="utf-8")
    assert raw.count(old) == 1, old
    path = tmp_path / SAMPLE.name
    path.write_text(raw.replace(old, new), encoding="utf-8")
    return path


def by_check(findings: list[Finding], severity: str | None = None) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if severity is None or f.severity == severity:
            out.setdefault(f.check, []).append(f)
    return out


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = build(tmp_path_factory.mktemp("sample"), SAMPLE)
    yield store
    store.close()


@pytest.fixture(scope="module")
def years_store(tmp_path_factory):
    store = build(tmp_path_factory.mktemp("years"), CHECKS / "romu-integracija-2017.txt", SAMPLE,
                  CHECKS / "romu-integracija-2019.txt")
    yield store
    store.close()


# ---------------------------------------------------------------------------- the check files

def test_checks_every_check_has_a_header_and_runs(tmp_path) -> None:
    checks = list_checks()
    assert len(checks) >= 12
    with open_store(tmp_path / "empty") as store:
        for c in checks:
            assert c.summary and c.description, c.id
            assert c.severity in SEVERITIES
            result = store.query(c.text)
            assert isinstance(result, SelectResult) and "message" in result.variables, c.id
            assert result.rows == ()


def test_checks_parse_check_rejects_bad_headers() -> None:
    with pytest.raises(DataFileError, match="severity"):
        parse_check("x", "#+ summary: s\n#+ severity: fatal\nSELECT ?message WHERE {}")
    with pytest.raises(DataFileError, match="summary"):
        parse_check("x", "#+ severity: info\nSELECT ?message WHERE {}")
    c = parse_check("x", "#+ summary: s\n#+ severity: Warning\nSELECT ?message WHERE {}")
    assert c.severity == "warning"


def test_checks_unknown_check_is_named(sample_store) -> None:
    with pytest.raises(UnknownQuery, match="unknown check 'no-such'.*funding-parts"):
        run_checks(sample_store, ["no-such"])


def test_checks_a_user_check_needs_no_python(sample_store) -> None:
    text = """#+ summary: Stated totals over more than four items
#+ severity: info
PREFIX rg: <https://w3id.org/reportgraph/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?subject ?message ?value1 ?sentence1 WHERE {
  ?subject rg:itemCount ?value1 ; rg:countStatedIn ?sentence1 . FILTER(?value1 > 4)
  BIND(CONCAT("a total over ", STR(?value1), " items") AS ?message)
}"""
    [finding] = run_check(sample_store, parse_check("big-totals", text))
    assert finding.message == "a total over 5 items" and finding.severity == "info"
    [side] = finding.sides
    assert side.value == "5" and side.sentence_text.startswith("Kopumā ir atbalstīti 5 romu NVO")


# ---------------------------------------------------------------------------- the sample report

def test_aggregates_sample_total_covers_the_five_listed_projects(sample_store) -> None:
    rows = sample_store.query("""
        PREFIX rg: <https://w3id.org/reportgraph/ontology#> PREFIX schema: <https://schema.org/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?t ?value ?count ?kind ?item ?a ?amount WHERE {
          ?t a rg:StatedTotal ; schema:value ?value ; rg:itemCount ?count ; rg:itemKind ?kind ;
             rg:totalOf ?item ; rg:sumOf ?a . ?a rdf:subject ?item ; rdf:object ?o .
          OPTIONAL { ?o schema:value ?v } BIND(COALESCE(?v, ?o) AS ?amount) }""").dicts()
    [total] = {r["t"] for r in rows}
    assert str(total).startswith(f"{B}report/romu-integracija-2018/total/")
    [stated] = sample_store.query(
        "PREFIX rg: <https://w3id.org/reportgraph/ontology#> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT ?t ?text WHERE { ?t rg:statedIn/rdf:value ?text }", {"t": total}).column("text")
    assert str(stated) == "Kopējais piešķirtais finansējums ir 7596 eiro."
    assert {(r["value"].toPython(), r["count"].toPython(), str(r["kind"])) for r in rows} == {
        (7596, 5, "projekts")}
    amounts = sorted(r["amount"].toPython() for r in {(r["a"], r["amount"]): r
                                                       for r in rows}.values())
    assert amounts == [1000, 1500, 1500, 1600, 1996]
    assert {str(r["item"]).rsplit("/", 1)[1] for r in rows} >= {
        "kultura-mus-vieno", "daugavpils-romi-latvijas-simtgade", "par-stipram-un-prasmigam-gimenem",
        "ame-roma"}


def test_aggregates_stated_total_shapes(sample_store) -> None:
    g = sample_store.graph(URIRef(f"{B}graph/romu-integracija-2018"))
    shapes = parse_turtle([CUBE_SHAPES], "shapes")
    conforms, _, text = validate(g, shacl_graph=shapes, inference="none")
    assert conforms, text
    [total] = g.subjects(RDF.type, RG.StatedTotal)
    g.remove((total, SCHEMA.value, None))
    g.add((total, RG.itemKind, Literal("grants", lang="lv")))
    conforms, _, text = validate(g, shacl_graph=shapes, inference="none")
    assert not conforms
    assert "exactly one schema:value" in text and "rg:itemKind is one of" in text


def test_checks_sample_report_has_no_errors_or_warnings(sample_store) -> None:
    findings = run_checks(sample_store)
    assert [f for f in findings if f.severity != "info"] == []
    # what remains: projects under two names (info)
    assert set(by_check(findings)) == {"name-drift"}
    messages = {f.message for f in findings}
    assert ('project named both "Latvijas romu platforma II: dialogs, līdzdalība un savstarpēja '
            'mācīšanās" and "Latvijas romu platforma II: dialogs, sadarbība un iesaistīšana"'
            in messages)
    # names differing only in case or punctuation are no finding
    assert not any("PROTI" in m or "Erasmus+" in m for m in messages)


MUTATIONS = [
    pytest.param("Kopējais piešķirtais finansējums ir 7596 eiro",
                 "Kopējais piešķirtais finansējums ir 7696 eiro",
                 {"stated-total": "stated total 7696 EUR, but the 5 amounts listed after it add up "
                                  "to 7596 EUR"},
                 ["7696", "1600", "1000", "1500", "1996", "1500"], id="ngo-total"),
    pytest.param("līdzdalību. Projekta finansējums: 1500 euro.",
                 "līdzdalību. Projekta finansējums: 1400 euro.",
                 {"stated-total": "stated total 7596 EUR, but the 5 amounts listed after it add up "
                                  "to 7496 EUR"},
                 ["7596", "1600", "1000", "1500", "1996", "1400"], id="ngo-item"),
    pytest.param("Kopumā ir atbalstīti 5 romu", "Kopumā ir atbalstīti 6 romu",
                 {"stated-total": "stated number 6 (projekts), but 5 amounts are listed after it"},
                 ["6", "1600", "1000", "1500", "1996", "1500"], id="ngo-count"),
    pytest.param("ESF finansējums – 14 188 878 euro", "ESF finansējums – 14 188 978 euro",
                 {"funding-parts": "Kompleksi veselības veicināšanas un slimību profilakses "
                                   "pasākumi: total 16692798 EUR, but its 2 parts add up to "
                                   "16692898 EUR"},
                 ["16692798", "16692898"], id="esf-part"),
    pytest.param("budžeta finansējums – 4 800 779 EUR", "budžeta finansējums – 4 800 770 EUR",
                 {"funding-parts": "Atbalsts izglītojamo individuālo kompetenču attīstībai: total "
                                   "32005188 EUR, but its 2 parts add up to 32005179 EUR"},
                 ["32005188", "32005179"], id="state-part"),
    pytest.param("līdz 12 mēnešiem 346 61,3%", "līdz 12 mēnešiem 347 61,3%",
                 {"table-totals": 'group "Bezdarba ilgums" adds up to 565, the "Kopā" row says 564',
                  "table-percents": 'row "līdz 12 mēnešiem", column "Kopā": 347 of 564 is 61.52 %, '
                                    "the table says 61.3 %"},
                 ["564", "565"], id="table1-count"),
    pytest.param("3 gadi un vairāk 120 21,2%", "3 gadi un vairāk 120 23,2%",
                 {"table-percents": 'row "3 gadi un vairāk", column "Kopā": 120 of 564 is 21.28 %, '
                                    "the table says 23.2 %"},
                 ["23.2", "120", "564"], id="table1-percent"),
    pytest.param(" 140 78 218 38,7%", " 140 78 219 38,7%",
                 {"table-total-columns": 'row "Ilgstošie bezdarbnieki" (Romu reģistrētie '
                                         'bezdarbnieki): the cells add up to 218, the "Kopā" column '
                                         "says 219"},
                 ["219", "218"], id="table2-count"),
    pytest.param("kvalifikācijas paaugstināšana 8 7", "kvalifikācijas paaugstināšana 9 7",
                 {"table-totals": 'column "2017": the rows add up to 1231, the "Kopā konkrētajos '
                                  'pasākumos iesaistījušos skaits" row says 1230'},
                 ["1230", "1231"], id="table3-count"),
]


@pytest.mark.parametrize(("old", "new", "expected", "values"), MUTATIONS)
def test_checks_flag_each_sum_when_one_part_is_changed(tmp_path, old, new, expected, values) -> None:
    path = mutated(tmp_path, old, new)
    raw = path.read_text(encoding="utf-8")
    with build(tmp_path, path) as store:
        findings = run_checks(store)
    errors = by_check(findings, "error")
    assert set(errors) == set(expected)
    for check_id, message in expected.items():
        [finding] = errors[check_id]
        assert message in finding.message
    first = errors[next(iter(expected))][0]
    assert [s.value for s in first.sides] == values
    for side in first.sides:
        assert side.report == URIRef(f"{B}report/romu-integracija-2018")
        assert side.sentence_text and side.start is not None and side.end is not None
        assert 0 <= side.start < side.end <= len(raw)
    # the first side is where the report states the changed or total figure
    stated = re.sub(r"\s", "", raw[first.sides[0].start:first.sides[0].end]).replace(",", ".")
    assert first.sides[0].value in stated


# ---------------------------------------------------------------------------- across reports

def test_checks_across_reports_find_the_planted_disagreements(years_store, sample_store) -> None:
    findings = run_checks(years_store)
    found = by_check([f for f in findings if f.severity != "info"])
    assert set(found) == {"cross-table-values", "cross-project-amount"}
    # the only infos are the sample report's own
    infos = {(f.check, f.message) for f in findings if f.severity == "info"}
    assert infos == {(f.check, f.message) for f in run_checks(sample_store)}

    [table] = found["cross-table-values"]
    assert table.message.endswith("Apmācību pasākumi / Neformālā apmācība (t.sk. valsts valoda) | "
                                  "2017: 45 in romu-integracija-2017, 43 in romu-integracija-2018")
    assert table.subject == URIRef(
        f"{B}indicator/informacija-par-romu-bezdarbnieku-iesaisti-dazados-esf-un-va-785163af")
    old, new = table.sides
    assert (old.value, old.report) == ("45", URIRef(f"{B}report/romu-integracija-2017"))
    assert (new.value, new.report) == ("43", URIRef(f"{B}report/romu-integracija-2018"))
    assert old.sentence_text.startswith("2.tabula. Informācija par romu bezdarbnieku iesaisti")
    assert old.sentence_text.endswith("Apmācību pasākumi / Neformālā apmācība (t.sk. valsts "
                                      "valoda) | 2017")
    assert new.sentence_text.startswith("3.tabula.")
    raw17 = (CHECKS / "romu-integracija-2017.txt").read_text(encoding="utf-8")
    assert "Neformālā apmācība (t.sk. valsts valoda) 39 45" in raw17[old.start:old.end]
    raw18 = SAMPLE.read_text(encoding="utf-8")
    assert "Neformālā apmācība (t.sk. valsts valoda) 43 40" in raw18[new.start:new.end]

    [amount] = found["cross-project-amount"]
    assert amount.message == "Ame Roma: 1500 EUR in romu-integracija-2018, 1800 EUR in " \
                             "romu-integracija-2019"
    assert amount.subject == URIRef(f"{B}project/ame-roma")
    a, b = amount.sides
    assert (a.value, a.report, a.sentence_text) == (
        "1500", URIRef(f"{B}report/romu-integracija-2018"), "Projekta finansējums: 1500 euro.")
    assert (b.value, b.report, b.sentence_text) == (
        "1800", URIRef(f"{B}report/romu-integracija-2019"), "Projekta finansējums: 1800 euro.")
    raw19 = (CHECKS / "romu-integracija-2019.txt").read_text(encoding="utf-8")
    assert raw18[a.start:a.end].strip() == "Projekta finansējums: 1500 euro."
    assert raw19[b.start:b.end].strip() == "Projekta finansējums: 1800 euro."


def test_aggregates_other_report_total_covers_its_list(years_store) -> None:
    rows = years_store.query("""
        PREFIX rg: <https://w3id.org/reportgraph/ontology#> PREFIX schema: <https://schema.org/>
        SELECT ?value ?count (COUNT(?item) AS ?n) WHERE {
          ?t a rg:StatedTotal ; schema:value ?value ; rg:itemCount ?count ; rg:totalOf ?item .
          FILTER(STRSTARTS(STR(?t), "https://w3id.org/reportgraph/id/report/romu-integracija-2019"))
        } GROUP BY ?value ?count""").dicts()
    assert [(r["value"].toPython(), r["count"].toPython(), r["n"].toPython()) for r in rows] == [
        (3300, 2, 2)]


def test_aggregates_rules_on_written_excerpts(tmp_path) -> None:
    text = dump("""
Informatīvais ziņojums par romu kopienas atbalstu 2021.gadā
 I Atbalsts biedrībām.
2021.gadā kopumā atbalstīti trīs projekti ar kopējo finansējumu 4200 euro.
Biedrība „Vārpa” Liepājā īstenoja projektu „Romu tradīciju diena”. Projekta finansējums: 1200 euro.
Biedrība „Sauleszieds” Cēsīs īstenoja projektu „Dziesmu vakari”. Projekta finansējums: 1500 euro.
Biedrība „Varavīksne” Bauskā īstenoja projektu „Amatu skola”. Projekta finansējums: 1500 euro.
Biedrība „Rīts” Talsos īstenoja projektu „Vasaras nometne”. Projekta finansējums: 900 euro.
 II Citi pasākumi.
Biedrība „Ceļš” Ogrē īstenoja projektu „Romu kino vakari”. Projekta kopējais finansējums bija 700 euro.
""")
    path = tmp_path / "romu-atbalsts-2021.txt"
    path.write_text(text, encoding="utf-8")
    _, g = report_graph(path)
    [total] = g.subjects(RDF.type, RG.StatedTotal)
    assert g.value(total, SCHEMA.value).toPython() == 4200
    assert g.value(total, RG.itemCount).toPython() == 3
    names = {str(p).rsplit("/", 1)[1] for p in g.objects(total, RG.totalOf)}
    # with a count, the first that many amounts after it; a project's own total is no aggregate
    assert names == {"romu-tradiciju-diena", "dziesmu-vakari", "amatu-skola"}
    # without a count and without section indexes no list can be told apart
    bare = Graph()
    bare += g
    bare.remove((None, RG.sectionIndex, None))
    bare.remove((None, RG.itemCount, None))
    report = URIRef(f"{B}report/romu-atbalsts-2021")
    for s in list(bare.subjects(RDF.type, RG.Sentence)):
        text_s = str(bare.value(s, RDF.value))
        if "trīs projekti" in text_s:
            bare.set((s, RDF.value, Literal(text_s.replace("trīs projekti", "projekti"))))
    again = stated_totals(bare, report)
    [t2] = again.subjects(RDF.type, RG.StatedTotal)
    assert (t2, RG.itemCount, None) not in again and (t2, RG.totalOf, None) not in again


# ---------------------------------------------------------------------------- dates and names

@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser
def test_checks_dates_and_implementers_in_written_graphs(tmp_path) -> None:
    ds = Dataset()
    ds.parse(CHECKS / "dates.trig", format="trig")
    with open_store(tmp_path / "store") as store:
        for g in ds.graphs():
            if str(g.identifier).startswith("https://example.org/"):
                store.replace_graph(g.identifier, g)
        findings = run_checks(store)
    got = {(f.check, f.message) for f in findings}
    assert got == {
        ("project-dates", "Zaļā skola: ends 2019-03-31 before it starts 2019-05-01"),
        ("cross-project-dates", "Kopā: starts 2019-01 in zinojums-2019, 2019-03 in zinojums-2020"),
        ("cross-project-implementer",
         "Kopā: implemented by Saule in zinojums-2019, by Mēness in zinojums-2020"),
    }
    dates = next(f for f in findings if f.check == "project-dates")
    assert [(s.value, s.sentence_text, s.start, s.end) for s in dates.sides] == [
        ("2019-05-01", "Projekts „Zaļā skola” uzsākts 2019.gada 1.maijā.", 100, 150),
        ("2019-03-31", "Projekts „Zaļā skola” noslēdzās 2019.gada 31.martā.", 151, 201),
    ]
    assert dates.severity == "error"


def test_checks_event_outside_its_project(tmp_path) -> None:
    path = tmp_path / "romu-integracija-2020.txt"
    path.write_text(dump("""
Informatīvais ziņojums par Latvijas romu integrācijas pasākumu īstenošanu 2020.gadā
 I Atbalsts romu integrācijas aktivitātēm.
Biedrība „Ludzas romu centrs” 2020.gadā īstenoja projektu „Romu vēstures stāsti” Ludzā. Projekts ir īstenots laika posmā 01.03.2020.-30.06.2020.
2020.gada 12.augustā projekta „Romu vēstures stāsti” ietvaros Ludzā notika seminārs, kurā piedalījās 25 dalībnieki.
2020.gada 5.maijā projekta „Romu vēstures stāsti” ietvaros Ludzā notika darbnīca, kurā piedalījās 12 dalībnieki.
"""), encoding="utf-8")
    with build(tmp_path, path) as store:
        findings = run_checks(store)
    assert [(f.check, f.severity) for f in findings] == [("event-outside-project", "warning")]
    [f] = findings
    assert "(2020-08-12) is part of Romu vēstures stāsti, which ends 2020-06-30" in f.message
    project_side, event_side = f.sides
    assert project_side.value == "2020-06-30"
    assert project_side.sentence_text == "Projekts ir īstenots laika posmā 01.03.2020.-30.06.2020."
    assert event_side.value == "2020-08-12"
    assert event_side.sentence_text.startswith("2020.gada 12.augustā projekta „Romu vēstures")


# ---------------------------------------------------------------------------- output and CLI

def test_checks_format_json_and_table(years_store) -> None:
    findings = run_checks(years_store, ["cross-project-amount", "name-drift"])
    doc = json.loads(format_findings(findings, "json"))
    assert doc["counts"] == {"error": 0, "warning": 1, "info": 3}
    first = doc["findings"][0]
    assert first["check"] == "cross-project-amount"
    assert first["sides"][0]["report"] == f"{B}report/romu-integracija-2018"
    assert first["sides"][0]["text"] == "Projekta finansējums: 1500 euro."
    assert isinstance(first["sides"][0]["start"], int)
    table = format_findings(findings, "table", {"id": B})
    assert table.startswith("WARNING cross-project-amount: Ame Roma: 1500 EUR in")
    assert "[2] 1800  id:report/romu-integracija-2019 [" in table
    assert table.endswith("4 findings: 0 errors, 1 warning, 3 infos\n")
    assert format_findings([], "table") == "no findings\n"


@pytest.fixture()
def error_store_path(tmp_path) -> Path:
    path = mutated(tmp_path, "Kopējais piešķirtais finansējums ir 7596 eiro",
                   "Kopējais piešķirtais finansējums ir 7696 eiro")
    build(tmp_path, path, name="errors").close()
    return tmp_path / "errors"


def test_check_cli_exit_codes(error_store_path) -> None:
    runner = CliRunner()
    ok = runner.invoke(check, ["--store", str(error_store_path), "--only", "stated-total"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("ERROR   stated-total: stated total 7696 EUR")
    strict = runner.invoke(check, ["--store", str(error_store_path), "--strict"])
    assert strict.exit_code == 1
    quiet = runner.invoke(check, ["--store", str(error_store_path), "--strict",
                                  "--only", "name-drift,table-totals"])
    assert quiet.exit_code == 0 and "ERROR" not in quiet.output
    as_json = runner.invoke(check, ["--store", str(error_store_path), "-f", "json",
                                    "--only", "stated-total"])
    assert json.loads(as_json.output)["counts"]["error"] == 1


def test_check_cli_errors_are_one_line(tmp_path) -> None:
    runner = CliRunner()
    missing = runner.invoke(check, ["--store", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert missing.output.startswith(f"Error: no store at {tmp_path / 'nowhere'}")
    assert len(missing.output.strip().splitlines()) == 1
    unknown = runner.invoke(check, ["--list", "--only", "nope"])
    assert unknown.exit_code == 2
    assert unknown.output.startswith("Error: unknown check 'nope' (known: ")


def test_check_cli_list() -> None:
    result = CliRunner().invoke(check, ["--list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(list_checks())
    assert any(line.startswith("stated-total") and " error " in line for line in lines)


def test_check_cli_uses_the_global_store(error_store_path) -> None:
    @click.group()
    @click.option("--store", type=click.Path(path_type=Path))
    @click.pass_context
    def root(ctx: click.Context, store: Path | None) -> None:
        ctx.obj = Settings(store, B)

    root.add_command(check)
    result = CliRunner().invoke(root, ["--store", str(error_store_path), "check", "--strict",
                                       "--only", "stated-total"])
    assert result.exit_code == 1
    assert "about id:report/romu-integracija-2018/total/" in result.output
    assert "“Kopējais piešķirtais finansējums ir 7696 eiro.”" in result.output


def test_check_cli_help() -> None:
    result = CliRunner().invoke(check, ["--help"])
    assert result.exit_code == 0 and "--strict" in result.output and "Exit codes" in result.output

