"""SHACL validation of each report graph, with the source sentences of every offending node.

The shapes are loaded once per process into rudof's engine (graph/shacl.py, on `pyrudof`); each
report graph is validated on its own, with the ontology's subclass axioms mixed in. The tests
compare the results with pySHACL's on the sample report and on hundreds of broken graphs
(tests/test_shacl_differential.py).

Exit codes: 0 conformant, 1 violations, 2 runtime error (a ReportgraphError).
Warnings and infos are reported but do not break conformance.
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH
from rdflib.term import Node

from reportgraph.graph.shacl import Finding, ShaclEngine
from reportgraph.graph.sparql import sparql_term
from reportgraph.graph.store import OxigraphStore, Store
from reportgraph.ontology.namespaces import OA, RG
from reportgraph.ontology.resources import ontology_files, ontology_graph, shape_files, shapes_graph


class ReportTriples(Protocol):
    """What validation needs of an extracted report (extract.pipeline.ExtractedReport has it)."""

    @property
    def graph_name(self) -> URIRef: ...

    @property
    def triples(self) -> Iterable[tuple[Node, Node, Node]]: ...


SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
Triples = Graph | Iterable[tuple[Node, Node, Node]]


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


class _Index:
    """The triples of one graph by subject and predicate (what sources and labels read)."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.spo: dict[Node, dict[Node, list[Node]]] = {}
        self.po: dict[tuple[Node, Node], list[Node]] = {}
        seen: set = set()
        for t in triples:
            if t in seen:
                continue
            seen.add(t)
            s, p, o = t
            self.spo.setdefault(s, {}).setdefault(p, []).append(o)
            self.po.setdefault((p, o), []).append(s)
        self.triples = seen

    def __contains__(self, t: tuple[Node, Node, Node]) -> bool:
        return t in self.triples

    def objects(self, s: Node, p: Node) -> list[Node]:
        return self.spo.get(s, {}).get(p, [])

    def subjects(self, p: Node, o: Node) -> list[Node]:
        return self.po.get((p, o), [])

    def value(self, s: Node, p: Node) -> Node | None:
        objs = self.objects(s, p)
        return objs[0] if objs else None


def _int(node: Node | None) -> int | None:
    if isinstance(node, Literal):
        try:
            return int(str(node))
        except ValueError:
            return None
    return None


def source_sentences(g: Graph | _Index, node: Node) -> tuple[SourceSentence, ...]:
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


def _label(g: Graph | _Index, node: Node) -> str | None:
    label = g.value(node, RDFS.label)
    return str(label) if label is not None else None


# ---------------------------------------------------------------------------- the engine

_BY_FILES: dict[tuple, ShaclEngine] = {}
_BY_GRAPH: dict[tuple[int, int], tuple[Graph, int, Graph | None, int, ShaclEngine]] = {}
_KEEP = 8  # shapes graphs remembered


def _stamp(paths: Iterable[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def _engine_for_files(extra: list[Path] | None = None) -> ShaclEngine:
    """The shipped shapes (plus extra shapes files) loaded, cached while the files are unchanged;
    a broken file is a DataFileError."""
    key = _stamp(shape_files() + list(extra or []) + ontology_files())
    got = _BY_FILES.get(key)
    if got is None:
        got = _BY_FILES[key] = ShaclEngine(shapes_graph(extra), ontology_graph())
    return got


def shacl_engine(shapes: Graph | None = None, ontology: Graph | None = None) -> ShaclEngine:
    """The engine for `shapes` (default: the shipped shapes) and `ontology` (default: the shipped
    one), loaded once per pair of graph objects (while they keep their size)."""
    if shapes is None and ontology is None:
        return _engine_for_files()
    if shapes is None:
        shapes = _engine_for_files().shapes
    key = (id(shapes), id(ontology))
    got = _BY_GRAPH.get(key)
    if (got is not None and got[0] is shapes and got[1] == len(shapes) and got[2] is ontology
            and got[3] == (len(ontology) if ontology is not None else -1)):
        return got[4]
    engine = ShaclEngine(shapes, ontology_graph() if ontology is None else ontology)
    _BY_GRAPH.pop(key, None)
    _BY_GRAPH[key] = (shapes, len(shapes), ontology,
                      len(ontology) if ontology is not None else -1, engine)
    while len(_BY_GRAPH) > _KEEP:
        del _BY_GRAPH[next(iter(_BY_GRAPH))]
    return engine


# ---------------------------------------------------------------------------- validation

def validate_graph(graph: Triples, name: URIRef, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> list[Violation]:
    """Validate one report graph (an rdflib Graph or any iterable of triples) with the ontology's
    subclass axioms mixed in so subclasses count."""
    data = _Index(graph)
    return _violations(shacl_engine(shapes, ontology).validate(data.triples), data, name)


def validate_extracted(report: ReportTriples) -> list[Violation]:
    """The SHACL results of one extracted report, on its triples (a picklable `check` for
    `extract_many`)."""
    return validate_graph(report.triples, report.graph_name)


def _violations(raw: list[Finding], data: _Index, name: URIRef) -> list[Violation]:
    found: dict[tuple, Violation] = {}
    for r in raw:
        focus, value = r.focus, r.value
        # a node targeted by two classes' shapes sharing a property shape is reported once
        key = (focus, r.path, value, r.message, r.constraint, r.severity)
        if key in found:
            continue
        # whole-graph constraints have the report as focus; the node at fault is their sh:value
        about = value if (focus, RDF.type, RG.Report) in data and isinstance(value, URIRef) else focus
        found[key] = Violation(
            graph=URIRef(name), focus=about, label=_label(data, about), severity=r.severity,
            message=r.message, path=r.path, value=value, shape=r.shape, constraint=r.constraint,
            sources=source_sentences(data, about))
    return sorted(found.values(), key=_order)


def _order(v: Violation) -> tuple:
    return (SEVERITY_ORDER.get(v.severity, 9), str(v.focus), str(v.path), v.message, str(v.value),
            str(v.constraint), str(v.shape))


def validate_graphs(graphs: Iterable[tuple[URIRef, Triples]],
                    extra_shapes: list[Path] | None = None) -> ValidationReport:
    """Validate each (name, graph) pair with the shipped shapes (plus any extra shapes files)."""
    engine = _engine_for_files(extra_shapes)
    names, results = [], []
    for name, graph in graphs:
        names.append(URIRef(name))
        data = _Index(graph)
        results.extend(_violations(engine.validate(data.triples), data, name))
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
    _engine_for_files(extra_shapes)  # a broken shapes file is reported before any graph is read
    return validate_graphs(((name, _store_triples(store, name)) for name in store.graphs()),
                           extra_shapes)
