"""The graph store: one named graph per report, queried with SPARQL over their union.

`Store` is the interface every backend implements; `OxigraphStore` keeps everything specific to
pyoxigraph (on-disk RocksDB, locking, term conversion). A remote SPARQL endpoint backend can be
added as another `Store` subclass (see graph/sparql.py for `bind_values` and `add_prefixes`).
"""

import os
import re
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.errors import QueryError, StoreError, StoreLockedError
from reportgraph.graph.lock import LOCK_NAME, DirLock
from reportgraph.graph.results import AskResult, GraphResult, QueryResult, SelectResult
from reportgraph.graph.sparql import bind_values, query_form, sparql_term, uses_service
from reportgraph.ontology.namespaces import IDX

T = TypeVar("T")
MAX_MESSAGE = 240
#: what `replace_graph` takes: an rdflib Graph or any iterable of (s, p, o) rdflib terms
Triples = Graph | Iterable[tuple[Node, Node, Node]]
#: names of the store's own graphs (the data version, listing positions: see queries/listing.py);
#: queries read them with GRAPH; they are not among `graphs()`, not in the embedded store's union
#: (a remote server's own union may hold them) and never exported
INDEX_GRAPHS = "https://w3id.org/reportgraph/index/"
VERSION_GRAPH = URIRef(INDEX_GRAPHS + "version")


def is_index_graph(name: Node) -> bool:
    """True for the store's own bookkeeping graphs (not a report graph)."""
    return str(name).startswith(INDEX_GRAPHS)


def default_store_path(env: Mapping[str, str] | None = None) -> Path:
    """`$REPORTGRAPH_STORE`, else `$XDG_DATA_HOME/reportgraph/store`, else ~/.local/share/…"""
    env = os.environ if env is None else env
    if env.get("REPORTGRAPH_STORE"):
        return Path(env["REPORTGRAPH_STORE"]).expanduser()
    data = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "reportgraph" / "store"


