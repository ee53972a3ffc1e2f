"""The command line on the mini fixture: every command, exact error lines, exit codes."""

import csv
import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from reportgraph.cli import main as cli_main
from reportgraph.cli.main import cli
from reportgraph.graph.store import OxigraphStore, open_store

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.trig"
REAL = FIXTURES / "romu-integracija-2018.txt"
ID = "https://w3id.org/reportgraph/id/"
COMMANDS = ["build", "validate", "query", "sparql", "export", "why", "reindex"]
EXCERPT = textwrap.dedent("""\
    Pārskats par sabiedrības integrācijas pasākumiem Vidzemē 2019. gadā

    Valmieras novada pašvaldība 2019. gadā īstenoja projektu „Kopā Valmierā”, kura kopējais
    finansējums ir 12 500,00 euro, tai skaitā ESF finansējums 10 625,00 euro.
    Biedrība „Gaujas krasts” 2019. gada 12. oktobrī Cēsīs rīkoja semināru jaunatnes darbiniekiem,
    kurā piedalījās 48 dalībnieki.
    """)


def load_mini(path: Path) -> Path:
    ds = Dataset()
    ds.parse(MINI, format="trig")
    with OxigraphStore(path) as st:
        for g in ds.graphs():
            if len(g):
                st.replace_graph(g.identifier, g)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return load_mini(tmp_path / "store")


def run(*args: str, store: Path | None = None, **kw):
    argv = (["--store", str(store)] if store else []) + list(args)
    return CliRunner().invoke(cli, argv, **kw)


# ---------------------------------------------------------------------------- help

@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_cli_help(command: str | None) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: reportgraph")
    assert "Exit codes:" in result.stdout and "REPORTGRAPH_STORE" in result.stdout


