"""rdflib terms <-> Oxigraph terms, checked once per distinct term."""

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.errors import StoreError
from reportgraph.graph.base import Triples, one_line
from reportgraph.graph.sparql import check_term


def ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term of an rdflib term; ValueError for anything else."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


_XSD_STRING = str(XSD.string)


@lru_cache(maxsize=256)
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


def _from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"unsupported term in the store: {term!r}")


@lru_cache(maxsize=1 << 17)
def _checked_term(term: Node) -> ox.NamedNode | ox.Literal:
    """An IRI or literal as an Oxigraph term, checked as `sparql_term` checks it (ValueError:
    invalid IRI, language tag, or not an RDF term); kept for the next graph written."""
    check_term(term)
    return ox_term(term)  # type: ignore[return-value]


class _Converter:
    """rdflib triples -> Oxigraph quads of one graph, each distinct term converted and checked once
    (the checks and messages of `sparql_term`); a blank node becomes a fresh Oxigraph blank node,
    the same one for every occurrence within the call (as blank node labels of one update)."""

    def __init__(self, graph: ox.NamedNode) -> None:
        self.graph = graph
        self.terms: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def term(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, BNode):
            return ox.BlankNode()
        return _checked_term(term)

    def quads(self, triples: Triples) -> set[ox.Quad]:
        terms, convert, g = self.terms, self.term, self.graph
        out = set()
        for triple in triples:
            try:
                s, p, o = triple
            except (TypeError, ValueError):
                raise ValueError(f"not a triple: {one_line(repr(triple), 80)}") from None
            try:
                os_, op, oo = terms[s], terms[p], terms[o]
            except KeyError:
                os_ = terms[s] if s in terms else terms.setdefault(s, convert(s))
                op = terms[p] if p in terms else terms.setdefault(p, convert(p))
                oo = terms[o] if o in terms else terms.setdefault(o, convert(o))
            except TypeError:  # an unhashable item
                raise ValueError(f"not an RDF term in {one_line(repr(triple), 80)}") from None
            if not isinstance(os_, (ox.NamedNode, ox.BlankNode)) or not isinstance(op, ox.NamedNode):
                raise ValueError(f"not a valid triple: {one_line(repr(triple), 80)}")  # noqa: TRY004
            out.add(ox.Quad(os_, op, oo, g))
        return out


def _in_default(q: ox.Quad) -> ox.Quad:
    return ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())


def _line(q: ox.Quad) -> str:
    """The triple of a quad as SPARQL/N-Triples text (Oxigraph writes its terms escaped)."""
    return f"{q.subject} {q.predicate} {q.object} ."
