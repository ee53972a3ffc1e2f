"""Load the ontology, the funding-source scheme and the SHACL shapes shipped with the package."""

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

from reportgraph.errors import DataFileError

_HERE = files("reportgraph.ontology")


def ontology_files() -> list[Path]:
    """The Turtle files of the ontology proper (terms and the funding-source scheme)."""
    return [Path(str(_HERE / name)) for name in ("reportgraph.ttl", "funds.ttl", "cube.ttl")]


def shape_files() -> list[Path]:
    """Every SHACL shapes file under ontology/shapes/."""
    return sorted(Path(str(_HERE / "shapes")).glob("*.ttl"))


def parse_turtle(paths: list[Path], what: str) -> Graph:
    """Parse Turtle files into one graph; a broken file is a DataFileError naming it."""
    g = Graph()
    for path in paths:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataFileError(f"invalid {what} file {path}: {first}") from exc
    return g


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return parse_turtle(ontology_files(), "ontology")


def ontology_graph() -> Graph:
    """The ontology and funding scheme as one graph (a copy; safe to modify)."""
    g = Graph()
    for t in _ontology():
        g.add(t)
    return g


def funds_graph() -> Graph:
    """The funding-source concept scheme only."""
    return parse_turtle([Path(str(_HERE / "funds.ttl"))], "ontology")


def shapes_graph(extra: list[Path] | None = None) -> Graph:
    """The shipped SHACL shapes, plus any extra shapes files given."""
    return parse_turtle(shape_files() + list(extra or []), "shapes")
