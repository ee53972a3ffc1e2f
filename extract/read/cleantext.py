"""The result of cleaning: text, its offsets into the original, footnotes, tables, headings."""

from __future__ import annotations

from dataclasses import dataclass


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
