"""Issue 14, seventh round: a project's own page — its name as the page's title (with the project
number glued to it), sentences that speak only of "the project", the parts of its sum in the next
sentence — and a building named after an event noun. Sentences made up for these tests in the
style of NGO and municipality project pages (not taken from any corpus)."""

from decimal import Decimal

from test_generalisation import facts, labels

from reportgraph.extract.read.sentences import split_sentences
from reportgraph.ontology.namespaces import RG, SCHEMA

PAGE = (
    "Kopā varam!Nr. 2022.LV/NVO/017\n"
    "Projekta mērķis ir stiprināt jauniešu līdzdalību vietējā kopienā.\n"
    "Projekta mērķa grupa ir Talsu novada jaunieši.\n"
    "Projekts tiek īstenots no 2022. gada 1. marta līdz 2023. gada 30. jūnijam.\n"
    "Projektam piešķirts valsts budžeta finansējums 12 500,00 euro.\n"
)


def test_a_number_glued_to_the_title_is_no_sentence_of_its_own():
    text = "Kopā varam!Nr. 2022.LV/NVO/017"
    assert [(s.start, s.end) for s in split_sentences(text)] == [(0, len(text))]


def test_the_title_of_a_page_about_the_project_is_its_name():
    f = facts(PAGE, "Kopā varam!", 2022)
    assert f["start"] == {"2022-03-01"} and f["end"] == {"2023-06-30"}
    assert f["funds"] == {"STATE"}
    assert (Decimal("12500.00"), "EUR") in f["funding"]


def test_a_headline_with_two_sentences_about_some_project_names_none():
    text = ("LEADER Dundagā\n"
            "Jaunieši nodarbībās darināja rotas.\n"
            "Projekta pieteikums guva atbalstu vietējās rīcības grupas konkursā.\n"
            "Projekts īstenots ar Eiropas Lauksaimniecības fonda lauku attīstībai finansējumu.\n")
    assert "LEADER Dundagā" not in labels(text, RG.Project, 2020)


def test_the_parts_of_a_projects_sum_told_in_the_next_sentence():
    text = ("Jaunumi\n"
            "Valkas novada dome saņēma lēmumu par projekta “Skatuves gaismas Ērģemes saieta namam” "
            "apstiprināšanu. Projekta attiecināmās izmaksas ir 5 000,00 EUR. Eiropas Lauksaimniecības fonda "
            "lauku attīstībai (ELFLA) finansējums ir 90 % no attiecināmajām izmaksām jeb 4 500,00 EUR un "
            "Valkas novada domes līdzfinansējums 500,00 EUR.\n")
    f = facts(text, "Skatuves gaismas Ērģemes saieta namam", 2019)
    assert f["funds"] == {"EU", "MUNI"}
    assert {Decimal("4500.00"), Decimal("500.00")} <= {v for v, _ in f["funding"]}


def test_a_house_named_after_an_event_noun_is_no_event():
    text = ("Jaunumi\nProjekta ietvaros tiks modernizēts Valkas pagasta Saieta nams \"Lugažu muiža\", "
            "kas 2019. gada 31. jūlijā saņēma jaunu aprīkojumu.\n")
    assert "Lugažu muiža" not in labels(text, SCHEMA.Event, 2019)


def test_an_event_noun_before_a_series_still_names_the_event():
    text = ("Jaunumi\nBiedrība 2018. gadā Rēzeknē īstenoja ceļojošās izstādes ciklu „Dzīve ceļā”, "
            "ko apmeklēja 300 interesentu.\n")
    assert "Dzīve ceļā" in labels(text, SCHEMA.Event, 2018)


SECTIONS = (
    "Jauniešu iniciatīvas\n"
    "Projekts \"Radošās pēcpusdienas\"\n"
    "Šo projektu iniciēja Anna, kas darbojas ESF projekta „Subsidētās darbavietas” ietvaros. Projektā tiks "
    "iegādāti materiāli, un Anna dosies ciemos pie Rundāles pagasta bērniem.\n"
    "Projektā saņemtais finansējums – 900 EUR.\n"
    "Projekts \"Jauniešu telpa\"\n"
    "Šo projektu iniciēja Viesturu pagasta jaunieši projekta “Radošās pēcpusdienas” ietvaros. Projekta laikā "
    "līdz 2022. gada 1. decembrim tiks iekārtota jauniešu telpa.\n"
    "Projektā saņemtais finansējums – 700 EUR.\n"
)


def test_this_project_is_the_one_in_focus_not_one_named_in_passing():
    first = facts(SECTIONS, "Radošās pēcpusdienas", 2022)
    assert first["amount"] == {Decimal(900)} and "rundales-pagasts" in first["places"]
    second = facts(SECTIONS, "Jauniešu telpa", 2022)
    assert second["amount"] == {Decimal(700)} and second["end"] == {"2022-12-01"}
    assert facts(SECTIONS, "Subsidētās darbavietas", 2022)["amount"] == set()
