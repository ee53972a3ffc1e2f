"""What the pages show, read from the graph: the overview, an entity's description and the
sources of its facts (the named query `why`), a report's sentences and tables.

Queries here are fixed texts; an entity or report IRI is bound as an RDF term, through the
store's substitutions or in a VALUES block written by `graph.sparql.values_block` (an escaped
term), never spliced into the text.

An entity page costs four or five small queries (OUT, IN, FACTS and SOURCES, FUNDING for an
entity with funding items, SURFACES for the other ends whose written forms are not yet kept for
this state of the graph), each starting from the bound IRI; everything else is arranged in Python
(serve/entity_view.py) and the template.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from reportgraph.graph.results import SelectResult
from reportgraph.graph.sparql import first_group_brace, values_block
from reportgraph.graph.store import Store
from reportgraph.serve.highlight import highlight

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

#: the entity page's queries: the IRI (?s, for FACTS ?entity) is bound by a VALUES block
#: (graph.sparql.values_block: an escaped RDF term) opening the outer group (`bound`), which is
#: what the store made of substitutions, without the text scan it did for every query
OUT = _P + """SELECT ?p ?o (MIN(STR(?ol)) AS ?olabel) WHERE {
  ?s ?p ?o OPTIONAL { ?o rdfs:label ?ol } } GROUP BY ?s ?p ?o ORDER BY ?p ?o"""

IN = _P + """SELECT ?p ?x (MIN(STR(?xl)) AS ?xlabel) (MIN(STR(?xt)) AS ?xtype) WHERE {
  ?x ?p ?s FILTER(?p != rdf:subject && ?p != rdf:object)
  OPTIONAL { ?x rdfs:label ?xl } OPTIONAL { ?x a ?xt } } GROUP BY ?s ?p ?x ORDER BY ?p ?xlabel LIMIT 500"""

FUNDING = _P + """SELECT ?f ?value (MIN(STR(?c)) AS ?code) (MAX(STR(?t)) AS ?total) WHERE {
  ?s rg:hasFunding ?f . OPTIONAL { ?f schema:value ?value }
  OPTIONAL { ?f rg:fundingSource/skos:notation ?c } OPTIONAL { ?f rg:isTotal ?t }
} GROUP BY ?s ?f ?value ORDER BY DESC(?total) ?code"""

#: the rows of the named query `why` (queries/why.rq: the same patterns) in two parts: FACTS,
#: the facts and mentions without the sentences' details, and SOURCES, the details of those
#: sentences (VALUES), joined by `facts_of`; without the columns the page does not show
#: (?entity, its label) and without the ORDER BY (`fact_order` sorts the few rows as it does).
#: The sentences' OPTIONALs are then evaluated once per sentence instead of once per fact.
FACTS = _P + """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?direction ?predicate ?other (MIN(STR(?ol)) AS ?otherLabel) ?sentence WHERE {
  {
    ?assertion rdf:subject ?entity .
    ?assertion rdf:predicate ?predicate ; rdf:object ?other ; prov:wasDerivedFrom ?sentence .
    FILTER EXISTS { ?assertion a rg:Assertion }
    BIND("out" AS ?direction)
    OPTIONAL { ?other rdfs:label ?ol }
  } UNION {
    ?assertion rdf:object ?entity .
    ?assertion rdf:predicate ?predicate ; rdf:subject ?other ; prov:wasDerivedFrom ?sentence .
    FILTER EXISTS { ?assertion a rg:Assertion }
    BIND("in" AS ?direction)
    OPTIONAL { ?other rdfs:label ?ol }
  } UNION {
    ?entity rg:mentionedIn ?sentence .
    BIND("mention" AS ?direction)
    BIND(rg:mentionedIn AS ?predicate)
  }
} GROUP BY ?entity ?direction ?predicate ?other ?sentence"""

SOURCES = _P + """SELECT DISTINCT ?sentence ?report ?text ?start ?end ?page WHERE { {values}
  OPTIONAL { ?sentence oa:hasSource ?report }
  OPTIONAL { ?sentence rdf:value ?text }
  OPTIONAL { ?sentence rg:page ?page }
  OPTIONAL {
    ?sentence oa:hasSelector ?selector
    OPTIONAL { ?selector oa:start ?start OPTIONAL { ?selector oa:end ?end } }
    FILTER(BOUND(?start) && BOUND(?end))
  }
}"""

#: the written forms of the subjects in {values} (an entity's own: its values of FORM_PREDICATES)
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

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HAS_FUNDING = "https://w3id.org/reportgraph/ontology#hasFunding"
#: the properties whose values are an entity's written forms (as SURFACES reads them)
FORM_PREDICATES = ("https://w3id.org/reportgraph/ontology#surfaceForm",
                   "http://www.w3.org/2000/01/rdf-schema#label",
                   "http://www.w3.org/2004/02/skos/core#altLabel")
#: written forms kept per state of the graph at most (then the memo starts again)
MAX_MEMO = 100_000

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


def bound(query: str, bindings: dict[str, Node] | list[dict[str, Node]]) -> str:
    """`query` with a VALUES block of `bindings` (escaped terms) opening its outer group."""
    at = _group_start(query)
    return f"{query[:at]}\n  {values_block(bindings)}\n{query[at:]}"


@lru_cache(maxsize=64)
def _group_start(query: str) -> int:
    return first_group_brace(query) + 1


def surface_forms_of(store: Store, iris: list[URIRef],
                     memo: dict[Node, list[str]] | None = None) -> dict[URIRef, list[str]]:
    """The written forms of several entities in one query; `memo` (forms already read from the
    same state of the graph, see `Access.read_memo`) is used and filled."""
    memo = {} if memo is None else memo
    known = {i: memo.get(i) for i in dict.fromkeys(iris)}
    missing = [i for i, forms in known.items() if forms is None]
    if missing:
        found: dict[Node, list[str]] = {i: [] for i in missing}
        for r in rows(store.query(SURFACES.replace("{values}", values_block(
                [{"s": i} for i in missing])))):
            found.setdefault(r["s"], []).append(str(r["form"]))
        if len(memo) > MAX_MEMO:
            memo.clear()
        memo.update(found)
        known.update(found)
    return {i: known[i] for i in iris}  # type: ignore[misc]


def entity(store: Store, iri: URIRef, memo: dict | None = None) -> Entity | None:
    """Everything the entity page shows; None when the graph says nothing about `iri`. `memo`
    keeps the written forms of the entities read from this state of the graph (the others of
    one page's facts, a place or a fund, are the others of many)."""
    out: dict[str, list[tuple[Node, str]]] = defaultdict(list)
    for p, o, label in _rows(store.query(bound(OUT, {"s": iri}))):
        out[str(p)].append((o, str(o if label is None else label)))
    inc: dict[str, list[tuple[URIRef, str, str]]] = defaultdict(list)
    for p, x, label, xtype in _rows(store.query(bound(IN, {"s": iri}))):
        inc[str(p)].append((x, str(x if label is None else label),
                            KIND_OF_TYPE.get(str(xtype or ""), "")))
    if not out and not inc:
        return None
    types = [t for t, _ in out.get(RDF_TYPE, [])]
    kind = next((KIND_OF_TYPE[str(t)] for t in types if str(t) in KIND_OF_TYPE), "other")
    labels = out.get("http://www.w3.org/2000/01/rdf-schema#label") or out.get(
        "http://purl.org/dc/terms/title") or [(iri, str(iri))]
    funding = [{"iri": f, "value": value, "code": str(code or ""), "total": str(total or "") == "true"}
               for f, value, code, total in _rows(store.query(bound(FUNDING, {"s": iri})))
               ] if HAS_FUNDING in out else []  # FUNDING starts from the entity's rg:hasFunding
    why = [] if kind == "report" else facts_of(store, iri)
    amounts = {f["iri"]: f["value"] for f in funding if f["value"] is not None}
    others = {r[2] for r in why if r[2] is not None}
    named = sorted((o for o in others if isinstance(o, URIRef) and o not in amounts), key=str)
    forms = list(dict.fromkeys(str(o) for p in FORM_PREDICATES for o, _ in out.get(p, [])))
    other_forms: dict[Node, list[str]] = dict(surface_forms_of(
        store, named, {} if memo is None else memo)) if named else {}
    for other in others:
        if other in amounts:  # a funding item: the words are its amount
            other_forms[other] = literal_forms(amounts[other])
        elif not isinstance(other, URIRef):
            other_forms[other] = literal_forms(other)
    facts: list[Fact] = []
    for direction, predicate, other, label, report, sentence, text, start, end, page in why:
        facts.append(Fact(predicate, str(direction), other,
                          str(label if label is not None else (other or "")), report, sentence,
                          str(text or ""), _int(start), _int(end), _int(page),
                          forms + other_forms.get(other, [])))
    return Entity(iri, str(labels[0][0]), kind, types, dict(out), dict(inc), funding, facts, forms)


def facts_of(store: Store, iri: URIRef) -> list[tuple[Node | None, ...]]:
    """The rows of `why` for `iri` that the page shows, in its order: (direction, predicate,
    other, otherLabel, report, sentence, text, start, end, page)."""
    facts = _rows(store.query(bound(FACTS, {"entity": iri})))
    sentences = list(dict.fromkeys(f[4] for f in facts if isinstance(f[4], URIRef)))
    details: dict[Node, list[tuple]] = defaultdict(list)
    if sentences:
        for sentence, report, text, start, end, page in _rows(store.query(SOURCES.replace(
                "{values}", values_block([{"sentence": x} for x in sentences])))):
            details[sentence].append((report, text, start, end, page))
    return sorted(((direction, predicate, other, label, report, sentence, text, start, end, page)
                   for direction, predicate, other, label, sentence in facts
                   for report, text, start, end, page in details.get(sentence)
                   or [(None,) * 5]), key=fact_order)


def _rows(result: object) -> tuple[tuple[Node | None, ...], ...]:
    return result.rows if isinstance(result, SelectResult) else ()


_RANK = {"out": 0, "in": 1}


def fact_order(row: tuple) -> tuple:
    """The order of `why` (ORDER BY the direction out, in, mention, then ?predicate ?other
    ?report ?start ?sentence; an unbound value first, IRIs before literals, ?start by number)."""
    direction, predicate, other, _label, report, sentence, _text, start = row[:8]
    number = _int(start)
    return (_RANK.get(str(direction), 2), str(predicate),
            (other is not None, isinstance(other, Literal), str(other or "")),
            (report is not None, str(report or "")),
            (start is not None, number if number is not None else 0), str(sentence or ""))


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
