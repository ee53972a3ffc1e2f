"""The web app's page queries: `queries/serve/*.rq` (package data, headers as the named queries'),
read by name, with their parameters bound as RDF terms in a VALUES block and a page's
LIMIT/OFFSET written from integers (never text from a request)."""

from collections.abc import Mapping, Sequence
from functools import lru_cache

from rdflib.term import Node

from reportgraph.graph.sparql import bind_values_everywhere, first_group_brace, values_block
from reportgraph.queries import parse_query, query_files

FOLDER = "serve"


def text(name: str) -> str:
    """The text of `queries/serve/{name}.rq` (KeyError for an unknown name)."""
    return query_files(FOLDER)[name]


@lru_cache(maxsize=1)
def examples() -> tuple[tuple[str, str], ...]:
    """The SPARQL page's examples (`queries/serve/examples/*.rq`, in the order of their names):
    (the `#+ summary:` as title, the text after the header)."""
    out = []
    for name, body in sorted(query_files(FOLDER + "/examples").items()):
        lines = body.splitlines()
        while lines and (lines[0].startswith("#") or not lines[0].strip()):
            lines.pop(0)
        out.append((parse_query(name, body).summary, "\n".join(lines).rstrip()))
    return tuple(out)


def params(name: str) -> tuple[str, ...]:
    """The `#+ params:` of a page query."""
    return parse_query(name, text(name)).params


def bound(query: str, bindings: Mapping[str, Node] | Sequence[Mapping[str, Node]]) -> str:
    """`query` with a VALUES block of `bindings` (escaped terms; one row or rows of the same
    variables) opening its outer group, where Oxigraph's planner starts from it."""
    at = _group_start(query)
    return f"{query[:at]}\n  {values_block(bindings)}\n{query[at:]}"


def bound_everywhere(query: str, bindings: Mapping[str, Node]) -> str:
    """`query` with the VALUES block in every SELECT (subqueries too) that uses its variables."""
    return bind_values_everywhere(query, bindings)


def paged(query: str, limit: int, offset: int = 0) -> str:
    """`query` with `LIMIT limit OFFSET offset` (integers, checked as such)."""
    limit, offset = int(limit), int(offset)
    if limit < 0 or offset < 0:
        raise ValueError("a page's limit and offset are not negative")
    return f"{query}\nLIMIT {limit} OFFSET {offset}"


@lru_cache(maxsize=64)
def _group_start(query: str) -> int:
    return first_group_brace(query) + 1
