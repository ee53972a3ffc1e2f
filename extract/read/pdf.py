"""Read a PDF report with pypdfium2: per-character text with font size and position, then the
layout (extract/read/pdf_layout.py) into paragraphs, footnotes, tables and pages."""

from __future__ import annotations

import ctypes
import hashlib
from pathlib import Path

from reportgraph.errors import InputError
from reportgraph.extract.read.assemble import TextAssembler
from reportgraph.extract.read.pdf_layout import Char, lay_out

MEDIA_TYPE = "application/pdf"


def page_chars(page) -> tuple[list[Char], float, float]:
    """The characters of a pypdfium2 page (no generated ones) and the page's width and height."""
    import pypdfium2.raw as c

    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = c.FPDFText_CountChars(raw)
        left, right, bottom, top = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(),
                                    ctypes.c_double())
        ox, oy = ctypes.c_double(), ctypes.c_double()
        refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        out: list[Char] = []
        text = tp.get_text_range(0, n) if n else ""
        aligned = len(text) == n
        for i in range(n):
            ch = text[i] if aligned else chr(c.FPDFText_GetUnicode(raw, i))
            if ch in "\r\n\x00":
                continue
            if ch in "\ufffe\x02\xad":
                ch = "-"  # PDFium's mark of a hyphen at a line end
            if c.FPDFText_IsGenerated(raw, i) == 1:
                if ch == " " and out:  # a word break PDFium inferred: a space where the last ended
                    last = out[-1]
                    out.append(Char(" ", last.x1, last.x1, last.y, last.size))
                continue
            c.FPDFText_GetCharBox(raw, i, *refs)
            c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(ox), ctypes.byref(oy))
            size = c.FPDFText_GetFontSize(raw, i)
            out.append(Char(ch, left.value, right.value, oy.value, size))
        w, h = page.get_size()
        return out, w, h
    finally:
        tp.close()


def read_pdf(path: Path, data: bytes):
    """A ReportSource from a PDF file's bytes; InputError (one line naming the file) for an
    encrypted, corrupt or scanned (no text layer) PDF."""
    import pypdfium2 as pdfium

    from reportgraph.extract.read.reader import ReportSource, report_title, report_year

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError(f"{path}: the PDF is encrypted (password protected); "
                             "decrypt it first, e.g. with qpdf --decrypt") from None
        raise InputError(f"{path}: a corrupt or truncated PDF ({msg})") from None
    try:
        pages = []
        try:
            for i in range(len(doc)):
                page = doc[i]
                try:
                    pages.append(page_chars(page))
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise InputError(f"{path}: a corrupt or truncated PDF ({exc})") from None
    finally:
        doc.close()
    if not pages:
        raise InputError(f"{path}: the PDF has no pages (corrupt or truncated?)")
    if sum(len(chars) for chars, _, _ in pages) < 20 * max(1, len(pages) // 4) and \
            not any(ch.ch.strip() for chars, _, _ in pages for ch in chars[:200]):
        raise InputError(f"{path}: no text layer: OCR it first, e.g. with ocrmypdf")
    asm = TextAssembler()
    lay_out(pages, asm)
    text, clean, starts = asm.build()
    if not clean.text.strip():
        raise InputError(f"{path}: no text layer: OCR it first, e.g. with ocrmypdf")
    return ReportSource(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                        year=report_year(text, path), title=report_title(text, path),
                        media_type=MEDIA_TYPE, clean=clean, pages=starts)


__all__ = ["page_chars", "read_pdf"]
