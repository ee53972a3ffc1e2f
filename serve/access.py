"""How the server reads the graph: read handles on the embedded store (never the write lock), or
a remote SPARQL endpoint, shared by the requests and replaced when a build publishes new data.

The embedded store is opened with `graph.store.open_store_for_reading`, which reads the last
state a writer committed and neither waits for nor blocks a `reportgraph build` in another
process. A handle is reused by the requests until the store's snapshots folder changes (a build
committed something), then a fresh handle is opened for the next requests; the old one is closed
when the last request using it is done.
"""

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reportgraph.errors import StaleListingError
from reportgraph.graph.base import default_store_path
from reportgraph.graph.store import Store, open_store_for_reading

T = TypeVar("T")
#: an older store without snapshots is reopened at most this often (seconds)
REOPEN_EVERY = 2.0


@dataclass
class _Handle:
    store: Store
    stamp: object
    users: int = 0
    retired: bool = False
    #: values read through this handle, valid as long as it is (`Access.memo`)
    memo: dict = field(default_factory=dict)


class Access:
    """Read access to the graph for the server's requests (thread-safe)."""

    def __init__(self, store: Path | str | None = None, *, endpoint: str | None = None,
                 endpoint_timeout: float = 30.0) -> None:
        self.endpoint = endpoint
        self.endpoint_timeout = endpoint_timeout
        self.path = None if endpoint else Path(store or default_store_path()).expanduser()
        self._lock = threading.Lock()
        self._handle: _Handle | None = None
        self._opened_at = 0.0

    @property
    def location(self) -> str:
        return self.endpoint or str(self.path)

    def _stamp(self) -> object:
        """Something that changes when a writer publishes a new state."""
        assert self.path is not None
        try:
            st = os.stat(self.path / "reportgraph-snapshots")
            return ("snap", st.st_mtime_ns, st.st_ino)
        except OSError:
            return ("plain", int(time.monotonic() // REOPEN_EVERY))

    def _open(self) -> Store:
        if self.endpoint:
            from reportgraph.graph.remote import open_endpoint

            return open_endpoint(self.endpoint, timeout=self.endpoint_timeout, read_only=True)
        return open_store_for_reading(self.path)

    def stamp(self) -> object:
        """The current data stamp (for caches computed from the graph)."""
        if self.endpoint:
            return ("endpoint", int(time.monotonic() // REOPEN_EVERY))
        return self._stamp()

    def _acquire(self) -> _Handle:
        stamp = self.stamp()
        with self._lock:
            h = self._handle
            if h is None or h.stamp != stamp:
                new = _Handle(self._open(), stamp)
                if h is not None:
                    h.retired = True
                    if h.users == 0:
                        h.store.close()
                self._handle = h = new
            h.users += 1
            return h

    def _release(self, h: _Handle) -> None:
        with self._lock:
            h.users -= 1
            if h.retired and h.users == 0:
                h.store.close()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read handle for the duration of the block."""
        h = self._acquire()
        try:
            yield h.store
        finally:
            self._release(h)

    def read(self, work: Callable[[Store], T]) -> T:
        """work(store); a listing whose positions are out of date (a build is writing) is read
        whole instead (the server never opens the store for writing)."""
        with self.store() as st:
            try:
                return work(st)
            except StaleListingError:
                if not hasattr(st, "allow_unindexed"):
                    raise
                st.allow_unindexed = True  # type: ignore[attr-defined]
                return work(st)

    def memo(self, store: Store) -> dict:
        """A dict for values that many pages read alike from `store` (a handle given by `read`
        or `store`), shared by the requests reading the same handle, hence the same state of
        the graph: a build's commit opens a new handle with an empty one. (Thread-safe use: one
        dict operation at a time, values never changed once stored.)"""
        with self._lock:
            h = self._handle
            return h.memo if h is not None and h.store is store else {}

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._handle.retired = True
                if self._handle.users == 0:
                    self._handle.store.close()
                self._handle = None
