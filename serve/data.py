"""What the pages show, read from the graph: the overview, an entity's description and the
sources of its facts (the named query `why`), a report's sentences and tables.

Queries here are fixed texts; an entity or report IRI is bound as an RDF term through the
store's substitutions, never spliced into the text.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from reportgraph.graph.results import SelectResult
from reportgraph.graph.sparql import values_block
from reportgraph.graph.store import Store
from reportgraph.queries import run_query

_P = """PREFIX rg: <https://w3id.org/reportgraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

REPORTS = _P + """SELECT ?report (MIN(STR(?t)) AS ?title) (MIN(STR(?y)) AS ?year) WHERE {
  ?report a rg:Report . OPTIONAL { ?report dct:title ?t } OPTIONAL { ?report rg:reportYear ?y }
} GROUP BY ?report ORDER BY ?year ?report"""

COUNTS = _P + """SELECT ?what (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES (?what ?type) { ("projects" rg:Project) ("actors" org:Organization) ("actors" schema:Person)
    ("events" schema:Event) ("places" rg:Settlement) ("places" rg:AdministrativeUnit) }
  ?s a ?type } GROUP BY ?what"""

FUNDS = _P + """SELECT DISTINCT ?fund ?code WHERE {
  ?x rg:fundingSource ?fund . ?fund skos:notation ?c BIND(STR(?c) AS ?code) } ORDER BY ?code"""

REGIONS = _P + """SELECT ?region (MIN(STR(?l)) AS ?label) (MIN(STR(?a)) AS ?short) WHERE {
  ?region a rg:PlanningRegion ; rdfs:label ?l OPTIONAL { ?region skos:altLabel ?a }
} GROUP BY ?region ORDER BY ?label"""

OUT = _P + """SELECT ?s ?p ?o (MIN(STR(?ol)) AS ?olabel) WHERE {
  ?s ?p ?o OPTIONAL { ?o rdfs:label ?ol } } GROUP BY ?s ?p ?o ORDER BY ?p ?o"""

IN = _P + """SELECT ?s ?p ?x (MIN(STR(?xl)) AS ?xlabel) (MIN(STR(?xt)) AS ?xtype) WHERE {
  ?x ?p ?s FILTER(?p != rdf:subject && ?p != rdf:object)
  OPTIONAL { ?x rdfs:label ?xl } OPTIONAL { ?x a ?xt } } GROUP BY ?s ?p ?x ORDER BY ?p ?xlabel LIMIT 500"""

FUNDING = _P + """SELECT ?s ?f ?value (MIN(STR(?c)) AS ?code) (MAX(STR(?t)) AS ?total) WHERE {
  ?s rg:hasFunding ?f . OPTIONAL { ?f schema:value ?value }
  OPTIONAL { ?f rg:fundingSource/skos:notation ?c } OPTIONAL { ?f rg:isTotal ?t }
} GROUP BY ?s ?f ?value ORDER BY DESC(?total) ?code"""

SURFACE = _P + """SELECT DISTINCT ?s ?form WHERE {
  { ?s rg:surfaceForm ?f } UNION { ?s rdfs:label ?f } UNION { ?s skos:altLabel ?f }
  BIND(STR(?f) AS ?form) }"""
#: SURFACE for many subjects at once: the VALUES block (graph.sparql.values_block) goes in {values}
SURFACES = _P + """SELECT DISTINCT ?s ?form WHERE { {values}
  { ?s rg:surfaceForm ?f } UNION { ?s rdfs:label ?f } UNION { ?s skos:altLabel ?f }
  BIND(STR(?f) AS ?form) }"""

SENTENCES = _P + """SELECT ?report ?sentence ?i ?text ?start ?end WHERE {
  ?sentence oa:hasSource ?report ; a rg:Sentence ; rg:sentenceIndex ?i ; rdf:value ?text .
  OPTIONAL { ?sentence oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
} ORDER BY ?i"""

MENTIONS = _P + """SELECT ?report ?sentence ?entity ?type (MIN(STR(?l)) AS ?label) ?form WHERE {
  ?sentence oa:hasSource ?report ; a rg:Sentence .
  ?entity rg:mentionedIn ?sentence ; rg:surfaceForm ?f . BIND(STR(?f) AS ?form)
  OPTIONAL { ?entity rdfs:label ?l } OPTIONAL { ?entity a ?type }
} GROUP BY ?report ?sentence ?entity ?type ?form"""

