"""Query results as plain records of rdflib terms, the same whatever store answered."""

from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Node


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT query; `None` is an unbound variable."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def dicts(self) -> list[dict[str, Node]]:
        """Each row as {variable: term} without the unbound ones."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def column(self, name: str) -> list[Node | None]:
        """The values of one variable, row by row."""
        i = self.variables.index(name)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query."""

    graph: Graph


QueryResult = SelectResult | AskResult | GraphResult
