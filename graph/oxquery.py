"""SPARQL on an embedded Oxigraph store: evaluation, parameters, timeouts, one-line errors.

`run_query` is what `OxigraphStore.query` runs (graph/oxstore.py): the query evaluated on the
store's default graph (the set union of the report graphs, graph/oxwrite.py), its parameters
also handed to Oxigraph's planner as a VALUES block, the answer turned into rdflib terms, and
every failure turned into one line (QueryError, or StoreError for a damaged store).
"""

import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from reportgraph.errors import QueryError, StoreError
from reportgraph.graph.base import SERVICE_REFUSED, one_line
from reportgraph.graph.oxopen import DAMAGE, damaged
from reportgraph.graph.oxterms import _from_ox, ox_term
from reportgraph.graph.results import AskResult, GraphResult, QueryResult, SelectResult
from reportgraph.graph.sparql import bind_values, query_form, update_refusal, uses_service

T = TypeVar("T")

_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_PNAME_END = re.compile(r"((?:[A-Za-z][\w.\-]*)?):[\w.\-%]*$")


def syntax_message(message: str, query: str) -> str:
    """The parser's message on one line; an unknown prefix is named instead of listing tokens."""
    m = _POSITION.match(message)
    if m and "Prefix not found" in message:
        line, col = int(m.group(1)), int(m.group(2))
        lines = query.splitlines() or [""]
        before = lines[line - 1][: col - 1] if line <= len(lines) else ""
        pname = _PNAME_END.search(before)
        name = f" '{pname.group(1)}:'" if pname else ""
        return f"error at {line}:{col}: undeclared prefix{name}"
    return one_line(message)


def values_hint(sparql: str, substitutions: Mapping[str, Node] | None) -> str | None:
    """The SELECT/ASK query with its substitutions also in a VALUES block opening its outer group.

    The same values, so the same answers (a substituted variable is projected, hence in scope
    there); but Oxigraph's planner sees only the VALUES block as bound, so it starts the joins
    from the parameters and applies their filters early. None when that cannot be written.
    """
    if not substitutions or query_form(sparql) not in ("SELECT", "ASK"):
        return None
    try:
        return bind_values(sparql, substitutions)
    except ValueError:  # a blank node, a query without a group pattern
        return None


def with_timeout(run: Callable[[], T], timeout: float | None) -> T:
    """run() in a worker thread, given up after `timeout` seconds (the thread is left to finish)."""
    if timeout is None:
        return run()
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="reportgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _result(result: object, cell: Callable[[object], object] | None = None) -> QueryResult:
    """Oxigraph's answer with rdflib terms (a SELECT's with `cell(term)` of each term instead,
    None for unbound, when `cell` is given)."""
    if isinstance(result, ox.QueryBoolean):
        return AskResult(bool(result))
    if isinstance(result, ox.QueryTriples):
        g = Graph()
        for t in result:
            g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
        return GraphResult(g)
    variables = tuple(v.value for v in result.variables)  # type: ignore[attr-defined]
    if cell is not None:
        n = range(len(variables))
        return SelectResult(variables, tuple(tuple(cell(sol[i]) for i in n)  # type: ignore[misc]
                                             for sol in result))  # type: ignore[attr-defined]
    rows = tuple(tuple(None if sol[i] is None else _from_ox(sol[i])
                       for i in range(len(variables))) for sol in result)  # type: ignore[attr-defined]
    return SelectResult(variables, rows)


def run_query(store: ox.Store, path: Path, sparql: str,
              substitutions: Mapping[str, Node] | None = None, timeout: float | None = None, *,
              prefixes: Mapping[str, str] | None = None, allow_service: bool = False,
              union_view: bool = False, cell: Callable[[object], object] | None = None
              ) -> QueryResult:
    """`Store.query` on `store` (the one at `path`, for messages). The default graph holds the
    set union of the report graphs, so a triple that several reports state (a place's region, a
    fund concept) matches once, not once per report (Oxigraph's union view is a bag: joins over
    shared triples would grow as n^k); `union_view` only for stores written before it was kept.
    `cell`: a SELECT's terms converted by it instead of into rdflib terms (Store.select_cells)."""
    if not allow_service and uses_service(sparql):
        raise QueryError(SERVICE_REFUSED)
    try:
        subs = {ox.Variable(k): ox_term(v) for k, v in (substitutions or {}).items()}
    except ValueError as exc:
        raise QueryError(f"cannot bind parameter: {exc}") from None
    hinted = values_hint(sparql, substitutions) if subs else None

    def evaluate(text: str) -> object:
        return store.query(text, use_default_graph_as_union=union_view,
                           substitutions=subs or None, prefixes=dict(prefixes or {}) or None)

    def run() -> QueryResult:
        result = None
        if hinted is not None:
            try:
                result = evaluate(hinted)
            except (SyntaxError, RuntimeError, ValueError):
                result = None  # the query as given raises the error (with its own positions)
        if result is None:
            result = evaluate(sparql)
        return _result(result, cell)

    refusal = update_refusal(sparql)
    if refusal:
        raise QueryError(refusal)
    try:
        return with_timeout(run, timeout)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {syntax_message(str(exc), sparql)}") from None
    except (RuntimeError, ValueError) as exc:  # refused substitution, bad argument
        if any(k in str(exc).lower() for k in DAMAGE[:5]):
            raise damaged(path, str(exc)) from None
        raise QueryError(one_line(str(exc))) from None
    except OSError as exc:
        if allow_service and uses_service(sparql):
            raise QueryError(f"SERVICE call failed: {one_line(str(exc))}") from None
        if any(k in str(exc).lower() for k in DAMAGE):
            raise damaged(path, str(exc)) from None
        raise StoreError(f"cannot read store {path}: {one_line(str(exc))}") from None


__all__ = ["run_query", "syntax_message", "values_hint", "with_timeout"]
