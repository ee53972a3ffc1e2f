"""Read an ODT report (OpenDocument text): text:h headings (report sections), text:p paragraphs
(also inside lists and sections), tables, and text:note footnotes and endnotes, whose bodies are
taken out of the running text and linked at their citation.

content.xml is read through `archive.open_zip_member` (a zip bomb or a truncated archive is one
clear line) and walked with lxml. Running headers and footers are in styles.xml (the master page)
and never reach the text. Page breaks are not known in an ODT (LibreOffice lays pages out when it
renders), so `pages` is empty. Notes are numbered in the order they are cited.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportgraph.errors import InputError
from reportgraph.extract.read.archive import DEFAULT_LIMIT, open_zip, open_zip_member
from reportgraph.extract.read.assemble import TextAssembler
from reportgraph.extract.read.docx import parse_xml, squeeze

MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
#: elements whose text is not running text (notes are handled apart)
_SKIP = {TEXT + "note-citation", OFFICE + "annotation", OFFICE + "annotation-end",
         TEXT + "tracked-changes", "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame"}


class _Reader:
    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.total = [0]
        self.names = set(open_zip(data, path).namelist())
        self.asm = TextAssembler()
        self.notes: list[tuple[int, str]] = []

    def part(self, name: str):
        if name not in self.names:
            return None
        return parse_xml(open_zip_member(self.data, name, DEFAULT_LIMIT, path=self.path,
                                         total=self.total), self.path, name)

    def inline(self, el, parts: list[str], markers: list[tuple[int, int]], size: list[int],
               notes: bool = True) -> None:
        """Append the text of `el`'s content (not its tail) to `parts`."""
        def add(s: str | None) -> None:
            if s:
                parts.append(s)
                size[0] += len(s)

        add(el.text)
        for child in el:
            tag = child.tag
            if tag == TEXT + "s":
                add(" " * int(child.get(TEXT + "c") or 1))
            elif tag in (TEXT + "tab", TEXT + "line-break"):
                add(" ")
            elif tag == TEXT + "note":
                if notes:
                    number = len(self.notes) + 1
                    body = child.find(TEXT + "note-body")
                    self.notes.append((number, self.block_text(body) if body is not None else ""))
                    markers.append((size[0], number))
            elif tag in _SKIP or not isinstance(tag, str):
                pass
            else:
                self.inline(child, parts, markers, size, notes)
            add(child.tail)

    def block_text(self, el) -> str:
        """All the paragraph text under `el`, paragraphs joined by a space (notes left out)."""
        out = []
        for p in el.iter(TEXT + "p", TEXT + "h"):
            parts: list[str] = []
            self.inline(p, parts, [], [0], notes=False)
            out.append("".join(parts))
        return " ".join(" ".join(out).split())

    def paragraph(self, el, heading: bool) -> None:
        parts: list[str] = []
        markers: list[tuple[int, int]] = []
        self.inline(el, parts, markers, [0])
        text, markers = squeeze("".join(parts), markers)
        self.asm.paragraph(text, heading=heading, markers=markers)

    def table(self, tbl) -> None:
        rows = []
        for tr in tbl.iter(TABLE + "table-row"):
            cells = []
            for tc in tr:
                if tc.tag == TABLE + "table-cell":
                    cells.append(self.block_text(tc))
            rows.append(cells)
        self.asm.table(rows)

    def blocks(self, parent) -> None:
        for el in parent:
            tag = el.tag
            if tag == TEXT + "h":
                self.paragraph(el, True)
            elif tag == TEXT + "p":
                self.paragraph(el, False)
            elif tag == TABLE + "table":
                self.table(el)
            elif tag in (TEXT + "list", TEXT + "list-item", TEXT + "list-header",
                         TEXT + "section", TEXT + "index-body"):
                self.blocks(el)

    def title(self) -> str | None:
        meta = self.part("meta.xml")
        el = meta.find(f".//{_DC}title") if meta is not None else None
        text = " ".join((el.text or "").split()) if el is not None else ""
        return text or None


def read_odt(path: Path, data: bytes):
    """A ReportSource from an ODT file's bytes; InputError (one line naming the file) when it is
    corrupt, truncated, a zip bomb or has no text."""
    from reportgraph.extract.read.reader import ReportSource, report_title, report_year

    path = Path(path)
    reader = _Reader(path, data)
    content = reader.part("content.xml")
    if content is None:
        raise InputError(f"{path}: content.xml is missing (not an ODT file?)")
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(f"{path}: the document has no text body (not an ODT text document?)")
    reader.blocks(body)
    for number, text in reader.notes:
        reader.asm.footnote(number, text)
    text, clean, _ = reader.asm.build()
    if not clean.text.strip():
        raise InputError(f"{path}: the ODT document has no text")
    title = report_title(text, path)
    if title == path.stem:
        heads = [clean.text[a:b] for a, b in clean.headings]
        title = reader.title() or (heads[0] if heads else path.stem)
    return ReportSource(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                        year=report_year(text, path), title=title, media_type=MEDIA_TYPE,
                        clean=clean, pages=())


__all__ = ["read_odt"]
