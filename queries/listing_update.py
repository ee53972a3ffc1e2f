"""Computing a listing's blocks (queries/listing_store.py): from scratch, or from the stored
ones for only the items a write may have changed.

From scratch: the order query (`listings/NAME.rq`, its ORDER BY variables projected as the sort
keys) gives the items in order; the named query, with its index-graph pattern replaced by a
VALUES block of those items, gives their rows (the same query and bindings as a page of it, so
the same rows); blocks of 64 are cut.

Incrementally, given the union triples written since the listing's version (graph/changes.py):
only those whose predicate a listing's queries name can change a row (`listing_predicates`); of
those, with subjects S and objects O, the affected items are S, O, and the nodes one or two hops
before a node of S or one hop after it over those predicates (`affected_items`). That covers
every triple a row of a listing query reads, which lie at most two hops after its item (a
project's fund notation: project -> funding item -> fund -> notation) or one hop before it (an
actor's projects); a listing query reading further must widen `affected_items`. Only the affected items' keys and rows
are recomputed (the order and named queries restricted to them by VALUES); the others keep
their keys, rows and relative order. The affected items are merged in by their keys (compared in
Python when every key is unbound, an IRI or a plain string, as SPARQL orders them; else sorted
by the store over a VALUES block of every item's keys), and join the block of the item before
them; a block grown past twice the block size is cut. Blocks that did not change keep their
stored literals.
"""

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from reportgraph.graph.base import INDEX_GRAPHS, Store
from reportgraph.graph.changes import Change
from reportgraph.graph.sparql import (
    bind_values_everywhere,
    iri_problem,
    select_groups,
    sparql_term,
    values_block,
)
from reportgraph.queries import load_query, query_files
from reportgraph.queries.listing_store import (
    BLOCK,
    Block,
    Cell,
    Header,
    decode,
    index_graph,
    read_blocks,
)

#: affected items beyond which a listing is recomputed from scratch (cheaper by then)
MAX_AFFECTED = 20_000
_END = 10**15
_ORDER = re.compile(r"ORDER\s+BY\s+((?:\?\w+\s*)+)$", re.IGNORECASE)
_SELECT = re.compile(r"SELECT\s+\?item\b", re.IGNORECASE)


def index_pattern(name: str) -> re.Pattern[str]:
    """The named query's pattern reading the listing's positions from its index graph."""
    return re.compile(r"GRAPH\s*<" + re.escape(str(index_graph(name))) +
                      r">\s*\{\s*(\?\w+)\s+idx:block\s+\?block\s*;\s*idx:position\s+\?position\s*\}")


def order_variables(name: str) -> list[str] | None:
    """The ORDER BY variables of `listings/NAME.rq`, or None when it orders by expressions."""
    text = re.sub(r"(?m)(^|\s)#[^\n]*", " ", query_files("listings")[name]).strip()
    m = _ORDER.search(text)
    return m.group(1).replace("?", " ").split() if m else None


def order_keys(store: Store, name: str, items: Iterable[str] | None = None,
               timeout: float | None = None) -> list[list[Cell]]:
    """[item, key, ...] of the listing's items (or of those of `items` still in it), in order;
    the keys are the ORDER BY values, encoded."""
    from reportgraph.queries.listing import order_query

    text = order_query(name).text
    keys = order_variables(name) or []
    extra = list(dict.fromkeys(k for k in keys if k != "item"))
    if extra:
        text = _SELECT.sub(lambda m: m.group(0) + "".join(f" ?{k}" for k in extra), text, count=1)
    column = [0 if k == "item" else 1 + extra.index(k) for k in keys]
    if items is not None:
        rows = [{"item": URIRef(i)} for i in items]
        if not rows:
            return []
        text = _bind_innermost(text, rows)
    result = store.select_cells(text, timeout=timeout)
    out: list[list[Cell]] = []
    seen: set[str] = set()
    for row in result.rows:
        item = row[0]
        if isinstance(item, str) and item[0] == "<" and item not in seen:  # an IRI
            seen.add(item)
            out.append([item[1:], *(row[j] for j in column)])
    return out


def _bind_innermost(text: str, rows: list[dict[str, URIRef]]) -> str:
    """The order query with the items bound in each subquery that reads ?item (a subquery is
    evaluated on its own: bound outside it, it would read every item), or in the query's own
    group when it has none (the query's rows are its subqueries' rows, extended)."""
    groups = select_groups(text)
    top = [g for g in groups[1:] if re.search(r"[?$]item(?!\w)", g[2])]
    if not top:
        return bind_values_everywhere(text, rows)
    block = f"\n  {values_block(rows)}\n"
    out, last = [], 0
    for opened, _closed, _own in sorted(top):
        out += [text[last:opened + 1], block]
        last = opened + 1
    return "".join(out) + text[last:]


