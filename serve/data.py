"""What the pages show, read from the graph: the overview, an entity's description and the
sources of its facts (the named query `why`, serve/facts.py), a report's sentences and tables.

The queries are files (queries/serve/*.rq, serve/queries.py); an entity or report IRI is bound as
an RDF term, through the store's substitutions or in a VALUES block written by
`graph.sparql.values_block` (an escaped term), never spliced into the text.

An entity page costs as many small reads as its lists need, each starting from the bound IRI:
its own values (entity-out), its facts and mentions with their sentences (serve/facts.py: one
query when both fit on a page), the entities of its sections (entity-in-rows: one streamed query
when they fit on a page), the funding items of an entity that has them, and the written forms of
the facts' other ends not yet kept for this state of the graph. On the embedded store all but
the funding items are index lookups giving the same rows (serve/direct.py: 0.1-0.2 ms instead of
1-1.5 ms of SPARQL for a project); on an endpoint they are queries, 4-5 for most entities. A
hub (a country, a ministry, a fund: thousands of facts) is read a page at a time, with its totals
from COUNT queries (entity-fact-counts, entity-in-counts) and a long section sorted by IRI
(entity-in-items, then entity-in for the page's entities), so that it costs what one page of it
costs. The most linked entities' first pages (about 40 hubs at 1M triples) skip most of those
reads: the build stores what they read (serve/hub_build.py), and while those rows are current
for the data they are put into the handle's memo (serve/hub_rows.py `seed`), where `entity`,
`incoming_of` and serve/facts.py `facts_page` find their answers (`stored`). Everything else is
arranged in Python (serve/entity_view.py) and the template.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from reportgraph.graph.results import SelectResult
from reportgraph.graph.store import Store
from reportgraph.serve import direct, hub_rows
from reportgraph.serve.facts import (
    Listed,
    as_int,
    facts_page,
    kept,
    literal_forms,
    page_number,
    recorded,
    rows_of,
    stored,
    surface_forms_of,
)
from reportgraph.serve.highlight import highlight
from reportgraph.serve.queries import bound, paged, text

#: entities shown per incoming property (a place's projects, an actor's events) on one page
SECTION_PAGE = 100
#: entities of one long section read at most (to sort them)
SECTION_SCAN = 20_000
#: an entity's own values read at most (without its mentions, which are paged)
OWN_LIMIT = 2_000
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HAS_FUNDING = "https://w3id.org/reportgraph/ontology#hasFunding"
#: the properties whose values are an entity's written forms (as SURFACES reads them)
FORM_PREDICATES = ("https://w3id.org/reportgraph/ontology#surfaceForm",
                   "http://www.w3.org/2000/01/rdf-schema#label",
                   "http://www.w3.org/2004/02/skos/core#altLabel")
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
    "https://w3id.org/reportgraph/ontology#FundingSource": "fund",
}


def rows(result: object) -> list[dict[str, Node]]:
    return result.dicts() if isinstance(result, SelectResult) else []


def overview(store: Store) -> dict:
    """Reports, years, counts and the funds and regions named in the graph (for forms too)."""
    reports = rows(store.query(text("reports")))
    counts = {str(r["what"]): int(r["n"]) for r in rows(store.query(text("counts")))}
    funds = [str(r["code"]) for r in rows(store.query(text("funds")))]
    regions = [{"iri": r["region"], "label": str(r["label"]), "short": str(r.get("short", ""))}
               for r in rows(store.query(text("regions")))]
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
    #: where the page's facts and mentions are in their lists (serve/facts.py)
    fact_list: Listed | None = None
    mention_list: Listed | None = None
    #: incoming property -> how many entities point to it that way, and the page shown
    in_counts: dict[str, int] = field(default_factory=dict)
    in_pages: dict[str, int] = field(default_factory=dict)

    def values(self, *predicates: str) -> list[tuple[Node, str]]:
        return [v for p in predicates for v in self.out.get(p, [])]

    def incoming(self, *predicates: str) -> list[tuple[URIRef, str, str]]:
        return [v for p in predicates for v in self.inc.get(p, [])]


def entity(store: Store, iri: URIRef, memo: dict | None = None, *,
           pages: Mapping[str, object] | None = None,
           sections: Callable[[str], Collection[str]] | None = None) -> Entity | None:
    """Everything the entity page shows; None when the graph says nothing about `iri`. `memo`
    keeps the written forms of the entities read from this state of the graph (the others of
    one page's facts, a place or a fund, are the others of many). `pages`: the page asked for of
    the facts ("facts"), the mentions ("mentions") and of each incoming property (its IRI), 1 when
    absent; `sections(kind)`: the incoming properties the kind's page shows (all when None)."""
    pages = pages or {}
    if memo is not None:  # a hub: what its first pages read, stored at build time when current
        hub_rows.seed(store, iri, memo)
    out: dict[str, list[tuple[Node, str]]] = defaultdict(list)
    own = stored(memo, ("own", iri))
    if own is None:
        match = direct.reader(store)
        own = direct.own_rows(match, iri, OWN_LIMIT) if match is not None else None
    if own is None:  # another store, or a hub mentioned in many sentences: the query
        own = recorded(memo, ("own", iri), rows_of(store.query(paged(bound(
            text("entity-out"), {"s": iri}), OWN_LIMIT))))
    for p, o, label in own:
        out[str(p)].append((o, str(o if label is None else label)))
    types = [t for t, _ in out.get(RDF_TYPE, [])]
    kind = next((KIND_OF_TYPE[str(t)] for t in types if str(t) in KIND_OF_TYPE), "other")
    why, fact_list, mention_list = [], None, None
    if kind != "report":
        why, fact_list, mention_list = facts_page(store, iri, page_number(pages.get("facts")),
                                                  page_number(pages.get("mentions")), memo)
    if not out and not why and not in_counts_of(store, iri):
        return None
    wanted = None if sections is None else list(dict.fromkeys(sections(kind)))
    hub = fact_list is not None and fact_list.paged  # then most likely many point to it too
    inc, in_counts = incoming_of(store, iri, wanted, pages, probe=not hub, memo=memo)
    in_pages = {p: page_number(pages.get(p)) for p in in_counts}
    labels = out.get("http://www.w3.org/2000/01/rdf-schema#label") or out.get(
        "http://purl.org/dc/terms/title") or [(iri, str(iri))]
    funding = [{"iri": f, "value": value, "code": str(code or ""), "total": str(total or "") == "true"}
               for f, value, code, total in rows_of(store.query(bound(
                   text("entity-funding"), {"s": iri})))
               ] if HAS_FUNDING in out else []  # FUNDING starts from the entity's rg:hasFunding
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
    for direction, predicate, other, label, report, sentence, txt, start, end, page in why:
        facts.append(Fact(predicate, str(direction), other,
                          str(label if label is not None else (other or "")), report, sentence,
                          str(txt or ""), as_int(start), as_int(end), as_int(page),
                          forms + other_forms.get(other, [])))
    return Entity(iri, str(labels[0][0]), kind, types, dict(out), inc, funding, facts, forms,
                  fact_list, mention_list, in_counts, in_pages)


def in_counts_of(store: Store, iri: URIRef) -> dict[str, int]:
    """property -> how many entities point to `iri` by it (not the reification of facts)."""
    return {str(p): int(n) for p, n in rows_of(store.query(bound(
        text("entity-in-counts"), {"s": iri}))) if p is not None and n is not None}


def incoming_of(store: Store, iri: URIRef, wanted: list[str] | None, asked: Mapping[str, object],
                *, probe: bool = True, memo: dict | None = None
                ) -> tuple[dict[str, list[tuple[URIRef, str, str]]], dict[str, int]]:
    """property -> [(entity, label, kind)] of a page of the entities pointing to `iri` by it, and
    property -> how many there are, for the `wanted` properties (None: all). First one streamed
    query for all of them, whole when they fit on a page each; else (a hub) the counts, one
    query for the properties whose entities fit on a page, and for another its entities sorted
    by IRI (the slug of their names: reading every label would cost four times as much), of
    which one page is read, their labels and classes by index lookups where the store offers
    them (serve/direct.py `in_rows`: half the query's time). `probe=False` skips the first
    query (the caller expects a hub); `memo` (values read from this state of the graph) keeps a
    hub's counts, sorted entities and rows, read once by requests asking at the same time, and
    may hold the answer for the first pages (a hub's stored rows: serve/hub_rows.py)."""
    if wanted is not None and not wanted:
        return {}, {}
    if wanted is None or any(page_number(asked.get(p)) != 1 for p in wanted):
        return _incoming_of(store, iri, wanted, asked, probe=probe, memo=memo)
    key = ("sections", iri, tuple(wanted), probe)  # the first pages: maybe a hub's stored rows
    known = stored(memo, key)
    if known is not None:
        return known  # type: ignore[return-value]
    return recorded(memo, key, _incoming_of(store, iri, wanted, asked, probe=probe, memo=memo))


def _incoming_of(store: Store, iri: URIRef, wanted: list[str] | None, asked: Mapping[str, object],
                 *, probe: bool, memo: dict | None
                 ) -> tuple[dict[str, list[tuple[URIRef, str, str]]], dict[str, int]]:
    pages = {p: page_number(asked.get(p)) for p in wanted or ()}
    if probe and wanted is not None and all(n == 1 for n in pages.values()):
        limit = SECTION_PAGE * len(wanted) + 1
        match = direct.reader(store)
        found = (rows_of(store.query(paged(bound(text("entity-in-rows"), [
            {"s": iri, "p": URIRef(p)} for p in wanted]), limit))) if match is None
            else direct.incoming_rows(match, iri, wanted, limit))  # None: more than the limit
        if found is not None and len(found) < limit:
            grouped: dict[tuple[str, Node], tuple[list[str], list[str]]] = {}
            for p, x, label, xtype in found:
                labels, types = grouped.setdefault((str(p), x), ([], []))
                if label is not None:
                    labels.append(str(label))
                if xtype is not None:
                    types.append(str(xtype))
            counts: dict[str, int] = defaultdict(int)
            for p, _x in grouped:
                counts[p] += 1
            if all(n <= SECTION_PAGE for n in counts.values()):
                inc: dict[str, list[tuple[URIRef, str, str]]] = defaultdict(list)
                for (p, x), (labels, types) in grouped.items():
                    inc[p].append((x, min(labels) if labels else str(x),  # type: ignore[arg-type]
                                   KIND_OF_TYPE.get(min(types) if types else "", "")))
                return dict(inc), dict(counts)
    counts = kept(memo, ("in counts", iri), lambda: in_counts_of(store, iri))
    counts = {p: n for p, n in counts.items() if wanted is None or p in wanted}
    pages = {p: page_number(asked.get(p)) for p in counts}
    small = sorted(p for p, n in counts.items() if n <= SECTION_PAGE and pages[p] == 1)
    rows = [{"s": iri, "p": URIRef(p)} for p in small]
    for p in sorted(set(counts) - set(small)):
        ordered = kept(memo, ("incoming", iri, p), lambda p=p: sorted({
            x for (x,) in rows_of(store.query(paged(bound(text("entity-in-items"), {
                "s": iri, "p": URIRef(p)}), SECTION_SCAN))) if x is not None}, key=str))
        start = (pages[p] - 1) * SECTION_PAGE
        rows += [{"s": iri, "p": URIRef(p), "x": x} for x in ordered[start:start + SECTION_PAGE]]
    inc = defaultdict(list)
    found = kept(memo, ("in", iri, tuple(tuple(r.values()) for r in rows)), lambda: _in_rows(
        store, rows))
    for p, x, label, xtype in found:
        inc[str(p)].append((x, str(x if label is None else label),
                            KIND_OF_TYPE.get(str(xtype or ""), "")))
    return dict(inc), counts


def _in_rows(store: Store, rows: list[dict[str, Node]]) -> list[tuple[Node | None, ...]]:
    """The rows of entity-in bound to `rows`: index lookups (serve/direct.py), else queries."""
    match = direct.reader(store)
    found = direct.in_rows(match, rows) if match is not None else None
    if found is None:
        found = [row for query in _by_shape(text("entity-in"), rows)
                 for row in rows_of(store.query(query))]
    return found


def _by_shape(query: str, rows: list[dict[str, Node]]) -> list[str]:
    """`query` bound to `rows`, one query per set of variables the rows bind."""
    shapes: dict[tuple[str, ...], list[dict[str, Node]]] = defaultdict(list)
    for row in rows:
        shapes[tuple(row)].append(row)
    return [bound(query, group) for group in shapes.values()]


def report_text(store: Store, report: URIRef) -> list[dict]:
    """The report's sentences in order, each cut into pieces with the recognised entities."""
    mentions: dict[Node, list[dict]] = defaultdict(list)
    for r in rows(store.query(text("report-mentions"), {"report": report})):
        mentions[r["sentence"]].append({"entity": r["entity"], "form": str(r["form"]),
                                        "kind": KIND_OF_TYPE.get(str(r.get("type", "")), "other")})
    out = []
    for r in rows(store.query(text("report-sentences"), {"report": report})):
        ms = mentions.get(r["sentence"], [])
        by_form = {}
        for m in sorted(ms, key=lambda m: m["kind"] == "other"):
            by_form.setdefault(m["form"].lower(), m)
        pieces = []
        for piece, marked in highlight(str(r["text"]), [m["form"] for m in ms]):
            pieces.append((piece, by_form.get(piece.lower()) if marked else None))
        out.append({"iri": r["sentence"], "index": as_int(r["i"]), "pieces": pieces,
                    "start": as_int(r.get("start")), "end": as_int(r.get("end"))})
    return out


def report_tables(store: Store, report: URIRef) -> list[dict]:
    """The report's tables (RDF Data Cube) as grids of row label x column label."""
    tables: dict[Node, dict] = {}
    for r in rows(store.query(text("report-tables"), {"report": report})):
        t = tables.setdefault(r["ds"], {"iri": r["ds"], "label": str(r.get("label", r["ds"])),
                                        "rows": {}, "cols": {}})
        ri, ci = as_int(r["ri"]), as_int(r["ci"])
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
