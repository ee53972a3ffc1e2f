"""Tests of extract/inflect.py: generated case forms of Latvian names, one test per pattern."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgraph.extract.entities.inflect import CASES, PLURAL_CASES, infer, inflect, parse_hint


def forms(name: str, hint: str | None = None) -> tuple[str, ...]:
    got = inflect(name, hint)
    return tuple(got[c] for c in CASES)


def test_inflect_fourth_declension_feminine_a():
    assert forms("Jelgava") == ("Jelgava", "Jelgavas", "Jelgavai", "Jelgavu", "Jelgavā")
    assert forms("Kuldīga")[4] == "Kuldīgā"


def test_inflect_sixth_declension_pils_names_without_hint():
    assert forms("Ventspils") == ("Ventspils", "Ventspils", "Ventspilij", "Ventspili", "Ventspilī")
    assert forms("Daugavpils")[2:] == ("Daugavpilij", "Daugavpili", "Daugavpilī")
    assert forms("Jēkabpils")[4] == "Jēkabpilī"
    assert forms("Valdemārpils")[4] == "Valdemārpilī"


def test_inflect_sixth_declension_by_hint_on_other_s_word():
    # "-s" alone reads as masculine 1st declension; the hint turns it feminine 6th
    assert forms("Tukums")[1] == "Tukuma"
    assert forms("Krāsns", "f6") == ("Krāsns", "Krāsns", "Krāsnij", "Krāsni", "Krāsnī")


def test_inflect_fifth_declension_feminine_e():
    assert forms("Sabile") == ("Sabile", "Sabiles", "Sabilei", "Sabili", "Sabilē")


def test_inflect_first_declension_masculine_s():
    assert forms("Tukums") == ("Tukums", "Tukuma", "Tukumam", "Tukumu", "Tukumā")
    assert forms("Lādezers")[1] == "Lādezera"
    assert forms("ceļš") == ("ceļš", "ceļa", "ceļam", "ceļu", "ceļā")


def test_inflect_second_declension_mutates_genitive():
    assert forms("brālis") == ("brālis", "brāļa", "brālim", "brāli", "brālī")
    assert forms("pārstāvis")[1] == "pārstāvja"


def test_inflect_third_declension_us():
    assert forms("Saldus") == ("Saldus", "Saldus", "Saldum", "Saldu", "Saldū")


def test_inflect_plural_masculine_names():
    assert forms("Limbaži") == ("Limbaži", "Limbažu", "Limbažiem", "Limbažus", "Limbažos")
    assert forms("Talsi")[1] == "Talsu" and forms("Talsi")[4] == "Talsos"
    assert forms("Preiļi")[2] == "Preiļiem" and forms("Preiļi")[4] == "Preiļos"
    assert forms("Helsinki")[4] == "Helsinkos"


def test_inflect_plural_feminine_names():
    assert forms("Cēsis", "f6pl") == ("Cēsis", "Cēsu", "Cēsīm", "Cēsis", "Cēsīs")
    assert forms("Atēnas") == ("Atēnas", "Atēnu", "Atēnām", "Atēnas", "Atēnās")
    assert forms("Pļaviņas")[4] == "Pļaviņās"


def test_inflect_plural_name_has_no_extra_plural_keys():
    assert set(inflect("Limbaži")) == set(CASES)
    assert set(inflect("Jelgava")) == set(CASES)


def test_inflect_compound_name_inflects_head_only():
    assert forms("Talsu novads") == (
        "Talsu novads", "Talsu novada", "Talsu novadam", "Talsu novadu", "Talsu novadā")
    assert forms("Jelgavas pilsēta")[1:] == ("Jelgavas pilsētas", "Jelgavas pilsētai",
                                             "Jelgavas pilsētu", "Jelgavas pilsētā")
    assert forms("Jelgavas valstspilsēta")[4] == "Jelgavas valstspilsētā"
    assert forms("Kurzemes plānošanas reģions")[4] == "Kurzemes plānošanas reģionā"


def test_inflect_compound_name_gets_plural_keys():
    got = inflect("Talsu novads")
    assert set(PLURAL_CASES) <= set(got)
    assert got["loc_pl"] == "Talsu novados" and got["dat_pl"] == "Talsu novadiem"
    assert inflect("Dobeles pilsēta")["loc_pl"] == "Dobeles pilsētās"


def test_inflect_definite_adjective_agrees_with_head():
    assert forms("Apvienotā Karaliste")[1:] == ("Apvienotās Karalistes", "Apvienotajai Karalistei",
                                                "Apvienoto Karalisti", "Apvienotajā Karalistē")
    assert forms("Amerikas Savienotās Valstis", "f6pl")[4] == "Amerikas Savienotajās Valstīs"
    assert forms("Eiropas Sociālais fonds")[1] == "Eiropas Sociālā fonda"


def test_inflect_coordinated_names_inflect_each_part():
    assert forms("Bosnija un Hercegovina")[4] == "Bosnijā un Hercegovinā"


def test_inflect_hyphenated_head_inflects_last_part():
    assert forms("Sankt-Pēterburga")[4] == "Sankt-Pēterburgā"


def test_inflect_indeclinable_names_and_acronyms():
    assert set(forms("Oslo")) == {"Oslo"}
    assert set(forms("Tbilisi", "indecl")) == {"Tbilisi"}
    assert set(forms("ASV")) == {"ASV"}


def test_inflect_rejects_bad_hint_and_mismatched_ending():
    with pytest.raises(ValueError):
        inflect("Jelgava", "f7")
    with pytest.raises(ValueError):
        inflect("Jelgava", "m3")  # does not end in -us


def test_inflect_hint_and_ending_readers():
    assert parse_hint("f6pl") == ("f6", True)
    assert parse_hint("indecl") is None
    assert infer("Saldus") == ("m3", False)
    assert infer("Atēnas") == ("f4", True)
    assert infer("Oslo") is None


_LOWER = "abcdefghijklmnoprstuvzāčēģīķļņšūž"
_STEM = st.text(_LOWER, min_size=2, max_size=10).map(lambda s: s[0].upper() + s[1:])


@given(_STEM, st.sampled_from([("a", "f4", ("a", "as", "ai", "u", "ā")),
                                ("e", "f5", ("e", "es", "ei", "i", "ē")),
                                ("i", "m1pl", ("i", "u", "iem", "us", "os"))]))
def test_inflect_regular_endings_follow_the_stem(stem, paradigm):
    ending, hint, endings = paradigm
    name = stem + ending
    assert forms(name, hint) == tuple(stem + e for e in endings)
    assert forms(f"Kādas {name}", hint)[4] == f"Kādas {stem}{endings[4]}"
