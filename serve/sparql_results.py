"""Query results in the media types of the SPARQL 1.1 Protocol, and content negotiation.

SELECT/ASK: SPARQL 1.1 Query Results JSON and CSV (queries/format.py, the CLI's writers), XML
and TSV (here). CONSTRUCT/DESCRIBE and descriptions: Turtle and N-Triples (publish/rdfwrite.py,
the published files' writers), JSON-LD with the published context (publish/jsonld.py) and
RDF/XML (pyoxigraph's writer: a fifth of rdflib's CPU time for a description; rdflib when
pyoxigraph refuses a graph, e.g. a predicate RDF/XML cannot write).
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from reportgraph.graph.oxterms import ox_term
from reportgraph.graph.results import AskResult, SelectResult
from reportgraph.graph.sparql import sparql_term
from reportgraph.publish.jsonld import graph_document
from reportgraph.publish.rdfwrite import ntriples, turtle
from reportgraph.queries.format import to_csv, to_json

Triple = tuple[Node, Node, Node]

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"

#: what each kind of answer can be written as, the first being the default for */*
SELECT_TYPES = (JSON, XML, CSV, TSV)
ASK_TYPES = (JSON, XML)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
#: other names clients use for the same media types
ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML,
           "text/plain": NTRIPLES, "application/x-turtle": TURTLE, "application/json+ld": JSONLD}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media type, q) pairs of an Accept header, best first (stable for equal q)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(header.split(",")):
        kind, *params = part.split(";")
        kind = kind.strip().lower()
        if not kind:
            continue
        q = 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v.strip())))
                except ValueError:
                    q = 0.0
        out.append((i, kind, q))
    out.sort(key=lambda t: (-t[2], t[0]))
    return [(kind, q) for _, kind, q in out]


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered for */*), or None."""
    for kind, q in parse_accept(header):
        if q <= 0:
            continue
        kind = ALIASES.get(kind, kind)
        if kind in offered:
            return kind
        if kind == "*/*":
            return offered[0]
        if kind.endswith("/*"):
            major = kind[:-1]
            for o in offered:
                if o.startswith(major):
                    return o
    return None


# --------------------------------------------------------------------------------- SELECT / ASK

def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and term.datatype != XSD.string:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def to_xml(result: SelectResult | AskResult) -> str:
    """SPARQL Query Results XML Format (Second Edition)."""
    head = ['<?xml version="1.0" encoding="utf-8"?>',
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, AskResult):
        return "\n".join(head + ["<head/>", f"<boolean>{str(result.value).lower()}</boolean>",
                                 "</sparql>"]) + "\n"
    lines = head + ["<head>"] + [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["</head>", "<results>"]
    for row in result.rows:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                        for v, t in zip(result.variables, row) if t is not None)
        lines.append(f"<result>{cells}</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def to_tsv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` header, terms in SPARQL syntax (tabs and newlines
    in literals escaped)."""
    bnodes: dict[BNode, str] = {}
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else sparql_term(t, bnodes) for t in row))
    return "\n".join(lines) + "\n"


def write_solutions(result: SelectResult | AskResult, media: str) -> str:
    if media == XML:
        return to_xml(result)
    if media == CSV and isinstance(result, SelectResult):
        return to_csv(result)
    if media == TSV and isinstance(result, SelectResult):
        return to_tsv(result)
    return to_json(result)


# ------------------------------------------------------------------------------------- graphs

def _labels(triples: Iterable[Triple]) -> dict[BNode, str]:
    labels: dict[BNode, str] = {}
    for t in triples:
        for term in t:
            if isinstance(term, BNode) and term not in labels:
                labels[term] = f"b{len(labels)}"
    return labels


def write_graph(triples: Sequence[Triple], media: str, prefixes: Mapping[str, str]) -> str:
    """Triples as Turtle, N-Triples, JSON-LD (the published context) or RDF/XML."""
    labels = _labels(triples)
    if media == NTRIPLES:
        return ntriples(triples, labels)
    if media == JSONLD:
        return graph_document(triples, labels)
    if media == RDFXML:
        return rdf_xml(triples, prefixes)
    return turtle(triples, prefixes, labels)


#: a predicate RDF/XML can write: its IRI ends with an XML name (NCName) after a '/', '#' or ':'
_XML_PREDICATE = re.compile(r"^.*[/#:][A-Za-z_][\w.\-]*$")


def rdf_xml(triples: Sequence[Triple], prefixes: Mapping[str, str]) -> str:
    """RDF/XML by pyoxigraph; rdflib's writer (which refuses it) for a predicate that does not
    end with an XML name, which pyoxigraph would write as a malformed element."""
    try:
        if not all(_XML_PREDICATE.match(str(p)) for _s, p, _o in triples):
            raise ValueError("a predicate RDF/XML cannot write")
        out = ox.serialize([ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in triples],
                           format=ox.RdfFormat.RDF_XML, prefixes=dict(prefixes))
        return (out or b"").decode("utf-8")
    except (ValueError, SyntaxError, OSError, TypeError):
        g = Graph()
        for p, ns in prefixes.items():
            g.bind(p, ns)
        for t in triples:
            g.add(t)
        return g.serialize(format="xml")
