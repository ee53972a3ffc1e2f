"""Latency of every named query on the large embedded store and on rdflib's in-memory SPARQL
engine over the same triples, each engine in a child process (bench/child.py) that is killed or
interrupted at the timeout.

Both engines run what `reportgraph query` runs (`queries.listing.run_page`): rdflib through
`RdflibStore`, a `Store` whose SPARQL is rdflib's over a Dataset holding the store's union in
its default graph and the store's index graphs (data version, listing headers and rows per
block) as named graphs. So a listing is read from the same stored rows on both (header, then
the page's blocks), and every other query is the same text with the same bindings.
"""

from __future__ import annotations

import signal
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from child import STATE, Child, ChildFailed, ChildTimeout, _peak_rss_mb, log

if TYPE_CHECKING:
    from run import Params, Results


def task_open_store(store_dir: str) -> int:
    from reportgraph.graph.store import OxigraphStore

    STATE["store"] = OxigraphStore(store_dir, read_only=True)
    return len(STATE["store"].graphs())  # type: ignore[attr-defined]


def task_load_rdflib(store_dir: str) -> dict:
    """Every triple of the store (the union of its graphs) in one rdflib in-memory Graph."""
    import pyoxigraph as ox
    from rdflib import BNode, Dataset, Graph, Literal, URIRef
    from rdflib.namespace import XSD

    def term(t):  # type: ignore[no-untyped-def]
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == str(XSD.string) else Literal(t.value, datatype=URIRef(dt))

    from reportgraph.graph.store import is_index_graph

    started = time.perf_counter()
    store = ox.Store.read_only(store_dir)
    ds = Dataset()  # the report triples in its default graph, the listing positions in theirs
    default = ds.default_graph
    named: dict[str, Graph] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and is_index_graph(g.value):
            target = named.get(g.value) or named.setdefault(g.value, ds.graph(URIRef(g.value)))
        else:
            target = default
        target.add((term(q.subject), term(q.predicate), term(q.object)))
    del store
    STATE["graph"] = ds
    return {"seconds": time.perf_counter() - started, "triples": len(default),
            "rss": _peak_rss_mb()}


def rdflib_store(ds: object) -> object:
    """`ds` (an rdflib Dataset: the union in its default graph, the index graphs named) as a
    read-only `Store` answering SPARQL with rdflib's engine."""
    from rdflib import Graph

    from reportgraph.errors import StoreError
    from reportgraph.graph.base import Store
    from reportgraph.graph.results import AskResult, GraphResult, SelectResult

    class RdflibStore(Store):
        location = "rdflib Dataset (in memory)"

        def query(self, sparql, substitutions=None, timeout=None, *, prefixes=None,  # type: ignore[no-untyped-def]
                  allow_service=False):
            result = ds.query(sparql, initBindings=dict(substitutions or {}))  # type: ignore[attr-defined]
            if result.type == "ASK":
                return AskResult(bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                g = Graph()
                for t in result:
                    g.add(t)
                return GraphResult(g)
            variables = tuple(str(v) for v in result.vars)
            return SelectResult(variables, tuple(tuple(row) for row in result))

        def graphs(self):  # type: ignore[no-untyped-def]
            return []

        def graph(self, name):  # type: ignore[no-untyped-def]
            return ds.graph(name)  # type: ignore[attr-defined]

        def dataset(self):  # type: ignore[no-untyped-def]
            return ds

        def _write_graph(self, name, graph):  # type: ignore[no-untyped-def]
            raise StoreError("the rdflib comparison store is read-only")

        def close(self) -> None:
            pass

    return RdflibStore()


class QueryTimeout(Exception):
    """A query in the child ran past its time (raised by SIGALRM)."""


def _alarm(signum: int, frame: object) -> None:
    raise QueryTimeout


def task_query(engine: str, name: str, params: dict, limit: int | None, reps: int, slow: float,
               timeout: float) -> dict:
    """Run a named query once, then `reps` more times unless the first run took `slow` s; the
    first `limit` rows (None: all), as `reportgraph query` asks for them.

    rdflib evaluates in Python, so SIGALRM stops it after `timeout` s and the loaded graph is
    kept; pyoxigraph evaluates in native code, so the parent kills the child instead.
    """
    if engine == "oxigraph":
        from reportgraph.graph.store import OxigraphStore
        from reportgraph.queries.listing import Page, run_page

        store: OxigraphStore = STATE["store"]  # type: ignore[assignment]

        def run() -> int:  # what the command does: the page (or the whole answer, cut)
            return len(run_page(store, name, params, Page(0, limit)).result.rows)  # type: ignore[union-attr]
    else:
        from reportgraph.queries.listing import Page, run_page

        rstore = rdflib_store(STATE["graph"])

        def run() -> int:  # the same call as above, on rdflib's engine
            return len(run_page(rstore, name, params, Page(0, limit)).result.rows)  # type: ignore[arg-type, union-attr]
    times = []
    rows = 0
    signal.signal(signal.SIGALRM, _alarm)
    for i in range(1 + reps):
        t = time.perf_counter()
        if engine == "rdflib":
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            rows = run()
        except QueryTimeout:
            return {"error": f"> {timeout:g} s (stopped)", "timeout": True}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - t)
        if i == 0 and times[0] > slow:
            break
    return {"first": times[0], "median": statistics.median(times[1:] or times), "rows": rows,
            "runs": len(times)}


