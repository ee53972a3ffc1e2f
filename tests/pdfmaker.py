"""Make PDF test files the way report writers lay them out, with reportlab: running headers, page
numbers, one or two columns, footnotes cited mid-sentence (superscript markers, bodies at the page
foot), words hyphenated at a line end, landscape table pages and figure captions.

    doc = PdfMaker(path, header="Kultūras ministrija — informatīvais ziņojums")
    doc.page(columns=2)
    doc.heading("1. Ievads")
    doc.para("Biedrība „Čigānu kultūras centrs” īstenoja projektu{1} ...", notes={1: "Body."})
    doc.table([["", "2017.", "2018."], ["Kurzeme", "12", "15"]], caption="1. tabula. ...")
    doc.save()

A footnote marker is written "{N}" in the text; a soft hyphen (U+00AD) in a word is where it may
be broken at a line end (drawn as "-"). Also a command: `python tests/pdfmaker.py TXT PDF` lays a
text file (paragraphs separated by empty lines) out as a PDF.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/share/fonts/TTF", "/usr/local/share/fonts")
_MARK = re.compile(r"\{(\d+)\}")


def find_font() -> tuple[str, str] | None:
    """Paths of DejaVu Sans and its bold (they have the Latvian letters), or None."""
    for d in FONT_DIRS:
        regular, bold = Path(d) / "DejaVuSans.ttf", Path(d) / "DejaVuSans-Bold.ttf"
        if regular.exists():
            return str(regular), str(bold if bold.exists() else regular)
    return None


def _register() -> None:
    if "RG-Sans" in pdfmetrics.getRegisteredFontNames():
        return
    found = find_font()
    if found is None:
        raise RuntimeError("no DejaVu Sans font found (apt-get install fonts-dejavu-core)")
    pdfmetrics.registerFont(TTFont("RG-Sans", found[0]))
    pdfmetrics.registerFont(TTFont("RG-Sans-Bold", found[1]))


class PdfMaker:
    """A tiny flowing layout on a reportlab canvas (see the module docstring)."""

    def __init__(self, path: str | Path, *, header: str | None = None, numbers: bool = True,
                 size: float = 10, margin: float = 56, gutter: float = 24) -> None:
        _register()
        self.c = Canvas(str(path), pagesize=A4)
        self.header, self.numbers = header, numbers
        self.size, self.margin, self.gutter = size, margin, gutter
        self.leading = size * 1.35
        self.page_no = 0
        self.notes: list[tuple[int, str]] = []
        self.open = False

    # -------------------------------------------------------------- pages
    def page(self, *, columns: int = 1, landscape_page: bool = False) -> None:
        if self.open:
            self._finish_page()
        self.w, self.h = landscape(A4) if landscape_page else A4
        self.c.setPageSize((self.w, self.h))
        self.page_no += 1
        self.columns = columns
        self.col = 0
        self.col_w = (self.w - 2 * self.margin - (columns - 1) * self.gutter) / columns
        self.top = self.h - self.margin - 2 * self.leading
        self.y = self.top
        self.open = True
        self.notes = []

    def _x(self) -> float:
        return self.margin + self.col * (self.col_w + self.gutter)

    def _bottom(self) -> float:
        return self.margin + 2 * self.leading + len(self.notes) * 3 * 8 * 1.3

    def _newline(self, leading: float) -> None:
        self.y -= leading
        if self.y < self._bottom():
            if self.col + 1 < self.columns:
                self.col += 1
                self.y = self.top
            else:
                cols, land = self.columns, self.w > self.h
                self.page(columns=cols, landscape_page=land)

    def _finish_page(self) -> None:
        c = self.c
        if self.header:
            c.setFont("RG-Sans", 8)
            c.drawString(self.margin, self.h - self.margin, self.header)
        if self.numbers:
            c.setFont("RG-Sans", 9)
            c.drawCentredString(self.w / 2, self.margin - 20, str(self.page_no))
        if self.notes:
            y = self.margin + 8
            lines = []
            for n, text in self.notes:
                lines += [(n if k == 0 else None, ln)
                          for k, ln in enumerate(self._wrap(text, self.w - 2 * self.margin - 10, 8))]
            y = self.margin + 4 + len(lines) * 8 * 1.3
            c.setLineWidth(0.5)
            c.line(self.margin, y + 8, self.margin + 150, y + 8)
            for n, ln in lines:
                if n is not None:
                    c.setFont("RG-Sans", 5.5)
                    c.drawString(self.margin, y + 3, str(n))
                c.setFont("RG-Sans", 8)
                c.drawString(self.margin + 10, y, ln)
                y -= 8 * 1.3
        c.showPage()
        self.open = False

    def save(self) -> None:
        if self.open:
            self._finish_page()
        self.c.save()

    # -------------------------------------------------------------- text
    def _width(self, word: str, size: float, font: str = "RG-Sans") -> float:
        return pdfmetrics.stringWidth(_MARK.sub("", word).replace("\xad", ""), font, size)

    def _wrap(self, text: str, width: float, size: float, font: str = "RG-Sans") -> list[str]:
        """Lines of `text`; a word with soft hyphens that does not fit is broken at one."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if self._width(trial, size, font) <= width:
                line = trial
                continue
            parts = word.split("\xad")
            done = False
            for k in range(len(parts) - 1, 0, -1):
                head = "".join(parts[:k]) + "-"
                if self._width(f"{line} {head}" if line else head, size, font) <= width:
                    lines.append(f"{line} {head}" if line else head)
                    line = "\xad".join(parts[k:])
                    done = True
                    break
            if not done:
                if line:
                    lines.append(line)
                line = word
        if line:
            lines.append(line)
        return [ln.replace("\xad", "") for ln in lines]

    def _draw(self, x: float, line: str, size: float, font: str) -> None:
        """Draw a line; "{N}" becomes a raised, smaller footnote marker."""
        c = self.c
        pos = 0
        for m in _MARK.finditer(line):
            part = line[pos:m.start()]
            c.setFont(font, size)
            c.drawString(x, self.y, part)
            x += pdfmetrics.stringWidth(part, font, size)
            c.setFont("RG-Sans", size * 0.6)
            c.drawString(x, self.y + size * 0.38, m.group(1))
            x += pdfmetrics.stringWidth(m.group(1), "RG-Sans", size * 0.6)
            pos = m.end()
        c.setFont(font, size)
        c.drawString(x, self.y, line[pos:])

    def para(self, text: str, *, notes: dict[int, str] | None = None, size: float | None = None,
             bold: bool = False, space: float = 0.6) -> None:
        size = size or self.size
        font = "RG-Sans-Bold" if bold else "RG-Sans"
        for n, body in (notes or {}).items():
            self.notes.append((n, body))
        for line in self._wrap(text, self.col_w, size, font):
            self._draw(self._x(), line, size, font)
            self._newline(size * 1.35)
        self.y -= size * space

    def heading(self, text: str) -> None:
        self.para(text, size=self.size * 1.3, bold=True, space=0.4)

    def caption(self, text: str) -> None:
        self.para(text, size=self.size * 0.85, space=0.8)

    def table(self, rows: list[list[str]], *, caption: str = "", source: str = "") -> None:
        """Rows of cells; the first cell is the label, the others right-aligned in columns."""
        if caption:
            self.para(caption, bold=True, size=self.size * 0.9)
        c = self.c
        size = self.size * 0.9
        label_w = max(self._width(r[0], size) for r in rows) + 30
        ncells = max(len(r) for r in rows) - 1
        cell_w = max(60.0, (self.col_w - label_w) / max(1, ncells))
        for row in rows:
            x = self._x()
            c.setFont("RG-Sans", size)
            c.drawString(x, self.y, row[0])
            for k, cell in enumerate(row[1:]):
                c.drawRightString(x + label_w + (k + 1) * cell_w - 6, self.y, cell)
            self._newline(size * 1.6)
        if source:
            self.para(source, size=self.size * 0.8)
        self.y -= self.size


def text_to_pdf(text: str, path: str | Path, header: str | None = None) -> int:
    """Lay a text out as a one-column PDF (paragraphs separated by empty lines); its page count."""
    doc = PdfMaker(path, header=header)
    doc.page()
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(block.split())
        if block:
            doc.para(block)
    n = doc.page_no
    doc.save()
    return n


if __name__ == "__main__":
    src, out = sys.argv[1], sys.argv[2]
    pages = text_to_pdf(Path(src).read_text(encoding="utf-8"), out,
                        header=sys.argv[3] if len(sys.argv) > 3 else None)
    print(f"{out}: {pages} pages")