TABLES = _P + """SELECT ?report ?ds (MIN(STR(?l)) AS ?label) ?obs ?row ?col ?ri ?ci ?count ?percent WHERE {
  ?ds a qb:DataSet ; oa:hasSource ?report . OPTIONAL { ?ds rdfs:label ?l }
  ?obs qb:dataSet ?ds ; rg:rowLabel ?row ; rg:columnLabel ?col ; rg:rowIndex ?ri ; rg:columnIndex ?ci .
  OPTIONAL { ?obs rg:count ?count } OPTIONAL { ?obs rg:percent ?percent }
} GROUP BY ?report ?ds ?obs ?row ?col ?ri ?ci ?count ?percent ORDER BY ?ds ?ri ?ci"""

KIND_OF_TYPE = {
    "https://w3id.org/reportgraph/ontology#Project": "project",
    "http://www.w3.org/ns/org#Organization": "actor",
    "https://schema.org/Person": "actor",
    "https://w3id.org/reportgraph/ontology#Settlement": "place",
    "https://w3id.org/reportgraph/ontology#AdministrativeUnit": "place",
    "https://w3id.org/reportgraph/ontology#PlanningRegion": "place",
    "https://w3id.org/reportgraph/ontology#Country": "place",
    "https://schema.org/Event": "event",
    "https://w3id.org/reportgraph/ontology#Report": "report",
}


def rows(result: object) -> list[dict[str, Node]]:
    return result.dicts() if isinstance(result, SelectResult) else []


def overview(store: Store) -> dict:
    """Reports, years, counts and the funds and regions named in the graph (for forms too)."""
    reports = rows(store.query(REPORTS))
    counts = {str(r["what"]): int(r["n"]) for r in rows(store.query(COUNTS))}
    funds = [str(r["code"]) for r in rows(store.query(FUNDS))]
    regions = [{"iri": r["region"], "label": str(r["label"]), "short": str(r.get("short", ""))}
               for r in rows(store.query(REGIONS))]
    years = sorted({str(r["year"])[:4] for r in reports if "year" in r})
    counts.setdefault("projects", 0)
    counts["funds"] = len(funds)
    return {"reports": reports, "counts": counts, "funds": funds, "regions": regions, "years": years}


@dataclass
class Fact:
    predicate: URIRef
    direction: str
    other: Node | None
    other_label: str
    report: URIRef | None
    sentence: URIRef | None
    text: str
    start: int | None
    end: int | None
    page: int | None = None
    marks: list[str] = field(default_factory=list)


@dataclass
class Entity:
    iri: URIRef
    label: str
    kind: str
    types: list[URIRef]
    out: dict[str, list[tuple[Node, str]]]
    inc: dict[str, list[tuple[URIRef, str, str]]]
    funding: list[dict]
    facts: list[Fact]
    forms: list[str]

    def values(self, *predicates: str) -> list[tuple[Node, str]]:
        return [v for p in predicates for v in self.out.get(p, [])]

    def incoming(self, *predicates: str) -> list[tuple[URIRef, str, str]]:
        return [v for p in predicates for v in self.inc.get(p, [])]


def surface_forms(store: Store, iri: Node) -> list[str]:
    if not isinstance(iri, URIRef):
        return []
    return [str(r["form"]) for r in rows(store.query(SURFACE, {"s": iri}))]


def surface_forms_of(store: Store, iris: list[URIRef]) -> dict[URIRef, list[str]]:
    """The written forms of several entities in one query."""
    out: dict[URIRef, list[str]] = {i: [] for i in iris}
    if not iris:
        return out
    block = values_block([{"s": i} for i in iris])
    for r in rows(store.query(SURFACES.replace("{values}", block))):
        out.setdefault(r["s"], []).append(str(r["form"]))
    return out


