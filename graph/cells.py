"""RDF terms as JSON cells: how the listings store their keys and rows (queries/listing_store.py).

A term is written as null for unbound, "<iri" for an IRI, '"text' for an xsd:string literal,
["@", text, lang], ["^", text, datatype] or ["_", label] for a blank node. `encode` writes an
rdflib term, `encode_ox` an Oxigraph one straight from a query's answer (the same cell as
`encode` of the rdflib term the store's `query` would give: IRIs and plain strings directly,
other literals through rdflib, which normalises some lexical forms), `decode` reads a cell back.
"""

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

Cell = str | list | None
_XSD_STRING = str(XSD.string)


def encode(term: Node | None) -> Cell:
    """One rdflib term as a cell."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return "<" + str(term)
    if isinstance(term, Literal):
        if term.language:
            return ["@", str(term), term.language]
        if term.datatype is None or str(term.datatype) == _XSD_STRING:
            return '"' + str(term)
        return ["^", str(term), str(term.datatype)]
    if isinstance(term, BNode):
        return ["_", str(term)]
    raise ValueError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=1 << 16)
def _other_literal(value: str, datatype: str, language: str | None) -> Cell:
    from reportgraph.graph.oxterms import _from_ox

    lit = ox.Literal(value, language=language) if language else ox.Literal(
        value, datatype=ox.NamedNode(datatype))
    return encode(_from_ox(lit))


def encode_ox(term: object) -> Cell:
    """One Oxigraph term (or None: unbound) as a cell, the same as `encode` of its rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "<" + term.value
    if isinstance(term, ox.Literal):
        language = term.language
        datatype = term.datatype.value
        if not language and datatype == _XSD_STRING:
            return '"' + term.value
        return _other_literal(term.value, datatype, language)
    from reportgraph.graph.oxterms import _from_ox

    return encode(_from_ox(term))  # a blank node


@lru_cache(maxsize=256)
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


@lru_cache(maxsize=1 << 16)
def _typed(text: str, datatype: str) -> Literal:
    return Literal(text, datatype=_datatype(datatype))


def decode(cell: Cell) -> Node | None:
    """The term `encode` wrote (the same rdflib term the store's query answer gives)."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return URIRef(cell[1:]) if cell[0] == "<" else Literal(cell[1:])
    kind = cell[0]
    if kind == "^":
        return _typed(cell[1], cell[2])
    if kind == "@":
        return Literal(cell[1], lang=cell[2])
    return BNode(cell[1])


__all__ = ["Cell", "decode", "encode", "encode_ox"]
