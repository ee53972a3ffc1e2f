"""What an entity page shows, arranged from `serve.data.Entity`: the summary (the sections of a
project, actor, place, event or fund, amounts and the breakdown by fund, period), the source
sentences each once with the facts they support and the words those were read from marked
(`evidence`), and every other statement; every name in the page's language."""

import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from reportgraph.ontology.namespaces import FUND
from reportgraph.serve import data
from reportgraph.serve.data import Entity, Fact
from reportgraph.serve.highlight import highlight
from reportgraph.serve.i18n import FACT_ORDER, fact_title, translator
from reportgraph.serve.labels import has_label, heading, term_label
from reportgraph.serve.render import amount

RG = "https://w3id.org/reportgraph/ontology#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
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
    "fund": [("broader", "out", [SKOS + "broader"]),
             ("narrower", "in", [SKOS + "broader"]),
             ("funded_projects", "in", [RG + "fundedUnder"])],
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
    """The kind's sections that have values: key, title, [(iri or literal, label)], and for an
    incoming section how many entities it has in all (`total`) and the page shown."""
    t = translator(lang)
    out = []
    for key, direction, predicates in SECTIONS.get(e.kind, []):
        total, page, kinds = 0, 1, {}
        if direction == "out":
            items = [(v, _label(v, label, lang)) for v, label in e.values(*predicates)]
        else:
            items = [(x, _label(x, label, lang)) for x, label, _kind in e.incoming(*predicates)]
            kinds = {x: kind for x, _label_, kind in e.incoming(*predicates)}
            total = sum(e.in_counts.get(p, 0) for p in predicates)
            page = max([e.in_pages.get(p, 1) for p in predicates] or [1])
        seen, unique = set(), []
        for v, label in items:
            if v not in seen:
                seen.add(v)
                unique.append((v, label))
        if key == "municipality":  # a town right in its region: the region's row names it
            regions = {v for v, _ in e.values(RG + "planningRegion", RG + "inPlanningRegion")}
            unique = [(v, label) for v, label in unique if v not in regions]
        if key in BY_KIND and unique:  # what is at a place: projects, events, organisations
            if total <= len(unique) and page == 1:
                for kind, title in BY_KIND[key]:
                    some = [(v, label) for v, label in unique if (kinds.get(v) or "") == kind]
                    if some:
                        out.append(_section(key, some, len(some), 1, False, t(title)))
                continue
            title_key = "at_place"  # a page of a long list: all kinds in IRI order
        else:
            title_key = key
        if unique or total:
            out.append(_section(key, unique, max(total, len(unique)), page,
                                total > len(unique) + (page - 1) * data.SECTION_PAGE,
                                t(title_key)))
    return out


#: incoming sections shown as one section per kind of entity when they fit on a page:
#: (kind, title key), in this order ("" for entities of no known kind)
BY_KIND = {"projects": (("project", "projects"), ("event", "events"), ("actor", "organisations"),
                        ("", "others"))}


def _section(key: str, items: list, total: int, page: int, more: bool, title: str) -> dict:
    return {"key": key, "title": title, "items": sorted(items, key=lambda i: i[1].lower()),
            "total": total, "page": page, "more": more}


def period(e: Entity) -> str:
    starts = sorted(str(v) for v, _ in e.values(SCHEMA + "startDate"))
    ends = sorted(str(v) for v, _ in e.values(SCHEMA + "endDate"))
    if not starts and not ends:
        return ""
    if e.kind == "event" and (not ends or ends[-1] == (starts or [""])[0]):
        return starts[0] if starts else f"… – {ends[-1]}"  # an event's day (or year)
    return f"{starts[0] if starts else '…'} – {ends[-1] if ends else '…'}"


def statements(e: Entity, lang: str) -> list[dict]:
    """Every other statement about the entity, grouped by property (by its name)."""
    rows = []
    for p, values in e.out.items():
        if p in HIDDEN:
            continue
        rows.append({"property": heading(predicate_name(p, lang)), "values": [
            (v, _label(v, label, lang)) for v, label in values]})
    return sorted(rows, key=lambda r: r["property"].lower())


