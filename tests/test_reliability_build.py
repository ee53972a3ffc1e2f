"""A build killed at any moment: no process left, no lock left, readers answer; readers during a
build read whole reports (issue 18). Real processes on temporary folders, bounded in time."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgraph.graph.store import INDEX_GRAPHS, open_store_for_reading

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 60

GRAPHS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
          f"FILTER(!STRSTARTS(STR(?g), '{INDEX_GRAPHS}')) }} GROUP BY ?g")
UNION = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(!STRSTARTS(STR(?g), '{INDEX_GRAPHS}')) }} }}")


def cli(*args: str, timeout: float = BUILD_TIMEOUT, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgraph", *args], check=False, capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, **kw)


def start_build(store: Path, corpus: Path) -> subprocess.Popen:
    """`build -j 2` in its own process group (so that every process it starts can be found)."""
    return subprocess.Popen([sys.executable, "-m", "reportgraph", "--store", str(store), "build",
                             "-j", "2", str(corpus)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def live_group(pgid: int) -> list[int]:
    """The processes of a process group that still run (zombies awaiting a reaper do not)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


def open_files(pid: int) -> list[str]:
    out = []
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                out.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                pass
    except OSError:
        pass
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_report) -> Path:
    """Six reports under different names: two copies of the sample, the four test excerpts."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("romu-a", "romu-b"):
        shutil.copy(sample_report, folder / f"{name}.txt")
    for excerpt in sorted((ROOT / "tests" / "excerpts").glob("*.txt")):
        shutil.copy(excerpt, folder / f"excerpt-{excerpt.stem}.txt")
    return folder


@pytest.fixture
def seed(tmp_path) -> Path:
    """A small report built first, so that a store exists before any kill."""
    path = tmp_path / "seed.txt"
    shutil.copy(ROOT / "tests" / "excerpts" / "a.txt", path)
    return path


def graph_counts(store: Path) -> dict[str, int]:
    """Each report graph's size, after checking the union is exactly the union of the graphs."""
    with open_store_for_reading(store) as st:
        counts = {str(g): int(n) for g, n in st.query(GRAPHS).rows}
        union = int(st.query(UNION).rows[0][0])
        distinct = int(st.query(DISTINCT).rows[0][0])
    assert union == distinct, "the union graph is not the union of the report graphs"
    return counts


def built_counts(stdout: str) -> dict[str, int]:
    """graph -> triples, from build's lines `name.txt: N triples, ... -> <graph>`."""
    out = {}
    for line in stdout.splitlines():
        if " triples, " in line and "-> <" in line:
            out[line.rsplit("<", 1)[1].rstrip(">")] = int(line.split(": ", 1)[1].split()[0])
    return out


def test_reliability_killed_build_leaves_nothing_behind(tmp_path, corpus, seed):
    store = tmp_path / "store"
    assert cli("--store", str(store), "build", str(seed)).returncode == 0
    rng = random.Random(18)
    seen: list[dict[str, int]] = []
    killed = 0
    for _ in range(14):
        if killed == 10:
            break
        moment = rng.uniform(0.2, 2.5)
        build = start_build(store, corpus)
        time.sleep(moment)
        if build.poll() is None:
            killed += 1
            for pid in live_group(build.pid):  # workers never hold the lock or store files
                if pid != build.pid:
                    assert not [f for f in open_files(pid) if f.startswith(str(store))], pid
            os.kill(build.pid, signal.SIGKILL)
        _, err = build.communicate(timeout=BUILD_TIMEOUT)
        assert build.returncode in (0, -signal.SIGKILL), err
        deadline = time.monotonic() + 5
        while live_group(build.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert live_group(build.pid) == [], f"processes of the build left after a kill at {moment:.2f} s"
        answer = cli("--store", str(store), "query", "projects", "-f", "csv", timeout=30)
        assert answer.returncode == 0, answer.stderr
        assert answer.stdout.startswith("project,label")
        seen.append(graph_counts(store))
    assert killed == 10
    rerun = cli("--store", str(store), "build", "-j", "2", str(corpus))
    assert rerun.returncode == 0, rerun.stderr
    final = built_counts(rerun.stdout)
    assert len(final) == 6
    counts = graph_counts(store)
    assert {g: counts[g] for g in final} == final
    for state in seen:  # after every kill: whole reports only, as built
        assert all(state[g] == final[g] for g in state if g in final), state


def test_reliability_queries_answer_while_a_build_writes(tmp_path, corpus, seed):
    store = tmp_path / "store"
    assert cli("--store", str(store), "build", str(seed)).returncode == 0
    before = graph_counts(store)
    build = start_build(store, corpus)
    answers: list[dict[str, int]] = []
    errors: list[str] = []
    during = 0
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT
        # at least 20 answers, and more while the build runs and no report has appeared yet
        # (starting the workers can take seconds on a loaded machine)
        while (len(answers) < 20 or (len({tuple(sorted(a)) for a in answers}) < 2
                                     and build.poll() is None)) and time.monotonic() < deadline:
            running = build.poll() is None
            try:
                answers.append(graph_counts(store))
                during += running
            except Exception as exc:  # noqa: BLE001 - every error is a failure, collected
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.15)
        listing = cli("--store", str(store), "query", "projects", "--limit", "5", timeout=30)
        listing_during = build.poll() is None
        out, err = build.communicate(timeout=BUILD_TIMEOUT)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    assert errors == [] and len(answers) >= 20
    assert build.returncode == 0, err
    assert during >= 15, f"only {during} of the queries ran during the build"
    assert listing.returncode == 0 and listing.stdout.startswith("project"), listing.stderr
    assert listing_during or listing.returncode == 0
    final = {**before, **built_counts(out)}
    assert graph_counts(store) == final
    for state in answers:  # the state before or after each report: whole graphs, never half
        assert set(state) >= set(before)
        assert all(state[g] == final[g] for g in state), state
    assert len({tuple(sorted(a)) for a in answers}) >= 2  # reports appeared while it ran
