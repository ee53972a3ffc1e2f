"""`reportgraph extract REPORT... -o DIR` (no store) then `reportgraph load DIR` = `build`."""

import re
import subprocess
import sys

from click.testing import CliRunner

from reportgraph.cli.main import cli
from reportgraph.graph.nquads import read_report_file
from tests.test_build_batch import make_reports

STAMP = re.compile(r'<http://www.w3.org/ns/prov#generatedAtTime> "[^"]*"')


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def exported(store):
    r = run("--store", store, "export", "--format", "nt")
    assert r.exit_code == 0, r.output
    return sorted(STAMP.sub("<stamp> _", line) for line in r.stdout.splitlines() if line)


def test_extract_writes_one_named_graph_per_report_without_a_store(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGRAPH_STORE", str(tmp_path / "never"))
    reports = make_reports(tmp_path / "r", 3)
    r = run("extract", "-j", "1", tmp_path / "r", "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    files = sorted((tmp_path / "out").glob("*.nq"))
    assert len(files) == 3
    assert not (tmp_path / "never").exists()  # no store was opened or created
    names = set()
    for f in files:
        name, triples = read_report_file(f)
        names.add(str(name))
        preds = {str(p) for _, p, _ in triples}
        assert "http://www.w3.org/ns/prov#wasDerivedFrom" in preds  # provenance travels along
        assert any(str(o).endswith(".txt") or "report/" in str(s) for s, _, o in triples)
    assert len(names) == 3
    assert not list((tmp_path / "out").glob(".*tmp"))  # nothing half written is left
    assert all(p.name in r.stdout for p in reports)


def test_load_gives_the_same_store_as_build(tmp_path):
    make_reports(tmp_path / "r", 3)
    assert run("extract", "-j", "1", tmp_path / "r", "-o", tmp_path / "out").exit_code == 0
    # two batches written separately (as two machines would) load into one store
    r = run("--store", tmp_path / "loaded", "load", tmp_path / "out")
    assert r.exit_code == 0, r.output
    b = run("--store", tmp_path / "built", "build", "-j", "1", tmp_path / "r")
    assert b.exit_code == 0, b.output
    assert exported(tmp_path / "loaded") == exported(tmp_path / "built")
    for name in ("projects", "actors", "events"):
        q1 = run("--store", tmp_path / "loaded", "query", name, "--format", "csv", "--all")
        q2 = run("--store", tmp_path / "built", "query", name, "--format", "csv", "--all")
        assert q1.exit_code == 0 and q1.stdout == q2.stdout
    # loading again replaces each graph: same store, nothing doubled
    assert run("--store", tmp_path / "loaded", "load", tmp_path / "out").exit_code == 0
    assert exported(tmp_path / "loaded") == exported(tmp_path / "built")


def test_load_reports_a_bad_file_and_loads_the_others(tmp_path):
    make_reports(tmp_path / "r", 2)
    assert run("extract", "-j", "1", tmp_path / "r", "-o", tmp_path / "out").exit_code == 0
    (tmp_path / "out" / "broken.nq").write_text("<a> <b> .\n")
    (tmp_path / "out" / "default.nq").write_text("<http://x/a> <http://x/b> <http://x/c> .\n")
    r = run("--store", tmp_path / "s", "load", tmp_path / "out")
    assert r.exit_code == 1
    assert "broken.nq: not N-Quads" in r.stderr and "default.nq: a triple in the default graph" in r.stderr
    assert "Traceback" not in r.output
    q = run("--store", tmp_path / "s", "query", "projects", "--format", "csv")
    assert sum(1 for line in q.stdout.splitlines() if "Mēs" in line) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("--store", tmp_path / "s", "load", empty)
    assert r.exit_code == 2 and "no .nq files" in r.stderr


def test_extract_bad_input_exit_codes(tmp_path):
    make_reports(tmp_path / "r", 1)
    (tmp_path / "r" / "bad.txt").write_bytes(b"\x00\x01 binary")
    r = run("extract", "-j", "1", tmp_path / "r", "-o", tmp_path / "out")
    assert r.exit_code == 1 and "bad.txt" in r.stderr
    assert len(list((tmp_path / "out").glob("*.nq"))) == 1
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "e.txt").write_bytes(b"")
    r = run("extract", "-j", "1", tmp_path / "only" / "e.txt", "-o", tmp_path / "out2")
    assert r.exit_code == 2 and "empty" in r.stderr


def test_extract_runs_under_xargs_in_parallel_then_load(tmp_path):
    """The README's worked example: one `extract` process per report (xargs -P 2), one load."""
    reports = make_reports(tmp_path / "r", 4)
    exe = [sys.executable, "-m", "reportgraph"]
    listing = "\n".join(str(p) for p in reports) + "\n"
    subprocess.run(["xargs", "-P", "2", "-n", "1", *exe, "extract", "-o", str(tmp_path / "out")],
                   input=listing, text=True, check=True, capture_output=True)
    assert len(list((tmp_path / "out").glob("*.nq"))) == 4
    done = subprocess.run([*exe, "--store", str(tmp_path / "s"), "load", str(tmp_path / "out")],
                          check=False, text=True, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(" triples -> <") == 4
