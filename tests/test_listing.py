"""Listings kept as positions in the store (queries/listing.py): pages, freshness, index graphs."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from reportgraph.cli.main import cli
from reportgraph.errors import ParameterError, StaleListingError
from reportgraph.graph.sparql import bind_values_everywhere, select_groups
from reportgraph.graph.store import INDEX_GRAPHS, OxigraphStore, is_index_graph, open_store
from reportgraph.queries import run_query
from reportgraph.queries.listing import (
    Page,
    listing_names,
    listing_size,
    order_query,
    refresh_listings,
    run_page,
)

SAMPLE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"
LISTINGS = ["actors", "events", "projects"]


def relabelled(triples, every: int):
    """The triples with every `every`-th label changed so that it sorts first ("0 …")."""
    labels = sorted({str(o) for _, p, o in triples if p == RDFS.label})
    change = {lab: "0 " + lab for lab in labels[::every]}
    return {(s, p, Literal(change[str(o)], lang=o.language) if p == RDFS.label and str(o) in change
             else o) for s, p, o in triples}


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory, sample_extracted):
    """The sample and a later edition that restates its entities with other labels."""
    st = OxigraphStore(tmp_path_factory.mktemp("listing") / "store")
    st.replace_graph(sample_extracted.graph_name, sample_extracted.triples)
    st.replace_graph(URIRef(str(sample_extracted.graph_name) + "-2"),
                     relabelled(sample_extracted.triples, 5))
    refresh_listings(st)
    yield st
    st.close()


def test_listing_every_listing_query_has_an_order() -> None:
    assert listing_names() == LISTINGS
    for name in LISTINGS:
        assert "ORDER BY" in order_query(name).text
    with pytest.raises(Exception, match="unknown listing"):
        order_query("nothing")


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_pages_concatenate_to_the_whole_listing(two_reports: OxigraphStore, name: str) -> None:
    whole = run_page(two_reports, name)
    assert whole.total == len(whole.result.rows) > 20
    pages, offset = [], 0
    while True:
        page = run_page(two_reports, name, page=Page(offset, 7))
        assert page.total == whole.total
        if not page.result.rows:
            break
        pages += page.result.rows
        offset += 7
    assert pages == list(whole.result.rows)
    assert run_page(two_reports, name, page=Page(whole.total, 5)).result.rows == ()
    empty = run_page(two_reports, name, page=Page(3, 0))
    assert empty.result.rows == () and empty.total == whole.total
    assert empty.result.variables == whole.result.variables


def test_listing_order_is_by_label_across_reports(two_reports: OxigraphStore) -> None:
    """The smallest label of each project when two reports name it differently, in order."""
    rows = run_query(two_reports, "projects").rows
    labels = [str(r[1]) for r in rows if r[1] is not None]
    assert labels == sorted(labels)
    assert any(label.startswith("0 ") for label in labels)
    actors = [str(r[2]) for r in run_query(two_reports, "actors").rows if r[2] is not None]
    assert actors == sorted(actors)


def test_listing_page_of_a_query_without_positions(two_reports: OxigraphStore) -> None:
    whole = run_page(two_reports, "funding-by-region")
    page = run_page(two_reports, "funding-by-region", page=Page(1, 2))
    assert page.total == whole.total and page.result.rows == whole.result.rows[1:3]
    with pytest.raises(ParameterError):
        Page(-1, 5)


def test_listing_positions_go_stale_on_every_report_write(tmp_path: Path, sample_extracted) -> None:
    path = tmp_path / "store"
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, sample_extracted.triples)
        sizes = refresh_listings(st)
        assert listing_size(st, "projects") == sizes["projects"] > 0
        before = run_query(st, "projects").rows
        # a later edition renames projects: the positions are out of date at once
        st.replace_graph(URIRef(str(sample_extracted.graph_name) + "-2"),
                         relabelled(sample_extracted.triples, 3))
        assert listing_size(st, "projects") is None
    with open_store(path, read_only=True) as st, pytest.raises(StaleListingError, match="reindex"):
        run_query(st, "projects")
    with open_store(path) as st:  # a writable store recomputes them
        after = run_query(st, "projects").rows
        assert listing_size(st, "projects") == len(after) == len(before)
    labels = [str(r[1]) for r in after]
    assert labels == sorted(labels) and labels != [str(r[1]) for r in before]


def test_listing_index_graphs_stay_out_of_the_report_data(two_reports: OxigraphStore) -> None:
    names = two_reports.graphs()
    assert len(names) == 2 and not any(is_index_graph(n) for n in names)
    ds = two_reports.dataset()
    assert not any(is_index_graph(g.identifier) for g in ds.graphs())
    count = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), "
             "'https://w3id.org/reportgraph/index#')) }")
    assert int(two_reports.query(count).rows[0][0]) == 0  # not in the union queries see
    inside = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INDEX_GRAPHS}projects> {{ ?s ?p ?o }} }}"
    # the header (version, size, variables, blocks, links) and three triples per block of rows
    blocks = -(-listing_size(two_reports, "projects") // 64)
    assert int(two_reports.query(inside).rows[0][0]) == 5 + 3 * blocks


def test_listing_values_bound_in_every_select() -> None:
    query = """PREFIX ex: <http://example.org/select/>
