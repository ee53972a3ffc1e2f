"""Issue 14, seventh round: project names written in other ways (a field line without quotes,
single quotes, a compound noun, a plural lead with a colon) and payers named by who administers the
money or by the programme that pays. Sentences made up for these tests (not from any corpus)."""

from test_generalisation import facts, labels

from reportgraph.ontology.namespaces import RG


def projects(text: str) -> set[str]:
    return labels("Jaunumi\n" + text + "\n", RG.Project, 2019)


def test_a_field_line_names_the_project_without_quotes():
    page = ("Mūsu jaunumi\nProjekta nosaukums: Dārzs visiem\nProjekta īstenotājs: biedrība „Zaļā sēta”\n"
            "Projekta īstenošanas laiks: 01.03.2019.–31.12.2019.\n")
    f = facts(page, "Dārzs visiem", 2019)
    assert f["start"] == {"2019-03-01"} and f["end"] == {"2019-12-31"}


def test_a_name_in_single_quotes():
    assert projects("Biedrība īsteno projektu 'Kopā varam'.") == {"Kopā varam"}
    assert projects("Biedrība īsteno projektu ‘Kopā varam’.") == {"Kopā varam"}


def test_apostrophes_inside_words_are_no_quotes():
    from reportgraph.extract.entities.quotes import double_single_quotes
    text = "O'Brien un rock'n'roll"
    assert double_single_quotes(text) == text
    assert len(double_single_quotes("un 'Ab' un")) == len("un 'Ab' un")


def test_compound_project_nouns():
    assert projects("Mikroprojekts „Kopā varam” guva atbalstu.") == {"Kopā varam"}
    assert projects("Biedrība īstenoja apakšprojektu „Dārzs visiem”.") == {"Dārzs visiem"}


def test_a_plural_lead_with_a_colon_lists_projects():
    assert {"Kopā varam", "Dārzs visiem"} <= projects(
        "Atbalstīti šādi projekti: „Kopā varam”, „Dārzs visiem” un „Gaismas ceļš”.")


LEAD = "Jaunumi\nBiedrība „Zaļā sēta” īsteno projektu „Dārzs visiem”. "


def test_the_rural_support_service_and_the_rural_development_programme_pay_with_eu_money():
    for said in ("Projekts tiek īstenots ar Lauku atbalsta dienesta atbalstu.",
                 "Projekts tiek finansēts Latvijas Lauku attīstības programmas 2014.-2020. gadam ietvaros."):
        assert facts(LEAD + said + "\n", "Dārzs visiem", 2019)["funds"] == {"EU"}


def test_the_rural_support_service_as_an_actor_pays_nothing():
    said = "Lauku atbalsta dienests apstiprināja projekta pieteikumu."
    assert facts(LEAD + said + "\n", "Dārzs visiem", 2019)["funds"] == set()


def test_a_programme_that_funds_the_project_gives_it_its_payer():
    said = "Projektu finansē Eiropas Savienības programma „Pilsoņi, vienlīdzība, tiesības un vērtības”."
    assert facts(LEAD + said + "\n", "Dārzs visiem", 2019)["funds"] == {"EU"}
