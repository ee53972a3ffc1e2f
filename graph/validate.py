"""SHACL validation of each report graph, with the source sentences of every offending node.

Exit codes (as pySHACL): 0 conformant, 1 violations, 2 runtime error (a ReportgraphError).
Warnings and infos are reported but do not break conformance.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH
from rdflib.term import Node

from reportgraph.errors import DataFileError
from reportgraph.graph.store import Store, one_line
from reportgraph.ontology.namespaces import OA, RG
from reportgraph.ontology.resources import ontology_graph, shapes_graph

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


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


def source_sentences(g: Graph, node: Node) -> tuple[SourceSentence, ...]:
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


def _label(g: Graph, node: Node) -> str | None:
    label = g.value(node, RDFS.label)
    return str(label) if label is not None else None


def validate_graph(graph: Graph, name: URIRef, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> list[Violation]:
    """Validate one report graph (with the ontology mixed in so subclasses count)."""
    shapes = shapes_graph() if shapes is None else shapes
    ontology = ontology_graph() if ontology is None else ontology
    try:
        _conforms, results, _text = shacl_validate(
            graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
            allow_warnings=True, allow_infos=True, abort_on_first=False)
    except Exception as exc:  # pySHACL raises its own ReportableRuntimeError, ConstraintLoadError
        raise DataFileError(f"SHACL validation failed: {one_line(str(exc))}") from exc
    found: dict[tuple, Violation] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        constraint = results.value(result, SH.sourceConstraintComponent)
        # whole-graph constraints have the report as focus; the node at fault is their sh:value
        about = value if (focus, RDF.type, RG.Report) in graph and isinstance(value, URIRef) else focus
        v = Violation(
            graph=URIRef(name),
            focus=about,
            label=_label(graph, about),
            severity=results.value(result, SH.resultSeverity) or SH.Violation,
            message=messages[0] if messages else "",
            path=path,
            value=value,
            shape=results.value(result, SH.sourceShape),
            constraint=constraint if isinstance(constraint, URIRef) else None,
            sources=source_sentences(graph, about),
        )
        # a node targeted by two classes' shapes sharing a property shape is reported once
        found.setdefault((focus, path, value, v.message, v.constraint, v.severity), v)
    return sorted(found.values(), key=_order)


def _order(v: Violation) -> tuple:
    return (SEVERITY_ORDER.get(v.severity, 9), str(v.focus), str(v.path), v.message, str(v.value))


def validate_graphs(graphs: Iterable[tuple[URIRef, Graph]],
                    extra_shapes: list[Path] | None = None) -> ValidationReport:
    """Validate each (name, graph) pair with the shipped shapes (plus any extra shapes files)."""
    shapes, ontology = shapes_graph(extra_shapes), ontology_graph()
    names, results = [], []
    for name, graph in graphs:
        names.append(URIRef(name))
        results.extend(validate_graph(graph, name, shapes=shapes, ontology=ontology))
    return ValidationReport(tuple(names), tuple(results))


def validate_store(store: Store, extra_shapes: list[Path] | None = None) -> ValidationReport:
    """Validate every named graph of the store, one at a time."""
    shapes_graph(extra_shapes)  # a broken shapes file is reported before any graph is read
    return validate_graphs(((name, store.graph(name)) for name in store.graphs()), extra_shapes)
