"""Counts of participants, groups and events in cleaned Latvian report text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgraph.extract.entities.normalise import Count, find_counts

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"


@pytest.fixture(scope="module")
def report() -> str:
    return " ".join(FIXTURE.read_text(encoding="utf-8").split())


def _rows(found: list[Count]) -> list[tuple[int, str, str]]:
    return [(c.value, c.qualifier, c.noun) for c in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Pasākumā piedalījās 64 dalībnieki.", (64, "exact", "dalībnieki")),
    ("Festivālā piedalījās vairāk nekā 30 dalībnieku.", (30, "more_than", "dalībnieku")),
    ("Pasākumu apmeklēja ap 100 cilvēku.", (100, "approx", "cilvēku")),
    ("piedalījās 15 romu jaunieši vecumā no 15-26 gadiem", (15, "exact", "romu jaunieši")),
    ("Pasākumā piedalījās 10 dalībnieki to starp eksperte", (10, "exact", "dalībnieki")),
    ("nometne romu bērniem (kopā 20 romu bērniem vecumā no 4 līdz 12 gadiem)",
     (20, "exact", "romu bērniem")),
    ("Kopumā pieci romu mediatori sadarbojās", (5, "exact", "romu mediatori")),
    ("četri romu mediatori turpināja darbu", (4, "exact", "romu mediatori")),
    ("strādāja trīs romu tautības skolotāju palīgi (Jelgavā)",
     (3, "exact", "romu tautības skolotāju palīgi")),
    ("dzīvoja tikai divas ģimenes, jo", (2, "exact", "ģimenes")),
    ("vismaz viens romu integrācijas projekts katrā reģionā",
     (1, "at_least", "romu integrācijas projekts")),
    ("apmēram 130 romu skolēni turpmāk", (130, "approx", "romu skolēni")),
    ("aptuveni 45 interesenti", (45, "approx", "interesenti")),
    ("~ 50 apmeklētāju", (50, "approx", "apmeklētāju")),
    ("virs 200 skolēnu", (200, "more_than", "skolēnu")),
    ("ne mazāk kā 12 pasākumi", (12, "at_least", "pasākumi")),
    ("mazāk nekā 20 dalībnieku", (20, "less_than", "dalībnieku")),
    ("ne vairāk kā 25 dalībnieki", (25, "less_than", "dalībnieki")),
    ("divdesmit pieci dalībnieki", (25, "exact", "dalībnieki")),
    ("iesaistīti 119 valsts un pašvaldības iestāžu pārstāvji",
     (119, "exact", "valsts un pašvaldības iestāžu pārstāvji")),
    ("iesaistīti 187 iestādes audzēkņi un viņu ģimenes", (187, "exact", "iestādes audzēkņi")),
    ("deleģētie pārstāvji no 18 Latvijas pašvaldībām (Daugavpils", (18, "exact",
                                                                    "Latvijas pašvaldībām")),
    ("atbalstīti 5 romu NVO projekti", (5, "exact", "romu NVO projekti")),
    ("4 romu bērni saņēma skolas somas", (4, "exact", "romu bērni")),
    ("piedalījās 3 000 apmeklētāju", (3000, "exact", "apmeklētāju")),
])
def test_counts_participant_like_phrases(text: str, expected: tuple[int, str, str]) -> None:
    assert _rows(find_counts(text)) == [expected]


def test_counts_span_starts_at_the_qualifier() -> None:
    text = "Festivālā piedalījās vairāk nekā 30 dalībnieku no Sabiles."
    (count,) = find_counts(text)
    assert count.text == "vairāk nekā 30 dalībnieku"
    assert text[count.start:count.end] == count.text


@pytest.mark.parametrize("text", [
    "2018.gadā notika 3.oktobrī",
    "17.05.2018. notika seminārs",
    "Projekta finansējums bija 1500 euro un 14 188 878 euro un valsts budžeta līdzekļi.",
    "94,4% ir Latvijas pilsoņi un 34,2 % romu bērnu",
    "1.3.1. uzdevumā un 9.2.4.1. pasākuma",
    "jauniešiem vecumā no 15 līdz 29 gadiem",
    "7 mēnešu laikā un pēdējo 3 gadu laikā, trīs nedēļu vasaras nometne",
    "MK noteikumi Nr.310 un Nr. 33 dalībnieki",
    "par 109 cilvēkiem mazāk nekā 2017.gadā",
    "Jelgavas 4.pamatskolā un 1. – 6.klašu skolēniem",
    "viens no VM prioritārajiem mērķiem; mācoties vienam no otra",
    "Ziņojums ir pieejams. 24 Situācijas apraksts un pasākumi veselības jomā.",
    "Algoti pagaidu darbi 282 297 Atbalsta pasākumi ilgstošajiem bezdarbniekiem 465 593",
])
def test_counts_not_counts(text: str) -> None:
    assert find_counts(text) == []


def test_counts_own_excerpt_seminar_in_liepaja() -> None:
    text = ("Semināros Liepājā piedalījās 27 dalībnieki, t.sk. 9 jaunieši, bet konferenci "
            "apmeklēja aptuveni 150 cilvēku. Darbnīcās 2019.gadā iesaistījās septiņas romu "
            "ģimenes un vairāk par 40 skolēniem vecumā no 7 līdz 14 gadiem.")
    assert _rows(find_counts(text)) == [
        (27, "exact", "dalībnieki"),
        (9, "exact", "jaunieši"),
        (150, "approx", "cilvēku"),
        (7, "exact", "romu ģimenes"),
        (40, "more_than", "skolēniem"),
    ]


def test_counts_real_report_values(report: str) -> None:
    rows = _rows(find_counts(report))
    assert (64, "exact", "dalībnieki") in rows
    assert (30, "more_than", "dalībnieku") in rows
    assert (100, "approx", "cilvēku") in rows
    assert (15, "exact", "romu jaunieši") in rows
    assert (5, "exact", "romu mediatori") in rows
    assert (3000, "approx", "interesentu") in rows
    assert (7060, "exact", "romu tautības cilvēki") in rows
    assert all(not 1900 <= value <= 2100 for value, _, _ in rows)
    assert all(value != 28 for value, _, _ in rows)  # "28,46 euro" is money


def test_counts_real_report_is_fast(report: str) -> None:
    find_counts(report)
    best = min(_timed(report) for _ in range(5))
    assert best < 0.05, f"find_counts took {best * 1000:.1f} ms"


def _timed(text: str) -> float:
    t0 = time.perf_counter()
    find_counts(text)
    return time.perf_counter() - t0


_TOKENS = st.sampled_from(["64", "3 000", "dalībnieki", "romu", "bērni", "ap", "vairāk", "nekā",
                           "vismaz", "ne", "mazāk", "kā", "pieci", "divdesmit", "divas", "ģimenes",
                           "un", "no", "līdz", "gadiem", "2018.gadā", "94,4%", "1.3.1.", "NVO",
                           "projekti", ".", ",", "(", ")", "Latvijas", "par", "~", "euro"])
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_TOKENS, max_size=40).map(" ".join),
                   st.lists(_TOKENS, max_size=40).map("".join))


@given(_TEXTS)
def test_counts_never_raise_and_spans_match(text: str) -> None:
    found = find_counts(text)
    assert found == find_counts(text)
    for c in found:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.text
        assert c.noun and c.text.endswith(c.noun)
        assert c.qualifier in {"exact", "approx", "more_than", "at_least", "less_than"}
        assert c.value >= 0
