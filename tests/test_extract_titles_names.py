"""Issue 14, sixth round: a page's title that names its event and the first sentences that tell it
again by a verb; the year of a date after a period over several years; organisation names whose
head is in the sentence's case, or the name's own. Sentences made up for these tests in the style
of municipality and news pages (not taken from any corpus)."""

from rdflib.namespace import ORG
from test_generalisation import SCHEMA, _graph, facts, labels

from reportgraph.extract.entities.dates import find_dates


def _events(text: str, year: int | None) -> set[str]:
    return labels(text, SCHEMA.Event, year)


def test_a_title_names_the_meeting_its_first_sentence_tells_by_a_verb():
    text = ("Projekta Interreg Latvija – Lietuva partneru darba grupas sanāksme\n"
            "14.11.2019.\n"
            "Lai pārrunātu projekta „Zaļie ciemi” rezultātus, 14. novembrī Aknīstes novada pašvaldībā "
            "viesojās Rokišķu rajona pašvaldības pārstāvji.\n")
    assert _events(text, 2019) == {"Projekta Interreg Latvija – Lietuva partneru darba grupas sanāksme"}
    f = facts(text, "Projekta Interreg Latvija – Lietuva partneru darba grupas sanāksme", 2019)
    assert f["start"] == {"2019-11-14"}


def test_a_title_event_takes_the_day_and_place_the_next_sentence_says_it_happened():
    text = ("Jaunsvirlaukā aizvadītais biedrību forums\n"
            "2022. gada 5. martā Jaunsvirlaukā notika Jelgavas novada biedrību pārstāvju ikgadējā saiešana, kurā "
            "apsprieda nākamā gada plānus.\n")
    (name,) = _events(text, 2022)
    assert name.casefold().endswith("biedrību forums")
    assert "Jaunsvirlaukā" not in name and "aizvadītā" not in name
    assert facts(text, name, 2022)["start"] == {"2022-03-05"}


def test_a_sentence_title_is_not_an_event_name():
    text = ("Pašvaldība aicina uz semināru.\n"
            "Semināra laikā speciālisti stāstīs par projektiem.\n")
    assert not any(e.startswith("Pašvaldība aicina") for e in _events(text, 2020))


def test_a_period_over_years_gives_no_year_to_a_later_day():
    text = ("Instrumenta darbības termiņš ir no 2004. gada 1. maija līdz 2009. gada 30. aprīlim. "
            "4. aprīlī Kocēnos notika seminārs.")
    days = [d for d in find_dates(text) if d.kind == "point"]
    assert days == []  # the year of "4. aprīlī" is not written: unknown, never 2009
    assert [d.begin for d in find_dates(text, default_year=2008) if d.kind == "point"] == ["2008-04-04"]
    # a period within one year still gives its year
    one = "No 2019. gada 1. marta līdz 30. aprīlim notika mācības. 4. maijā notika seminārs."
    assert [d.begin for d in find_dates(one) if d.kind == "point"] == ["2019-05-04"]


def test_a_year_over_a_period_does_not_carry_to_the_next_sentences():
    # (the period after the first lines, which could hold the page's dateline)
    text = ("Jaunumi\n\n" + "Programma palīdz pašvaldībām un biedrībām īstenot kopienu projektus laukos. " * 5
            + "\n\nProgrammas termiņš ir no 2014. gada 1. janvāra līdz 2020. gada 31. decembrim.\n\n"
            "4. aprīlī Kocēnos notika seminārs par programmas iespējām.\n")
    (name,) = [e for e in _events(text, None) if "eminārs" in e]
    assert facts(text, name, None)["start"] == set()


def _orgs(text: str) -> set[str]:
    return labels(text, ORG.Organization, 2020)  # every organisation is an org:Organization


def test_a_quoted_name_keeps_its_own_case_and_agrees_with_its_legal_form_in_the_sentences():
    own = "Biedrības „Atbalsts Ozolu pamatskolai” projekts „Tu vari!” saņēma 900 euro."
    assert "Atbalsts Ozolu pamatskolai" in _orgs(own)
    agreeing = "Biedrībai „Kuršu savienībai „Kursa”” piešķirts 1000 eiro projektam „Kultūra”."
    assert "Kuršu savienība „Kursa”" in _orgs(agreeing)
    genitive = "Projektu „Mēs” īsteno NVO „Izglītības iniciatīvu centra” projekts."
    assert "Izglītības iniciatīvu centrs" in _orgs(genitive)


