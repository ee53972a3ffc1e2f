"""Listings kept up to date incrementally (queries/listing_update.py, graph/changes.py): after
adding, replacing and removing report graphs, the stored rows equal the listing computed from
scratch, and only the changed blocks are rewritten."""

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from reportgraph.graph.changes import ChangeLog
from reportgraph.graph.oxterms import ox_term
from reportgraph.graph.store import OxigraphStore, open_store
from reportgraph.queries import listing, load_query
from reportgraph.queries.listing import Page, listing_size, refresh_listings, run_page
from reportgraph.queries.listing_store import encode, read_header
from reportgraph.queries.listing_update import merge_order, python_order

LISTINGS = ["actors", "events", "projects"]
BASE = "https://w3id.org/reportgraph/id/"


def scratch(st: OxigraphStore, name: str) -> tuple:
    """Every row of listing query `name` computed from the store's data, as a store without
    up-to-date rows answers it (the order query, then the named query for those items)."""
    return listing._unindexed_page(st, load_query(name).text, name, {}, Page(), None).result.rows


def stored(st: OxigraphStore, name: str) -> tuple:
    assert listing_size(st, name) is not None  # current: read from the stored rows
    return run_page(st, name).result.rows


def relabelled(triples, every: int, prefix: str):
    labels = sorted({str(o) for _, p, o in triples if p == RDFS.label})
    change = {lab: prefix + lab for lab in labels[::every]}
    return {(s, p, Literal(change[str(o)], lang=o.language) if p == RDFS.label and str(o) in change
             else o) for s, p, o in triples}


def copied(triples, tag: str):
    """Another report's entities: every data IRI but places and funds renamed (those stay
    shared, as they are across reports), with some labels changed."""
    def rename(t):
        text = str(t)
        if isinstance(t, URIRef) and text.startswith(BASE) and "/place/" not in text \
                and "/fund" not in text:
            return URIRef(text + "-" + tag)
        return t
    return relabelled({(rename(s), p, rename(o)) for s, p, o in triples}, 4, tag + " ")


