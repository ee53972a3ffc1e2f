"""The evaluator's records and gold standard: normalisation of names, the records, reading gold files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

RG = "https://w3id.org/reportgraph/ontology#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
FUND = "https://w3id.org/reportgraph/fund/"

ENTITY_TYPES = ("projects", "organisations", "people", "events", "places", "dates/periods")
#: the relation types the brief asks for (the others in RELATIONS are reported for information)
CORE_RELATIONS = ("project–fund", "project–amount", "project–place", "project–implementer",
                  "project–start/end", "event–date", "event–place", "event–participants",
                  "person–role")
#: relation name -> (gold entity list, field); the first nine are the ones the brief asks for.
RELATIONS = {
    "project–fund": ("projects", "funds"),
    "project–amount": ("projects", "amounts"),
    "project–place": ("projects", "places"),
    "project–implementer": ("projects", "implementers"),
    "project–start/end": ("projects", "dates"),
    "event–date": ("events", "dates"),
    "event–place": ("events", "places"),
    "event–participants": ("events", "participants"),
    "person–role": ("people", "roles"),
    "project–total": ("projects", "total"),
    "project–partner": ("projects", "partners"),
    "project–kind": ("projects", "kind"),
    "event–organiser": ("events", "organisers"),
    "event–project": ("events", "project"),
    "person–organisation": ("people", "organisations"),
    "organisation–acronym": ("organisations", "acronym"),
    "organisation–class": ("organisations", "kind"),
}
TARGETS = {
    "projects": 0.90, "project–fund": 0.90, "project–amount": 0.90, "project–place": 0.90,
    "organisations": 0.85, "events": 0.85, "dates/periods": 0.85, "people": 0.85,
}
GOLD_TYPES = {"projects": "project", "organisations": "org", "people": "person", "events": "event"}

# ----------------------------------------------------------------------------- normalisation

_FOLD = str.maketrans("āčēģīķļņšūžōŗ", "acegiklnsuzor")
_LEGAL_FORMS = {"biedriba", "nodibinajums", "sia", "as", "vsia", "nvo"}
_QUOTED_TAIL = re.compile(r"^([^\W\d][\w\s.-]*?)\s*[„“\"«]\s*(.+?)\s*[”“\"»]*\s*$")
_ENDINGS = ("iem", "am", "em", "im", "um", "os", "as", "es", "is", "us", "ai", "ei",
            "a", "e", "i", "u", "s", "o")


def norm(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive form: 'J.Raiņa 6.vsk.' -> 'j raina 6 vsk'."""
    s = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def org_norm(text: str) -> str:
    """norm() without a leading legal-form word ('biedrība „X”' -> 'x', 'SIA „Y”' -> 'y')."""
    toks = norm(text).split()
    while len(toks) > 1 and toks[0] in _LEGAL_FORMS:
        toks = toks[1:]
    return " ".join(toks)


def quoted_title(text: str) -> str | None:
    """'seminārs „Romu pieeja”' -> 'Romu pieeja' (a lower-case generic head before a quoted title)."""
    m = _QUOTED_TAIL.match(text.strip())
    if not m or not m.group(1)[:1].islower():
        return None
    return m.group(2)


def stem(token: str) -> str:
    """Crude Latvian stem of a normalised token (drops one inflection ending)."""
    for e in _ENDINGS:
        if token.endswith(e) and len(token) - len(e) >= 3:
            return token[: -len(e)]
    return token


def role_matches(pred: str, gold: str) -> bool:
    """A predicted job title matches a gold role when it contains the gold role's head noun
    (its last word), compared by stem: 'Talsu novada domes priekšsēdētājs' ~ 'priekšsēdētājs'."""
    g = norm(gold).split()
    p = {stem(t) for t in norm(pred).split()}
    return bool(g) and stem(g[-1]) in p


def person_names_match(a: str, b: str) -> bool:
    """Same surname and compatible first names ('A.Tertats' ~ 'Andris Tertats')."""
    ta, tb = norm(a).split(), norm(b).split()
    if not ta or not tb or ta == tb:
        return bool(ta) and ta == tb
    if len(ta) < 2 or len(tb) < 2 or ta[-1] != tb[-1]:
        return False
    fa, fb = ta[0], tb[0]
    return (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def decimal_key(value) -> str:
    try:
        return format(Decimal(str(value).replace(" ", "").replace(",", ".")).normalize(), "f")
    except InvalidOperation:
        return str(value)


# ----------------------------------------------------------------------------- records

@dataclass
class Item:
    """One entity, gold or predicted, with its names and fact values (field -> values)."""

    id: str
    type: str  # projects | organisations | people | events
    label: str
    names: list[str] = field(default_factory=list)
    named: bool = True
    kind: str = ""
    area: str = ""
    start: str = ""
    facts: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    unsure: dict[str, list] = field(default_factory=lambda: defaultdict(list))


@dataclass
class Gold:
    items: dict[str, list[Item]]
    places: list[tuple[str, ...]]
    neutral_places: set[str]
    neutral: dict[str, list[Item]]
    year: int | None = None


@dataclass
class Score:
    name: str
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp_pred": self.tp_pred, "n_pred": self.n_pred,
                "tp_gold": self.tp_gold, "n_gold": self.n_gold,
                "misses": self.misses, "false_hits": self.false_hits}


