"""Bad input and faults: one clear line, a non-zero exit, no traceback, no half-written store."""

import os

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgraph.cli.main import cli
from reportgraph.extract.read.reader import read_report
from reportgraph.graph.sparql import uses_service
from reportgraph.ontology.iri import mint, slugify

LATVIAN = "Informatīvais ziņojums par romu integrācijas pasākumu īstenošanu 2019.gadā\n\n" \
          "Biedrība „Ceļš” īstenoja projektu „Mūsu Ludza” Ludzā. Projekta finansējums: 900 euro.\n"


def invoke(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env)
    assert "Traceback" not in result.output
    return result


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_reliability_windows_1257_is_named_and_converts_with_encoding(tmp_path):
    path = tmp_path / "zinojums-2019.txt"
    path.write_bytes(LATVIAN.encode("cp1257"))
    store = str(tmp_path / "s")
    r = invoke("--store", store, "build", str(path))
    assert r.exit_code == 2
    line = one_error_line(r)
    assert "zinojums-2019.txt" in line and "cp1257" in line
    assert not (tmp_path / "s").exists() or invoke("--store", store, "query", "projects").exit_code != 0 \
        or "Mūsu Ludza" not in invoke("--store", store, "query", "projects").stdout
    r = invoke("--store", store, "build", "--encoding", "cp1257", str(path))
    assert r.exit_code == 0, r.output
    assert "Mūsu Ludza" in invoke("--store", store, "query", "projects").stdout


@pytest.mark.parametrize("content,expected", [
    (b"", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary"),
    (b"PK\x03\x04\x14\x00\x06\x00", "DOCX"),
])
def test_reliability_unusable_files(tmp_path, content, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    r = invoke("--store", str(tmp_path / "s"), "build", str(path))
    assert r.exit_code == 2
    line = one_error_line(r)
    assert "bad.txt" in line and expected in line


def test_reliability_text_without_entities_builds(tmp_path):
    path = tmp_path / "tukss.txt"
    path.write_text("Šis teksts ir par laikapstākļiem. Šodien līst lietus.\n", encoding="utf-8")
    r = invoke("--store", str(tmp_path / "s"), "build", str(path))
    assert r.exit_code == 0, r.output
    assert "tukss.txt:" in r.stdout


def test_reliability_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "liels.txt"
    path.write_text(LATVIAN * 50, encoding="utf-8")
    r = invoke("--store", str(tmp_path / "s"), "build", str(path), env={"REPORTGRAPH_MAX_MB": "0.001"})
    assert r.exit_code == 2
    assert "larger than" in one_error_line(r)
    read_report(path, max_bytes=os.path.getsize(path))  # at the limit it is read


def test_reliability_service_clause_is_refused_unless_allowed(tmp_path, sample_report):
    store = str(tmp_path / "s")
    path = tmp_path / "z.txt"
    path.write_text(LATVIAN, encoding="utf-8")
    assert invoke("--store", store, "build", str(path)).exit_code == 0
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = invoke("--store", store, "sparql", q)
    assert r.exit_code == 2 and "SERVICE" in one_error_line(r)
    r = invoke("--store", store, "sparql", "--allow-service", q)
    assert r.exit_code == 2 and "SERVICE call failed" in one_error_line(r)


@pytest.mark.parametrize("query,expected", [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * { service silent <http://x/> { ?s ?p ?o } }", True),
    ('SELECT * { ?s ?p "SERVICE" }', False),
    ("SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE in a comment", False),
])
def test_reliability_service_detection(query, expected):
    assert uses_service(query) is expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_reliability_slugify_never_fails_is_idempotent_and_ascii(text):
    s = slugify(text)
    assert s and s.isascii() and slugify(s) == s
    assert s == slugify(text)  # stable
    assert mint("https://x.lv/id/", "project", text) == mint("https://x.lv/id/", "project", text)


def test_reliability_invalid_shapes_and_ontology_files_are_named(tmp_path):
    from reportgraph.errors import DataFileError
    from reportgraph.ontology.resources import parse_turtle

    path = tmp_path / "z.txt"
    path.write_text(LATVIAN, encoding="utf-8")
    store = str(tmp_path / "s")
    assert invoke("--store", store, "build", str(path)).exit_code == 0
    bad = tmp_path / "bad-shapes.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nex:x a sh:NodeShape", encoding="utf-8")
    r = invoke("--store", store, "validate", "--shapes", str(bad))
    assert r.exit_code == 2
    line = one_error_line(r)
    assert "invalid shapes file" in line and "bad-shapes.ttl" in line
    broken = tmp_path / "onto.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(DataFileError, match="invalid ontology file .*onto.ttl"):
        parse_turtle([broken], "ontology")


def test_reliability_timeout_stops_a_runaway_query(tmp_path, sample_report):
    store = str(tmp_path / "s")
    assert invoke("--store", store, "build", str(sample_report)).exit_code == 0
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    r = invoke("--store", store, "sparql", "--timeout", "0.5", runaway)
    assert r.exit_code == 2
    assert "time" in one_error_line(r).lower()
