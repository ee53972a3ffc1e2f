"""The Oxigraph store: atomic graph replacement, term round trips, locking, queries."""

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from reportgraph.errors import QueryError, StoreError, StoreLockedError
from reportgraph.graph.results import AskResult, GraphResult, SelectResult
from reportgraph.graph.store import OxigraphStore, default_store_path, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
EX = "http://example.org/"
G1, G2 = URIRef(EX + "graph/one"), URIRef(EX + "graph/two")


def mini_graphs() -> list[tuple[URIRef, Graph]]:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return [(g.identifier, g) for g in ds.graphs() if len(g)]


def tricky_graph() -> Graph:
    """Literals of every kind, escapes, blank nodes in a chain."""
    g = Graph()
    s = URIRef(EX + "s")
    g.add((s, RDFS.label, Literal("Biedrība \"Zaļie rati\" \\ {x} \n otrā rinda\t<b>", lang="lv")))
    g.add((s, URIRef(EX + "amount"), Literal(Decimal("120000.5"))))
    g.add((s, URIRef(EX + "year"), Literal("2018", datatype=XSD.gYear)))
    g.add((s, URIRef(EX + "flag"), Literal(True)))
    g.add((s, URIRef(EX + "plain"), Literal("plain ' \x01 text")))
    g.add((s, URIRef(EX + "typed"), Literal("x", datatype=URIRef(EX + "custom"))))
    sel, inner = BNode(), BNode()
    g.add((s, URIRef(EX + "sel"), sel))
    g.add((sel, RDF.type, URIRef(EX + "Selector")))
    g.add((sel, URIRef(EX + "inner"), inner))
    g.add((inner, URIRef(EX + "start"), Literal(12)))
    return g


@pytest.fixture
def store(tmp_path: Path):
    st = OxigraphStore(tmp_path / "store")
    yield st
    st.close()


def test_store_default_path_from_env(tmp_path: Path) -> None:
    assert default_store_path({"REPORTGRAPH_STORE": str(tmp_path / "x")}) == tmp_path / "x"
    xdg = default_store_path({"XDG_DATA_HOME": str(tmp_path)})
    assert xdg == tmp_path / "reportgraph" / "store"
    home = default_store_path({})
    assert home == Path.home() / ".local" / "share" / "reportgraph" / "store"


def test_store_replace_graph_round_trips_terms(store: OxigraphStore) -> None:
    g = tricky_graph()
    assert store.replace_graph(G1, g) == len(g)
    back = store.graph(G1)
    assert isomorphic(back, g)
    label = back.value(URIRef(EX + "s"), RDFS.label)
    assert label.language == "lv" and str(label).startswith('Biedrība "Zaļie rati" \\ {x} \n')
    assert back.value(URIRef(EX + "s"), URIRef(EX + "amount")).datatype == XSD.decimal


def test_store_typed_literals_come_back_canonical(store: OxigraphStore) -> None:
    g = Graph()
    g.add((URIRef(EX + "s"), URIRef(EX + "amount"), Literal("120000.50", datatype=XSD.decimal)))
    store.replace_graph(G1, g)
    (amount,) = store.graph(G1).objects()
    assert amount.datatype == XSD.decimal and amount.toPython() == Decimal("120000.50")


def test_store_replace_graph_replaces_only_that_graph(store: OxigraphStore) -> None:
    a, b = Graph(), Graph()
    a.add((URIRef(EX + "a"), RDFS.label, Literal("old")))
    b.add((URIRef(EX + "b"), RDFS.label, Literal("other")))
    store.replace_graph(G1, a)
    store.replace_graph(G2, b)
    new = Graph()
    new.add((URIRef(EX + "a"), RDFS.label, Literal("new")))
    store.replace_graph(G1, new)
    assert set(store.graph(G1)) == set(new)
    assert set(store.graph(G2)) == set(b)
    assert store.graphs() == [G1, G2]
    store.replace_graph(G1, Graph())
    assert store.graphs() == [G2]


