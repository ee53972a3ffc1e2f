"""SHACL validation of each report graph, with the source sentences of every offending node.

The shapes are compiled once (graph/fastshacl.py) and run on an index of the graph; pySHACL is the
reference and the fallback: it validates the shapes the compiled plan does not cover and any graph
holding a case the plan does not reproduce exactly. Results are the same either way.

Exit codes (as pySHACL): 0 conformant, 1 violations, 2 runtime error (a ReportgraphError).
Warnings and infos are reported but do not break conformance.
"""

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as Choice

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH
from rdflib.term import Node

from reportgraph.errors import DataFileError
from reportgraph.graph.fastshacl import (
    CompiledShapes,
    Mixin,
    NeedsReference,
    RawResult,
    TripleIndex,
    compile_shapes,
    ontology_mixin,
    validate_compiled,
)
from reportgraph.graph.sparql import sparql_term
from reportgraph.graph.store import OxigraphStore, Store, one_line
from reportgraph.ontology.namespaces import OA, RG
from reportgraph.ontology.resources import ontology_files, ontology_graph, shape_files, shapes_graph

if TYPE_CHECKING:
    from reportgraph.extract.pipeline import ExtractedReport

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
Triples = Graph | Iterable[tuple[Node, Node, Node]]
Engine = Choice["fast", "pyshacl"]


@dataclass(frozen=True)
class SourceSentence:
    """A sentence a node was read from: its report, text and offsets in the original file."""

    sentence: URIRef
    report: URIRef | None
    text: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, what is wrong with it and where it came from."""

    graph: URIRef
    focus: Node
    label: str | None
    severity: URIRef  # sh:Violation | sh:Warning | sh:Info
    message: str
    path: Node | None
    value: Node | None
    shape: Node | None
    constraint: URIRef | None  # sh:sourceConstraintComponent, e.g. sh:MinCountConstraintComponent
    sources: tuple[SourceSentence, ...]

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation


@dataclass(frozen=True)
class ValidationReport:
    """The results over all report graphs; `exit_code` 0 when conformant, 1 otherwise."""

    graphs: tuple[URIRef, ...]
    results: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not any(r.is_violation for r in self.results)

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(r for r in self.results if r.is_violation)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1


def _int(node: Node | None) -> int | None:
    if isinstance(node, Literal):
        try:
            return int(str(node))
        except ValueError:
            return None
    return None


def source_sentences(g: Graph | TripleIndex, node: Node) -> tuple[SourceSentence, ...]:
    """Sentences behind `node`: it is one, it is rg:mentionedIn them, or an assertion about it
    (as subject or object) is prov:wasDerivedFrom them. Sorted by report and offset."""
    sentences: set[Node] = set()
    if (node, RDF.type, RG.Sentence) in g:
        sentences.add(node)
    sentences.update(g.objects(node, RG.mentionedIn))
    for prop in (RDF.subject, RDF.object):
        for assertion in g.subjects(prop, node):
            if (assertion, RDF.type, RG.Assertion) in g:
                sentences.update(g.objects(assertion, PROV.wasDerivedFrom))
    out = []
    for s in sentences:
        if not isinstance(s, URIRef):
            continue
        selector = g.value(s, OA.hasSelector)
        report = g.value(s, OA.hasSource)
        out.append(SourceSentence(
            sentence=s,
            report=report if isinstance(report, URIRef) else None,
            text=str(g.value(s, RDF.value) or ""),
            start=_int(g.value(selector, OA.start)) if selector is not None else None,
            end=_int(g.value(selector, OA.end)) if selector is not None else None,
        ))
    return tuple(sorted(out, key=lambda x: (str(x.report), x.start if x.start is not None else -1,
                                             str(x.sentence))))


def _label(g: Graph | TripleIndex, node: Node) -> str | None:
    label = g.value(node, RDFS.label)
    return str(label) if label is not None else None


# ---------------------------------------------------------------------------- compiled shapes

_SHAPES_BY_FILES: dict[tuple, CompiledShapes] = {}
_MIXIN_BY_FILES: dict[tuple, Mixin] = {}
_BY_GRAPH: dict[int, tuple[Graph, int, object]] = {}  # id -> (graph, its size, what it gave)
_KEEP = 8  # graphs remembered


def _stamp(paths: Iterable[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def _compiled_files(extra: list[Path] | None = None) -> CompiledShapes:
    """The shipped shapes (plus extra shapes files) compiled, cached while the files are unchanged;
    a broken file is a DataFileError."""
    key = _stamp(shape_files() + list(extra or []))
    got = _SHAPES_BY_FILES.get(key)
    if got is None:
        got = _SHAPES_BY_FILES[key] = compiled_shapes(shapes_graph(extra))
    return got


def _default_mixin() -> Mixin:
    key = _stamp(ontology_files())
    got = _MIXIN_BY_FILES.get(key)
    if got is None:
        got = _MIXIN_BY_FILES[key] = ontology_mixin(ontology_graph())
    return got


def _by_graph(graph: Graph, make: Callable[[Graph], object]) -> object:
    """`make(graph)` cached for this graph object (while it keeps its size)."""
    got = _BY_GRAPH.get(id(graph))
    if got is not None and got[0] is graph and got[1] == len(graph):
        return got[2]
    value = make(graph)
    _BY_GRAPH.pop(id(graph), None)
    _BY_GRAPH[id(graph)] = (graph, len(graph), value)
    while len(_BY_GRAPH) > _KEEP:
        del _BY_GRAPH[next(iter(_BY_GRAPH))]
    return value


def compiled_shapes(shapes: Graph | None = None) -> CompiledShapes:
    """`shapes` (default: the shipped shapes) compiled, cached per shapes graph."""
    if shapes is None:
        return _compiled_files()
    return _by_graph(shapes, compile_shapes)  # type: ignore[return-value]


def _mixin(ontology: Graph | None) -> Mixin:
    if ontology is None:
        return _default_mixin()
    return _by_graph(ontology, ontology_mixin)  # type: ignore[return-value]


# ---------------------------------------------------------------------------- validation

def _as_graph(graph: Triples, data: TripleIndex) -> Graph:
    if isinstance(graph, Graph):
        return graph
    g = Graph()
    for t in data:
        g.add(t)
    return g


def pyshacl_results(graph: Graph, shapes: Graph, ontology: Graph) -> list[RawResult]:
    """pySHACL's results (the reference), as records; its errors are DataFileErrors."""
    try:
        _conforms, results, _text = shacl_validate(
            graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
            allow_warnings=True, allow_infos=True, abort_on_first=False)
    except Exception as exc:  # pySHACL raises its own ReportableRuntimeError, ConstraintLoadError
        raise DataFileError(f"SHACL validation failed: {one_line(str(exc))}") from exc
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        out.append(RawResult(
            focus=results.value(result, SH.focusNode),
            path=results.value(result, SH.resultPath),
            value=results.value(result, SH.value),
            severity=results.value(result, SH.resultSeverity) or SH.Violation,
            messages=tuple(sorted({str(m) for m in results.objects(result, SH.resultMessage)})),
            shape=results.value(result, SH.sourceShape),
            constraint=results.value(result, SH.sourceConstraintComponent),
        ))
    return out


