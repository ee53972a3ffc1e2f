"""Report graphs as N-Quads files: written without a store, loaded into one later.

`write_report_file` writes one report graph (one named graph, its provenance included: the
extracted triples name the report, the sentences and their offsets) to `DIR/NAME.nq`, atomically
(a temporary file renamed into place: a killed writer leaves no half file under the final name).
`read_report_file` reads such a file back as (graph name, rdflib triples); a file must hold
exactly one named graph and no default-graph quads, so that loading it replaces exactly one
report graph (the store keeps the union itself).
"""

import os
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from reportgraph.errors import InputError
from reportgraph.graph.base import is_index_graph, one_line
from reportgraph.graph.oxterms import _checked_term, _Converter, _from_ox
from reportgraph.graph.summary import count_entities

T = TypeVar("T")

SUFFIX = ".nq"


def file_name(graph_name: URIRef) -> str:
    """`DIR`-relative file name of a report graph: the last segments of its IRI, made safe."""
    tail = "-".join(p for p in str(graph_name).rstrip("/").split("/")[-2:] if p)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", tail).strip("-.") or "graph"
    return safe[:150] + SUFFIX


@lru_cache(maxsize=1 << 17)
def _nt(term: Node) -> str:
    """An IRI or literal in N-Triples syntax, checked as the store checks it (ValueError)."""
    return str(_checked_term(term))


def serialise_graph(graph_name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """One named graph as N-Quads (each distinct quad once), what `replace_graph_nquads` loads.

    Each distinct term is checked and written once (a dictionary of its N-Triples form); a graph
    with blank nodes is written through Oxigraph's serialiser, which labels them.

    The loop is the workers' serialisation of every report: it looks a subject or predicate up
    only when it differs from the last one (extraction's `Triples` yields a subject's triples
    together), and an object by its `id` in a table of this call (an rdflib Literal hashes in
    Python code; the table holds the term, so its id stays its own), before the checked-term
    cache shared by all the graphs a process writes."""
    tail = f" {ox.NamedNode(str(graph_name))} .\n"
    lines: dict[str, None] = {}
    nt = _nt
    seen: dict[int, tuple[Node, str]] = {}  # id(term) -> (term, its N-Triples form)
    last_s = last_p = None
    ns = np = ""
    try:
        for triple in triples:
            s, p, o = triple
            if s is not last_s:
                if type(s) is not URIRef:
                    if isinstance(s, BNode):
                        break
                    if isinstance(s, Literal):
                        raise ValueError(f"not a valid triple: {one_line(repr(triple), 80)}")
                ns, last_s = nt(s), s
            if p is not last_p:
                if type(p) is not URIRef and not isinstance(p, URIRef):
                    raise ValueError(f"not a valid triple: {one_line(repr(triple), 80)}")
                np, last_p = nt(p), p
            known = seen.get(id(o))
            if known is None:
                if type(o) is not URIRef and type(o) is not Literal and isinstance(o, BNode):
                    break
                known = seen[id(o)] = (o, nt(o))
            lines[f"{ns} {np} {known[1]}{tail}"] = None
        else:
            return "".join(lines).encode()
    except TypeError:  # an unhashable item, or not a triple
        raise ValueError(f"not a triple: {one_line(repr(triple), 80)}") from None
    return ox.serialize(_Converter(ox.NamedNode(str(graph_name))).quads(triples),
                        format=ox.RdfFormat.N_QUADS)


def pack_extracted(report: T) -> T:
    """An extracted report (anything with `graph_name`, `triples`, `entities`, `nquads`) with its
    graph serialised and its triples dropped: what extraction workers send the writer (bytes
    pickle fast, and the writer bulk-loads them without converting a term)."""
    return replace(report, nquads=serialise_graph(report.graph_name, report.triples),
                   entities=count_entities(report.triples), triples=())


def check_nquads(path: Path, data: bytes) -> URIRef:
    """The one report graph an N-Quads document holds (InputError otherwise)."""
    names: set[str] = set()
    try:
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            if isinstance(q.graph_name, ox.DefaultGraph):
                raise InputError(f"{path}: a triple in the default graph (each file must hold "
                                 "one report's named graph)")
            names.add(q.graph_name.value)
    except SyntaxError as exc:
        raise InputError(f"{path}: not N-Quads: {one_line(str(exc), 160)}") from None
    if len(names) != 1:
        raise InputError(f"{path}: holds {len(names)} named graphs, expected one report graph")
    name = URIRef(names.pop())
    if is_index_graph(name):
        raise InputError(f"{path}: <{name}> is one of the store's own graphs")
    return name


def write_report_file(folder: Path, graph_name: URIRef,
                      triples: Iterable[tuple[Node, Node, Node]]) -> tuple[Path, int]:
    """Write the report graph `graph_name` to `folder/NAME.nq` atomically; (path, quad count)."""
    if is_index_graph(graph_name):
        raise InputError(f"<{graph_name}> is one of the store's own graphs, not a report graph")
    folder.mkdir(parents=True, exist_ok=True)
    quads = sorted(_Converter(ox.NamedNode(str(graph_name))).quads(triples), key=str)
    path = folder / file_name(graph_name)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as out:
            ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path, len(quads)


def report_files(folder: Path) -> list[Path]:
    """The `*.nq` files of `folder`, sorted (InputError: not a folder, or none in it)."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == SUFFIX)
    if not files:
        raise InputError(f"{folder}: no {SUFFIX} files (write them with `reportgraph extract "
                         f"REPORT... -o {folder}`)")
    return files


def read_report_file(path: Path) -> tuple[URIRef, list[tuple[Node, Node, Node]]]:
    """The one named graph of an N-Quads file and its triples (InputError otherwise)."""
    names: set[str] = set()
    triples = []
    try:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            if isinstance(q.graph_name, ox.DefaultGraph):
                raise InputError(f"{path}: a triple in the default graph (each file must hold "
                                 "one report's named graph)")
            names.add(q.graph_name.value)
            triples.append((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    except SyntaxError as exc:
        raise InputError(f"{path}: not N-Quads: {one_line(str(exc), 160)}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(names) != 1:
        raise InputError(f"{path}: holds {len(names)} named graphs, expected one report graph")
    name = URIRef(names.pop())
    if is_index_graph(name):
        raise InputError(f"{path}: <{name}> is one of the store's own graphs")
    return name, triples


__all__ = ["SUFFIX", "check_nquads", "file_name", "pack_extracted", "read_report_file",
           "report_files", "serialise_graph", "write_report_file"]
