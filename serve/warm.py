"""The hubs' first pages rendered in the background into the response cache (serve/respcache.py)
when a server process starts and after each change of the data, so that their first view is a
replay instead of a render.

A hub's page (serve/hub_rows.py: the rows are stored at build time) still costs 10-17 ms of CPU
to render its hundred source sentences; 48 of them asked at once right after a start or a build
queue for 0.3-0.7 s on two cores. `Warmer`, an ASGI middleware (outermost), renders them itself:

- when: at the start (the lifespan's startup: for the address `reportgraph serve` listens on,
  REPORTGRAPH_LISTEN) and whenever the data stamp (`Access.stamp`, the
  store's snapshots folder: a build in another process committed) differs from the one it last
  warmed for; it looks every `POLL` seconds and after each request that brought a new server
  URL. Only for an embedded store whose stamp is steady (not an endpoint: its stamp turns every
  2 s) and only the hubs whose stored rows are current (queries/serve/hub-index.rq);
- what: for each hub, most linked first (hub-order.rq), its first page, `?facts=2` and
  `?mentions=2` at /id/… (or /fund/… and /resource?iri=… for a fund), in the default language
  and then in English (the `lang` cookie), for the server URLs (Host, scheme, root path) its
  recent requests used (the URL is part of a cached response's key), up to `BUDGET` of the
  cache's bytes;
- how: each page as a GET request through the app itself (the same handlers, middleware and
  cache key as a client's, so the same bytes), one at a time, never holding a lock of the store
  (pages read through the read handles as requests do);
- at low priority: before each page it waits until no client request is in flight, but at most
  `MAX_WAIT` (under continuous load one page every `MAX_WAIT`, a few per cent of a core), and a
  client asking for the page being rendered waits for that render (the cache's per-key lock);
- never stale: a response is kept with the stamp read before its render and replayed only while
  that stamp is current (serve/respcache.py); when the stamp changes during a round the round
  stops and starts again for the new data.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from urllib.parse import unquote

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from reportgraph.graph.store import Store
from reportgraph.ontology.namespaces import FUND
from reportgraph.serve import hub_rows, respcache
from reportgraph.serve.facts import rows_of
from reportgraph.serve.i18n import COOKIE
from reportgraph.serve.queries import text
from reportgraph.serve.render import href

log = logging.getLogger("reportgraph.serve")

#: the scope key marking the warmer's own requests (not counted as clients')
WARMING = "reportgraph.warming"
#: a hub's pages warmed (query strings), in the default language then in these (cookie)
VIEWS = ("", "facts=2", "mentions=2")
LANGS = ("", "en")
#: server URLs warmed for at most (the most recently used)
MAX_BASES = 2
#: seconds: the longest wait for no request in flight before a page; the stamp's polling
MAX_WAIT = 0.2
POLL = 1.0
STEP = 0.005
#: the share of the response cache's bytes the warmed pages may take (~90 kB a hub page)
BUDGET = 0.5


def hub_order(store: Store) -> list[URIRef]:
    """The hubs whose stored rows are current for `store`, most linked first."""
    current = hub_rows.current_hubs(store)

    def number(hub: object) -> int:
        tail = str(hub).rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 1 << 30

    rows = [(number(h), str(e), e) for h, e in rows_of(store.query(text("hub-order")))
            if e in current]
    return [e for _n, _s, e in sorted(rows)]


def hub_paths(hub: URIRef, base: str) -> list[str]:
    """The paths of `hub`'s warmed pages: its page's path (render.py `href`, what the pages link
    to), and /fund/<code> for a fund (what the linked-data IRIs resolve to)."""
    paths = [href(None, hub, base)]  # type: ignore[arg-type]
    if str(hub).startswith(str(FUND)) and len(str(hub)) > len(str(FUND)):
        paths.append("/fund/" + str(hub)[len(str(FUND)):])
    out = []
    for path in paths:
        for view in VIEWS:
            if not view:
                out.append(path)
            else:
                out.append(path + ("&" if "?" in path else "?") + view)
    return out


def _steady(access: object, stamp: object) -> bool:
    """Whether `stamp` stays as long as the data (a store with snapshots: serve/access.py)."""
    return getattr(access, "endpoint", None) is None and isinstance(stamp, tuple) \
        and stamp[:1] == ("snap",)


def _header(scope: dict, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", ()):
        if k.lower() == name:
            return v
    return None


class Warmer:
    """ASGI middleware: counts the clients' requests in flight and warms the hubs' pages
    (`app.state.warmer` is the instance once the lifespan started)."""

    def __init__(self, app, *, max_wait: float = MAX_WAIT, poll: float = POLL,  # type: ignore[no-untyped-def]
                 langs: tuple[str, ...] = LANGS, listen: str | None = None) -> None:
        self.app = app
        self.listen = listen  # "host:port" the server listens on: its URL known at the start
        self.max_wait, self.poll, self.langs = max_wait, poll, langs
        self.in_flight = 0
        self.rendered = 0  # pages rendered by the warmer (for tests and logs)
        self.warmed: dict[tuple, object] = {}  # server URL -> the stamp warmed for
        self._bases: OrderedDict[tuple, dict] = OrderedDict()
        self._owner = None  # the Starlette app (its state: access, responses, base)
        self._task: asyncio.Task | None = None
        self._wake: asyncio.Event | None = None

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] == "lifespan":
            await self.app(scope, self._lifespan(scope, receive), send)
            return
        if scope["type"] != "http" or scope.get(WARMING):
            await self.app(scope, receive, send)
            return
        self._note(scope)
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    # ------------------------------------------------------------------ start, stop, URLs

    def _lifespan(self, scope: dict, receive):  # type: ignore[no-untyped-def]
        async def wrapped() -> dict:
            message = await receive()
            if message["type"] == "lifespan.startup" and self._task is None:
                self._owner = scope.get("app")
                if self._owner is not None:
                    self._owner.state.warmer = self
                    self._wake = asyncio.Event()
                    self._note_listen()
                    self._task = asyncio.get_running_loop().create_task(self._run())
            elif message["type"] == "lifespan.shutdown" and self._task is not None:
                self._task.cancel()
                try:
                    await self._task
                except (asyncio.CancelledError, Exception):  # noqa: BLE001, S110 - stopping
                    pass
                self._task = None
            return message
        return wrapped

    def _note_listen(self) -> None:
        """The URL of a client of the address `listen` (not a wildcard address), noted as if it
        had asked: the pages are warmed before the first request (every server process)."""
        host, _, port = (self.listen or "").rpartition(":")
        if not host or not port.isdigit() or host in ("0.0.0.0", "::", "[::]"):
            return
        name = f"[{host}]" if ":" in host and not host.startswith("[") else host
        header = name if port == "80" else f"{name}:{port}"
        self._note({"type": "http", "scheme": "http", "server": (host, int(port)),
                    "root_path": "", "app": self._owner, "headers": [(b"host", header.encode())]})

    def _note(self, scope: dict) -> None:
        """Keep the server URL of a client's request (a template of the warmer's requests)."""
        server = scope.get("server")
        key = (scope.get("scheme"), tuple(server) if server else None,
               scope.get("root_path", ""), _header(scope, b"host"))
        if key in self._bases:
            self._bases.move_to_end(key)
            return
        template = {k: scope[k] for k in ("scheme", "server", "root_path", "app") if k in scope}
        template["headers"] = [(b"host", key[3])] if key[3] is not None else []
        self._bases[key] = template
        while len(self._bases) > MAX_BASES:
            self._bases.popitem(last=False)
        if self._wake is not None:
            self._wake.set()

    # ------------------------------------------------------------------ the rounds

    async def _run(self) -> None:
        while True:
            try:
                await self._round()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the pages are then rendered on demand
                log.warning("warming the hubs' pages failed: %s: %s", type(exc).__name__, exc)
            assert self._wake is not None
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll)
            except TimeoutError:
                pass
            self._wake.clear()

    async def _round(self) -> None:
        state = self._owner.state  # type: ignore[union-attr]
        access, cache = state.access, getattr(state, "responses", None)
        stamp = access.stamp()
        bases = [b for b in reversed(self._bases) if self.warmed.get(b) != stamp]
        if cache is None or not bases or not _steady(access, stamp):
            return
        hubs = await run_in_threadpool(access.read, hub_order)
        started, rendered, budget = time.monotonic(), 0, cache.max_bytes * BUDGET
        used = 0
        for base in bases:
            for lang in self.langs:
                for hub in hubs:
                    for path in hub_paths(hub, state.base):
                        if used > budget:
                            break
                        await self._idle()
                        if access.stamp() != stamp:
                            return  # new data: the next round warms for it
                        size, made = await self._page(self._bases.get(base), path, lang, stamp)
                        used += size
                        rendered += made
            self.warmed[base] = stamp
        log.info("warmed %d hub pages (%d hubs, %.1f MB) in %.1f s", rendered, len(hubs),
                 used / 1e6, time.monotonic() - started)

    async def _idle(self) -> None:
        """Wait until no client request is in flight, at most `max_wait` seconds."""
        until = time.monotonic() + self.max_wait
        await asyncio.sleep(0)
        while self.in_flight and time.monotonic() < until:
            await asyncio.sleep(STEP)

    async def _page(self, template: dict | None, path: str, lang: str, stamp: object
                    ) -> tuple[int, int]:
        """Render `path` into the cache unless it is there: (its entry's bytes, 1 if rendered)."""
        if template is None:
            return 0, 0
        scope = self._scope(template, path, lang)
        cache = self._owner.state.responses  # type: ignore[union-attr]
        key = respcache.key_of(scope)
        if key is None:
            return 0, 0
        entry = cache.hit(key, stamp)
        if entry is not None:
            return entry.size, 0
        done = False

        async def receive() -> dict:
            nonlocal done
            if done:
                await asyncio.Event().wait()  # never: the request has no more to say
            done = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(_message: dict) -> None:
            pass

        await self.app(scope, receive, send)
        self.rendered += 1
        entry = cache.hit(key, stamp)
        return (entry.size if entry is not None else 0), 1

    def _scope(self, template: dict, path: str, lang: str) -> dict:
        path, _, query = path.partition("?")
        headers = [*template["headers"], (b"accept", b"text/html")]
        if lang:
            headers.append((b"cookie", f"{COOKIE}={lang}".encode()))
        return {**template, "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                "method": "GET", "path": unquote(path), "raw_path": path.encode(),
                "query_string": query.encode(), "headers": headers, "client": None,
                WARMING: True}


__all__ = ["Warmer", "hub_order", "hub_paths"]
