"""The words of a sentence to mark: `highlight` cuts a text into pieces where the marks occur
(case-insensitive), as one regular expression of all the marks (longest first) would, mostly
without compiling one (an entity page marks each source sentence with its own set of words)."""

import re
from functools import lru_cache

#: characters that `re.IGNORECASE` equates with a character of another lower case (ſ with s,
#: ı with i, Greek and old Cyrillic variants: re/_casefix.py), final and other sigma, and the
#: dot of İ (its lower() is two characters): where the lower-cased text or a mark holds one,
#: `highlight` matches with the regular expression
_CASE_VARIANTS = frozenset(
    "µİıſ\u0307\u0345ΐΰβεθικμπρςσφϐϑϕϖϰϱϵвдостъѣᲀᲁᲂᲃᲄᲅᲆᲇᲈṡẛ\u1fbe\u1fd3\u1fe3ꙋﬅﬆ")


def highlight(text: str, marks: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, marked) where a piece is one of `marks` (case-insensitive)."""
    words = sorted({m for m in marks if m and len(m) >= 2}, key=len, reverse=True)[:200]
    if not words or not text:
        return [(text, False)]
    lowered, lowers = text.lower(), [w.lower() for w in words]
    if _plain_case(lowered) and all(_plain_word(w) for w in lowers):
        return _pieces(text, lowered, lowers)
    return _regex_pieces(text, words)


@lru_cache(maxsize=8192)
def _plain_word(lowered: str) -> bool:
    """`_plain_case` of a mark (the marks of a page recur in its every sentence)."""
    return _plain_case(lowered)


#: the same characters as one character class: a search stops at the first (a set intersection
#: hashed each of a sentence's few hundred characters)
_VARIANT = re.compile("[" + "".join(sorted(re.escape(c) for c in _CASE_VARIANTS)) + "]")


def _plain_case(lowered: str) -> bool:
    return lowered.isascii() or _VARIANT.search(lowered) is None


def _pieces(text: str, lowered: str, words: list[str]) -> list[tuple[str, bool]]:
    """What `_regex_pieces` gives, found in the lower-cased text: where no character has a case
    variant beyond lower() (`_plain_case`), an IGNORECASE match of a mark is an occurrence of
    its lower case form at the same offsets; the alternation takes the leftmost one, and of
    those the first mark in the order given (the longest). No pattern is compiled (compiling
    one of a page's marks for each sentence cost more than the rest of the page)."""
    next_at = [[i, w] for w in words if (i := lowered.find(w)) != -1]  # in the marks' order
    out: list[tuple[str, bool]] = []
    last = 0
    while next_at:
        at, word = min(next_at, key=lambda n: n[0])  # the first of the leftmost
        if at > last:
            out.append((text[last:at], False))
        last = at + len(word)
        out.append((text[at:last], True))
        for n in next_at:
            if n[0] < last:
                n[0] = lowered.find(n[1], last)
        next_at = [n for n in next_at if n[0] != -1]
    if last < len(text):
        out.append((text[last:], False))
    return out


def _regex_pieces(text: str, words: list[str]) -> list[tuple[str, bool]]:
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out
