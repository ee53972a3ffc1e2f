"""Plain-text rendering of validation reports and `why` answers for the terminal."""

from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from reportgraph.graph.results import SelectResult
from reportgraph.graph.validate import SourceSentence, ValidationReport
from reportgraph.queries.format import compact


def term_text(term: Node | None, prefixes: Mapping[str, str]) -> str:
    """A term for people: compact IRIs, literals as written."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term), prefixes)
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"


def _span(start: object, end: object) -> str:
    return f"[{start}-{end}]" if start is not None and end is not None else "[?]"


def _source_lines(sources: tuple[SourceSentence, ...], prefixes: Mapping[str, str],
                  indent: str) -> list[str]:
    lines = []
    for s in sources:
        lines.append(f"{indent}{term_text(s.sentence, prefixes)} {_span(s.start, s.end)}")
        if s.text:
            lines.append(f"{indent}  \"{' '.join(s.text.split())}\"")
    return lines


def render_validation(report: ValidationReport, prefixes: Mapping[str, str]) -> str:
    """Each result with its node, label, constraint and source sentences, then a count line."""
    lines: list[str] = []
    for r in report.results:
        severity = str(r.severity).rsplit("#", 1)[-1]
        label = f" \"{r.label}\"" if r.label else ""
        lines.append(f"{severity}: {term_text(r.focus, prefixes)}{label}"
                     f"  (graph {term_text(r.graph, prefixes)})")
        path = f"{term_text(r.path, prefixes)}: " if r.path is not None else ""
        value = f" (value: {term_text(r.value, prefixes)})" if r.value is not None else ""
        constraint = term_text(r.constraint, {**prefixes, "sh": str(SH)}) if r.constraint else ""
        lines.append(f"  {path}{r.message}{value}")
        if constraint:
            lines.append(f"  constraint: {constraint} in shape {term_text(r.shape, prefixes)}")
        if r.sources:
            lines.append("  read from:")
            lines.extend(_source_lines(r.sources, prefixes, "    "))
    n_graphs = len(report.graphs)
    n_viol = len(report.violations)
    n_other = len(report.results) - n_viol
    graphs = f"{n_graphs} report graph{'s' if n_graphs != 1 else ''}"
    if report.conforms:
        lines.append(f"conformant: {graphs}, {n_other} warning(s)")
    else:
        lines.append(f"{n_viol} violation{'s' if n_viol != 1 else ''}, {n_other} warning(s) "
                     f"in {graphs}")
    return "\n".join(lines) + "\n"


def render_why(result: SelectResult, prefixes: Mapping[str, str]) -> str:
    """The rows of the `why` query grouped by fact: the fact, then each sentence behind it."""
    rows = result.dicts()
    first = rows[0]
    label = first.get("entityLabel")
    lines = [term_text(first["entity"], prefixes) + (f"  \"{label}\"" if label else "")]
    current = None
    for row in rows:
        direction = str(row["direction"])
        key = (direction, row.get("predicate"), row.get("other"))
        if key != current:
            current = key
            pred = term_text(row.get("predicate"), prefixes)
            other = term_text(row.get("other"), prefixes)
            other_label = f" \"{row['otherLabel']}\"" if row.get("otherLabel") else ""
            if direction == "out":
                head = f"{pred} {other}{other_label}"
            elif direction == "in":
                head = f"{other}{other_label} {pred} (this)"
            else:
                head = "mentioned in"
            lines.append("")
            lines.append(head)
        where = term_text(row.get("sentence"), prefixes)
        page = f" page {row['page']}" if row.get("page") is not None else ""
        lines.append(f"  {where} {_span(row.get('start'), row.get('end'))}{page}")
        if row.get("text"):
            lines.append(f"    \"{' '.join(str(row['text']).split())}\"")
    return "\n".join(lines) + "\n"
