"""Assemble what a structured reader found (paragraphs, headings, footnotes, tables, pages) into
the extracted text and its `CleanText`, with exact offsets between the two.

A format reader (PDF, DOCX, ODT, HTML) walks its document and calls, in reading order,
`page()`, `paragraph()` (a heading with `heading=True`), `footnote()` and `table()`;
`build()` gives the extracted text (every offset of the report's provenance points into it),
the `CleanText` the pipeline analyses, and the page starts. Footnote markers are given as
positions inside a paragraph's text; a marker whose body never comes is dropped with a warning
(never a refused report).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from reportgraph.extract.read.clean import CleanText, Footnote, Table


@dataclass
class TextAssembler:
    """Collects a document's parts; see the module docstring."""

    _text: list[str] = field(default_factory=list)
    _size: int = 0
    clean: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    refs: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    footnotes: dict[int, Footnote] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    removed: list[tuple[int, int, str]] = field(default_factory=list)
    _clean_size: int = 0

    def _emit(self, text: str) -> int:
        """Append `text` (and a paragraph break) to the extracted text; its start offset."""
        if self._size:
            self._text.append("\n\n")
            self._size += 2
        start = self._size
        self._text.append(text)
        self._size += len(text)
        return start

    def page(self) -> None:
        """A new page starts here."""
        if self._size:
            self._text.append("\n\n")
            self._size += 2
        self.pages.append(self._size)

    def paragraph(self, text: str, *, heading: bool = False,
                  markers: list[tuple[int, int]] | tuple = ()) -> None:
        """A paragraph of running text. `markers` are (position in `text`, footnote number): the
        footnote reference stood right after text[position - 1] (and is not part of `text`)."""
        text = " ".join(text.split()) if not markers else text
        if not text.strip():
            return
        start = self._emit(text)
        if self._clean_size:
            self.clean.append("\n")
            self.offsets.append(start - 1)
            self._clean_size += 1
        cstart = self._clean_size
        self.clean.append(text)
        self.offsets.extend(range(start, start + len(text)))
        self._clean_size += len(text)
        for pos, number in markers:
            self.refs.append((cstart + max(0, min(pos, len(text))), number))
        if heading:
            self.headings.append((cstart, self._clean_size))

    def footnote(self, number: int, text: str) -> None:
        """The body of footnote `number` (kept out of the running text)."""
        text = " ".join(text.split())
        if not text or number in self.footnotes:
            return
        start = self._emit(text)
        self.footnotes[number] = Footnote(number, text, start, start + len(text))

    def table(self, rows: list[list[str]], caption: str = "", source: str | None = None) -> None:
        """A table as rows of cell texts (kept out of the running text, read as a Data Cube)."""
        lines = tuple(" ".join(" ".join(c.split()) for c in row if c.strip()) for row in rows)
        lines = tuple(line for line in lines if line)
        if not lines:
            return
        start = self._emit("\n".join(((caption,) if caption else ()) + lines))
        self.tables.append(Table(caption, lines, source, start, self._size))

    def remove(self, text: str, why: str) -> None:
        """Text kept in the extracted text but out of the analysis (a running header, say)."""
        if text.strip():
            start = self._emit(text)
            self.removed.append((start, self._size, why))

    def build(self) -> tuple[str, CleanText, tuple[int, ...]]:
        known = set(self.footnotes)
        refs = []
        for index, number in self.refs:
            if number in known:
                refs.append((index, number))
            else:
                warnings.warn(f"footnote {number} is cited but its text was not found; "
                              f"the citation is dropped", stacklevel=2)
        clean = CleanText(
            text="".join(self.clean),
            offsets=tuple(self.offsets),
            footnotes=tuple(self.footnotes[n] for n in sorted(self.footnotes)),
            refs=tuple(sorted(refs)),
            headings=tuple(self.headings),
            tables=tuple(self.tables),
            removed=tuple(self.removed),
        )
        return "".join(self._text), clean, tuple(self.pages)


__all__ = ["TextAssembler"]
