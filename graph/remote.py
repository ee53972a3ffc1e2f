"""A remote SPARQL 1.1 endpoint as a `Store`, over HTTP with the standard library only.

Queries use the SPARQL 1.1 Protocol (POST `application/sparql-query`, answers in SPARQL Results
JSON or, for CONSTRUCT/DESCRIBE, N-Triples/Turtle); updates POST `application/sparql-update`;
a report graph is replaced with one Graph Store Protocol `PUT {store}?graph=IRI` (Turtle), so
atomicity is the server's: Oxigraph 0.5 keeps the old graph when an upload fails (checked with
a truncated body), Fuseki/TDB2 runs each request in one transaction. (A SPARQL `DROP ; INSERT
DATA` update would be atomic everywhere but Oxigraph server caps update bodies at 1 MB, less than
one report graph.) Query parameters are bound with a VALUES block (`graph.sparql.bind_values`):
endpoints have no substitutions.

One `--endpoint URL` gives the three URLs (`graph.endpoints`, with the table by server).

`flavour="auto"` reads the server from the URL: a path ending in `/repositories/NAME` is GraphDB,
one ending in `/sparql` (or `/sparql-auth`) Virtuoso, a URL without a path Oxigraph, any other
path a Fuseki dataset. A URL ending in `/query` (or a dataset's `/sparql`) stays the query URL
and its parent gives the others; one ending in `/update` is read as its parent.

Queries must see the union of the report graphs. How depends on the server (`union`):
- "param": add the `union-default-graph` URL parameter (Oxigraph server; the default for it,
  which makes `oxigraph serve --union-default-graph` unnecessary but harmless);
- "server": the server's default graph already is the union (GraphDB and Virtuoso by default,
  Fuseki/TDB2 with `tdb2:unionDefaultGraph true`, Oxigraph started with `--union-default-graph`);
- "graphs": list the named graphs and send each as a `default-graph-uri` (standard protocol,
  one more request per query; the default for Fuseki and unknown servers).
Oxigraph's union (embedded or served) is a bag: a triple held by n report graphs matches n times
(bench/README.md). So is Virtuoso's, which also holds Virtuoso's own graphs (VIRTUOSO_GRAPHS,
left out of `graphs()`); Virtuoso is sent queries as form posts (README, "Virtuoso 7").

Credentials come from the environment, never from the URL: `REPORTGRAPH_ENDPOINT_USER` and
`REPORTGRAPH_ENDPOINT_PASSWORD` (HTTP Basic) or `REPORTGRAPH_ENDPOINT_TOKEN` (Bearer). Digest
authentication (Virtuoso's `-auth` endpoints) is not supported. Redirects are not followed (so
credentials go nowhere else): a 3xx answer is an error naming the new location.

Errors are one line: EndpointError when the endpoint is down, slow (no answer within `timeout`
seconds), refuses access, or answers with something that is not SPARQL (an HTML page, another
content type, a 4xx/5xx status with the server's first line); QueryError when it rejects the
query itself (400 from the query URL).
"""

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from http.client import HTTPException

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph import __version__
from reportgraph.errors import EndpointError, QueryError, StoreError
from reportgraph.graph.endpoints import (  # noqa: F401 (auth_header, endpoint_urls: part of this API)
    DEFAULT_UNION,
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    FLAVOURS,
    UNION_MODES,
    EndpointUrls,
    auth_header,
    endpoint_urls,
)
from reportgraph.graph.results import AskResult, GraphResult, QueryResult, SelectResult
from reportgraph.graph.sparql import (
    add_prefixes,
    bind_values,
    sparql_term,
    triple_lines,
    uses_service,
)
from reportgraph.graph.store import SERVICE_REFUSED, Store, Triples, is_index_graph, one_line

JSON_RESULTS = "application/sparql-results+json"
QUERY_ACCEPT = (f"{JSON_RESULTS}, application/n-triples;q=0.9, text/turtle;q=0.8, "
                "application/n-quads;q=0.7")
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
DATASET_ACCEPT = "application/n-quads, application/trig;q=0.9"
#: content type -> rdflib parser
RDF_FORMATS = {
    "application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
    "application/x-turtle": "turtle", "application/n-quads": "nquads", "text/x-nquads": "nquads",
    "application/trig": "trig", "application/rdf+xml": "xml",
}
QUAD_FORMATS = {"nquads", "trig"}
#: Virtuoso's own graphs (its RDF views, LDP vocabulary, SPARQL service description): no reports
VIRTUOSO_GRAPHS = ("http://www.openlinksw.com/schemas/", "http://www.w3.org/ns/ldp#",
                   "http://localuriqaserver/")


# ---------------------------------------------------------------------------- HTTP

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects become errors: credentials are never sent to another URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


