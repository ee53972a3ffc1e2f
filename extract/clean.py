"""Clean a report's PDF-to-text dump into paragraphs, keeping exact offsets into the original.

The dump's shape: each text line ends in a space and is followed by an empty line; a footnote
reference number stands alone on a line glued to the text it cites (no trailing space, no empty
line between); a long line of spaces is the footnote rule at a page end, followed by the footnote
bodies (an "N" line, then body lines) and the page's link URLs on consecutive lines; the next
page's first line is glued to the line before it and starts with a space.
Text without empty lines is taken as already clean: each line is one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from reportgraph.extract.abbreviations import parse_abbreviations

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
class Footnote:
    """A footnote: number, cleaned body text and the body's span in the original text
    (from its first to its last character; a body continued on the next page's footnote
    area spans the page's text in between)."""

    number: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A flattened statistical table lifted out of the text."""

    caption: str
    lines: tuple[str, ...]
    source: str | None
    start: int
    end: int


@dataclass(frozen=True)
class CleanText:
    """Main text of a report with offsets into the original and what was taken out.

    `refs` holds (index, number): the reference stood right after text[index - 1]; one that
    sat inside a lifted table points at the table's place. `removed` is sorted by start.
    """

    text: str
    offsets: tuple[int, ...]
    footnotes: tuple[Footnote, ...]
    refs: tuple[tuple[int, int], ...]
    headings: tuple[tuple[int, int], ...]
    tables: tuple[Table, ...]
    removed: tuple[tuple[int, int, str], ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the clean span [start, end)."""
        n = len(self.offsets)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end <= start:
            pos = self.offsets[start] if start < n else (self.offsets[-1] + 1 if n else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def footnotes_for(self, start: int, end: int) -> list[Footnote]:
        """Footnotes whose reference follows a character of the clean span [start, end).

        A reference at index i stood right after text[i - 1].
        """
        wanted = {number for index, number in self.refs if start < index <= end}
        return [note for note in self.footnotes if note.number in wanted]


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
    """Line patterns built from extract/data/clean_markers.txt and clean_abbreviations.txt."""
    data = files("reportgraph.extract") / "data"
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
    """One pass over the lines of a dump; `run` returns the CleanText."""

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
    def run(self) -> CleanText:
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
        return _Assembler(self).result()

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


class _Builder:
    """Collects clean text with the original offset of every character."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: list[int] = []
        self.size = 0

    def sep(self, char: str, offset: int) -> None:
        """A separator standing for the whitespace at `offset`."""
        self.parts.append(char)
        self.offsets.append(offset)
        self.size += 1

    def line(self, line: _Line) -> None:
        """The line's words, whitespace runs collapsed to one space."""
        parts, offsets, base = self.parts, self.offsets, line.start
        words = line.text.strip()
        if words and not _UNEVEN_SPACE.search(words):  # single spaces only: the line as it is
            at = base + line.text.index(words[0])
            parts.append(words)
            offsets.extend(range(at, at + len(words)))
            self.size += len(words)
            return
        size = self.size
        for match in _TOKEN.finditer(line.text):
            a, b = match.span()
            if size != self.size:  # a space between words, standing for the run before this one
                parts.append(" ")
                offsets.append(base + a - 1)
                size += 1
            parts.append(match.group())
            offsets.extend(range(base + a, base + b))
            size += b - a
        self.size = size

    def text(self) -> str:
        return "".join(self.parts)


class _Assembler:
    """Join the kept lines into paragraphs with offsets; find headings; build footnotes."""

    def __init__(self, cleaner: _Cleaner) -> None:
        self.c = cleaner
        self.lines = cleaner.lines
        self.width = cleaner._width([k.index for k in cleaner.kept])
        self.out = _Builder()

    def result(self) -> CleanText:
        out = self.out
        refs: list[tuple[int, int]] = [(0, number) for number in self.c.leading_refs]
        paragraphs: list[_Paragraph] = []
        for n, kept in enumerate(self.c.kept):
            line = self.lines[kept.index]
            if n == 0:
                paragraphs.append(_Paragraph(0, 0, [], True))
            else:
                prev = self.lines[self.c.kept[n - 1].index]
                para = paragraphs[-1]
                brk, heading = self._breaks(prev, line, len(para.lines))
                sep = prev.start + len(prev.text.rstrip())
                if brk:
                    para.end, para.short_heading = out.size, heading
                    out.sep("\n", sep)
                    paragraphs.append(_Paragraph(out.size, out.size, [], kept.gap))
                elif line.strip[0] not in _NO_SPACE_BEFORE:
                    out.sep(" ", sep)
            paragraphs[-1].lines.append(kept.index)
            out.line(line)
            refs.extend((out.size, number) for number in kept.refs)
        if paragraphs:
            paragraphs[-1].end = out.size
        text = out.text()
        footnotes = self._footnotes()  # also records the bodies in `removed`
        return CleanText(
            text=text,
            offsets=tuple(out.offsets),
            footnotes=footnotes,
            refs=tuple(refs),
            headings=self._headings(text, paragraphs),
            tables=tuple(self.c.tables),
            removed=_merge(self.c.removed, self.c.raw),
        )

    def _breaks(self, prev: _Line, line: _Line, para_len: int) -> tuple[bool, bool]:
        """(a paragraph break between prev and line, prev is a heading without punctuation)."""
        a, b = prev.strip, line.strip
        if _LIST.match(b):
            return True, False
        if _ends_sentence(a, self.c.m.abbreviations):
            return _starts_new(b), False
        if (
            para_len == 1
            and (b[0].isupper() or b[0].isdigit() or b[0] in _OPENERS)
            and a[0].isupper()
            and a[-1] not in ",;:-–"
            and len(a) <= 0.6 * self.width
            and not _LIST.match(a)
        ):
            return True, True
        return False, False

    def _headings(self, text: str, paragraphs: list[_Paragraph]) -> tuple[tuple[int, int], ...]:
        """Numbered sections ("III ..."), short unpunctuated lines before a paragraph, and
        short one-sentence blocks set off by a spacer line in a wider (heading) font."""
        found: list[tuple[int, int]] = []
        for n, para in enumerate(paragraphs):
            body = text[para.start : para.end]
            if not body:
                continue
            numbered = _ROMAN.match(body) and len(body) <= 2 * _HEADING_MAX
            if (
                para.short_heading
                or (numbered and len(para.lines) <= 3)
                or (n < len(paragraphs) - 1 and self._set_off_heading(body, para))
            ):
                found.append((para.start, para.end))
        return tuple(found)

    def _set_off_heading(self, body: str, para: _Paragraph) -> bool:
        if not para.gap or len(para.lines) > 2 or len(body) > _HEADING_MAX:
            return False
        if not body[0].isupper() or body[-1] in ",;:" or _LIST.match(body):
            return False
        if any(ch.isdigit() for ch in body) or _SENTENCES.search(body):
            return False
        return all(len(self.lines[k].strip) < 0.85 * self.width for k in para.lines)

    def _footnotes(self) -> tuple[Footnote, ...]:
        notes: list[Footnote] = []
        for number in sorted(self.c.bodies):
            ids = self.c.bodies[number]
            for segment in _segments(ids):
                start, end = self.c._span(segment[0], segment[-1])
                self.c.removed.append((start, end, "footnote"))
            body = [k for k in ids[1:] if k >= 0]
            if body:
                start, _ = self.c._span(body[0], body[0])
                _, end = self.c._span(body[-1], body[-1])
                notes.append(Footnote(number, _body_text(self.lines, body), start, end))
        return tuple(notes)


def _segments(ids: list[int]) -> list[list[int]]:
    """Split a footnote's line indices at page breaks (-1)."""
    out: list[list[int]] = [[]]
    for k in ids:
        if k < 0:
            out.append([])
        else:
            out[-1].append(k)
    return [seg for seg in out if seg]


def _body_text(lines: list[_Line], body: list[int]) -> str:
    """A footnote body's words; a URL broken at a line end (no trailing space) is rejoined."""
    words: list[str] = []
    glue = False
    for k in body:
        line = lines[k]
        tokens = line.text.split()
        if glue and tokens:
            words[-1] += tokens[0]
            tokens = tokens[1:]
        words.extend(tokens)
        glue = bool(words) and not line.text[-1].isspace() and bool(_URL_PART.search(words[-1]))
    return " ".join(words)


def _merge(removed: list[tuple[int, int, str]], raw: str) -> tuple[tuple[int, int, str], ...]:
    """Sort removals; merge URL lines separated only by whitespace into one block."""
    out: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(removed):
        if out and kind == "url" == out[-1][2] and not raw[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], max(end, out[-1][1]), kind)
        else:
            out.append((start, end, kind))
    return tuple(out)


def _plain(lines: list[_Line]) -> CleanText:
    """Already clean text: every non-blank line is a paragraph; whitespace is collapsed."""
    out = _Builder()
    for line in lines:
        if line.strip:
            if out.size:
                out.sep("\n", out.offsets[-1] + 1)
            out.line(line)
    return CleanText(out.text(), tuple(out.offsets), (), (), (), (), ())


def clean_report(raw: str) -> CleanText:
    """Clean a PDF-to-text dump: main text paragraphs, footnotes, tables and what was removed."""
    lines = _split_lines(raw)
    body = lines[:-1] if len(lines) > 1 and lines[-1].kind == EMPTY else lines
    if not any(line.kind in (EMPTY, SPACE, RULE) for line in body):
        return _plain(lines)
    return _Cleaner(raw, lines).run()


__all__ = ["CleanText", "Footnote", "Table", "clean_report"]
