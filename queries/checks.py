"""Consistency checks: SPARQL SELECT queries under queries/checks/ that find figures or names
which do not agree, within one report or across reports (see queries/checks/README.md).

Each check is a `.rq` file with a grlc-style header (`#+ summary:`, `#+ description:`,
`#+ severity: error|warning|info`). Its rows give `?message`, optionally `?subject`, and per side
N = 1, 2, … `?valueN`, `?sentenceN` (an rg:Sentence, rg:Footnote, qb:DataSet or qb:Observation)
and optionally `?graphN`. Rows with the same message and subject make one finding; the runner
looks up each side's report, text and offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.errors import DataFileError, QueryError, UnknownQuery
from reportgraph.graph.results import SelectResult
from reportgraph.graph.store import Store, one_line
from reportgraph.queries import parse_query, query_files
from reportgraph.queries.format import compact

SEVERITIES = ("error", "warning", "info")
FORMATS = ("table", "json")
_SIDE = re.compile(r"^(value|sentence|graph)([1-9][0-9]*)$")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_NUMERIC = {str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float), str(XSD.int),
            str(XSD.long), str(XSD.nonNegativeInteger)}
_MAX_TEXT = 200

# The report, text and offsets of a side's source: a sentence or footnote, a table, or a cell.
SOURCE_QUERY = """
PREFIX rg:   <https://w3id.org/reportgraph/ontology#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa:   <http://www.w3.org/ns/oa#>
PREFIX qb:   <http://purl.org/linked-data/cube#>
SELECT ?s ?report ?text ?start ?end ?row ?group ?col ?colGroup WHERE {
  {
    VALUES ?kind { rg:Sentence rg:Footnote }
    ?s a ?kind .
    OPTIONAL { ?s oa:hasSource ?report }
    OPTIONAL { ?s rdf:value ?text }
    OPTIONAL { ?s oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
  } UNION {
    ?s a qb:DataSet .
    OPTIONAL { ?s prov:wasDerivedFrom ?report . ?report a rg:Report }
    OPTIONAL { ?s rdfs:label ?text }
    OPTIONAL { ?s oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
  } UNION {
    ?s a qb:Observation ; qb:dataSet ?ds .
    OPTIONAL { ?ds prov:wasDerivedFrom ?report . ?report a rg:Report }
    OPTIONAL { ?ds rdfs:label ?text }
    OPTIONAL { ?ds oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
    OPTIONAL { ?s rg:rowLabel ?row } OPTIONAL { ?s rg:rowGroup ?group }
    OPTIONAL { ?s rg:columnLabel ?col } OPTIONAL { ?s rg:columnGroup ?colGroup }
  }
}
"""


@dataclass(frozen=True)
class Check:
    """A check read from `queries/checks/{id}.rq`."""

    id: str
    summary: str
    description: str
    severity: str
    text: str


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: the value and where the report states it."""

    value: str | None
    report: URIRef | None
    sentence_text: str
    start: int | None
    end: int | None
    sentence: URIRef | None = None
    graph: URIRef | None = None


@dataclass(frozen=True)
class Finding:
    """Something a check found: a message, what it is about, and the sides that disagree."""

    check: str
    severity: str
    message: str
    subject: URIRef | None
    sides: tuple[Side, ...] = ()


# ---------------------------------------------------------------------------- loading

def parse_check(check_id: str, text: str) -> Check:
    """Read a check's header; DataFileError without a summary or with an unknown severity."""
    named = parse_query(check_id, text)
    severity = named.field_value("severity").lower()
    if not named.summary:
        raise DataFileError(f"check {check_id!r} has no '#+ summary:' line")
    if severity not in SEVERITIES:
        raise DataFileError(f"check {check_id!r}: '#+ severity:' must be one of "
                            f"{', '.join(SEVERITIES)} (got {severity!r})")
    return Check(check_id, named.summary, named.description, severity, text)


def _check_files() -> dict[str, str]:
    return {name: text for name, text in query_files("checks").items() if _ID.fullmatch(name)}


def list_checks() -> list[Check]:
    """Every check, by id."""
    return [parse_check(i, t) for i, t in sorted(_check_files().items())]


def select_checks(only: Iterable[str] | None = None) -> list[Check]:
    """The checks named in `only` (all when None or empty); UnknownQuery for an unknown id."""
    checks = list_checks()
    wanted = [i.strip() for i in (only or []) if i.strip()]
    if not wanted:
        return checks
    known = {c.id: c for c in checks}
    for i in wanted:
        if i not in known:
            raise UnknownQuery(f"unknown check {i!r} (known: {', '.join(sorted(known))})")
    return [known[i] for i in dict.fromkeys(wanted)]


# ---------------------------------------------------------------------------- running

def _text(term: Node | None) -> str | None:
    """A value as text; numbers without exponent or trailing zeros ("1996.00" -> "1996")."""
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _NUMERIC:
        try:
            d = Decimal(str(term))
        except InvalidOperation:
            return str(term)
        if d == d.to_integral_value():
            return str(d.quantize(Decimal(1)))
        return format(d.normalize(), "f")
    return str(term)


def _int(term: Node | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


class _Sources:
    """Looks up (and remembers) the report, text and offsets of side sources."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[URIRef, tuple[URIRef | None, str, int | None, int | None]] = {}

    def get(self, node: URIRef) -> tuple[URIRef | None, str, int | None, int | None]:
        if node not in self.cache:
            result = self.store.query(SOURCE_QUERY, {"s": node})
            rows = result.dicts() if isinstance(result, SelectResult) else []
            if not rows:
                self.cache[node] = (None, "", None, None)
            else:
                row = rows[0]
                report = row.get("report")
                text = " ".join(str(row.get("text", "")).split())
                if "row" in row or "col" in row:  # a table cell: caption — row | column
                    cell = " / ".join(str(row[k]) for k in ("group", "row") if k in row)
                    col = " / ".join(str(row[k]) for k in ("colGroup", "col") if k in row)
                    text = f"{text} — {cell} | {col}"
                self.cache[node] = (report if isinstance(report, URIRef) else None, text,
                                    _int(row.get("start")), _int(row.get("end")))
        return self.cache[node]


def _side_numbers(variables: Iterable[str]) -> list[int]:
    numbers = {int(m.group(2)) for v in variables if (m := _SIDE.match(v))}
    return sorted(numbers)


def run_check(store: Store, check: Check, sources: _Sources | None = None) -> list[Finding]:
    """Run one check on `store` (its query engine) and collect its findings."""
    try:
        result = store.query(check.text)
    except QueryError as exc:
        raise QueryError(f"check {check.id!r}: {exc}") from None
    if not isinstance(result, SelectResult):
        raise DataFileError(f"check {check.id!r} is not a SELECT query")
    if "message" not in result.variables:
        raise DataFileError(f"check {check.id!r} does not select ?message")
    sources = sources or _Sources(store)
    numbers = _side_numbers(result.variables)
    grouped: dict[tuple[str, str], tuple[URIRef | None, list[Side]]] = {}
    for row in result.dicts():
        message = one_line(str(row.get("message", "")), 1000)
        subject = row.get("subject")
        subject = subject if isinstance(subject, URIRef) else None
        _, sides = grouped.setdefault((message, str(subject or "")), (subject, []))
        for n in numbers:
            value, sentence, graph = (row.get(f"value{n}"), row.get(f"sentence{n}"),
                                      row.get(f"graph{n}"))
            if value is None and sentence is None:
                continue
            report, text, start, end = (sources.get(sentence) if isinstance(sentence, URIRef)
                                        else (None, "", None, None))
            side = Side(_text(value), report, text, start, end,
                        sentence if isinstance(sentence, URIRef) else None,
                        graph if isinstance(graph, URIRef) else None)
            if side not in sides:
                sides.append(side)
    return [Finding(check.id, check.severity, message, subject, tuple(sides))
            for (message, _), (subject, sides) in grouped.items()]


def run_checks(store: Store, only: list[str] | None = None) -> list[Finding]:
    """Run the checks (all, or those named in `only`) and return their findings, errors first."""
    sources = _Sources(store)
    findings: list[Finding] = []
    for check in select_checks(only):
        findings.extend(run_check(store, check, sources))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (rank[f.severity], f.check))


# ---------------------------------------------------------------------------- output

def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per severity."""
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out


def _name(iri: URIRef | None, prefixes: Mapping[str, str]) -> str:
    return compact(str(iri), prefixes) if iri is not None else "-"


def _cut(text: str, limit: int = _MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_table(findings: list[Finding], prefixes: Mapping[str, str] | None = None) -> str:
    """Findings as text: one block per finding, each side on its own line, then the counts."""
    prefixes = prefixes or {}
    out: list[str] = []
    for f in findings:
        out.append(f"{f.severity.upper():7} {f.check}: {f.message}")
        if f.subject is not None:
            out.append(f"        about {_name(f.subject, prefixes)}")
        for i, side in enumerate(f.sides, start=1):
            where = _name(side.report, prefixes)
            if side.start is not None:
                where += f" [{side.start}-{side.end}]"
            out.append(f"  [{i}] {side.value if side.value is not None else '-'}  {where}")
            if side.sentence_text:
                out.append(f"      “{_cut(side.sentence_text)}”")
    n = counts(findings)
    total = sum(n.values())
    if total:
        out.append(f"{total} finding{'s' if total != 1 else ''}: "
                   + ", ".join(f"{n[s]} {s}{'s' if n[s] != 1 else ''}" for s in SEVERITIES))
    else:
        out.append("no findings")
    return "\n".join(out) + "\n"


def _side_json(side: Side) -> dict[str, object]:
    return {"value": side.value, "report": side.report and str(side.report),
            "sentence": side.sentence and str(side.sentence), "text": side.sentence_text,
            "start": side.start, "end": side.end, "graph": side.graph and str(side.graph)}


def to_json(findings: list[Finding]) -> str:
    """Findings as a JSON document: {"findings": [...], "counts": {severity: n}}."""
    doc = {
        "findings": [{"check": f.check, "severity": f.severity, "message": f.message,
                      "subject": f.subject and str(f.subject),
                      "sides": [_side_json(s) for s in f.sides]} for f in findings],
        "counts": counts(findings),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def format_findings(findings: list[Finding], fmt: str = "table",
                    prefixes: Mapping[str, str] | None = None) -> str:
    """Render findings as `table` or `json`."""
    if fmt == "json":
        return to_json(findings)
    if fmt == "table":
        return to_table(findings, prefixes)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def list_text(checks: list[Check]) -> str:
    """One line per check: id, severity, summary."""
    width = max((len(c.id) for c in checks), default=0)
    return "".join(f"{c.id.ljust(width)}  {c.severity:7}  {c.summary}\n" for c in checks)
