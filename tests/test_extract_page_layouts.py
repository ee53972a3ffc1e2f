"""Issue 14, fifth round: what real project pages do that the earlier rules missed — field lines
without a full stop set apart like headings, partners' addresses, a funder's notice beside a
named fund, an EU fund that is money and not an actor, "Ar X lēmumu" (not X's doing), deadlines
("īstenošana jāveic līdz …"), a meeting of a project's partners, the generic "Pasākums" after an
event, a programme whose name ends with its years. Sentences made up for these tests in the style
of municipality and NGO pages (not taken from any corpus)."""

from test_generalisation import RG, SCHEMA, _graph, _node, facts, labels, related

# a long line makes the page as wide as real ones: shorter lines without a full stop look like headings
LONG = ("Pašvaldība informē, ka projekta ietvaros tiek labiekārtota teritorija pie kultūras nama un "
        "ierīkots jauns rotaļu laukums bērniem, kā arī atjaunots gājēju celiņš gar upi.")


def _related(text: str, subject: str, predicate, year: int | None = 2018) -> set[str]:
    return related(text, subject, predicate, year)


def test_a_field_line_without_a_full_stop_continues_the_project_it_follows():
    text = ("Jauns rotaļu laukums\n\nEiropas Reģionālās attīstības fonda projekts „Zaļā pļava”.\n\n"
            f"{LONG}\n\nKopējās projekta izmaksas ir 177 839,95 EUR.\n\n"
            "Projekta līdzfinansējums no Eiropas Reģionālās attīstības fonda ir 151 163,96 EUR\n\n"
            "Projekta īstenošanas laiks: 01.04.2018-30.11.2019\n")
    f = facts(text, "Zaļā pļava", 2018)
    assert (f["start"], f["end"]) == ({"2018-04-01"}, {"2019-11-30"})
    assert f["amount"] == {__import__("decimal").Decimal("177839.95")}


def test_a_foreign_partners_address_is_not_where_the_project_is():
    text = ("Jaunumi\n\nNovada pašvaldība īsteno projektu „Ceļš uz skolu” Aknīstē.\n\n"
            "Projekta vadošais partneris: Rokišķu rajona pašvaldība\n\nRespublikos g. 94, Rokišķi, Lietuva\n\n"
            "Projekts tiek īstenots Latvijas–Lietuvas pārrobežu sadarbības programmas ietvaros.\n")
    assert facts(text, "Ceļš uz skolu", 2018)["places"] == {"akniste"}


def test_a_funders_notice_does_not_add_the_eu_to_a_named_eu_fund():
    text = ("Jaunumi\n\nBiedrība „Upe” īsteno ERAF projektu „Krasts”. Projekta kopējās izmaksas ir 12 000 "
            "eiro.\n\nŠis raksts ir sagatavots ar Eiropas Savienības finansiālo atbalstu.\n")
    assert facts(text, "Krasts", 2018)["funds"] == {"ERDF"}
    # the EU stays said, through the fund's broader concept
    g = _graph(text, 2018)
    assert {str(o).rsplit("/", 1)[-1] for o in g.objects(_node(g, "Krasts"), RG.fundedUnder)} == {"ERDF", "EU"}


def test_an_eu_fund_is_no_actor_and_a_decision_by_an_authority_is_not_its_project():
    text = ("Jaunumi\n\nAr Lauku atbalsta dienesta 2017. gada 28. jūnija lēmumu projekts „Sporta laukums "
            "Lojā”, kas iesniegts Eiropas Lauksaimniecības fonda lauku attīstībai programmas ietvaros, ir "
            "īstenots.\n")
    assert _related(text, "Sporta laukums Lojā", RG.implementedBy, 2017) == set()
    orgs = labels(text, SCHEMA.Organization, 2017)
    assert "Eiropas Lauksaimniecības fonds" not in orgs
    assert not any(o.startswith("Ar ") for o in orgs)
    assert "EU" in facts(text, "Sporta laukums Lojā", 2017)["funds"]


def test_a_deadline_for_implementing_the_project_is_its_end():
    text = ("Jaunumi\n\nLauku atbalsta dienests ir apstiprinājis projektu „Velotrase”.\n\n"
            "Projekta īstenošana jāveic līdz 2021. gada 21. janvārim.\n")
    assert facts(text, "Velotrase", 2020)["end"] == {"2021-01-21"}


def test_a_meeting_of_the_projects_partners_is_the_meetings_place_not_the_projects():
    text = ("Jaunumi\n\nLatgales plānošanas reģions 2013. gadā sācis īstenot projektu „Kopienu centri”. "
            "Projekta laikā Krāslavā tiks izveidots kopienu centrs.\n"
            "Pirmā projekta partneru tikšanās notiks 20. aprīlī Daugavpilī.\n")
    places = facts(text, "Kopienu centri", 2013)["places"]
    assert "kraslava" in places and "daugavpils" not in places
    meeting = facts(text, "Projekta partneru tikšanās", 2013)
    assert meeting["places"] == {"daugavpils"} and meeting["start"] == {"2013-04-20"}
    # a project activity in a place still puts the project there
    activity = text.replace("Pirmā projekta partneru tikšanās notiks", "Projekta ietvaros seminārs notiks")
    assert "daugavpils" in facts(activity, "Kopienu centri", 2013)["places"]


