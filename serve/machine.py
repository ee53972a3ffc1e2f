"""The machine interface of `reportgraph serve`: standards, no pages.

- `/sparql`: the SPARQL 1.1 Protocol query operation (GET, POST form, POST direct; results by
  Accept), its Service Description without a query (a browser asking for HTML is sent to the
  analysts' SPARQL page: `app.state.sparql_page`, else /query/sparql when the app has it);
  read-only, SERVICE refused, bounded time, rows and body (serve/sparql_protocol.py,
  serve/sparql_run.py; limits in `app.state.sparql_timeout`, `sparql_max_rows`,
  `sparql_workers`; `app.state.public_url` is the public root behind a proxy);
- `/id/{path}`: every IRI under the base of the data (`app.state.base`), and `/fund/{code}` the
  funding-source concepts, as Turtle, JSON-LD (the published context), N-Triples or RDF/XML:
  the IRI's bounded description with the provenance of its facts (serve/linked.py); for
  text/html the analysts' entity page answers (`app.state.entity_html`), else a 303 to their
  page, else a plain escaped table;
- `/ontology`: the ontology's documentation (HTML) or the ontology itself (Turtle, ...);
- `/catalog`: the DCAT-AP catalogue of the live data with this endpoint as a dcat:DataService.

GET answers carry `Access-Control-Allow-Origin: *` (CORS), so that pages elsewhere can read them.
"""

import html
import threading
import urllib.parse
from collections.abc import Callable, Sequence
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Match

from reportgraph.errors import ReportgraphError
from reportgraph.graph.base import one_line
from reportgraph.graph.sparql import iri_problem
from reportgraph.ontology.namespaces import DEFAULT_BASE, FUND, PREFIXES
from reportgraph.ontology.resources import ontology_graph
from reportgraph.publish.ontodoc import ontology_html
from reportgraph.publish.publication import METADATA_PREFIXES
from reportgraph.serve import linked
from reportgraph.serve import sparql_results as fmt
from reportgraph.serve.sparql_protocol import ProtocolError, parse_request
from reportgraph.serve.sparql_run import runner_for

router = APIRouter()

#: bytes a POST body may have at most
MAX_BODY = 1 << 20
#: media types of a linked-data resource, the first for */* (or no Accept)
RDF_TYPES = (fmt.TURTLE, fmt.JSONLD, fmt.NTRIPLES, fmt.RDFXML)
CORS = {"Access-Control-Allow-Origin": "*"}
#: paths of an entity page the analysts' app may have (the IRI given as ?iri=), used when it
#: does not set `app.state.entity_html(request, iri)` (which answers at the IRI itself)
ENTITY_PAGES = ("/resource", "/entity")
#: paths of the analysts' SPARQL page (a browser opening /sparql without a query goes there)
SPARQL_PAGES = ("/query/sparql",)


def _type(media: str) -> str:
    return media + ("; charset=utf-8" if not media.endswith("+json") and media != fmt.JSONLD
                    else "")


def _answer(request: Request, body: str, media: str, status: int = 200,
            headers: dict[str, str] | None = None) -> Response:
    extra = {**(CORS if request.method in ("GET", "HEAD") else {}), **(headers or {})}
    return Response(body, status_code=status, media_type=_type(media), headers=extra)


def _error(request: Request, status: int, message: str) -> Response:
    extra = CORS if request.method in ("GET", "HEAD") else {}
    return PlainTextResponse(one_line(message, 1000) + "\n", status_code=status, headers=extra)


def _base(request: Request) -> str:
    return getattr(request.app.state, "base", None) or DEFAULT_BASE


def _public(request: Request, path: str) -> str:
    """The URL of `path` on this server (`app.state.public_url` behind a proxy)."""
    root = getattr(request.app.state, "public_url", None) or str(request.base_url)
    return root.rstrip("/") + path


