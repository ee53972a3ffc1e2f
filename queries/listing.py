"""Listings: every row of a long named listing kept in the store, in order, so that a page of
it, or the whole of it, is read instead of computed.

A listing `NAME` is defined by `queries/listings/NAME.rq`, a `SELECT ?item ... ORDER BY ...`,
and the named query with the header `#+ listing: NAME` (queries/*.rq), which gives the rows of
the items at positions ?first..?last read from the pattern `GRAPH <…/index/NAME> { ?item
idx:block ?block ; idx:position ?position }`. `refresh_listings` computes the order, runs the
named query for the items (that pattern replaced by a VALUES block of them:
queries/listing_update.py) and writes each item's sort key and row, in blocks, with the store's
data version (`Store.version`) into the index graph `<…/index/NAME>` (queries/listing_store.py;
it is not in the union of the report graphs). `run_page` reads a page, or every row, from there.

Stored rows are only used while the version they were computed from is the store's version:
after a report graph is written they are out of date. The writer brings them up to date
(`build`, `load` at their end; `run_page` on a writable store): for the items near what changed
when its change log reaches back to their version (graph/changes.py), else from scratch. A
reader raises StaleListingError (`reportgraph reindex` recomputes them), or with
`store.allow_unindexed` computes the page from the data. Remote stores (graph/remote.py) keep
no change log: their listings are always recomputed whole, and read the same way.
"""

from collections.abc import Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.errors import ParameterError, StaleListingError, UnknownQuery
from reportgraph.graph.results import QueryResult, SelectResult
from reportgraph.graph.sparql import bind_values_everywhere
from reportgraph.graph.store import Store
from reportgraph.queries import NamedQuery, bind_params, load_query, parse_query, query_files
from reportgraph.queries.listing_store import (
    Block,
    block_iri,
    block_triples,
    header_triples,
    index_graph,
    index_triples,
    page_rows,
    read_header,
)
from reportgraph.queries.listing_update import (
    affected_items,
    changed_links,
    full_blocks,
    links,
    page_text,
    updated_blocks,
)

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


def refresh_listings(store: Store, names: list[str] | None = None, *,
                     full: bool = False, helpers: Executor | None = None) -> dict[str, int]:
    """Bring each listing (default: all) up to the store's current data and write it; the
    number of items of each.

    A listing computed at a version that the store's change log reaches (graph/changes.py: the
    writer that wrote since is this process) is updated for the changed items only
    (queries/listing_update.py); any other, or every one when `full`, is computed from scratch.
    Either way the listing is written in one step with the version it is current for: an
    interrupted refresh leaves the old version's blocks, which are out of date and recomputed
    on next use, never wrong blocks marked current.

    `helpers`: processes that can open the store for reading (a build's extraction workers, idle
    by then: forked before the store was opened). Listings computed from scratch, but one, are
    then computed there, on the snapshot the store publishes of its current data, while this
    process computes the one; the blocks are the same (the same queries on the same data).
    """
    version = store.version()
    if version is None:  # an empty store, or one written before versions were kept
        version = store.new_version()
    log = getattr(store, "changes", None)
    sizes: dict[str, int] = {}
    scratch: list[str] = []  # listings computed from scratch, after the loop
    memo: dict[object, object] = {}  # affected items by (version, links); the links of the store
    for name in names or listing_names():
        header = read_header(store, name)
        if header is not None and header.version == version and not full:
            sizes[name] = header.size  # already current
            continue
        since = None if full or header is None or log is None else log.since(header.version)
        update = None
        if since is not None and header is not None and hasattr(store, "update_index"):
            changes, fresh = since
            hops = changed_links(header.links, changes)
            if (header.version, hops) not in memo:
                memo[header.version, hops] = affected_items(store, changes, fresh, hops)
            update = updated_blocks(store, name, header, memo[header.version, hops])  # type: ignore[arg-type]
        if update is not None and header is not None:
            blocks = update.blocks
            triples = header_triples(name, version, header.variables, blocks, hops)
            for block in update.written:
                triples |= block_triples(name, block)
            gone = {block_iri(name, b.id) for b in update.written} | {
                block_iri(name, b) for b in update.dropped}
            store.update_index(index_graph(name), [index_graph(name), *sorted(gone)], triples)  # type: ignore[attr-defined]
            sizes[name] = sum(len(b.keys) for b in blocks)
        else:
            scratch.append(name)
    if scratch:
        computed = _from_scratch(store, scratch, version, helpers)
        if "links" not in memo:
            memo["links"] = links(store)
        for name in scratch:
            variables, blocks = computed[name]
            store.replace_graph(index_graph(name), index_triples(
                name, version, variables, blocks, memo["links"]))  # type: ignore[arg-type]
            sizes[name] = sum(len(b.keys) for b in blocks)
    if log is not None:
        log.follow(version)  # the listings are current at it: later writes are changes since it
    return sizes


