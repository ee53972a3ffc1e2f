"""Issue 14, seventh round: a sentence that lists grants — each item a sum, who receives it and the
project or event it pays for — and the sentences around it that speak of those projects together;
quotes left open by a slip of the page. Sentences made up for these tests in the style of
municipality news and regional papers (not taken from any corpus)."""

from decimal import Decimal

from test_generalisation import facts, labels, related

from reportgraph.extract.entities.money import find_funding
from reportgraph.extract.entities.quotes import find_quotes
from reportgraph.ontology.namespaces import RG, SCHEMA

SUMS_FIRST = (
    "Dome atbalsta biedrību projektus\n"
    "Novada domes sēdē deputāti lēma par līdzfinansējumu biedrību projektiem, kas guvuši atbalstu "
    "Eiropas Lauksaimniecības fonda lauku attīstībai programmas aktivitātē “Vietējās iniciatīvas”.\n"
    "Deputāti iedalīja līdzekļus sekojošām biedrībām: 520,40 eiro biedrībai “Ceriņi” projektam "
    "“Soliņi parkam”, 310,00 eiro biedrībai “Krasts” projektam “Laivu piestātne ezerā”, 760,15 eiro "
    "biedrībai “Vecā skola” projektam “Jumta remonts” un 415,50 eiro projektam “Logu maiņa”.\n"
    "Naudas līdzekļi projektu līdzfinansēšanai paredzēti no novada domes budžeta.\n"
)


def test_each_sum_of_a_list_is_the_project_of_its_own_item():
    assert facts(SUMS_FIRST, "Soliņi parkam", 2019)["amount"] == {Decimal("520.40")}
    assert facts(SUMS_FIRST, "Laivu piestātne ezerā", 2019)["amount"] == {Decimal("310.00")}
    assert facts(SUMS_FIRST, "Jumta remonts", 2019)["amount"] == {Decimal("760.15")}
    assert facts(SUMS_FIRST, "Logu maiņa", 2019)["amount"] == {Decimal("415.50")}


def test_the_next_items_of_a_list_of_sums_are_funding_like_the_first():
    text = ("Dome iedalīja 520,40 eiro biedrībai “Ceriņi” projektam “Soliņi parkam”, 310,00 eiro "
            "biedrībai “Krasts” projektam “Laivu piestātne” un 415,50 eiro projektam “Logu maiņa”.")
    assert [str(p.money.value) for p in find_funding(text)] == ["520.40", "310.00", "415.50"]


def test_who_receives_a_sum_for_a_project_carries_it_out():
    assert related(SUMS_FIRST, "Soliņi parkam", RG.implementedBy, 2019) == {"Ceriņi"}
    assert related(SUMS_FIRST, "Jumta remonts", RG.implementedBy, 2019) == {"Vecā skola"}
    # "… un 415,50 eiro projektam “Logu maiņa”": no receiver of its own, the one before it
    assert related(SUMS_FIRST, "Logu maiņa", RG.implementedBy, 2019) == {"Vecā skola"}


def test_the_payers_said_of_the_listed_projects_together_are_each_ones():
    # the EU from the programme the sentence before speaks of, the municipality from the sentence after
    for name in ("Soliņi parkam", "Laivu piestātne ezerā", "Logu maiņa"):
        assert facts(SUMS_FIRST, name, 2019)["funds"] == {"EU", "MUNI"}


def test_a_sum_said_of_the_listed_projects_together_is_no_ones():
    text = SUMS_FIRST.replace("paredzēti no", "2006,05 eiro apjomā paredzēti no")
    for name in ("Soliņi parkam", "Logu maiņa"):
        assert Decimal("2006.05") not in facts(text, name, 2019)["amount"]


