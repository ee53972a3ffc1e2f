"""The evaluator's prediction side: facts read from an extracted graph, aligned with the gold."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # sibling modules of this folder, also when imported
    sys.path.insert(0, str(BENCH))

from eval_gold import (
    ORG,
    RG,
    SCHEMA,
    Item,
    decimal_key,
    norm,
    org_norm,
    person_names_match,
    quoted_title,
    stem,
)

# ----------------------------------------------------------------------------- prediction

def _key(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _place_key(iri) -> str | None:
    s = str(iri)
    return s.split("/place/", 1)[1] if "/place/" in s else None


def _literal_date(lit) -> str:
    return str(lit)


def read_prediction(g: Graph) -> tuple[dict[str, list[Item]], set[str]]:
    """The entities of an extracted report graph (ontology/MODEL.md) as Items, and the
    gazetteer keys of the places it mentions (or uses as a location)."""
    types = {
        "projects": URIRef(RG + "Project"), "organisations": URIRef(ORG + "Organization"),
        "people": URIRef(SCHEMA + "Person"), "events": URIRef(SCHEMA + "Event"),
    }
    P = {n: URIRef(RG + n) for n in ("fundingSource", "amountEUR", "hasFunding", "implementedBy",
                                    "partner", "projectKind", "participantCount", "partOfProject",
                                    "acronym", "eventKind", "mentionedIn")}
    S = {n: URIRef(SCHEMA + n) for n in ("location", "startDate", "endDate", "organizer", "value",
                                        "jobTitle", "affiliation", "areaServed")}
    out: dict[str, list[Item]] = {}
    for t, cls in types.items():
        rows = []
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
            label = next((str(o) for o in g.objects(s, RDFS.label)), _key(s))
            it = Item(id=str(s), type=t, label=label, names=[label])
            it.names += [str(o) for o in g.objects(s, SKOS.altLabel)]
            f = it.facts
            if t == "organisations":
                for o in g.objects(s, P["acronym"]):
                    it.names.append(str(o))
                    f["acronym"].append(str(o))
                classes = {_key(c).split("#")[-1] for c in g.objects(s, RDF.type)} - {"Organization"}
                f["kind"] += sorted(classes) or ["Organization"]
                area = next(iter(g.objects(s, S["areaServed"])), None)
                it.area = _place_key(area) or "" if area is not None else ""
            if t == "projects":
                f["kind"] += [str(o) for o in g.objects(s, P["projectKind"])]
                funds = {_key(o) for o in g.objects(s, P["fundingSource"])}
                total = [decimal_key(o) for o in g.objects(s, P["amountEUR"])]
                amounts = set(total)
                for node in g.objects(s, P["hasFunding"]):
                    amounts |= {decimal_key(o) for o in g.objects(node, S["value"])}
                    funds |= {_key(o) for o in g.objects(node, P["fundingSource"])}
                f["funds"] += sorted(funds)
                f["amounts"] += sorted(amounts)
                f["total"] += total
                f["implementers"] += [str(o) for o in g.objects(s, P["implementedBy"])]
                f["partners"] += [str(o) for o in g.objects(s, P["partner"])]
            if t == "events":
                it.kind = next((str(o) for o in g.objects(s, P["eventKind"])), "")
                f["participants"] += [int(o) for o in g.objects(s, P["participantCount"])]
                f["organisers"] += [str(o) for o in g.objects(s, S["organizer"])]
                f["project"] += [str(o) for o in g.objects(s, P["partOfProject"])]
            if t in ("projects", "events"):
                f["places"] += [k for o in g.objects(s, S["location"]) if (k := _place_key(o))]
                starts = sorted(_literal_date(o) for o in g.objects(s, S["startDate"]))
                ends = sorted(_literal_date(o) for o in g.objects(s, S["endDate"]))
                f["dates"] += [("start", d) for d in starts]
                f["dates"] += [("end", d) for d in ends if d not in starts]
                it.start = starts[0] if starts else ""
            if t == "people":
                f["roles"] += [str(o) for o in g.objects(s, S["jobTitle"])]
                f["organisations"] += [str(o) for o in g.objects(s, S["affiliation"])]
            rows.append(it)
        out[t] = rows
    places = set()
    for s in set(g.subjects(P["mentionedIn"], None)) | set(g.objects(None, S["location"])):
        k = _place_key(s)
        if k:
            places.add(k)
    return out, places


# ----------------------------------------------------------------------------- alignment

def _name_forms(item: Item) -> tuple[set[str], set[str]]:
    """(exact forms, expanded forms) of an item's names, normalised for its type."""
    n = org_norm if item.type == "organisations" else norm
    exact = {n(x) for x in item.names if x and n(x)}
    expanded = set()
    for x in item.names:
        q = quoted_title(x or "")
        if q:
            expanded.add(n(q))
    return exact, expanded - exact


