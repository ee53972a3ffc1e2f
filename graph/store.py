"""Opening the graph store: the embedded Oxigraph store (graph/oxstore.py) in a directory.

The pieces: graph/base.py (`Store`, the interface every backend implements), graph/oxstore.py
(the embedded store), graph/oxopen.py (opening its directory), graph/oxquery.py (SPARQL on it),
graph/bulkload.py (new graphs bulk-loaded under a journal), graph/oxwrite.py (writing a report
graph atomically), graph/oxterms.py (term conversion), graph/snapshots.py (the committed states
readers open), graph/lock.py (the writer's lock); graph/remote.py is the SPARQL endpoint backend.
"""

from pathlib import Path

from reportgraph.graph.base import (
    INDEX_GRAPHS,
    MAX_MESSAGE,
    SERVICE_REFUSED,
    VERSION_GRAPH,
    Store,
    Triples,
    default_store_path,
    is_index_graph,
    one_line,
)
from reportgraph.graph.oxstore import OxigraphStore
from reportgraph.graph.oxterms import _from_ox, ox_term


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at `path` (default: `default_store_path()`); read-only for queries (see
    `open_store_for_reading`). Writable: one process at a time (StoreLockedError otherwise)."""
    return OxigraphStore(default_store_path() if path is None else path, read_only=read_only)


def open_store_for_reading(path: Path | str | None = None) -> Store:
    """The store at `path` (default: `default_store_path()`) opened for reading, also while
    another process writes it, without waiting for it and without stopping it.

    What it reads is the last committed state the writer published (graph/snapshots.py): the
    store as it was after some report graph was written (or before the first), never half a
    report; during a build that is at most `snapshots.EVERY` seconds behind the writer, and the
    state stays the same until the returned store is closed (open it again to see newer reports).
    Listing positions are part of that state; when they are out of date (a build is writing)
    `queries.listing.run_page` reads the listing whole instead if `store.allow_unindexed` is set.
    Use it for every reader: query, check, export, publish, why and the web server. Raises
    StoreError for a missing or damaged store (one line, with how to recover).
    """
    return OxigraphStore(default_store_path() if path is None else path, read_only=True)


__all__ = [
    "INDEX_GRAPHS", "MAX_MESSAGE", "SERVICE_REFUSED", "VERSION_GRAPH", "OxigraphStore", "Store",
    "Triples", "_from_ox", "default_store_path", "is_index_graph", "one_line", "open_store",
    "open_store_for_reading", "ox_term",
]
