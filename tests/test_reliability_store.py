"""Issue 18, the smaller cases: a stale lock, a damaged store, updates where only queries run,
and CSV cells that a spreadsheet would run as formulas."""

import csv
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from reportgraph.cli.main import cli
from reportgraph.errors import StoreError, StoreLockedError
from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.publish.csvviews import csv_bytes, spreadsheet_safe
from reportgraph.queries.listing import refresh_listings

ROOT = Path(__file__).resolve().parent.parent
RG = "https://w3id.org/reportgraph/ontology#"
NASTY = ['=HYPERLINK("http://x.example";"klikšķini")', "+cmd|' /C calc'!A0", "-2+3+cmd|calc!A0",
         "@SUM(1+1)*cmd|calc!A0", "\t=1+1", "\r=1+1"]


def invoke(*args):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture
def built(tmp_path) -> Path:
    store = tmp_path / "s"
    r = invoke("--store", str(store), "build", str(ROOT / "tests" / "excerpts" / "a.txt"))
    assert r.exit_code == 0, r.output
    return store


def test_reliability_stale_lock_names_the_writer_and_what_holds_it(built):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = int(ended.stdout)
    holder = textwrap.dedent(f"""
        import fcntl, os, sys, time
        fd = os.open({str(built / 'reportgraph.lock')!r}, os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0); os.write(fd, b"{dead}\\n")
        print("ready", flush=True)
        time.sleep(30)
    """)
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as err:
            open_store(built)
        message = str(err.value)
        assert "stale lock" in message and str(dead) in message and str(proc.pid) in message
        with open_store_for_reading(built) as st:  # readers are not stopped by it
            assert len(st.graphs()) == 1
    finally:
        proc.kill()
        proc.wait()
    with open_store(built) as st:  # the kernel released it with its process
        assert len(st.graphs()) == 1


def test_reliability_lock_file_is_not_inherited_and_records_the_writer(built):
    with open_store(built):
        assert (built / "reportgraph.lock").read_text().strip() == str(os.getpid())
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
        lock_fds = [fd for fd in fds if os.path.realpath(f"/proc/self/fd/{fd}").endswith(
            "reportgraph.lock")]
        assert lock_fds and not any(os.get_inheritable(fd) for fd in lock_fds)


def test_reliability_damaged_store_says_what_and_how_to_recover(built, tmp_path):
    for current in [built / "CURRENT", *built.glob("reportgraph-snapshots/*/CURRENT")]:
        current.write_bytes(b"MANIFEST-0000")  # cut short: no newline
    for args in (("build", str(ROOT / "tests" / "excerpts" / "b.txt")), ("query", "projects")):
        line = one_error_line(invoke("--store", str(built), *args))
        assert "damaged" in line and "CURRENT file does not end with newline" in line
        assert "rebuild" in line and "restore" in line
    (built / "CURRENT").unlink()
    with pytest.raises(StoreError, match="damaged .*CURRENT file is missing.*rebuild"):
        open_store(built)


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR DEFAULT",
                                    "PREFIX x: <http://x.example/> INSERT DATA { x:a x:b x:c }",
                                    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x>"])
def test_reliability_updates_are_refused_where_only_queries_run(built, update):
    r = invoke("--store", str(built), "sparql", update)
    assert r.exit_code == 2
    assert "updates" in one_error_line(r) and "not allowed" in one_error_line(r)
    assert "malformed" not in r.stderr
    with open_store_for_reading(built) as st:
        assert len(st.graphs()) == 1  # nothing was dropped


def test_reliability_csv_cells_are_neutralised_for_spreadsheets():
    for text in NASTY:
        assert spreadsheet_safe(text) == "'" + text
    for text in ("-5", "+3.5", "-1.2e3", ".5", "Kopā", "", "ESF; EU", "e-pasts", "a=b"):
        assert spreadsheet_safe(text) == text  # numbers stay numbers, other text as it is
    rows = list(csv.reader(io.StringIO(csv_bytes("v", [{"a": t, "n": "-5"} for t in NASTY])
                                       .decode("utf-8"), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in NASTY] and {r[1] for r in rows[1:]} == {"-5"}


def test_reliability_published_csv_is_safe_while_rdf_and_query_csv_keep_the_text(built, tmp_path):
    with open_store(built) as st:
        graph = URIRef("https://w3id.org/reportgraph/id/graph/injected")
        triples = []
        for i, name in enumerate(NASTY):
            p = URIRef(f"https://w3id.org/reportgraph/id/project/injected-{i}")
            triples += [(p, RDF.type, URIRef(RG + "Project")), (p, RDFS.label, Literal(name))]
        st.replace_graph(graph, triples)
        refresh_listings(st)
    out = tmp_path / "pub"
    r = invoke("--store", str(built), "publish", str(out))
    assert r.exit_code == 0, r.output
    text = (out / "projects.csv").read_bytes().decode("utf-8")  # keeps a CR in a cell
    labels = {row["label"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert {"'" + t for t in NASTY} <= labels
    assert not any(label.startswith(("=", "+", "-", "@", "\t", "\r")) for label in labels)
    q = invoke("--store", str(built), "query", "projects", "-f", "csv")
    query_labels = {row["label"] for row in csv.DictReader(io.StringIO(q.stdout, newline=""))}
    assert set(NASTY) <= query_labels  # SPARQL CSV: the exact text
    nt = invoke("--store", str(built), "export", "--format", "nt")
    assert '"=HYPERLINK(\\"http://x.example\\";\\"klikšķini\\")"' in nt.stdout
