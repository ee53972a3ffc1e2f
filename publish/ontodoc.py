"""Human-readable documentation of the ontology (ontology/*.ttl) as one self-contained HTML page.

Plain HTML with the small stylesheet publish/ontology.css embedded: no scripts, nothing loaded
from the network (links to external term IRIs are ordinary hyperlinks).
"""

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from reportgraph.ontology.namespaces import FUND, PREFIXES, RG
from reportgraph.ontology.resources import ontology_files, ontology_graph
from reportgraph.publish.jsonld import context
from reportgraph.publish.resources import stylesheet, templates

VANN = "http://purl.org/vocab/vann/"
_OWN = (str(RG), str(FUND))


class _Names:
    def __init__(self) -> None:
        self.prefixes = sorted(((p, str(ns)) for p, ns in PREFIXES.items()),
                               key=lambda kv: -len(kv[1]))

    def curie(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def link(self, node: Any) -> str:
        if isinstance(node, Literal):
            return escape(str(node))
        iri = str(node)
        if iri.startswith(str(RG)):
            return f'<a href="#{escape(iri[len(str(RG)):])}"><code>{escape(self.curie(iri))}</code></a>'
        if iri.startswith(str(FUND)):
            return f'<a href="#fund-{escape(iri[len(str(FUND)):])}"><code>{escape(self.curie(iri))}</code></a>'
        return f'<a href="{escape(iri)}"><code>{escape(self.curie(iri))}</code></a>'


def _texts(g: Graph, node: URIRef, prop: URIRef) -> list[Literal]:
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal)]
    return sorted(values, key=lambda v: (v.language != "en", v.language or "", str(v)))


def _first(g: Graph, node: URIRef, prop: URIRef) -> str:
    values = _texts(g, node, prop)
    return str(values[0]) if values else ""


def _labels(g: Graph, node: URIRef, prop: URIRef = RDFS.label) -> str:
    return " · ".join(f'<span lang="{escape(v.language or "")}">{escape(str(v))}</span>'
                      for v in _texts(g, node, prop))


def _local(node: URIRef) -> str:
    return str(node)[len(str(RG)):]


def _row(name: str, cells: Iterable[str]) -> str:
    cells = list(cells)
    return f"<dt>{escape(name)}</dt><dd>{', '.join(cells)}</dd>\n" if cells else ""


def _terms(g: Graph, kinds: Iterable[URIRef]) -> list[URIRef]:
    found = {s for k in kinds for s in g.subjects(RDF.type, k)
             if isinstance(s, URIRef) and str(s).startswith(str(RG))}
    return sorted(found, key=lambda t: (_local(t).lower(), _local(t)))


def _class_section(g: Graph, names: _Names) -> str:
    out = ['<section id="classes">\n<h2>Classes</h2>\n']
    for c in _terms(g, [OWL.Class, RDFS.Class]):
        rows = [
            _row("IRI", [f"<code>{escape(str(c))}</code>"]),
            _row("Label", [_labels(g, c)] if _labels(g, c) else []),
            _row("Description", [escape(_first(g, c, RDFS.comment))] if _first(g, c, RDFS.comment) else []),
            _row("Subclass of", [names.link(o) for o in sorted(g.objects(c, RDFS.subClassOf))]),
            _row("Subclasses", [names.link(s) for s in sorted(g.subjects(RDFS.subClassOf, c))]),
            _row("Properties with this domain", [names.link(p) for p in sorted(g.subjects(RDFS.domain, c))]),
            _row("Range of", [names.link(p) for p in sorted(g.subjects(RDFS.range, c))]),
        ]
        out.append(f'<article class="term" id="{escape(_local(c))}">\n'
                   f"<h3>{escape(_local(c))}</h3>\n<dl>\n{''.join(rows)}</dl>\n</article>\n")
    out.append("</section>\n")
    return "".join(out)


def _property_section(g: Graph, names: _Names, anchor: str, title: str,
                      kinds: Iterable[URIRef]) -> str:
    out = [f'<section id="{anchor}">\n<h2>{escape(title)}</h2>\n']
    for p in _terms(g, kinds):
        rows = [
            _row("IRI", [f"<code>{escape(str(p))}</code>"]),
            _row("Label", [_labels(g, p)] if _labels(g, p) else []),
            _row("Description", [escape(_first(g, p, RDFS.comment))] if _first(g, p, RDFS.comment) else []),
            _row("Domain", [names.link(o) for o in sorted(g.objects(p, RDFS.domain))]),
            _row("Range", [names.link(o) for o in sorted(g.objects(p, RDFS.range))]),
            _row("Subproperty of", [names.link(o) for o in sorted(g.objects(p, RDFS.subPropertyOf))]),
        ]
        out.append(f'<article class="term" id="{escape(_local(p))}">\n'
                   f"<h3>{escape(_local(p))}</h3>\n<dl>\n{''.join(rows)}</dl>\n</article>\n")
    out.append("</section>\n")
    return "".join(out)


