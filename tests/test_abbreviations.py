"""Tests of reportgraph.extract.entities.abbreviations on the real report and on short blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgraph.extract.entities.abbreviations import (
    Abbreviation,
    initials_score,
    parse_abbreviations,
)

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"

# Hand-checked against the report's "Saīsinājumi:" page (21 pairs).
GOLD = [
    ("CSP", "Centrālā statistikas pārvalde"),
    ("EK", "Eiropas Komisija"),
    ("EP", "Eiropas Padome"),
    ("ES", "Eiropas Savienība"),
    ("ESF", "Eiropas Sociālais fonds"),
    ("JSLP", "Jelgavas Sociālo lietu pārvalde"),
    ("JSPA", "Jaunatnes starptautiskā programmu aģentūra"),
    ("IKVD", "Izglītības kvalitātes valsts dienests"),
    ("IZM", "Izglītības un zinātnes ministrija"),
    ("KM", "Kultūras ministrija"),
    ("LM", "Labklājības ministrija"),
    ("LR", "Latvijas Republika"),
    ("MK", "Ministru kabinets"),
    ("NVA", "Nodarbinātības valsts aģentūra"),
    ("NVO", "Nevalstiskā organizācija"),
    ("PMLP", "Pilsonības un migrācijas lietu pārvalde"),
    ("SIF", "Sabiedrības integrācijas fonds"),
    ("SPKC", "Slimību profilakses un kontroles centrs"),
    ("VIAA", "Valsts izglītības attīstības aģentūra"),
    ("VISC", "Valsts izglītības satura centrs"),
    ("VM", "Veselības ministrija"),
]


def _dump(*lines: str) -> str:
    """Lines as the PDF dump writes them: each ends in a space and is followed by an empty line."""
    return "".join(f"{line} \n\n" for line in lines)


@pytest.fixture(scope="module")
def raw() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def test_abbreviations_fixture_all_pairs(raw: str) -> None:
    parsed = parse_abbreviations(raw)
    assert [(a.acronym, a.name) for a in parsed.items] == GOLD


def test_abbreviations_fixture_span(raw: str) -> None:
    parsed = parse_abbreviations(raw)
    block = raw[parsed.start : parsed.end]
    assert block.lstrip().startswith("Saīsinājumi:")
    assert block.endswith("Veselības ministrija")
    assert "Informatīvais ziņojums" not in block
    assert raw[parsed.end :].lstrip().startswith("Informatīvais ziņojums")


def test_abbreviations_fixture_expand(raw: str) -> None:
    parsed = parse_abbreviations(raw)
    assert parsed.expand("IZM") == "Izglītības un zinātnes ministrija"
    assert parsed.expand("NVO") == "Nevalstiskā organizācija"
    assert parsed.expand("visc") == "Valsts izglītības satura centrs"
    assert parsed.expand("XYZ") is None


def test_abbreviations_split_columns_other_block() -> None:
    text = _dump(
        "Lietotie saīsinājumi:",
        "LAD",
        "VID",
        "Valsts ieņēmumu dienests",
        "Lauku atbalsta dienests",
        "CVK – Centrālā vēlēšanu komisija",
        "ZM",
        "Zemkopības ministrija",
        " ",
        "Ziņojumā apkopoti 2022.gada dati par lauku attīstības programmu.",
    )
    parsed = parse_abbreviations(text)
    assert parsed.items == (
        Abbreviation("LAD", "Lauku atbalsta dienests"),
        Abbreviation("VID", "Valsts ieņēmumu dienests"),
        Abbreviation("CVK", "Centrālā vēlēšanu komisija"),
        Abbreviation("ZM", "Zemkopības ministrija"),
    )
    assert text[parsed.start : parsed.end].endswith("Zemkopības ministrija")
    assert "Ziņojumā" not in text[parsed.start : parsed.end]


def test_abbreviations_in_order_when_initials_do_not_decide() -> None:
    text = _dump(
        "Saīsinājumu saraksts",
        "AB",
        "CD",
        "Rīgas Brīvostas pārvalde",
        "Latvijas Jūras administrācija",
        " ",
    )
    parsed = parse_abbreviations(text)
    assert [(a.acronym, a.name) for a in parsed.items] == [
        ("AB", "Rīgas Brīvostas pārvalde"),
        ("CD", "Latvijas Jūras administrācija"),
    ]


def test_abbreviations_wrapped_name_is_joined() -> None:
    text = _dump(
        "Saīsinājumi:",
        "VARAM",
        "Vides aizsardzības un reģionālās",
        "attīstības ministrija",
        "VVD Valsts vides dienests",
        " ",
        "Teksts.",
    )
    parsed = parse_abbreviations(text)
    assert parsed.expand("VARAM") == "Vides aizsardzības un reģionālās attīstības ministrija"
    assert parsed.expand("VVD") == "Valsts vides dienests"


def test_abbreviations_none_without_header() -> None:
    parsed = parse_abbreviations(_dump("KM", "Kultūras ministrija"))
    assert parsed.items == ()
    assert (parsed.start, parsed.end) == (0, 0)
    assert parse_abbreviations("").items == ()


def test_abbreviations_initials_score() -> None:
    assert initials_score("IZM", "Izglītības un zinātnes ministrija") == 2
    assert initials_score("NVO", "Nevalstiskā organizācija") == 1
    assert initials_score("LAD", "Valsts ieņēmumu dienests") == 0