def test_a_genitive_plural_before_the_head_is_part_of_the_name():
    text = "Projektu „Tiekamies!” īstenoja Jelgavas Nacionālo kultūras biedrību asociācija."
    assert "Jelgavas Nacionālo kultūras biedrību asociācija" in _orgs(text)
    assert "Jelgavas Nacionālo kultūras biedrība" not in _orgs(text)


def test_a_schedule_led_by_one_event_noun_is_one_event_per_line():
    text = ("Jaunumi\n\nMinistrija 2019. gada aprīlī rīkoja reģionālās sanāksmes sociālajiem darbiniekiem.\n"
            "Sanāksme notika:\n"
            "4. aprīlī – Talsos, Tautas namā;\n"
            "9. aprīlī – Cēsīs, kultūras centrā.\n")
    g = _graph(text, 2019)
    from rdflib import RDF
    dated = {(str(g.value(e, SCHEMA.startDate)), str(g.value(e, SCHEMA.location)).rsplit("/", 1)[-1])
             for e in g.subjects(RDF.type, SCHEMA.Event) if g.value(e, SCHEMA.startDate) is not None}
    assert {("2019-04-04", "talsi"), ("2019-04-09", "cesis")} <= dated


def test_years_joined_by_a_slash_after_a_projects_name_are_its_period():
    text = ("Jaunumi\n\nKultūras ministrijas projekts „Romu platforma III” 2018./2019.gadā bija virzīts uz "
            "sadarbību ar pašvaldībām.\n")
    f = facts(text, "Romu platforma III", 2019)
    assert (f["start"], f["end"]) == ({"2018"}, {"2019"})
    # a school year stays a school year
    assert [d.kind for d in find_dates("2018./2019. mācību gadā")] == ["school_year"]


def test_a_project_finished_on_a_day_and_done_during_it_by_a_day():
    ended = ("Jaunumi\n\nAr 2015. gada 31. decembri mūsu biedrība pabeidza aktivitātes projekta „Lauku "
             "ilgtspēja”. Nu jau sakārtotas atskaites.\n")
    assert facts(ended, "Lauku ilgtspēja", 2016)["end"] == {"2015-12-31"}
    during = ("Jaunumi\n\nBiedrība „Vārpa” īsteno projektu „Jauniešu telpa”. Projekta laikā līdz 2022. gada "
              "1. decembrim tiks iekārtota jauniešu telpa kultūras centrā.\n")
    assert facts(during, "Jauniešu telpa", 2022)["end"] == {"2022-12-01"}


def test_an_event_noun_and_its_verb_with_only_its_day_between():
    text = ("Jaunumi\n\nReģiona kultūras darbinieku konference otrdien, 2019. gada 26. februārī, notiks "
            "Ozolnieku novada tautas namā.\n")
    (name,) = _events(text, 2019)
    assert name.endswith("konference")
    f = facts(text, name, 2019)
    assert f["start"] == {"2019-02-26"} and "ozolnieku-novads-2009" in f["places"]


def test_an_item_of_a_list_of_what_was_done_that_opens_with_an_event_is_that_event():
    # (a web page's text: one paragraph per line, no blank lines of a PDF dump)
    text = ("Jaunumi\nProjektā „Tilti” īstenotie pasākumi:\n"
            "1. Ikgadēja reģiona jauniešu sanāksme (Cēsīs);\n"
            "2. Mācību materiālu izstrāde skolotājiem.\n")
    assert "Ikgadēja reģiona jauniešu sanāksme" in _events(text, 2019)
    assert facts(text, "Ikgadēja reģiona jauniešu sanāksme", 2019)["places"] == {"cesis"}
    # the same phrase in a sentence of its own, not a list item, says nothing happened
    plain = "Jaunumi\nIkgadēja reģiona jauniešu sanāksme ir svarīga jauniešiem.\n"
    assert "Ikgadēja reģiona jauniešu sanāksme" not in _events(plain, 2019)
