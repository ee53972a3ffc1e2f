"""The ASGI app of `reportgraph serve`: the analysts' pages (serve/pages.py, forms.py, charts.py)
and the machine interface (serve/machine.py: /sparql, /id/..., /ontology, /catalog) on one read
access to the graph (`app.state.access`, serve/access.py); the whole responses of the read-only
pages are kept per data stamp (serve/respcache.py).

Errors are pages (or plain text outside the HTML pages) with a status code, never a traceback.
"""

import logging
import os
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.staticfiles import StaticFiles

from reportgraph.errors import (
    ParameterError,
    QueryError,
    ReportgraphError,
    StoreError,
    UnknownQuery,
)
from reportgraph.graph.store import one_line
from reportgraph.ontology.namespaces import DEFAULT_BASE
from reportgraph.serve import charts, forms, pages, respcache, warm
from reportgraph.serve.access import Access
from reportgraph.serve.cache import Cache
from reportgraph.serve.render import error_page

log = logging.getLogger("reportgraph.serve")

#: the pages' Content-Security-Policy: no inline script, nothing from elsewhere
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: paths whose errors are not HTML pages (the machine interface)
MACHINE_PATHS = ("/sparql", "/catalog")


def create_app(store: Path | str | None = None, endpoint: str | None = None, *,
               base: str = DEFAULT_BASE, endpoint_timeout: float = 30.0,
               access: Access | None = None, warm_hubs: bool = False,
               listen: str | None = None) -> FastAPI:
    """The app reading `store` (default: the default store) or the SPARQL `endpoint`;
    `warm_hubs`: render the hubs' first pages in the background (serve/warm.py), from the start
    for clients of `listen` ("host:port")."""
    app = FastAPI(title="reportgraph", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.access = access or Access(store, endpoint=endpoint,
                                        endpoint_timeout=endpoint_timeout)
    app.state.base = base
    app.state.cache = Cache()
    app.state.responses = respcache.Responses()
    app.state.entity_html = pages.entity_html
    try:
        from reportgraph.serve.machine import router as machine_router
    except ImportError as exc:
        if exc.name != "reportgraph.serve.machine":
            log.warning("serve/machine.py not loaded: %s", exc)
        machine_router = None
    if machine_router is not None:
        app.include_router(machine_router)
    else:  # entity pages as HTML only
        app.add_api_route("/id/{path:path}", pages.id_fallback, methods=["GET"])
    app.include_router(pages.router)
    app.include_router(forms.router)
    app.include_router(charts.router)
    app.mount("/static", StaticFiles(directory=str(files("reportgraph.serve") / "static")),
              name="static")
    _errors(app)

    app.add_middleware(respcache.CachedResponses)  # inside: the headers are added to replays
    app.add_middleware(SecurityHeaders)
    if warm_hubs:  # outermost: its own requests go through all of the above
        app.add_middleware(warm.Warmer, listen=listen)
    return app


def app_from_environment() -> FastAPI:
    """The app of `reportgraph serve` (uvicorn's factory): the store or endpoint and the base
    named by REPORTGRAPH_STORE / REPORTGRAPH_ENDPOINT / REPORTGRAPH_BASE; the hubs' pages
    warmed in the background unless REPORTGRAPH_WARM=0 (for REPORTGRAPH_LISTEN's clients from
    the start)."""
    endpoint = os.environ.get("REPORTGRAPH_ENDPOINT") or None
    try:
        timeout = float(os.environ.get("REPORTGRAPH_ENDPOINT_TIMEOUT", "30"))
    except ValueError:
        timeout = 30.0
    return create_app(None, endpoint, base=os.environ.get("REPORTGRAPH_BASE") or DEFAULT_BASE,
                      endpoint_timeout=timeout,
                      warm_hubs=os.environ.get("REPORTGRAPH_WARM", "1") != "0",
                      listen=os.environ.get("REPORTGRAPH_LISTEN") or None)


class SecurityHeaders:
    """ASGI middleware: a Content-Security-Policy on HTML answers, nosniff and a same-origin
    referrer policy on all (plain ASGI: no task per request as in BaseHTTPMiddleware)."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html")
                           for k, v in headers)
                if html and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"referrer-policy" not in names:
                    headers.append((b"referrer-policy", b"same-origin"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _status(exc: ReportgraphError) -> int:
    if isinstance(exc, UnknownQuery):
        return 404
    if isinstance(exc, (ParameterError, QueryError)):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def _machine(request: Request) -> bool:
    return request.url.path.startswith(MACHINE_PATHS)


def _respond(request: Request, status: int, message: str) -> Response:
    if _machine(request):
        return PlainTextResponse(message + "\n", status_code=status)
    return error_page(request, status, message)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ReportgraphError)
    async def library_error(request: Request, exc: ReportgraphError) -> Response:
        return _respond(request, _status(exc), one_line(str(exc)))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = {404: "not found", 405: "method not allowed"}.get(exc.status_code,
                                                                     str(exc.detail))
        response = _respond(request, exc.status_code, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _respond(request, 400, one_line(f"bad parameter {where}: {first.get('msg', '')}"))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s: %s: %s", request.url.path, type(exc).__name__, exc)
        return _respond(request, 500, f"internal error: {type(exc).__name__}")