@dataclass
class Evaluation:
    entities: dict[str, Score]
    relations: dict[str, Score]
    alignment: dict[str, dict[str, str]]  # type -> pred IRI -> gold id
    weak: dict[str, list[str]] = field(default_factory=dict)  # aligned by date/kind/place only

    def score(self, name: str) -> Score:
        return self.entities.get(name) or self.relations[name]

    def micro(self, names: Iterable[str]) -> tuple[float, float]:
        """Micro-averaged (precision, recall) over the named entity and relation types."""
        scores = [self.score(n) for n in names]
        tp_p, n_p = sum(s.tp_pred for s in scores), sum(s.n_pred for s in scores)
        tp_g, n_g = sum(s.tp_gold for s in scores), sum(s.n_gold for s in scores)
        return (tp_p / n_p if n_p else 1.0), (tp_g / n_g if n_g else 1.0)

    def failed_targets(self) -> list[str]:
        return [n for n, t in TARGETS.items() if self.score(n).f1 < t]

    def as_dict(self) -> dict:
        return {"entities": {k: v.as_dict() for k, v in self.entities.items()},
                "relations": {k: v.as_dict() for k, v in self.relations.items()},
                "aligned_without_name": self.weak,
                "targets": {n: {"target": t, "f1": round(self.score(n).f1, 4),
                                "met": self.score(n).f1 >= t} for n, t in TARGETS.items()}}


# ----------------------------------------------------------------------------- gold

def _alts(value) -> tuple:
    return tuple(value) if isinstance(value, list) else (value,)


def _dates(d: dict) -> list:
    out = []
    if d.get("start"):
        out.append(("start", d["start"]))
    if d.get("end") and d.get("end") != d.get("start"):
        out.append(("end", d["end"]))
    return out


def _gold_item(kind: str, d: dict) -> Item:
    it = Item(id=d["id"], type=kind, label=d["name"], names=[d["name"], *d.get("alt_names", [])],
              named=d.get("named", True), kind=d.get("kind", ""), area=d.get("area", ""),
              start=d.get("start") or "")
    f = it.facts
    if kind == "organisations" and d.get("acronym"):
        it.names.append(d["acronym"])
        f["acronym"].append(d["acronym"])
    if kind in ("projects", "organisations") and d.get("kind"):
        f["kind"].append(d["kind"])
    if kind == "projects":
        f["funds"] += d.get("funds", [])
        if d.get("amount"):
            f["total"].append(decimal_key(d["amount"]))
        f["amounts"] += [decimal_key(x) for x in
                         ([d["amount"]] if d.get("amount") else []) + [p["value"] for p in d.get("funding", [])]]
    if kind in ("projects", "events"):
        f["places"] += [_alts(p) for p in d.get("places", [])]
        f["dates"] += _dates(d)
    for key in ("implementers", "partners", "organisers", "roles", "organisations"):
        f[key] += d.get(key, [])
    if d.get("participants") is not None:
        f["participants"].append(int(d["participants"]))
    if d.get("project"):
        f["project"].append(d["project"])
    for key, vals in d.get("unsure", {}).items():
        if key in ("start", "end"):
            it.unsure["dates"] += [(key, v) for v in vals]
            it.unsure["dates/periods"] += vals
        elif key == "amounts":
            it.unsure["amounts"] += [decimal_key(v) for v in vals]
            it.unsure["total"] += [decimal_key(v) for v in vals]
        else:
            it.unsure[key] += vals
    return it


def load_gold(path: Path | str | dict) -> Gold:
    """Read a gold JSON file (or an already parsed dict)."""
    data = path if isinstance(path, dict) else json.loads(Path(path).read_text(encoding="utf-8"))
    items = {t: [_gold_item(t, d) for d in data.get(t, [])] for t in GOLD_TYPES}
    neutral_raw = data.get("neutral", {})
    neutral: dict[str, list[Item]] = {}
    for t in GOLD_TYPES:
        rows = []
        for i, n in enumerate(neutral_raw.get(t, [])):
            d = n if isinstance(n, dict) else {"name": n}
            rows.append(_gold_item(t, {"id": f"neutral-{t}-{i}", **d}))
        neutral[t] = rows
    for t, fields in data.get("unsure_everywhere", {}).items():
        for it in items.get(t, []):
            for key, vals in fields.items():
                it.unsure[key] += vals
    return Gold(items=items, places=[_alts(p) for p in data.get("places", [])],
                neutral_places=set(neutral_raw.get("places", [])), neutral=neutral,
                year=data.get("year"))
