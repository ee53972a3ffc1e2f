"""A synthetic corpus for the benchmark: the sample report's sentences recombined, with other
places, project and organisation names, people, sums and dates. Deterministic for a seed.

Sentences come from the cleaned main text of the sample (`extract.clean`, `extract.sentences`),
taken in short runs of consecutive sentences so that "Projekta ..." still follows a project.
In each sentence:
- a Latvian town or municipality name (any case form the gazetteer knows) becomes another place of
  the same kind in the same case (only places whose forms the gazetteer reads back are used);
- the text inside „…” quotes becomes a new name made of words of the sample's quoted names;
- "Firstname Surname" (first names from extract/entities/data/first_names.txt) becomes another person;
- a sum before EUR/euro/€ is scaled by a random factor and written the same way;
- every year moves by the report's year shift (dates keep their order).
Each report opens with a title line that names its year and the sample's abbreviation list.

Usage: `python bench/corpus.py OUT_DIR N [--seed S]` writes N files `synthetic-0001-2017.txt`, ...
"""

import argparse
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path

from reportgraph.extract.entities.abbreviations import parse_abbreviations
from reportgraph.extract.entities.gazetteer import Gazetteer
from reportgraph.extract.entities.inflect import CASES, inflect
from reportgraph.extract.read.clean import clean_report
from reportgraph.extract.read.reader import read_report
from reportgraph.extract.read.sentences import split_sentences

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "romu-integracija-2018.txt"
SAMPLE_YEAR = 2018
YEARS = range(2014, 2021)  # the 2009 administrative division holds for all of them
PLACE_KINDS = ("pilseta", "novads", "republikas_pilseta")
TOPICS = ("romu integrācijas pasākumu", "sabiedrības integrācijas pasākumu",
          "kopienu atbalsta programmu", "jauniešu nodarbinātības pasākumu",
          "pilsoniskās sabiedrības attīstības pasākumu")
# surname stems: masculine -s, feminine -a/-e (a short generator list, not a gazetteer)
SURNAMES = (("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"),
            ("Jansons", "Jansone"), ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"),
            ("Vītols", "Vītola"), ("Zariņš", "Zariņa"), ("Kļaviņš", "Kļaviņa"),
            ("Balodis", "Balode"), ("Siliņš", "Siliņa"), ("Grīnbergs", "Grīnberga"),
            ("Lapiņš", "Lapiņa"), ("Kazaks", "Kazaka"), ("Ivanovs", "Ivanova"),
            ("Petrovs", "Petrova"), ("Kuzņecovs", "Kuzņecova"), ("Zvaigzne", "Zvaigzne"))

_QUOTED = re.compile(r"„([^”\"\n]{2,120})”")
_YEAR = re.compile(r"(?<![\d/_\-.])(19[89]\d|20[0-4]\d)(?![\d_/])")
_SUM = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,(\d+))?"
                  r"(?=\s?(?:tūkst\.|milj\.)?\s?(?:EUR|euro|eiro|€))")
_PERSON = re.compile(r"\b([A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+) ([A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+"
                     r"(?:s|š|a|e))\b")


@dataclass(frozen=True)
class SyntheticReport:
    """One generated report: its file name, year and text."""

    name: str
    year: int
    text: str


@dataclass(frozen=True)
class _PlaceForm:
    key: str
    kind: str
    cases: frozenset[str]  # the cases written this way


@dataclass(frozen=True)
class Material:
    """What the generator draws from: the sample's sentences and the substitution tables."""

    runs: tuple[tuple[str, ...], ...]  # paragraphs of the sample, as sentence lists
    abbreviations: tuple[tuple[str, str], ...]
    name_words: tuple[str, ...]
    forms: dict[str, _PlaceForm]  # surface form -> place, kind and cases
    by_kind: dict[str, tuple[dict[str, str], ...]]  # kind -> case forms of candidate places
    form_pattern: re.Pattern[str]
    first_names: tuple[str, ...]


def _reads_back(gaz: Gazetteer, key: str, form: str) -> bool:
    matches = gaz.match(form)
    return bool(matches) and matches[0].key == key


def _place_tables(gaz: Gazetteer) -> tuple[dict[str, _PlaceForm], dict[str, tuple[dict, ...]]]:
    """Case forms of the Latvian towns and municipalities that the gazetteer reads back."""
    forms: dict[str, _PlaceForm] = {}
    by_kind: dict[str, list[dict[str, str]]] = {k: [] for k in PLACE_KINDS}
    for place in sorted(gaz.places(), key=lambda p: p.key):
        if place.country != "LV" or place.kind not in PLACE_KINDS or place.ambiguous:
            continue
        try:
            case_forms = {c: f for c, f in inflect(place.name).items() if c in CASES}
        except ValueError:
            continue
        if not all(_reads_back(gaz, place.key, f) for f in case_forms.values()):
            continue  # the extractor would not read this place back in every case
        by_kind[place.kind].append(case_forms)
        for form in set(case_forms.values()):
            cases = frozenset(c for c, f in case_forms.items() if f == form)
            forms.setdefault(form, _PlaceForm(place.key, place.kind, cases))
    return forms, {k: tuple(v) for k, v in by_kind.items()}


