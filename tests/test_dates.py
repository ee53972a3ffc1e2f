"""Dates, periods and school years in cleaned Latvian report text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgraph.extract.entities.normalise import Temporal, find_dates

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"
Row = tuple[str, str | None, str | None, str]


@pytest.fixture(scope="module")
def report() -> str:
    return " ".join(FIXTURE.read_text(encoding="utf-8").split())


def _rows(found: list[Temporal]) -> list[Row]:
    return [(t.kind, t.begin, t.finish, t.precision) for t in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("17.05.2018.", ("point", "2018-05-17", None, "day")),
    ("2018.gada 3.oktobrī", ("point", "2018-10-03", None, "day")),
    ("2018.gadā 3.oktobrī", ("point", "2018-10-03", None, "day")),
    ("2018.gada 28.jūlijā", ("point", "2018-07-28", None, "day")),
    ("2018. gada 5. jūnija protokollēmums", ("point", "2018-06-05", None, "day")),
    ("2019-03-05", ("point", "2019-03-05", None, "day")),
    ("2018.gadā jūlijā", ("point", "2018-07", None, "month")),
    ("2018.gada oktobrī", ("point", "2018-10", None, "month")),
    ("2018.gadā", ("point", "2018", None, "year")),
    ("2018. g. plāns", ("point", "2018", None, "year")),
    ("2016.gada 17.maija MK noteikumiem Nr.310", ("point", "2016-05-17", None, "day")),
])
def test_dates_points(text: str, expected: Row) -> None:
    assert _rows(find_dates(text)) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("06.-07.06.2018.", ("range", "2018-06-06", "2018-06-07", "day")),
    ("01.01.2017. – 31.12.2020.", ("range", "2017-01-01", "2020-12-31", "day")),
    ("01.05.2018.-25.11.2018.", ("range", "2018-05-01", "2018-11-25", "day")),
    ("06.05.-07.06.2018.", ("range", "2018-05-06", "2018-06-07", "day")),
    ("No 2017.gada 1.oktobra līdz 2018.gada 31.maijam",
     ("range", "2017-10-01", "2018-05-31", "day")),
    ("no 2017.gada 1.oktobra līdz 31.maijam", ("range", "2017-10-01", "2018-05-31", "day")),
    ("2018.gadā 21. un 22. septembrī", ("range", "2018-09-21", "2018-09-22", "day")),
    ("2018.gadā 2.-4.oktobrim", ("range", "2018-10-02", "2018-10-04", "day")),
    ("2019. – 2020.gadam", ("range", "2019", "2020", "year")),
    ("2014. – 2020.gada", ("range", "2014", "2020", "year")),
    ("pamatnostādņu 2012.-2018.gadam", ("range", "2012", "2018", "year")),
    ("programma (2014. – 2020.)", ("range", "2014", "2020", "year")),
    ("periodā 2014–2020", ("range", "2014", "2020", "year")),
    ("no 2015. līdz 2020.gadam", ("range", "2015", "2020", "year")),
])
def test_dates_ranges(text: str, expected: Row) -> None:
    assert _rows(find_dates(text)) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("2017./2018. mācību gadā", ("school_year", "2017-09", "2018-08", "month")),
    ("2017./2018.mācību gada", ("school_year", "2017-09", "2018-08", "month")),
    ("2018./2019.m.g.", ("school_year", "2018-09", "2019-08", "month")),
    ("2019./20. m. g.", ("school_year", "2019-09", "2020-08", "month")),
    ("Kopš 2017./2018.mācību gada", ("since", "2017-09", None, "month")),
    ("No 2018.gada oktobra", ("since", "2018-10", None, "month")),
    ("Kopš 2017.gada oktobra", ("since", "2017-10", None, "month")),
    ("Kopš 2017.gada", ("since", "2017", None, "year")),
    ("sākot ar 01.09.2019.", ("since", "2019-09-01", None, "day")),
    ("līdz 2019.gada septembrim", ("until", None, "2019-09", "month")),
    ("Līdz 2020. gadam tiks", ("until", None, "2020", "year")),
    ("(Skatīts 11.03.2019.)", ("access_date", "2019-03-11", None, "day")),
    ("pieejams https://www.km.gov.lv/lv/romi 07.03.2018.)",
     ("access_date", "2018-03-07", None, "day")),
])
def test_dates_school_years_open_periods_and_access_dates(text: str, expected: Row) -> None:
    assert _rows(find_dates(text)) == [expected]


def test_dates_span_covers_the_cue_words() -> None:
    text = "Mediatori strādāja no 2017.gada 1.oktobra līdz 2018.gada 31.maijam Rīgā."
    (found,) = find_dates(text)
    assert found.text == "no 2017.gada 1.oktobra līdz 2018.gada 31.maijam"
    assert text[found.start:found.end] == found.text


def test_dates_without_year_use_default_year_or_are_dropped() -> None:
    text = "sanāksmēs (15.-16.03. un 08.10.) un (22. – 25.06. Atēnās, 16. – 19.10. Strasbūrā)"
    assert find_dates(text) == []
    assert _rows(find_dates(text, default_year=2018)) == [
        ("range", "2018-03-15", "2018-03-16", "day"),
        ("point", "2018-10-08", None, "day"),
        ("range", "2018-06-22", "2018-06-25", "day"),
        ("range", "2018-10-16", "2018-10-19", "day"),
    ]


def test_dates_day_lists_that_skip_days_are_separate_points() -> None:
    found = find_dates("2019.gadā 3., 10. un 17. oktobrī")
    assert _rows(found) == [("point", f"2019-10-{d}", None, "day") for d in ("03", "10", "17")]
    assert [t.text for t in found] == ["2019.gadā 3.", "10.", "17. oktobrī"]


@pytest.mark.parametrize(("form", "month"), [
    ("janvāris", 1), ("janvāra", 1), ("janvārim", 1), ("janvāri", 1), ("janvārī", 1),
    ("februārī", 2), ("marts", 3), ("marta", 3), ("martam", 3), ("martu", 3), ("martā", 3),
    ("aprīlī", 4), ("maijs", 5), ("maijā", 5), ("jūnijam", 6), ("jūlija", 7), ("augustu", 8),
    ("septembrī", 9), ("oktobra", 10), ("novembrim", 11), ("decembris", 12), ("okt.", 10),
])
def test_dates_month_names_in_every_case(form: str, month: int) -> None:
    assert _rows(find_dates(f"2021.gada 9.{form}")) == [
        ("point", f"2021-{month:02d}-09", None, "day")]


@pytest.mark.parametrize("text", [
    "94,4% ir Latvijas pilsoņi",
    "1.3.1. uzdevumā „Palielināt”",
    "9.2.4.1. pasākuma",
    "projekta Nr. 8.3.2.2/16/I/001",
    "32 005 188 EUR un 1996,00 euro",
    "4.2.punktu un 3.2.sadaļu",
    "otrdienās no pulksten 15.00 līdz 19.00 un sestdienās no 9.00 līdz 13.00.",
    "vecumā no 15 līdz 29 gadiem",
    "Kopā 564 100.0% 25.1% 8.9%",
    "21.gadsimtā 4.pamatskolā 1. – 6.klašu",
    "Maija Kalniņa un Augusts Bērziņš",
])
def test_dates_no_false_dates(text: str) -> None:
    assert find_dates(text, default_year=2018) == []


def test_dates_order_numbers_are_not_dates() -> None:
    found = find_dates("(apstiprināts KM 2012.gada 6.jūlijā, nr.6-4-18)")
    assert [(t.text, t.begin) for t in found] == [("2012.gada 6.jūlijā", "2012-07-06")]


def test_dates_invalid_calendar_dates_are_dropped() -> None:
    assert find_dates("31.02.2019. un 2019.gada 30.februārī") == []


def test_dates_own_excerpt_camp_and_project_period() -> None:
    text = ("Nometne notika no 2019.gada 8.jūlija līdz 12.jūlijam Cēsīs, bet noslēguma pasākums "
            "– 2019.gada 14.augustā. Projekta īstenošanas periods: 01.03.2019. – 28.02.2020. "
            "Biedrība darbojas kopš 2011.gada. Informācija: https://www.cesis.lv/nometne "
            "(Skatīts 02.04.2020.)")
    assert _rows(find_dates(text)) == [
        ("range", "2019-07-08", "2019-07-12", "day"),
        ("point", "2019-08-14", None, "day"),
        ("range", "2019-03-01", "2020-02-28", "day"),
        ("since", "2011", None, "year"),
        ("access_date", "2020-04-02", None, "day"),
    ]


def test_dates_real_report_values(report: str) -> None:
    rows = _rows(find_dates(report, default_year=2018))
    assert ("point", "2018-10-03", None, "day") in rows
    assert ("point", "2018-05-17", None, "day") in rows
    assert ("range", "2018-06-06", "2018-06-07", "day") in rows
    assert ("range", "2017-10-01", "2018-05-31", "day") in rows
    assert ("range", "2018-09-21", "2018-09-22", "day") in rows
    assert ("range", "2018-10-02", "2018-10-04", "day") in rows
    assert ("school_year", "2018-09", "2019-08", "month") in rows
    assert ("until", None, "2019-09", "month") in rows
    assert ("access_date", "2019-03-11", None, "day") in rows
    assert not any(kind == "point" and begin == "2019-03-11" for kind, begin, _, _ in rows)
    assert all(t.begin is None or t.begin[:2] in ("19", "20") for t in find_dates(report))


def test_dates_real_report_is_fast(report: str) -> None:
    find_dates(report, default_year=2018)
    best = min(_timed(report) for _ in range(5))
    assert best < 0.05, f"find_dates took {best * 1000:.1f} ms"


def _timed(text: str) -> float:
    t0 = time.perf_counter()
    find_dates(text, default_year=2018)
    return time.perf_counter() - t0


_TOKENS = st.sampled_from(["2018.", "gada", "gadā", "2018.gadā", "3.", "oktobrī", "maijam", "no",
                           "līdz", "kopš", "–", "-", "17.05.2018.", "06.-07.06.2018.", "15.",
                           "03.", "2017./2018.", "mācību", "m.g.", "(Skatīts", ")", "un", ",",
                           "9.2.4.1.", "31.02.2019.", "00.00.0000", "2019-02-30", "https://x.lv/",
                           "1999", "2099.gads", "/"])
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_TOKENS, max_size=40).map(" ".join),
                   st.lists(_TOKENS, max_size=40).map("".join))
ISO = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


@given(_TEXTS, st.one_of(st.none(), st.integers(1900, 2100)))
def test_dates_never_raise_and_spans_match(text: str, default_year: int | None) -> None:
    import re

    found = find_dates(text, default_year)
    assert found == find_dates(text, default_year)
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.kind in {"point", "range", "since", "until", "school_year", "access_date"}
        assert t.precision in {"year", "month", "day"}
        assert t.begin is not None or t.finish is not None
        for end in (t.begin, t.finish):
            assert end is None or re.match(ISO, end)
        if t.begin and t.finish:
            assert t.begin[:len(t.finish)] <= t.finish
