"""The bulk-loading write path (graph/bulkload.py): the same store as the transactional writer,
an interrupted load undone by the next writer, and `reportgraph load` killed (SIGKILL) at random
moments losing nothing: whole reports only, the union exactly the union of the report graphs."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from reportgraph.graph import bulkload
from reportgraph.graph.nquads import serialise_graph
from reportgraph.graph.store import OxigraphStore
from tests.test_reliability_build import ROOT, graph_counts, live_group

#: the data IRIs and the report graph's name, renamed in each copy
BASES = (b"https://w3id.org/reportgraph/id/", b"https://w3id.org/reportgraph/graph/")


def renamed(data: bytes, k: int) -> bytes:
    for base in BASES:
        data = data.replace(base, base + f"c{k}-".encode())
    return data


@pytest.fixture(scope="module")
def graphs(sample_extracted) -> list[tuple[str, bytes]]:
    """The sample's graph and 23 copies with every data IRI renamed (new reports, new entities;
    the gazetteer and fund concepts they share stay shared)."""
    data = serialise_graph(sample_extracted.graph_name, sample_extracted.triples)
    name = str(sample_extracted.graph_name).encode()
    out = []
    for k in range(24):
        copy = data if k == 0 else renamed(data, k)
        g = name if k == 0 else renamed(name, k)
        out.append((g.decode(), copy))
    return out


def all_quads(path: Path) -> set[ox.Quad]:
    """Every quad of the store but its data version (a random value per write)."""
    with OxigraphStore(path, read_only=True) as st:
        return {q for q in st._store().quads_for_pattern(None, None, None, None)
                if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.endswith("/version"))}


def test_bulk_and_transactional_writers_write_the_same_store(tmp_path, graphs):
    for mode in ("bulk", "checked", "tx"):  # checked: Oxigraph's lenient parsing
        with OxigraphStore(tmp_path / mode) as st:
            st.bulk = mode != "tx"
            counts = st.replace_graphs_nquads([(g, d) for g, d in graphs[:3]],
                                              checked=mode == "checked")
            st.replace_graph_nquads(*graphs[3])
            # replacing a graph (here by a smaller one) takes the transactional difference
            st.replace_graph_nquads(graphs[1][0], b"".join(graphs[1][1].splitlines(True)[:50]))
        assert counts == [d.count(b"\n") for _g, d in graphs[:3]]
    bulk, tx = all_quads(tmp_path / "bulk"), all_quads(tmp_path / "tx")
    assert bulk == tx == all_quads(tmp_path / "checked")
    assert sum(isinstance(q.graph_name, ox.DefaultGraph) for q in bulk) > 1000
    assert not (tmp_path / "bulk" / bulkload.JOURNAL).exists()


def test_an_interrupted_bulk_load_is_undone_by_the_next_writer(tmp_path, graphs):
    path = tmp_path / "s"
    with OxigraphStore(path) as st:
        st.replace_graph_nquads(*graphs[0])
    before = all_quads(path)
    # what a writer killed in the middle of a load leaves: the journal, the named graphs loaded,
    # their union triples not yet
    raw = ox.Store(str(path))
    new = [(ox.NamedNode(g), d) for g, d in graphs[1:3]]
    bulkload.write_journal(path, [g for g, _d in new],
                           b"".join(bulkload.default_graph_lines(d, g) for g, d in new))
    raw.bulk_load(b"".join(d for _g, d in new), format=ox.RdfFormat.N_QUADS)
    raw.bulk_load(bulkload.default_graph_lines(new[0][1], new[0][0]), format=ox.RdfFormat.N_TRIPLES)
    raw.flush()
    del raw
    with OxigraphStore(path) as st:  # the next writer undoes it before anything else
        assert [str(g) for g in st.graphs()] == [graphs[0][0]]
    assert not (path / bulkload.JOURNAL).exists()
    assert all_quads(path) == before
    with OxigraphStore(path) as st:  # and the build, run again, completes it
        st.replace_graphs_nquads(graphs[1:3])
    assert len(graph_counts(path)) == 3


def test_reliability_load_killed_at_random_moments_loses_nothing(tmp_path, graphs):
    folder = tmp_path / "nq"
    folder.mkdir()
    expected = {}
    for k, (g, data) in enumerate(graphs):
        (folder / f"r{k:02d}.nq").write_bytes(data)
        expected[g] = data.count(b"\n")
    store = tmp_path / "store"
    load = [sys.executable, "-m", "reportgraph", "--store", str(store), "load", str(folder)]
    rng = random.Random(16)
    killed, seen = 0, []
    for _ in range(16):
        if killed == 10:
            break
        proc = subprocess.Popen(load, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(1.0, 5.0))  # imports take about 1 s, loading 24 graphs ~3 s more
        if proc.poll() is None:
            killed += 1
            os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, -signal.SIGKILL), err
        assert live_group(proc.pid) == []
        if proc.returncode == 0:  # it finished: start again from an empty store
            seen.append(graph_counts(store))
            subprocess.run(["rm", "-rf", str(store)], check=True)
            continue
        if store.exists():
            seen.append(graph_counts(store))  # a reader: whole reports, the union exact
    assert killed == 10
    assert any(0 < len(state) < len(expected) for state in seen)  # kills during the load
    done = subprocess.run(load, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert graph_counts(store) == expected
    assert not (store / bulkload.JOURNAL).exists()
    for state in seen:
        assert all(state[g] == expected[g] for g in state), state