def evidence(e: Entity, lang: str) -> dict:
    """The page's source sentences, each once, in their order in the report: the sentence cut
    into pieces with every word its facts about the entity were read from marked (the entity's
    own written forms as "self"), the facts it supports by property, and where it is (report,
    page, offsets); then the facts without a source sentence."""
    items = {f["iri"]: f for f in e.funding}
    own = {m.lower() for m in [*e.forms, *_concept_forms(e)]}
    sentences: dict[object, dict] = {}
    unsourced: dict[tuple[str, str], list] = {}
    for f in e.facts:
        if f.sentence is None:
            if f.direction != "mention":
                _add(unsourced.setdefault((f.direction, str(f.predicate)), []), f, lang, items)
            continue
        s = sentences.get(f.sentence)
        if s is None:
            s = sentences[f.sentence] = {
                "sentence": f.sentence, "report": f.report, "text": f.text,
                "anchor": "s-" + local_name(f.sentence), "start": f.start, "end": f.end,
                "page": f.page, "marks": set(own), "others": set(), "facts": {}}
        marks = f.marks + _fund_forms(f.other)
        s["marks"].update(marks)
        if f.direction != "mention":
            s["others"].update(m.lower() for m in marks)
            _add(s["facts"].setdefault((f.direction, str(f.predicate)), []), f, lang, items)
    out = []
    for s in sentences.values():
        others = s["others"] - own  # a word of a fact's other end is marked as a fact's
        pieces = [(text, ("self" if text.lower() not in others and text.lower() in own
                          else True) if marked else False)
                  for text, marked in _words(s["text"], frozenset(s["marks"]))]
        out.append({**s, "pieces": pieces, "facts": _fact_rows(s["facts"], lang)})
    out.sort(key=lambda s: (str(s["report"] or ""), s["start"] is None, s["start"] or 0,
                            str(s["sentence"])))
    return {"sentences": out, "unsourced": _fact_rows(unsourced, lang)}


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _words(text: str, marks: frozenset[str]) -> tuple[tuple[str, bool], ...]:
    """`highlight` of the marks where a reader sees the word: a mark starts a word (not 'ESF'
    inside 'NESF'), an acronym matches in capitals only (not 'km' for KM), nothing in a web
    address (not 'km' in www.km.gov.lv). Kept for the next pages showing the sentence with the
    same marks (a hub's next pages of facts or mentions repeat half of its first page's
    sentences, its page in the other language all of them)."""
    return tuple(_marked_words(text, marks))


def _marked_words(text: str, marks: frozenset[str]) -> list[tuple[str, bool]]:
    pieces = highlight(text, sorted(marks))
    if not any(marked for _t, marked in pieces):
        return pieces
    acronyms = {m.lower() for m in marks if m.isupper() and len(m) <= 6}
    words = {m.lower() for m in marks if not (m.isupper() and len(m) <= 6)}
    urls = [m.span() for m in _URL.finditer(text)] if "www." in text or "://" in text else []
    out: list[tuple[str, bool]] = []
    at = 0
    for piece, marked in pieces:
        end = at + len(piece)
        if marked and ((at > 0 and text[at - 1].isalnum() and piece[:1].isalnum())
                       or (piece.lower() in acronyms and piece.lower() not in words
                           and not piece.isupper())
                       or any(a < end and at < b for a, b in urls)):
            marked = False
        if not marked and out and not out[-1][1]:
            out[-1] = (out[-1][0] + piece, False)
        else:
            out.append((piece, marked))
        at = end
    return out


def _add(values: list, f: Fact, lang: str, items: dict) -> None:
    value = (f.other, _other_label(f, lang, items), _value_order(f, items))
    if all(v[0] != f.other for v in values):
        values.append(value)


def _fact_rows(groups: dict[tuple[str, str], list], lang: str) -> list[dict]:
    """(direction, property) -> values as rows: the facts' name and their values, in the order
    of i18n.FACT_ORDER (out before in), others after them by name."""
    rows = []
    for (direction, predicate), values in groups.items():
        values = sorted(values, key=lambda v: v[2])
        title = fact_title(direction, predicate, len(values) > 1, lang)
        if title is None:
            name = heading(predicate_name(predicate, lang))
            title = name if direction == "out" else "← " + name
        rank = FACT_ORDER.index(predicate) if predicate in FACT_ORDER else len(FACT_ORDER)
        labels = [(v, label) for v, label, _k in values]
        rows.append({"title": title, "values": labels, "direction": direction,
                     "key": (direction != "out", rank, title.lower()),
                     "lines": len(labels) > 1 and max(len(label) for _v, label in labels) > 24})
    rows.sort(key=lambda r: r["key"])
    return rows


def _value_order(f: Fact, items: dict) -> tuple:
    """Funding parts by fund code, the total last; numbers by value; others by name."""
    if f.other in items:
        item = items[f.other]
        return (1, bool(item["total"]), item["code"] or "~", _num(str(item["value"])))
    if isinstance(f.other, Literal) and f.other.datatype in NUMERIC:
        return (0, False, "", _num(str(f.other)))
    return (2, False, (f.other_label or str(f.other)).lower(), 0.0)


def _fund_forms(term: object) -> list[str]:
    """A fund's code and names, as a report may write it ('ESF', 'Eiropas Sociālais fonds')."""
    if not (isinstance(term, URIRef) and str(term).startswith(str(FUND))):
        return []
    return [local_name(term), *(term_label(str(term), lang) for lang in ("lv", "en"))]


