"""Listings: the positions of every item in a long named listing, kept in the store, so that a
page of the listing is read without sorting the whole store.

A listing `NAME` is defined by `queries/listings/NAME.rq`, a `SELECT ?item ... ORDER BY ...`.
`refresh_listings` runs it and writes each item's `idx:position` (1, 2, ...) and `idx:block`
(the position's block of 64), the count and the store's data version (`Store.version`) into the
index graph `<…/index/NAME>`, which queries read with `GRAPH` (it is not in the union of the
report graphs). A named query with the header `#+ listing: NAME` reads those positions;
`run_page` binds its `?first`, `?last` and `?block` in every SELECT that uses them
(graph.sparql.bind_values_everywhere). Positions are only used while the version they were
computed from is the store's version: after any report graph is written they are out of date,
and `run_page` recomputes them (a writable store) or raises StaleListingError (`reportgraph
reindex` recomputes them).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.errors import ParameterError, StaleListingError, UnknownQuery
from reportgraph.graph.results import QueryResult, SelectResult
from reportgraph.graph.sparql import bind_values_everywhere, sparql_term
from reportgraph.graph.store import INDEX_GRAPHS, VERSION_GRAPH, Store
from reportgraph.ontology.namespaces import IDX
from reportgraph.queries import NamedQuery, bind_params, load_query, parse_query, query_files

#: positions are xsd:integer; a page past every row binds ?last to this
_END = 10**15
#: positions per block (`idx:block`): a page reads the blocks it overlaps
BLOCK = 64


@dataclass(frozen=True)
class Page:
    """Rows `offset + 1` to `offset + limit` of a query's answer (`limit` None: to the end)."""

    offset: int = 0
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.offset < 0 or (self.limit is not None and self.limit < 0):
            raise ParameterError("a page's offset and limit cannot be negative")


@dataclass(frozen=True)
class PageResult:
    """A page of a named query's answer and the number of rows of the whole answer."""

    result: QueryResult
    total: int
    offset: int


def listing_names() -> list[str]:
    """The names of the listings (`queries/listings/*.rq`)."""
    return sorted(query_files("listings"))


def order_query(name: str) -> NamedQuery:
    """The query that orders listing `name`."""
    texts = query_files("listings")
    if name not in texts:
        raise UnknownQuery(f"unknown listing {name!r} (known: {', '.join(sorted(texts))})")
    return parse_query(name, texts[name])


def index_graph(name: str) -> URIRef:
    """The store graph holding the positions of listing `name`."""
    return URIRef(f"{INDEX_GRAPHS}{name}")


def refresh_listings(store: Store, names: list[str] | None = None) -> dict[str, int]:
    """Compute the positions of each listing (default: all) from the store's current data and
    write them; the number of items of each. Only changed positions are written."""
    version = store.version()
    if version is None:  # an empty store, or one written before versions were kept
        version = store.new_version()
    sizes: dict[str, int] = {}
    for name in names or listing_names():
        result = store.query(order_query(name).text)
        items = [row[0] for row in result.rows if isinstance(row[0], URIRef)]  # type: ignore[union-attr]
        graph = index_graph(name)
        triples: set[tuple[Node, Node, Node]] = set()
        for i, item in enumerate(dict.fromkeys(items), start=1):
            triples.add((item, IDX.position, _int(i)))
            triples.add((item, IDX.block, _int(block_of(i))))
        sizes[name] = len(triples) // 2
        triples.add((graph, IDX.version, Literal(version)))
        triples.add((graph, IDX.size, _int(sizes[name])))
        store.replace_graph(graph, triples)
    return sizes


def listing_size(store: Store, name: str) -> int | None:
    """The number of items of listing `name`, or None when its positions are out of date."""
    graph, current, version = (sparql_term(index_graph(name)), sparql_term(VERSION_GRAPH),
                               sparql_term(IDX.version))
    result = store.query(
        f"SELECT ?v ?n ?now WHERE {{ GRAPH {graph} {{ {graph} {version} ?v ; "
        f"{sparql_term(IDX.size)} ?n }} GRAPH {current} {{ {current} {version} ?now }} }}")
    rows = result.rows  # type: ignore[union-attr]
    if len(rows) != 1 or rows[0][0] is None or rows[0][0] != rows[0][2]:
        return None
    return int(rows[0][1])  # type: ignore[arg-type]


