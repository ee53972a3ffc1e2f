"""Read a web page (HTML) as a report: its main text without navigation, cookie banners and
footers (trafilatura, offline: nothing is fetched), its title and the date it states.

trafilatura's XML output gives the main text as headings, paragraphs, lists and tables; they are
assembled as plain text (no markup reaches the report text, which a web app shows later). A page
with no main text is refused with one line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reportgraph.errors import InputError
from reportgraph.extract.read.assemble import TextAssembler

MEDIA_TYPE = "text/html"
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d")


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _blocks(parent, asm: TextAssembler) -> None:
    for el in parent:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            asm.paragraph(_text(el), heading=True)
        elif tag in ("p", "code"):
            asm.paragraph(_text(el))
        elif tag == "list":
            for item in el.iter("item"):
                asm.paragraph(_text(item))
        elif tag == "table":
            rows = [[_text(cell) for cell in row if cell.tag == "cell"] for row in el.iter("row")]
            asm.table(rows)
        elif tag in ("quote", "div", "main"):
            if any(isinstance(c.tag, str) and c.tag in ("p", "head", "list", "table")
                   for c in el):
                _blocks(el, asm)
            else:
                asm.paragraph(_text(el))


def read_html(path: Path, data: bytes):
    """A ReportSource from an HTML file's bytes; InputError "no main text found" (naming the
    file) when the page has none."""
    import trafilatura
    from lxml import etree

    from reportgraph.extract.read.reader import _YEAR, _YEAR_IN_TITLE, ReportSource, report_year

    path = Path(path)
    try:
        xml = trafilatura.extract(data, output_format="xml", include_tables=True,
                                  include_comments=False, include_images=False,
                                  include_formatting=False, include_links=False,
                                  with_metadata=True, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml on broken markup: say so in one line
        raise InputError(f"{path}: the HTML page could not be read ({type(exc).__name__})") from None
    if not xml:
        raise InputError(f"{path}: no main text found in the HTML page")
    try:
        doc = etree.fromstring(xml.encode("utf-8"),
                               etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise InputError(f"{path}: no main text found in the HTML page") from None
    asm = TextAssembler()
    main = doc.find("main")
    _blocks(main if main is not None else doc, asm)
    text, clean, _ = asm.build()
    if not clean.text.strip():
        raise InputError(f"{path}: no main text found in the HTML page")
    title = " ".join((doc.get("title") or "").split())
    if not title:
        heads = [clean.text[a:b] for a, b in clean.headings]
        title = heads[0] if heads else path.stem
    date = doc.get("date") or None
    if date and not _ISO_DATE.match(date):
        date = None
    year = report_year(text, path)
    if date and not _YEAR_IN_TITLE.search(text[:5000]) and not _YEAR.search(path.stem):
        year = int(date[:4])  # a page is about the year it is dated before any year it mentions
    return ReportSource(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                        year=year, title=title, media_type=MEDIA_TYPE, clean=clean, pages=(),
                        date=date[:10] if date else None)


__all__ = ["read_html"]
