"""CSV files of the tabular views (rows computed by the caller from the named queries).

These files are meant for spreadsheets, so a cell that a spreadsheet would run as a formula
(CSV/formula injection) is neutralised as OWASP advises: a text starting with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading apostrophe (`'=HYPERLINK(...)`), which spreadsheets
show as text. A cell that is a plain number (`-5`, `+3.5`, `-1.2e3`) is left as it is: it is read
as a number, never as a formula. The RDF files, and the SPARQL CSV of `reportgraph query`, keep
the exact text."""

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib.term import Identifier

from reportgraph.errors import ExportError

_VIEW = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would read it as a formula."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def check_view_name(name: str) -> str:
    """A view name usable as a file name (`{name}.csv`)."""
    if not isinstance(name, str) or not _VIEW.match(name):
        raise ExportError(f"invalid CSV view name {name!r} (use lower-case letters, digits, - and _)")
    return name


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Identifier):
        return str(value)
    inner = getattr(value, "value", None)  # pyoxigraph terms
    if isinstance(inner, str):
        return inner
    return str(value)


def csv_bytes(name: str, rows: Sequence[Mapping[str, Any]]) -> bytes:
    """UTF-8 CSV with a header row: the columns in the order they first appear in the rows."""
    columns: dict[str, None] = {}
    for row in rows:
        if not isinstance(row, Mapping):
            raise ExportError(f"CSV view {name!r}: a row is not a mapping")
        columns.update(dict.fromkeys(str(k) for k in row))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if columns:
        writer.writerow(columns)
        for row in rows:
            cells = {str(k): v for k, v in row.items()}
            writer.writerow([spreadsheet_safe(_cell(cells.get(c))) for c in columns])
    return buf.getvalue().encode("utf-8")