class _HtmlTitle(HTMLParser):
    """The <title> (else the first <h1>) text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tag: str | None = None
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tag = tag if tag in ("title", "h1") else None

    def handle_endtag(self, tag: str) -> None:
        self.tag = None

    def handle_data(self, data: str) -> None:
        if self.tag and data.strip():
            self.found[self.tag] = self.found.get(self.tag, "") + data


@dataclass(frozen=True)
class _Answer:
    status: int
    content_type: str  # media type only, lower case
    body: bytes


def _media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _is_html(answer: _Answer) -> bool:
    head = answer.body[:200].lstrip().lower()
    return answer.content_type in ("text/html", "application/xhtml+xml") or head.startswith(
        (b"<!doctype html", b"<html"))


def _first_line(answer: _Answer) -> str:
    """What the server said, on one line: an HTML page's title, else its first non-empty line."""
    text = answer.body[:20000].decode("utf-8", "replace")
    if _is_html(answer):
        parser = _HtmlTitle()
        parser.feed(text)
        title = parser.found.get("title") or parser.found.get("h1")
        return f"an HTML page ({one_line(title, 120)})" if title else "an HTML page"
    for line in text.splitlines():
        if line.strip():
            return one_line(line, 160)
    return ""


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint (query, update, graph store URLs) holding one named graph per report.

    `timeout` (seconds) bounds each wait for the server (connecting, and each read of its
    answer); `query(timeout=...)` overrides it for one query. `union` says how queries see the
    union of the named graphs (module docstring). A read-only store refuses to write.
    """

    def __init__(self, urls: EndpointUrls, *, timeout: float = 30.0, union: str | None = None,
                 authorization: str | None = None, read_only: bool = False) -> None:
        union = union or DEFAULT_UNION[urls.flavour]
        if union not in UNION_MODES:
            raise EndpointError(f"unknown union mode {union!r} (one of {', '.join(UNION_MODES)})")
        self.urls = urls
        self.location = urls.query
        self.timeout = timeout
        self.union = union
        self.read_only = read_only
        self._authorization = authorization
        self._opener = urllib.request.build_opener(_NoRedirect())
        self._closed = False

    def __repr__(self) -> str:  # never shows the credentials
        return f"RemoteStore({self.urls.query!r}, union={self.union!r})"

    # ------------------------------------------------------------------ HTTP
    def _send(self, method: str, url: str, *, body: bytes | None = None,
              content_type: str | None = None, accept: str | None = None,
              timeout: float | None = None, missing_ok: bool = False,
              is_query: bool = False) -> _Answer:
        if self._closed:
            raise StoreError(f"endpoint {self.location} is closed")
        timeout = self.timeout if timeout is None else timeout
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("User-Agent", f"reportgraph/{__version__}")
        if content_type:
            req.add_header("Content-Type", content_type)
        if accept:
            req.add_header("Accept", accept)
        if self._authorization:
            req.add_unredirected_header("Authorization", self._authorization)
        where = url.split("?", 1)[0]
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                return _Answer(resp.status, _media_type(resp.headers.get("Content-Type")),
                               resp.read())
        except urllib.error.HTTPError as exc:
            try:
                data = exc.read()
            except (OSError, HTTPException):
                data = b""
            answer = _Answer(exc.code, _media_type(exc.headers.get("Content-Type")), data)
            if missing_ok and exc.code == 404:
                return answer
            if is_query and exc.code == 400 and not _is_html(answer):
                raise QueryError(f"query rejected by {where}: {_first_line(answer)}") from None
            raise self._http_error(where, answer, exc) from None
        except urllib.error.URLError as exc:
            raise self._connect_error(where, exc.reason, timeout) from None
        except TimeoutError as exc:
            raise self._connect_error(where, exc, timeout) from None
        except (OSError, HTTPException) as exc:
            raise self._connect_error(where, exc, timeout) from None

    def _connect_error(self, where: str, reason: object, timeout: float) -> EndpointError:
        if isinstance(reason, TimeoutError):
            return EndpointError(f"SPARQL endpoint {where} did not answer within {timeout:g} s")
        if isinstance(reason, ConnectionRefusedError):
            return EndpointError(f"cannot connect to SPARQL endpoint {where}: connection refused"
                                 " (is the server running?)")
        if isinstance(reason, socket.gaierror):
            return EndpointError(f"cannot connect to SPARQL endpoint {where}: unknown host")
        text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
        return EndpointError(f"cannot connect to SPARQL endpoint {where}: {one_line(text, 120)}")

    def _http_error(self, where: str, answer: _Answer,
                    exc: urllib.error.HTTPError) -> EndpointError:
        said = _first_line(answer)
        status = f"{answer.status} {exc.reason}".strip()
        if answer.status in (401, 403):
            hint = (f" (check ${ENV_USER}/${ENV_PASSWORD} or ${ENV_TOKEN})"
                    if answer.status == 401 or not self._authorization else "")
            return EndpointError(f"SPARQL endpoint {where} refused access: {status}{hint}")
        if 300 <= answer.status < 400:
            target = exc.headers.get("Location", "?")
            return EndpointError(f"SPARQL endpoint {where} redirects to {target} ({status}); "
                                 "give that URL")
        if answer.status == 404:
            return EndpointError(f"no SPARQL service at {where}: {status}"
                                 + (f": {said}" if said else ""))
        return EndpointError(f"SPARQL endpoint {where} answered {status}"
                             + (f": {said}" if said else ""))

    # ------------------------------------------------------------------ writing
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"endpoint {self.location} is open read-only")

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update on the update URL."""
        self._writable()
        self._send("POST", self.urls.update, body=sparql.encode("utf-8"),
                   content_type="application/sparql-update; charset=utf-8")

    def _write_graph(self, name: URIRef, graph: Triples) -> int:
        """PUT the graph (Graph Store Protocol), or DROP it when `graph` is empty. `graph` is an
        rdflib Graph or any iterable of (s, p, o) rdflib terms (a set, a list: duplicates count
        once)."""
        self._writable()
        try:
            g = sparql_term(URIRef(name))
            triples = graph if isinstance(graph, Graph) else set(graph)
            lines = [line + "\n" for line in triple_lines(triples)]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"cannot store graph <{name}>: {exc}") from None
        if not lines:  # a PUT of nothing would leave an empty named graph behind
            self.update(f"DROP SILENT GRAPH {g}")
            return 0
        url = f"{self.urls.store}?{urllib.parse.urlencode({'graph': str(name)})}"
        self._send("PUT", url, body="".join(lines).encode("utf-8"),
                   content_type="text/turtle; charset=utf-8")  # N-Triples is Turtle
        return len(lines)

    # ------------------------------------------------------------------ reading
    def _post_query(self, sparql: str, *, union: bool, timeout: float | None = None) -> _Answer:
        url, body, ctype = self.urls.query, sparql.encode("utf-8"), "application/sparql-query"
        if union and self.union == "param":
            url += ("&" if "?" in url else "?") + "union-default-graph"
        if union and self.union == "graphs":
            fields = [("query", sparql)] + [
                ("named-graph-uri" if is_index_graph(g) else "default-graph-uri", str(g))
                for g in self._named_graphs()]
            body = urllib.parse.urlencode(fields).encode("ascii")
            ctype = "application/x-www-form-urlencoded"
        elif self.urls.flavour == "virtuoso":  # Virtuoso 7 never answers a sparql-query POST
            body = urllib.parse.urlencode([("query", sparql)]).encode("ascii")
            ctype = "application/x-www-form-urlencoded"
        else:
            ctype += "; charset=utf-8"
        return self._send("POST", url, body=body, content_type=ctype, accept=QUERY_ACCEPT,
                          timeout=timeout, is_query=True)

    def _result(self, answer: _Answer) -> QueryResult:
        if answer.content_type == JSON_RESULTS or (
                answer.content_type == "application/json" and answer.body.lstrip()[:1] == b"{"):
            return _parse_json_results(answer.body, self.location)
        fmt = RDF_FORMATS.get(answer.content_type)
        if fmt is not None:
            g = Graph()
            if fmt in QUAD_FORMATS:
                ds = Dataset()
                _parse(ds, answer.body, fmt, self.location)
                for s, p, o, _c in ds.quads((None, None, None, None)):
                    g.add((s, p, o))
            else:
                _parse(g, answer.body, fmt, self.location)
            return GraphResult(g)
        raise self._not_sparql(answer)

    def _not_sparql(self, answer: _Answer) -> EndpointError:
        if _is_html(answer):
            return EndpointError(f"SPARQL endpoint {self.location} answered with "
                                 f"{_first_line(answer)}, not SPARQL results"
                                 " (is this the query URL?)")
        kind = answer.content_type or "no content type"
        return EndpointError(f"SPARQL endpoint {self.location} answered with {kind}, "
                             "not SPARQL Results JSON or RDF")

    def query(self, sparql: str, substitutions: Mapping[str, Node] | None = None,
              timeout: float | None = None, *,
              prefixes: Mapping[str, str] | None = None, allow_service: bool = False) -> QueryResult:
        """Run the query over the union of the named graphs; `substitutions` become a VALUES block.
        A SERVICE clause is refused unless `allow_service` (the server would fetch remote data)."""
        if not allow_service and uses_service(sparql):
            raise QueryError(SERVICE_REFUSED)
        text = add_prefixes(sparql, prefixes) if prefixes else sparql
        if substitutions:
            try:
                text = bind_values(text, substitutions)
            except ValueError as exc:
                raise QueryError(f"cannot bind parameter: {exc}") from None
        return self._result(self._post_query(text, union=True, timeout=timeout))

    def _select(self, sparql: str) -> SelectResult:
        result = self._result(self._post_query(sparql, union=False))
        if not isinstance(result, SelectResult):
            raise EndpointError(f"SPARQL endpoint {self.location} did not answer a SELECT query"
                                " with results")
        return result

    def _named_graphs(self) -> list[URIRef]:
        """Every named graph, the store's own index graphs included."""
        if self.urls.flavour != "virtuoso":
            result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            return sorted(g for g in result.column("g") if isinstance(g, URIRef))
        # Virtuoso answers `GRAPH ?g { }` with one unbound row, and holds graphs of its own;
        # GROUP BY: its DISTINCT here takes seconds after a write
        result = self._select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(g for g in result.column("g") if isinstance(g, URIRef)
                      and not str(g).startswith(VIRTUOSO_GRAPHS))

    def graphs(self) -> list[URIRef]:
        return [g for g in self._named_graphs() if not is_index_graph(g)]

    def graph(self, name: URIRef) -> Graph:
        url = f"{self.urls.store}?{urllib.parse.urlencode({'graph': str(name)})}"
        answer = self._send("GET", url, accept=GRAPH_ACCEPT, missing_ok=True)
        g = Graph(identifier=URIRef(name))
        if answer.status == 404:
            return g
        fmt = RDF_FORMATS.get(answer.content_type)
        if fmt is None or fmt in QUAD_FORMATS:
            raise self._not_sparql(answer)
        _parse(g, answer.body, fmt, self.urls.store)
        return g

    def dataset(self) -> Dataset:
        """Every graph: one GET of the whole store as N-Quads/TriG where the server offers it
        (Oxigraph, Fuseki), else one GET per named graph."""
        try:
            answer = self._send("GET", self.urls.store, accept=DATASET_ACCEPT)
        except EndpointError:
            answer = None
        ds = Dataset()
        fmt = RDF_FORMATS.get(answer.content_type) if answer else None
        if answer is not None and fmt in QUAD_FORMATS:
            _parse(ds, answer.body, fmt, self.urls.store)
            for g in list(ds.graphs()):
                if is_index_graph(g.identifier):
                    ds.remove_graph(g)
            return ds
        for name in self.graphs():
            target = ds.graph(name)
            for triple in self.graph(name):
                target.add(triple)
        return ds

    def close(self) -> None:
        self._closed = True


