"""What an entity page shows, arranged from `serve.data.Entity`: the sections of a project,
actor, place or event, and every fact with the sentences it was read from (highlighted)."""

from collections import defaultdict
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from reportgraph.ontology.namespaces import FUND
from reportgraph.serve import data
from reportgraph.serve.data import Entity, Fact
from reportgraph.serve.highlight import highlight
from reportgraph.serve.labels import term_label
from reportgraph.serve.render import amount

RG = "https://w3id.org/reportgraph/ontology#"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: values not listed among an entity's statements (they are shown otherwise or are bookkeeping)
HIDDEN = {RG + "mentionedIn", RG + "surfaceForm", RG + "hasFunding", RG + "fundedUnder"}

NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.int, XSD.long}
#: the sections of each kind: (title key, direction, predicates)
SECTIONS = {
    "project": [("funds", "out", [RG + "fundingSource"]),
                ("places", "out", [SCHEMA + "location"]),
                ("region", "out", [RG + "inPlanningRegion"]),
                ("implementers", "out", [RG + "implementedBy"]),
                ("partners", "out", [RG + "partner"]),
                ("events", "in", [RG + "partOfProject"])],
    "actor": [("implements", "in", [RG + "implementedBy"]),
              ("partner_in", "in", [RG + "partner"]),
              ("organises", "in", [SCHEMA + "organizer"])],
    "place": [("municipality", "out", [SCHEMA + "containedInPlace"]),
              ("region", "out", [RG + "planningRegion", RG + "inPlanningRegion"]),
              ("projects", "in", [SCHEMA + "location"]),
              ("contains", "in", [SCHEMA + "containedInPlace"])],
    "event": [("places", "out", [SCHEMA + "location"]),
              ("organisers", "out", [SCHEMA + "organizer"]),
              ("project", "out", [RG + "partOfProject"])],
}


def local_name(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def predicate_name(iri: object, lang: str) -> str:
    return term_label(str(iri), lang) or local_name(iri)


def in_predicates(kind: str) -> list[str]:
    """The incoming properties that the sections of a kind's page show."""
    return [p for _key, direction, predicates in SECTIONS.get(kind, []) if direction == "in"
            for p in predicates]


#: the query parameters of an entity page that choose a page of its lists
PAGE_PARAMS = ("facts", "mentions")


def asked_pages(asked: Mapping[str, str]) -> dict[str, str]:
    """The pages a request asks for (`?facts=N`, `?mentions=N`, `?{section key}=N` of an
    incoming section), keyed as `data.entity` takes them (a section by its properties)."""
    pages = {k: asked[k] for k in PAGE_PARAMS if k in asked}
    for kind_sections in SECTIONS.values():
        for key, direction, predicates in kind_sections:
            if direction == "in" and key in asked:
                pages.update({p: asked[key] for p in predicates})
    return pages


def sections(e: Entity, lang: str) -> list[dict]:
    """The kind's sections that have values: title key, [(iri or literal, label)], and for an
    incoming section how many entities it has in all (`total`) and the page shown."""
    out = []
    for key, direction, predicates in SECTIONS.get(e.kind, []):
        total, page = 0, 1
        if direction == "out":
            items = [(v, _label(v, label, lang)) for v, label in e.values(*predicates)]
        else:
            items = [(x, label) for x, label, _kind in e.incoming(*predicates)]
            total = sum(e.in_counts.get(p, 0) for p in predicates)
            page = max([e.in_pages.get(p, 1) for p in predicates] or [1])
        seen, unique = set(), []
        for v, label in items:
            if v not in seen:
                seen.add(v)
                unique.append((v, label))
        if unique or total:
            out.append({"key": key, "items": sorted(unique, key=lambda i: i[1].lower()),
                        "total": max(total, len(unique)), "page": page,
                        "more": total > len(unique) + (page - 1) * data.SECTION_PAGE})
    return out


def period(e: Entity) -> str:
    starts = sorted(str(v) for v, _ in e.values(SCHEMA + "startDate"))
    ends = sorted(str(v) for v, _ in e.values(SCHEMA + "endDate"))
    if not starts and not ends:
        return ""
    return f"{starts[0] if starts else '…'} – {ends[-1] if ends else '…'}"


def statements(e: Entity, lang: str) -> list[dict]:
    """Every other statement about the entity, grouped by property."""
    rows = []
    for p, values in sorted(e.out.items()):
        if p in HIDDEN:
            continue
        rows.append({"property": predicate_name(p, lang), "values": [
            (v, _label(v, label, lang)) for v, label in values]})
    return rows


def fact_groups(e: Entity, lang: str) -> list[dict]:
    """The facts with their sources: one group per (property, direction, other end), each source
    sentence cut into pieces with the extracted words marked; mentions come last."""
    groups: dict[tuple, dict] = {}
    items = {f["iri"]: f for f in e.funding}
    for f in e.facts:
        key = (f.direction == "mention", str(f.predicate), f.direction, str(f.other))
        g = groups.setdefault(key, {"direction": f.direction, "other": f.other,
                                    "property": predicate_name(f.predicate, lang),
                                    "other_label": _other_label(f, lang, items), "sources": []})
        if f.sentence is not None and all(s["sentence"] != f.sentence for s in g["sources"]):
            g["sources"].append({"sentence": f.sentence, "report": f.report,
                                 "anchor": "s-" + local_name(f.sentence),
                                 "pieces": highlight(f.text, f.marks), "start": f.start,
                                 "end": f.end, "page": f.page})
    return [groups[k] for k in sorted(groups, key=lambda k: (k[0], k[1], k[3]))]


def _other_label(f: Fact, lang: str, items: dict) -> str:
    """The other end's label; a funding item as 'ESF 27 204 409 EUR', an amount grouped."""
    if f.other in items:
        item = items[f.other]
        total = "Σ " if item["total"] else ""
        return f"{total}{item['code'] or ''} {amount(item['value'])} EUR".strip()
    if isinstance(f.other, Literal) and f.other.datatype in NUMERIC:
        return amount(f.other)
    return _label(f.other, f.other_label, lang)


def _label(term: object, label: str, lang: str) -> str:
    """A vocabulary term's label in `lang` (a fund with its code), else the graph's label."""
    if isinstance(term, URIRef):
        named = term_label(str(term), lang)
        if named and str(term).startswith(str(FUND)):
            return f"{named} ({local_name(term)})"
        return named or label
    return label


def reports_of(e: Entity) -> list[URIRef]:
    """The reports whose sentences state or mention something of the entity."""
    return sorted({f.report for f in e.facts if isinstance(f.report, URIRef)}, key=str)


def breakdown(e: Entity, lang: str) -> dict:
    """Stated totals and the funding items per fund."""
    totals = sorted({str(v) for v, _ in e.values(RG + "amountEUR")}
                    | {str(f["value"]) for f in e.funding if f["total"] and f["value"] is not None},
                    key=_num)
    parts = defaultdict(set)
    for f in e.funding:
        if not f["total"] and f["value"] is not None:
            parts[f["code"] or "?"].add(str(f["value"]))
    return {"totals": totals, "parts": sorted((code, sorted(v, key=_num)) for code, v in parts.items())}


def _num(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