# SELECT { in a comment
SELECT ?a (GROUP_CONCAT(?c; separator="{ SELECT }") AS ?d) WHERE {
  { SELECT ?a WHERE { ?a ex:selected ?first } }
  OPTIONAL { select ?a ?c { ?a ex:p ?c FILTER(?c > ?first) } }
} GROUP BY ?a"""
    assert len(select_groups(query)) == 3
    bound = bind_values_everywhere(query, {"first": Literal(2, datatype=XSD.integer)})
    assert bound.count("VALUES (?first)") == 2  # not in the outer group: only its subqueries use it
    assert '"{ SELECT }"' in bound and "# SELECT { in a comment" in bound
    with pytest.raises(ValueError):
        select_groups("ASK { ?s ?p ?o }")


def test_listing_bound_values_reach_subqueries(tmp_path: Path) -> None:
    """A subquery is evaluated on its own: only a value bound inside it filters its rows."""
    ex = "http://example.org/"
    with open_store(tmp_path / "s") as st:
        st.replace_graph(URIRef(ex + "g"), [(URIRef(f"{ex}s{i}"), URIRef(ex + "n"),
                                             Literal(i, datatype=XSD.integer)) for i in range(10)])
        query = (f"SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ ?s <{ex}n> ?n FILTER(?n >= ?first) }} }} }}"
                 " ORDER BY ?s")
        bound = bind_values_everywhere(query, {"first": Literal(7, datatype=XSD.integer)})
        assert [str(r[0]) for r in st.query(bound).rows] == [f"{ex}s7", f"{ex}s8", f"{ex}s9"]
        # rows of values: each subquery row matches one of them, and the outer group, which
        # does not use ?n, is not repeated once per row
        counted = (f"SELECT ?s (COUNT(*) AS ?c) WHERE {{ {{ SELECT ?s WHERE {{ ?s <{ex}n> ?n }} }} }}"
                   " GROUP BY ?s ORDER BY ?s")
        rows = [{"n": Literal(i, datatype=XSD.integer)} for i in (2, 5)]
        result = st.query(bind_values_everywhere(counted, rows)).rows
        assert [(str(s), int(c)) for s, c in result] == [(f"{ex}s2", 1), (f"{ex}s5", 1)]


# ---------------------------------------------------------------------------- the CLI

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "build", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    return store


def cli_rows(built: Path, *args: str) -> tuple[list[str], str]:
    result = CliRunner().invoke(cli, ["--store", str(built), "query", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(), result.stderr


def test_listing_cli_table_shows_a_page_and_says_how_to_go_on(built: Path) -> None:
    lines, note = cli_rows(built, "actors")
    total = len(cli_rows(built, "actors", "-f", "csv")[0]) - 1  # csv: every row
    assert total > 100
    assert lines[-1] == "(100 rows)"
    assert note.strip() == (f"rows 1-100 of {total}; --offset 100 for the next page, "
                            "--all for every row")
    lines, note = cli_rows(built, "actors", "--offset", "100")
    assert lines[-1] == f"({total - 100} rows)" and note.strip() == f"rows 101-{total} of {total}"
    lines, note = cli_rows(built, "actors", "--offset", str(total + 5))
    assert lines[-1] == "(0 rows)" and note.strip() == f"no rows after row {total + 5} ({total} in all)"
    lines, note = cli_rows(built, "actors", "--all")
    assert lines[-1] == f"({total} rows)" and note == ""
    csv_page, _ = cli_rows(built, "actors", "-f", "csv", "--limit", "3", "--offset", "2")
    csv_all, _ = cli_rows(built, "actors", "-f", "csv")
    assert csv_page == [csv_all[0]] + csv_all[3:6]


def test_listing_cli_rejects_all_with_limit(built: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(built), "query", "actors", "--all",
                                      "--limit", "5"])
    assert result.exit_code == 2 and "--all and --limit" in result.output


def test_listing_cli_recomputes_stale_positions(tmp_path: Path, built: Path, sample_extracted) -> None:
    """A store whose positions are out of date (a build killed after writing a report graph)
    still answers: the query command recomputes them; `reindex` does it on demand."""
    import shutil

    store = tmp_path / "store"
    shutil.copytree(built, store, ignore=shutil.ignore_patterns("LOCK", "reportgraph.lock"))
    with open_store(store) as st:
        st.replace_graph(URIRef(str(sample_extracted.graph_name) + "-2"),
                         relabelled(sample_extracted.triples, 4))
        assert listing_size(st, "projects") is None
    lines, _ = cli_rows(store, "projects", "-f", "csv")
    labels = [line.split(",")[1] for line in lines[1:]]
    assert any(label.startswith("0 ") for label in labels)
    # while a writer holds the store, query reads its last committed state whole (issue 18)
    writer = open_store(store)
    try:
        writer.new_version()
        result = CliRunner().invoke(cli, ["--store", str(store), "query", "projects", "-f", "csv"])
    finally:
        writer.close()
    assert result.exit_code == 0, result.output
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == labels
    result = CliRunner().invoke(cli, ["--store", str(store), "reindex"])
    assert result.exit_code == 0
    assert f"projects: {len(labels)} rows" in result.output
