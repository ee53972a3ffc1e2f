"""Parse a report's abbreviation list ("Saīsinājumi:") from a PDF-to-text dump.

The dump splits the list's two columns: a run of acronym-only lines is followed by the same
number of full-name lines, and some lines hold both ("ES Eiropas Savienība"). Runs are paired in
order, checked loosely by initials (an acronym's letters appear as word initials of the name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Titles that open the list (matched case-insensitively against a whole line, colon optional).
_HEADERS = ("saīsinājumi", "saīsinājumu saraksts", "lietotie saīsinājumi", "izmantotie saīsinājumi")
_HEADER_RE = re.compile(r"\s*(" + "|".join(_HEADERS) + r")\s*:?\s*", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"[^\W\d_][\w&./+-]{0,11}")
_BOTH_RE = re.compile(r"(\S+)\s*(?:[-–—:=]\s+)?(.+)")
_MAX_NAME = 120


@dataclass(frozen=True)
class Abbreviation:
    """One acronym and its full name."""

    acronym: str
    name: str


@dataclass(frozen=True)
class AbbreviationList:
    """The parsed list and the span of the whole block in the original text."""

    items: tuple[Abbreviation, ...]
    start: int
    end: int

    def expand(self, acronym: str) -> str | None:
        """The full name of `acronym` (exact match first, then case-insensitive)."""
        for item in self.items:
            if item.acronym == acronym:
                return item.name
        folded = acronym.casefold()
        for item in self.items:
            if item.acronym.casefold() == folded:
                return item.name
        return None


def is_acronym(token: str) -> bool:
    """True for a single token that looks like an acronym: starts with a letter, 2+ capitals."""
    if len(token) < 2 or not _ACRONYM_RE.fullmatch(token) or not token[0].isupper():
        return False
    return sum(ch.isupper() for ch in token) >= 2


def _fold(text: str) -> str:
    """Lowercase without diacritics (Ā -> a, Ž -> z)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def initials_score(acronym: str, name: str) -> int:
    """2: the acronym's letters are word initials of `name` in order (skipping words such as
    "un"); 1: they occur in order inside the name and the first one is its first initial
    (NVO = Nevalstiskā organizācija); 0: no match."""
    letters = [ch for ch in _fold(acronym) if ch.isalpha()]
    words = [w for w in re.split(r"[\s\-–/]+", _fold(name)) if w]
    if not letters or not words:
        return 0
    initials = [w[0] for w in words]
    it = iter(initials)
    if all(ch in it for ch in letters):
        return 2
    if letters[0] != initials[0]:
        return 0
    flat = "".join(words)
    pos = 0
    for ch in letters:
        pos = flat.find(ch, pos)
        if pos < 0:
            return 0
        pos += 1
    return 1


def _pair(acronyms: list[str], names: list[str]) -> list[Abbreviation]:
    """Pair a run of acronyms with a run of names: in order unless initials clearly disagree."""
    k = min(len(acronyms), len(names))
    if k == 0:
        return []
    scores = [[initials_score(a, n) for n in names] for a in acronyms]
    if len(acronyms) == len(names) and all(scores[i][i] > 0 for i in range(k)):
        return [Abbreviation(acronyms[i], names[i]) for i in range(k)]
    chosen: dict[int, int] = {}
    taken: set[int] = set()
    for level in (2, 1):
        for ai in range(len(acronyms)):
            if ai in chosen or len(chosen) >= k:
                continue
            for ni in range(len(names)):
                if ni not in taken and scores[ai][ni] == level:
                    chosen[ai] = ni
                    taken.add(ni)
                    break
    free = iter(ni for ni in range(len(names)) if ni not in taken)
    for ai in range(len(acronyms)):
        if ai not in chosen and len(chosen) < k:
            chosen[ai] = next(free)
    return [Abbreviation(acronyms[ai], names[chosen[ai]]) for ai in sorted(chosen)]


def _split_both(line: str) -> tuple[str, str] | None:
    """("ES", "Eiropas Savienība") for a line holding an acronym and its name, else None."""
    match = _BOTH_RE.fullmatch(line)
    if not match:
        return None
    acronym, name = match.group(1), match.group(2).strip()
    if not is_acronym(acronym) or not name or not name[0].isalpha() or is_acronym(name):
        return None
    return (acronym, name) if initials_score(acronym, name) > 0 else None


def _looks_like_name(line: str) -> bool:
    """A full-name cell: short, starts with a letter, no final sentence punctuation."""
    return (
        0 < len(line) <= _MAX_NAME
        and line[0].isalpha()
        and line[-1] not in ".!?;:"
        and not any(ch.isdigit() for ch in line)
    )


def _find_header(raw: str) -> re.Match[str] | None:
    pos = 0
    while True:
        end = raw.find("\n", pos)
        stop = len(raw) if end < 0 else end
        match = _HEADER_RE.fullmatch(raw, pos, stop)
        if match:
            return match
        if end < 0:
            return None
        pos = end + 1


class _Block:
    """Streaming state while reading the lines of one abbreviation block."""

    def __init__(self) -> None:
        self.items: list[Abbreviation] = []
        self.acronyms: list[str] = []
        self.names: list[str] = []
        self.name_ends: list[int] = []
        self.end = 0

    def flush(self) -> None:
        self.items.extend(_pair(self.acronyms, self.names))
        self.acronyms, self.names = [], []

    def balanced(self) -> bool:
        return len(self.names) >= len(self.acronyms)

    def feed(self, line: str, end: int) -> bool:
        """Take one stripped non-blank line; False when it does not belong to the block."""
        tokens = line.split()
        if len(tokens) == 1 and is_acronym(line):
            if self.names:
                self.flush()
            self.acronyms.append(line)
        elif line[0].islower() and self.names:
            self.names[-1] = f"{self.names[-1]} {line}"
        elif (both := _split_both(line)) and (self.balanced() or self._prefers_both(line, both)):
            self.flush()
            self.items.append(Abbreviation(*both))
        elif _looks_like_name(line) and not self.balanced():
            self.names.append(line)
        else:
            return False
        self.end = end
        return True

    def _prefers_both(self, line: str, both: tuple[str, str]) -> bool:
        pending = self.acronyms[len(self.names)]
        return initials_score(*both) == 2 and initials_score(pending, line) < 2


def parse_abbreviations(raw: str) -> AbbreviationList:
    """Find the abbreviation block (a line "Saīsinājumi:" and the lines after it) and pair it."""
    header = _find_header(raw)
    if header is None:
        return AbbreviationList((), 0, 0)
    block = _Block()
    pos = header.end()
    while pos < len(raw):
        nl = raw.find("\n", pos)
        stop = len(raw) if nl < 0 else nl
        segment = raw[pos:stop]
        line = segment.strip()
        if line:
            if not block.feed(line, pos + len(segment.rstrip())):
                break
        elif segment and (block.items or block.names) and block.balanced():
            break  # a whitespace-only line after a complete list closes the block
        if nl < 0:
            break
        pos = nl + 1
    block.flush()
    if not block.items:
        return AbbreviationList((), 0, 0)
    line_start = raw.rfind("\n", 0, header.start()) + 1
    return AbbreviationList(tuple(block.items), line_start, block.end)