def page_text(query_text: str, name: str, entries: Sequence[tuple[str, int, int]]) -> str:
    """The named query with its index-graph pattern replaced by (item, block, position) rows
    and every position bound to be read."""
    values = " ".join(f"({_iri(item)} {block:d} {position:d})"
                      for item, block, position in entries)
    bound = bind_values_everywhere(query_text, {"first": _int(1), "last": _int(_END)})
    return index_pattern(name).sub(
        lambda m: f"VALUES ({m.group(1)} ?block ?position) {{ {values} }}", bound)


def _iri(item: str) -> str:
    """An item's IRI as SPARQL text (checked: it only ever reads as an IRI)."""
    if iri_problem(item):
        return sparql_term(URIRef(item))  # raises ValueError
    return f"<{item}>"


def compute_rows(store: Store, name: str, items: Sequence[str],
                 timeout: float | None = None) -> tuple[tuple[str, ...], dict[str, list[Cell]]]:
    """The variables of named query `name` (a listing query) and the row of each of `items`,
    its terms encoded as cells (graph/cells.py)."""
    text = load_query(name).text
    m = index_pattern(name).search(text)
    if m is None:
        raise ValueError(f"query {name!r} does not read the positions of listing {name!r}")
    result = store.select_cells(page_text(text, name, [(i, 0, n) for n, i in enumerate(items, 1)]),
                                timeout=timeout)
    variables = tuple(result.variables)
    column = variables.index(m.group(1)[1:])
    rows: dict[str, list[Cell]] = {}
    for row in result.rows:
        item = row[column]
        if isinstance(item, str):
            rows.setdefault(item[1:], list(row))
    return variables, rows


def full_blocks(store: Store, name: str) -> tuple[tuple[str, ...], list[Block]]:
    """The listing's variables and blocks, computed from the store's data."""
    entries = order_keys(store, name)
    variables, rows = compute_rows(store, name, [e[0] for e in entries])
    entries = [e for e in entries if str(e[0]) in rows]
    blocks = [Block.of(n, chunk, [rows[str(e[0])] for e in chunk])
              for n, chunk in enumerate(_chunks(entries, BLOCK))]
    return variables, blocks


_IRI = re.compile(r"<([^<>\s]*)>")
_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^<>\s]*)>", re.IGNORECASE)
_PNAME = re.compile(r"(?<![\w<?$])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")


@cache
def listing_predicates() -> frozenset[str]:
    """Every IRI the listings' order and named queries write (their predicates among them),
    and rdf:type (`a`)."""
    from reportgraph.queries import query_files as named

    texts = list(query_files("listings").values())
    texts += [text for text in named().values() if re.search(r"^#\+ listing:", text, re.MULTILINE)]
    out = {str(RDF.type)}
    for text in texts:
        body = re.sub(r"(?m)(^|\s)#[^\n]*", " ", text)
        prefixes = dict(_PREFIX.findall(body))
        out.update(_IRI.findall(body))
        out.update(prefixes[p] + local for p, local in _PNAME.findall(body) if p in prefixes)
    return frozenset(out)


@cache
def _candidates() -> frozenset[str]:
    return frozenset(p for p in listing_predicates() if p != str(RDF.type)
                     and not p.endswith(("/", "#")) and not p.startswith(INDEX_GRAPHS))


def links(store: Store) -> frozenset[str]:
    """The listing predicates that link two nodes in the store (have an IRI or blank node
    object), computed from scratch; `affected_items` follows only these."""
    return frozenset(p for p in sorted(_candidates()) if store.query(
        f"ASK {{ ?s {sparql_term(URIRef(p))} ?o FILTER(!isLiteral(?o)) }}").value)  # type: ignore[union-attr]


def changed_links(known: Iterable[str], changes: Iterable[Change]) -> frozenset[str]:
    """The linking predicates after `changes`, given those before them (a superset)."""
    candidates = _candidates()
    return frozenset(known) | {p for _s, p, o in changes if o is not None and p in candidates}