def _concept_forms(e: Entity) -> list[str]:
    """How a concept (a fund) is written besides its labels: its code and preferred names."""
    return [str(v) for v, _ in e.values(SKOS + "notation", SKOS + "prefLabel")]


def funding_label(item: dict, lang: str) -> str:
    """A funding item as the page names it: 'ES fondi (EU): 27 204 409 EUR', 'Kopā: …'."""
    value = f"{amount(item['value'])} EUR" if item.get("value") is not None else "?"
    if item.get("total"):
        return f"{translator(lang)('total')}: {value}"
    return f"{fund_name(item.get('code') or '', lang)}: {value}"


def fund_name(code: str, lang: str) -> str:
    """'ES fondi (EU)' for the code EU (the scheme's label), the code alone for an unknown one."""
    if not code:
        return translator(lang)("no_source_stated")
    named = term_label(str(FUND) + code, lang)
    return f"{named} ({code})" if named else code


def _other_label(f: Fact, lang: str, items: dict) -> str:
    """The other end's label; a funding item as 'ES fondi (EU): 27 204 409 EUR', an amount
    grouped."""
    if f.other in items:
        return funding_label(items[f.other], lang)
    if isinstance(f.other, Literal) and f.other.datatype in NUMERIC:
        unit = " EUR" if str(f.predicate) == RG + "amountEUR" else ""
        return amount(f.other) + unit
    return _label(f.other, f.other_label, lang)


#: the namespaces of vocabulary terms (the ontology, the funds, the standard vocabularies): the
#: IRIs whose names the pages take from serve/labels.py
VOCABULARIES = (RG, str(FUND), SCHEMA, "http://www.w3.org/", "http://purl.org/")


def _label(term: object, label: str, lang: str) -> str:
    """A vocabulary term's label in `lang` (a fund with its code), else the graph's label."""
    if isinstance(term, URIRef) and str(term).startswith(VOCABULARIES):
        named = term_label(str(term), lang)
        if named and str(term).startswith(str(FUND)):
            return f"{named} ({local_name(term)})"
        return named or label
    return label


def title(e: Entity, lang: str) -> str:
    """The page's title: a concept's preferred name in `lang`, a funding item's amount and
    fund, else the entity's label."""
    names = {getattr(v, "language", None) or "": str(v) for v, _ in e.values(SKOS + "prefLabel")}
    if names:
        return names.get(lang) or names.get("en") or next(iter(names.values()))
    if URIRef(RG + "Funding") in e.types:
        return funding_label(_funding_item(e), lang)
    return e.label


def _funding_item(e: Entity) -> dict:
    value = next((v for v, _ in e.values(SCHEMA + "value")), None)
    code = next((local_name(v) for v, _ in e.values(RG + "fundingSource")), "")
    total = any(str(v) == "true" for v, _ in e.values(RG + "isTotal"))
    return {"value": value, "code": code, "total": total}


def kind_label(e: Entity, lang: str) -> str:
    """The badge of the page: its kind, or for another resource the name of its class."""
    t = translator(lang)
    if e.kind != "other":
        return t("kind_" + e.kind)
    for cls in e.types:
        if has_label(str(cls), lang):
            return term_label(str(cls), lang).lower()
    return t("kind_other")


def summary(e: Entity, lang: str) -> list[tuple[str, list[tuple[object, str]]]]:
    """The summary's further rows of a kind: (title, [(value, label)])."""
    t = translator(lang)
    rows = []
    if e.kind == "project":
        ids = [(v, str(v)) for v, _ in e.values(RG + "esfIdentifier")]
        if ids:
            rows.append((t("esf_id"), sorted(set(ids), key=lambda v: v[1])))
    if e.kind == "event":
        counts = [(v, amount(v)) for v, _ in e.values(RG + "participantCount")]
        if counts:
            rows.append((t("participants"), counts))
    return rows


def reports_of(e: Entity) -> list[URIRef]:
    """The reports whose sentences state or mention something of the entity."""
    return sorted({f.report for f in e.facts if isinstance(f.report, URIRef)}, key=str)


def breakdown(e: Entity, lang: str) -> dict:
    """Stated totals and the funding items per fund: parts as [(fund name, [amounts])]."""
    totals = sorted({str(v) for v, _ in e.values(RG + "amountEUR")}
                    | {str(f["value"]) for f in e.funding if f["total"] and f["value"] is not None},
                    key=_num)
    parts = defaultdict(set)
    for f in e.funding:
        if not f["total"] and f["value"] is not None:
            parts[f["code"] or ""].add(str(f["value"]))
    return {"totals": totals, "parts": [(fund_name(code, lang), sorted(v, key=_num))
                                        for code, v in sorted(parts.items(),
                                                              key=lambda kv: kv[0] or "~")]}


def _num(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
