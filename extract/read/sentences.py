"""Split cleaned report text into sentences (rule-based, aware of Latvian abbreviations)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = (files("reportgraph.extract.read") / "data" / "sentence_abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


# A candidate end: sentence punctuation (optionally followed by closing quotes/brackets), then space.
_END = re.compile(r"[.!?…]+[”“\"»)]*(?=\s)")
_NEXT_START = re.compile(r"\s+([A-ZĀČĒĢĪĶĻŅŠŪŽ„“\"«(]|\d|-\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentence spans of `text`. Paragraph breaks ("\\n") always end a sentence."""
    spans: list[SentenceSpan] = []
    for para in re.finditer(r"[^\n]+", text):
        pstart, pend = para.start(), para.end()
        start = pstart
        for m in _END.finditer(text, pstart, pend):
            end = m.end()
            if not _is_boundary(text, m.start(), end, pend):
                continue
            _add(spans, text, start, end)
            start = end
        _add(spans, text, start, pend)
    return spans


def _add(spans: list[SentenceSpan], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(SentenceSpan(start, end))


def _inside_quote(text: str, punct: int) -> bool:
    """A full stop inside „…” that closes later on the same line („Zemgales tīkls. Čigānu
    kopienu kultūrsadarbība”) is part of the quoted name."""
    line_start = text.rfind("\n", 0, punct) + 1
    before = text[line_start:punct]
    if before.count("„") + before.count("«") <= before.count("”") + before.count("“") + before.count("»"):
        return False
    line_end = text.find("\n", punct)
    after = text[punct:line_end if line_end >= 0 else len(text)][:200]
    return any(q in after for q in "”“»")


def _is_boundary(text: str, punct: int, end: int, pend: int) -> bool:
    nxt = _NEXT_START.match(text, end, pend)
    if not nxt:
        return False
    if _inside_quote(text, punct):
        return False
    if text[punct] != ".":
        return True  # ! ? … end sentences when followed by a capital
    m = _WORD_BEFORE.search(text, max(0, punct - 60), punct + 1)
    word = m.group(1) if m else ""
    bare = word.lstrip("(„“\"«")
    if bare in abbreviations() or re.split(r"[!?]", bare)[-1] in abbreviations():
        return False  # (also glued to the sentence before it, as a page's title: "… Latvija!Nr. 2023…")
    stem = bare[:-1]
    if re.fullmatch(r"[A-ZĀČĒĢĪĶĻŅŠŪŽ]", stem):  # an initial: "E. Zelderis"
        return False
    # A number or date before the period ("25.06.", "2018."): a sentence rarely ends so; keep together,
    # unless it is a sum ("Izmaksas – EUR 32 118.37. Kopumā …")
    if re.fullmatch(r"\d+\.\d{2}", stem) and _SUM_BEFORE.search(text, max(0, punct - 40), punct - len(stem)):
        return True
    return not re.fullmatch(r"[\d./–-]+", stem)


_SUM_BEFORE = re.compile(r"(?:EUR|€|LVL|Ls|USD|\d\s)\s*$")
