"""The embedded store: pyoxigraph (RocksDB) in a directory, one writer, readers on snapshots.

Only the writing process opens the directory itself, under the exclusive lock of graph/lock.py;
readers open the newest committed snapshot (graph/snapshots.py), so they neither wait for a
writer nor stop one. A store written before snapshots were kept is read in place under a shared
lock, until its next writer publishes the first snapshot.

This module is the store's state and its writes; opening a directory (what is a store, what is
damaged, which snapshot to read) is graph/oxopen.py, query evaluation graph/oxquery.py, writing
one graph in a transaction graph/oxwrite.py, bulk loading graph/bulkload.py.
"""

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from reportgraph.errors import StoreError
from reportgraph.graph import bulkload, snapshots
from reportgraph.graph.base import VERSION_GRAPH, Store, Triples, is_index_graph, one_line
from reportgraph.graph.cells import encode_ox
from reportgraph.graph.changes import ChangeLog, added_to_union, neighbours
from reportgraph.graph.lock import DirLock
from reportgraph.graph.oxopen import (
    check_path,
    damaged,
    open_directory,
    open_snapshot,
)
from reportgraph.graph.oxquery import run_query
from reportgraph.graph.oxterms import _Converter, _from_ox, _in_default, ox_term
from reportgraph.graph.oxwrite import replace_subjects, write_graph
from reportgraph.graph.results import QueryResult, SelectResult
from reportgraph.graph.sparql import sparql_term


def _has_graph(store: ox.Store, g: ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, g)), None) is not None