SERVICE_REFUSED = ("refused: the query has a SERVICE clause, which would fetch data from another "
                   "server; pass --allow-service to allow it")


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """Whitespace collapsed to single spaces, cut to `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Store(ABC):
    """A dataset of named graphs (one per report) answering SPARQL over the union of them all."""

    #: where the data lives (a directory or a URL), for messages
    location: str

    def replace_graph(self, name: URIRef, graph: Triples) -> int:
        """Replace the named graph `name` by the triples of `graph` (an rdflib Graph or any
        iterable of (s, p, o) rdflib terms, e.g. a set) atomically; the distinct triple count.

        Writing a report graph first gives the store a new data version (`version()`), so that
        anything computed from the old data (the listing positions) is known to be out of date,
        even when the write itself is interrupted.
        """
        if not is_index_graph(name):
            self.new_version()
        return self._write_graph(name, graph)

    def new_version(self) -> str:
        """Give the store a new data version (a random value) and return it."""
        version = uuid.uuid4().hex
        self._write_graph(VERSION_GRAPH, [(VERSION_GRAPH, IDX.version, Literal(version))])
        return version

    @abstractmethod
    def _write_graph(self, name: URIRef, graph: Triples) -> int:
        """`replace_graph` without the version change."""

    def version(self) -> str | None:
        """The data version: a new random value after each report graph written (None before)."""
        g = sparql_term(VERSION_GRAPH)
        result = self.query(f"SELECT ?v WHERE {{ GRAPH {g} {{ {g} {sparql_term(IDX.version)} ?v }} }}")
        values = [str(v) for v in result.column("v") if v is not None]  # type: ignore[union-attr]
        return values[0] if len(values) == 1 else None

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """The names of the report graphs, sorted (the store's own index graphs are left out)."""

    @abstractmethod
    def query(self, sparql: str, substitutions: Mapping[str, Node] | None = None,
              timeout: float | None = None, *,
              prefixes: Mapping[str, str] | None = None, allow_service: bool = False) -> QueryResult:
        """Run a SPARQL query over the union of the named graphs (a SERVICE clause is refused
        unless `allow_service`).

        `substitutions` binds variables (by name, without `?`) to RDF terms before evaluation;
        each must be a variable of the SELECT projection. `prefixes` are defaults for prefixed
        names the query does not declare. Raises QueryError (malformed, refused, timed out).
        """

    @abstractmethod
    def graph(self, name: URIRef) -> Graph:
        """A copy of one named graph (empty when there is none by that name)."""

    @abstractmethod
    def dataset(self) -> Dataset:
        """A copy of every named graph as an rdflib Dataset."""

    @abstractmethod
    def close(self) -> None:
        """Release the store; further calls raise StoreError."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


# ---------------------------------------------------------------------------- Oxigraph

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
    sparql_term(term)
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


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_PNAME_END = re.compile(r"((?:[A-Za-z][\w.\-]*)?):[\w.\-%]*$")


def _syntax_message(message: str, query: str) -> str:
    """The parser's message on one line; an unknown prefix is named instead of listing tokens."""
    m = _POSITION.match(message)
    if m and "Prefix not found" in message:
        line, col = int(m.group(1)), int(m.group(2))
        lines = query.splitlines() or [""]
        before = lines[line - 1][: col - 1] if line <= len(lines) else ""
        pname = _PNAME_END.search(before)
        name = f" '{pname.group(1)}:'" if pname else ""
        return f"error at {line}:{col}: undeclared prefix{name}"
    return one_line(message)


def _values_hint(sparql: str, substitutions: Mapping[str, Node] | None) -> str | None:
    """The SELECT/ASK query with its substitutions also in a VALUES block opening its outer group.

    The same values, so the same answers (a substituted variable is projected, hence in scope
    there); but Oxigraph's planner sees only the VALUES block as bound, so it starts the joins
    from the parameters and applies their filters early. None when that cannot be written.
    """
    if not substitutions or query_form(sparql) not in ("SELECT", "ASK"):
        return None
    try:
        return bind_values(sparql, substitutions)
    except ValueError:  # a blank node, a query without a group pattern
        return None


def _with_timeout(run: Callable[[], T], timeout: float | None) -> T:
    """run() in a worker thread, given up after `timeout` seconds (the thread is left to finish)."""
    if timeout is None:
        return run()
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="reportgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class OxigraphStore(Store):
    """A pyoxigraph (RocksDB) store in a directory.

    Writers take an exclusive lock, readers a shared one (see graph/lock.py): a second writer or a
    reader during a build gets StoreLockedError at once. Read-only stores are opened with
    `pyoxigraph.Store.read_only`, which is only safe while no other process writes — the lock
    guarantees that.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.read_only = read_only
        self._check_path()
        if not read_only:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create store {self.path}: {exc.strerror}") from None
        self._union_ready: bool | None = None
        self._lock = DirLock(self.path, exclusive=not read_only)
        self._lock.acquire()
        try:
            self._ox: ox.Store | None = (
                ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path)))
        except OSError as exc:
            self._lock.release()
            message = one_line(str(exc))
            if "lock" in message.lower():
                raise StoreLockedError(
                    f"store {self.path} is in use by another process ({message})") from None
            raise StoreError(f"cannot open store {self.path}: {message}") from None

    def _check_path(self) -> None:
        p = self.path
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p} is not a store (it is a file)")
        if p.is_dir():
            entries = {e.name for e in p.iterdir()} - {LOCK_NAME}
            if entries and "CURRENT" not in entries:
                raise StoreError(f"{p} is not a store (a directory without an Oxigraph database)")
            if not entries and self.read_only:
                raise StoreError(f"no store at {p} (build one with `reportgraph build`)")
        elif self.read_only:
            raise StoreError(f"no store at {p} (build one with `reportgraph build`)")

    def _store(self) -> ox.Store:
        if self._ox is None:
            raise StoreError(f"store {self.path} is closed")
        return self._ox

    # ------------------------------------------------------------------ writing
    def _write_graph(self, name: URIRef, graph: Triples) -> int:
        """Replace the named graph `name` by `graph` (an rdflib Graph or any iterable of
        (s, p, o) rdflib terms) in one transaction; the number of distinct triples.

        A graph that is not in the store yet is written with one `Store.extend` (atomic: all
        quads or none). Replacing a graph writes only the difference between the old and the
        new triples, as one SPARQL update (`DELETE DATA … ; INSERT DATA …`, atomic as well).
        Either way the default graph stays the set union of the report graphs: a new triple
        enters it, a triple leaves it when no other graph still states it.
        """
        store = self._store()
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            sparql_term(URIRef(name))
            g = ox.NamedNode(str(URIRef(name)))
            quads = _Converter(g).quads(graph)
        except ValueError as exc:
            raise StoreError(f"cannot store graph <{name}>: {exc}") from None
        try:
            if is_index_graph(name):  # the store's own graph: not part of the union
                self._replace_index(store, g, quads)
            elif not self._materialized(store):  # a store written before the union was kept
                self._replace_by_update(store, g, quads, build_union=True)
                self._union_ready = True
            else:
                old = set(store.quads_for_pattern(None, None, None, g))
                if not old:
                    if quads:
                        store.extend(list(quads) + [_in_default(q) for q in quads])
                elif any(isinstance(t, ox.BlankNode) for q in old for t in (q.subject, q.object)):
                    self._replace_by_update(store, g, quads, build_union=False)
                else:
                    self._replace_difference(store, g, old, quads)
                self._union_ready = True
        except SyntaxError as exc:
            raise StoreError(f"cannot store graph <{name}>: {one_line(str(exc))}") from None
        except OSError as exc:
            raise StoreError(f"cannot write store {self.path}: {one_line(str(exc))}") from None
        return len(quads)

    @staticmethod
    def _replace_index(store: ox.Store, g: ox.NamedNode, new: set[ox.Quad]) -> None:
        """One update writing what changed in an index graph (kept out of the default graph)."""
        old = set(store.quads_for_pattern(None, None, None, g))
        removed, added = old - new, new - old
        parts = [f"{verb} DATA {{ GRAPH {g} {{\n" + "\n".join(_line(q) for q in quads) + "\n} }"
                 for verb, quads in (("DELETE", removed), ("INSERT", added)) if quads]
        if parts:
            store.update(" ;\n".join(parts))

    @staticmethod
    def _replace_difference(store: ox.Store, g: ox.NamedNode, old: set[ox.Quad],
                            new: set[ox.Quad]) -> None:
        """One update writing what changed: the graph's removed and added quads; in the default
        graph the added triples, and the removed ones that no report graph states any more."""
        removed, added = old - new, new - old
        if not removed and not added:
            return
        parts = []
        if removed:
            named = "\n".join(_line(q) for q in removed)
            rows = "\n".join(f"({q.subject} {q.predicate} {q.object})" for q in removed)
            parts.append(f"DELETE DATA {{ GRAPH {g} {{\n{named}\n}} }}")
            parts.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
                         "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } }")
        if not new:
            parts.append(f"DROP SILENT GRAPH {g}")
        if added:
            lines = "\n".join(_line(q) for q in added)
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{lines}\n}}\n{lines}\n}}")
        store.update(" ;\n".join(parts))

    @staticmethod
    def _replace_by_update(store: ox.Store, g: ox.NamedNode, new: set[ox.Quad], *,
                           build_union: bool) -> None:
        """The general path (blank nodes in the old graph, or a store without the union yet):
        one update that drops the graph and maintains the default graph by pattern matching."""
        update = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {g}) }} }} ;\n"
                  f"DROP SILENT GRAPH {g}")
        if new:
            update += (f" ;\nINSERT DATA {{ GRAPH {g} {{\n" + "\n".join(_line(q) for q in new)
                       + "\n} }" + f" ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        if build_union:
            update = ("INSERT { ?s ?p ?o } WHERE { GRAPH ?x { ?s ?p ?o } "
                      f"FILTER(!STRSTARTS(STR(?x), {sparql_term(Literal(INDEX_GRAPHS))})) }} ;\n"
                      + update)
        store.update(update)

    # ------------------------------------------------------------------ reading
    def graphs(self) -> list[URIRef]:
        names = self._store().named_graphs()
        return sorted(URIRef(g.value) for g in names
                      if isinstance(g, ox.NamedNode) and not is_index_graph(g.value))

    def query(self, sparql: str, substitutions: Mapping[str, Node] | None = None,
              timeout: float | None = None, *,
              prefixes: Mapping[str, str] | None = None, allow_service: bool = False) -> QueryResult:
        if not allow_service and uses_service(sparql):
            raise QueryError(SERVICE_REFUSED)
        store = self._store()
        try:
            subs = {ox.Variable(k): ox_term(v) for k, v in (substitutions or {}).items()}
        except ValueError as exc:
            raise QueryError(f"cannot bind parameter: {exc}") from None

        hinted = _values_hint(sparql, substitutions) if subs else None

        def evaluate(text: str) -> object:
            # The default graph holds the set union of the report graphs, so a triple that several
            # reports state (a place's region, a fund concept) matches once, not once per report
            # (Oxigraph's union view is a bag: joins over shared triples would grow as n^k).
            return store.query(text, use_default_graph_as_union=not self._materialized(store),
                               substitutions=subs or None, prefixes=dict(prefixes or {}) or None)

        def run() -> QueryResult:
            result = None
            if hinted is not None:
                try:
                    result = evaluate(hinted)
                except (SyntaxError, RuntimeError, ValueError):
                    result = None  # the query as given raises the error (with its own positions)
            if result is None:
                result = evaluate(sparql)
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            if isinstance(result, ox.QueryTriples):
                g = Graph()
                for t in result:
                    g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
                return GraphResult(g)
            variables = tuple(v.value for v in result.variables)
            rows = tuple(tuple(None if sol[i] is None else _from_ox(sol[i])
                               for i in range(len(variables))) for sol in result)
            return SelectResult(variables, rows)

        try:
            return _with_timeout(run, timeout)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {_syntax_message(str(exc), sparql)}") from None
        except (RuntimeError, ValueError) as exc:  # refused substitution, bad argument
            raise QueryError(one_line(str(exc))) from None
        except OSError as exc:
            if allow_service and uses_service(sparql):
                raise QueryError(f"SERVICE call failed: {one_line(str(exc))}") from None
            raise StoreError(f"cannot read store {self.path}: {one_line(str(exc))}") from None

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
        if self._ox is not None:
            if not self.read_only:
                try:
                    self._ox.flush()
                except OSError:
                    pass
            self._ox = None  # drops RocksDB (and its LOCK) before our own lock is released
        self._lock.release()


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at `path` (default: `default_store_path()`); read-only for queries."""
    return OxigraphStore(default_store_path() if path is None else path, read_only=read_only)