def entity(store: Store, iri: URIRef) -> Entity | None:
    """Everything the entity page shows; None when the graph says nothing about `iri`."""
    out: dict[str, list[tuple[Node, str]]] = defaultdict(list)
    for r in rows(store.query(OUT, {"s": iri})):
        out[str(r["p"])].append((r["o"], str(r.get("olabel", r["o"]))))
    inc: dict[str, list[tuple[URIRef, str, str]]] = defaultdict(list)
    for r in rows(store.query(IN, {"s": iri})):
        inc[str(r["p"])].append((r["x"], str(r.get("xlabel", r["x"])), KIND_OF_TYPE.get(
            str(r.get("xtype", "")), "")))
    if not out and not inc:
        return None
    types = [t for t, _ in out.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])]
    kind = next((KIND_OF_TYPE[str(t)] for t in types if str(t) in KIND_OF_TYPE), "other")
    labels = out.get("http://www.w3.org/2000/01/rdf-schema#label") or out.get(
        "http://purl.org/dc/terms/title") or [(iri, str(iri))]
    funding = [{"iri": r["f"], "value": r.get("value"), "code": str(r.get("code", "")),
                "total": str(r.get("total", "")) == "true"}
               for r in rows(store.query(FUNDING, {"s": iri}))]
    forms = surface_forms(store, iri)
    amounts = {f["iri"]: f["value"] for f in funding if f["value"] is not None}
    facts: list[Fact] = []
    if kind != "report":
        why = rows(run_query(store, "why", {"entity": iri}))
        others = {r["other"] for r in why if r.get("other") is not None}
        other_forms: dict[Node, list[str]] = dict(surface_forms_of(
            store, sorted((o for o in others if isinstance(o, URIRef) and o not in amounts),
                          key=str)))
        for other in others:
            if other in amounts:  # a funding item: the words are its amount
                other_forms[other] = literal_forms(amounts[other])
            elif not isinstance(other, URIRef):
                other_forms[other] = literal_forms(other)
        for r in why:
            other = r.get("other")
            f = Fact(r["predicate"], str(r["direction"]), other, str(r.get("otherLabel", other or "")),
                     r.get("report"), r.get("sentence"), str(r.get("text", "")),
                     _int(r.get("start")), _int(r.get("end")), _int(r.get("page")))
            f.marks = forms + other_forms.get(other, [])
            facts.append(f)
    return Entity(iri, str(labels[0][0]), kind, types, dict(out), dict(inc), funding, facts, forms)


def _int(term: Node | None) -> int | None:
    try:
        return int(term) if term is not None else None
    except (TypeError, ValueError):
        return None


def literal_forms(term: Node) -> list[str]:
    """How a literal value may be written in a report (an amount as 32 005 188 or 32005188)."""
    text = str(term)
    if isinstance(term, Literal) and re.fullmatch(r"\d+(\.\d+)?", text):
        whole = text.split(".")[0]
        grouped = f"{int(whole):,}".replace(",", " ")
        return sorted({whole, grouped, grouped.replace(" ", "\u00a0"), f"{int(whole):,}".replace(
            ",", ".")}, key=len, reverse=True)
    return [text] if len(text) >= 3 else []


def highlight(text: str, marks: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, marked) where a piece is one of `marks` (case-insensitive)."""
    words = sorted({m for m in marks if m and len(m) >= 2}, key=len, reverse=True)[:200]
    if not words or not text:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def report_text(store: Store, report: URIRef) -> list[dict]:
    """The report's sentences in order, each cut into pieces with the recognised entities."""
    mentions: dict[Node, list[dict]] = defaultdict(list)
    for r in rows(store.query(MENTIONS, {"report": report})):
        mentions[r["sentence"]].append({"entity": r["entity"], "form": str(r["form"]),
                                        "kind": KIND_OF_TYPE.get(str(r.get("type", "")), "other")})
    out = []
    for r in rows(store.query(SENTENCES, {"report": report})):
        ms = mentions.get(r["sentence"], [])
        by_form = {}
        for m in sorted(ms, key=lambda m: m["kind"] == "other"):
            by_form.setdefault(m["form"].lower(), m)
        pieces = []
        for piece, marked in highlight(str(r["text"]), [m["form"] for m in ms]):
            pieces.append((piece, by_form.get(piece.lower()) if marked else None))
        out.append({"iri": r["sentence"], "index": _int(r["i"]), "pieces": pieces,
                    "start": _int(r.get("start")), "end": _int(r.get("end"))})
    return out


def report_tables(store: Store, report: URIRef) -> list[dict]:
    """The report's tables (RDF Data Cube) as grids of row label x column label."""
    tables: dict[Node, dict] = {}
    for r in rows(store.query(TABLES, {"report": report})):
        t = tables.setdefault(r["ds"], {"iri": r["ds"], "label": str(r.get("label", r["ds"])),
                                        "rows": {}, "cols": {}})
        ri, ci = _int(r["ri"]), _int(r["ci"])
        t["rows"].setdefault(ri, str(r["row"]))
        t["cols"].setdefault(ci, str(r["col"]))
        value = r.get("count", r.get("percent"))
        suffix = " %" if "count" not in r and "percent" in r else ""
        t.setdefault("cells", {})[(ri, ci)] = "" if value is None else f"{value}{suffix}"
    out = []
    for t in tables.values():
        cols = sorted(t["cols"])
        out.append({"iri": t["iri"], "label": t["label"], "cols": [t["cols"][c] for c in cols],
                    "rows": [(t["rows"][ri], [t.get("cells", {}).get((ri, c), "") for c in cols])
                             for ri in sorted(t["rows"])]})
    return out
