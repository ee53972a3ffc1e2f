"""End to end on the sample report through the CLI: build, validate, the analyst's question, why, export."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from reportgraph.cli.main import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_report):
    path = tmp_path_factory.mktemp("e2e") / "store"
    result = CliRunner().invoke(cli, ["--store", str(path), "build", str(sample_report)])
    assert result.exit_code == 0, result.output
    assert "romu-integracija-2018.txt:" in result.stdout
    return path


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    assert "Traceback" not in result.output
    return result


def rows(result):
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_e2e_esf_projects_in_kurzeme(store):
    result = run(store, "query", "projects-by-fund-region", "--param", "fund=ESF",
                 "--param", "region=Kurzeme", "--format", "csv")
    assert result.exit_code == 0, result.output
    labels = {r["label"] for r in rows(result)}
    assert "PROTI un DARI!" in labels
    assert "Kultūra mūs vieno!" not in labels  # in Kurzeme, but not ESF-funded


def test_e2e_projects_table_row(store):
    result = run(store, "query", "projects", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = rows(result)
    assert set(table[0]) == {"project", "label", "funds", "amountEUR", "places", "regions",
                             "implementers", "start", "end"}
    (row,) = [r for r in table if r["label"] == "Kultūra mūs vieno!"]
    assert row["amountEUR"] == "1600"
    assert "Sabile" in row["places"].split("; ")
    assert any("Kurzem" in r for r in row["regions"].split("; "))
    assert row["start"] == "2018-05-01" and row["end"] == "2018-11-25"
    (proti,) = [r for r in table if r["label"] == "PROTI un DARI!"]
    assert "ESF" in proti["funds"].split("; ")


def test_e2e_validate_conforms(store):
    result = run(store, "validate")
    assert result.exit_code == 0, result.output


def test_e2e_json_results_are_w3c(store):
    result = run(store, "query", "projects-by-fund-region", "--param", "fund=EU",
                 "--param", "region=kurzeme", "--format", "json")
    doc = json.loads(result.stdout)
    assert "project" in doc["head"]["vars"]
    labels = {b["label"]["value"] for b in doc["results"]["bindings"]}
    assert "PROTI un DARI!" in labels  # EU includes ESF


def test_e2e_why_shows_source_sentence(store):
    result = run(store, "why", "project/kultura-mus-vieno")
    assert result.exit_code == 0, result.output
    assert "Projekta īstenošanai piešķirtais finansējums bija 1600 euro." in result.stdout


def test_e2e_export_trig_round_trips(store, tmp_path):
    out = tmp_path / "g.trig"
    result = run(store, "export", "--format", "trig", "-o", str(out))
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/reportgraph/id/graph/romu-integracija-2018" in names
    again = run(store, "export", "--format", "trig", "-o", str(out))
    assert again.exit_code == 2 and "exists" in again.stderr  # no silent overwrite


def test_e2e_rebuild_replaces_graph(store, sample_report):
    before = run(store, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv")
    again = run(store, "build", str(sample_report))
    assert again.exit_code == 0
    after = run(store, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv")
    assert rows(before) == rows(after)


@pytest.mark.parametrize("args,message", [
    (["query", "no-such-query"], "unknown query 'no-such-query'"),
    (["sparql", "SELECT ?x WHERE { ?x ex:p 1 }"], "malformed SPARQL"),
])
def test_e2e_bad_input_one_line_error(store, args, message):
    result = run(store, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