def test_store_invalid_iri_leaves_old_graph(store: OxigraphStore) -> None:
    old = Graph()
    old.add((URIRef(EX + "a"), RDFS.label, Literal("old")))
    store.replace_graph(G1, old)
    bad = Graph()
    bad.add((URIRef(EX + "has space"), RDFS.label, Literal("new")))
    with pytest.raises(StoreError, match="invalid IRI"):
        store.replace_graph(G1, bad)
    assert set(store.graph(G1)) == set(old)


def test_store_query_runs_over_union_of_graphs(store: OxigraphStore) -> None:
    for name, g in mini_graphs():
        store.replace_graph(name, g)
    res = store.query(
        "SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> }")
    assert isinstance(res, SelectResult)
    assert len(res.rows) == 5  # three from 2018, two more from 2019, one in both


def test_store_query_substitutions_and_unbound(store: OxigraphStore) -> None:
    for name, g in mini_graphs():
        store.replace_graph(name, g)
    q = "SELECT ?x ?label ?acronym WHERE { ?x rdfs:label ?label OPTIONAL { ?x rg:acronym ?acronym } }"
    prefixes = {"rdfs": str(RDFS), "rg": "https://w3id.org/reportgraph/ontology#"}
    label = Literal("Ventspils pilsētas dome", lang="lv")
    res = store.query(q, {"label": label}, prefixes=prefixes)
    assert res.variables == ("x", "label", "acronym")
    assert {r[0] for r in res.rows} == {
        URIRef("https://w3id.org/reportgraph/id/organization/ventspils-pilsetas-dome")}
    assert all(r[2] is None for r in res.rows)


def test_store_query_kinds(store: OxigraphStore) -> None:
    store.replace_graph(G1, tricky_graph())
    assert store.query(f"ASK {{ <{EX}s> ?p ?o }}") == AskResult(True)
    res = store.query(f"CONSTRUCT {{ ?s <{EX}amount> ?o }} WHERE {{ ?s <{EX}amount> ?o }}")
    assert isinstance(res, GraphResult) and len(res.graph) == 1


def test_store_malformed_query_names_position(store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as err:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    msg = str(err.value)
    assert re.match(r"malformed SPARQL: error at 3:\d+: expected ", msg) and "\n" not in msg
    with pytest.raises(QueryError, match=r"error at 1:28: undeclared prefix 'ex:'"):
        store.query("SELECT ?s WHERE { ?s ex:foo ?o }")


def test_store_substitution_must_be_projected(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="projection"):
        store.query("SELECT ?s WHERE { ?s ?p ?w }", {"w": Literal("x")})


def test_store_query_timeout(store: OxigraphStore) -> None:
    values = " ".join(str(i) for i in range(30))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
        f"VALUES ?v{i} {{ {values} }}" for i in range(7)) + " }"
    started = time.monotonic()
    with pytest.raises(QueryError, match="timed out after 0.2 s"):
        store.query(heavy, timeout=0.2)
    assert time.monotonic() - started < 5


def test_store_dataset_keeps_named_graphs(store: OxigraphStore) -> None:
    for name, g in mini_graphs():
        store.replace_graph(name, g)
    ds = store.dataset()
    sizes = {g.identifier: len(g) for g in ds.graphs() if len(g)}
    assert sizes == {name: len(g) for name, g in mini_graphs()}


def test_store_second_writer_is_refused_and_readers_read_the_committed_state(tmp_path: Path) -> None:
    writer = open_store(tmp_path / "s")
    try:
        with pytest.raises(StoreLockedError, match="another process"):
            open_store(tmp_path / "s")
        with open_store(tmp_path / "s", read_only=True) as reader:  # no waiting for the writer
            assert reader.graphs() == []
    finally:
        writer.close()
    with open_store(tmp_path / "s", read_only=True) as r1, open_store(tmp_path / "s",
                                                                      read_only=True) as r2:
        assert r1.graphs() == r2.graphs() == []  # readers share


