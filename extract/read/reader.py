"""Read a report file into text: encoding, binary and emptiness checks, report metadata."""

import hashlib
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgraph.errors import InputError

if TYPE_CHECKING:
    from reportgraph.extract.read.clean import CleanText

_YEAR_IN_TITLE = re.compile(r"(?:īstenošanu|par)\s+(20\d\d)\.\s*gad", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")
#: Reports larger than this are refused (a yearly report is well under 1 MB of text); raise it
#: with REPORTGRAPH_MAX_MB or read_report(max_bytes=...).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ReportSource:
    """A report as read from disk.

    `text` is the text that was extracted from the file: every offset of the report's provenance
    points into it. A structured format's reader (PDF, DOCX, ODT, HTML) also gives `clean`, the
    main text with its footnotes, headings and tables already told apart (offsets into `text`), so
    the PDF-to-text cleaner is not run on it; `pages` holds the offset in `text` where each page
    starts (page 1 first; empty when the format has no pages).
    """

    path: Path
    text: str
    sha256: str
    year: int | None
    title: str
    media_type: str = "text/plain"
    clean: "CleanText | None" = None
    pages: tuple[int, ...] = ()
    date: str | None = None  # the publication date the document states (ISO 8601), if any

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding `offset` of `text`, or None when the format has no pages."""
        if not self.pages:
            return None
        from bisect import bisect_right
        return max(1, bisect_right(self.pages, offset))


def max_bytes_default() -> int:
    value = os.environ.get("REPORTGRAPH_MAX_MB")
    try:
        return int(float(value) * 1024 * 1024) if value else DEFAULT_MAX_BYTES
    except ValueError:
        raise InputError(f"REPORTGRAPH_MAX_MB must be a number of megabytes, got {value!r}") from None


def read_report(path: Path, encoding: str | None = None, max_bytes: int | None = None) -> ReportSource:
    """Read a .txt report. Raises InputError with a one-line message naming the file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a report file")
    limit = max_bytes_default() if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{path}: {size / 1048576:.1f} MB is larger than the {limit / 1048576:.0f} MB "
                         f"limit for one report (set REPORTGRAPH_MAX_MB to raise it)")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    kind = sniff(data, path)
    if kind != "text":
        return _read_structured(kind, path, data)
    if path.suffix.lower() in _BINARY_SUFFIXES:
        # the content says what a file is; a .docx that holds plain text is read as text, and
        # the user is told, as an extraction with nothing found would not say why
        warnings.warn(f"{path}: named {path.suffix} but holds plain text; read as text", stacklevel=2)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and not encoding:
        encoding = "utf-16"  # the BOM tells the byte order
    elif b"\x00" in data[:4096]:
        raise InputError(f"{path}: looks like a binary file, not text")
    text = decode(data, path, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    return ReportSource(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        year=report_year(text, path),
        title=report_title(text, path),
    )


#: suffixes of formats that are never plain text
_BINARY_SUFFIXES = frozenset((".pdf", ".docx", ".doc", ".odt", ".rtf"))

#: the reader of each structured type: (module under reportgraph.extract.read, function)
READERS = {"pdf": ("pdf", "read_pdf"), "docx": ("docx", "read_docx"), "odt": ("odt", "read_odt"),
           "html": ("html", "read_html")}
MEDIA_TYPES = {
    "text": "text/plain", "pdf": "application/pdf", "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
_ODT = b"application/vnd.oasis.opendocument.text"


def sniff(data: bytes, path: Path) -> str:
    """The type of a report file from its content: pdf, docx, odt, html or text."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if data[30:38] == b"mimetype" and data[38:38 + len(_ODT) + 8].startswith(_ODT):
            return "odt"
        import zipfile
        from io import BytesIO
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            suffix = path.suffix.lower().lstrip(".")
            if suffix in ("docx", "odt"):
                return suffix  # the reader says it is corrupt
            raise InputError(f"{path}: a corrupt or truncated ZIP archive "
                             "(not a readable DOCX or ODT)") from None
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            return "odt"
        raise InputError(f"{path}: a ZIP archive that is neither DOCX nor ODT")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                     (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(enc, "ignore").encode("ascii", "ignore")
            break
    start = head.lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")) or (
            start.startswith(b"<?xml") and b"<html" in head.lower()):
        return "html"
    if path.suffix.lower() in (".html", ".htm") and start.startswith(b"<"):
        return "html"
    return "text"


def _read_structured(kind: str, path: Path, data: bytes) -> ReportSource:
    import importlib
    module, func = READERS[kind]
    try:
        reader = getattr(importlib.import_module(f"reportgraph.extract.read.{module}"), func)
    except (ImportError, AttributeError):
        raise InputError(f"{path}: reading {kind.upper()} files is not available in this "
                         "installation") from None
    return reader(path, data)


def decode(data: bytes, path: Path, encoding: str | None) -> str:
    """Decode bytes: UTF-8 (with or without BOM) unless an encoding is given."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid {encoding} at byte {exc.start}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ("looks like Windows-1257: try --encoding cp1257" if _looks_baltic_legacy(data)
                else "give its encoding with --encoding")
        raise InputError(f"{path}: not UTF-8 (invalid byte at {exc.start}); {hint}") from None


def _looks_baltic_legacy(data: bytes) -> bool:
    # Latvian letters in Windows-1257: ā=E2 č=E8 ē=E7 ģ=EC ī=EE ķ=ED ļ=EF ņ=F2 š=F0 ū=FB ž=FE
    letters = sum(data.count(bytes([b])) for b in (0xE2, 0xE8, 0xE7, 0xEE, 0xF0, 0xFB, 0xFE))
    return letters > 0


def report_year(text: str, path: Path) -> int | None:
    """The year a report is about: from its title line, else its file name, else the first year."""
    head = text[:5000]
    m = _YEAR_IN_TITLE.search(head)
    if m:
        return int(m.group(1))
    m = _YEAR.search(path.stem)
    if m:
        return int(m.group(1))
    m = _YEAR.search(head)
    return int(m.group(1)) if m else None


_DATELINE = re.compile(r"\b((?:19|20)\d\d)\.\s*(?:gada\s+)?\d{1,2}\.\s*[a-zāčēģīķļņšūž]+\b"
                       r"|\b\d{1,2}\.\d{1,2}\.((?:19|20)\d\d)\b")


def stated_year(src: "ReportSource") -> int | None:
    """The year a text says it was written in, for dates written without one: its title's or
    file name's year, the page's date, a full date in its first lines (a news item's
    dateline), or a year closing its title line. None when it says none: the first year a page mentions ("2014.–2020. gada
    programma") is no reason to put an undated „5. aprīlī” in it."""
    m = _YEAR_IN_TITLE.search(src.text[:5000]) or _YEAR.search(src.path.stem)
    if m:
        return int(m.group(1))
    if src.date:
        return int(src.date[:4])
    m = _DATELINE.search(src.text[:300])
    if m:
        return int(m.group(1) or m.group(2))
    m = _TITLE_ENDS_WITH_YEAR.match(src.text.lstrip()[:300])  # "Aizvadīta … vasaras skola 2023"
    return int(m.group(1)) if m else None


#: a title line that ends with a year: the year of what it names ("… vasaras skola 2023")
_TITLE_ENDS_WITH_YEAR = re.compile(r"[^\n]{3,200}?[\s„“\"«]((?:19|20)\d\d)[”\"»]?[ \t]*(?:\n|$)")


def report_title(text: str, path: Path) -> str:
    """The report title: the first line starting 'Informatīvais ziņojums' or 'Ziņojums', else the name."""
    for line in text[:8000].splitlines():
        s = " ".join(line.split())
        if re.match(r"(Informatīvais\s+)?[Zz]iņojums\s+par\b", s):
            return s
    return path.stem