def affected_items(store: Store, changes: Iterable[Change], fresh: set[str],
                   hops: Iterable[str]) -> set[str] | None:
    """The nodes whose listing keys or rows may have changed (see the module's doc), or None
    when there are more than MAX_AFFECTED or the store cannot look up neighbours. `hops`:
    the predicates that link nodes (`changed_links`); `fresh`: nodes new since the listing's
    version, whose every link is among the changes (not looked up)."""
    neighbours = getattr(store, "neighbours", None)
    if neighbours is None:
        return None
    predicates = listing_predicates()
    relevant = [c for c in changes if c[1] in predicates]
    subjects = {s for s, _p, _o in relevant}
    out = subjects | {o for _s, p, o in relevant if o is not None and p != str(RDF.type)}
    hops = sorted(hops)
    before, after = neighbours(sorted(subjects - fresh), hops)
    out |= before | after
    if len(out) > MAX_AFFECTED:
        return None
    before2, _after = neighbours(sorted(before - subjects - fresh), hops)
    out |= before2
    return None if len(out) > MAX_AFFECTED else out


class _Unsafe(Exception):
    """A key Python cannot order exactly as the store does."""


_XSD = str(XSD)
#: the date and time types ordered by their first instant, then in this order (as Oxigraph does)
_TIMES = {_XSD + "gYear": 0, _XSD + "gYearMonth": 1, _XSD + "date": 2, _XSD + "dateTime": 3}
_TIME = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d):(\d\d(?:\.\d+)?))?)?)?")


def _cell_key(cell: Cell) -> tuple:
    """SPARQL's order: unbound, IRIs, literals; IRIs and plain strings by code point, the date
    types (without a time zone) by time. Other terms raise _Unsafe."""
    if cell is None:
        return (0,)
    if isinstance(cell, str):
        return (2, cell[1:]) if cell[0] == "<" else (3, cell[1:])
    if cell[0] == "^" and cell[2] in _TIMES:
        m = _TIME.fullmatch(cell[1])
        if m:
            y, mo, d, h, mi, sec = m.groups()
            return (4, int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0),
                    float(sec or 0), _TIMES[cell[2]])
    raise _Unsafe


def python_order(entries: Sequence[Sequence[Cell]]) -> list[int]:
    """The indices of `entries` ([item, key, ...]) in SPARQL's order by the keys; _Unsafe when a
    key is of a kind Python does not order as the store (or strings and dates in one column)."""
    keys = [tuple(_cell_key(c) for c in e[1:]) for e in entries]
    for column in range(len(keys[0]) if keys else 0):
        if len({k[column][0] for k in keys} & {3, 4}) > 1:
            raise _Unsafe
    return sorted(range(len(entries)), key=keys.__getitem__)


def _mixed(entries: Iterable[Sequence[Cell]]) -> bool:
    """True when a key column holds both plain strings and typed literals."""
    strings: set[int] = set()
    typed: set[int] = set()
    for e in entries:
        for j, c in enumerate(e[1:]):
            if isinstance(c, str):
                if c[0] == '"':
                    strings.add(j)
            elif c is not None:
                typed.add(j)
    return bool(strings & typed)


def merge_order(store: Store, kept: list[list[Cell]], added: list[list[Cell]]) -> list[int]:
    """The indices into `kept + added` in the listing's order, `kept` being in order already:
    each added entry placed by binary search when Python orders the keys as the store does."""
    try:
        if _mixed(kept) or _mixed(kept[:1] + added):
            raise _Unsafe
        keys = [tuple(_cell_key(c) for c in e[1:]) for e in added]
        out = list(range(len(kept)))
        placed: list[tuple[int, tuple, int]] = []
        for n, key in sorted(enumerate(keys), key=lambda nk: nk[1]):
            at = bisect.bisect_left(kept, key, key=lambda e: tuple(_cell_key(c) for c in e[1:]))
            placed.append((at, key, len(kept) + n))
        for at, _key, index in reversed(placed):
            out.insert(at, index)
        return out
    except _Unsafe:
        return sort_entries(store, kept + added)


def sort_entries(store: Store, entries: list[list[Cell]]) -> list[int]:
    """The indices of `entries` ([item, key, ...]) in the listing's order."""
    try:
        if not _mixed(entries):
            return python_order(entries)
    except _Unsafe:
        pass
    width = len(entries[0]) - 1
    names = " ".join(f"?k{j}" for j in range(width))
    body = " ".join("(" + sparql_term(_int(i)) + "".join(
        " UNDEF" if c is None else " " + sparql_term(decode(c)) for c in e[1:]) + ")"  # type: ignore[arg-type]
        for i, e in enumerate(entries))
    result = store.query(f"SELECT ?i WHERE {{ VALUES (?i {names}) {{ {body} }} }} ORDER BY {names}")
    return [int(r[0]) for r in result.rows]  # type: ignore[union-attr, arg-type]