# ---------------------------------------------------------------------------- parsing

def _parse(target: Graph, data: bytes, fmt: str, where: str) -> None:
    try:
        target.parse(data=data.decode("utf-8"), format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parser errors
        raise EndpointError(f"SPARQL endpoint {where} sent malformed {fmt} data: "
                            f"{one_line(str(exc), 120)}") from exc


def _term(value: Mapping[str, str], where: str) -> Node:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        dt = value.get("datatype")
        if dt and dt != str(XSD.string):
            return Literal(text, datatype=URIRef(dt))
        return Literal(text)
    raise EndpointError(f"SPARQL endpoint {where} sent an unsupported term type {kind!r}")


def _parse_json_results(body: bytes, where: str) -> QueryResult:
    """SPARQL 1.1 Query Results JSON -> SelectResult or AskResult."""
    try:
        data = json.loads(body.decode("utf-8"))
        if "boolean" in data:
            return AskResult(bool(data["boolean"]))
        variables = tuple(data["head"].get("vars", []))
        rows = tuple(
            tuple(_term(b[v], where) if v in b else None for v in variables)
            for b in data["results"]["bindings"])
    except EndpointError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EndpointError(f"SPARQL endpoint {where} sent malformed SPARQL results JSON: "
                            f"{one_line(str(exc), 120)}") from None
    return SelectResult(variables, rows)


def open_endpoint(url: str, *, timeout: float = 30.0, flavour: str = "auto",
                  union: str | None = None, query_url: str | None = None,
                  update_url: str | None = None, store_url: str | None = None,
                  read_only: bool = False, env: Mapping[str, str] | None = None) -> RemoteStore:
    """A RemoteStore for the endpoint at `url` (credentials from `env`, default os.environ).

    Nothing is sent until the first call; `check_endpoint` asks the server at once.
    """
    urls = endpoint_urls(url, flavour=flavour, query_url=query_url, update_url=update_url,
                         store_url=store_url)
    return RemoteStore(urls, timeout=timeout, union=union, authorization=auth_header(env),
                       read_only=read_only)


def check_endpoint(store: RemoteStore) -> None:
    """Ask the endpoint a trivial query; EndpointError when it is down or not SPARQL."""
    result = store._result(store._post_query("ASK { }", union=False))
    if not isinstance(result, AskResult):
        raise EndpointError(f"SPARQL endpoint {store.location} did not answer an ASK query")