async def _body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY:
        raise ProtocolError(413, f"the request body is larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ProtocolError(413, f"the request body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------------------------ /sparql

@router.api_route("/sparql", methods=["GET", "POST"], name="sparql_endpoint")
async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol query operation; the Service Description for a GET without a query."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    try:
        if request.method == "GET" and not params:
            page = getattr(request.app.state, "sparql_page", None) or _route(request, SPARQL_PAGES)
            wants = fmt.negotiate(request.headers.get("accept"), (*RDF_TYPES, fmt.HTML))
            if page and wants == fmt.HTML:  # a browser: the analysts' SPARQL page
                return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
            return await _service_description(request)
        body = await _body(request) if request.method == "POST" else b""
        asked = parse_request(request.method, params, request.headers.get("content-type"), body)
        answer = await runner_for(request.app.state).run(asked, request.headers.get("accept"))
    except ProtocolError as exc:
        return _error(request, exc.status, exc.message)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-SPARQL-MaxRows"] = str(runner_for(request.app.state).limits.max_rows)
    return _answer(request, answer.body, answer.media, headers=headers)


@router.options("/sparql")
async def sparql_preflight() -> Response:
    return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET",
                                              "Access-Control-Allow-Headers": "Accept",
                                              "Access-Control-Max-Age": "86400"})


async def _service_description(request: Request) -> Response:
    media = fmt.negotiate(request.headers.get("accept"), RDF_TYPES) or fmt.TURTLE
    access, base = request.app.state.access, _base(request)
    endpoint = _public(request, "/sparql")
    try:
        triples = await run_in_threadpool(
            access.read, lambda st: linked.service_description(st, endpoint, base))
    except ReportgraphError as exc:
        raise ProtocolError(503, str(exc)) from None
    body = fmt.write_graph(triples, media, {"sd": linked.SD, "formats": linked.FORMATS,
                                            "dct": "http://purl.org/dc/terms/"})
    return _answer(request, body, media, headers={"Vary": "Accept"})


# ---------------------------------------------------------------------- dereferenceable IRIs

def _route(request: Request, candidates: Sequence[str]) -> str | None:
    """The first of `candidates` that a GET route of the app answers (included routers too)."""
    for path in candidates:
        scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
        if any(r.matches(scope)[0] == Match.FULL for r in request.app.routes):
            return path
    return None


def _entity_page(request: Request, iri: str) -> str | None:
    """The analysts' page of an IRI, when the app has one."""
    path = _route(request, ENTITY_PAGES)
    return None if path is None else path + "?" + urllib.parse.urlencode({"iri": iri})


def _html_description(iri: str, triples: Sequence[linked.Triple]) -> str:
    rows = "".join(f"<tr><td>{html.escape(str(s))}</td><td>{html.escape(str(p))}</td>"
                   f"<td>{html.escape(str(o))}</td></tr>\n" for s, p, o in triples)
    name = html.escape(iri)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{name}</title>'
            f"</head>\n<body>\n<h1>{name}</h1>\n<table>\n<tr><th>subject</th><th>predicate</th>"
            f"<th>object</th></tr>\n{rows}</table>\n</body>\n</html>\n")


def _alternates(request: Request) -> str:
    url = _public(request, request.url.path)
    return ", ".join(f'<{url}>; rel="alternate"; type="{m}"' for m in RDF_TYPES)