@dataclass
class Update:
    """A listing's blocks after changes: all of them in order, those to write, those gone."""

    blocks: list[Block]
    written: list[Block]
    dropped: list[int]


def updated_blocks(store: Store, name: str, header: Header,
                   affected: set[str] | None) -> Update | None:
    """The listing's blocks after the changes (see the module's doc), computed from the stored
    blocks of `header`; None when it is better (or only possible) to recompute it whole."""
    if order_variables(name) is None or affected is None:
        return None
    stored = read_blocks(store, name, keys=True, rows=False)
    if any(block not in stored for block, _count in header.blocks):
        return None
    old = [stored[block] for block, _count in header.blocks]
    if not affected:
        return Update(old, [], [])
    fresh = [e for e in order_keys(store, name, sorted(affected)) if str(e[0]) in affected]
    variables, rows = compute_rows(store, name, [str(e[0]) for e in fresh])
    if variables != header.variables:
        return None
    # (keys, the stored block it comes from or None, its index there)
    kept: list[tuple[list[Cell], Block | None, int]] = [
        (e, block, i) for block in old for i, e in enumerate(block.keys)
        if str(e[0]) not in affected]
    added = [(e, None, -1) for e in fresh if str(e[0]) in rows]
    entries = kept + added
    order = merge_order(store, [e for e, _b, _i in kept], [e for e, _b, _i in added])

    def load(blocks: list[Block]) -> None:  # the stored rows of blocks being rewritten
        texts = read_blocks(store, name, [b.id for b in blocks], keys=False, rows=True)
        for b in blocks:
            b.rows_text, b._rows = texts[b.id].rows_text, None

    blocks = _cut([entries[i] for i in order], old, rows, load) if entries else []
    written = [b for b in blocks if not any(b is o for o in old)]
    ids = {b.id for b in blocks if any(b is o for o in old)}
    return Update(blocks, written, [b.id for b in old if b.id not in ids])


def _cut(entries: list[tuple[list[Cell], Block | None, int]], old: list[Block],
         rows: Mapping[str, list[Cell]], load: Callable[[list[Block]], None]) -> list[Block]:
    """Blocks for the merged entries: an added item joins the block of the item before it (the
    first block when it comes first); unchanged blocks are the stored ones."""
    runs: list[tuple[Block | None, list[tuple[list[Cell], Block | None, int]]]] = []
    front: list[tuple[list[Cell], Block | None, int]] = []
    for entry in entries:
        block = entry[1]
        if block is None:
            (runs[-1][1] if runs else front).append(entry)
        elif runs and runs[-1][0] is block:
            runs[-1][1].append(entry)
        else:
            runs.append((block, [entry]))
    if not runs:
        runs = [(None, front)]
    else:
        runs[0] = (runs[0][0], front + runs[0][1])
    same = [block is not None and len(members) == len(block.keys)
            and all(b is block for _e, b, _i in members) for block, members in runs]
    needed = {id(b): b for (_block, members), kept in zip(runs, same, strict=True) if not kept
              for _e, b, _i in members if b is not None}
    if needed:
        load(list(needed.values()))
    next_id = max((b.id for b in old), default=-1) + 1
    out: list[Block] = []
    for (block, members), kept in zip(runs, same, strict=True):
        if kept:
            out.append(block)  # type: ignore[arg-type]  # every item of it, none added: as stored
            continue
        pieces = _chunks(members, BLOCK) if len(members) > 2 * BLOCK else [members]
        for n, piece in enumerate(pieces):
            if block is None or n > 0:
                block_id, next_id = next_id, next_id + 1
            else:
                block_id = block.id
            cells = [b.cells[i] if b is not None else rows[str(e[0])]
                     for e, b, i in piece]
            out.append(Block.of(block_id, [e for e, _b, _i in piece], cells))
    return out


def _chunks(seq: Sequence, size: int) -> list:
    return [seq[i:i + size] for i in range(0, len(seq), size)]


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


__all__ = ["MAX_AFFECTED", "Update", "affected_items", "changed_links", "compute_rows",
           "full_blocks", "links", "merge_order", "order_keys", "order_variables", "page_text",
           "python_order", "sort_entries", "updated_blocks"]
