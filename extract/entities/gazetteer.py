"""Place gazetteer: Latvian municipalities (per administrative division), towns, villages,
planning regions, foreign countries and cities, each reached by every generated case form of its
names.

The data are the `places_*.csv` files under extract/entities/data/ (their comments say what each list is).
A report year picks the division: up to 2020 the 2009 division (110 novadi + 9 republikas
pilsētas), from 2021 the 2021 division (novadi + valstspilsētas).
"""

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

from reportgraph.errors import DataFileError
from reportgraph.extract.entities.inflect import inflect

_DATA = files("reportgraph.extract.entities") / "data"
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REGIONS = ("kurzeme", "zemgale", "vidzeme", "latgale", "riga")
NUTS3 = ("LV003", "LV005", "LV006", "LV007", "LV008", "LV009")
CITY_KINDS = ("republikas_pilseta", "valstspilseta")
MUNICIPALITY_KINDS = ("novads", *CITY_KINDS)
# best first among candidates of one surface form (Latvian places always before foreign ones)
_RANK = {kind: i for i, kind in enumerate((
    "republikas_pilseta", "valstspilseta", "novads", "pilseta", "planning_region", "pagasts", "ciems",
    "country", "foreign_city"))}
KINDS = tuple(_RANK)


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer; keys of related places are stable ASCII slugs."""

    key: str
    name: str
    kind: str
    municipality: str | None
    region: str | None
    nuts3: str | None
    country: str
    division: str | None
    alt_names: tuple[str, ...] = ()
    ambiguous: bool = False


# "Rīgas ielā 5", "Liepājas iela", "Brīvības bulvārī": a place name before one of these is a street's
_STREET = re.compile(r"\s+(?:iel|gatv|bulvār|prospekt|šoseja|šosej|laukum|krastmal|aleja|alej|rajon)\w*\b")


def names_a_street(text: str, end: int) -> bool:
    """Whether the place name ending at `end` of text is part of a street name, not a place, or
    names a district of before 2009 ("Kuldīgas rajona Rendas pagastā"): a rajons is neither the
    town nor any one municipality of today, so it is not read as either."""
    return _STREET.match(text, end) is not None


def division_of(year: int) -> str:
    """The administrative division a report year uses: "2009" up to 2020, "2021" from 2021."""
    return "2009" if year <= 2020 else "2021"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@cache
def _rows(name: str, columns: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    """Rows of a comma-separated data file (comment lines skipped), checked for its columns."""
    try:
        text = (_DATA / name).read_text("utf-8")
    except OSError as exc:
        raise DataFileError(f"missing data file {name}: {exc}") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines)
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise DataFileError(f"{name}: missing columns {sorted(missing)}")
    rows = tuple({k: _normal(v or "") for k, v in row.items() if k} for row in reader)
    if not rows:
        raise DataFileError(f"{name}: no rows")
    return rows


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 codes of the countries the gazetteer knows (Latvia's among them), as written in
    brackets after a partner's name: "Zemgales plānošanas reģions (LV)"."""
    codes = {row["country"] for row in _rows("places_foreign.csv", ("country",)) if row["country"]}
    return frozenset(codes | {"LV", "UK"})  # UK: how pages write the United Kingdom's GB


def _flag(value: str, where: str) -> bool:
    if value not in ("", "0", "1"):
        raise DataFileError(f"{where}: ambiguous must be 1, 0 or empty, not {value!r}")
    return value == "1"


def _names(name: str, hint: str, alt_names: str) -> list[tuple[str, str | None]]:
    """The name with its hint, then each alternate ("Name" or "Name:hint")."""
    out: list[tuple[str, str | None]] = [(name, hint or None)]
    for alt in filter(None, (a.strip() for a in alt_names.split("|"))):
        alt_name, _, alt_hint = alt.partition(":")
        out.append((alt_name.strip(), alt_hint.strip() or None))
    return out