SUMS_LAST = (
    "Kultūras programmas rezultāti\n"
    "Valsts Kultūrkapitāla fondā apstiprināti programmas konkursam iesniegtie darbi.\n"
    "Atbalstu saņems Valkas novada dome savam projektam “Pilsdrupu stāsti” (piešķirti 800 eiro), "
    "Ērģemes biedrība “Avots” koncerta “Vasaras skaņas” rīkošanai (450 eiro), Smiltenes novada dome "
    "grāmatas izdošanai (300 eiro) un biedrība “Mazsalaca” projektam “Dziesmu tilts” (650 eiro).\n"
)


def test_items_that_end_with_their_sum_in_brackets():
    assert facts(SUMS_LAST, "Pilsdrupu stāsti", 2016)["amount"] == {Decimal(800)}
    assert facts(SUMS_LAST, "Dziesmu tilts", 2016)["amount"] == {Decimal(650)}
    # the book of the third item is no project: its sum is nobody's
    assert Decimal(300) not in facts(SUMS_LAST, "Dziesmu tilts", 2016)["amount"]
    assert related(SUMS_LAST, "Pilsdrupu stāsti", RG.implementedBy, 2016) == {"Valkas novada pašvaldība"}
    assert related(SUMS_LAST, "Dziesmu tilts", RG.implementedBy, 2016) == {"Mazsalaca"}


def test_a_grantors_list_pays_every_item():
    # "apstiprināti" by the state fund: the granted sums of every item are the state's
    for name in ("Pilsdrupu stāsti", "Dziesmu tilts"):
        assert facts(SUMS_LAST, name, 2016)["funds"] == {"STATE"}


def test_an_items_places_are_its_own_project_or_event():
    assert "smiltenes-novads-2009" not in facts(SUMS_LAST, "Dziesmu tilts", 2016)["places"]
    concert = facts(SUMS_LAST, "Vasaras skaņas", 2016)["places"]
    assert "valkas-novads-2009" not in concert and "smiltenes-novads-2009" not in concert


def test_receiving_verbs_end_an_organisations_name():
    text = "Jaunumi\nŠogad atbalstu saņems Valkas novada dome savam projektam “Pilsdrupu stāsti”."
    assert related(text, "Pilsdrupu stāsti", RG.implementedBy, 2016) == {"Valkas novada pašvaldība"}


def test_a_joint_stock_company_is_no_event():
    text = ("Jaunumi\nKopā ar akciju sabiedrības “Latvijas Valsts meži” atbalstu piešķirti 75 000 eiro "
            "Zemgales kultūras programmai.\n")
    assert "Latvijas Valsts meži" not in labels(text, SCHEMA.Event, 2016)


def test_a_quote_left_open_closes_with_the_name_nested_in_it():
    text = "projektam “Tērpi deju grupai “Rasa”, 283 eiro biedrībai “Kamille” projektam “Koris”."
    spans = {text[q.start:q.end]: q.depth for q in find_quotes(text)}
    assert spans["“Kamille”"] == 0 and spans["“Koris”"] == 0
    outer = next(q for q in find_quotes(text) if q.depth == 0)
    assert outer.inner(text) == "Tērpi deju grupai “Rasa”"


def test_a_quote_left_open_before_a_project_of_its_own_opens_nothing():
    text = "Biedrības “Aktīvi Matkulei projekts “Galdiņ klājies!” – piešķirti 1000,00 EUR."
    quotes = find_quotes(text)
    assert [(text[q.start:q.end], q.depth) for q in quotes] == [("“Galdiņ klājies!”", 0)]


def test_balanced_quotes_are_read_as_before():
    text = "biedrībai “Ģimeņu centrs “Puķe”” projektam “Inventārs”, biedrībai “Līči” projektam “Žogs”."
    found = [(text[q.start:q.end], q.depth) for q in find_quotes(text)]
    assert found == [("“Ģimeņu centrs “Puķe””", 0), ("“Puķe”", 1), ("“Inventārs”", 0), ("“Līči”", 0),
                     ("“Žogs”", 0)]
