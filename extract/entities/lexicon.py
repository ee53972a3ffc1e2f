"""Word lists of the extraction rules (data files under extract/entities/data/), with generated inflections."""

import csv
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files

from reportgraph.errors import DataFileError
from reportgraph.extract.entities.inflect import inflect

_DATA = files("reportgraph.extract.entities") / "data"


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    try:
        text = (_DATA / name).read_text("utf-8")
    except OSError as exc:
        raise DataFileError(f"missing data file {name}: {exc}") from exc
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header line (comment lines skipped)."""
    rows = list(csv.DictReader(read_lines(name), delimiter="\t"))
    if not rows:
        raise DataFileError(f"data file {name} has no rows")
    return rows


@dataclass(frozen=True)
class Entry:
    """A lexicon entry reached from one of its inflected forms."""

    lemma: str  # nominative
    cls: str
    kind: str
    case: str  # the case of the form that matched ("nom", "gen", ...)


def _forms(lemma: str) -> dict[str, str]:
    if lemma.isupper():  # SIA, AS: not inflected
        return {"nom": lemma}
    try:
        forms = inflect(lemma)
    except ValueError as exc:
        raise DataFileError(f"cannot inflect lexicon word {lemma!r}: {exc}") from exc
    forms.setdefault("nom", lemma)
    return forms


def _form_map(rows: list[dict[str, str]], key: str, cls_col: str | None, kind_col: str) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for row in rows:
        lemma = row[key]
        for case, form in _forms(lemma).items():
            entry = Entry(lemma, row.get(cls_col, "") if cls_col else "", row.get(kind_col, ""), case)
            # the nominative reading of a form wins over an oblique reading of the same string
            if form not in out or case == "nom":
                out[form] = entry
    return out


def plural_locative(lemma: str) -> str:
    """sanāksme -> sanāksmēs, seminārs -> semināros, darbnīca -> darbnīcās."""
    if lemma.endswith("e"):
        return lemma[:-1] + "ēs"
    if lemma.endswith("a"):
        return lemma[:-1] + "ās"
    if lemma.endswith("s"):
        return lemma[:-1] + "os"
    return lemma


def plural_nominative(lemma: str) -> str:
    """seminārs -> semināri, sanāksme -> sanāksmes, darbnīca -> darbnīcas (plurals stay)."""
    if lemma.endswith(("ās", "ības", "i")) or " " in lemma:
        return lemma
    if lemma.endswith(("e", "a")):
        return lemma + "s"
    if lemma.endswith("s"):
        return lemma[:-1] + "i"
    return lemma


def _compounds(rows: list[dict[str, str]]) -> dict[str, tuple[Entry, frozenset[str]]]:
    forms = _form_map(rows, "cue", None, "kind")
    follows = {r["cue"]: frozenset(r["follows"].split()) for r in rows}
    return {form: (entry, follows[entry.lemma]) for form, entry in forms.items()}


@dataclass(frozen=True)
class Lexicon:
    org_heads: dict[str, Entry]
    org_forms: dict[str, Entry]
    project_cues: dict[str, Entry]
    event_cues: dict[str, Entry]
    roles: dict[str, Entry]
    first_names: frozenset[str]
    known_acronyms: dict[str, str]
    name_heads: frozenset[str] = frozenset()  # every form of data/name_heads.tsv (grupa, kopa, …)
    #: event nouns that name an event only right after one of some words ("vasaras skola"):
    #: form -> (entry, the words)
    event_compounds: dict[str, tuple[Entry, frozenset[str]]] = field(default_factory=dict)

    @cached_property
    def plural_locatives(self) -> dict[str, Entry]:
        """The plural locative of each event noun ("sanāksmēs", "semināros") -> its entry."""
        return {plural_locative(e.lemma): e for e in self.event_cues.values()}

    @cached_property
    def plural_nominatives(self) -> dict[str, Entry]:
        """The plural nominative of each event noun ("semināri", "sanāksmes", "darbnīcas") -> its entry."""
        return {plural_nominative(e.lemma): e for e in self.event_cues.values()}

    @cached_property
    def name_prefixes(self) -> frozenset[str]:
        """The words before the head noun of each known organisation's name ("Kultūras" of
        "Kultūras ministrija")."""
        return frozenset(" ".join(name.split()[:-1]) for name in self.known_acronyms.values()
                         if " " in name)

    def compound_event(self, word: str, before: str) -> Entry | None:
        """The event noun `word` is after `before` ("skola" after "vasaras"), if it is one."""
        found = self.event_compounds.get(word) or self.event_compounds.get(word.lower())
        return found[0] if found is not None and before.lower() in found[1] else None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The extraction lexicon, loaded once."""
    events = read_tsv("event_cues.tsv")
    return Lexicon(
        org_heads=_form_map(read_tsv("org_heads.tsv"), "head", "class", "kind"),
        org_forms=_form_map(read_tsv("org_forms.tsv"), "form", "class", "kind"),
        project_cues=_form_map(read_tsv("project_cues.tsv"), "cue", None, "kind"),
        event_cues=_form_map([r for r in events if not r.get("follows")], "cue", None, "kind"),
        event_compounds=_compounds([r for r in events if r.get("follows")]),
        roles=_form_map(read_tsv("role_nouns.tsv"), "role", None, "role"),
        first_names=frozenset(read_lines("first_names.txt")),
        known_acronyms={r["acronym"]: r["name"] for r in read_tsv("known_acronyms.tsv")},
        name_heads=frozenset(_form_map(read_tsv("name_heads.tsv"), "head", None, "head")),
    )
