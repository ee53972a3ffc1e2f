"""Make office documents of a report the way offices make them, for the format tests.

A report text is first made into blocks (headings, paragraphs with footnote markers and bodies,
tables): `blocks_from_text` runs the PDF-to-text cleaner (`clean_report`) on a text dump, so the
sample report's paragraphs, footnotes and tables are what the .txt build reads. `write_odt` writes
the blocks as an ODT with odfpy, as a word processor saves it: a running header and page numbers
in the footer (on the master page), headings as text:h, footnotes as text:note cited
mid-sentence, tables as table:table with the caption above. `convert` turns it into DOCX or PDF
with LibreOffice headless (a private profile, so it never meets a user's running LibreOffice).

    blocks = blocks_from_text(Path("examples/romu-integracija-2018.txt").read_text())
    write_odt(blocks, tmp / "r.odt", header="Kultūras ministrija")
    convert(tmp / "r.odt", "docx", tmp)   # -> tmp / "r.docx"

Also a command: `python tests/formats/make.py REPORT.txt OUTDIR` writes OUTDIR/NAME.odt, .docx
and .pdf.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@dataclass
class Block:
    kind: str  # "h" | "p" | "table"
    text: str = ""
    notes: list[tuple[int, str]] = field(default_factory=list)  # (position in text, body)
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


def blocks_from_text(raw: str) -> list[Block]:
    """The blocks of a report text dump, as the .txt build's cleaner reads it."""
    from reportgraph.extract.read.clean import clean_report

    clean = clean_report(raw)
    bodies = {f.number: f.text for f in clean.footnotes}
    heads = sorted(clean.headings)
    cuts = sorted({0, len(clean.text)} | {a for a, _ in heads} | {b for _, b in heads}
                  | {i + 1 for i, ch in enumerate(clean.text) if ch == "\n"})
    head_set = set(heads)
    pieces: list[tuple[int, int, bool]] = []
    for a, b in itertools.pairwise(cuts):
        pieces.append((a, b, (a, b) in head_set or any(x <= a and b <= y for x, y in heads)))
    tables = sorted(clean.tables, key=lambda t: t.start)
    out: list[Block] = []
    for a, b, heading in pieces:
        text = clean.text[a:b]
        while tables and clean.offsets and a < len(clean.offsets) and \
                tables[0].start < clean.offsets[a]:
            t = tables.pop(0)
            out.append(Block("table", rows=[[line] for line in t.lines], caption=t.caption))
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        if not body:
            continue
        notes = [(i - a - lead, bodies[n]) for i, n in clean.refs
                 if a < i <= b and n in bodies]
        notes = [(max(0, min(p, len(body))), t) for p, t in notes]
        if heading and not notes:
            out.append(Block("h", body))
        else:
            out.append(Block("p", body, notes))
    for t in tables:
        out.append(Block("table", rows=[[line] for line in t.lines], caption=t.caption))
    return out


def write_odt(blocks: list[Block], path: Path, *, header: str = "Kultūras ministrija") -> Path:
    """The blocks as an ODT file, with a running header and page numbers in the footer."""
    from odf import teletype
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        Footer,
        Header,
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, Note, NoteBody, NoteCitation, P, PageNumber

    doc = OpenDocumentText()
    h1 = Style(name="Heading_20_1", displayname="Heading 1", family="paragraph",
               defaultoutlinelevel="1")
    h1.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    caption = Style(name="Table_20_caption", displayname="Table caption", family="paragraph")
    caption.addElement(TextProperties(fontstyle="italic"))
    note_style = Style(name="Footnote", family="paragraph")
    note_style.addElement(TextProperties(fontsize="9pt"))
    centre = Style(name="Footer_20_centre", displayname="Footer centre", family="paragraph")
    centre.addElement(ParagraphProperties(textalign="center"))
    for st in (h1, caption, note_style, centre):
        doc.styles.addElement(st)
    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm",
                                           margin="2cm", printorientation="portrait"))
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    head = Header()
    head.addElement(P(text=header))
    master.addElement(head)
    foot = Footer()
    number = P(stylename=centre)
    number.addElement(PageNumber(selectpage="current", text="1"))
    foot.addElement(number)
    master.addElement(foot)
    doc.masterstyles.addElement(master)

    note_id = 0
    for block in blocks:
        if block.kind == "h":
            doc.text.addElement(H(outlinelevel=1, stylename=h1, text=block.text))
        elif block.kind == "table":
            if block.caption:
                doc.text.addElement(P(stylename=caption, text=block.caption))
            width = max(len(r) for r in block.rows)
            table = Table(name=f"Tabula{note_id}_{len(doc.text.childNodes)}")
            table.addElement(TableColumn(numbercolumnsrepeated=width))
            for row in block.rows:
                tr = TableRow()
                for cell in row + [""] * (width - len(row)):
                    tc = TableCell(valuetype="string")
                    tc.addElement(P(text=cell))
                    tr.addElement(tc)
                table.addElement(tr)
            doc.text.addElement(table)
        else:
            p = P()
            at = 0
            for pos, body in sorted(block.notes, key=lambda n: n[0]):
                teletype.addTextToElement(p, block.text[at:pos])
                at = pos
                note_id += 1
                note = Note(id=f"ftn{note_id}", noteclass="footnote")
                note.addElement(NoteCitation(text=str(note_id)))
                nb = NoteBody()
                nb.addElement(P(stylename=note_style, text=body))
                note.addElement(nb)
                p.addElement(note)
            teletype.addTextToElement(p, block.text[at:])
            doc.text.addElement(p)
    path = Path(path)
    doc.save(str(path))
    return path


def convert(src: Path, fmt: str, outdir: Path, timeout: float = 180) -> Path:
    """`src` converted by LibreOffice headless to `fmt` (docx, pdf, ...) in `outdir`."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = Path(tempfile.gettempdir()) / f"rg-lo-profile-{os.getpid()}"
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    out = outdir / (Path(src).stem + "." + fmt.split(":")[0])
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def make_all(txt: Path, outdir: Path, formats=("docx", "pdf")) -> dict[str, Path]:
    """The report text `txt` as ODT and, converted, each of `formats` in `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    odt = write_odt(blocks_from_text(Path(txt).read_text(encoding="utf-8")),
                    outdir / (Path(txt).stem + ".odt"))
    made = {"odt": odt}
    for fmt in formats:
        made[fmt] = convert(odt, fmt, outdir)
    return made


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tests/formats/make.py REPORT.txt OUTDIR")
    for kind, p in make_all(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(kind, p)