async def _resource(request: Request, iri: str) -> Response:
    """One IRI of the data by content negotiation."""
    offered = (*RDF_TYPES, fmt.HTML)
    media = fmt.negotiate(request.headers.get("accept"), offered)
    if media is None:
        return _error(request, 406, "acceptable: " + ", ".join(offered))
    if iri_problem(iri):  # e.g. a space: no IRI of the data has one
        return _error(request, 404, f"not an IRI of this data: {iri[:300]!r}: {iri_problem(iri)}")
    headers = {"Vary": "Accept", "Link": _alternates(request)}
    page = getattr(request.app.state, "entity_html", None)
    if media == fmt.HTML and page is not None:  # the analysts' page of the IRI, at the IRI
        response = await run_in_threadpool(page, request, iri)
        for k, v in headers.items():
            response.headers.setdefault(k, v)
        return response
    access = request.app.state.access
    prefixes = linked.prefixes(_base(request))

    def work() -> tuple[list[linked.Triple], str]:  # one trip to a worker thread
        # no time limit: the description's queries start from the bound IRI and have a LIMIT
        # (a limit would cost a thread per query, more than the query itself)
        triples = access.read(lambda st: linked.describe(st, iri))
        if not triples or media == fmt.HTML:
            return triples, ""
        return triples, fmt.write_graph(triples, media, prefixes)

    try:
        triples, body = await run_in_threadpool(work)
    except ReportgraphError as exc:
        return _error(request, 503, str(exc))
    if not triples:
        return _error(request, 404, f"nothing is known about <{iri}>")
    if media == fmt.HTML:
        url = _entity_page(request, iri)
        if url is not None:
            return RedirectResponse(url, status_code=303, headers={**CORS, **headers})
        return _answer(request, _html_description(iri, triples), fmt.HTML, headers=headers)
    return _answer(request, body, media, headers=headers)


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"], name="data_iri")
async def data_iri(request: Request, path: str) -> Response:
    """`{base}{path}` (the base of the data IRIs is `app.state.base`)."""
    return await _resource(request, _base(request) + path)


@router.api_route("/fund/{code:path}", methods=["GET", "HEAD"], name="fund_iri")
async def fund_iri(request: Request, code: str) -> Response:
    """A funding-source concept (`https://w3id.org/reportgraph/fund/{code}`)."""
    return await _resource(request, str(FUND) + code)


# ------------------------------------------------------------------------ ontology, catalogue

@lru_cache(maxsize=8)
def _ontology(media: str) -> str:
    if media == fmt.HTML:
        return ontology_html()
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    prefixes["vann"] = "http://purl.org/vocab/vann/"
    return fmt.write_graph(list(ontology_graph()), media, prefixes)


@router.api_route("/ontology", methods=["GET", "HEAD"], name="ontology")
async def ontology(request: Request) -> Response:
    """The ontology and funding scheme: HTML documentation, or RDF by Accept (Turtle for */*)."""
    offered = (*RDF_TYPES, fmt.HTML)
    media = fmt.negotiate(request.headers.get("accept"), offered)
    if media is None:
        return _error(request, 406, "acceptable: " + ", ".join(offered))
    body = await run_in_threadpool(_ontology, media)
    return _answer(request, body, media, headers={"Vary": "Accept"})


_CATALOG_LOCK = threading.Lock()


def _cached(state: object, key: object, make: Callable[[], list[linked.Triple]]) -> list:
    with _CATALOG_LOCK:
        found = getattr(state, "machine_catalog", None)
        if found is not None and found[0] == key:
            return found[1]
    value = make()
    with _CATALOG_LOCK:
        state.machine_catalog = (key, value)  # type: ignore[attr-defined]
    return value


@router.api_route("/catalog", methods=["GET", "HEAD"], name="catalog")
async def catalog(request: Request) -> Response:
    """The DCAT-AP catalogue of the live data, with this endpoint as its dcat:DataService."""
    media = fmt.negotiate(request.headers.get("accept"), RDF_TYPES)
    if media is None:
        return _error(request, 406, "acceptable: " + ", ".join(RDF_TYPES))
    access, base = request.app.state.access, _base(request)
    endpoint, home = _public(request, "/sparql"), _public(request, "/")

    def make() -> list[linked.Triple]:
        return list(access.read(lambda st: linked.catalog(st, base, endpoint, home)))

    try:
        triples = await run_in_threadpool(
            _cached, request.app.state, (access.stamp(), base, endpoint), make)
    except ReportgraphError as exc:
        return _error(request, 503, str(exc))
    body = await run_in_threadpool(fmt.write_graph, triples, media, METADATA_PREFIXES)
    return _answer(request, body, media, headers={"Vary": "Accept"})
