"""Named SPARQL queries: one `.rq` file each, with a grlc-style header.

```
#+ summary: one line
#+ description: longer text
#+ params: [fund, region]
#+ param_fund: what it means, e.g. ESF
#+ iri_params: [entity]        # parameters taken as IRIs (the others are plain literals)
```
Parameters are bound as RDF terms (the store's substitutions, or a VALUES block for endpoints
that lack them), never spliced into the text; a parameter must be a projected variable.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from rdflib import Literal, URIRef
from rdflib.term import Node

from reportgraph.errors import ParameterError, UnknownQuery
from reportgraph.graph.results import QueryResult
from reportgraph.graph.sparql import iri_problem
from reportgraph.graph.store import Store

_HEADER = re.compile(r"^#\+\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class NamedQuery:
    """A named query read from `queries/{name}.rq`."""

    name: str
    summary: str
    description: str
    params: tuple[str, ...]
    text: str
    param_docs: tuple[tuple[str, str], ...] = field(default=())
    iri_params: frozenset[str] = field(default=frozenset())
    header: tuple[tuple[str, str], ...] = field(default=())  # every `#+ key: value` line

    def field_value(self, key: str, default: str = "") -> str:
        """The value of a `#+ key:` header line ('' if absent)."""
        return dict(self.header).get(key, default)

    def doc(self, param: str) -> str:
        """The `#+ param_<name>:` text of a parameter ('' if none)."""
        return dict(self.param_docs).get(param, "")


def _list(value: str) -> tuple[str, ...]:
    """`[a, b]` or `a, b` -> ('a', 'b')."""
    inner = value.strip().removeprefix("[").removesuffix("]")
    return tuple(p.strip().strip("'\"") for p in inner.split(",") if p.strip())


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the `#+` header of a query text (only the comment lines at its top)."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            header[m.group(1)] = m.group(2)
    params = _list(header.get("params", ""))
    docs = tuple((k.removeprefix("param_"), v) for k, v in header.items()
                 if k.startswith("param_") and k != "params")
    iri = frozenset(_list(header.get("iri_params", "")))
    return NamedQuery(name, header.get("summary", ""), header.get("description", ""), params,
                      text, docs, iri, tuple(header.items()))


@lru_cache(maxsize=8)
def query_files(folder: str = "") -> dict[str, str]:
    """Name -> text of the `.rq` files shipped in queries/ (or its subfolder `folder`)."""
    root = files("reportgraph.queries")
    if folder:
        root = root / folder
    return {p.name[:-3]: p.read_text(encoding="utf-8") for p in root.iterdir()
            if p.name.endswith(".rq") and p.is_file()}


def list_queries() -> list[NamedQuery]:
    """Every named query, by name."""
    return [parse_query(n, t) for n, t in sorted(query_files().items())]


def load_query(name: str) -> NamedQuery:
    """The named query `name`; UnknownQuery (listing the known names) if there is none."""
    texts = query_files()
    if not _NAME.fullmatch(name) or name not in texts:
        known = ", ".join(sorted(texts))
        raise UnknownQuery(f"unknown query {name!r} (known: {known})")
    return parse_query(name, texts[name])


def bind_params(query: NamedQuery, values: Mapping[str, str | Node]) -> dict[str, Node]:
    """Check `values` against the query's parameters and turn them into RDF terms.

    A string becomes a plain literal, or an IRI for the query's `iri_params`; RDF terms are kept.
    ParameterError for an unknown or missing parameter or an invalid IRI.
    """
    unknown = sorted(set(values) - set(query.params))
    if unknown:
        allowed = ", ".join(query.params) or "none"
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} for query {query.name!r} (parameters: {allowed})")
    missing = [p for p in query.params if p not in values]
    if missing:
        raise ParameterError(f"query {query.name!r} needs parameter {missing[0]!r}"
                             f" (--param {missing[0]}=VALUE)")
    bound: dict[str, Node] = {}
    for name in query.params:
        value = values[name]
        if name in query.iri_params:
            problem = iri_problem(str(value))
            if problem:
                raise ParameterError(
                    f"parameter {name!r} must be an IRI: {str(value)!r}: {problem}")
            bound[name] = URIRef(str(value))
        elif isinstance(value, Node):
            bound[name] = value
        else:
            bound[name] = Literal(str(value))
    return bound


def run_query(store: Store, name: str, values: Mapping[str, str | Node] | None = None, *,
              timeout: float | None = None) -> QueryResult:
    """Run the named query `name` on `store` with its parameters bound as RDF terms (every row;
    queries/listing.py `run_page` gives a page of it)."""
    from reportgraph.queries.listing import run_page  # it builds on this module

    return run_page(store, name, values, timeout=timeout).result