@cache
def material(sample: Path = SAMPLE) -> Material:
    """Read the sample once: sentences by paragraph, abbreviations, names, place forms."""
    src = read_report(sample)
    clean = clean_report(src.text)
    heads = {a for a, _ in clean.headings}
    runs = []
    for para in re.finditer(r"[^\n]+", clean.text):
        if para.start() in heads:
            continue
        sents = tuple(" ".join(para.group()[s.start:s.end].split())
                      for s in split_sentences(para.group()))
        sents = tuple(s for s in sents if len(s.split()) >= 4)
        if sents:
            runs.append(sents)
    abbrevs = parse_abbreviations(src.text)
    pairs = tuple((a.acronym, a.name) for a in abbrevs.items) if abbrevs else ()
    words = sorted({w for q in _QUOTED.findall(clean.text) for w in q.split()
                    if w.isalpha() and w.islower() and len(w) > 3})
    forms, by_kind = _place_tables(Gazetteer.for_year(SAMPLE_YEAR))
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    names_file = files("reportgraph.extract.entities") / "data" / "first_names.txt"
    first = tuple(n.strip() for n in names_file.read_text("utf-8").splitlines()
                  if n.strip() and not n.startswith("#"))
    return Material(tuple(runs), pairs, tuple(words), forms, by_kind, pattern, first)


class _Rewriter:
    """Rewrites sentences for one report with its own random stream and year shift."""

    def __init__(self, mat: Material, rng: random.Random, shift: int) -> None:
        self.mat, self.rng, self.shift = mat, rng, shift
        self.places: dict[str, dict[str, str]] = {}  # place key -> its stand-in (per report)
        self.quotes: dict[str, str] = {}
        self.people: dict[str, str] = {}
        self.first = set(mat.first_names)

    def place(self, m: re.Match[str]) -> str:
        found = self.mat.forms[m.group()]
        stand_in = self.places.get(found.key)
        if stand_in is None:
            same = [c for c in self.mat.by_kind[found.kind]
                    if len({c[k] for k in found.cases}) == 1]  # same form for the same cases
            if not same:
                return m.group()
            stand_in = self.places[found.key] = self.rng.choice(same)
        return stand_in[min(found.cases, key=CASES.index)]

    def quote(self, m: re.Match[str]) -> str:
        old = m.group(1)
        if old not in self.quotes:
            n = max(2, min(6, len(old.split())))
            words = self.rng.sample(self.mat.name_words, min(n, len(self.mat.name_words)))
            self.quotes[old] = " ".join(words).capitalize()
        return f"„{self.quotes[old]}”"

    def person(self, m: re.Match[str]) -> str:
        first = m.group(1)
        if first not in self.first:
            return m.group()
        key = m.group()
        if key not in self.people:
            feminine = first.endswith(("a", "e"))
            names = [n for n in self.mat.first_names if n.endswith(("a", "e")) == feminine]
            surname = self.rng.choice(SURNAMES)[1 if feminine else 0]
            self.people[key] = f"{self.rng.choice(names)} {surname}"
        return self.people[key]

    def money(self, m: re.Match[str]) -> str:
        whole, decimals = m.group(1), m.group(2)
        value = Decimal(whole.replace(" ", "").replace("\u00a0", "") + (
            f".{decimals}" if decimals else ""))
        value *= Decimal(str(round(self.rng.uniform(0.3, 3.0), 2)))
        places = len(decimals) if decimals else 0
        text = f"{value:,.{places}f}".replace(",", " ").replace(".", ",")
        if not re.search(r"[ \u00a0]", whole) and value < 10000:
            text = text.replace(" ", "")
        return text

    def year(self, m: re.Match[str]) -> str:
        return str(int(m.group()) + self.shift)

    def sentence(self, text: str) -> str:
        text = _QUOTED.sub(self.quote, text)
        text = self.mat.form_pattern.sub(self.place, text)
        text = _PERSON.sub(self.person, text)
        text = _SUM.sub(self.money, text)
        return _YEAR.sub(self.year, text)


def synthetic_report(index: int, *, seed: int = 2018, sentences: int = 180,
                     mat: Material | None = None) -> SyntheticReport:
    """Report number `index` of the corpus of `seed`: about `sentences` sentences."""
    mat = mat or material()
    rng = random.Random(f"{seed}:{index}")
    year = rng.choice(YEARS)
    rewrite = _Rewriter(mat, rng, year - SAMPLE_YEAR)
    topic = rng.choice(TOPICS)
    lines = [f"Informatīvais ziņojums par {topic} īstenošanu {year}.gadā", "", "Saīsinājumi:"]
    lines += [f"{a} – {n}" for a, n in mat.abbreviations]
    lines.append("")
    count = 0
    while count < sentences:
        run = rng.choice(mat.runs)
        start = rng.randrange(len(run))
        take = run[start:start + rng.randint(1, 4)]
        lines.append(" ".join(rewrite.sentence(s) for s in take))
        lines.append("")
        count += len(take)
    return SyntheticReport(f"synthetic-{index:04d}-{year}", year, "\n".join(lines) + "\n")


def write_corpus(directory: Path, n: int, *, seed: int = 2018, sentences: int = 180,
                 start: int = 1) -> list[Path]:
    """Write reports start .. start+n-1 as UTF-8 text files; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    mat = material()
    paths = []
    for i in range(start, start + n):
        report = synthetic_report(i, seed=seed, sentences=sentences, mat=mat)
        path = directory / f"{report.name}.txt"
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--sentences", type=int, default=180)
    args = parser.parse_args()
    for path in write_corpus(args.out, args.n, seed=args.seed, sentences=args.sentences):
        print(path)


if __name__ == "__main__":
    main()