def test_the_generic_pasakums_right_after_an_event_is_that_event():
    text = ("Jaunumi\n\nStarptautiskais čigānu folkloras festivāls Viļņā notiks 2007. gada 25. augustā. "
            "Tajā piedalīsies kolektīvi no Lietuvas un Latvijas. Pasākums norisināsies Viļņas skolotāju "
            "namā.\n")
    events = labels(text, SCHEMA.Event, 2007)
    assert events == {"Starptautiskais čigānu folkloras festivāls"}


def test_a_programme_whose_name_ends_with_its_years_runs_those_years():
    text = ("Jaunumi\n\nDotācijas tiek piešķirtas no valsts budžeta programmas „Čigāni (romi) Latvijā "
            "2007.-2009.gads” ietvaros.\n")
    f = facts(text, "Čigāni (romi) Latvijā 2007.-2009.gads", 2007)
    assert (f["start"], f["end"]) == ({"2007"}, {"2009"})


def test_a_project_page_titled_with_the_projects_name_and_its_field_lines():
    text = ("Jauniešu telpas iekārtošana Vilces pagastā\nStatuss: Noslēdzies\nProjekta Nr. 19-06-AL03-000004\n"
            "Projekta ieviešanas laiks: 05.07.2019 – 04.07.2021\n"
            "Projekta kopējās izmaksas: 10 178,52 EUR\nPubliskais finansējums: 9 000,00 EUR\n"
            "Pašvaldības finansējums: 1 178,52 EUR\n"
            "Vilces pagastā trešo gadu darbojas jauniešu grupa, kas kopš 2019. gada janvāra ir ieguvusi telpu.\n")
    f = facts(text, "Jauniešu telpas iekārtošana Vilces pagastā", 2021)
    assert (f["start"], f["end"]) == ({"2019-07-05"}, {"2021-07-04"})
    assert f["amount"] == {__import__("decimal").Decimal("10178.52")} and "MUNI" in f["funds"]
    assert f["places"] == {"vilces-pagasts"}
    # a headline that tells what happened is no project's name, whatever lines follow it
    headline = "Vilces pagastā notika jauniešu telpas atklāšana" + text[text.index("\n"):]
    assert "Vilces pagastā notika jauniešu telpas atklāšana" not in labels(headline, RG.Project, 2021)


def test_sums_written_bare_after_eur_colon_and_a_payers_part_in_the_next_sentence():
    text = ("Jaunumi\n\nBiedrība „Ozols” īsteno projektu „Muižas parks”. Projekta kopējās izmaksas sastāda "
            "EUR: 851 016.93, no tā ERAF finansējums 85% - 723 364.38, valsts līdzfinansējums 5% - 21 240.30.\n\n"
            "Projekta apstiprinātās attiecināmās izmaksas ir EUR 19280.77. Savukārt Rucavas novada domes "
            "līdzfinansējums ir 21% no attiecināmajām izmaksām jeb EUR 4048.96.\n")
    f = facts(text, "Muižas parks", 2020)
    D = __import__("decimal").Decimal
    assert {D("723364.38"), D("21240.30"), D("4048.96")} <= {v for v, _ in f["funding"]}
    assert D("851016.93") in f["amount"]
    assert {"ERDF", "STATE", "MUNI"} <= f["funds"]


def test_a_lead_partner_field_line_and_a_name_written_in_title_case():
    text = ("Projekts „SocQuality”\n\nProjekts: LLI-317 „Sociālo pakalpojumu uzlabošana”.\n"
            "Vadošais partneris: Zemgales Plānošanas reģions (LV), www.zemgale.lv\n"
            "Partneris: Jonišķu rajona pašvaldība (LT).\n")
    assert _related(text, "Sociālo pakalpojumu uzlabošana", RG.implementedBy) == {"Zemgales plānošanas reģions"}
    g = _graph(text, 2018)
    # "(LV)" says the partner's country: it is no acronym of the region
    assert not list(g.objects(_node(g, "Zemgales plānošanas reģions"), RG.acronym))


def test_the_municipalities_a_project_signs_with_are_where_it_works():
    text = ("Jaunumi\n\nSadarbības programmas projekta „Jauniešu centri” ietvaros tika parakstīti līgumi ar "
            "pašvaldībām par jauniešu centru izveidi. Vēlmi piedalīties projekta īstenošanā izteica 30 pašvaldības.\n"
            "Līgumi tika parakstīti ar Talsu novada pašvaldību, Saldus novada pašvaldību un Dagdas novada "
            "pašvaldību.\n")
    assert facts(text, "Jauniešu centri", 2011)["places"] == {
        "talsu-novads-2009", "saldus-novads-2009", "dagdas-novads-2009"}
    # one municipality named in passing is not a list of where it works
    one = text.replace(", Saldus novada pašvaldību un Dagdas novada pašvaldību", "")
    assert facts(one, "Jauniešu centri", 2011)["places"] == set()
