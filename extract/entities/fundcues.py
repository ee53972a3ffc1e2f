"""Funding-source cues ("ESF", "valsts budžeta", "ar EK atbalstu") read from data/fund_cues.tsv.

The cue file is the one place that says which words name which fund; money.py uses it to label the
parts of a sum, relations.py to tie a fund to a project when no sum is given.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from reportgraph.errors import DataFileError
from reportgraph.extract.entities.lexicon import read_tsv

# Codes that name a fund by themselves; the others need a funding word right after them.
_SELF_NAMING = {"ESF", "ERDF", "CF", "EEA", "EU", "ERASMUS"}
_FUNDING_WORD = re.compile(r"\s*(?:\S+\s+){0,2}?(?:atbalst|finansē|līdzfinansē|budžet|pamatbudžet|līdzekļ|programm|dotācij|atvēlē|piešķ|fond)",
                           re.IGNORECASE)


# ... or a funding verb before them, the payer its subject: "finansē … Latvijas valsts",
# "līdzfinansē Smiltenes novada dome" (a list of payers after one verb: up to seven words)
_FUNDING_VERB_BEFORE = re.compile(r"(?i:\b(?:līdz)?finansē(?:ja|s)?|\batbalsta|\batbalstīja|\bapmaksā(?:ja)?|"
                                  r"\bpiešķīr(?:a|is|usi)|\bpiešķir|"
                                  r"\b(?:līdz)?finansējum\w*\s+(?:\S+\s+){0,4}?(?:nodrošin|sniedz|piešķ)\w*)"
                                  r"\s+(?:[^\s.;:]+\s+){0,7}$"
                                  # "Projekta finansētājs: LR Kultūras ministrija", "finansētāji ir …"
                                  r"|(?i:\b(?:līdz)?finansētāj\w*\s*(?:ir|bija|:|–|-)\s*(?:[^\s.;:]+\s+){0,3})$")


# ... but not a body that manages a programme for the payer: "ministrija kā Programmas apsaimniekotājs"
_MANAGES = re.compile(r"\w*\s+(?i:apsaimniekotāj|administrētāj|pārvaldītāj|vadošā\s+iestād|sadarbības\s+iestād)")


# ... or a funding verb after the project it pays for: "pašvaldība projektam „P” piešķīra …"
_PAYS_FOR_PROJECT = re.compile(r"\s+(?:\S+\s+){0,2}?projektam\s*[„“\"«][^”\"»]{1,160}[”\"»]\s*"
                               r"(?:piešķīr|piešķir|atvēlē|finansē|līdzfinansē|atbalst)", re.IGNORECASE)


@dataclass(frozen=True)
class FundCue:
    start: int
    end: int
    code: str
    conditional: bool = False  # a payer named only next to a funding word or verb (code "EU?" in the file)


def _word_pattern(word: str) -> str:
    if word.isupper():  # an abbreviation: whole word, case-sensitive
        return re.escape(word) + r"(?![\w+])"
    return "(?i:" + re.escape(word) + r")\w*"


FirstWords = tuple[tuple[str, ...], tuple[str, ...]]  # (abbreviations, lower-cased stems)


@lru_cache(maxsize=1)
def _regex() -> tuple[re.Pattern[str], dict[str, str], FirstWords]:
    return _compiled(grouped=True)


def _compiled(grouped: bool) -> tuple[re.Pattern[str], dict[str, str], FirstWords]:
    """The cue regex: one named group per cue, longest cues first. `grouped`: the alternatives
    bucketed by their first letter (see _by_first_letter); else one flat alternation (the same
    matches, kept for the test that compares them)."""
    rows = read_tsv("fund_cues.tsv")
    cues = sorted(((tuple(r["cue"].split()), r["code"]) for r in rows), key=lambda c: -len(c[0]))
    if any(not words or not code for words, code in cues):
        raise DataFileError("fund_cues.tsv: every row needs a cue and a code")
    groups: dict[str, str] = {}
    parts = []
    for n, (words, code) in enumerate(cues):
        name = f"c{n}"
        groups[name] = code
        parts.append((words[0], f"(?P<{name}>" + r",?[\s-]+".join(_word_pattern(w) for w in words) + ")"))
    # every cue starts with its first word: a lookahead on the first letters lets the engine pass
    # most positions without trying each alternative; a text holding none of the first words
    # has no cue at all (_may_hold_first_word)
    firsts = sorted({words[0] for words, _ in cues})
    upper = tuple(w for w in firsts if w.isupper())
    lower = tuple(w for w in firsts if not w.isupper())
    leads = []
    if upper:
        leads.append("[" + re.escape("".join(sorted({w[0] for w in upper}))) + "]")
    if lower:
        leads.append("(?i:[" + re.escape("".join(sorted({w[0] for w in lower}))) + "])")
    body = _by_first_letter(parts) if grouped else "|".join(part for _, part in parts)
    rx = re.compile("(?=" + "|".join(leads) + r")(?<![\w+])(?:" + body + ")")
    return rx, groups, (upper, tuple(w.lower() for w in lower))


def _by_first_letter(parts: list[tuple[str, str]]) -> str:
    """The alternation of (first word, pattern) in buckets of the first word's lower-cased first
    letter, each behind a lookahead on that letter as its patterns match it (case-sensitive for
    an abbreviation, else case-insensitive), the order of the patterns kept within a bucket.
    At a position only one bucket's letter can match, so the first pattern that matches there
    is the flat alternation's; the engine tries a few patterns instead of eighty."""
    buckets: dict[str, list[tuple[str, str]]] = {}
    for first, part in parts:
        buckets.setdefault(first[0].lower(), []).append((first, part))
    out = []
    for items in buckets.values():
        gate = []
        if capitals := sorted({w[0] for w, _ in items if w.isupper()}):
            gate.append("[" + re.escape("".join(capitals)) + "]")
        if stems := sorted({w[0] for w, _ in items if not w.isupper()}):
            gate.append("(?i:[" + re.escape("".join(stems)) + "])")
        out.append("(?=" + "|".join(gate) + ")(?:" + "|".join(part for _, part in items) + ")")
    return "|".join(out)