def _writable(store: Store) -> bool:
    return not getattr(store, "read_only", True)


def run_page(store: Store, name: str, values: Mapping[str, str | Node] | None = None,
             page: Page | None = None, *, timeout: float | None = None) -> PageResult:
    """A page of the named query `name` (default: every row) and the size of the whole answer.

    A listing query reads only its page from the store; any other query is run whole and cut.
    Out-of-date listing positions are recomputed when the store is writable, else
    StaleListingError.
    """
    page = page or Page()
    query = load_query(name)
    bound = bind_params(query, values or {})
    listing = query.field_value("listing")
    if not listing:
        result = store.query(query.text, bound, timeout=timeout)
        if not isinstance(result, SelectResult):
            return PageResult(result, 1, 0)
        end = None if page.limit is None else page.offset + page.limit
        rows = result.rows[page.offset:end]
        return PageResult(SelectResult(result.variables, rows), len(result.rows), page.offset)
    total = listing_size(store, listing)
    if total is None and getattr(store, "allow_unindexed", False):
        return _unindexed_page(store, query.text, listing, bound, page, timeout)
    if total is None:
        if not _writable(store):
            raise StaleListingError(
                f"the positions of listing {listing!r} are out of date in {store.location} "
                "(run `reportgraph reindex`)")
        total = refresh_listings(store, [listing])[listing]
    return PageResult(store.query(bind_page(query.text, page), bound, timeout=timeout),
                      total, page.offset)


def _unindexed_page(store: Store, text: str, listing: str, bound: Mapping[str, Node],
                    page: Page, timeout: float | None) -> PageResult:
    """A page of a listing whose stored positions are out of date (a build is writing): the
    positions computed here from the listing's order query, the page's given to the query in
    place of the index graph it reads them from."""
    rows = store.query(order_query(listing).text, timeout=timeout).rows  # type: ignore[union-attr]
    items = list(dict.fromkeys(r[0] for r in rows if isinstance(r[0], URIRef)))
    end = len(items) if page.limit is None else min(len(items), page.offset + page.limit)
    values = " ".join(f"({sparql_term(items[i - 1])} {sparql_term(_int(block_of(i)))} "
                      f"{sparql_term(_int(i))})" for i in range(page.offset + 1, end + 1))
    pattern = re.compile(r"GRAPH\s*<" + re.escape(str(index_graph(listing))) +
                         r">\s*\{\s*(\?\w+)\s+idx:block\s+\?block\s*;\s*idx:position\s+\?position\s*\}")
    replaced = pattern.sub(lambda m: f"VALUES ({m.group(1)} ?block ?position) {{ {values} }}", text)
    result = store.query(bind_page(replaced, page), bound, timeout=timeout)
    return PageResult(result, len(items), page.offset)


def bind_page(text: str, page: Page) -> str:
    """A listing query's text with the page bound in every SELECT: ?first and ?last (1-based,
    inclusive) and, for a page of known length, the ?block values its positions lie in (the
    store then reads those few blocks instead of every position of the listing)."""
    first = page.offset + 1
    if not page.limit:  # every row from `first` on, or none (limit 0: ?last before ?first)
        last = _END if page.limit is None else page.offset
        return bind_values_everywhere(text, {"first": _int(first), "last": _int(last)})
    last = page.offset + page.limit
    return bind_values_everywhere(text, [
        {"first": _int(first), "last": _int(last), "block": _int(block)}
        for block in range(block_of(first), block_of(last) + 1)])


def block_of(position: int) -> int:
    """The block of a position: positions 1-64 are block 0, 65-128 block 1, ..."""
    return (position - 1) // BLOCK


@lru_cache(maxsize=1 << 16)
def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)