class _Builder:
    """Collects the places of one report year and the names each is reached by."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.division = division_of(year)
        self.places: dict[str, Place] = {}
        self.names: dict[str, list[tuple[str, str | None]]] = {}

    def add(self, place: Place, names: list[tuple[str, str | None]], where: str) -> None:
        if not _KEY.match(place.key):
            raise DataFileError(f"{where}: key {place.key!r} is not an ASCII slug")
        if place.key in self.places:
            raise DataFileError(f"{where}: duplicate key {place.key!r}")
        if place.kind not in _RANK:
            raise DataFileError(f"{where}: unknown kind {place.kind!r}")
        self.places[place.key] = place
        self.names[place.key] = names

    def municipality(self, stem: str, where: str) -> Place:
        key = f"{stem}-{self.division}"
        place = self.places.get(key)
        if place is None or place.kind not in MUNICIPALITY_KINDS:
            raise DataFileError(f"{where}: unknown municipality {key!r}")
        return place

    def regions(self) -> None:
        for row in _rows("places_regions.csv", ("key", "name", "kind", "alt_names", "ambiguous")):
            where = f"places_regions.csv:{row['key']}"
            if row["kind"] == "planning_region" and row["key"] not in REGIONS:
                raise DataFileError(f"{where}: not one of the planning regions {REGIONS}")
            alts = _names(row["name"], "", row["alt_names"])
            place = Place(row["key"], row["name"], row["kind"], None, None, None, "LV", None,
                          tuple(n for n, _ in alts[1:]), _flag(row["ambiguous"], where))
            self.add(place, alts, where)

    def municipalities(self) -> None:
        name = f"places_lv_{self.division}.csv"
        cols = ("key", "name", "kind", "region", "nuts3", "hint", "alt_names", "ambiguous")
        for row in _rows(name, cols):
            where = f"{name}:{row['key']}"
            if row["kind"] not in MUNICIPALITY_KINDS:
                raise DataFileError(f"{where}: kind must be one of {MUNICIPALITY_KINDS}")
            if row["region"] not in REGIONS or row["nuts3"] not in NUTS3:
                raise DataFileError(
                    f"{where}: bad region {row['region']!r} or nuts3 {row['nuts3']!r}")
            if row["kind"] == "novads" and not row["key"].endswith(f"-{self.division}"):
                raise DataFileError(f"{where}: a novads key ends with -{self.division}")
            alts = _names(row["name"], row["hint"], row["alt_names"])
            self.add(Place(row["key"], row["name"], row["kind"], None, row["region"], row["nuts3"],
                           "LV", self.division, tuple(n for n, _ in alts[1:]),
                           _flag(row["ambiguous"], where)), alts, where)

    def settlements(self) -> None:
        cols = ("key", "name", "hint", "alt_names", "ambiguous", "mun_2009", "mun_2021")
        town_cols = (*cols, "kind_2009", "kind_2021", "town_since")
        rows = [("places_lv_towns.csv", r) for r in _rows("places_lv_towns.csv", town_cols)]
        rows += [("places_lv_villages.csv", r) for r in _rows("places_lv_villages.csv", cols)]
        for name, row in rows:
            where = f"{name}:{row['key']}"
            kind = row.get(f"kind_{self.division}", "ciems")
            since = row.get("town_since", "")
            if kind not in ("pilseta", "ciems", *CITY_KINDS) or not re.fullmatch(r"\d*", since):
                raise DataFileError(f"{where}: bad kind {kind!r} or town_since {since!r}")
            if kind == "pilseta" and since and self.year < int(since):
                kind = "ciems"
            names = _names(row["name"], row["hint"], row["alt_names"])
            was_republic = row.get("kind_2009") == "republikas_pilseta"
            try:
                compounds = _compounds(row["name"], row["hint"], kind, was_republic)
            except ValueError as exc:
                raise DataFileError(f"{where}: cannot inflect {row['name']!r}: {exc}") from exc
            names += [(n, None) for n in compounds]
            alts = tuple(n for n, _ in names[1:])
            ambiguous = _flag(row["ambiguous"], where)
            stem = row[f"mun_{self.division}"]
            if not stem:  # a city that is its own municipality: complete its municipality row
                own = self.places.get(row["key"])
                if own is None or own.kind != kind or own.name != row["name"]:
                    raise DataFileError(f"{where}: no {kind} row {row['key']!r} of that name in "
                                        f"places_lv_{self.division}.csv")
                self.places[own.key] = replace(own, alt_names=own.alt_names + alts,
                                               ambiguous=own.ambiguous or ambiguous)
                self.names[own.key] = [names[0], *self.names[own.key][1:], *names[1:]]
                continue
            mun = self.municipality(stem, where)
            self.add(Place(row["key"], row["name"], kind, mun.key, mun.region, mun.nuts3, "LV",
                           None, alts, ambiguous), names, where)
        listed = {r["key"] for _, r in rows}
        for place in self.places.values():
            if place.kind in CITY_KINDS and place.key not in listed:
                raise DataFileError(f"{place.key}: a city municipality needs a row in "
                                    "places_lv_towns.csv")

    def parishes(self) -> None:
        """Pagasti (places_lv_parishes.csv): in their municipality of the report year's division."""
        known = {name.casefold() for names in self.names.values() for name, _hint in names}
        for row in _rows("places_lv_parishes.csv", ("key", "name", "mun_2009", "mun_2021")):
            where = f"places_lv_parishes.csv:{row['key']}"
            mun = self.municipality(row[f"mun_{self.division}"], where)
            names = [(row["name"], None)]
            # "Rundēnu ciemā": the parish's centre village, where the villages file has none
            village = row["name"].removesuffix(" pagasts") + " ciems"
            if row["name"].endswith(" pagasts") and village.casefold() not in known:
                names.append((village, None))
                centre = _nominative(row["name"].removesuffix(" pagasts"))
                if centre and centre.casefold() not in known and centre not in _NOT_CENTRES:
                    names.append((centre, None))  # "Vircavā", "Līvbērzes estrādē"
            self.add(Place(row["key"], row["name"], "pagasts", mun.key, mun.region, mun.nuts3, "LV",
                           None), names, where)

    def foreign(self) -> None:
        cols = ("key", "name", "kind", "country", "hint", "alt_names", "ambiguous")
        for row in _rows("places_foreign.csv", cols):
            where = f"places_foreign.csv:{row['key']}"
            bad_kind = row["kind"] not in ("country", "foreign_city")
            if bad_kind or not re.fullmatch(r"[A-Z]{2}", row["country"]):
                raise DataFileError(
                    f"{where}: bad kind {row['kind']!r} or country {row['country']!r}")
            names = _names(row["name"], row["hint"], row["alt_names"])
            self.add(Place(row["key"], row["name"], row["kind"], None, None, None, row["country"],
                           None, tuple(n for n, _ in names[1:]), _flag(row["ambiguous"], where)),
                     names, where)