def nquads(name: URIRef, triples) -> bytes:
    g = ox.NamedNode(str(name))
    return ox.serialize([ox.Quad(ox_term(s), ox_term(p), ox_term(o), g) for s, p, o in triples],
                        format=ox.RdfFormat.N_QUADS)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The listings computed from scratch, as they are."""
    calls: list[str] = []
    real = listing.full_blocks

    def full(store, name):
        calls.append(name)
        return real(store, name)

    monkeypatch.setattr(listing, "full_blocks", full)
    return calls


def check(st: OxigraphStore) -> None:
    for name in LISTINGS:
        assert stored(st, name) == scratch(st, name), name


def test_listing_incremental_equals_scratch(tmp_path: Path, sample_extracted, counted) -> None:
    g1 = sample_extracted.graph_name
    triples = set(sample_extracted.triples)
    with open_store(tmp_path / "s") as st:
        st.replace_graph(g1, triples)
        refresh_listings(st)
        assert sorted(counted) == LISTINGS  # the first time: from scratch
        check(st)
        sizes = {n: listing_size(st, n) for n in LISTINGS}
        counted.clear()
        # a new report, bulk-loaded: other projects and actors, shared places and funds
        g2 = URIRef(str(g1) + "-b")
        st.replace_graphs_nquads([(g2, nquads(g2, copied(triples, "b")))])
        refresh_listings(st)
        check(st)
        assert all(listing_size(st, n) > sizes[n] for n in LISTINGS)
        # a later edition of the first report renames some of its entities (a replaced graph)
        st.replace_graph(g1, relabelled(triples, 3, "0 "))
        refresh_listings(st)
        check(st)
        # two writes before the next refresh, one of them through the transactional path
        st.bulk = False
        g3 = URIRef(str(g1) + "-c")
        st.replace_graph(g3, copied(triples, "c"))
        st.replace_graph(g1, triples)
        refresh_listings(st)
        check(st)
        # a report removed: its entities leave the listings, the shared ones stay
        st.replace_graph(g2, [])
        refresh_listings(st)
        check(st)
        assert {n: listing_size(st, n) for n in LISTINGS} != sizes
        st.replace_graph(g3, [])
        refresh_listings(st)
        check(st)
        assert {n: listing_size(st, n) for n in LISTINGS} == sizes
        assert counted == []  # every step above was incremental
        # a page read from the stored rows equals the same rows of the whole listing
        for name in LISTINGS:
            whole = stored(st, name)
            assert run_page(st, name, page=Page(61, 70)).result.rows == whole[61:131]


def test_listing_incremental_rewrites_only_changed_blocks(tmp_path: Path, sample_extracted) -> None:
    triples = set(sample_extracted.triples)
    with open_store(tmp_path / "s") as st:
        for tag in "abcdefgh":  # 200 projects: several blocks
            name = URIRef(f"{sample_extracted.graph_name}-{tag}")
            st.replace_graph(name, copied(triples, tag))
        refresh_listings(st)
        g = "<https://w3id.org/reportgraph/index/projects>"
        before = {tuple(r) for r in st.query(f"SELECT ?b ?r WHERE {{ GRAPH {g} {{ ?b "
                                             "<https://w3id.org/reportgraph/index#rows> ?r } }").rows}
        assert len(before) >= 3
        # one project renamed (its smallest label sorts first now): the block it leaves and the
        # block it joins change, no other
        project = next(s for s, p, o in triples if "/project/" in str(s) and p == RDFS.label)
        st.replace_graph(URIRef(str(sample_extracted.graph_name) + "-z"),
                         [(URIRef(str(project) + "-a"), RDFS.label, Literal("0 jauns nosaukums"))])
        refresh_listings(st)
        after = {tuple(r) for r in st.query(f"SELECT ?b ?r WHERE {{ GRAPH {g} {{ ?b "
                                            "<https://w3id.org/reportgraph/index#rows> ?r } }").rows}
        assert 1 <= len(after - before) <= 2 and len(before - after) <= 2
        check(st)


def test_listing_stale_after_an_interrupted_refresh_is_recomputed(tmp_path: Path,
                                                                   sample_extracted) -> None:
    """A writer killed after a report write, before its listings were written: the next writer
    has no log of that write, finds them out of date and computes them from scratch."""
    path = tmp_path / "s"
    triples = set(sample_extracted.triples)
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, triples)
        refresh_listings(st)
        st.replace_graph(URIRef(str(sample_extracted.graph_name) + "-b"), copied(triples, "b"))
    with open_store(path) as st:
        assert st.changes is not None and st.changes.since(read_header(st, "projects").version) is None
        assert listing_size(st, "projects") is None
        check_rows = {n: run_page(st, n).result.rows for n in LISTINGS}  # refreshed here
        for name in LISTINGS:
            assert check_rows[name] == scratch(st, name)


def _terms() -> list:
    x = str(XSD)
    years = ["2016", "2017", "2018"]
    out: list = [None, URIRef("http://example.org/a"), URIRef("http://example.org/b")]
    for y in years:
        out += [Literal(y, datatype=URIRef(x + "gYear")),
                Literal(f"{y}-01", datatype=URIRef(x + "gYearMonth")),
                Literal(f"{y}-06", datatype=URIRef(x + "gYearMonth")),
                Literal(f"{y}-01-01", datatype=URIRef(x + "date")),
                Literal(f"{y}-06-15", datatype=URIRef(x + "date")),
                Literal(f"{y}-01-01T00:00:00", datatype=URIRef(x + "dateTime"))]
    return out


def test_listing_python_order_is_the_stores(tmp_path: Path) -> None:
    """Keys compared in Python (strings, IRIs, the date types) order as the store orders them."""
    rng = random.Random(7)
    dates, words = _terms(), [None, Literal("Ābols"), Literal("abols"), Literal("Zebra"),
                              Literal("zebra"), Literal("Ēka"), Literal("ēka"), Literal("a b")]
    entries = [[f"http://example.org/item/{i}", encode(rng.choice(dates)), encode(rng.choice(words)),
                encode(URIRef(f"http://example.org/item/{i}"))] for i in range(300)]
    with open_store(tmp_path / "s") as st:
        body = " ".join("(" + " ".join("UNDEF" if c is None else
                                       _sparql(c) for c in e[1:]) + f' "{n}")'
                        for n, e in enumerate(entries))
        rows = st.query(f"SELECT ?n WHERE {{ VALUES (?k0 ?k1 ?k2 ?n) {{ {body} }} }} "
                        "ORDER BY ?k0 ?k1 ?k2").rows
        expected = [int(str(r[0])) for r in rows]
        assert python_order(entries) == expected
        kept = [entries[i] for i in expected if i % 5]
        added = [entries[i] for i in range(0, 300, 5)]
        merged = merge_order(st, kept, added)
        assert [(kept + added)[i] for i in merged] == [entries[i] for i in expected]


def _sparql(cell) -> str:
    from reportgraph.graph.sparql import sparql_term
    from reportgraph.queries.listing_store import decode

    return sparql_term(decode(cell))


def test_change_log_follows_from_a_base_version_only() -> None:
    """Nothing is recorded without a base (a store opened empty, or after a write the log could
    not follow) until something current names one; a version after a loss is never answered
    with an empty change set."""
    t = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                  ox.NamedNode("http://example.org/o"))
    log = ChangeLog(None)
    log.new_version("v1")
    log.record([t])
    assert not log.following and not log.room(1) and log.since("v1") is None
    log.follow("v1")
    log.new_version("v2")
    log.record([t])
    assert log.since("v1") == ({("http://example.org/s", "http://example.org/p",
                                 "http://example.org/o")}, set())
    assert log.since("v2") == (set(), set())
    log.lose()
    log.new_version("v3")
    log.record([t])
    assert log.since("v2") is None and log.since("v3") is None


def test_writer_into_an_empty_store_records_no_changes(tmp_path: Path, sample_extracted,
                                                       counted) -> None:
    """A build into a new store: its listings are computed from scratch at the end, so the
    writes before are not recorded; after that refresh they are, and the next is incremental."""
    triples = set(sample_extracted.triples)
    g1 = sample_extracted.graph_name
    with open_store(tmp_path / "s") as st:
        st.replace_graphs_nquads([(g1, nquads(g1, triples))])
        assert st.changes is not None and not st.changes.following
        refresh_listings(st)
        assert st.changes.following
        g2 = URIRef(str(g1) + "-b")
        st.replace_graphs_nquads([(g2, nquads(g2, copied(triples, "b")))])
        assert st.changes.since(read_header(st, "projects").version)
        counted.clear()
        refresh_listings(st)
        assert counted == []  # incremental
        check(st)