def test_cli_python_m_help(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "reportgraph", "--help"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: reportgraph")
    assert all(c in proc.stdout for c in COMMANDS)


def test_cli_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("reportgraph, version ")


# ---------------------------------------------------------------------------- query

def test_cli_query_projects_table(store: Path) -> None:
    result = run("query", "projects", store=store)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["project", "label", "funds", "amountEUR", "places", "regions",
                                "implementers", "start", "end"]
    school = next(line for line in lines if line.startswith("id:project/ieklaujosa-skola"))
    assert "ESF; STATE" in school and "125000" in school and "Liepāja; Talsi; Ventspils" in school
    assert lines[-1] == "(5 rows)"


def test_cli_query_csv_and_json(store: Path) -> None:
    result = run("query", "projects-by-fund-region", "-p", "fund=EU", "-p", "region=Kurzeme",
                 "--format", "csv", store=store)
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["project", "label", "funds", "amountEUR", "regionLabel", "fund", "region"]
    assert [r[0] for r in table[1:]] == [ID + "project/digitala-biblioteka",
                                         ID + "project/ieklaujosa-skola"]
    assert result.stdout_bytes.count(b"\r\n") == 3  # W3C CSV lines end in CRLF
    result = run("query", "actors", "-f", "json", store=store)
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["actor", "type", "label", "acronym", "projects"]
    izm = next(b for b in doc["results"]["bindings"] if b["actor"]["value"].endswith("/izm"))
    assert izm["projects"] == {"type": "literal", "value": "1", "datatype": str(XSD.integer)}


def test_cli_query_list(store: Path) -> None:
    result = run("query", "--list", store=store)
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert names == ["actors", "events", "funding-by-region", "projects",
                     "projects-by-fund-region", "why"]
    assert "--param fund=…" in result.stdout
    paged = [line.split()[0] for line, after in zip(result.stdout.splitlines(),
                                                    result.stdout.splitlines()[1:])
             if not line.startswith(" ") and "a page at a time" in after]
    assert paged == ["actors", "events", "projects"]


def test_cli_query_unknown_name(store: Path) -> None:
    result = run("query", "nope", store=store)
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown query 'nope' (known: actors, events, "
                             "funding-by-region, projects, projects-by-fund-region, why)\n")
    assert result.stdout == ""


def test_cli_query_parameter_errors(store: Path) -> None:
    result = run("query", "projects-by-fund-region", "-p", "fund=EU", store=store)
    assert (result.exit_code, result.stderr) == (
        2, ("Error: query 'projects-by-fund-region' needs parameter 'region' "
            "(--param region=VALUE)\n"))
    result = run("query", "projects", "-p", "fund", store=store)
    assert (result.exit_code, result.stderr) == (
        2, "Error: --param expects KEY=VALUE, got 'fund'\n")
    result = run("query", store=store)
    assert result.exit_code == 2 and "missing query NAME" in result.stderr


def test_cli_query_injection_is_data(store: Path) -> None:
    result = run("query", "projects-by-fund-region", "-p", 'fund="> } ; DROP ALL', "-p",
                 "region=Kurzeme", "-f", "csv", store=store)
    assert result.exit_code == 0 and result.stdout_bytes.count(b"\r\n") == 1  # header only
    assert len(run("query", "projects", "-f", "csv", store=store).stdout.splitlines()) == 6


# ---------------------------------------------------------------------------- sparql

def test_cli_sparql_malformed(store: Path) -> None:
    result = run("sparql", "SELECT ?s WHERE { ?s ex:foo ?o }", store=store)
    assert (result.exit_code, result.stderr) == (
        2, "Error: malformed SPARQL: error at 1:28: undeclared prefix 'ex:'\n")
    result = run("sparql", "SELECT ?s WHERE {\n ?s ?p \n}", store=store)
    assert result.exit_code == 2
    assert re.fullmatch(r"Error: malformed SPARQL: error at 3:\d+: [^\n]+\n", result.stderr)
    assert "Traceback" not in result.output


def test_cli_sparql_standard_prefixes_file_and_stdin(store: Path, tmp_path: Path) -> None:
    q = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a rg:Project ; rg:fundingSource fund:STATE }"
    result = run("sparql", q, "-f", "csv", store=store)
    assert (result.exit_code, result.stdout_bytes) == (0, b"n\r\n2\r\n")
    f = tmp_path / "q.rq"
    f.write_text("PREFIX rg: <https://w3id.org/reportgraph/ontology#>\n" + q.replace("?n", "?m"))
    assert run("sparql", str(f), "-f", "csv", store=store).stdout == "m\n2\n"
    assert run("sparql", "-", "-f", "csv", store=store, input=q).stdout == "n\n2\n"
    result = run("sparql", str(tmp_path / "nope.rq"), store=store)
    assert result.stderr == f"Error: query file not found: {tmp_path / 'nope.rq'}\n"
    ask = run("sparql", "ASK { ?x a schema:Event }", store=store)
    assert ask.stdout == "true\n"


def test_cli_sparql_refuses_updates(store: Path) -> None:
    result = run("sparql", "DROP ALL", store=store)
    assert result.exit_code == 2 and result.stderr.startswith("Error: SPARQL updates (DROP) are not allowed")
    assert len(open_store(store, read_only=True).graphs()) == 2


# ---------------------------------------------------------------------------- build

def test_cli_build_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("build", str(missing), store=tmp_path / "s")
    assert (result.exit_code, result.stderr) == (2, f"Error: report file not found: {missing}\n")
    assert not (tmp_path / "s").exists()


def test_cli_build_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("build", str(empty), store=tmp_path / "s")
    assert (result.exit_code, result.stderr) == (2, f"Error: report file is empty: {empty}\n")