# The only characters that `(?i:…)` matches to a letter of a cue's first word while str.lower()
# does not turn them into that letter ("İ".lower() is two characters; "ı", "ſ" stay as they are);
# tests/test_extract_speedups.py checks every character against the words of fund_cues.tsv.
_ODD_CASE = re.compile("[İıſ]")


def _may_hold_first_word(text: str, words: FirstWords) -> bool:
    """False only when text holds no cue's first word: abbreviations by plain substring, stems
    in the lower-cased text. A few substring tests cost a fraction of one search of the
    case-insensitive alternation, and most sentences name no fund."""
    upper, lower = words
    for w in upper:
        if w in text:
            return True
    low = text.lower()
    for w in lower:
        if w in low:
            return True
    return _ODD_CASE.search(text) is not None


def all_cues(text: str) -> list[FundCue]:
    """Every fund cue in text (longest cue first at each position), with no filtering."""
    rx, groups, words = _regex()
    if not _may_hold_first_word(text, words):
        return []
    out = []
    for m in rx.finditer(text):
        code = groups[m.lastgroup or ""]
        out.append(FundCue(m.start(), m.end(), code.rstrip("?"), code.endswith("?")))
    return out


def fund_cues(text: str) -> list[FundCue]:
    """Cues that say who pays: fund names always; "EK", "pašvaldība", "valsts" only when a funding
    word (atbalsts, finansējums, budžets, …) follows within three words and is not another
    payer's ("Kultūras ministrija Eiropas Savienības programmas …": the programme is the EU's)."""
    cues = all_cues(text)
    out = []
    for c in cues:
        word = _FUNDING_WORD.match(text, c.end)
        if word and (any(c.end <= o.start < word.end() for o in cues if o is not c)
                     or _MANAGES.match(text, word.end())):
            word = None
        if (c.code in _SELF_NAMING and not c.conditional or word or _FUNDING_WORD.match(text[c.start:c.end] + " ")
                or _PAYS_FOR_PROJECT.match(text, c.end)
                or _FUNDING_VERB_BEFORE.search(text[max(0, c.start - 90):c.start])):
            out.append(c)
    return out
