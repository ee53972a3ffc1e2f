"""Report graphs written in batches: what a build's one writer does with its workers' results.

A bulk load costs tens of milliseconds whatever its size here, and each one leaves RocksDB
table files to merge into the rest of the store (compactions, on background threads, that grow
with the store: many small loads cost the writer about 15% more CPU on a 290-report build than
batches of up to 2 s, bench/RESULTS.md), so the writer gathers the
serialised graphs that arrive and writes them together (`Store.replace_graphs_nquads`) once
`max_quads` quads or `max_reports` reports are waiting or `max_wait` seconds have passed since
the first of them arrived, and at the end; the first report is written alone, at once. Each
batch is atomic: after an interruption the store holds whole reports of the batches written
before it, never part of one.
"""

import time
from collections.abc import Callable

from rdflib import URIRef

from reportgraph.graph.base import Store

#: called with the quad count once a graph is in the store
Stored = Callable[[int], None]


class BatchWriter:
    """`add` graphs as they come, `flush` at the end. `checked`: every graph added was written by
    graph/nquads.py or parsed strictly before; `distinct`: written by graph/nquads.py, each quad
    on one line once (`Store.replace_graphs_nquads`)."""

    def __init__(self, store: Store, *, max_quads: int = 250_000, max_reports: int = 32,
                 max_wait: float = 2.0, checked: bool = False, distinct: bool = False) -> None:
        self.store, self.checked, self.distinct = store, checked, distinct
        self.max_quads, self.max_reports, self.max_wait = max_quads, max_reports, max_wait
        self.pending: list[tuple[URIRef, bytes, Stored]] = []
        self.quads = 0
        self.first = 0.0
        self.written = 0  # batches written

    def add(self, name: URIRef, nquads: bytes, stored: Stored) -> None:
        if not self.pending:
            self.first = time.monotonic()
        self.pending.append((name, nquads, stored))
        self.quads += nquads.count(b"\n")
        if (not self.written or self.quads >= self.max_quads
                or len(self.pending) >= self.max_reports
                or time.monotonic() - self.first >= self.max_wait):
            self.flush()  # the first report at once: readers see the build begin

    def flush(self) -> None:
        batch, self.pending, self.quads = self.pending, [], 0
        if not batch:
            return
        self.written += 1
        counts = self.store.replace_graphs_nquads([(name, data) for name, data, _s in batch],
                                                  checked=self.checked, distinct=self.distinct)
        for (_name, _data, stored), n in zip(batch, counts, strict=True):
            stored(n)


__all__ = ["BatchWriter"]