TASKS: dict[str, Callable[..., object]] = {
    "open_store": task_open_store, "load_rdflib": task_load_rdflib, "query": task_query,
}


def _embedded_queries(res: Results, calls: list[tuple[str, dict]], store_dir: Path, key: str,
                      params: Params) -> None:
    """Time every named query on an embedded store, in a child killed at the timeout."""
    child = None
    try:
        for i, (name, query_params, limit) in enumerate(calls):
            if child is None or not child.proc.is_alive():
                child = Child()
                child.call("open_store", str(store_dir))
            log(f"embedded query {name} ({key})")
            res.queries[i][key] = _timed(child, "oxigraph", name, query_params, limit, params)
    finally:
        if child is not None:
            child.close()


def _sort_key(timing: dict) -> float:
    return timing.get("first", float("inf")) if "error" not in timing else float("inf")


def _timed(child: Child, engine: str, name: str, query_params: dict, limit: int | None,
           params: Params) -> dict:
    """The child's timings; the embedded engine is killed at the timeout, rdflib stops itself."""
    grace = 30.0 if engine == "rdflib" else 0.0
    try:
        slow = params.query_timeout / (2 + params.reps)  # first run + reps fit in the timeout
        return child.call("query", engine, name, query_params, limit, params.reps, slow,  # type: ignore[return-value]
                          params.query_timeout, timeout=params.query_timeout + 1.0 + grace)
    except ChildTimeout:
        return {"error": f"> {params.query_timeout:g} s (killed)", "timeout": True}
    except ChildFailed as exc:
        return {"error": str(exc).splitlines()[0][:100]}


def named_query_calls(entity: str | None) -> list[tuple[str, dict, int | None]]:
    """Every named query with parameters that match the synthetic corpus, and how many rows to
    read: a listing twice, the page `reportgraph query NAME` shows and every row (csv, --all)."""
    from reportgraph.cli.main import TABLE_ROWS
    from reportgraph.queries import list_queries

    calls: list[tuple[str, dict, int | None]] = []
    for q in list_queries():
        if q.name == "projects-by-fund-region":
            calls.append((q.name, {"fund": "EU", "region": "Latgale"}, None))
        elif q.name == "why":
            calls.append((q.name, {"entity": entity or "https://w3id.org/reportgraph/id/x"}, None))
        elif q.field_value("listing"):
            calls += [(q.name, {}, TABLE_ROWS), (q.name, {}, None)]
        elif not q.params:
            calls.append((q.name, {}, None))
        else:  # a new query with parameters the benchmark does not know yet
            calls.append((q.name, {p: "" for p in q.params}, None))
    return calls