def _from_scratch(store: Store, names: list[str], version: str, helpers: Executor | None
                  ) -> dict[str, tuple[tuple[str, ...], list[Block]]]:
    """The variables and blocks of each listing `names`, from the store's data at `version`:
    with `helpers` (and a store that publishes snapshots), all but the last computed by them on
    the snapshot, in parallel with this process computing the last; here whatever they could not
    (a snapshot at another version, a broken pool)."""
    pending: dict[str, Future] = {}
    publish = getattr(store, "published", None)
    location = publish() if helpers is not None and len(names) > 1 and publish else None
    if location is not None:
        for name in names[:-1]:
            try:
                pending[name] = helpers.submit(snapshot_blocks, str(location), name, version)  # type: ignore[union-attr]
            except RuntimeError:  # the pool is shut down or broken: computed here
                break
    out = {name: full_blocks(store, name) for name in names if name not in pending}
    for name, future in pending.items():
        try:
            got = future.result()
        except Exception:  # noqa: BLE001 - a helper's failure is not the refresh's: done here
            got = None
        out[name] = full_blocks(store, name) if got is None else (
            got[0], [Block(i, keys, rows) for i, keys, rows in got[1]])
    return out


def snapshot_blocks(location: str, name: str, version: str
                    ) -> tuple[tuple[str, ...], list[tuple[int, str, str]]] | None:
    """In a helper process: listing `name` computed from scratch on the newest snapshot of the
    store at `location` (its variables, and each block as id, keys and rows JSON), or None when
    that snapshot is not at data version `version`."""
    from reportgraph.graph.store import open_store_for_reading

    with open_store_for_reading(location) as st:
        if st.version() != version:
            return None
        variables, blocks = full_blocks(st, name)
    return variables, [(b.id, b.keys_text, b.rows_text) for b in blocks]


def listing_size(store: Store, name: str) -> int | None:
    """The number of items of listing `name`, or None when it is out of date."""
    header = read_header(store, name)
    return header.size if header is not None and header.fresh else None


def _writable(store: Store) -> bool:
    return not getattr(store, "read_only", True)


def run_page(store: Store, name: str, values: Mapping[str, str | Node] | None = None,
             page: Page | None = None, *, timeout: float | None = None) -> PageResult:
    """A page of the named query `name` (default: every row) and the size of the whole answer.

    A listing query's page is read from the rows the store keeps (queries/listing_store.py);
    any other query is run whole and cut. An out-of-date listing is brought up to date when the
    store is writable, read without its stored rows when `store.allow_unindexed` (computed here),
    else StaleListingError.
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
    header = read_header(store, listing)
    if bound or ((header is None or not header.fresh) and getattr(store, "allow_unindexed", False)):
        return _unindexed_page(store, query.text, listing, bound, page, timeout)
    if header is None or not header.fresh:
        if not _writable(store):
            raise StaleListingError(
                f"the positions of listing {listing!r} are out of date in {store.location} "
                "(run `reportgraph reindex`)")
        refresh_listings(store, [listing])
        header = read_header(store, listing)
        assert header is not None
    end = None if page.limit is None else page.offset + page.limit
    rows = page_rows(store, listing, header, page.offset, end)
    return PageResult(SelectResult(header.variables, tuple(rows)), header.size, page.offset)


def _unindexed_page(store: Store, text: str, listing: str, bound: Mapping[str, Node],
                    page: Page, timeout: float | None) -> PageResult:
    """A page of a listing whose stored rows are out of date (a build is writing) or that takes
    parameters: the positions computed here from the listing's order query, the page's given to
    the query in place of the index graph it reads them from."""
    rows = store.query(order_query(listing).text, timeout=timeout).rows  # type: ignore[union-attr]
    items = list(dict.fromkeys(str(r[0]) for r in rows if isinstance(r[0], URIRef)))
    end = len(items) if page.limit is None else min(len(items), page.offset + page.limit)
    entries = [(items[i - 1], block_of(i), i) for i in range(page.offset + 1, end + 1)]
    result = store.query(page_text(text, listing, entries), bound, timeout=timeout)
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
