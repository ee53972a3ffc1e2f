"""Deterministic blank-node labels, so that publishing the same data twice gives the same bytes.

A label is a hash of the node's neighbourhood (colour refinement over all quads), so it does not
depend on the ids a parser or store happened to give, and adding data elsewhere leaves it alone.
A fixed number of rounds is run first; when that already tells every blank node apart (the usual
case: each hangs off a distinct IRI) a label depends only on the node's near neighbourhood, so
adding data elsewhere leaves it alone. Otherwise refinement goes on until stable.
Tree-shaped blank nodes (selectors, nested values) always get canonical labels; for cyclic
blank-node structures that colour refinement cannot tell apart a tie is broken arbitrarily
(the output is then isomorphic, not necessarily byte-identical).
"""

from collections import defaultdict
from collections.abc import Iterable
from hashlib import sha256

from rdflib import BNode
from rdflib.term import Node

Quad = tuple[Node, Node, Node, Node | None]

_MIN_LABEL = 12
_ROUNDS = 3


def _hash(text: str) -> str:
    return sha256(text.encode("utf-8")).hexdigest()


class _Refiner:
    def __init__(self, quads: Iterable[Quad]) -> None:
        self.incident: dict[BNode, list[tuple[str, str, Node, str]]] = defaultdict(list)
        for s, p, o, g in quads:
            gkey = "" if g is None else g.n3()
            if isinstance(s, BNode):
                self.incident[s].append(("+", p.n3(), o, gkey))
            if isinstance(o, BNode):
                self.incident[o].append(("-", p.n3(), s, gkey))
        self.colour: dict[BNode, str] = {b: "" for b in self.incident}

    def _key(self, term: Node) -> str:
        return "_:" + self.colour[term] if isinstance(term, BNode) else term.n3()

    def _round(self) -> int:
        self.colour = {
            b: _hash(self.colour[b] + "\n" + "\n".join(sorted(
                f"{d} {p} {self._key(x)} {g}" for d, p, x, g in edges)))
            for b, edges in self.incident.items()
        }
        return len(set(self.colour.values()))

    def refine(self, rounds: int = 0) -> None:
        """At least `rounds` rounds; then stop once all differ or the partition is stable."""
        count = len(set(self.colour.values()))
        for _ in range(rounds):
            count = self._round()
        while count < len(self.colour):
            now = self._round()
            if now == count:
                return
            count = now

    def first_tie(self) -> BNode | None:
        groups: dict[str, list[BNode]] = defaultdict(list)
        for b, c in self.colour.items():
            groups[c].append(b)
        tied = sorted(c for c, members in groups.items() if len(members) > 1)
        return groups[tied[0]][0] if tied else None


def bnode_labels(quads: Iterable[Quad]) -> dict[BNode, str]:
    """A stable label (``b`` + hex) for every blank node in the quads."""
    refiner = _Refiner(quads)
    if not refiner.incident:
        return {}
    refiner.refine(_ROUNDS)
    while (tie := refiner.first_tie()) is not None:
        refiner.colour[tie] = _hash(refiner.colour[tie] + "*")
        refiner.refine()
    colours = refiner.colour
    length = _MIN_LABEL
    while len({c[:length] for c in colours.values()}) < len(colours):
        length += 4
    return {b: "b" + c[:length] for b, c in colours.items()}