#: parish centres whose name is also a first name, a surname, a common word or a foreign place
_NOT_CENTRES = frozenset({
    "Anna", "Ance", "Indra", "Liepa", "Rumba", "Sauka", "Vīksna", "Bērziņi", "Zeltiņi", "Vītiņi",
    "Kalnieši", "Ābeļi", "Bērze", "Kalns", "Sala", "Ziemers", "Saka", "Lode", "Pope", "More",
    "Code", "Rite", "Tome", "Istra", "Turki", "Valle", "Zasa", "Lube", "Dunava", "Virga", "Ranka",
    "Vāne", "Zaube", "Sēļi"})


def _nominative(genitive: str) -> str | None:
    """The centre village a parish is named after, from the parish's genitive ("Vircavas" ->
    "Vircava", "Svētes" -> "Svēte", "Rundēnu" -> "Rundēni", "Kalnciema" -> "Kalnciems"); None
    for names of more than one word."""
    if " " in genitive or "-" in genitive:
        return None
    for gen, nom in (("as", "a"), ("es", "e"), ("u", "i"), ("a", "s")):
        if genitive.endswith(gen):
            return genitive[: -len(gen)] + nom
    return None


def _compounds(name: str, hint: str, kind: str, was_republic: bool) -> list[str]:
    """Names a settlement also goes by: "Jelgavas pilsēta", "Jelgavas valstspilsēta", "X ciems"."""
    gen = inflect(name, hint or None)["gen"]
    if kind == "ciems":
        return [f"{gen} ciems"]
    out = [f"{gen} pilsēta"]
    if was_republic:
        out.append(f"{gen} republikas pilsēta")
    if kind in CITY_KINDS:
        out.append(f"{gen} valstspilsēta")
    return out