class OxigraphStore(Store):
    """A pyoxigraph (RocksDB) store in a directory.

    A writer (read_only=False) takes the exclusive lock, opens the directory and publishes a
    snapshot after opening, after committed writes (at most every `snapshots.EVERY` seconds) and
    when it closes. A reader (read_only=True) opens the newest snapshot: the state after the last
    report the writer had committed when the reader opened it; it keeps that state until closed.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.read_only = read_only
        #: a listing whose positions are out of date is read without them (graph being written)
        self.allow_unindexed = False
        #: new report graphs through the bulk loader (graph/bulkload.py); False: in transactions
        self.bulk = True
        self._union_ready: bool | None = None
        self._snapshot: snapshots.Snapshot | None = None
        self._last_snapshot = 0.0
        #: what this writer's report writes changed in the union (graph/changes.py)
        self.changes: ChangeLog | None = None
        check_path(self.path, read_only=read_only)
        if not read_only:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create store {self.path}: {exc.strerror}") from None
        self._lock = DirLock(self.path, exclusive=not read_only)
        if read_only:
            self._snapshot = open_snapshot(self.path)
            if self._snapshot is not None:
                self._ox: ox.Store | None = self._snapshot.store
                return
        self._lock.acquire()
        try:
            self._ox = open_directory(self.path, read_only=read_only)
        except StoreError:
            self._lock.release()
            raise
        if not read_only:
            self._recover()
            self._publish(force=True)
            self.changes = ChangeLog(self.version())

    def _recover(self) -> None:
        """Undo the bulk load of a writer killed during it (graph/bulkload.py)."""
        try:
            bulkload.recover(self._store(), self.path)
        except (OSError, RuntimeError, SyntaxError) as exc:
            self.close()
            raise damaged(self.path, f"cannot undo an interrupted write: {exc}") from None
        except StoreError:
            self.close()
            raise

    def _publish(self, *, force: bool = False) -> None:
        """A snapshot of what is committed, for readers (at most every snapshots.EVERY s)."""
        now = time.monotonic()
        if self._ox is None or (not force and now - self._last_snapshot < snapshots.EVERY):
            return
        try:
            snapshots.take(self._ox, self.path)
        except OSError as exc:
            raise StoreError(f"cannot write store {self.path}: {one_line(str(exc))}") from None
        self._last_snapshot = time.monotonic()

    def _store(self) -> ox.Store:
        if self._ox is None:
            raise StoreError(f"store {self.path} is closed")
        return self._ox

    # ------------------------------------------------------------------ writing
    def new_version(self) -> str:
        version = super().new_version()
        if self.changes is not None:
            self.changes.new_version(version)
        return version

    def _changed(self, quads: object) -> None:
        """Record what a write changes in the union (None: not known)."""
        if self.changes is not None:
            if quads is None:
                self.changes.lose()
            else:
                self.changes.record(quads)  # type: ignore[arg-type]

    def _union_new(self, store: ox.Store, graphs: list[tuple[ox.NamedNode, bytes]]) -> None:
        """Record the triples of new report graphs that the union does not hold yet."""
        if (self.changes is None or not self.changes.following
                or not self.changes.room(sum(d.count(b"\n") for _g, d in graphs))):
            return  # nothing to follow (a build into a new store), or too much to be worth it
        try:
            quads = [_in_default(q) for _g, data in graphs
                     for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]
        except SyntaxError:
            self.changes.lose()  # the load itself reports it
            return
        self.changes.record(*added_to_union(store, quads))

    def _write_graph(self, name: URIRef, graph: Triples) -> int:
        """Replace the named graph `name` by `graph` in one transaction (graph/oxwrite.py); the
        number of distinct triples. Readers see it from the next snapshot on."""
        store = self._store()
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            sparql_term(URIRef(name))
            g = ox.NamedNode(str(URIRef(name)))
            if is_index_graph(name):  # written by this program: its terms need no checks
                quads = {ox.Quad(ox_term(s), ox_term(p), ox_term(o), g) for s, p, o in graph}  # type: ignore[arg-type]
            else:
                quads = _Converter(g).quads(graph)
        except ValueError as exc:
            raise StoreError(f"cannot store graph <{name}>: {exc}") from None
        try:
            index = is_index_graph(name)
            materialized = index or self._materialized(store)
            if (not index and self.bulk and materialized and quads and not _has_graph(store, g)
                    and not any(isinstance(q.subject, ox.BlankNode)
                                or isinstance(q.object, ox.BlankNode) for q in quads)):
                if self.changes is not None and self.changes.room(len(quads)):
                    self.changes.record(*added_to_union(store, [_in_default(q) for q in quads]))
                bulkload.load_new_graphs(  # terms checked by the conversion above
                    store, self.path, [(g, ox.serialize(quads, format=ox.RdfFormat.N_QUADS))],
                    checked=True)
            else:
                write_graph(store, g, quads, index=index, materialized=materialized,
                            changed=self._changed)
            if not index:
                self._union_ready = True
        except SyntaxError as exc:
            raise StoreError(f"cannot store graph <{name}>: {one_line(str(exc))}") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write store {self.path}: {one_line(str(exc))}") from None
        if URIRef(name) != VERSION_GRAPH:
            self._publish()
        return len(quads)

    def replace_graph_nquads(self, name: URIRef, nquads: bytes) -> int:
        return self.replace_graphs_nquads([(name, nquads)])[0]

    def replace_graphs_nquads(self, graphs: list[tuple[URIRef, bytes]], *,
                              checked: bool = False, distinct: bool = False) -> list[int]:
        """Report graphs from N-Quads: those new to the store are bulk-loaded together straight
        from the bytes (graph/bulkload.py; `checked`: their terms are known to be valid); a
        replaced one takes the transactional path. `distinct`: no line of a graph's N-Quads is
        repeated (graph/nquads.py writes each quad once), so its lines are its quad count."""
        store = self._store()
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        new: list[tuple[ox.NamedNode, bytes]] = []
        counts: dict[int, int] = {}
        bulk = self.bulk and self._materialized(store)
        for i, (name, data) in enumerate(graphs):
            try:
                g = ox.NamedNode(str(URIRef(name)))
            except ValueError as exc:
                raise StoreError(f"cannot store graph <{name}>: {exc}") from None
            if (bulk and not is_index_graph(name) and b"_:" not in data and data
                    and not _has_graph(store, g) and all(g != h for h, _d in new)):
                new.append((g, data))
                counts[i] = (data.count(b"\n") + (not data.endswith(b"\n")) if distinct
                             else len(set(data.splitlines()) - {b""}))
            else:
                counts[i] = super().replace_graph_nquads(name, data)
        if new:
            self.new_version()
            self._union_new(store, new)
            try:
                bulkload.load_new_graphs(store, self.path, new, checked=checked)
            except SyntaxError as exc:
                raise StoreError(f"cannot store the graphs: {one_line(str(exc))}") from None
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot write store {self.path}: {one_line(str(exc))}") from None
            self._union_ready = True
            self._publish(force=True)  # a batch: readers see it now, not after the next one
        return [counts[i] for i in range(len(graphs))]

    # ------------------------------------------------------------------ reading
    def graphs(self) -> list[URIRef]:
        names = self._store().named_graphs()
        return sorted(URIRef(g.value) for g in names
                      if isinstance(g, ox.NamedNode) and not is_index_graph(g.value))

    def query(self, sparql: str, substitutions: Mapping[str, Node] | None = None,
              timeout: float | None = None, *,
              prefixes: Mapping[str, str] | None = None, allow_service: bool = False) -> QueryResult:
        store = self._store()
        return run_query(store, self.path, sparql, substitutions, timeout, prefixes=prefixes,
                         allow_service=allow_service, union_view=not self._materialized(store))

    def select_cells(self, sparql: str, timeout: float | None = None) -> QueryResult:
        store = self._store()
        result = run_query(store, self.path, sparql, None, timeout,
                           union_view=not self._materialized(store), cell=encode_ox)
        if not isinstance(result, SelectResult):
            raise TypeError("select_cells needs a SELECT query")
        return result

    def update_index(self, name: URIRef, subjects: Iterable[URIRef], triples: Triples) -> None:
        """In the store's own graph `name` (an index graph), every triple of `subjects` replaced by
        `triples`: one update, so all of it or nothing (queries/listing.py)."""
        store = self._store()
        if self.read_only or not is_index_graph(name):
            raise StoreError(f"cannot update graph <{name}> of {self.path} in place")
        try:
            replace_subjects(store, ox.NamedNode(str(name)), subjects, triples)
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise StoreError(f"cannot write store {self.path}: {one_line(str(exc))}") from None
        self._publish()

    def published(self) -> Path | None:
        """Publish a snapshot of everything committed now, for another process to read this state
        (or a later one) with `open_store_for_reading` of the returned path; None when this
        handle does not write."""
        if self.read_only or self._ox is None:
            return None
        self._publish(force=True)
        return self.path

    def neighbours(self, nodes: Iterable[str], predicates: Iterable[str]) -> tuple[set[str], set[str]]:
        """The IRIs linked to one of the IRIs `nodes` by one of `predicates` in the union: (the
        subjects of such triples, their IRI objects); graph/changes.py."""
        return neighbours(self._store(), nodes, predicates)

    def pattern_reader(self) -> Callable[..., Iterator[ox.Quad]] | None:
        """match(s, p, o): the triples of the union matching a pattern of pyoxigraph terms (None
        for any), index lookups without SPARQL (serve/direct.py); None when the default graph
        does not hold the union (a store written before it did: query it instead)."""
        store = self._store()
        if not self._materialized(store):
            return None
        default = ox.DefaultGraph()

        def match(s: object = None, p: object = None, o: object = None) -> Iterator[ox.Quad]:
            return store.quads_for_pattern(s, p, o, default)  # type: ignore[arg-type]
        return match

    def _materialized(self, store: ox.Store) -> bool:
        """True when the default graph holds the union (stores built before it did: use the view)."""
        if self._union_ready is None:
            has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
            has_named = next((g for g in store.named_graphs()
                              if not is_index_graph(getattr(g, "value", ""))), None)
            self._union_ready = has_default is not None or has_named is None
        return self._union_ready

    def graph(self, name: URIRef) -> Graph:
        g = Graph(identifier=URIRef(name))
        for q in self._store().quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
        return g

    def dataset(self) -> Dataset:
        ds = Dataset()
        contexts: dict[str, Graph] = {}
        for q in self._store().quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.DefaultGraph) or is_index_graph(q.graph_name.value):
                continue  # the default graph is the union of the named graphs, kept for queries
            key = str(q.graph_name)
            if key not in contexts:
                contexts[key] = ds.graph(_from_ox(q.graph_name))
            ctx = contexts[key]
            ds.addN([(_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object), ctx)])
        return ds

    def close(self) -> None:
        if self._snapshot is not None:
            self._ox = None
            self._snapshot.release()
            self._snapshot = None
        if self._ox is not None:
            if not self.read_only:
                try:
                    self._ox.flush()
                    self._publish(force=True)  # readers see everything committed
                except (OSError, RuntimeError, StoreError):
                    pass
            self._ox = None  # drops RocksDB (and its LOCK) before our own lock is released
        self._lock.release()
