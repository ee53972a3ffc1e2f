"""Flattened statistical tables (the cleaner's `Table` records) as RDF Data Cube.

A PDF-to-text dump flattens a table into lines: header lines (column labels, perhaps spread over
several lines, or a line of years "2017. 2018."), group headers ("Vecuma grupa"), and rows of
label words followed by the cells ("līdz 12 mēnešiem 346 61,3%"); a long row label may stand on
lines of its own above its numbers. `parse_table` reads that layout back into rows and columns;
`tables_to_rdf` writes one `qb:DataSet` per table and one `qb:Observation` per cell
(ontology/cube.ttl).

A percent column right after a count column gives the share of that count: its cells become
observations of the same row and column with the measure rg:percent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files

from reportgraph.extract.read.clean import Table

LV = "lv"
_COUNT = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+[.,][0-9]+")
_PERCENT = re.compile(r"[0-9]+(?:[.,][0-9]+)?%")
_EMPTY = frozenset(("-", "–", "—", "x", "X"))
_SPACED_PERCENT = re.compile(r"(?<=[0-9])\s+%")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\.?(?:\s?g\.|gad\w*)?")
_ANY_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_TOTAL = re.compile(r"^(?:pavisam\s+)?kop(?:ā|ēj\w*|sk\w*|summ\w*)(?!\w)|(?<!\w)kopā$",
                    re.IGNORECASE)
# dates and years in a caption: "31.12.2018.", "2018.gada 31.decembrī", "2017. un 2018.gadā"
_CAPTION_DATES = (
    re.compile(r"(?<![0-9])[0-9]{1,2}\.[0-9]{1,2}\.(?:19|20)[0-9]{2}\.?"),
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}\.?\s*(?:-|–|—|un|līdz)\s*(?:19|20)[0-9]{2}\.?"
               r"(?:\s*gad\w*)?"),
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}\.?\s*gad\w*(?:\s+[0-9]{1,2}\.\s*[^\W\d_]+)?"),
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])\.?"),
)


@dataclass(frozen=True)
class Column:
    """One column of cells: its label, the label over its block, and its measure."""

    index: int
    label: str
    group: str | None
    year: int | None
    measure: str  # "count" | "percent" | "quantity"
    qualifies: int | None = None  # a percent column: the count column it gives the share of
    total: bool = False  # a "Kopā" column: the sum of the other count columns of its block


@dataclass(frozen=True)
class Row:
    """One row of cells (None for an empty cell)."""

    index: int
    label: str
    group: str | None
    total: bool
    cells: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ParsedTable:
    """A table read back from its flattened lines."""

    caption: str
    number: int | None
    indicator: str
    year: int | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


# ---------------------------------------------------------------------------- reading

@lru_cache(maxsize=1)
def _table_words() -> tuple[str, ...]:
    """The table caption keywords of extract/read/data/clean_markers.txt ("tabula")."""
    text = (files("reportgraph.extract.read") / "data" / "clean_markers.txt").read_text(encoding="utf-8")
    words = []
    for line in text.splitlines():
        kind, _, word = line.partition("\t")
        if kind.strip() == "table" and word.strip():
            words.append(re.escape(word.strip()))
    return tuple(words) or ("tabula",)


def _number_prefix() -> re.Pattern[str]:
    words = "|".join(_table_words())
    return re.compile(rf"^\s*(?:([0-9]{{1,3}})\.\s?(?:{words})\.?|(?:{words})\s+([0-9]{{1,3}})\.?)"
                      r"\s*", re.IGNORECASE)


def table_number(caption: str) -> int | None:
    """The number of "3.tabula. …" or "Tabula 3. …"."""
    m = _number_prefix().match(caption)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def indicator_label(caption: str) -> str:
    """The caption without its table number, dates and years: the same indicator keeps the same
    label from one yearly report to the next."""
    text = _number_prefix().sub("", caption, count=1)
    for pattern in _CAPTION_DATES:
        text = pattern.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    return text.strip(" .,;:-–") or caption.strip()


def _caption_year(caption: str) -> int | None:
    years = [int(y) for y in _ANY_YEAR.findall(caption)]
    return max(years) if years else None


def _cell_kind(token: str) -> str | None:
    if _PERCENT.fullmatch(token):
        return "percent"
    if _COUNT.fullmatch(token):
        return "count"
    if _DECIMAL.fullmatch(token):
        return "quantity"
    return None


def _value(token: str) -> Decimal | None:
    if token in _EMPTY:
        return None
    return Decimal(token.rstrip("%").replace(",", "."))


def _trailing(tokens: Sequence[str]) -> int:
    """How many tokens at the end are numbers."""
    n = 0
    for tok in reversed(tokens):
        if _cell_kind(tok) is None:
            break
        n += 1
    return n


def _year_line(tokens: Sequence[str]) -> list[int] | None:
    if not tokens:
        return None
    years = []
    for tok in tokens:
        m = _YEAR.fullmatch(tok)
        if not m:
            return None
        years.append(int(m.group(1)))
    return years


def _split_caps(text: str) -> list[str]:
    """Split a header line where a word starts with a capital letter: "Sieviete Vīrietis Kopā"
    -> three labels; "Romu reģistrētie bezdarbnieki Visi reģistrētie …" -> two. The header of a
    percent column ("% no kopējā skaita") is left out: it names no count column."""
    parts: list[list[str]] = []
    for tok in text.split():
        if not parts or tok[:1].isupper() or tok[:1] == "%":
            parts.append([tok])
        else:
            parts[-1].append(tok)
    return [" ".join(p) for p in parts if not p[0].startswith("%")]


def _starts_piece(line: str) -> bool:
    first = line[:1]
    return not first.isalpha() or first.isupper()


@dataclass
class _Line:
    text: str
    tokens: list[str]
    years: list[int] | None


def _pieces(lines: list[_Line]) -> list[tuple[str, list[int] | None]]:
    """Header lines joined into pieces: a line starting in lower case continues the one above."""
    out: list[tuple[str, list[int] | None]] = []
    for line in lines:
        if line.years is not None:
            out.append((line.text, line.years))
        elif out and out[-1][1] is None and not _starts_piece(line.text):
            out[-1] = (out[-1][0] + " " + line.text, None)
        else:
            out.append((line.text, None))
    return out


def parse_table(table: Table, report_year: int | None = None) -> ParsedTable:
    """Read rows, groups and columns from the flattened lines of `table`."""
    lines = []
    for raw in table.lines:
        text = " ".join(_SPACED_PERCENT.sub("%", raw).split())
        if text:
            toks = text.split()
            lines.append(_Line(text, toks, _year_line(toks)))
    counts = Counter(_trailing(ln.tokens) for ln in lines
                     if ln.years is None and _trailing(ln.tokens))
    ncols = max(counts, key=lambda k: (counts[k], k)) if counts else 0

    def is_data(ln: _Line) -> bool:
        tail = ln.tokens[-ncols:] if ncols and len(ln.tokens) >= ncols else []
        return (bool(tail) and all(_cell_kind(t) or t in _EMPTY for t in tail)
                and _trailing(tail) > 0)

    # a line of years before the first row is a header, even when its years look like counts
    first = next((i for i, ln in enumerate(lines) if ln.years is None and is_data(ln)), None)
    if first is None:
        return ParsedTable(table.caption, table_number(table.caption),
                           indicator_label(table.caption),
                           _caption_year(table.caption) or report_year, (), ())
    header = lines[:first]
    body = lines[first:]

    # rows and groups
    raw_rows: list[tuple[str, str | None, list[str]]] = []
    groups_in_body = False
    pending: list[str] = []
    group: str | None = None
    for ln in body:
        if not is_data(ln):
            pending.append(ln.text)
            continue
        cells = ln.tokens[-ncols:]
        label = " ".join(ln.tokens[:-ncols])
        if not label:
            label, pending = " ".join(pending), []
        else:
            cont = []
            while pending and not _starts_piece(pending[0]):
                cont.append(pending.pop(0))
            if cont and raw_rows:
                last_label, last_group, last_cells = raw_rows[-1]
                raw_rows[-1] = (last_label + " " + " ".join(cont), last_group, last_cells)
            if pending:
                group, pending = " ".join(pending), []
                groups_in_body = True
        raw_rows.append((label, group, cells))

    pieces = _pieces(header)
    first_label = raw_rows[0][0]
    if not first_label and pieces and pieces[-1][1] is None:
        first_label = pieces.pop()[0]
        raw_rows[0] = (first_label, raw_rows[0][1], raw_rows[0][2])
    elif groups_in_body and pieces and pieces[-1][1] is None:
        first_group = pieces.pop()[0]
        old = raw_rows[0][1]
        raw_rows = [(lab, first_group if grp == old else grp, c) for lab, grp, c in raw_rows]

    # totals: one total at the very end closes the table; several close their groups
    totals = [i for i, (lab, _, _) in enumerate(raw_rows) if _TOTAL.search(lab.strip())]
    rows = []
    for i, (label, grp, cells) in enumerate(raw_rows):
        total = i in totals
        if total and len(totals) == 1 and i == len(raw_rows) - 1:
            grp = None
        rows.append(Row(i, label.strip(), grp, total, tuple(_value(t) for t in cells)))

    columns = _columns([r for _, _, r in raw_rows], pieces, ncols, table.caption, report_year)
    return ParsedTable(table.caption, table_number(table.caption), indicator_label(table.caption),
                       _caption_year(table.caption) or report_year, columns, tuple(rows))


def _columns(cells: list[list[str]], pieces: list[tuple[str, list[int] | None]], ncols: int,
             caption: str, report_year: int | None) -> tuple[Column, ...]:
    kinds = []
    for j in range(ncols):
        seen = Counter(_cell_kind(row[j]) for row in cells if _cell_kind(row[j]))
        kinds.append(seen.most_common(1)[0][0] if seen else "count")
    # blocks of value columns, each closed by a percent column that qualifies the one before it
    qualifies: dict[int, int] = {}
    blocks: list[list[int]] = [[]]
    for j, kind in enumerate(kinds):
        if kind == "percent" and j > 0 and kinds[j - 1] != "percent":
            qualifies[j] = j - 1
            blocks.append([])
        else:
            blocks[-1].append(j)
    blocks = [b for b in blocks if b]
    labelled = [j for b in blocks for j in b]
    size = len(blocks[0]) if blocks and all(len(b) == len(blocks[0]) for b in blocks) else 0

    labels: dict[int, str] = {}
    years: dict[int, int] = {}
    used: set[int] = set()
    # 1. a line of years
    for k, (text, ys) in enumerate(pieces):
        if ys is None:
            continue
        if len(ys) == len(labelled):
            targets = [labelled]
        elif size and len(ys) == size:
            targets = blocks
        else:
            continue
        for block in targets:
            for j, y in zip(block, ys):
                labels[j], years[j] = str(y), y
        used.add(k)
        break
    # 2. a line with one label per column of a block ("Sieviete Vīrietis Kopā"), one per block
    if not labels and size > 1:
        matching = [k for k, (text, ys) in enumerate(pieces)
                    if ys is None and len(_split_caps(text)) == size]
        if matching:
            per_block = matching if len(matching) == len(blocks) else [matching[0]] * len(blocks)
            for block, k in zip(blocks, per_block):
                for j, part in zip(block, _split_caps(pieces[k][0])):
                    labels[j] = part
            used.update(matching)
    # 3. the stub header followed by the column labels ("Sadalījums pēc grupām Kopā")
    if not labels:
        for k, (text, ys) in enumerate(pieces):
            parts = _split_caps(text) if ys is None else []
            if len(parts) == len(labelled) + 1:
                for j, part in zip(labelled, parts[1:]):
                    labels[j] = part
                used.add(k)
                break
    # the label over each block ("Romu reģistrētie bezdarbnieki", "Visi reģistrētie …")
    block_groups: dict[int, str] = {}
    if len(blocks) > 1:
        for k, (text, ys) in enumerate(pieces):
            parts = _split_caps(text) if ys is None else []
            if k not in used and not text.startswith("%") and len(parts) == len(blocks):
                for block, part in zip(blocks, parts):
                    for j in block:
                        block_groups[j] = part
                break
    totals = set()
    for block in blocks:
        counts = [j for j in block if kinds[j] == "count"]
        if len(counts) > 1:
            totals.update(j for j in counts if _TOTAL.search(labels.get(j, "")))
    fallback_year = _caption_year(caption) or report_year
    out = []
    for j in range(ncols):
        base = qualifies.get(j, j)
        position = labelled.index(base) + 1 if base in labelled else j + 1
        label = labels.get(base) or str(position)
        out.append(Column(j, label, block_groups.get(base), years.get(base, fallback_year),
                          kinds[j], qualifies.get(j), base in totals))
    return tuple(out)
