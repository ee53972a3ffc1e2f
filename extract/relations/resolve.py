"""Resolve mentions to canonical entities: municipalities by their territory, curated aliases."""

import csv
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from reportgraph.errors import DataFileError
from reportgraph.extract.entities.gazetteer import Gazetteer
from reportgraph.extract.entities.inflect import inflect
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import slugify

_MUNICIPAL_KINDS = {"novads", "republikas_pilseta", "valstspilseta"}


def municipality_unit(gaz: Gazetteer, key: str) -> str | None:
    """The municipality territory a place key stands for or lies in."""
    place = gaz.get(key)
    if place.kind in _MUNICIPAL_KINDS:
        return place.key
    return place.municipality


def municipality_label(gaz: Gazetteer, unit_key: str) -> str:
    """'Jelgavas pilsētas pašvaldība', 'Talsu novada pašvaldība'."""
    unit = gaz.get(unit_key)
    if unit.kind == "novads":
        head = unit.name.rsplit(" ", 1)[0]
        return f"{head} novada pašvaldība"
    gen = inflect(unit.name).get("gen", unit.name)
    return f"{gen} pilsētas pašvaldība"


def resolve_municipality(m: Mention, place_keys: list[str], gaz: Gazetteer) -> Mention | None:
    """A municipal authority named by its territory ('Jelgavas pilsētas dome', 'Jelgavas pašvaldība')
    becomes one actor per territory; None when the name has no municipal territory in it
    ('Latvijas pašvaldības' are municipalities in general)."""
    if m.subtype != "Municipality":
        return m
    for key in place_keys:
        try:
            unit = municipality_unit(gaz, key)
        except KeyError:
            continue
        if unit:
            label, key = _municipal_actor(gaz, unit)
            attrs = tuple(a for a in m.attrs if a[0] != "areaServed") + (("areaServed", unit),)
            return replace(m, label=label, key=key, attrs=attrs)
    if any(k in gaz and gaz.get(k).country != "LV" and gaz.get(k).kind != "country" for k in place_keys):
        return replace(m, subtype="PublicAuthority")  # "Pērnavas pašvaldība": a foreign local authority
    return None


@lru_cache(maxsize=4096)  # gazetteers live as long as the process
def _municipal_actor(gaz: Gazetteer, unit_key: str) -> tuple[str, str]:
    """(label, key) of the authority of a municipality territory: inflecting the name and making
    its slug cost more than all else of a mention, and reports name the same few again and again."""
    label = municipality_label(gaz, unit_key)
    return label, slugify(label)


# ---------------------------------------------------------------- curated aliases
ALIASES_FILE = "aliases.tsv"


@lru_cache(maxsize=8)
def load_aliases(path: str | None = None) -> tuple[dict[tuple[str, str], str], frozenset[tuple[str, str, str]]]:
    """Curated aliases: rows `kind<TAB>variant<TAB>canonical<TAB>action` where action is `merge`
    (the variant's key resolves to the canonical's) or `forbid` (never merge the two).
    Returns (merges by (kind, variant key) -> canonical key, forbidden (kind, key, key) triples)."""
    source = Path(path) if path else files("reportgraph.extract.relations") / "data" / ALIASES_FILE
    try:
        text = source.read_text("utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read aliases file {source}: {exc}") from exc
    merges: dict[tuple[str, str], str] = {}
    forbid: set[tuple[str, str, str]] = set()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for n, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if row == ["kind", "variant", "canonical", "action"]:
            continue
        if len(row) != 4 or row[3] not in ("merge", "forbid"):
            raise DataFileError(f"aliases file {source}, row {n}: expected kind, variant, canonical, merge|forbid")
        kind, variant, canonical, action = row
        from reportgraph.extract.entities.projects import name_key

        a, b = name_key(variant), name_key(canonical)
        if action == "merge":
            merges[(kind, a)] = b
        else:
            forbid.add((kind, a, b))
    return merges, frozenset(forbid)