def _funding_section(g: Graph, names: _Names) -> str:
    scheme = FUND.scheme
    head = (f"<p>{_labels(g, scheme, SKOS.prefLabel)}. "
            f"{escape(_first(g, scheme, DCTERMS.description))} "
            f"Scheme IRI <code>{escape(str(scheme))}</code>.</p>\n")
    rows = []
    concepts = sorted(c for c in g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
    for c in concepts:
        local = str(c)[len(str(FUND)):]
        rows.append(
            f'<tr id="fund-{escape(local)}"><td><code>{escape(_first(g, c, SKOS.notation))}</code></td>'
            f"<td>{_labels(g, c, SKOS.prefLabel)}</td>"
            f"<td>{_labels(g, c, SKOS.altLabel)}</td>"
            f"<td>{', '.join(names.link(b) for b in sorted(g.objects(c, SKOS.broader)))}</td>"
            f"<td><code>{escape(names.curie(str(c)))}</code></td></tr>\n")
    return ('<section id="funding-sources">\n<h2>Funding-source scheme</h2>\n' + head +
            "<table>\n<thead><tr><th>Notation</th><th>Label</th><th>Also called</th>"
            "<th>Broader</th><th>IRI</th></tr></thead>\n<tbody>\n" + "".join(rows) +
            "</tbody>\n</table>\n</section>\n")


def _vocabulary_section() -> str:
    names = templates()
    rows = []
    for prefix, ns in sorted(PREFIXES.items()):
        if str(ns) in _OWN:
            continue
        title = names.value(URIRef(str(ns)), RDFS.label)
        rows.append(f"<tr><td><code>{escape(prefix)}</code></td>"
                    f'<td><a href="{escape(str(ns))}"><code>{escape(str(ns))}</code></a></td>'
                    f"<td>{escape(str(title or ''))}</td></tr>\n")
    return ('<section id="vocabularies">\n<h2>Reused vocabularies</h2>\n'
            "<p>The ontology defines only what these vocabularies lack; the data uses their "
            "terms directly.</p>\n<table>\n<thead><tr><th>Prefix</th><th>Namespace</th>"
            "<th>Vocabulary</th></tr></thead>\n<tbody>\n" + "".join(rows) +
            "</tbody>\n</table>\n</section>\n")


def _context_section(ctx: Mapping[str, Any]) -> str:
    rows = []
    for term, definition in sorted(ctx.items(), key=lambda kv: kv[0].lower()):
        if isinstance(definition, str) and definition.endswith(("/", "#")):
            continue
        iri, coerce = (definition, "") if isinstance(definition, str) else (
            definition["@id"], definition.get("@type", ""))
        rows.append(f"<tr><td><code>{escape(term)}</code></td><td><code>{escape(iri)}</code></td>"
                    f"<td><code>{escape(coerce)}</code></td></tr>\n")
    return ('<section id="jsonld-context">\n<h2>JSON-LD context</h2>\n'
            "<p>Short names used by <code>reportgraph.jsonld</code> and <code>catalog.jsonld</code> "
            "(the context is embedded in both files). A value that does not fit a term's type is "
            "written as a full value object.</p>\n<table>\n<thead><tr><th>Term</th><th>Property</th>"
            "<th>Values</th></tr></thead>\n<tbody>\n" + "".join(rows) +
            "</tbody>\n</table>\n</section>\n")


def ontology_html() -> str:
    """The documentation page, generated from ontology/reportgraph.ttl and funds.ttl."""
    g = ontology_graph()
    names = _Names()
    onto = URIRef(str(RG).rstrip("#"))
    title = _first(g, onto, DCTERMS.title) or "reportgraph ontology"
    sources = ", ".join(f"<code>ontology/{escape(p.name)}</code>" for p in ontology_files())
    prefix = _first(g, onto, URIRef(VANN + "preferredNamespacePrefix")) or "rg"
    version = _first(g, onto, OWL.versionInfo)
    header = (
        f"<header>\n<h1>{escape(title)}</h1>\n"
        f"<p>{escape(_first(g, onto, DCTERMS.description))}</p>\n<dl>\n"
        + _row("Ontology IRI", [f"<code>{escape(str(onto))}</code>"])
        + _row("Namespace", [f"<code>{escape(str(RG))}</code> (prefix <code>{escape(prefix)}</code>)"])
        + _row("Version", [escape(version)] if version else [])
        + _row("Generated from", [sources])
        + "</dl>\n</header>\n")
    nav = ('<nav>\n<h2>Contents</h2>\n<ul>\n<li><a href="#classes">Classes</a></li>\n'
           '<li><a href="#object-properties">Object properties</a></li>\n'
           '<li><a href="#datatype-properties">Datatype properties</a></li>\n'
           '<li><a href="#funding-sources">Funding-source scheme</a></li>\n'
           '<li><a href="#vocabularies">Reused vocabularies</a></li>\n'
           '<li><a href="#jsonld-context">JSON-LD context</a></li>\n</ul>\n</nav>\n')
    body = (_class_section(g, names)
            + _property_section(g, names, "object-properties", "Object properties", [OWL.ObjectProperty])
            + _property_section(g, names, "datatype-properties", "Datatype properties",
                                [OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property])
            + _funding_section(g, names) + _vocabulary_section() + _context_section(context()))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n"
            f"{header}{nav}<main>\n{body}</main>\n"
            "<footer><p>Generated by reportgraph.publish.</p></footer>\n</body>\n</html>\n")
