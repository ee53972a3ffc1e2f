"""Dates, periods and school years in cleaned Latvian report text, as ISO lexical values.

A school year ("2017./2018. mācību gadā", "2018./2019.m.g.") is read as September of its first
year to August of its second: begin "2017-09", finish "2018-08", precision "month".
Dates without a year ("08.10.", "15.-16.03.", "jūlijā") take the year of the date they are
joined to ("no 2017.gada 1.oktobra līdz 31.maijam"), else the year last written before them in the
same text ("2021. gada septembrī un oktobrī"), else default_year, else they are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from reportgraph.errors import DataFileError
from reportgraph.extract.entities.names import MONTH_STEMS
from reportgraph.extract.guarded import Guarded

End = tuple[int | None, int | None, int | None]  # year (None: not written), month, day


@dataclass(frozen=True)
class Temporal:
    """A date or period written in the text."""

    start: int
    end: int
    text: str
    begin: str | None
    finish: str | None
    precision: str
    kind: str


@dataclass
class _Atom:
    start: int
    end: int
    begin: End
    finish: End | None = None
    kind: str = "point"


@dataclass(frozen=True)
class _Patterns:
    kinds: dict[str, re.Pattern[str]]  # in priority order
    master: re.Pattern[str]  # all kinds as one alternation, tried left to right
    month: Guarded  # a month name on its own ("jūlijā"): its year comes from elsewhere
    months: dict[str, int]


_Y = r"((?:19|20)[0-9]{2})"
_YB = r"(?<![\w.,/])"
_DB = r"(?<![\w.,/\-–—])"
_GADW = r"(?:gad(?:s|a|am|u|ā|i|iem|us|os|ām)|g\.)(?!\w)"
_DASH = r"\s*[-–—]\s*"
_YEND = r"(?![0-9])(?:\.(?![0-9]))?"
_SECTION = (r"(?!\s?(?:punkt|apakšpunkt|sadaļ|nodaļ|pant|uzdevum|pasākum|mērķ|pielikum|rindkop"
            r"|tabul|attēl|§|[0-9]))")
_ENDINGS = r"(?:is|s|a|im|am|i|u|ī|ā)(?!\w)"
_URL = Guarded(re.compile(r"(?:https?://|www\.)\S+"), ("http", "www."))
_ACCESS = re.compile(r"(?:skatīts|skatīt|apskatīts|aplūkots|skat\.|sk\.|piekļūts|accessed|viewed"
                     r"|retrieved)\s*:?\s*$", re.IGNORECASE)
_SINCE = re.compile(r"(?<!\w)(?:no|kopš|sākot\s+(?:ar|no))\s+$", re.IGNORECASE)
_UNTIL = re.compile(r"(?<!\w)līdz\s+$", re.IGNORECASE)
_NUMBER_SIGN = re.compile(r"(?:(?<!\w)[Nn]r\.?|§)\s*$")
_TO = re.compile(r"\s+līdz\s+", re.IGNORECASE)
_DASH_ONLY = re.compile(_DASH)
_DAY_IN_LIST = re.compile(r"([0-9]{1,2})\.")
_CANDIDATE = re.compile(r"[0-9](?<![\w.,/][0-9])")  # where a date may start


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    months: dict[str, int] = {}
    path = files("reportgraph.extract.entities") / "data" / "months_lv.tsv"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "stem\t")):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].strip().isdigit() or not 1 <= int(parts[1]) <= 12:
            raise DataFileError(f"months_lv.tsv line {n}: expected 'stem<TAB>month 1-12'")
        months[parts[0].strip()] = int(parts[1])
    stems = "|".join(sorted((re.escape(s) for s in months if not s.endswith(".")), key=len,
                            reverse=True))
    abbrevs = "|".join(sorted((re.escape(s) for s in months if s.endswith(".")), key=len,
                              reverse=True))
    full = rf"(?:{stems}){_ENDINGS}"
    any_month = rf"(?:{full}|(?:{abbrevs})(?!\w))" if abbrevs else full
    d = r"([0-3]?[0-9])\."
    m = r"([01]?[0-9])\."
    gada = rf"{_YB}{_Y}\.\s?{_GADW}"
    sep = r"\s*(?:[-–—]|,|\bun\b|\bvai\b|\blīdz\b)\s*"  # "no 3. līdz 5. maijam": one month for both
    kinds = {
        "numeric_day_range": rf"{_DB}{d}{_DASH}{d}{m}\s?{_Y}{_YEND}",
        "numeric_dm_range": rf"{_DB}{d}{m}{_DASH}{d}{m}\s?{_Y}{_YEND}",
        "numeric_date": rf"(?<![\w.,/]){d}{m}\s?{_Y}{_YEND}",
        "iso_date": rf"(?<![\w.\-/]){_Y}-([01][0-9])-([0-3][0-9])(?![\w\-])",
        "school_year": rf"{_YB}{_Y}\.?\s?/\s?([0-9]{{4}}|[0-9]{{2}})\.?\s?"
                       rf"(?:[Mm]ācību\s?gad\w*|m\.\s?g\.)",
        "year_span": rf"{_YB}{_Y}\.{_DASH}{_Y}\.(?![0-9]|\s?{_GADW})"
                     rf"|{_YB}{_Y}[-–—]{_Y}(?![\w\-.])"
                     # "2018./2019.gadā" (not a school year: no "mācību"): both years
                     rf"|{_YB}{_Y}\.\s?/\s?{_Y}\.\s?{_GADW}",
        "day_month": rf"(?:{gada}\s+)?{_DB}(?P<days>[0-3]?[0-9]\.(?:{sep}[0-3]?[0-9]\.)*)"
                     rf"\s?(?P<month>{any_month})",
        "year_month": rf"{gada}\s+(?P<month>{full})",
        "dm_dm_range": rf"{_DB}{d}([01][0-9])\.{_DASH}{d}([01][0-9])\.{_SECTION}",
        "dm_day_range": rf"{_DB}{d}{_DASH}([0-3]?[0-9])\.([01][0-9])\.{_SECTION}",
        "dm_point": rf"{_DB}{d}([01][0-9])\.{_SECTION}",
        "year": rf"{gada}|{_YB}{_Y}\.(?=\s*(?:un|vai|,|līdz|[-–—])\s*{_Y}\.?\s?{_GADW})",
    }
    master = "|".join(f"(?P<{k}>{re.sub(r'[(][?]P<[a-z]+>', '(', p)})" for k, p in kinds.items())
    return _Patterns({k: re.compile(p) for k, p in kinds.items()}, re.compile(master),
                     Guarded(re.compile(full), tuple(s for s in months if not s.endswith("."))), months)


def _month_number(word: str, months: dict[str, int]) -> int:
    if word in months:
        return months[word]
    return max(((len(s), n) for s, n in months.items() if word.startswith(s) and
                not s.endswith(".")), default=(0, 0))[1]


def _atoms(text: str, pats: _Patterns) -> list[_Atom]:
    taken = bytearray(len(text))  # 1 inside a URL or a date already read
    atoms: list[_Atom] = []
    for url in _URL.finditer(text):
        taken[url.start():url.end()] = b"\x01" * (url.end() - url.start())
    done = 0
    for cand in _CANDIDATE.finditer(text):
        if cand.start() < done:
            continue
        hit = pats.master.match(text, cand.start())
        if hit is None:
            continue
        done = hit.end()
        if 1 in taken[hit.start():hit.end()] or _NUMBER_SIGN.search(text, max(0, hit.start() - 4),
                                                                     hit.start()):
            continue
        kind = hit.lastgroup or ""
        m = pats.kinds[kind].match(text, hit.start())
        if m is not None:
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            atoms.extend(_read(kind, m, pats.months))
    for m in pats.month.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before in "._" or 1 in taken[m.start():m.end()]:
            continue
        atoms.append(_Atom(m.start(), m.end(), (None, _month_number(m.group(0), pats.months),
                                                None)))
    atoms.sort(key=lambda a: a.start)
    return atoms


def _read(kind: str, m: re.Match[str], months: dict[str, int]) -> list[_Atom]:
    """The atoms one match of one kind of pattern stands for."""
    def n(i: int) -> int:
        return int(m.group(i))

    s, e = m.start(), m.end()
    if kind == "numeric_day_range":
        return [_Atom(s, e, (n(4), n(3), n(1)), (n(4), n(3), n(2)), "range")]
    if kind == "numeric_dm_range":
        return [_Atom(s, e, (n(5), n(2), n(1)), (n(5), n(4), n(3)), "range")]
    if kind == "numeric_date":
        return [_Atom(s, e, (n(3), n(2), n(1)))]
    if kind == "iso_date":
        return [_Atom(s, e, (n(1), n(2), n(3)))]
    if kind == "school_year":
        y1, second = n(1), m.group(2)
        y2 = int(second) if len(second) == 4 else y1 // 100 * 100 + int(second)
        return [_Atom(s, e, (y1, 9, None), (y2, 8, None), "school_year")] if y2 == y1 + 1 else []
    if kind == "year_span":
        y1, y2 = (n(1), n(2)) if m.group(1) else (n(3), n(4)) if m.group(3) else (n(5), n(6))
        return [_Atom(s, e, (y1, None, None), (y2, None, None), "range")] if y1 < y2 else []
    if kind == "day_month":
        year = n(1) if m.group(1) else None
        return _day_list(m, year, _month_number(m.group("month"), months))
    if kind == "year_month":
        return [_Atom(s, e, (n(1), _month_number(m.group("month"), months), None))]
    if kind == "dm_dm_range":
        return [_Atom(s, e, (None, n(2), n(1)), (None, n(4), n(3)), "range")]
    if kind == "dm_day_range":
        return [_Atom(s, e, (None, n(3), n(1)), (None, n(3), n(2)), "range")]
    if kind == "dm_point":
        return [_Atom(s, e, (None, n(2), n(1)))]
    return [_Atom(s, e, (int(m.group(1) or m.group(2)), None, None))]  # year


def _day_list(m: re.Match[str], year: int | None, month: int) -> list[_Atom]:
    """Atoms of "21. un 22. septembrī" (a range when the days follow on) or "3., 10. oktobrī"."""
    days_at = m.start("days")
    days = [(days_at + d.start(), days_at + d.end(), int(d.group(1)))
            for d in _DAY_IN_LIST.finditer(m.group("days"))]
    values = [d[2] for d in days]
    dashed = bool(_DASH_ONLY.search(m.group("days")) or _TO.search(m.group("days")))
    if len(days) == 1:
        return [_Atom(m.start(), m.end(), (year, month, values[0]))]
    if (dashed and len(days) == 2) or values == list(range(values[0], values[0] + len(days))):
        return [_Atom(m.start(), m.end(), (year, month, values[0]), (year, month, values[-1]),
                      "range")]
    out = []
    for i, (s, e, day) in enumerate(days):
        start = m.start() if i == 0 else s
        end = m.end() if i == len(days) - 1 else e
        out.append(_Atom(start, end, (year, month, day)))
    return out


def _iso(end: End) -> str | None:
    y, m, d = end
    if y is None:
        return None
    try:
        date(y, 1 if m is None else m, 1 if d is None else d)
    except ValueError:
        return None
    if m is None:
        return f"{y:04d}"
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def _precision(*ends: End | None) -> str:
    ranks = [0 if e[1] is None else 1 if e[2] is None else 2 for e in ends if e is not None]
    return ("year", "month", "day")[min(ranks)]


def _with_year(end: End, year: int | None) -> End:
    return end if end[0] is not None else (year, end[1], end[2])


def _key(end: End) -> tuple[int, int, int]:
    return (end[0] or 0, end[1] or 1, end[2] or 1)


def _join(a: _Atom, b: _Atom) -> tuple[End, End] | None:
    """Begin of a and end of b, years carried across; None when b comes before a."""
    a_end, b_end = a.begin, b.finish or b.begin
    b_first = b.begin
    if a_end[0] is None and b_first[0] is not None:
        year = b_first[0]
        if a_end[1] and b_first[1] and a_end[1] > b_first[1]:
            year -= 1
        a_end = _with_year(a_end, year)
    if b_end[0] is None and a_end[0] is not None:
        last = a.finish or a.begin
        year = last[0] if last[0] is not None else a_end[0]
        if last[1] and b_end[1] and b_end[1] < last[1]:
            year += 1
        b_end = _with_year(b_end, year)
    if a_end[0] is not None and b_end[0] is not None and _key(b_end) < _key(a_end):
        return None
    return a_end, b_end


_DAY_WITHOUT_STOP = re.compile(rf"(\d{{4}}\.\s*gada\s+\d{{1,2}}) (?={MONTH_STEMS})")

#: "2014.–2020. gadam" (not "no 2014. līdz 2020. gadam"): the years a plan or programme is for
PLAN_YEARS = re.compile(r"\d{4}\.?\s*[-–—]\s*\d{4}\.?\s*gadam$")

#: a year named relative to the year the text was written in: "šogad", "pērn", "nākamgad"
_RELATIVE_YEAR = re.compile(
    r"(?<!\w)(?:(šogad|šajā\s+gadā|šī\s+gada|šā\s+gada)|(pērn|pagājušajā\s+gadā|pagājušā\s+gada|"
    r"pagājušo\s+gadu|pagājušais\s+gads)|(nākamgad|nākamajā\s+gadā|nākamā\s+gada|nākamo\s+gadu))(?!\w)",
    re.IGNORECASE)
_THEN_DATE = re.compile(rf"\s*(?:[0-9]|{MONTH_STEMS}|(?:sākum|beig|vid|pirm|otr))", re.IGNORECASE)


def relative_years(text: str, now: int | None) -> list[Temporal]:
    """Years written relative to the text's own ('šogad uzsākts', 'pērn notika'), when the text says
    when it was written; 'šā gada 12. martā' is a date of its own, read by find_dates."""
    if now is None or not any(w in text.casefold() for w in ("gad", "pērn")):
        return []
    out = []
    months = _patterns().months
    for m in _RELATIVE_YEAR.finditer(text):
        year = now + (0 if m.group(1) else -1 if m.group(2) else 1)
        then = _RELATIVE_DAY.match(text, m.end())
        if then and (month := _month_number(then.group(2).lower(), months)):
            # "pagājušā gada oktobrī", "šā gada 12. martā": that year's month or day
            day = int(then.group(1)) if then.group(1) else None
            iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
            out.append(Temporal(m.start(), then.end(), text[m.start():then.end()], iso, None,
                                "day" if day else "month", "point"))
            continue
        if _THEN_DATE.match(text, m.end()):
            continue
        out.append(Temporal(m.start(), m.end(), m.group(0), str(year), None, "year", "point"))
    return out


_RELATIVE_DAY = re.compile(r"\s+(?:(\d{1,2})\.\s*)?([a-zāčēģīķļņšūž]+)")


def find_dates(text: str, default_year: int | None = None, now: int | None = None) -> list[Temporal]:
    """Every date, period, school year and web access date in text order; with `now` (the year the
    text was written in) also the years it names relative to it."""
    pats = _patterns()
    # "2017.gada 30 oktobra": a day written without its full stop after a year (same length, so the
    # offsets of what is read stay the original text's)
    atoms = _atoms(_DAY_WITHOUT_STOP.sub(r"\1.", text) if "gad" in text else text, pats)
    url_ends = {u.end() for u in _URL.finditer(text)}
    out: list[Temporal] = []

    written = [default_year]  # the year last written in text before this date, else default_year

    def emit(start: int, end: int, begin: End | None, finish: End | None, kind: str) -> None:
        year = written[0]
        if begin is not None:
            begin = _with_year(begin, year)
        if finish is not None:
            finish = _with_year(finish, year)
        # a plan's years ("programmas 2014. – 2020. gadam") give no year to the dates after them
        if kind == "range" and begin is not None and finish is not None and begin[0] != finish[0]:
            # a period over years ("no 2004. gada 1. maija līdz 2009. gada 30. aprīlim") says
            # nothing of the year of a date after it ("4. aprīlī"): the text's own year, if known
            written[0] = default_year
        elif kind != "access_date" and not (kind == "range" and PLAN_YEARS.search(text, start, end)):
            last = finish if finish is not None and finish[0] is not None else begin
            if last is not None and last[0] is not None:
                written[0] = last[0]
        b = _iso(begin) if begin is not None else None
        f = _iso(finish) if finish is not None else None
        if (begin is not None and b is None) or (finish is not None and f is None):
            return
        if b and f and b[:len(f)] > f:
            return  # "10.1.-1.1.2000": an end before its begin is no period
        out.append(Temporal(start, end, text[start:end], b, f, _precision(begin, finish), kind))

    i = 0
    while i < len(atoms):
        a = atoms[i]
        before = text[max(0, a.start - 30):a.start]
        gap_to_url = text[max(0, a.start - 3):a.start]
        if _ACCESS.search(before) or any(a.start - k in url_ends and not gap_to_url[-k:].strip("( ")
                                         for k in range(1, 4)):
            emit(a.start, a.end, a.begin, None, "access_date")
            i += 1
            continue
        since = _SINCE.search(text, max(0, a.start - 12), a.start)
        start = since.start() if since else a.start
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None:
            between = text[a.end:b.start]
            joined = _join(a, b) if (_TO.fullmatch(between) or _DASH_ONLY.fullmatch(between)) \
                else None
            if joined is not None:
                emit(start, b.end, joined[0], joined[1], "range")
                i += 2
                continue
        if since and a.kind == "range":  # "no 2022. gada 3. līdz 5. maijam"
            emit(start, a.end, a.begin, a.finish, "range")
        elif since:
            emit(start, a.end, a.begin, None, "since")
        elif until := _UNTIL.search(text, max(0, a.start - 8), a.start):
            emit(until.start(), a.end, None, a.finish or a.begin, "until")
        else:
            emit(a.start, a.end, a.begin, a.finish, a.kind)
        i += 1
    relative = relative_years(text, now)
    if relative:  # a relative date replaces the date read inside it without its year
        out = sorted([d for d in out if not any(r.start <= d.start < r.end for r in relative)]
                     + [r for r in relative if not any(d.start <= r.start < d.end for d in out)],
                     key=lambda d: d.start)
    return out
