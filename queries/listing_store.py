"""A listing materialised in its index graph: every item's sort key and answer row, in order,
in blocks, so that a page or the whole listing is read back instead of computed.

The index graph `<…/index/NAME>` of listing NAME holds

    <…/index/NAME> idx:version "…" ; idx:size 4389 ; idx:variables "project label …" ;
                   idx:blocks "0:64 7:70 1:64 …" ;           # block ids in order, with their counts
                   idx:links "…" .                           # predicates linking two nodes
    <…/index/NAME/block/7> idx:keys "[…]" ; idx:rows "[…]" .  # JSON, one entry per item

`keys` holds each item of the block with the values of the order query's ORDER BY variables
(queries/listing_update.py merges changed items by them), `rows` the item's row of the named
query, in the same order. A term is written as JSON (`encode`, graph/cells.py): null for unbound, "<iri" for an
IRI, '"text' for an xsd:string literal, ["@", text, lang], ["^", text, datatype] or ["_", label]
for a blank node. A block is one literal per column family, so a page reads one to three
literals and the whole listing a few dozen, whatever the number of items; a block whose items
and rows did not change keeps its literals (the write of the index graph is a difference).
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from reportgraph.graph.base import INDEX_GRAPHS, VERSION_GRAPH, Store
from reportgraph.graph.cells import Cell, decode, encode
from reportgraph.graph.sparql import sparql_term
from reportgraph.ontology.namespaces import IDX

#: items per block when blocks are cut afresh; a block grown past twice this is cut again
BLOCK = 64
Row = tuple[Node | None, ...]


def index_graph(name: str) -> URIRef:
    """The store graph holding listing `name`."""
    return URIRef(f"{INDEX_GRAPHS}{name}")


def block_iri(name: str, block: int) -> URIRef:
    return URIRef(f"{INDEX_GRAPHS}{name}/block/{block}")


@dataclass
class Block:
    """A run of consecutive items of a listing: their keys and rows as stored (JSON text)."""

    id: int
    keys_text: str
    rows_text: str
    _keys: list | None = field(default=None, repr=False)
    _rows: list | None = field(default=None, repr=False)

    @property
    def keys(self) -> list[list[Cell]]:
        """[item, cell, ...] per item: the ORDER BY values."""
        if self._keys is None:
            self._keys = json.loads(self.keys_text)
        return self._keys

    @property
    def cells(self) -> list[list[Cell]]:
        """The encoded row of each item."""
        if self._rows is None:
            self._rows = json.loads(self.rows_text)
        return self._rows

    @classmethod
    def of(cls, id: int, keys: Sequence[list[Cell]], rows: Sequence[list[Cell]]) -> "Block":
        k, r = list(keys), list(rows)
        return cls(id, _dump(k), _dump(r), k, r)

    @property
    def items(self) -> list[str]:
        return [str(e[0]) for e in self.keys]


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Header:
    """What the index graph says about the listing as a whole."""

    version: str
    current: str | None  # the store's data version
    size: int
    variables: tuple[str, ...]
    blocks: tuple[tuple[int, int], ...]  # (id, count) in order
    links: frozenset[str]  # the listing predicates that link nodes (queries/listing_update.py)

    @property
    def fresh(self) -> bool:
        return self.version == self.current


def read_header(store: Store, name: str) -> Header | None:
    """The listing's header, or None when the index graph holds none (never computed, or
    written by an older version of this program)."""
    g, now = sparql_term(index_graph(name)), sparql_term(VERSION_GRAPH)
    v = sparql_term(IDX.version)
    result = store.query(
        f"SELECT ?v ?n ?vars ?blocks ?now ?links WHERE {{ GRAPH {g} {{ {g} {v} ?v ; "
        f"{sparql_term(IDX.size)} ?n ; {sparql_term(IDX.variables)} ?vars ; "
        f"{sparql_term(IDX.blocks)} ?blocks ; {sparql_term(IDX.links)} ?links }} "
        f"OPTIONAL {{ GRAPH {now} {{ {now} {v} ?now }} }} }}")
    rows = result.rows  # type: ignore[union-attr]
    if len(rows) != 1:
        return None
    version, size, variables, blocks, current, links = rows[0]
    try:
        order = tuple((int(i), int(n)) for i, _, n in
                      (part.partition(":") for part in str(blocks).split()))
        return Header(str(version), None if current is None else str(current), int(size),  # type: ignore[arg-type]
                      tuple(str(variables).split()), order, frozenset(str(links).split()))
    except ValueError:
        return None


def read_blocks(store: Store, name: str, ids: Iterable[int] | None = None, *,
                keys: bool = False, rows: bool = True) -> dict[int, Block]:
    """The stored blocks `ids` (default: all) of a listing, by id."""
    g = sparql_term(index_graph(name))
    prefix = f"{INDEX_GRAPHS}{name}/block/"
    values = "" if ids is None else (
        "VALUES ?b { " + " ".join(sparql_term(block_iri(name, i)) for i in ids) + " } ")
    parts = [f"OPTIONAL {{ ?b {sparql_term(IDX.keys)} ?k }}" if keys else "",
             f"OPTIONAL {{ ?b {sparql_term(IDX.rows)} ?r }}" if rows else ""]
    result = store.query(f"SELECT ?b ?k ?r WHERE {{ {values}GRAPH {g} {{ ?b a {sparql_term(IDX.Block)} "
                         f"{' '.join(parts)} }} }}")
    out: dict[int, Block] = {}
    for b, k, r in result.rows:  # type: ignore[union-attr]
        text = str(b)
        if text.startswith(prefix):
            out[int(text[len(prefix):])] = Block(int(text[len(prefix):]), str(k or "[]"),
                                                 str(r or "[]"))
    return out


def page_rows(store: Store, name: str, header: Header, first: int, last: int | None) -> list[Row]:
    """Rows `first`..`last` (0-based, `last` exclusive; None: to the end) of a fresh listing."""
    last = header.size if last is None else min(last, header.size)
    if last <= first:
        return []
    wanted: list[tuple[int, int, int]] = []  # (block id, from, to) within the block
    start = 0
    for block, count in header.blocks:
        end = start + count
        if end > first and start < last:
            wanted.append((block, max(first, start) - start, min(last, end) - start))
        start = end
    whole = len(wanted) == len(header.blocks)
    blocks = read_blocks(store, name, None if whole else [w[0] for w in wanted])
    out: list[Row] = []
    for block, lo, hi in wanted:
        out.extend(tuple(decode(c) for c in cells) for cells in blocks[block].cells[lo:hi])
    return out


def header_triples(name: str, version: str, variables: Sequence[str], blocks: Sequence[Block],
                   links: Iterable[str]) -> set[tuple[Node, Node, Node]]:
    """The triples of the listing's header (see the module's doc)."""
    g = index_graph(name)
    return {
        (g, IDX.version, Literal(version)),
        (g, IDX.size, Literal(sum(len(b.keys) for b in blocks), datatype=XSD.integer)),
        (g, IDX.variables, Literal(" ".join(variables))),
        (g, IDX.blocks, Literal(" ".join(f"{b.id}:{len(b.keys)}" for b in blocks))),
        (g, IDX.links, Literal(" ".join(sorted(links)))),
    }


def block_triples(name: str, block: Block) -> set[tuple[Node, Node, Node]]:
    """The triples of one stored block."""
    iri = block_iri(name, block.id)
    return {(iri, RDF.type, IDX.Block), (iri, IDX.keys, Literal(block.keys_text)),
            (iri, IDX.rows, Literal(block.rows_text))}


def index_triples(name: str, version: str, variables: Sequence[str], blocks: Sequence[Block],
                  links: Iterable[str]) -> set[tuple[Node, Node, Node]]:
    """The whole index graph of a listing."""
    triples = header_triples(name, version, variables, blocks, links)
    for b in blocks:
        triples |= block_triples(name, b)
    return triples


__all__ = ["BLOCK", "Block", "Header", "block_iri", "block_triples", "decode", "encode",
           "header_triples", "index_graph", "index_triples", "page_rows", "read_blocks", "read_header"]