def test_store_locked_by_other_process(tmp_path: Path) -> None:
    path = tmp_path / "s"
    script = textwrap.dedent(f"""
        import sys, time
        from reportgraph.graph.store import open_store
        st = open_store({str(path)!r})
        print("ready", flush=True)
        time.sleep(30)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as err:
            open_store(path)
        assert "\n" not in str(err.value) and str(path) in str(err.value)
    finally:
        proc.kill()
        proc.wait()
    open_store(path).close()  # the kernel dropped the lock of the killed process


KILL_SCRIPT = """
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from reportgraph.graph.store import open_store
triples = {(URIRef("%(ex)snew/%%d" %% i), RDFS.label, Literal("new %%d" %% i)) for i in range(150000)}
st = open_store(%(path)r)


class Announcing:  # says when the one big write (the transaction or the bulk load) starts
    def __init__(self, real):
        self.real = real

    def update(self, text):
        if len(text) > 100000:  # not the small write of the store's new data version before it
            print("writing", flush=True)
        self.real.update(text)

    def extend(self, quads):
        quads = list(quads)
        if len(quads) > 1000:
            print("writing", flush=True)
        self.real.extend(quads)

    def bulk_load(self, data, **kw):  # a graph new to the store: the journaled bulk load
        if len(data) > 100000:
            print("writing", flush=True)
        self.real.bulk_load(data, **kw)

    def __getattr__(self, name):
        return getattr(self.real, name)


st._ox = Announcing(st._ox)
st.replace_graph(URIRef(%(graph)r), triples)
print("done", flush=True)
"""


@pytest.mark.parametrize("old_size", [10, 0], ids=["replace", "new-graph"])
def test_store_kill_during_replace_keeps_old_graph(tmp_path: Path, old_size: int) -> None:
    """Killed while the write runs: the old graph (or no graph) stays, and the union with it."""
    path = tmp_path / "s"
    old = Graph()
    for i in range(old_size):
        old.add((URIRef(f"{EX}old/{i}"), RDFS.label, Literal(f"old {i}")))
    with open_store(path) as st:
        st.replace_graph(G2, [(URIRef(EX + "other"), RDFS.label, Literal("x"))])
        if old_size:
            st.replace_graph(G1, old)
    script = KILL_SCRIPT % {"ex": EX, "path": str(path), "graph": str(G1)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(0.2)  # the write of 150,000 triples (twice: graph and union) takes over 1 s
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(path, read_only=True) as st:
        n = len(st.graph(G1))
        union = int(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
                             "FILTER(!STRSTARTS(STR(?p), 'https://w3id.org/reportgraph/index#')) }"
                             ).rows[0][0])
        names = st.graphs()
    assert n in (len(old), 150000)  # all or nothing
    assert n == len(old)  # killed while the transaction was being written
    assert union == old_size + 1
    assert names == ([G1, G2] if old_size else [G2])


def test_store_refuses_paths_that_are_not_stores(tmp_path: Path) -> None:
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(StoreError, match="is not a store \\(it is a file\\)"):
        open_store(f)
    d = tmp_path / "docs"
    d.mkdir()
    (d / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="is not a store"):
        open_store(d)
    assert sorted(p.name for p in d.iterdir()) == ["notes.txt"]  # nothing written there
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing", read_only=True)


def test_store_read_only_refuses_writes_and_closed_refuses_all(tmp_path: Path) -> None:
    open_store(tmp_path / "s").close()
    st = open_store(tmp_path / "s", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        st.replace_graph(G1, tricky_graph())
    st.close()
    with pytest.raises(StoreError, match="closed"):
        st.graphs()


def test_store_union_of_reports_is_a_set_and_follows_rebuilds(tmp_path):
    """A triple stated by several report graphs matches once; replacing a graph removes from the
    union only what no other graph states."""
    from rdflib import Graph, Literal, URIRef

    from reportgraph.graph.store import OxigraphStore

    ex = "http://example.org/"
    shared = (URIRef(ex + "sabile"), URIRef(ex + "in"), URIRef(ex + "kurzeme"))
    own_a = (URIRef(ex + "p1"), URIRef(ex + "at"), URIRef(ex + "sabile"))
    own_b = (URIRef(ex + "p2"), URIRef(ex + "at"), Literal("x"))
    ga, gb = Graph(), Graph()
    for t in (shared, own_a):
        ga.add(t)
    for t in (shared, own_b):
        gb.add(t)
    st = OxigraphStore(tmp_path / "s")
    st.replace_graph(URIRef(ex + "a"), ga)
    st.replace_graph(URIRef(ex + "b"), gb)
    q = "SELECT ?p WHERE { ?p <http://example.org/at> ?x . ?x <http://example.org/in> ?r }"
    assert [r[0] for r in st.query(q).rows] == [own_a[0]]  # once, although two graphs state `shared`
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(st.query(count).rows[0][0]) == 3
    st.replace_graph(URIRef(ex + "a"), Graph())  # report a rebuilt empty: its own fact leaves
    assert int(st.query(count).rows[0][0]) == 2
    assert st.query("ASK { <http://example.org/sabile> <http://example.org/in> ?r }").value
    assert len(st.dataset()) == 0 or sum(1 for _ in st.dataset().quads()) == 2
    st.close()


# ---------------------------------------------------------------------------- fast writes

def union_and_named(st: OxigraphStore) -> tuple[set, set]:
    """The default graph's triples, and the set union of the report graphs' triples."""
    import pyoxigraph as ox

    from reportgraph.graph.store import is_index_graph

    default, named = set(), set()
    for q in st._store().quads_for_pattern(None, None, None, None):
        t = (q.subject, q.predicate, q.object)
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.add(t)
        elif not is_index_graph(q.graph_name.value):
            named.add(t)
    return default, named


def report_triples(prefix: str, n: int, shared: int) -> set:
    """n own triples under `prefix` and `shared` triples every report states (a gazetteer chain)."""
    out = {(URIRef(f"{EX}{prefix}/{i}"), RDFS.label, Literal(f"{prefix} {i}", lang="lv"))
           for i in range(n)}
    out |= {(URIRef(f"{EX}place/{i}"), URIRef(EX + "in"), URIRef(EX + "region/kurzeme"))
            for i in range(shared)}
    return out


def test_store_replace_accepts_any_iterable_of_triples(store: OxigraphStore) -> None:
    t = report_triples("a", 5, 2)
    assert store.replace_graph(G1, t) == 7  # a set
    assert store.replace_graph(G2, list(t) + list(t)) == 7  # a list with duplicates: distinct
    assert store.replace_graph(G2, (x for x in sorted(t))) == 7  # a generator
    assert set(store.graph(G1)) == set(store.graph(G2)) == t
    with pytest.raises(StoreError, match=r"cannot store graph .*not a triple"):
        store.replace_graph(G1, [(URIRef(EX + "s"), RDFS.label)])
    with pytest.raises(StoreError, match="invalid IRI"):
        store.replace_graph(G1, t | {(URIRef(EX + "a b"), RDFS.label, Literal("x"))})
    assert set(store.graph(G1)) == t  # the old graph stays after every refusal


def test_store_union_stays_a_set_through_replace_and_re_replace(store: OxigraphStore) -> None:
    a, b = report_triples("a", 50, 20), report_triples("b", 30, 20)
    store.replace_graph(G1, a)
    store.replace_graph(G2, b)
    default, named = union_and_named(store)
    assert default == named and len(default) == 50 + 30 + 20
    # a rebuild of report a that drops half its own triples and some shared ones, adds new ones
    a2 = {t for t in a if not str(t[0]).endswith(("1", "3", "5"))} | report_triples("c", 10, 0)
    store.replace_graph(G1, a2)
    default, named = union_and_named(store)
    assert default == named
    assert set(store.graph(G1)) == a2 and set(store.graph(G2)) == b
    store.replace_graph(G1, a2)  # the same triples again: nothing changes
    assert union_and_named(store) == (default, named)
    store.replace_graph(G2, set())  # report b removed: its own triples leave, shared ones stay
    default, named = union_and_named(store)
    assert default == named and len(default) == len(a2) and set(store.graph(G1)) == a2
    assert store.graphs() == [G1]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(store.query(count).rows[0][0]) == len(a2)


def test_store_re_replace_writes_escaped_terms(store: OxigraphStore) -> None:
    """A rebuild writes only the difference, as SPARQL text: every kind of literal survives it."""
    g = Graph()
    for s, p, o in tricky_graph():
        if not isinstance(s, BNode) and not isinstance(o, BNode):
            g.add((s, p, o))
    g.add((URIRef(EX + "vieta/Rēzekne"), RDFS.label, Literal("Rēzekne \u2028 „x”", lang="lv")))
    store.replace_graph(G1, {(URIRef(EX + "x"), RDFS.label, Literal("x"))})
    store.replace_graph(G1, g)  # the old graph is there: the difference path
    assert set(store.graph(G1)) == set(g)
    changed = Graph()
    for t in list(g)[1:]:
        changed.add(t)
    store.replace_graph(G1, changed)
    assert set(store.graph(G1)) == set(changed)
    default, named = union_and_named(store)
    assert default == named and len(default) == len(changed)
    with pytest.raises(StoreError, match="invalid IRI <a b>"):
        store.replace_graph(URIRef("a b"), g)


def test_store_union_stays_a_set_with_blank_nodes(store: OxigraphStore) -> None:
    g = tricky_graph()
    store.replace_graph(G1, g)
    store.replace_graph(G2, report_triples("b", 3, 0))
    store.replace_graph(G1, g)  # blank nodes cannot be named in an update: the general path
    default, named = union_and_named(store)
    assert default == named and len(default) == len(g) + 3
    assert isomorphic(store.graph(G1), g)
    store.replace_graph(G1, report_triples("a", 2, 0))
    default, named = union_and_named(store)
    assert default == named and len(default) == 5


def test_store_parameters_also_guide_the_planner(store: OxigraphStore) -> None:
    """Substituted parameters are also given to the planner as a VALUES block: the same rows, and
    a malformed query still names its own positions."""
    store.replace_graph(G1, report_triples("a", 20, 3))
    q = ("SELECT ?s ?want WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
         "FILTER(LCASE(STR(?l)) = LCASE(STR(?want))) }")
    res = store.query(q, {"want": Literal("A 7")})
    assert res.rows == ((URIRef(EX + "a/7"), Literal("A 7")),)
    with pytest.raises(QueryError, match=r"error at 1:\d+"):
        store.query("SELECT ?s ?want WHERE { ?s ?p }", {"want": Literal("x")})
    with pytest.raises(QueryError, match="projection"):
        store.query("SELECT ?s WHERE { ?s ?p ?w }", {"w": Literal("x")})
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = ?v) }"
    with pytest.raises(QueryError, match="projection"):  # no VALUES block added to hide that
        store.query(construct, {"v": Literal("a 4", lang="lv")})
    ask = "ASK { ?s ?p ?l FILTER(STR(?l) = STR(?want)) }"
    assert store.query(ask, {"want": Literal("a 3")}) == AskResult(True)
    assert store.query(ask, {"want": Literal("a 99")}) == AskResult(False)


def test_store_written_before_the_union_was_kept_gets_it_on_the_next_write(tmp_path: Path) -> None:
    """A store holding only named graphs (as written by earlier versions): the first write builds
    the union from every report graph, not only from the graph written (nor the data version)."""
    import pyoxigraph as ox

    path = tmp_path / "old"
    old = ox.Store(str(path))
    for name, (prefix, n, shared) in {G1: ("a", 20, 5), G2: ("b", 10, 5)}.items():
        g = ox.NamedNode(str(name))
        old.extend(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)),
                           ox.Literal(str(o)) if isinstance(o, Literal) else ox.NamedNode(str(o)), g)
                   for s, p, o in report_triples(prefix, n, shared))
    old.flush()
    del old
    with open_store(path) as st:
        st.replace_graph(URIRef(EX + "third"), report_triples("c", 7, 5))
        default, named = union_and_named(st)
        assert default == named and len(default) == 20 + 10 + 7 + 5
        assert st.version() is not None
