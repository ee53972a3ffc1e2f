"""Query results as text: an aligned table, W3C SPARQL 1.1 CSV or W3C SPARQL 1.1 JSON."""

import csv
import io
import json
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.graph.results import AskResult, GraphResult, QueryResult, SelectResult

FORMATS = ("table", "csv", "json")
MAX_CELL = 60


def compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """`prefix:local` for the longest matching namespace, else the IRI in angle brackets."""
    best, best_ns = None, ""
    for p, ns in prefixes.items():
        ns = str(ns)
        if iri.startswith(ns) and len(iri) > len(ns) > len(best_ns):
            best, best_ns = p, ns
    return f"{best}:{iri[len(best_ns):]}" if best is not None else f"<{iri}>"


def _cell(term: Node | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = compact(str(term), prefixes)
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = " ".join(str(term).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def to_table(result: SelectResult, prefixes: Mapping[str, str] | None = None) -> str:
    """Aligned columns (IRIs shortened with `prefixes`, long cells cut), then a row count."""
    prefixes = prefixes or {}
    cells = [[_cell(t, prefixes) for t in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    n = len(cells)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_csv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, lexical values, CRLF lines."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(t) for t in row])
    return buf.getvalue()


def json_term(term: Node) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    raise ValueError(f"not an RDF term: {term!r}")


def to_json(result: SelectResult | AskResult) -> str:
    """SPARQL 1.1 Query Results JSON (unbound variables are left out of a binding)."""
    if isinstance(result, AskResult):
        doc: dict[str, object] = {"head": {}, "boolean": result.value}
    else:
        bindings = [{v: json_term(t) for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def format_result(result: QueryResult, fmt: str = "table",
                  prefixes: Mapping[str, str] | None = None) -> str:
    """Render any query result; CONSTRUCT results become Turtle (table), N-Triples (csv) or
    JSON-LD (json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if isinstance(result, GraphResult):
        g = result.graph
        for p, ns in (prefixes or {}).items():
            g.bind(p, ns)
        rdf_format = {"table": "turtle", "csv": "nt", "json": "json-ld"}[fmt]
        return g.serialize(format=rdf_format)
    if isinstance(result, AskResult):
        return to_json(result) if fmt == "json" else ("true\n" if result.value else "false\n")
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return to_json(result)
    return to_table(result, prefixes)
