"""Values computed from the graph (the search index, the overview, the findings of the checks,
the answers of the named queries) kept until the store changes (a build in another process
committed something); the graph's data stamp (`Access.stamp`) is part of every key.

One request computes a missing value while the others asking for it wait for that one (a build
of the search index at 1M triples takes seconds: twenty clients must not do it twenty times).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from starlette.requests import Request

from reportgraph.graph.store import Store

T = TypeVar("T")
#: values kept at most (the least recently used goes first)
MAX_ENTRIES = 512


class Cache:
    """key -> (data stamp, value); a value is recomputed when the access's stamp changes."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._values: OrderedDict[Hashable, tuple[object, object]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def _hit(self, key: Hashable, stamp: object) -> tuple[bool, object]:
        with self._lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] == stamp:
                self._values.move_to_end(key)
                return True, hit[1]
        return False, None

    def get(self, request: Request, key: Hashable, compute: Callable[[Store], T]) -> T:
        access = request.app.state.access
        stamp = access.stamp()
        found, value = self._hit(key, stamp)
        if found:
            return value  # type: ignore[return-value]
        with self._lock:
            busy = self._computing.setdefault(key, threading.Lock())
        with busy:  # one computes, the others wait for its value
            found, value = self._hit(key, stamp)
            if found:
                return value  # type: ignore[return-value]
            value = access.read(compute)
            with self._lock:
                self._values[key] = (stamp, value)
                self._values.move_to_end(key)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
                self._computing.pop(key, None)
        return value


def cached(request: Request, key: Hashable, compute: Callable[[Store], T]) -> T:
    return request.app.state.cache.get(request, key, compute)


def read(request: Request, work: Callable[[Store], T]) -> T:
    """work(store) on the app's read access."""
    return request.app.state.access.read(work)


def read_memo(request: Request, work: Callable[[Store, dict], T]) -> T:
    """work(store, memo) on the app's read access, `memo` kept with the store handle
    (`Access.memo`)."""
    access = request.app.state.access
    return access.read(lambda st: work(st, access.memo(st)))
