"""The layout of PDF pages from their characters: lines, reading order, running headers, footnotes,
tables and paragraphs, given to a `TextAssembler`.

- A *run* is text on one baseline without a wide gap; a smaller digit on a raised baseline right
  after text is a footnote marker (kept as a marker, not as text).
- Running headers and footers: a line near the page top or bottom whose text (digits aside) comes
  back at the same height on other pages; a bare page number ("3", "- 3 -", "3. lpp.") at the top
  or bottom.
- Two columns: lines whose runs leave a common gutter; they are read left column first, in bands
  between lines that span both columns.
- Footnotes: lines in a smaller font at the page foot, each body starting with its number.
- Tables: consecutive lines of three or more cells (or two, the last numeric) far apart.
- Paragraphs: lines joined until a wide vertical gap, a change of font size or a sentence end at a
  short line; a word hyphenated at a line end is joined; figure captions stand apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_NUMBER_LINE = re.compile(r"^[-–—\s]*(?:\d{1,4}|[ivxlc]{1,6})(?:\.?\s*(?:lpp|lapa)\.?)?[-–—\s]*$|"
                          r"^\d{1,4}\s*(?:/|no)\s*\d{1,4}$", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:\d{1,3}\.\s*(?:attēls|diagramma|grafiks|shēma|karte|ilustrācija|"
                      r"fotogrāfija)|(?:attēls|foto|fotogrāfs|fotogrāfija)\s*\d*[.:])",
                      re.IGNORECASE)
_TABLE_CAPTION = re.compile(r"^(?:\d{1,3}\.\s*tabula|tabula\s*\d)", re.IGNORECASE)
_SOURCE = re.compile(r"^(?:avots|avoti|datu avots)\s*:", re.IGNORECASE)
_NUMERIC = re.compile(r"^[-–—x]?$|^[\d\s.,%+−–-]+$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(?=\S)")
# a footnote body whose number is set at the text's size and baseline, with no space after it
# (LibreOffice's footnote area): "22Vairāk ...", "4https://..."
_FOOTNOTE_GLUED = re.compile(r"^(\d{1,3})(?=[^\W\d_]|https?:|www\.)")
_FINAL = ".!?:…"
_LIST_ITEM = re.compile(r"^(?:[-–—•▪◦*]|\d{1,2}[.)]|[a-z][.)])\s")


@dataclass(frozen=True)
class Char:
    ch: str
    x0: float
    x1: float
    y: float  # baseline
    size: float


@dataclass
class Run:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    markers: list[tuple[int, int]] = field(default_factory=list)  # (position in text, number)
    lead: int | None = None  # a marker before any text (a footnote body's number)


@dataclass
class Line:
    runs: list[Run]

    @property
    def y(self) -> float:
        return self.runs[0].y

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)

    @property
    def text(self) -> str:
        return " ".join(r.text for r in self.runs)

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1


def _runs(chars: list[Char]) -> list[Run]:
    """Runs in content order (see the module docstring)."""
    runs: list[Run] = []
    cur: Run | None = None
    digits = ""
    last_x1 = 0.0

    def close_marker() -> None:
        nonlocal digits
        if digits and cur is not None:
            if cur.text.strip():
                cur.markers.append((len(cur.text.rstrip()), int(digits)))
            else:
                cur.lead = int(digits)
        digits = ""

    for c in chars:
        if cur is not None:
            sup = (c.size < 0.8 * cur.size and cur.size * 0.12 < c.y - cur.y < cur.size * 0.8)
            if sup and c.ch.isdigit() and c.x0 - last_x1 < cur.size * 0.6:
                digits += c.ch
                last_x1 = c.x1
                cur.x1 = max(cur.x1, c.x1)
                continue
            close_marker()
            same = abs(c.y - cur.y) < 0.3 * max(c.size, cur.size) and \
                -0.5 * cur.size < c.x0 - last_x1 < 0.9 * max(cur.size, c.size)
            if same:
                gap = c.x0 - last_x1
                if c.ch.isspace():
                    if not cur.text.endswith(" "):
                        cur.text += " "
                else:
                    if gap > 0.35 * c.size and not cur.text.endswith(" "):
                        cur.text += " "
                    cur.text += c.ch
                last_x1 = c.x1 if not c.ch.isspace() else max(last_x1, c.x1)
                cur.x1 = max(cur.x1, c.x1)
                cur.size = max(cur.size, c.size) if not c.ch.isspace() else cur.size
                continue
        if c.ch.isspace():
            continue
        if cur is not None and cur.size > 0 and c.size < 0.8 * cur.size and c.ch.isdigit() and \
                not cur.text.strip():
            pass
        cur = Run("", c.x0, c.x1, c.y, c.size)
        runs.append(cur)
        # a small digit opening a run above the next text's baseline: a footnote body's number
        cur.text = c.ch
        last_x1 = c.x1
    close_marker()
    out = []
    for r in runs:
        r.text = r.text.rstrip()
        if r.text or r.lead is not None:
            out.append(r)
    return _merge_leads(out)


def _merge_leads(runs: list[Run]) -> list[Run]:
    """A run of a small raised number alone, right before a run of text: that text's lead."""
    out: list[Run] = []
    for r in runs:
        prev = out[-1] if out else None
        if prev is not None and prev.text.isdigit() and len(prev.text) <= 3 and \
                prev.size < 0.8 * r.size and 0 < prev.y - r.y < r.size and \
                0 <= r.x0 - prev.x1 < r.size * 1.5:
            out[-1] = r
            r.lead = int(prev.text)
            r.x0 = prev.x0
            continue
        out.append(r)
    return out


