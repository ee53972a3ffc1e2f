"""A light set of RDF triples for building one report's graph.

rdflib's `Graph.add` costs tens of microseconds a triple (its memory store keeps contexts and
three indexes); building a report graph only needs a set with the few lookups the writers do.
`Triples` iterates subject by subject in the order subjects first came (so output is
deterministic), answers the subset of rdflib's
read API that extraction uses (`triples`, `subjects`, `objects`, `value`, `in`), and becomes an
rdflib `Graph` only when one is asked for (`to_graph`).
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Self

from rdflib import Graph, Literal
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


@lru_cache(maxsize=1 << 17, typed=True)  # typed: True and 1, or a str and a Literal, differ
def plain_literal(value: int | bool | str, lang: str | None = None) -> Literal:
    """Literal(value, lang=lang), made once: offsets, indexes, flags, labels, surface forms and
    kinds repeat within a report and across reports, and rdflib's Literal constructor costs
    microseconds."""
    return Literal(value, lang=lang)


class Triples:
    """A set of triples indexed by subject and by (predicate, object), in a fixed order."""

    __slots__ = ("_n", "_pos", "_spo")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._pos: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._n = 0
        for t in triples:
            self.add(t)

    # ------------------------------------------------------------------ writing
    def add(self, triple: Triple) -> Self:
        s, p, o = triple
        by_p = self._spo.get(s)
        if by_p is None:
            by_p = self._spo[s] = {}
        # each lookup hashes its key, and a Literal's hash is Python code: o is hashed twice
        objs = by_p.get(p)
        if objs is None:
            by_p[p] = {o: None}
        else:
            known = len(objs)
            objs[o] = None  # a triple already there keeps its place: the dict does not grow
            if len(objs) == known:
                return self
        by_o = self._pos.get(p)
        if by_o is None:
            by_o = self._pos[p] = {}
        subs = by_o.get(o)
        if subs is None:
            by_o[o] = {s: None}
        else:
            subs[s] = None
        self._n += 1
        return self

    def discard(self, triple: Triple) -> None:
        """Remove `triple` if present."""
        s, p, o = triple
        objs = self._spo.get(s, {}).get(p)
        if objs is None or o not in objs:
            return
        del objs[o]
        del self._pos[p][o][s]
        self._n -= 1

    def __iadd__(self, other: Iterable[Triple]) -> Self:
        for t in other:
            self.add(t)
        return self

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[Triple]:
        for s, by_p in self._spo.items():
            for p, objs in by_p.items():
                for o in objs:
                    yield s, p, o

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        if s is None or p is None or o is None:
            return next(self.triples(triple), None) is not None
        return o in self._spo.get(s, {}).get(p, ())

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Triple]:
        """The triples matching `pattern` (None matches anything), as rdflib's Graph.triples."""
        s, p, o = pattern
        if s is not None:
            by_p = self._spo.get(s, {})
            for pp in ([p] if p is not None else list(by_p)):
                objs = by_p.get(pp, {})
                if o is not None:
                    if o in objs:
                        yield s, pp, o
                else:
                    for oo in list(objs):
                        yield s, pp, oo
        elif p is not None:
            by_o = self._pos.get(p, {})
            for oo in ([o] if o is not None else list(by_o)):
                for ss in list(by_o.get(oo, ())):
                    yield ss, p, oo
        else:
            for t in list(self):
                if o is None or t[2] == o:
                    yield t

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        for s, _, _ in self.triples((None, predicate, object)):
            yield s

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        for _, _, o in self.triples((subject, predicate, None)):
            yield o

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        for _, p, o in self.triples((subject, None, None)):
            yield p, o

    def value(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, default: Node | None = None) -> Node | None:
        """One value of the missing position (subject or object), or `default`."""
        if object is None:
            if subject is not None and predicate is not None:
                # the first object, read straight from the index (the common case: a sentence's
                # index, text or section) instead of through three generators
                objs = self._spo.get(subject, {}).get(predicate)
                return next(iter(objs)) if objs else default
            return next(self.objects(subject, predicate), default)
        return next(self.subjects(predicate, object), default)

    def to_graph(self) -> Graph:
        """The same triples as an rdflib Graph (its memory store filled in one pass, see
        _fill_memory; `Graph.addN` where the store is not the one that function knows)."""
        g = Graph()
        if not _fill_memory(g, self._spo, self._n):
            g.addN((s, p, o, g) for s, p, o in self)
        return g


#: what a new rdflib Memory store holds before its first triple (rdflib 7)
_EMPTY_MEMORY = {"spo": {}, "pos": {}, "osp": {}, "tripleContexts": {}, "contextTriples": {None: set()},
                 "all_contexts": set(), "defaultContexts": None}


def _fill_memory(g: Graph, spo: dict, n: int) -> bool:
    """Fill the empty Memory store of `g` with the triples of index `spo` (subject -> predicate
    -> objects), leaving it in the state `g.addN` of the same triples in the same order leaves it.

    `Memory.add` costs a dispatched event, a context key formatted and seven index updates a
    triple, each hashing the object again (an rdflib Literal hashes in Python): a third of the
    time of extracting a text went into `to_graph`. Here each subject's and predicate's rows are
    built once and the two sets of triples share their hashes (a set copy does not rehash). The
    store's private attributes are checked first: a store that is not a new rdflib 7 Memory
    returns False and is filled by addN. tests/test_extract_speedups3.py compares both stores."""
    st = g.store
    if type(st) is not Memory or not n:
        return False
    attrs = {k: "_Memory__" + k for k in _EMPTY_MEMORY}
    if any(getattr(st, a, ...) != _EMPTY_MEMORY[k] for k, a in attrs.items()):
        return False
    m_spo, m_pos, m_osp = {}, {}, {}
    triples = set()
    for s, by_p in spo.items():
        po = {}
        for p, objs in by_p.items():
            if not objs:
                continue  # a row emptied by discard
            po[p] = dict.fromkeys(objs, 1)
            os_ = m_pos.setdefault(p, {})
            for o in objs:  # setdefault: one hash of o a lookup
                os_.setdefault(o, {})[s] = 1
                m_osp.setdefault(o, {}).setdefault(s, {})[p] = 1
                triples.add((s, p, o))
        if po:
            m_spo[s] = po
    ctx = f"{g.identifier.__class__.__name__}:{g.identifier}"
    setattr(st, attrs["spo"], m_spo)
    setattr(st, attrs["pos"], m_pos)
    setattr(st, attrs["osp"], m_osp)
    setattr(st, attrs["contextTriples"], {None: triples, ctx: triples.copy()})
    setattr(st, attrs["all_contexts"], {g})
    setattr(st, attrs["defaultContexts"], {ctx: False, None: False})
    st._Memory__context_obj_map[ctx] = g
    return True
