"""Funding-source cues in a sentence without an amount ("ESF projekta", "ar EK atbalstu")."""

import re
from dataclasses import dataclass
from functools import lru_cache

from reportgraph.extract.lexicon import read_tsv

# Codes that name a fund by themselves; the others need a funding word right after them.
_SELF_NAMING = {"ESF", "ERDF", "CF", "EEA", "EU", "ERASMUS"}
_FUNDING_WORD = re.compile(r"^(atbalst|finansēj|līdzfinansēj|budžet|līdzekļ|programm|dotācij)")
_WORD = re.compile(r"[\wĀ-ž+]+", re.UNICODE)


@dataclass(frozen=True)
class FundCue:
    start: int
    end: int
    code: str


@lru_cache(maxsize=1)
def _cues() -> list[tuple[tuple[str, ...], str]]:
    cues = [(tuple(r["cue"].split()), r["code"]) for r in read_tsv("fund_cues.tsv")]
    cues.sort(key=lambda c: -len(c[0]))
    return cues


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.isupper():
        return word == pattern
    return word.casefold().startswith(pattern)


def fund_cues(text: str) -> list[FundCue]:
    """Fund cues in `text`, longest cue first at each word."""
    words = list(_WORD.finditer(text))
    found: list[FundCue] = []
    i = 0
    while i < len(words):
        hit = None
        for pattern, code in _cues():
            n = len(pattern)
            if i + n <= len(words) and all(_word_matches(p, words[i + k].group(0)) for k, p in enumerate(pattern)):
                hit = (n, code)
                break
        if hit is None:
            i += 1
            continue
        n, code = hit
        after = [w.group(0).casefold() for w in words[i + n : i + n + 3]]
        own = [w.group(0).casefold() for w in words[i : i + n]]
        if code in _SELF_NAMING or any(_FUNDING_WORD.match(w) for w in after + own):
            found.append(FundCue(words[i].start(), words[i + n - 1].end(), code))
        i += n
    return found
