"""Where a SPARQL 1.1 server answers: the query, update and Graph Store URLs one `--endpoint URL`
gives, by server kind ("flavour"), how queries see the union of the report graphs, and the
credentials (from the environment, never from the URL). `graph.remote.RemoteStore` uses them.

=========  ==============================  ==========================  =================================
server     URL given                       query / update              graph store
=========  ==============================  ==========================  =================================
Oxigraph   http://host:7878                /query  /update             /store
Fuseki     http://host:3030/ds             /ds/query  /ds/update       /ds/data
GraphDB    http://host:7200/repositories/R /repositories/R             /repositories/R/rdf-graphs/service
                                           /repositories/R/statements
Virtuoso   http://host:8890/sparql         /sparql  /sparql            /sparql-graph-crud
=========  ==============================  ==========================  =================================
"""

import base64
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from reportgraph.errors import EndpointError

FLAVOURS = ("oxigraph", "fuseki", "graphdb", "virtuoso")
UNION_MODES = ("param", "server", "graphs")
DEFAULT_UNION = {"oxigraph": "param", "fuseki": "graphs", "graphdb": "server", "virtuoso": "server"}

ENV_USER = "REPORTGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "REPORTGRAPH_ENDPOINT_PASSWORD"
ENV_TOKEN = "REPORTGRAPH_ENDPOINT_TOKEN"


@dataclass(frozen=True)
class EndpointUrls:
    """Where to send queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    store: str
    flavour: str


def _check_url(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"not an http(s) endpoint URL: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"put credentials in ${ENV_USER} and ${ENV_PASSWORD} "
                            f"(or ${ENV_TOKEN}), not in the endpoint URL")
    return parts


def _guess_flavour(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    if len(segments) >= 2 and segments[-2] == "repositories":
        return "graphdb"
    if segments in (["sparql"], ["sparql-auth"]):
        return "virtuoso"
    return "fuseki" if segments else "oxigraph"


def endpoint_urls(url: str, *, flavour: str = "auto", query_url: str | None = None,
                  update_url: str | None = None, store_url: str | None = None) -> EndpointUrls:
    """The query, update and graph store URLs of the endpoint at `url` (see the module table)."""
    parts = _check_url(url)
    path = parts.path.rstrip("/")
    parent, _, last = path.rpartition("/")
    service = None  # the URL given is a dataset's query service: keep it as the query URL
    if last in ("query", "update") or (last == "sparql" and parent):
        path = parent
        service = url.strip() if last != "update" else None
    if flavour == "auto":
        flavour = _guess_flavour(path)
    if flavour not in FLAVOURS:
        raise EndpointError(f"unknown endpoint kind {flavour!r} (one of auto, {', '.join(FLAVOURS)})")
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    if flavour == "oxigraph":
        urls = (f"{root}/query", f"{root}/update", f"{root}/store")
    elif flavour == "fuseki":
        urls = (f"{root}/query", f"{root}/update", f"{root}/data")
    elif flavour == "graphdb":
        urls = (root, f"{root}/statements", f"{root}/rdf-graphs/service")
    else:  # virtuoso: one URL for query and update, the graph store next to it
        crud = root[: -len("sparql-auth")] + "sparql-graph-crud-auth" if root.endswith(
            "sparql-auth") else root.removesuffix("sparql") + "sparql-graph-crud"
        urls = (root, root, crud)
    for given in (query_url, update_url, store_url):
        if given is not None:
            _check_url(given)
    return EndpointUrls(query_url or service or urls[0], update_url or urls[1],
                        store_url or urls[2], flavour)


def auth_header(env: Mapping[str, str] | None = None) -> str | None:
    """The Authorization header value from the environment variables, or None."""
    env = os.environ if env is None else env
    user, password, token = env.get(ENV_USER), env.get(ENV_PASSWORD), env.get(ENV_TOKEN)
    if token and (user or password):
        raise EndpointError(f"set either ${ENV_TOKEN} or ${ENV_USER}/${ENV_PASSWORD}, not both")
    if token:
        return f"Bearer {token}"
    if user or password:
        if not (user and password is not None):
            missing = ENV_PASSWORD if user else ENV_USER
            raise EndpointError(f"${missing} is not set (needed for basic authentication)")
        raw = f"{user}:{password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")
    return None