def _lines(runs: list[Run]) -> list[Line]:
    """Runs grouped by baseline, top to bottom, each line's runs left to right."""
    ordered = sorted(runs, key=lambda r: (-r.y, r.x0))
    lines: list[Line] = []
    for r in ordered:
        if lines and abs(lines[-1].y - r.y) < 0.35 * max(r.size, lines[-1].size):
            lines[-1].runs.append(r)
        else:
            lines.append(Line([r]))
    for ln in lines:
        ln.runs.sort(key=lambda r: r.x0)
    return lines


def _key(line: Line, h: float) -> tuple[int, str]:
    """A line's height (from the nearer page edge: portrait and landscape pages alike) and its
    text with digits as #."""
    y = -round((h - line.y) / 3) if line.y > h / 2 else round(line.y / 3)
    return y, re.sub(r"\d+", "#", " ".join(line.text.split()).lower())


def _furniture(pages: list[tuple[list[Line], float, float]]) -> list[set[int]]:
    """Per page, the indexes of its running header/footer and page-number lines."""
    def zone(lines: list[Line], h: float) -> list[int]:
        top = [i for i in range(min(3, len(lines))) if lines[i].y > h * 0.88]
        bottom = [i for i in range(max(0, len(lines) - 3), len(lines)) if lines[i].y < h * 0.12]
        return top + bottom

    counts: Counter = Counter()
    zones = [zone(lines, h) for lines, _, h in pages]
    for (lines, _, h), idx in zip(pages, zones):
        counts.update({_key(lines[i], h) for i in idx})
    need = 2 if len(pages) <= 4 else max(2, len(pages) // 4)
    out = []
    for (lines, _, h), idx in zip(pages, zones):
        out.append({i for i in idx if counts[_key(lines[i], h)] >= need
                    or _NUMBER_LINE.match(lines[i].text.strip())})
    return out


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of a gutter between two columns of text, or None for a one-column page."""
    mids = []
    for ln in lines:
        if len(ln.runs) == 2 and len(ln.runs[0].text) > 15 and len(ln.runs[1].text) > 15:
            a, b = ln.runs
            if b.x0 - a.x1 > a.size and width * 0.3 < (a.x1 + b.x0) / 2 < width * 0.7:
                mids.append((a.x1 + b.x0) / 2)
    if len(mids) < 3:
        return None
    mids.sort()
    return mids[len(mids) // 2]


def _reading_order(lines: list[Line], width: float) -> list[tuple[Line, int]]:
    """Lines in reading order, each with its column (0 for the left or only one)."""
    g = _gutter(lines, width)
    if g is None:
        return [(ln, 0) for ln in lines]
    out: list[tuple[Line, int]] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        out.extend((ln, 0) for ln in left)
        out.extend((ln, 1) for ln in right)
        left.clear()
        right.clear()

    for ln in lines:
        if any(r.x0 < g < r.x1 for r in ln.runs):
            flush()
            out.append((ln, 0))
            continue
        lr = [r for r in ln.runs if r.x1 <= g]
        rr = [r for r in ln.runs if r.x0 >= g]
        if lr:
            left.append(Line(lr))
        if rr:
            right.append(Line(rr))
    flush()
    return out


def _is_row(line: Line) -> bool:
    cells = line.runs
    if len(cells) >= 3:
        return sum(bool(_NUMERIC.match(c.text)) for c in cells[1:]) >= 1 or \
            all(len(c.text) < 30 for c in cells)
    return len(cells) == 2 and bool(_NUMERIC.match(cells[1].text)) and len(cells[1].text) < 15


@dataclass
class _Para:
    text: str = ""
    markers: list[tuple[int, int]] = field(default_factory=list)
    size: float = 0.0
    last: Line | None = None
    page: int = 0

    def add(self, line: Line) -> None:
        for r in line.runs:
            piece = " ".join(r.text.split())
            if self.text.endswith("-") and len(self.text) > 1 and self.text[-2].isalpha() and \
                    piece[:1].islower():
                self.text = self.text[:-1]
            elif self.text and piece:
                self.text += " "
            base = len(self.text)
            self.text += piece
            self.markers += [(base + min(p, len(piece)), n) for p, n in r.markers]
        self.size = self.size or line.size
        self.last = line


def lay_out(pages: list[tuple[list[Char], float, float]], asm) -> None:
    """Lay out every page's characters and give the parts to `asm` (a TextAssembler)."""
    all_sizes: Counter = Counter()
    page_lines = []
    for chars, w, h in pages:
        lines = _lines(_runs(chars))
        page_lines.append((lines, w, h))
        for ln in lines:
            for r in ln.runs:
                all_sizes[round(r.size, 1)] += len(r.text)
    main = all_sizes.most_common(1)[0][0] if all_sizes else 10.0
    furniture = _furniture(page_lines)
    events: list[list[tuple]] = [[] for _ in pages]
    para = _Para()

    def flush() -> None:
        nonlocal para
        if para.text.strip():
            heading = para.size > main * 1.12 and len(para.text) < 200
            events[para.page].append(("para", para.text, para.markers, heading))
        para = _Para()

    for p, ((lines, w, h), furn) in enumerate(zip(page_lines, furniture)):
        body = [ln for i, ln in enumerate(lines) if i not in furn]
        for i in sorted(furn):
            events[p].append(("remove", lines[i].text, "running header/footer or page number"))
        # footnotes: small-font lines at the foot, from the first numbered one down
        k = len(body)
        while k > 0 and body[k - 1].size < main * 0.9:
            k -= 1
        foot = body[k:]
        cited = {num for ln in body[:k] for r in ln.runs for _, num in r.markers}

        def starts(ln, expect, cited=cited):
            """The footnote number opening `ln`, or None (a glued number only in sequence)."""
            if ln.runs[0].lead is not None:
                return ln.runs[0].lead, 0
            m = _FOOTNOTE_START.match(ln.text)
            if m:
                return int(m.group(1)), m.end()
            m = _FOOTNOTE_GLUED.match(ln.text)
            if m and (expect is None or int(m.group(1)) == expect):
                return int(m.group(1)), m.end()
            # a number glued to text that opens with digits ("269.2.4.1. pasākuma"): the
            # shortest leading digits that are the next number or one cited on this page
            m = re.match(r"\d{2,6}", ln.text)
            if m:
                for n in range(1, min(3, len(m.group()) - 1) + 1):
                    num = int(m.group()[:n])
                    if num == expect or (expect is None and num in cited):
                        return num, n
            return None

        first = next((j for j, ln in enumerate(foot) if starts(ln, None) is not None), None)
        notes: list[list] = []
        if first is not None and (len(foot) < len(body) or k == 0):
            body = body[:k] + foot[:first]
            for ln in foot[first:]:
                st = starts(ln, notes[-1][0] + 1 if notes else None)
                if st is not None and (ln.runs[0].lead is not None or not notes
                                       or st[0] == notes[-1][0] + 1):
                    notes.append([st[0], ln.text[st[1]:]])
                else:
                    notes[-1][1] += " " + ln.text
        ordered = _reading_order(body, w)
        j = 0
        while j < len(ordered):
            ln, _col = ordered[j]
            text = ln.text.strip()
            # a table: consecutive rows of cells
            if _is_row(ln):
                rows = [ln]
                while j + len(rows) < len(ordered) and _is_row(ordered[j + len(rows)][0]):
                    rows.append(ordered[j + len(rows)][0])
                if len(rows) >= 2:
                    caption = ""
                    if para.last is not None and _TABLE_CAPTION.match(para.text):
                        caption, para = para.text, _Para()
                    flush()
                    j += len(rows)
                    source = None
                    if j < len(ordered) and _SOURCE.match(ordered[j][0].text.strip()):
                        source = ordered[j][0].text.strip()
                        j += 1
                    events[p].append(("table", [[r.text for r in row.runs] for row in rows],
                                      caption, source))
                    continue
            if _CAPTION.match(text) or _SOURCE.match(text):
                flush()
                events[p].append(("remove", text, "figure caption or source line"))
                j += 1
                continue
            prev = para.last
            if prev is not None:
                gap = prev.y - ln.y
                new_col = gap < 0 or gap > 2.0 * max(prev.size, ln.size)
                ends = para.text.rstrip()[-1:] in _FINAL
                short = prev.x1 < ln.x1 - 3 * main if not new_col else False
                # a list item opening after a line that closes an item or a sentence
                item = _LIST_ITEM.match(text) and para.text.rstrip()[-1:] in _FINAL + ";,"
                if abs(ln.size - para.size) > 0.12 * main or (not new_col and gap > 1.9 * ln.size) \
                        or (ends and (short or new_col)) or item or _TABLE_CAPTION.match(text):
                    flush()
            if para.last is None:
                para.page = p
            para.add(ln)
            j += 1
        if para.text.rstrip()[-1:] in _FINAL:
            flush()
        for n, body_text in notes:
            events[p].append(("fn", n, body_text))
    flush()
    for p, evs in enumerate(events):
        asm.page()
        for ev in evs:
            if ev[0] == "para":
                asm.paragraph(ev[1], heading=ev[3], markers=ev[2])
            elif ev[0] == "remove":
                asm.remove(ev[1], ev[2])
            elif ev[0] == "fn":
                asm.footnote(ev[1], ev[2])
            else:
                asm.table(ev[1], caption=ev[2], source=ev[3])


__all__ = ["Char", "lay_out"]
