"""What a writing store changed since a data version: the triples its report writes added to or
removed from the union (the default graph), as (subject, predicate, object IRI or None).

Anything computed from the data at version V (the listings, queries/listing_update.py) can be
brought up to date by recomputing it only for the items near those terms, instead of from
scratch. The log is kept in memory by the process that writes (an embedded store opened for
writing): it starts at the version the store had when opened and records each write under the
version that write gave the store (`Store.new_version`). It does not survive the process; a
listing whose version the log does not reach (another process wrote since, the log overflowed,
a write it could not follow) is recomputed whole, which is always correct.
"""

from collections.abc import Iterable

import pyoxigraph as ox

#: recorded triples beyond which the log gives up (a whole build: recomputing is cheaper)
LIMIT = 100_000
#: (subject, predicate, object) IRIs of a changed triple; the object None for a literal
Change = tuple[str, str, str | None]


class ChangeLog:
    """The union triples changed since each data version of this process.

    It follows the versions from a base on: the store's version when it was opened (something
    may be current at it), or one named by `follow` (the version something was just computed
    at). Without a base (a store opened empty, or after `lose`) it records nothing, so a build
    into a new store pays nothing for it: what it builds is computed from scratch anyway."""

    def __init__(self, version: str | None) -> None:
        #: versions in the order the store had them, each with the triples its write changed;
        #: empty: no base (nothing is recorded, `since` knows no version)
        self._versions: list[str] = [] if version is None else [version]
        self._changes: list[set[Change]] = [set()] if version is not None else []
        #: per version, the IRIs its write introduced (in no union triple before it)
        self._fresh: list[set[str]] = [set()] if version is not None else []
        self._size = 0

    @property
    def following(self) -> bool:
        """Whether writes are being recorded (there is a base version)."""
        return bool(self._versions)

    def follow(self, version: str) -> None:
        """Something is current at `version` (the store's version now): record changes since
        it, if the log does not already."""
        if version not in self._versions:
            self._versions, self._changes, self._fresh = [version], [set()], [set()]
            self._size = 0

    def new_version(self, version: str) -> None:
        """The store has a new version: what is recorded from now on is a change since it."""
        if self._versions:
            self._versions.append(version)
            self._changes.append(set())
            self._fresh.append(set())

    def record(self, triples: Iterable[ox.Triple | ox.Quad], fresh: Iterable[str] = ()) -> None:
        """Triples the current write adds to or removes from the union (a superset is harmless:
        more items are recomputed), and IRIs that were in no union triple before it (each of
        their links is then among the changes)."""
        if not self._versions:
            return
        self._fresh[-1].update(fresh)
        changes = self._changes[-1]
        n = len(changes)
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode):
                self.lose()  # a blank node: not a term a later query can name
                return
            o = t.object
            changes.add((t.subject.value, t.predicate.value,
                         o.value if isinstance(o, ox.NamedNode) else None))
        self._size += len(changes) - n
        if self._size > LIMIT:
            self.lose()

    def room(self, n: int) -> bool:
        """Whether the log records and can take `n` more triples (else it is lost, and not worth
        the look-ups that would find which of them are new)."""
        if self._versions and self._size + n > LIMIT:
            self.lose()
        return bool(self._versions)

    def lose(self) -> None:
        """A write the log cannot follow: nothing before it can be brought up to date, and
        nothing is recorded until `follow` names a new base."""
        self._versions, self._changes, self._fresh = [], [], []
        self._size = 0

    def since(self, version: str | None) -> tuple[set[Change], set[str]] | None:
        """The union triples changed since the store had `version` and the IRIs introduced since
        (in no union triple at `version`), or None when the log does not reach back to it."""
        if version is None or version not in self._versions:
            return None
        start = len(self._versions) - 1 - self._versions[::-1].index(version)
        out: set[Change] = set()
        fresh: set[str] = set()
        for changes, new in zip(self._changes[start + 1:], self._fresh[start + 1:], strict=True):
            out |= changes
            fresh |= new
        return out, fresh


def added_to_union(store: ox.Store, quads: Iterable[ox.Quad]) -> tuple[list[ox.Quad], set[str]]:
    """Of default-graph `quads` about to be added, those the union does not hold yet, and the
    IRIs (subjects and objects) that no union triple names yet: looked up before the write."""
    default = ox.DefaultGraph()
    new = [q for q in quads if not store.__contains__(q)]  # (through a wrapper too)
    nodes = {q.subject for q in new} | {q.object for q in new if isinstance(q.object, ox.NamedNode)}
    fresh = {n.value for n in nodes if isinstance(n, ox.NamedNode)
             and next(iter(store.quads_for_pattern(n, None, None, default)), None) is None
             and next(iter(store.quads_for_pattern(None, None, n, default)), None) is None}
    return new, fresh


def neighbours(store: ox.Store, nodes: Iterable[str],
               predicates: Iterable[str]) -> tuple[set[str], set[str]]:
    """The IRIs linked to one of the IRIs `nodes` by one of `predicates` in the union: (the
    subjects of such triples, their IRI objects). Index lookups, without SPARQL (a query joining
    VALUES blocks of nodes and predicates scans the predicates' triples instead here)."""
    default = ox.DefaultGraph()
    links = [ox.NamedNode(p) for p in predicates]
    before: set[str] = set()
    after: set[str] = set()
    for node in nodes:
        n = ox.NamedNode(node)
        for p in links:
            before.update(q.subject.value for q in store.quads_for_pattern(None, p, n, default)
                          if isinstance(q.subject, ox.NamedNode))
            after.update(q.object.value for q in store.quads_for_pattern(n, p, None, default)
                         if isinstance(q.object, ox.NamedNode))
    return before, after


__all__ = ["LIMIT", "Change", "ChangeLog", "added_to_union", "neighbours"]
