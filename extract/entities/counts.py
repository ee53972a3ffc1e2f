"""Counts of people, groups, bodies and events in cleaned Latvian report text.

A count is a number (digits or a number word) followed by a counted noun phrase whose head is in
count_nouns_lv.tsv: "piedalījās 64 dalībnieki", "vairāk nekā 30 dalībnieku", "pieci romu
mediatori". The span runs from the qualifier ("vairāk nekā", "ap", "vismaz") or the number to the
head noun. Years, dates, sums, percentages, section numbers, ages and durations are not counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from reportgraph.errors import DataFileError
from reportgraph.extract.guarded import Guarded


@dataclass(frozen=True)
class Count:
    """A counted noun phrase."""

    start: int
    end: int
    text: str
    value: int
    qualifier: str
    noun: str
    kind: str = ""  # what the noun counts: person, group, body, event, place (count_nouns_lv.tsv)


@dataclass(frozen=True)
class _Lexicon:
    numbers: dict[str, int]
    number_word: re.Pattern[str]  # words starting as some number word does
    stems: frozenset[str]
    abbreviations: frozenset[str]
    kinds: dict[str, str] = field(default_factory=dict)  # stem or abbreviation -> what it counts

    def kind_of(self, word: str) -> str:
        """What a counted head noun counts (person, group, body, event, place, …)."""
        if word in self.kinds:
            return self.kinds[word]
        low = word.lower()
        for k in range(len(low), max(1, len(low) - 3) - 1, -1):
            if low[:k] in self.kinds:
                return self.kinds[low[:k]]
        return ""


# A digit first lets the regex engine skip ahead; the lookbehind keeps it a number start.
_DIGITS = re.compile(r"[0-9](?<![\w.,/\-–—%][0-9])"
                     r"(?:[0-9]{0,2}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![0-9])|[0-9]*)")
_NOT_DIGIT = str.maketrans("", "", " \u00a0\u202f\u2009")
_URL = Guarded(re.compile(r"(?:https?://|www\.)\S+"), ("http", "www."))
_CHAIN_WORD = re.compile(r"[ \u00a0]([^\W\d_](?:[\w\-]*\w)?)")
_AFTER_NUMBER_BAD = re.compile(r"[.,][0-9]|\.|\s?%|\s?[-–—/]\s?[0-9]|\s?proc\.")
_NUMBER_SIGN = re.compile(r"(?:(?<!\w)[Nn]r\.?|§|(?<!\w)[Pp]unkt\w*)\s*$")
_QUALIFIER = re.compile(
    r"(?<!\w)(?:(?P<less_than>ne\s+vairāk\s+(?:kā|par|nekā)|mazāk\s+(?:nekā|kā|par)|nepiln\w*)"
    r"|(?P<at_least>ne\s+mazāk\s+(?:kā|par|nekā)|vismaz|minimāli)"
    r"|(?P<more_than>vairāk\s+(?:nekā|kā|par)|virs|pāri\s+par)"
    r"|(?P<approx>ap|apmēram|aptuveni|apm\.|gandrīz|orientējoši)|(?P<tilde>~))"
    r"\s*(?:(?:ar|par|no|uz|pie|kopā)\s+)?$", re.IGNORECASE)
# Words that end a counted noun phrase before its head: prepositions, conjunctions, pronouns,
# auxiliaries and particles.
_STOP = frozenset((
    "no", "uz", "ar", "par", "pie", "pēc", "līdz", "kopš", "bez", "starp", "pret", "caur", "aiz",
    "zem", "virs", "pa", "ap", "dēļ", "pār", "priekš", "bet", "vai", "jo", "ka", "kas", "kuri",
    "kuras", "kurš", "kura", "kuru", "kurā", "kuros", "kurās", "kuriem", "kurām", "kā", "lai",
    "ja", "arī", "tad", "tomēr", "gan", "tie", "tās", "to", "tā", "tam", "tai", "tiem", "tām",
    "šie", "šīs", "šo", "šī", "šis", "viņi", "viņas", "viņu", "viņiem", "viņām", "savu", "savus",
    "savas", "sava", "ir", "bija", "būs", "tika", "tiek", "tiks", "tiktu", "būtu", "nav",
    "nebija", "netika", "tikai", "vēl", "jau", "vien", "pat", "kopā",
))
# A count of these is a duration, an age, a share or a school grade, not of people or things.
_UNITS = frozenset(("gad", "mēneš", "mēnes", "nedēļ", "dien", "stund", "minūt", "reiz", "procent",
                    "klas", "klaš", "gab", "eur", "eiro", "lat", "ls"))
# Endings of a genitive that may stand before the counted noun. After a singular number (1, 21,
# 31 ...) "-s" and "-a" end the counted noun itself ("viens projekts", "viena organizācija").
_GENITIVE_ENDINGS = ("u", "as", "es", "s", "a")
_SINGULAR_GENITIVE_ENDINGS = ("u", "as", "es")
_NOT_GENITIVE = ("us", "is", "os")


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    root = files("reportgraph.extract.entities") / "data"
    numbers: dict[str, int] = {}
    for n, line in enumerate((root / "numbers_lv.tsv").read_text(encoding="utf-8").splitlines(),
                             1):
        if not line.strip() or line.startswith(("#", "form\t")):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].strip().isdigit():
            raise DataFileError(f"numbers_lv.tsv line {n}: expected 'form<TAB>value'")
        numbers[parts[0].strip().lower()] = int(parts[1])
    stems, abbreviations = set(), set()
    kinds: dict[str, str] = {}
    for n, line in enumerate((root / "count_nouns_lv.tsv").read_text(encoding="utf-8")
                             .splitlines(), 1):
        if not line.strip() or line.startswith(("#", "stem\t")):
            continue
        stem = line.split("\t")[0].strip()
        if not stem or " " in stem:
            raise DataFileError(f"count_nouns_lv.tsv line {n}: expected 'stem<TAB>kind'")
        (abbreviations if stem.isupper() else stems).add(stem)
        kinds[stem] = line.split("\t")[1].strip() if "\t" in line else ""
    starts = sorted({f[:2] for f in numbers} | {f[:2].capitalize() for f in numbers})
    # Literal two-letter starts let the regex engine skip ahead; the lookbehind keeps a word start.
    number_word = re.compile(rf"(?:{'|'.join(map(re.escape, starts))})(?<!\w..)\w*")
    return _Lexicon(numbers, number_word, frozenset(stems), frozenset(abbreviations), kinds)


def _has_stem(word: str, stems: frozenset[str]) -> bool:
    """True when word is one of stems plus at most three letters of ending."""
    low = word.lower()
    return any(low[:k] in stems for k in range(max(1, len(low) - 3), len(low) + 1))


def _is_head(word: str, lex: _Lexicon) -> bool:
    return word in lex.abbreviations or _has_stem(word, lex.stems)


def _is_modifier(word: str, singular: bool) -> bool:
    """True for a word that may stand before another counted noun ("romu", "iestādes", "NVO")."""
    low = word.lower()
    endings = _SINGULAR_GENITIVE_ENDINGS if singular else _GENITIVE_ENDINGS
    return word.isupper() or (low.endswith(endings) and not low.endswith(_NOT_GENITIVE))


def _noun_phrase(text: str, pos: int, value: int, lex: _Lexicon) -> tuple[int, int] | None:
    """Span of the noun phrase counted by value, starting right after pos, or None."""
    singular = value % 10 == 1 and value % 100 != 11
    words: list[tuple[int, int, str]] = []
    while len(words) < 5:
        m = _CHAIN_WORD.match(text, pos)
        if m is None or m.group(1).lower() in _STOP:
            break
        words.append((m.start(1), m.end(1), m.group(1)))
        pos = m.end()
        if pos < len(text) and not text[pos].isspace():
            break
    if not words or words[0][2] == "un" or _has_stem(words[0][2], _UNITS):
        return None
    heads = {i for i, w in enumerate(words) if _is_head(w[2], lex)}
    for i in sorted(heads):
        if _is_modifier(words[i][2], singular) and (i + 1 in heads or i + 2 in heads):
            continue  # "romu bērni", "iestādes audzēkņi": the last noun is counted
        return words[0][0], words[i][1]
    return None


def _numbers(text: str, lex: _Lexicon) -> list[tuple[int, int, int]]:
    """(start, end, value) of digit numbers and number words ("divdesmit pieci" = 25)."""
    found = []
    for m in _DIGITS.finditer(text):
        found.append((m.start(), m.end(), int(m.group(0).translate(_NOT_DIGIT))))
    words = [(m.start(), m.end(), lex.numbers[m.group(0).lower()])
             for m in lex.number_word.finditer(text) if m.group(0).lower() in lex.numbers]
    i = 0
    while i < len(words):
        s, e, v = words[i]
        if (i + 1 < len(words) and v % 10 == 0 and 20 <= v <= 90 and words[i + 1][2] < 10
                and not text[e:words[i + 1][0]].strip()):
            e, v = words[i + 1][1], v + words[i + 1][2]
            i += 1
        found.append((s, e, v))
        i += 1
    return sorted(found)


def find_counts(text: str) -> list[Count]:
    """Every counted noun phrase in text order."""
    lex = _lexicon()
    blocked = bytearray(len(text))
    for url in _URL.finditer(text):
        blocked[url.start():url.end()] = b"\x01" * (url.end() - url.start())
    counts = []
    for start, end, value in _numbers(text, lex):
        if 1 in blocked[start:end] or _AFTER_NUMBER_BAD.match(text, end):
            continue
        if _NUMBER_SIGN.search(text, max(0, start - 12), start):
            continue
        phrase = _noun_phrase(text, end, value, lex)
        if phrase is None:
            continue
        noun_start, noun_end = phrase
        before = text[max(0, start - 40):start]
        qual = _QUALIFIER.search(before)
        first = text[noun_start:noun_end].split()[0]
        if text[start].isdigit() and first[0].isupper() and not first.isupper() and qual is None:
            prev = re.search(r"(\w+)\s*$", before)
            if prev is None or prev.group(1) not in _STOP:
                continue  # a footnote mark or a table cell before a capitalised word
        if qual is None and re.search(r"(?<!\w)par\s+$", before) and re.match(
                r"\s+(?:mazāk|vairāk)\b", text[noun_end:noun_end + 12]):
            continue  # "par 109 cilvēkiem mazāk": a difference
        qualifier = "exact"
        span_start = start
        if qual is not None:
            qualifier = next(k for k, v in qual.groupdict().items() if v)
            qualifier = "approx" if qualifier == "tilde" else qualifier
            span_start = start - len(before) + qual.start()
        noun = text[noun_start:noun_end]
        counts.append(Count(span_start, noun_end, text[span_start:noun_end], value, qualifier,
                            noun, lex.kind_of(noun.split()[-1])))
    return counts


_TRAILING_WORDS = re.compile(r"(?:\w+\s+){0,3}\w+\s*$")
_WORD_SCALES = (("tūksto", 1000), ("miljon", 10**6), ("miljard", 10**9))


def spelled_number(before: str) -> tuple[int, int] | None:
    """The number written in words that `before` ends with ("viens tūkstotis", "pieciem
    tūkstošiem", "divdesmit pieci", "trīs miljoni"): (where it starts in before, its value)."""
    m = _TRAILING_WORDS.search(before, max(0, len(before) - 60))
    if m is None:
        return None
    words = [(w.start(), w.group(0)) for w in re.finditer(r"\w+", before[m.start():])]
    scale = 1
    if words and (factor := next((f for stem, f in _WORD_SCALES if words[-1][1].lower().startswith(stem)), None)):
        scale = factor
        words.pop()
    numbers = _lexicon().numbers
    values: list[tuple[int, int]] = []
    while words and words[-1][1].lower() in numbers and len(values) < 2:
        values.insert(0, (words[-1][0], numbers[words.pop()[1].lower()]))
    if not values:
        return None
    if len(values) == 2 and not (values[0][1] % 10 == 0 and 20 <= values[0][1] <= 90 and values[1][1] < 10):
        values = values[1:]  # "viens pieci" is not one number: the last word is
    return m.start() + values[0][0], sum(v for _, v in values) * scale