def validate_graph(graph: Triples, name: URIRef, *, shapes: Graph | None = None,
                   ontology: Graph | None = None, engine: Engine = "fast") -> list[Violation]:
    """Validate one report graph (an rdflib Graph or any iterable of triples) with the ontology
    mixed in so subclasses count. `engine="pyshacl"` runs pySHACL only (the reference)."""
    data = TripleIndex.of(graph)
    if engine == "pyshacl":
        onto = ontology_graph() if ontology is None else ontology
        raw = pyshacl_results(_as_graph(graph, data), shapes_graph() if shapes is None else shapes, onto)
        return _violations(raw, data, name)
    compiled = compiled_shapes(shapes)
    mixin = _mixin(ontology)
    namespaces = (lambda: graph) if isinstance(graph, Graph) else Graph
    try:
        raw = validate_compiled(compiled, data, mixin, namespaces)
    except NeedsReference:
        raw = pyshacl_results(_as_graph(graph, data), compiled.shapes, mixin.ontology)
    else:
        if compiled.fallback_shapes is not None:
            raw += pyshacl_results(_as_graph(graph, data), compiled.fallback_shapes, mixin.ontology)
    return _violations(raw, data, name)


def validate_extracted(report: "ExtractedReport") -> list[Violation]:
    """The SHACL results of one extracted report, on its triples (a picklable `check` for
    `extract_many`)."""
    return validate_graph(report.triples, report.graph_name)


def _violations(raw: list[RawResult], data: TripleIndex, name: URIRef) -> list[Violation]:
    found: dict[tuple, Violation] = {}
    for r in raw:
        focus, value = r.focus, r.value
        message = r.messages[0] if r.messages else ""
        constraint = r.constraint if isinstance(r.constraint, URIRef) else None
        # a node targeted by two classes' shapes sharing a property shape is reported once
        key = (focus, r.path, value, message, constraint, r.severity)
        if key in found:
            continue
        # whole-graph constraints have the report as focus; the node at fault is their sh:value
        about = value if (focus, RDF.type, RG.Report) in data and isinstance(value, URIRef) else focus
        found[key] = Violation(
            graph=URIRef(name), focus=about, label=_label(data, about), severity=r.severity,
            message=message, path=r.path, value=value, shape=r.shape, constraint=constraint,
            sources=source_sentences(data, about))
    return sorted(found.values(), key=_order)


def _order(v: Violation) -> tuple:
    return (SEVERITY_ORDER.get(v.severity, 9), str(v.focus), str(v.path), v.message, str(v.value),
            str(v.constraint), str(v.shape))


def validate_graphs(graphs: Iterable[tuple[URIRef, Triples]],
                    extra_shapes: list[Path] | None = None) -> ValidationReport:
    """Validate each (name, graph) pair with the shipped shapes (plus any extra shapes files)."""
    compiled = _compiled_files(extra_shapes)
    names, results = [], []
    for name, graph in graphs:
        names.append(URIRef(name))
        results.extend(validate_graph(graph, name, shapes=compiled.shapes))
    return ValidationReport(tuple(names), tuple(results))


def _store_triples(store: Store, name: URIRef) -> Triples:
    """The triples of one named graph. In the embedded store the rows of a SELECT (cheaper than
    `store.graph(name)`); an endpoint's graph comes by the Graph Store Protocol, since an endpoint
    queried over its union (`default-graph-uri` for each graph) has no named graphs to select."""
    if not isinstance(store, OxigraphStore):
        return store.graph(name)
    result = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {sparql_term(URIRef(name))} "
                         "{ ?s ?p ?o } }")
    return result.rows  # type: ignore[attr-defined, return-value]


def validate_store(store: Store, extra_shapes: list[Path] | None = None) -> ValidationReport:
    """Validate every named graph of the store, one at a time."""
    _compiled_files(extra_shapes)  # a broken shapes file is reported before any graph is read
    return validate_graphs(((name, _store_triples(store, name)) for name in store.graphs()),
                           extra_shapes)
