"""Clean a report's PDF-to-text dump into paragraphs, keeping exact offsets into the original.

The dump's shape: each text line ends in a space and is followed by an empty line; a footnote
reference number stands alone on a line glued to the text it cites (no trailing space, no empty
line between); a long line of spaces is the footnote rule at a page end, followed by the footnote
bodies (an "N" line, then body lines) and the page's link URLs on consecutive lines; the next
page's first line is glued to the line before it and starts with a space.
Text without empty lines is taken as already clean: each line is one paragraph.
"""

from __future__ import annotations

from reportgraph.extract.read.cleantext import CleanText, Footnote, Table
from reportgraph.extract.read.dump import (
    _HEADING_MAX,
    _LIST,
    _NO_SPACE_BEFORE,
    _OPENERS,
    _ROMAN,
    _SENTENCES,
    _TOKEN,
    _UNEVEN_SPACE,
    _URL_PART,
    EMPTY,
    RULE,
    SPACE,
    _Cleaner,
    _ends_sentence,
    _Line,
    _Paragraph,
    _split_lines,
    _starts_new,
)

__all__ = ["CleanText", "Footnote", "Table", "clean_report"]


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
    return _Assembler(_Cleaner(raw, lines).run()).result()


__all__ = ["CleanText", "Footnote", "Table", "clean_report"]