def _kind_compatible(gold_kind: str, pred: Item) -> bool:
    if not gold_kind:
        return False
    gk = stem(norm(gold_kind))
    words = {stem(t) for t in norm(pred.kind + " " + pred.label).split()}
    return gk in words


def _places_of(item: Item) -> set[str]:
    out = set()
    for v in item.facts.get("places", []):
        out |= set(v) if isinstance(v, tuple) else {v}
    return out - {"latvija"}


def _event_fallback(gold: Item, pred: Item) -> bool:
    """An event whose name does not match still is the gold event when the kind agrees and
    - the start dates are equal (a full day for a named gold event; any precision for an
      unnamed one), or
    - the gold event is unnamed, the prediction has no date and they share a place."""
    if not _kind_compatible(gold.kind, pred):
        return False
    if pred.start and gold.start and pred.start == gold.start:
        return not gold.named or len(gold.start) == 10
    if pred.start and not gold.start and ("start", pred.start) in gold.unsure.get("dates", []):
        # a date the gold allows ("4. aprīlī" of a text whose year is only likely) is as good as none
        return not gold.named and bool(_places_of(gold) & _places_of(pred))
    return not gold.named and not pred.start and bool(_places_of(gold) & _places_of(pred))


def _match_score(gold: Item, pred: Item) -> float:
    """How strongly a predicted entity matches a gold one (0 = not at all)."""
    g_exact, g_exp = _name_forms(gold)
    p_exact, p_exp = _name_forms(pred)
    score = 0.0
    if g_exact & p_exact:
        score = 3.0
    elif (g_exact | g_exp) & (p_exact | p_exp) or (
            gold.type == "people" and any(person_names_match(a, b) for a in gold.names for b in pred.names)):
        score = 2.0
    elif gold.type == "organisations" and gold.area and pred.area == gold.area:
        score = 2.5
    elif gold.type == "events" and _event_fallback(gold, pred):
        score = 1.0
    if score and gold.type == "events":
        if gold.start and pred.start:
            score += 0.5 if pred.start == gold.start else -0.25
        counts = {*gold.facts.get("participants", []), *gold.unsure.get("participants", [])}
        if counts & set(pred.facts.get("participants", [])):
            score += 0.25
    return max(score, 0.0)


def _neutral_match(neutral: Item, pred: Item) -> bool:
    """Neutral entries match like gold ones; an unnamed neutral event also by its kind alone
    (plus its date and place when it gives them)."""
    if _match_score(neutral, pred) > 0:
        return True
    if neutral.type != "events" or neutral.named or not _kind_compatible(neutral.kind, pred):
        return False
    if neutral.start and pred.start != neutral.start:
        return False
    return not _places_of(neutral) or bool(_places_of(neutral) & _places_of(pred))


@dataclass
class Alignment:
    to_gold: dict[str, str]          # pred id -> gold id (aligned, including duplicates)
    duplicates: dict[str, str]       # pred id -> gold id it duplicates
    ignored: set[str]                # pred ids that match a neutral entry
    unmatched: list[Item]            # false hits
    weak: dict[str, str] = field(default_factory=dict)  # pred id -> gold id, aligned without a name


def align(gold: list[Item], pred: list[Item], neutral: list[Item]) -> Alignment:
    """One-to-one greedy alignment by match strength; a further name match of an already taken
    gold entity is a duplicate (a false hit whose facts still count for that entity)."""
    pairs = []
    for p in pred:
        for gi in gold:
            s = _match_score(gi, p)
            if s > 0:
                pairs.append((s, p.id, gi.id))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    to_gold: dict[str, str] = {}
    weak: dict[str, str] = {}
    taken: set[str] = set()
    for s, pid, gid in pairs:
        if pid in to_gold or gid in taken:
            continue
        to_gold[pid] = gid
        taken.add(gid)
        if s < 2.0:
            weak[pid] = gid
    duplicates = {}
    for s, pid, gid in pairs:
        if pid not in to_gold and s >= 2.0:
            to_gold[pid] = duplicates[pid] = gid
    ignored, unmatched = set(), []
    for p in pred:
        if p.id in to_gold:
            continue
        if any(_neutral_match(n, p) for n in neutral):
            ignored.add(p.id)
        else:
            unmatched.append(p)
    return Alignment(to_gold, duplicates, ignored, unmatched, weak)