def test_cli_build_real_report_and_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "s"
    first = run("build", str(REAL), store=path)
    assert first.exit_code == 0, first.output
    m = re.fullmatch(r"romu-integracija-2018\.txt: (\d+) triples, (\d+) entities, (\d+) sentences,"
                     r" valid(?: \((\d+) warnings?\))?"
                     rf" -> <{ID}graph/romu-integracija-2018>\n", first.stdout)
    assert m, first.stdout
    assert int(m.group(1)) > 1000 and int(m.group(2)) > 20
    second = run("build", str(REAL), store=path)
    assert second.exit_code == 0
    with open_store(path, read_only=True) as st:
        assert st.graphs() == [URIRef(ID + "graph/romu-integracija-2018")]
        assert len(st.graph(st.graphs()[0])) == int(m.group(1))  # replaced, not added
    projects = run("query", "projects", "-f", "csv", store=path)
    assert projects.exit_code == 0 and projects.stdout.count("\n") > 5


def test_cli_build_refuses_a_graph_that_violates_the_shapes(tmp_path: Path, monkeypatch) -> None:
    """A report graph with a SHACL violation is not stored (exit 1, one line naming the report and
    the first violation); --no-validate stores it, and `validate` then shows the violation."""
    from reportgraph.extract.rdf import to_rdf

    original = to_rdf.RdfWriter.write_sentences

    def broken(self, sentences):  # every sentence loses its offsets' end: oa:end is required
        original(self, sentences)
        for t in list(self.g.triples((None, to_rdf.OA.end, None))):
            self.g.discard(t)

    monkeypatch.setattr(to_rdf.RdfWriter, "write_sentences", broken)
    path = tmp_path / "s"
    refused = run("build", str(REAL), store=path)
    assert refused.exit_code == 1, refused.output
    errors = [ln for ln in refused.stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith("Error: romu-integracija-2018.txt: ")
    assert "SHACL violation(s), not stored" in errors[0]
    assert not path.exists() or not open_store(path, read_only=True).graphs()
    stored = run("build", "--no-validate", str(REAL), store=path)
    assert stored.exit_code == 0, stored.output
    assert "valid" not in stored.stdout
    assert run("validate", store=path).exit_code == 1


def test_cli_build_own_excerpt_with_base(tmp_path: Path) -> None:
    report = tmp_path / "vidzeme-2019.txt"
    report.write_text(EXCERPT, encoding="utf-8")
    result = run("--base", "http://example.org/kg/", "build", str(report), store=tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("-> <http://example.org/kg/graph/vidzeme-2019>")
    ask = run("sparql", "ASK { ?r a rg:Report ; dct:source \"vidzeme-2019.txt\" }",
              store=tmp_path / "s")
    assert ask.stdout == "true\n"


def test_cli_build_while_store_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "s"
    script = textwrap.dedent(f"""
        import time
        from reportgraph.graph.store import open_store
        st = open_store({str(path)!r})
        print("ready", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        result = run("build", str(REAL), store=path)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: store {path} is being written by another process")
        assert f"PID {proc.pid}" in result.stderr
        assert result.stderr.count("\n") == 1
        # readers do not wait for the writer: they read its last committed snapshot
        reader = run("query", "projects", store=path)
        assert reader.exit_code == 0, reader.stderr
    finally:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------------------- validate

def test_cli_validate_conformant(store: Path) -> None:
    result = run("validate", store=store)
    assert (result.exit_code, result.stdout) == (0, "conformant: 2 report graphs, 0 warning(s)\n")


def test_cli_validate_violations_exit_1(tmp_path: Path) -> None:
    path = load_mini(tmp_path / "s")
    name = URIRef(ID + "graph/integracija-2019")
    with OxigraphStore(path) as st:
        g = st.graph(name)
        g.set((URIRef(ID + "project/ieklaujosa-skola"),
               URIRef("https://w3id.org/reportgraph/ontology#amountEUR"), Literal(125000)))
        st.replace_graph(name, g)
    result = run("validate", store=path)
    assert result.exit_code == 1
    out = result.stdout
    assert 'Violation: id:project/ieklaujosa-skola "Iekļaujoša skola"' in out
    assert "rg:amountEUR: rg:amountEUR is one xsd:decimal >= 0 (value: 125000)" in out
    assert "id:report/integracija-2019/s/1 [88-199]" in out
    # the assertion of the old value no longer matches a triple either
    assert "Violation: id:report/integracija-2019/a/01  (graph id:graph/integracija-2019)" in out
    assert out.endswith("2 violations, 0 warning(s) in 2 report graphs\n")


# ---------------------------------------------------------------------------- export

@pytest.mark.parametrize(("fmt", "rdflib_format", "quads"), [
    ("turtle", "turtle", False), ("nt", "nt", False), ("trig", "trig", True),
    ("jsonld", "json-ld", True)])
def test_cli_export_formats(store: Path, fmt: str, rdflib_format: str, quads: bool) -> None:
    result = run("export", "--format", fmt, store=store)
    assert result.exit_code == 0, result.stderr
    with open_store(store, read_only=True) as st:
        ds = st.dataset()
    union = {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}
    if quads:
        back = Dataset()
        back.parse(data=result.stdout_bytes, format=rdflib_format)
        sizes = sorted(len(g) for g in back.graphs() if len(g))
        assert sizes == sorted(len(g) for g in ds.graphs() if len(g))
    else:
        back = Graph()
        back.parse(data=result.stdout_bytes, format=rdflib_format)
        assert len(back) == len(union)


def test_cli_export_no_silent_overwrite(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    out.write_text("keep me")
    result = run("export", "-f", "turtle", "-o", str(out), store=store)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {out} exists (use --force to overwrite it)\n")
    assert out.read_text() == "keep me"
    assert run("export", "-f", "turtle", "-o", str(out), "--force", store=store).exit_code == 0
    assert len(Graph().parse(out, format="turtle")) > 400
    fresh = tmp_path / "new.nt"
    assert run("export", "-f", "nt", "-o", str(fresh), store=store).exit_code == 0
    assert fresh.read_text().count(" .\n") > 400


# ---------------------------------------------------------------------------- why

def test_cli_why(store: Path) -> None:
    result = run("why", "project/ieklaujosa-skola", store=store)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith('id:project/ieklaujosa-skola  "Iekļaujoša skola"\n')
    block = out.split("\nrg:implementedBy id:organization/izm")[1].split("\n\n")[0]
    assert "id:report/integracija-2018/s/1 [120-236]" in block
    assert "id:report/integracija-2019/s/1 [88-199]" in block
    assert '"IZM projekta „Iekļaujoša skola” kopējais finansējums' in block
    assert "\nmentioned in\n" in out
    same = run("why", f"<{ID}project/ieklaujosa-skola>", store=store).stdout
    assert same == out == run("why", "id:project/ieklaujosa-skola", store=store).stdout


def test_cli_why_unknown_entity(store: Path) -> None:
    result = run("why", "project/nav", store=store)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: nothing recorded about <{ID}project/nav> (no facts or mentions)\n")


# ---------------------------------------------------------------------------- store and errors

def test_cli_store_from_environment(store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "events", "-f", "csv"],
                                env={"REPORTGRAPH_STORE": str(store)})
    assert result.exit_code == 0 and result.stdout.count("\n") == 3
    missing = tmp_path / "none"
    result = CliRunner().invoke(cli, ["query", "events"], env={"REPORTGRAPH_STORE": str(missing)})
    assert (result.exit_code, result.stderr) == (
        2, f"Error: no store at {missing} (build one with `reportgraph build`)\n")
    # a subcommand's --store wins over the environment
    result = CliRunner().invoke(cli, ["query", "events", "--store", str(store)],
                                env={"REPORTGRAPH_STORE": str(missing)})
    assert result.exit_code == 0


def test_cli_unexpected_error_is_one_line(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(name: str):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli_main, "load_query", boom)
    result = run("query", "projects", store=store)
    assert (result.exit_code, result.stderr) == (
        2, "Error: internal error: RuntimeError: boom second line\n")
    assert "Traceback" not in result.output
