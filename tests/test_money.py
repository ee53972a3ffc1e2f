"""Sums of money and funding splits in cleaned Latvian report text."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgraph.extract.entities.normalise import (
    FundingPart,
    find_funding,
    find_money,
    parse_amount,
)

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"
FUND_CODES = {"ESF", "ERDF", "CF", "EU", "EC", "STATE", "MUNI", "EEA", "ERASMUS"}


@pytest.fixture(scope="module")
def report() -> str:
    return " ".join(FIXTURE.read_text(encoding="utf-8").split())


def _split(parts: list[FundingPart]) -> list[tuple[str, str | None, Decimal]]:
    return [(p.role, p.source, p.money.value) for p in parts]


@pytest.mark.parametrize(("s", "value"), [
    ("32 005 188", Decimal(32005188)),
    ("1996,00", Decimal("1996.00")),
    ("28,46", Decimal("28.46")),
    ("7596", Decimal(7596)),
    ("1\u00a0500", Decimal(1500)),
    ("12\u202f345,5", Decimal("12345.5")),
    ("1.500,00", Decimal("1500.00")),
    ("28.46", Decimal("28.46")),
    ("-1 200", Decimal(-1200)),
    ("500,-", Decimal(500)),
])
def test_money_parse_amount_latvian_forms(s: str, value: Decimal) -> None:
    assert parse_amount(s) == value


@pytest.mark.parametrize("s", ["", "euro", "12 34", "1,2,3", "1 2345", "12a", " , "])
def test_money_parse_amount_rejects_non_amounts(s: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(s)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False,
                   allow_infinity=False),
       st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"]))
def test_money_parse_amount_round_trips_formatted_decimals(value: Decimal, sep: str) -> None:
    whole, _, frac = f"{value:,.2f}".partition(".")
    written = whole.replace(",", sep) + "," + frac
    assert parse_amount(written) == value
    assert parse_amount(whole.replace(",", sep)) == int(value)


def test_money_finds_currencies_and_values() -> None:
    text = ("Piešķirti 1 250 000 EUR, vēl € 300 un 2,5 milj. euro; 1999.gadā 400 lati "
            "jeb 150 Ls, kā arī 75,50 eiro.")
    found = [(m.text, m.value, m.currency) for m in find_money(text)]
    assert found == [
        ("1 250 000 EUR", Decimal(1250000), "EUR"),
        ("€ 300", Decimal(300), "EUR"),
        ("2,5 milj. euro", Decimal(2500000), "EUR"),
        ("400 lati", Decimal(400), "LVL"),
        ("150 Ls", Decimal(150), "LVL"),
        ("75,50 eiro", Decimal("75.50"), "EUR"),
    ]


def test_money_ignores_numbers_without_currency() -> None:
    text = "94,4% ir pilsoņi; 1.3.1. uzdevumā 2018.gadā piedalījās 64 dalībnieki, Eurostat dati."
    assert find_money(text) == []


def test_money_funding_total_with_eu_and_state_parts() -> None:
    text = ("Projekta kopējais finansējums: 32 005 188 EUR, t.sk. ES fondu līdzfinansējums ir "
            "27 204 409 EUR, valsts budžeta finansējums – 4 800 779 EUR.")
    assert _split(find_funding(text)) == [
        ("total", None, Decimal(32005188)),
        ("part", "EU", Decimal(27204409)),
        ("part", "STATE", Decimal(4800779)),
    ]


def test_money_funding_esf_and_state_joined_by_un() -> None:
    text = ("9.2.4.1. pasākuma kopējais finansējums ir 16 692 798 euro, t.sk. ESF finansējums – "
            "14 188 878 euro un valsts budžeta finansējums 2 503 920 euro.")
    assert _split(find_funding(text)) == [
        ("total", None, Decimal(16692798)),
        ("part", "ESF", Decimal(14188878)),
        ("part", "STATE", Decimal(2503920)),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Projekta finansējums bija 1996,00 euro.", ("total", None, Decimal("1996.00"))),
    ("Kopējais piešķirtais finansējums ir 7596 eiro.", ("total", None, Decimal(7596))),
    (("Pateicoties Jelgavas pilsētas pašvaldības piešķirtajam atbalstam (1500 euro) tika "
      "organizēta nometne."), ("part", "MUNI", Decimal(1500))),
    ("2017.gadā no Limbažu novada domes tika atvēlēti 8 910 euro.",
     ("part", "MUNI", Decimal(8910))),
    ("ESF finansējums 2000 eiro.", ("part", "ESF", Decimal(2000))),
    ("Projektam piešķirti 5000 EUR no valsts budžeta līdzekļiem.",
     ("part", "STATE", Decimal(5000))),
    ("Jauniešu apmaiņai ar Erasmus+ atbalstu saņemti 12 400 euro.",
     ("part", "ERASMUS", Decimal(12400))),
    ("EEZ finanšu instrumenta līdzfinansējums 80 000 EUR.", ("part", "EEA", Decimal(80000))),
])
def test_money_funding_single_sums(text: str, expected: tuple[str, str | None, Decimal]) -> None:
    assert _split(find_funding(text)) == [expected]


def test_money_funding_skips_averages_ceilings_and_plain_prices() -> None:
    text = ("Pabalsts piešķirts (vidēji 28,46 euro apmērā). Atbalsta summa nav lielāka par "
            "1500 eiro. Biļete maksā 3 euro.")
    assert len(find_money(text)) == 3
    assert find_funding(text) == []


def test_money_funding_own_excerpt_erdf_and_municipality() -> None:
    text = ("Biedrība „Saules stari” 2019.gadā īstenoja projektu „Kopā Kuldīgā”. Projekta "
            "kopējās izmaksas ir 45 300,50 EUR, tai skaitā ERAF finansējums – 38 505,43 EUR un "
            "Kuldīgas novada pašvaldības līdzfinansējums 6 795,07 EUR. Papildus Valsts "
            "kultūrkapitāla fonds piešķīra 3 200 euro.")
    assert _split(find_funding(text)) == [
        ("total", None, Decimal("45300.50")),
        ("part", "ERDF", Decimal("38505.43")),
        ("part", "MUNI", Decimal("6795.07")),
        ("part", "STATE", Decimal(3200)),
    ]


def test_money_fund_cue_codes_are_known() -> None:
    """Every code in fund_cues.tsv is a funding-source concept of the ontology."""
    from rdflib.namespace import SKOS

    from reportgraph.extract.entities.fundcues import _regex
    from reportgraph.ontology.resources import funds_graph

    codes = {c.rstrip("?") for c in _regex()[1].values()}  # "EU?": the EU, named only beside a funding word
    assert codes <= FUND_CODES
    assert codes <= {str(n) for n in funds_graph().objects(None, SKOS.notation)}


def test_money_real_report_values(report: str) -> None:
    values = [m.value for m in find_money(report)]
    for v in ("1600", "7596", "32005188", "1996.00", "8910", "28.46"):
        assert Decimal(v) in values
    split = _split(find_funding(report))
    assert ("total", None, Decimal(32005188)) in split
    assert ("part", "EU", Decimal(27204409)) in split
    assert ("part", "ESF", Decimal(32888538)) in split
    assert ("part", "STATE", Decimal(5803860)) in split
    assert ("part", "MUNI", Decimal(8910)) in split
    assert ("total", None, Decimal(7596)) in split
    assert all(Decimal("28.46") != v for _, _, v in split)


def test_money_real_report_is_fast(report: str) -> None:
    for fn in (find_money, find_funding):
        fn(report)
        best = min(_timed(fn, report) for _ in range(5))
        assert best < 0.05, f"{fn.__name__} took {best * 1000:.1f} ms"


def _timed(fn, text: str) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0


_TOKENS = st.sampled_from(["1500", "32 005 188", "1996,00", "EUR", "euro", "eiro", "€", "Ls",
                           "lati", "milj.", "t.sk.", "ESF", "ES", "fondu", "valsts", "budžeta",
                           "finansējums", "kopējais", "pašvaldības", ".", ",", "–", "(", ")",
                           "1.500,5", "no", "vidēji", "līdz", "9.2.4.1.", "2018.gadā"])
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_TOKENS, max_size=40).map(" ".join),
                   st.lists(_TOKENS, max_size=40).map("".join))


@given(_TEXTS)
def test_money_never_raises_and_spans_match(text: str) -> None:
    found = find_money(text)
    assert found == find_money(text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.currency in {"EUR", "LVL"}
    parts = find_funding(text)
    assert parts == find_funding(text)
    for p in parts:
        assert p.role in {"total", "part"}
        assert p.source is None or p.source in FUND_CODES
        assert p.money in found


def test_the_same_sum_in_the_other_currency_keeps_its_role_and_stays_in_its_currency() -> None:
    from reportgraph.extract.entities.money import find_funding

    parts = find_funding("Projekta budžets bija 15 000 latu jeb 21 343 eiro.")
    assert [(str(p.money.value), p.money.currency, p.role) for p in parts] == [
        ("15000", "LVL", "total"), ("21343", "EUR", "total")]
    # a part in another currency after a total is still a part
    parts = find_funding("Projekta izmaksas ir 2650 Ls, no tām ESF 2000 EUR.")
    assert [(p.role, p.source) for p in parts] == [("total", None), ("part", "ESF")]