@cache
def _town_years() -> frozenset[int]:
    """The years in which some settlement of the towns file became a town (its town_since)."""
    rows = _rows("places_lv_towns.csv", ("key", "town_since"))
    return frozenset(int(r["town_since"]) for r in rows if r["town_since"].isdigit())


_EPOCHS: dict[tuple[str, frozenset[int]], "Gazetteer"] = {}

#: the unit word as lists and addresses abbreviate it: "Kokneses nov.", "Zvārdes pag."
_UNIT_ABBREVIATIONS = {" novads": (" nov.",), " pagasts": (" pag.",)}


def _abbreviated(name: str) -> tuple[str, ...]:
    """The abbreviated forms of a name whose unit word follows a genitive ("Kokneses novads" ->
    "Kokneses nov."): the genitive does not change with the case, so one form serves all."""
    for unit, short in _UNIT_ABBREVIATIONS.items():
        if name.endswith(unit) and " " not in name[:-len(unit)]:
            return tuple(name[:-len(unit)] + s for s in short)
    return ()


class Gazetteer:
    """The places of one report year, reachable by any case form of their names."""

    def __init__(self, year: int, places: Iterable[Place],
                 names: dict[str, list[tuple[str, str | None]]]) -> None:
        self.year = year
        self.division = division_of(year)
        self._places = {p.key: p for p in places}
        self._countries = {p.country: p for p in self._places.values() if p.kind == "country"}
        self._exact: dict[str, list[str]] = {}
        self._folded: dict[str, list[str]] = {}
        for key, key_names in names.items():
            for name, hint in key_names:
                try:
                    forms = inflect(name, hint)
                except ValueError as exc:
                    raise DataFileError(f"{key}: cannot inflect {name!r}: {exc}") from exc
                for form in [*forms.values(), *_abbreviated(name)]:
                    for index, surface in ((self._exact, form), (self._folded, form.lower())):
                        keys = index.setdefault(surface, [])
                        if key not in keys:
                            keys.append(key)

    @classmethod
    @cache
    def for_year(cls, year: int) -> "Gazetteer":
        """The gazetteer of a report year (cached): its division's municipalities and all else.

        A year's gazetteer depends on the year only through its division and the towns granted
        town rights by then, so years that agree on both share one gazetteer (built once)."""
        epoch = (division_of(year), frozenset(y for y in _town_years() if y <= year))
        gaz = _EPOCHS.get(epoch)
        if gaz is None:
            gaz = _EPOCHS[epoch] = cls._build(year)
        return gaz

    @classmethod
    def _build(cls, year: int) -> "Gazetteer":
        builder = _Builder(year)
        builder.regions()
        builder.municipalities()
        builder.settlements()
        builder.parishes()
        builder.foreign()
        return cls(year, builder.places.values(), builder.names)

    def __contains__(self, key: object) -> bool:
        return key in self._places

    def get(self, key: str) -> Place:
        """The place of a key; KeyError if unknown."""
        return self._places[key]

    def _sorted(self, keys: Iterable[str]) -> list[Place]:
        places = [self._places[k] for k in keys]
        return sorted(places, key=lambda p: (p.country != "LV", _RANK[p.kind], p.ambiguous))

    def match(self, surface: str) -> list[Place]:
        """Places whose case form is this surface: case-sensitive matches first, then others."""
        text = _normal(surface)
        exact = self._exact.get(text, [])
        folded = [k for k in self._folded.get(text.lower(), []) if k not in exact]
        return self._sorted(exact) + self._sorted(folded)

    def forms(self) -> Iterator[tuple[str, str]]:
        """Every (surface form, key) pair, for phrase-matcher patterns."""
        for surface, keys in self._exact.items():
            for key in keys:
                yield surface, key

    def parents(self, key: str) -> list[Place]:
        """The chain upwards: municipality, planning region, Latvia; a foreign city's country."""
        place = self.get(key)
        if place.country != "LV":
            country = self._countries.get(place.country)
            return [country] if place.kind != "country" and country else []
        chain = [self.get(place.municipality)] if place.municipality else []
        if place.region:
            chain.append(self.get(place.region))
        if place.kind != "country":
            chain.append(self.get("latvija"))
        return chain

    def places(self) -> Iterator[Place]:
        """Every place of this year's gazetteer."""
        return iter(self._places.values())
