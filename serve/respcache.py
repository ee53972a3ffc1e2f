"""Whole responses of the read-only GET pages, kept per data stamp (`Access.stamp`).

An entity page costs several store queries and a template (2-8 ms of CPU); twenty clients on
two cores queue behind that. The pages listed in `PATHS` depend only on the path, the query
string, the negotiated media type, the page language (?lang= or the cookie, serve/render.py),
the server's own URL and the data, so their bytes are kept and replayed until the data stamp
changes (a build in another process committed): the next request then renders anew.

- bounded by bytes (`Responses.max_bytes`, least recently used first out), not by entries: a
  CSV download and an entity page differ a thousandfold in size;
- one request renders a missing response while the others asking for it wait for that one;
- a strong ETag from the stamp and the key, `If-None-Match` answered with 304, and
  `Cache-Control: no-cache` so that clients revalidate (a build changes the data at any time);
- only complete 200 answers to GET requests without a body are kept (errors are rendered each
  time); otherwise the headers and body are the handler's own.
An ASGI middleware (`app.state.responses` holds the entries), touched only from the event loop.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

import anyio
from starlette.requests import Request

from reportgraph.serve import sparql_results as fmt
from reportgraph.serve.render import lang_of

try:
    from reportgraph.serve.machine import RDF_TYPES
except ImportError:  # the app then answers /id/ as HTML only
    RDF_TYPES = ()

#: bytes of responses kept at most
MAX_BYTES = 64 << 20
#: cached paths (exact, or a prefix when ending in "/") -> the media types their handler
#: negotiates by Accept (in its order: the first answers */*), or None when Accept is ignored
PATHS: dict[str, tuple[str, ...] | None] = {
    "/": None, "/resource": None, "/queries": None, "/queries/": None,
    "/id/": (*RDF_TYPES, fmt.HTML), "/fund/": (*RDF_TYPES, fmt.HTML),
    "/ontology": (*RDF_TYPES, fmt.HTML), "/catalog": RDF_TYPES,
}
#: headers a 304 leaves out (they describe the body it does not have)
BODY_HEADERS = {b"content-length", b"content-type", b"content-encoding", b"content-disposition",
                b"content-language", b"transfer-encoding"}
ANY_MEDIA = "*"  # the media type in a key when the route ignores Accept (repr is stable)


@dataclass
class Entry:
    stamp: object
    etag: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    size: int


def offered(path: str) -> tuple[bool, tuple[str, ...] | None]:
    """(whether `path` is cached, what its handler negotiates)."""
    for prefix, media in PATHS.items():
        if path == prefix or (prefix.endswith("/") and prefix != "/" and path.startswith(prefix)):
            return True, media
    return False, None


def key_of(scope: dict) -> Hashable | None:
    """What the response depends on besides the data, or None when it is not cached."""
    cached, media = offered(scope["path"])
    if scope["method"] != "GET" or not cached:
        return None
    request = Request(scope)
    if request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers:
        return None  # a request body: not a plain read
    chosen = ANY_MEDIA if media is None else fmt.negotiate(request.headers.get("accept"), media)
    if chosen is None:
        return None  # 406
    return (scope["path"], scope.get("query_string", b""), chosen, lang_of(request),
            str(request.base_url))  # the server's URL is in Link headers, the catalogue, pages


def etag_of(stamp: object, key: Hashable) -> bytes:
    digest = hashlib.blake2b(repr((stamp, key)).encode(), digest_size=16).hexdigest()
    return f'"{digest}"'.encode()


class Responses:
    """key -> Entry of the current stamp, least recently used first out past `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes, self.bytes = max_bytes, 0
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._computing: dict[Hashable, anyio.Lock] = {}
        self._stamp: object = None

    def __len__(self) -> int:
        return len(self._entries)

    def hit(self, key: Hashable, stamp: object) -> Entry | None:
        if stamp != self._stamp:  # new data: every entry is out of date
            self._entries.clear()
            self.bytes, self._stamp = 0, stamp
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def keep(self, key: Hashable, entry: Entry) -> None:
        if entry.stamp != self._stamp or entry.size > self.max_bytes // 4:
            return  # rendered from data replaced meanwhile, or too big to share the room
        old = self._entries.pop(key, None)
        self.bytes += entry.size - (old.size if old else 0)
        self._entries[key] = entry
        while self.bytes > self.max_bytes:
            self.bytes -= self._entries.popitem(last=False)[1].size

    def lock(self, key: Hashable) -> anyio.Lock:
        return self._computing.setdefault(key, anyio.Lock())

    def done(self, key: Hashable, lock: anyio.Lock) -> None:
        if self._computing.get(key) is lock:
            del self._computing[key]


def _vary(headers: list[tuple[bytes, bytes]], names: list[bytes]) -> list[tuple[bytes, bytes]]:
    have = [v.strip() for k, v in headers if k == b"vary" for v in v.split(b",")]
    rest = [(k, v) for k, v in headers if k != b"vary"]
    merged = have + [n for n in names if n.lower() not in {h.lower() for h in have}]
    return rest + ([(b"vary", b", ".join(merged))] if merged else [])


def entry_of(messages: list[dict], stamp: object, key: Hashable) -> Entry | None:
    """The Entry of a complete 200 answer with its ETag, Cache-Control and Vary, else None."""
    start, bodies = (messages or [{}])[0], messages[1:]
    if start.get("type") != "http.response.start" or start["status"] != 200 or not bodies \
            or any(m["type"] != "http.response.body" for m in bodies) \
            or bodies[-1].get("more_body", False):
        return None
    headers = [(k.lower(), v) for k, v in start.get("headers", [])]
    negotiates = key[2] != ANY_MEDIA  # type: ignore[index]
    html = any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers)
    headers = _vary(headers, [b"Accept"] * negotiates + [b"Cookie"] * html)
    etag = etag_of(stamp, key)
    headers.append((b"etag", etag))
    if b"cache-control" not in {k for k, _ in headers}:
        headers.append((b"cache-control", b"no-cache"))
    body = b"".join(m.get("body", b"") for m in bodies)
    size = len(body) + sum(len(k) + len(v) for k, v in headers) + len(repr(key)) + 256
    return Entry(stamp, etag, headers, body, size)


def matches(if_none_match: str | None, etag: bytes) -> bool:
    tags = {t.strip().removeprefix("W/") for t in (if_none_match or "").split(",")}
    return "*" in tags or etag.decode() in tags


class CachedResponses:
    """ASGI middleware: the responses of `PATHS` from `app.state.responses` (a Responses)."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        state = scope["app"].state if scope["type"] == "http" and "app" in scope else None
        cache: Responses | None = getattr(state, "responses", None)
        key = key_of(scope) if cache is not None else None
        if key is None:
            await self.app(scope, receive, send)
            return
        stamp = state.access.stamp()  # type: ignore[union-attr]
        entry = cache.hit(key, stamp)
        messages: list[dict] = []
        if entry is None:
            lock = cache.lock(key)
            try:
                async with lock:  # one renders, the others wait for its answer
                    entry = cache.hit(key, stamp)
                    if entry is None:
                        async def capture(message: dict) -> None:
                            messages.append(message)

                        await self.app(scope, receive, capture)
                        entry = entry_of(messages, stamp, key)
                        if entry is not None:
                            cache.keep(key, entry)
            finally:
                cache.done(key, lock)
        if entry is None:  # an error or an answer not kept: as the handler gave it
            for message in messages:
                await send(message)
            return
        if matches(Request(scope).headers.get("if-none-match"), entry.etag):
            headers = [(k, v) for k, v in entry.headers if k not in BODY_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})
