"""Running a protocol request's query on the server's read access, within its limits.

Queries run in a small pool of worker threads of their own (pyoxigraph releases the GIL while it
evaluates), so a slow query holds one worker, never the event loop nor the threads that serve the
pages. A query is given up after `timeout` seconds (the client gets 503); the worker finishes it
in the background (Oxigraph cannot stop a query), so at most `workers` queries run at once and
the others wait their turn within their own time limit. Rows (and triples) beyond `max_rows`
are cut: a SELECT or CONSTRUCT gets a LIMIT so that the store never makes more, and the
response says so in `X-SPARQL-MaxRows`.
"""

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from reportgraph.errors import EndpointError, QueryError, StoreError
from reportgraph.graph.base import one_line
from reportgraph.graph.results import AskResult, GraphResult, QueryResult, SelectResult
from reportgraph.graph.sparql import query_form, uses_service
from reportgraph.ontology.namespaces import PREFIXES
from reportgraph.serve import sparql_results as fmt
from reportgraph.serve.access import Access
from reportgraph.serve.sparql_protocol import (
    ProtocolError,
    QueryRequest,
    with_dataset,
    with_row_limit,
)

#: seconds a query may run (`reportgraph sparql --timeout` has no default; the server must have one)
QUERY_TIMEOUT = 30.0
#: rows of a SELECT (triples of a CONSTRUCT/DESCRIBE) a response holds at most
MAX_ROWS = 100_000
#: queries evaluated at the same time (2 cores: more would only slow each other down)
WORKERS = 4
SERVICE_REFUSED = ("SERVICE is not allowed here: the endpoint answers from its own graph and "
                   "does not fetch data from other servers")


@dataclass(frozen=True)
class Limits:
    timeout: float = QUERY_TIMEOUT
    max_rows: int = MAX_ROWS
    workers: int = WORKERS


@dataclass(frozen=True)
class Answer:
    body: str
    media: str
    truncated: bool = False


class _Workers:
    """A fixed number of daemon threads taking work from a queue: unlike ThreadPoolExecutor's,
    they do not hold up the process at exit while a timed-out query is still being evaluated."""

    def __init__(self, n: int) -> None:
        self._queue: queue.SimpleQueue[tuple[Future, Callable[..., Any], tuple]] = queue.SimpleQueue()
        for i in range(n):
            threading.Thread(target=self._work, name=f"sparql-{i}", daemon=True).start()

    def _work(self) -> None:
        while True:
            future, fn, args = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue  # given up (timed out) before it started
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                future.set_exception(exc)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        self._queue.put((future, fn, args))
        return future


class Runner:
    """Runs protocol queries on `access` in its own worker threads (one per app)."""

    def __init__(self, access: Access, limits: Limits | None = None) -> None:
        self.access = access
        self.limits = limits or Limits()
        self._pool = _Workers(self.limits.workers)
        self._prefixes = {p: str(ns) for p, ns in PREFIXES.items()}

    def offered(self, query: str) -> tuple[str, ...]:
        form = query_form(query)
        if form == "ASK":
            return fmt.ASK_TYPES
        if form in ("CONSTRUCT", "DESCRIBE"):
            return fmt.GRAPH_TYPES
        return fmt.SELECT_TYPES

    def media_for(self, query: str, accept: str | None) -> str:
        offered = self.offered(query)
        media = fmt.negotiate(accept, offered)
        if media is None:
            raise ProtocolError(406, f"cannot answer this query as {accept}; acceptable: "
                                     + ", ".join(offered))
        return media

    async def run(self, request: QueryRequest, accept: str | None) -> Answer:
        """The answer to a protocol request (ProtocolError for one the endpoint refuses)."""
        if uses_service(request.query):
            raise ProtocolError(400, SERVICE_REFUSED)
        media = self.media_for(request.query, accept)
        text = request.query
        if request.has_dataset:
            text = with_dataset(text, request.default_graphs, request.named_graphs)
        cap = self.limits.max_rows
        limited = with_row_limit(text, cap + 1) or text
        future = self._pool.submit(self._evaluate, limited, text, media, cap)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.limits.timeout)
        except TimeoutError:
            raise ProtocolError(503, f"query timed out after {self.limits.timeout:g} s") from None

    def _query(self, text: str) -> QueryResult:
        return self.access.read(lambda st: st.query(text, prefixes=self._prefixes))

    def _evaluate(self, limited: str, text: str, media: str, cap: int) -> Answer:
        try:
            try:
                result = self._query(limited)
            except QueryError:
                if limited == text:
                    raise
                result = self._query(text)  # the message of the query as it was sent
        except EndpointError as exc:
            raise ProtocolError(502, one_line(str(exc))) from None
        except QueryError as exc:
            raise ProtocolError(400, one_line(str(exc))) from None
        except StoreError as exc:
            raise ProtocolError(503, one_line(str(exc))) from None
        return render(result, media, cap, self._prefixes)


def render(result: QueryResult, media: str, cap: int, prefixes: dict[str, str]) -> Answer:
    """The result in `media` with at most `cap` rows / triples."""
    if isinstance(result, GraphResult):
        triples = sorted(result.graph) if len(result.graph) > cap else list(result.graph)
        truncated = len(triples) > cap
        media = media if media in fmt.GRAPH_TYPES else fmt.TURTLE
        return Answer(fmt.write_graph(triples[:cap], media, prefixes), media, truncated)
    if isinstance(result, AskResult):
        media = media if media in fmt.ASK_TYPES else fmt.JSON
        return Answer(fmt.write_solutions(result, media), media)
    assert isinstance(result, SelectResult)
    truncated = len(result.rows) > cap
    if truncated:
        result = SelectResult(result.variables, result.rows[:cap])
    media = media if media in fmt.SELECT_TYPES else fmt.JSON
    return Answer(fmt.write_solutions(result, media), media, truncated)


_LOCK = threading.Lock()


def runner_for(state: object) -> Runner:
    """The app's runner (made on first use from `app.state.access` and the limits in
    `app.state.sparql_timeout`, `app.state.sparql_max_rows`, `app.state.sparql_workers`)."""
    with _LOCK:
        found = getattr(state, "sparql_runner", None)
        if found is None:
            limits = Limits(float(getattr(state, "sparql_timeout", None) or QUERY_TIMEOUT),
                            int(getattr(state, "sparql_max_rows", None) or MAX_ROWS),
                            int(getattr(state, "sparql_workers", None) or WORKERS))
            found = Runner(state.access, limits)  # type: ignore[attr-defined]
            state.sparql_runner = found  # type: ignore[attr-defined]
        return found

