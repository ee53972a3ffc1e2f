"""The store interface: one named graph per report, queried with SPARQL over their union.

`Store` is what every backend implements (graph/oxstore.py: the embedded Oxigraph store;
graph/remote.py: a SPARQL endpoint); graph/store.py opens them.
"""

import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from reportgraph.graph.results import QueryResult, SelectResult
from reportgraph.graph.sparql import sparql_term
from reportgraph.ontology.namespaces import IDX

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

    def replace_graph_nquads(self, name: URIRef, nquads: bytes) -> int:
        """`replace_graph` for the graph given as N-Quads (one named graph, `name`, as the
        extraction workers and `reportgraph extract` serialise it); the quad count. Backends
        that load N-Quads natively (the embedded store: bulk loading) override it."""
        import pyoxigraph as ox

        from reportgraph.graph.oxterms import _from_ox

        triples = [(_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object))
                   for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)]
        return self.replace_graph(name, triples)

    def replace_graphs_nquads(self, graphs: list[tuple[URIRef, bytes]], *,
                              checked: bool = False, distinct: bool = False) -> list[int]:
        """`replace_graph_nquads` for several report graphs; their quad counts, in order. Each
        graph is replaced whole or not at all (the embedded store bulk-loads the new ones
        together: after an interruption none of them is in the store). `checked`: the data was
        written by graph/nquads.py or already parsed strictly (a backend may then skip its own
        checks of the terms); `distinct`: no line of a graph is repeated (graph/nquads.py), so
        a backend may count lines instead of distinct quads."""
        return [self.replace_graph_nquads(name, data) for name, data in graphs]

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

    def select_cells(self, sparql: str, timeout: float | None = None) -> SelectResult:
        """A SELECT query's answer with each term as its JSON cell (graph/cells.py: what the
        listings store), None for unbound. The embedded store writes the cells straight from
        Oxigraph's terms, without making rdflib terms first."""
        from reportgraph.graph.cells import encode

        result = self.query(sparql, timeout=timeout)
        if not isinstance(result, SelectResult):
            raise TypeError("select_cells needs a SELECT query")
        return SelectResult(result.variables, tuple(tuple(encode(t) for t in row)  # type: ignore[misc]
                                                    for row in result.rows))

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
