"""Package data of reportgraph.publish: vocabulary terms, text templates, CSS."""

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

from reportgraph.errors import DataFileError
from reportgraph.ontology.resources import parse_turtle

_HERE = files("reportgraph.publish")


def _path(name: str) -> Path:
    return Path(str(_HERE / name))


@lru_cache(maxsize=1)
def vocabularies() -> Graph:
    """Controlled-vocabulary terms (EU Vocabularies, ADMS, IANA, SPDX) with types and labels."""
    return parse_turtle([_path("vocabularies.ttl")], "publication vocabulary")


@lru_cache(maxsize=1)
def templates() -> Graph:
    """Titles, descriptions and keywords of the publication metadata (lv, en)."""
    return parse_turtle([_path("templates.ttl")], "publication template")


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The CSS embedded in ontology.html."""
    path = _path("ontology.css")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror}") from exc


@lru_cache(maxsize=1)
def nuts() -> Graph:
    """NUTS 3 regions of Latvia and their correspondence to the planning regions."""
    return parse_turtle([_path("nuts.ttl")], "NUTS region list")
