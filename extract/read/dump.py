"""The lines of a PDF-to-text dump, classified: page artefacts (headers, footers, page numbers),
footnote areas and bodies, tables and their captions, figure credits, paragraphs kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from reportgraph.extract.entities.abbreviations import parse_abbreviations
from reportgraph.extract.read.cleantext import Table

_RULE_MIN = 30  # a whitespace-only line at least this long is a footnote separator rule
_ZONE_MAX = 80  # non-empty lines a footnote area may hold before its end is guessed by shape
_TABLE_MAX = 200  # non-empty lines searched for a table's "Avots:" line
_CAPTION_MORE = 3  # continuation lines a caption may have
_HEADING_MAX = 120  # characters of a heading without a section number
_TOKEN = re.compile(r"\S+")
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]")  # a whitespace run longer than one, or not a space
_NUM = re.compile(r"\d{1,3}")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_PART = re.compile(r"https?://|www\.", re.IGNORECASE)
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.?\s+[^\W\d_]")
_LIST = re.compile(r"(?:[-•▪◦●*]|\d{1,2}\)|[a-z]\))\s")
_INITIAL = re.compile(r"(?:^|\W)[^\W\d_]\.$")
_SENTENCES = re.compile(r"[.!?]\s+\S")
_CLOSERS = ")]”\"'»’"
_OPENERS = "„“\"«(‘'["
_NO_SPACE_BEFORE = ",.;:!?)]”…%"
_FINAL = ".!?…"

EMPTY, SPACE, RULE, NUM, URL, TEXT = range(6)


@dataclass(frozen=True)
class _Markers:
    figure: re.Pattern[str]
    table: re.Pattern[str]
    credit: re.Pattern[str]
    source: re.Pattern[str]
    abbreviations: frozenset[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    """Line patterns built from extract/read/data/clean_markers.txt and clean_abbreviations.txt."""
    data = files("reportgraph.extract.read") / "data"
    kinds: dict[str, list[str]] = {"figure": [], "table": [], "credit": [], "source": []}
    for line in (data / "clean_markers.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, word = line.partition("\t")
            kinds.setdefault(kind.strip(), []).append(word.strip())
    abbreviations = (data / "clean_abbreviations.txt").read_text(encoding="utf-8").splitlines()
    numbered = r"(?:\d{{1,3}}\.\s?(?:{0})\.?(?=\s|$)|(?:{0})\s+\d{{1,3}}\.(?=\s|$))"
    credit = r"(?:{0})\s*:|.{{0,100}}\bfoto(?:grāfija)?,?\s+(?:19|20)\d\d\.?$"
    return _Markers(
        figure=re.compile(numbered.format(_alternation(kinds["figure"])), re.IGNORECASE),
        table=re.compile(numbered.format(_alternation(kinds["table"])), re.IGNORECASE),
        credit=re.compile(credit.format(_alternation(kinds["credit"])), re.IGNORECASE),
        source=re.compile(r"(?:{})\s*:\s*(.*)".format(_alternation(kinds["source"]))),
        abbreviations=frozenset(
            a.strip() for a in abbreviations if a.strip() and not a.startswith("#")
        ),
    )


@dataclass(slots=True)
class _Line:
    start: int  # offset of the line in the original
    text: str  # the line without its newline (and without a final "\r")
    kind: int
    strip: str


@dataclass(slots=True)
class _Kept:
    """A line of main text, whether a spacer or removed block stands before it, and the
    footnote references that follow it."""

    index: int
    gap: bool
    refs: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Paragraph:
    start: int
    end: int
    lines: list[int]
    gap: bool
    short_heading: bool = False


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for chunk in raw.split("\n"):
        text = chunk.removesuffix("\r")
        stripped = text.strip()
        if not text:
            kind = EMPTY
        elif not stripped:
            kind = RULE if len(text) >= _RULE_MIN else SPACE
        elif _NUM.fullmatch(stripped):
            kind = NUM
        elif _URL.fullmatch(stripped):
            kind = URL
        else:
            kind = TEXT
        lines.append(_Line(pos, text, kind, stripped))
        pos += len(chunk) + 1
    return lines


def _ends_sentence(text: str, abbreviations: frozenset[str]) -> bool:
    """The line ends a sentence (final punctuation, not after "Nr." or an initial "A.")."""
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] not in _FINAL:
        return False
    last = core.rsplit(None, 1)[-1]
    return last not in abbreviations and not _INITIAL.search(last)


def _starts_new(text: str) -> bool:
    """The line can open a paragraph: a capital, digit, opening quote or list marker."""
    first = text[0]
    return first.isupper() or first.isdigit() or first in _OPENERS or bool(_LIST.match(text))


class _Cleaner:
    """One pass over the lines of a dump: `run` classifies them (the Assembler in clean.py joins them)."""

    def __init__(self, raw: str, lines: list[_Line]) -> None:
        self.raw = raw
        self.lines = lines
        self.m = _markers()
        self.kept: list[_Kept] = []
        self.leading_refs: list[int] = []  # references before any kept line
        self.gap = True
        self.removed: list[tuple[int, int, str]] = []
        self.bodies: dict[int, list[int]] = {}  # number -> line indices, -1 = page break
        self.last_body: int | None = None
        self.tables: list[Table] = []
        self.next_ref = 1
        self.next_body = 1
        abbr = parse_abbreviations(raw)
        self.abbr_span = (abbr.start, abbr.end) if abbr.items else (0, 0)

    # -- line helpers -------------------------------------------------------------------
    def _glued_prev(self, i: int) -> bool:
        """The line before is non-empty and has no trailing space (a reference's anchor)."""
        if i == 0:
            return False
        prev = self.lines[i - 1]
        return prev.kind != EMPTY and not prev.text[-1].isspace()

    def _glued_next(self, i: int) -> bool:
        return i + 1 < len(self.lines) and self.lines[i + 1].kind != EMPTY

    def _page_start(self, i: int) -> bool:
        """A line glued to the line before and starting with a space: a new page's first line."""
        line = self.lines[i]
        if i == 0 or line.kind in (EMPTY, SPACE, RULE) or not line.text[0].isspace():
            return False
        return self.lines[i - 1].kind not in (EMPTY, NUM, RULE)

    def _body_start(self, i: int) -> bool:
        """Line i is a footnote number directly followed by its body line."""
        if not self._glued_next(i):
            return False
        nxt = self.lines[i + 1]
        return nxt.kind in (TEXT, URL) and nxt.text[0].isspace()

    def _url_block(self, j: int) -> bool:
        """A line of the page's link block: glued to the next line (or last in the text)."""
        return j + 1 >= len(self.lines) or self.lines[j + 1].kind != EMPTY

    def _span(self, first: int, last: int) -> tuple[int, int]:
        """Original span of lines first..last without their outer whitespace."""
        head, tail = self.lines[first], self.lines[last]
        start = head.start + len(head.text) - len(head.text.lstrip())
        return start, max(start, tail.start + len(tail.text.rstrip()))

    def _remove(self, first: int, last: int, kind: str) -> None:
        start, end = self._span(first, last)
        if end > start:
            self.removed.append((start, end, kind))

    def _ref(self, number: int) -> None:
        (self.kept[-1].refs if self.kept else self.leading_refs).append(number)
        self.next_ref = number + 1

    def _caption_end(self, i: int) -> int:
        """Index of the last line of a caption starting at line i (lowercase continuations)."""
        last, j, more = i, i + 1, _CAPTION_MORE
        while j < len(self.lines) and more > 0:
            line = self.lines[j]
            if line.kind == EMPTY:
                j += 1
                continue
            if line.kind != TEXT or not line.strip[0].islower():
                break
            last, more, j = j, more - 1, j + 1
        return last

    def _width(self, indices: list[int] | range) -> float:
        """Typical width of text lines (90th percentile of their lengths)."""
        lengths = sorted(len(self.lines[k].strip) for k in indices if self.lines[k].kind == TEXT)
        if not lengths:
            return 80.0
        return float(lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))])

    # -- main pass ----------------------------------------------------------------------
    def run(self) -> _Cleaner:
        i, n = 0, len(self.lines)
        a_start, a_end = self.abbr_span
        while i < n:
            line = self.lines[i]
            if a_start < a_end and line.start < a_end and line.start + len(line.text) > a_start:
                while i + 1 < n and self.lines[i + 1].start < a_end:
                    i += 1
                self.removed.append((a_start, a_end, "abbreviations"))
                self.gap = True
                a_start = a_end = 0
                i += 1
                continue
            i = self._main_line(i)
        return self

    def _main_line(self, i: int) -> int:
        line = self.lines[i]
        if line.kind == EMPTY:
            return i + 1
        if line.kind == SPACE:
            self.gap = True
            return i + 1
        if line.kind == RULE:
            return self._zone(i + 1)
        if line.kind == URL:
            self._remove(i, i, "url")
            return i + 1
        if line.kind == NUM:
            value = int(line.strip)
            if value == self.next_ref:
                self._ref(value)
                self._remove(i, i, "ref")
                return i + 1
            if value == self.next_body < self.next_ref and self._body_start(i):
                return self._zone(i)
        text = line.strip
        if self.m.table.match(text):
            return self._table(i)
        if self.m.figure.match(text):
            return self._drop(i, self._caption_end(i), "caption")
        if len(text) <= 160 and self.m.credit.match(text):
            return self._drop(i, i, "credit")
        if self.m.source.match(text):
            return self._drop(i, i, "source")
        self.kept.append(_Kept(i, self.gap))
        self.gap = False
        return i + 1

    def _drop(self, first: int, last: int, kind: str) -> int:
        self._remove(first, last, kind)
        self.gap = True
        return last + 1

    # -- footnote area ------------------------------------------------------------------
    def _zone(self, i: int) -> int:
        """Read a footnote area starting at line i; return the line where the text resumes."""
        end = self._zone_end(i)
        current: int | None = None
        for j in range(i, end):
            line = self.lines[j]
            if line.kind in (EMPTY, SPACE, RULE):
                continue
            if line.kind == URL and self._url_block(j):
                self._remove(j, j, "url")
            elif line.kind == NUM and self._is_body_number(j):
                current = int(line.strip)
                self.bodies[current] = [j]
                self.last_body = current
                self.next_body = current + 1
                self.next_ref = max(self.next_ref, self.next_body)
            elif current is None and self.last_body is not None:
                current = self.last_body  # a body continued from the previous page
                self.bodies[current].extend((-1, j))
            elif current is None:
                self._remove(j, j, "footnote")  # an unnumbered note
            else:
                self.bodies[current].append(j)
        return end

    def _is_body_number(self, j: int) -> bool:
        value = int(self.lines[j].strip)
        return value == self.next_body and (value < self.next_ref or self._body_start(j))

    def _zone_end(self, i: int) -> int:
        """Where the main text resumes after a footnote area starting at line i: after the
        link block, or at a glued line starting with a space; else guessed by line shape."""
        j, n, seen, in_block = i, len(self.lines), 0, False
        while j < n:
            line = self.lines[j]
            if line.kind != EMPTY:
                if in_block and line.kind != URL:
                    return j
                if self._page_start(j):
                    return j
                if line.kind == RULE or seen >= _ZONE_MAX:
                    break
                if (
                    line.kind == NUM
                    and int(line.strip) == self.next_ref
                    and self._glued_prev(j)
                    and not self._body_start(j)
                ):
                    break  # a reference in running text: the area ended before
                in_block = line.kind == URL and self._url_block(j)
                seen += 1
            j += 1
        return self._zone_end_by_shape(i, j)

    def _zone_end_by_shape(self, i: int, limit: int) -> int:
        """After the area's last footnote number, the first line that starts lowercase right
        after a line ending a sentence and is no wider than the text before the area.
        Without a footnote number nothing is taken as a footnote."""
        width = self._width(range(max(0, i - 60), i))
        last_number = max((j for j in range(i, limit) if self.lines[j].kind == NUM), default=None)
        if last_number is None:
            return i
        prev = ""
        for j in range(last_number + 1, limit):
            line = self.lines[j]
            if line.kind != TEXT:
                continue
            if (
                prev
                and _ends_sentence(prev, self.m.abbreviations)
                and line.strip[0].islower()
                and len(line.strip) <= width * 1.05
            ):
                return j
            prev = line.strip
        return limit

    # -- tables -------------------------------------------------------------------------
    def _table(self, i: int) -> int:
        """Lift a table from its caption to its "Avots:" line (or last "Kopā" row)."""
        cap_last = self._caption_end(i)
        caption = " ".join(
            " ".join(self.lines[k].strip.split())
            for k in range(i, cap_last + 1)
            if self.lines[k].kind == TEXT
        )
        end, source = self._table_end(cap_last)
        cells: list[str] = []
        for k in range(cap_last + 1, end + 1):
            line = self.lines[k]
            if line.kind == NUM and int(line.strip) == self.next_ref and self._glued_prev(k):
                self._ref(self.next_ref)
            elif line.kind in (TEXT, NUM) and (k != end or source is None):
                cells.append(" ".join(line.strip.split()))
        start, stop = self._span(i, end)
        self.tables.append(Table(caption, tuple(cells), source, start, stop))
        self.removed.append((start, stop, "table"))
        self.gap = True
        return end + 1

    def _table_end(self, cap_last: int) -> tuple[int, str | None]:
        rows: list[int] = []
        first_space: int | None = None
        j, n = cap_last + 1, len(self.lines)
        while j < n and len(rows) < _TABLE_MAX:
            line = self.lines[j]
            if line.kind == RULE:
                break
            if line.kind == SPACE and first_space is None and rows:
                first_space = j
            if line.kind in (TEXT, NUM):
                if self.m.figure.match(line.strip) or self.m.table.match(line.strip):
                    break
                match = self.m.source.match(line.strip)
                if match:
                    return j, match.group(1).strip() or None
                rows.append(j)
            j += 1
        totals = [k for k in rows if self.lines[k].strip.casefold().startswith("kopā")]
        if totals:
            return totals[-1], None
        if first_space is not None:
            rows = [k for k in rows if k < first_space]
        return (rows[-1] if rows else cap_last), None
