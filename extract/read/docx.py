"""Read a DOCX report (WordprocessingML): paragraphs, headings (they become report sections),
tables, footnotes and endnotes linked at their markers, and the title.

The parts are read through `archive.open_zip_member`, so a zip bomb or a truncated archive is one
clear line. The XML is walked with lxml: a `w:footnoteReference`/`w:endnoteReference` is a marker
at its place in the paragraph (what docx2python keeps as a placeholder and python-docx drops), and
the notes' bodies come from word/footnotes.xml and word/endnotes.xml. Running headers and footers
live in their own parts (header1.xml, ...) and never reach the text. Notes are numbered in the
order they are cited (footnotes and endnotes in one sequence, as a reader meets them).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reportgraph.errors import InputError
from reportgraph.extract.read.archive import DEFAULT_LIMIT, open_zip, open_zip_member
from reportgraph.extract.read.assemble import TextAssembler

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_HEADING_NAME = re.compile(r"^(heading|virsraksts)\s*\d|^title$|^virsraksts$", re.IGNORECASE)


def parse_xml(raw: bytes, path: Path | str, part: str):
    """The root element of an XML part; InputError naming the file when it is not well-formed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: {part} is not well-formed XML (corrupt file?): {exc}") from None


class _Reader:
    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.total = [0]
        self.names = set(open_zip(data, path).namelist())
        self.numbers: dict[tuple[str, str], int] = {}
        self.asm = TextAssembler()
        self.heading_styles = self._heading_styles()

    def part(self, name: str):
        if name not in self.names:
            return None
        return parse_xml(open_zip_member(self.data, name, DEFAULT_LIMIT, path=self.path,
                                         total=self.total), self.path, name)

    def _heading_styles(self) -> set[str]:
        """Style ids of headings: named "heading N"/"Title" or with an outline level."""
        out = {"Title"} | {f"Heading{i}" for i in range(1, 10)}
        styles = self.part("word/styles.xml")
        if styles is None:
            return out
        for st in styles.iter(W + "style"):
            sid = st.get(W + "styleId") or ""
            name = st.find(W + "name")
            label = name.get(W + "val") if name is not None else ""
            if _HEADING_NAME.match(label or "") or st.find(f"{W}pPr/{W}outlineLvl") is not None:
                out.add(sid)
        return out

    def note_number(self, kind: str, ident: str) -> int:
        key = (kind, ident)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def runs(self, p) -> tuple[str, list[tuple[int, int]]]:
        """The text of paragraph `p` and its note markers (position, number)."""
        parts: list[str] = []
        size = 0
        markers: list[tuple[int, int]] = []
        for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen",
                         W + "footnoteReference", W + "endnoteReference"):
            tag = el.tag[len(W):]
            if tag == "t":
                piece = el.text or ""
            elif tag == "noBreakHyphen":
                piece = "-"
            elif tag in ("footnoteReference", "endnoteReference"):
                kind = "footnote" if tag == "footnoteReference" else "endnote"
                markers.append((size, self.note_number(kind, el.get(W + "id") or "")))
                continue
            else:
                piece = " "
            parts.append(piece)
            size += len(piece)
        return "".join(parts), markers

    def paragraph(self, p) -> None:
        text, markers = self.runs(p)
        style = p.find(f"{W}pPr/{W}pStyle")
        heading = (style is not None and style.get(W + "val") in self.heading_styles) or \
            p.find(f"{W}pPr/{W}outlineLvl") is not None
        text, markers = squeeze(text, markers)
        self.asm.paragraph(text, heading=heading, markers=markers)

    def table(self, tbl) -> None:
        rows = []
        for tr in tbl.iter(W + "tr"):
            if tr.getparent() is not None and _owner_table(tr) is not tbl:
                continue  # a row of a table nested in a cell: its text is in that cell
            cells = []
            for tc in tr.findall(W + "tc"):
                cells.append(" ".join(self.runs(p)[0] for p in tc.iter(W + "p")))
            rows.append(cells)
        self.asm.table(rows)

    def body(self) -> None:
        doc = self.part("word/document.xml")
        if doc is None:
            raise InputError(f"{self.path}: word/document.xml is missing (not a DOCX file?)")
        body = doc.find(W + "body")
        if body is None:
            raise InputError(f"{self.path}: the document has no body (corrupt file?)")
        self._blocks(body)

    def _blocks(self, parent) -> None:
        for el in parent:
            if el.tag == W + "p":
                self.paragraph(el)
            elif el.tag == W + "tbl":
                self.table(el)
            elif el.tag in (W + "sdt", W + "customXml"):
                content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
                if content is not None:
                    self._blocks(content)

    def notes(self) -> None:
        bodies: dict[tuple[str, str], str] = {}
        for kind in ("footnote", "endnote"):
            root = self.part(f"word/{kind}s.xml")
            if root is None:
                continue
            for note in root.iter(W + kind):
                if note.get(W + "type") in ("separator", "continuationSeparator",
                                            "continuationNotice"):
                    continue
                text = " ".join(self.runs(p)[0] for p in note.iter(W + "p"))
                bodies[(kind, note.get(W + "id") or "")] = text
        for key, number in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            if key in bodies:
                self.asm.footnote(number, bodies[key])

    def title(self) -> str | None:
        core = self.part("docProps/core.xml")
        if core is None:
            return None
        el = core.find(_DC + "title")
        text = " ".join((el.text or "").split()) if el is not None else ""
        return text or None


def _owner_table(tr):
    el = tr.getparent()
    while el is not None and el.tag != W + "tbl":
        el = el.getparent()
    return el


def squeeze(text: str, markers: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Collapse runs of whitespace in `text` (and strip it), moving the marker positions along."""
    out: list[str] = []
    where: list[int] = []  # where[i]: length of the output before input char i
    for ch in text:
        where.append(len(out))
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)
    where.append(len(out))
    s = "".join(out)
    trimmed = s.rstrip()
    lead = len(s) - len(s.lstrip())
    moved = [(max(0, min(where[pos], len(trimmed)) - lead), n) for pos, n in markers]
    return trimmed[lead:], moved


def read_docx(path: Path, data: bytes):
    """A ReportSource from a DOCX file's bytes; InputError (one line naming the file) when it is
    corrupt, truncated, a zip bomb or has no text."""
    from reportgraph.extract.read.reader import ReportSource, report_title, report_year

    path = Path(path)
    reader = _Reader(path, data)
    reader.body()
    reader.notes()
    text, clean, _ = reader.asm.build()
    if not clean.text.strip():
        raise InputError(f"{path}: the DOCX document has no text")
    title = report_title(text, path)
    if title == path.stem:
        heads = [clean.text[a:b] for a, b in clean.headings]
        title = reader.title() or (heads[0] if heads else path.stem)
    return ReportSource(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                        year=report_year(text, path), title=title, media_type=MEDIA_TYPE,
                        clean=clean, pages=())


__all__ = ["parse_xml", "read_docx", "squeeze"]
