"""Issue 14, fourth round: who acts (a planning region, a foreign local authority, a body named by
its head noun alone, partners listed after "Projekta partneri ir"), years written relative to the
text ("šogad"), a programme's years, money of many projects, and events named by what they are
about. Sentences made up for these tests in the style of public pages (not taken from any corpus)."""

from rdflib import RDF
from test_generalisation import RG, SCHEMA, SKOS, _graph, _node, facts, labels, related

SKOS_ALT = SKOS.altLabel


def _related(text: str, subject: str, predicate, year: int | None = 2016) -> set[str]:
    return related(text, subject, predicate, year)


def _types(text: str, label: str, year: int | None = 2016) -> set[str]:
    g = _graph(text, year)
    return {str(t).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in g.objects(_node(g, label), RDF.type)}


def test_a_planning_region_that_acts_is_an_organisation_and_one_it_happens_in_is_a_place():
    text = ("Jaunumi\n\nKurzemes plānošanas reģions 2016. gada 1. aprīlī uzsāka projekta „Jūras krasts” "
            "īstenošanu. Projekts „Meža ceļš” notiek Latgales plānošanas reģionā.\n")
    assert _related(text, "Jūras krasts", RG.implementedBy) == {"Kurzemes plānošanas reģions"}
    assert "PublicAuthority" in _types(text, "Kurzemes plānošanas reģions")
    assert facts(text, "Jūras krasts", 2016)["start"] == {"2016-04-01"}
    assert facts(text, "Meža ceļš", 2016)["places"] == {"latgale"}
    assert _related(text, "Meža ceļš", RG.implementedBy) == set()
    assert "Latgales plānošanas reģions" not in labels(text, SCHEMA.Organization, 2016)


def test_partners_listed_after_projekta_partneri_ir_and_a_foreign_local_authority():
    text = ("Jaunumi\n\nBiedrība „Kāpa” uzsāka projektu „Viļņi”. Projekta partneri ir Tartu pilsētas "
            "dome (Igaunija), Pērnavas pašvaldība un Liepājas pilsētas pašvaldība.\n")
    assert _related(text, "Viļņi", RG.partner) == {"Tartu pilsētas dome", "Pērnavas pašvaldība",
                                                   "Liepājas pilsētas pašvaldība"}
    assert _related(text, "Viļņi", RG.implementedBy) == {"Kāpa"}
    # a foreign town inside its authority's name is not where the project is
    assert not {"tartu", "pernava", "igaunija"} & facts(text, "Viļņi", 2016)["places"]
    assert "Igaunija pašvaldība" not in labels(text, SCHEMA.Organization, 2016)


def test_who_completed_a_project_implemented_it_and_a_bare_head_noun_is_the_body_named_before():
    text = ("Jaunumi\n\nPriekules novada pašvaldība ir pabeigusi projektu „Sporta laukums”. Tāpat "
            "pašvaldība šogad uzsākusi projektu „Ūdens Gramzdā”. Biedrība „Dzīvesprieks” noslēdza projektu "
            "„Kopienas centrs”.\n")
    assert _related(text, "Sporta laukums", RG.implementedBy) == {"Priekules novada pašvaldība"}
    assert _related(text, "Ūdens Gramzdā", RG.implementedBy) == {"Priekules novada pašvaldība"}
    assert _related(text, "Kopienas centrs", RG.implementedBy) == {"Dzīvesprieks"}
    # "šogad" is a year only when the text says when it was written
    assert facts(text, "Ūdens Gramzdā", None)["start"] == set()
    dated = "Jaunumi (2020. gada 5. maijs)" + text[len("Jaunumi"):]
    assert facts(dated, "Ūdens Gramzdā", 2020)["start"] == {"2020"}
    assert facts(dated.replace("šogad", "pērn"), "Ūdens Gramzdā", 2020)["start"] == {"2019"}


def test_a_programmes_years_are_not_the_projects_period_and_money_of_many_projects_is_nobodys():
    text = ("Jaunumi\n\nPašvaldība īsteno projektu „Laukums Kalētos”, kas īstenots Lauku attīstības "
            "programmas 2014.–2020. gadam pasākuma „LEADER” ietvaros. Projekta kopējās izmaksas – "
            "EUR 32 118.37. Kopumā novadā Eiropas Savienības fondu projektos ieguldīti vairāk nekā "
            "3 miljoni eiro.\n")
    f = facts(text, "Laukums Kalētos", 2020)
    assert f["start"] == set() and f["end"] == set()
    assert f["funding"] == {(__import__("decimal").Decimal("32118.37"), "EUR")}


def test_an_opening_with_guests_from_other_towns_is_an_event_there_not_in_their_towns():
    text = ("Rēzeknē atklās romu kultūras centru\n\nCentra atklāšanas pasākumā piedalīsies ap 150 viesu no "
            "visas Latgales, tostarp no Daugavpils, Krāslavas un Ludzas.\n")
    (event,) = labels(text, SCHEMA.Event, 2012)
    f = facts(text, event, 2012)
    assert f["participants"] == {150}
    assert not {"daugavpils", "kraslava", "ludza", "latgale"} & f["places"]


def test_a_training_seminar_is_one_event_with_its_organiser_and_not_placed_by_its_purpose():
    text = ("Jaunumi\n\n2017. gadā no 27. līdz 28. septembrim Rīgā notika apmācības seminārs romu "
            "pārstāvjiem, lai sagatavotu romu mediatorus darbam Valmierā un Jelgavā. Apmācības semināru "
            "organizēja Kultūras ministrija.\n")
    (event,) = labels(text, SCHEMA.Event, 2017)
    assert event == "Apmācības seminārs romu pārstāvjiem"
    f = facts(text, event, 2017)
    assert f["places"] == {"riga-pilseta"} and f["start"] == {"2017-09-27"}
    assert _related(text, event, SCHEMA.organizer, 2017) == {"Kultūras ministrija"}


def test_an_event_is_named_by_what_it_is_about_and_a_place_after_it_is_still_its_place():
    text = ("Jaunumi\n\n2021. gada 27. aprīlī notika pārrobežu diskusija par sadarbības potenciālu starp "
            "Kurzemes un Klaipēdas reģioniem. 2021. gada 5. maijā Ventspilī notika lekcija par romu "
            "kultūru un vēsturi.\n")
    events = labels(text, SCHEMA.Event, 2021)
    assert "Pārrobežu diskusija par sadarbības potenciālu starp Kurzemes un Klaipēdas reģioniem" in events
    assert "Lekcija par romu kultūru un vēsturi" in events
    assert facts(text, "Lekcija par romu kultūru un vēsturi", 2021)["places"] == {"ventspils"}
    # a function word or a duration before the noun is no part of the name
    text = "Jaunumi\n\nKM norāda, ka pasākums notiks Rīgā. Jelgavā notika trīs nedēļu nometne romu bērniem.\n"
    assert labels(text, SCHEMA.Event, 2021) >= {"Nometne romu bērniem"}
    assert not any(e.startswith(("Ka ", "Nedēļu")) for e in labels(text, SCHEMA.Event, 2021))


def test_abbreviated_municipalities_and_one_project_per_number():
    text = ("Jaunumi\n\nSeminārs notiks Koknesē, Kokneses nov., 2019. gada 30. oktobrī.\n\n"
            "Projekta Nr. LLI – 431 “Smart planning” ietvaros notiks diskusija. Kurzemes plānošanas reģions "
            "īsteno programmas projektu Nr. LLI 431 SMART PLANNING jeb “Viedā plānošana”.\n")
    g = _graph(text, 2019)
    assert any(str(o).endswith("/kokneses-novads-2009") for o in g.objects(None, SCHEMA.location))
    projects = labels(text, RG.Project, 2019)
    assert len(projects) == 1, projects
    (p,) = projects
    assert _related(text, p, RG.implementedBy, 2019) == {"Kurzemes plānošanas reģions"}


def test_the_society_integration_fund_is_no_ngo():
    text = "Jaunumi\n\nProjektu finansē Sabiedrības integrācijas fonds. Biedrība „Kopā” īsteno projektu „Mēs”.\n"
    assert "NGO" not in _types(text, "Sabiedrības integrācijas fonds")
    assert "NGO" in _types(text, "Kopā")


def test_a_list_of_projects_under_its_lead_with_each_items_submitter_and_costs():
    text = ("Jaunumi\n\nLauku atbalsta dienests ir apstiprinājis pirmos biedrībai iesniegtos projektus:\n"
            "1. „Parka labiekārtošana Gaujienā”, iesniedzējs – Apes novada dome, attiecināmās izmaksas – "
            "30 000 EUR, publiskais finansējums – 27 000 EUR;\n"
            "2. „Sporta laukums Strenčos”, iesniedzējs – biedrība „Turnava”, attiecināmās izmaksas – "
            "16 903,61 EUR.\n")
    assert labels(text, RG.Project, 2016) == {"Parka labiekārtošana Gaujienā", "Sporta laukums Strenčos"}
    f = facts(text, "Sporta laukums Strenčos", 2016)
    assert f["amount"] == {__import__("decimal").Decimal("16903.61")} and "strenci" in f["places"]
    assert _related(text, "Sporta laukums Strenčos", RG.implementedBy) == {"Turnava"}
    assert _related(text, "Parka labiekārtošana Gaujienā", RG.implementedBy) == {"Apes novada pašvaldība"}
    # quoted names in a list that does not say it lists projects stay what they were
    other = text.replace("iesniegtos projektus:", "iesniegtos pieteikumus:")
    assert labels(other, RG.Project, 2016) == set()


def test_an_event_named_unquoted_after_its_noun_is_the_event_the_title_quotes():
    text = ("Konference Igaunijā „LINC Estonia 2019”\n\nNo 10. līdz 12. septembrim norisinājās starptautiskā "
            "LEADER konference LINC Estonia 2019 Pērnavā. Pieredzes apmaiņas braucienā tika apmeklēts "
            "„Solar Caravan Park”.\n")
    assert labels(text, SCHEMA.Event, 2019) == {"LINC Estonia 2019"}
    f = facts(text, "LINC Estonia 2019", 2019)
    assert f["start"] == {"2019-09-10"} and f["end"] == {"2019-09-12"} and "pernava" in f["places"]


def test_the_organiser_before_its_participle_the_title_event_told_again_and_a_quoted_venue():
    text = ("Bauskas novadā notiks konference par reģiona attīstību\n"
            "Trešdien, 19. decembrī, Bauskas novada viesu namā „Bērzkalni” notiks Zemgales plānošanas reģiona "
            "(ZPR) rīkotā konference un diskusija par Eiropas Savienības (ES) fondu ieguldījumu. ZPR pārstāvis "
            "Juris Kālis aģentūrai LETA sacīja, ka konference ar diskusiju notiks pirmo reizi.\n")
    (event,) = labels(text, SCHEMA.Event, 2012)
    assert _related(text, event, SCHEMA.organizer, 2012) == {"Zemgales plānošanas reģions"}
    alt = {str(o) for o in _graph(text, 2012).objects(_node(_graph(text, 2012), event), SKOS_ALT)}
    assert "Konference un diskusija par Eiropas Savienības fondu ieguldījumu" in alt | {event}
    places = facts(text, event, 2012)["places"]
    assert "berzkalnes-pagasts" not in places and "zemgale" not in places
    assert not any("Kālis" in o for o in labels(text, SCHEMA.Organization, 2012))


def test_the_funders_field_and_the_funders_notice_name_the_projects_payer():
    text = ("Jaunumi\n\nBiedrība „Kopā” īsteno projektu „Tolerance”. Projekta finansētājs: LR Kultūras ministrija.\n")
    assert facts(text, "Tolerance", 2016)["funds"] == {"STATE"}
    text = ("Jaunumi\n\nBiedrība „Baltā māja” ievieš projektu „Kopiena”.\n\nŠī publikācija ir izveidota ar "
            "Islandes, Lihtenšteinas un Norvēģijas atbalstu caur EEZ un Norvēģijas grantu programmu.\n")
    assert "EEA" in facts(text, "Kopiena", 2020)["funds"]


def test_a_quoted_name_ending_in_its_head_noun_organises_and_a_school_enters_with_its_project():
    text = ("„Zemgales tīkls”\nIntegrācijas projekts, ko organizēja „Bērnu un jauniešu mūzikas "
            "klubs”, risinājās trīs mēnešus.\n")
    assert "Bērnu un jauniešu mūzikas klubs" in labels(text, SCHEMA.Organization, 2010)
    assert _related(text, "Zemgales tīkls", RG.implementedBy, 2010) == {"Bērnu un jauniešu mūzikas klubs"}
    text = ("Jaunumi\n\nPreiļu mūzikas un mākslas skola projektu konkursā piedalīsies ar projektu "
            "„Mūzikas instrumenti”.\n")
    assert _related(text, "Mūzikas instrumenti", RG.implementedBy, 2010) == {"Preiļu mūzikas un mākslas skola"}
    # a project's quoted name that ends in a head noun stays a project
    assert "Kopienas centrs" in labels("Jaunumi\n\nBiedrība „Kopā” īsteno projektu „Kopienas centrs”.\n",
                                       RG.Project, 2010)


def test_a_one_project_texts_title_places_and_where_its_work_is_done():
    text = ("Salienas kopiena stiprinās piederības izjūtu\n\nKopienu tīkls šajā pusgadā īsteno programmas "
            "projektu „Piederības salas”. Tā mērķis ir saliedēt kopienas.\n")
    assert facts(text, "Piederības salas", 2023)["places"] == {"salienas-pagasts"}
    # a title that names an event, or a text about two projects, places no project by its title
    assert facts(text.replace("stiprinās", "rīkoja semināru par"), "Piederības salas", 2023)["places"] == set()
    two = text + "Biedrība „Kopā” īsteno projektu „Otrs”.\n"
    assert facts(two, "Piederības salas", 2023)["places"] == set()
    text = ("Jaunumi\n\nKultūras ministrija īsteno projektu „Platforma”. Mediatori palīdz ģimenēm.\n\n"
            "Jelgavā, Valmierā un Viļakas novadā romu mediators strādā pēc individuāla plāna. Griškānu "
            "pagastā darbojas ansamblis „Čarger”.\n")
    places = facts(text, "Platforma", 2019)["places"]
    assert {"jelgava", "valmiera", "vilakas-novads-2009"} <= places and "griskanu-pagasts" not in places


def test_a_former_district_is_not_its_town_and_a_partner_list_runs_past_a_place():
    text = ("Jaunumi\n\n2008. gadā Kuldīgas rajona Rendas pagastā biedrība „Cerība” īstenoja projektu „Mājas”.\n")
    assert facts(text, "Mājas", 2008)["places"] == {"rendas-pagasts"}
    text = ("Jaunumi\n\nBiedrība „Kopā” uzsāka projektu „Ceļš”. Tā partneri bija Valgas pagasts (Igaunija) un "
            "Alūksnes novada pašvaldība.\n")
    assert _related(text, "Ceļš", RG.partner, 2020) == {"Alūksnes novada pašvaldība"}


def test_culture_days_are_an_event_and_a_connective_opens_no_name():
    text = ("Jaunumi\n\nSavukārt Ventspils romu biedrība īstenos projektu „Romu dienas”. Kultūras dienas "
            "notiks 2007. gada augustā Ventspilī.\n")
    assert _related(text, "Romu dienas", RG.implementedBy, 2007) == {"Ventspils romu biedrība"}
    assert facts(text, "Kultūras dienas", 2007)["start"] == {"2007-08"}


def test_partners_from_abroad_place_nothing_and_an_events_places_are_in_its_clause():
    text = ("Jaunumi\n\nBiedrība „Romu ceļš” 2018. gadā īstenoja projektu „Atmiņu tilts”. Projekta partneri ir "
            "biedrības no Kauņas un Vitebskas. Projekta noslēguma konference notika 2019. gada februārī "
            "Vitebskā, bet darba sanāksmes – Rēzeknē un Kauņā.\n")
    assert not {"kauna", "vitebska"} & facts(text, "Atmiņu tilts", 2019)["places"]
    assert facts(text, "Noslēguma konference", 2019)["places"] == {"vitebska"}


def test_a_project_ended_on_a_date_a_trip_abroad_and_last_years_month():
    text = ("Noslēdzies projekts (2013. gada 2. decembris)\n\nTalsu novada pašvaldība 2013. gada 30. novembrī "
            "noslēdza projektu „Romu kopiena”, kas tika īstenots kopš 2012. gada septembra. Projekta laikā "
            "Talsos notika nodarbības, kā arī 2013. gada 15. jūnijā Sabilē tika sarīkots koncerts.\n\n"
            "Pagājušā gada oktobrī projekta dalībnieki devās pieredzes apmaiņas braucienā uz Tartu.\n")
    f = facts(text, "Romu kopiena", 2013)
    assert f["start"] == {"2012-09"} and f["end"] == {"2013-11-30"}
    assert "tartu" not in f["places"] and "talsi" in f["places"]
    assert facts(text, "Koncerts", 2013)["places"] == {"sabile"}
    trip = facts(text, "Pieredzes apmaiņas brauciens", 2013)
    assert trip["start"] == {"2012-10"} and trip["places"] == {"tartu"}


def test_a_schedule_is_one_event_per_line_and_a_series_keeps_each_partss_date():
    text = ("Jaunumi\n\nMinistrija organizē četrus reģionālos seminārus.\nReģionālie semināri notiks:\n"
            "Koknesē, Kokneses nov., (30.10.2019.), AS “Latvijas Valsts meži” semināru zāle (Blaumaņa iela 3),\n"
            "Engurē, Engures nov., (05.11.2019.), Engures Saieta nams (Jūras iela 114).\n"
            "Pasākuma norisi organizē ministrija sadarbībā ar biedrību “Darīsim paši!” un citām biedrībām.\n")
    g = _graph(text, 2019)
    seminars = [s for s in g.subjects(RDF.type, SCHEMA.Event)]
    dated = {str(g.value(s, SCHEMA.startDate)): {str(p).rsplit("/", 1)[-1] for p in g.objects(s, SCHEMA.location)}
             for s in seminars}
    assert {"koknese", "kokneses-novads-2009"} <= dated["2019-10-30"]
    assert {"engure", "engures-novads-2009"} <= dated["2019-11-05"]
    text = "Jaunumi\n\n2018. gadā KM pārstāvji piedalījās sanāksmēs (22. – 25.06. Atēnās, 16. – 19.10. Strasbūrā).\n"
    g = _graph(text, 2018)
    pairs = {(str(g.value(s, SCHEMA.startDate)), str(p).rsplit("/", 1)[-1])
             for s in g.subjects(RDF.type, SCHEMA.Event) for p in g.objects(s, SCHEMA.location)}
    assert pairs == {("2018-06-22", "atenas"), ("2018-10-16", "strasbura")}


def test_more_ways_of_saying_whose_project_it_is():
    for sentence in ("Biedrība „Kopā” ar projektu „Mēs” saņēma 5000 eiro.",
                     "Par projekta „Mēs” īstenošanu atbild biedrība „Kopā”.",
                     "Biedrībai „Kopā” apstiprināts projekts „Mēs”.",
                     "„Mēs” ir biedrības „Kopā” projekts."):
        text = f"Jaunumi\n\n{sentence}\n"
        assert _related(text, "Mēs", RG.implementedBy, 2021) == {"Kopā"}, sentence
    # a payer is not the owner: "Projektam „Mēs” atbalstu piešķīra Kultūras ministrija"
    text = "Jaunumi\n\nBiedrība „Kopā” īsteno projektu „Mēs”. Projektu „Mēs” finansē Kultūras ministrija.\n"
    assert _related(text, "Mēs", RG.implementedBy, 2021) == {"Kopā"}


def test_the_eu_named_as_who_supports_and_the_norwegian_government():
    base = "Jaunumi\n\nBiedrība „Kopā” īsteno projektu „Mēs”. "
    assert facts(base + "Projektu finansiāli atbalsta Eiropas Savienība.\n", "Mēs", 2021)["funds"] == {"EU"}
    assert facts(base + "Projekts tiek īstenots ar Norvēģijas valdības atbalstu.\n", "Mēs", 2021)["funds"] == {"EEA"}
    # the Union named for where people live pays for nothing
    assert facts(base + "Projekta pieredzi izmantos Eiropas Savienības dalībvalstīs.\n", "Mēs", 2021)["funds"] == set()


def test_participants_who_came_and_an_event_noun_as_the_subject():
    base = "Jaunumi\n\n2019. gada 5. maijā Rēzeknē notika seminārs. "
    assert facts(base + "Uz pasākumu ieradās 50 cilvēki.\n", "Seminārs", 2019)["participants"] == {50}
    assert facts(base + "Seminārs pulcēja 30 romu mediatorus no 5 pilsētām.\n", "Seminārs", 2019)["participants"] == {30}


def test_events_one_took_part_in_or_visited_on_a_day_and_not_a_habit():
    def events(sentence: str) -> set[str]:
        return labels(f"Jaunumi\n\n{sentence}\n", SCHEMA.Event, 2019)
    assert events("2019. gada 5. maijā KM pārstāvji piedalījās konferencē Briselē.") == {"Konference"}
    assert events("2019. gada 5. maijā jaunieši apmeklēja festivālu Cēsīs.") == {"Festivāls"}
    assert events("2019. gada 5. maijā Rēzeknē noritēja darbnīca bērniem.") == {"Darbnīca bērniem"}
    assert events("Jaunieši labprāt piedalās pasākumā.") == set()


def test_the_titles_unnamed_event_is_the_named_event_of_the_lead():
    text = ("Daugavpilī notika romu kultūras festivāls\n2014. gada 14. oktobrī norisinājās starptautiskais romu "
            "kultūras festivāls „Ame Roma”, kas pulcēja vairāk nekā 300 dalībnieku.\n")
    assert labels(text, SCHEMA.Event, 2014) == {"Ame Roma"}
    f = facts(text, "Ame Roma", 2014)
    assert f["places"] == {"daugavpils"} and f["start"] == {"2014-10-14"} and f["participants"] == {300}


def test_an_eu_project_is_paid_by_the_eu_and_the_organiser_of_an_event_in_it_is_not_its_implementer():
    text = ("Jaunumi\n\nPasākumu organizē Kultūras ministrija Eiropas Savienības projekta „Platforma” ietvaros.\n")
    assert "EU" in facts(text, "Platforma", 2019)["funds"]
    assert "Eiropas Savienība" not in _related(text, "Platforma", RG.implementedBy, 2019)
    text = ("Jaunumi\n\nKultūras ministrijas projekts „Platforma III” turpinās.\n")
    assert _related(text, "Platforma III", RG.implementedBy, 2019) == {"Kultūras ministrija"}
    text = ("Jaunumi\n\nNo 2. līdz 6. jūlijam Tallinā, projekta „Platforma VI” ietvaros, notika vasaras skola, ko "
            "organizēja Igaunijas Kultūras ministrija.\n")
    assert _related(text, "Platforma VI", RG.implementedBy, 2019) == set()


def test_the_sentence_after_an_event_names_its_organiser_and_its_project():
    text = ("Jaunumi\n\n2023. gada 12. martā Jelgavā notiks romu jauniešu forums. Forumu rīko biedrība "
            "„Romu jaunatne” projekta „Jaunieši kopā” ietvaros.\n")
    assert _related(text, "Romu jauniešu forums", SCHEMA.organizer, 2023) == {"Romu jaunatne"}
    assert _related(text, "Romu jauniešu forums", RG.partOfProject, 2023) == {"Jaunieši kopā"}


def test_a_period_as_two_years_and_an_end_it_is_to_be_done_by():
    base = "Jaunumi\n\nBiedrība „Kopā” īsteno projektu „Mēs”. "
    f = facts(base + "Projekts norisinās 2021. un 2022. gadā.\n", "Mēs", 2021)
    assert f["start"] == {"2021"} and f["end"] == {"2022"}
    assert facts(base + "Projekts īstenojams līdz 2023. gada 31. martam.\n", "Mēs", 2021)["end"] == {"2023-03-31"}


def test_the_years_a_project_was_implemented_in():
    for sentence in ("2019.–2020. gadā biedrība „Kopā” īstenoja projektu „Mēs”.",
                     "Biedrība „Kopā” 2019. un 2020. gadā īstenoja projektu „Mēs”."):
        f = facts(f"Jaunumi\n\n{sentence}\n", "Mēs", 2020)
        assert f["start"] == {"2019"} and f["end"] == {"2020"}, sentence
    # a programme's years beside the implementing verb are still the programme's
    f = facts("Jaunumi\n\nBiedrība „Kopā” īstenoja programmas 2014.–2020. gadam projektu „Mēs”.\n", "Mēs", 2020)
    assert f["start"] == set()


def test_a_meeting_or_a_visit_told_by_its_verb_on_a_day():
    def events(sentence: str) -> set[str]:
        return labels(f"Jaunumi\n\n{sentence}\n", SCHEMA.Event, 2019)
    text = "Jaunumi\n\n2019. gada 5. maijā KM pārstāvji Rēzeknē tikās ar romu kopienas pārstāvjiem.\n"
    f = facts(text, "Tikšanās ar romu kopienas pārstāvjiem", 2019)
    assert f["places"] == {"rezekne"} and f["start"] == {"2019-05-05"}
    assert events("Jaunieši 2019. gada 5. maijā viesojās Tartu.") == {"Vizīte"}
    assert events("Romi bieži tiekas ar pašvaldību darbiniekiem.") == set()  # no day: a habit


def test_an_event_named_after_a_project_with_its_acronym_and_one_organised_by_a_ministry():
    text = ("Jaunumi\n\n2010. gada 20. oktobrī Daugavpilī notika projekta „Tematiskie ciemi”, akronīms VILLAGE "
            "HERITAGE, darba grupas sanāksme.\n")
    assert facts(text, "Darba grupas sanāksme", 2010)["start"] == {"2010-10-20"}
    text = ("Jaunumi\n\nOtrdien, 2013. gada 10. septembrī, reģiona vadītāja Dagnija Ūdre piedalīsies Vides "
            "aizsardzības un reģionālās attīstības ministrijas rīkotajā sanāksmē, kas tiek organizēta "
            "programmas ieviešanai Eiropas Kaimiņattiecību instrumenta ietvaros 2014.-2020.gadam.\n")
    f = facts(text, "Sanāksme", 2013)
    assert f["start"] == {"2013-09-10"} and f["end"] == set()
    assert not any("piedalīsies" in o for o in labels(text, SCHEMA.Organization, 2013))


def test_an_invitation_to_a_day_and_a_plans_years_give_no_year():
    text = ("Jaunumi\n\nMinistrija aicina uz pārrobežu sadarbības programmas 2014. – 2020. gadam (programma) "
            "atklāšanas pasākumu 24.novembrī Daugavpilī.\n")
    f = facts(text, "Atklāšanas pasākums", None)
    assert f["places"] == {"daugavpils"}
    assert not any(d.startswith("2020-11") for d in f["start"])  # never a wrong year


def test_owners_by_abbreviated_form_by_participle_and_in_the_genitive():
    text = "Jaunumi\n\nBDR „Partnerība laukiem un jūrai” īstenoja sadarbības projektu „Kāpas”.\n"
    assert _related(text, "Kāpas", RG.implementedBy, 2018) == {"Partnerība laukiem un jūrai"}
    text = ("Jaunumi\n\nTo veidos, pateicoties Zemgales plānošanas reģiona (ZPR) vadītajam programmas projektam "
            "„Vietējie produkti”.\n")
    assert _related(text, "Vietējie produkti", RG.implementedBy, 2015) == {"Zemgales plānošanas reģions"}
    text = "Jaunumi\n\nSkolā tika īstenots NVO „Zaļā meža centra” projekts „Pedagogs”.\n"
    assert _related(text, "Pedagogs", RG.implementedBy, 2018) == {"Zaļā meža centrs"}


def test_events_named_once_in_the_plural_with_a_day_and_a_place_each_and_border_towns():
    text = ("Jaunumi\n\nAģentūras pārstāvji informēja, ka 2010.gada 3.novembrī Ignalinā un 2010.gada 8.novembrī "
            "Zarasos notiks projektā iesaistīto ciemu semināri.\n")
    g = _graph(text, 2010)
    pairs = {(str(g.value(s, SCHEMA.startDate)), str(p).rsplit("/", 1)[-1])
             for s in g.subjects(RDF.type, SCHEMA.Event) for p in g.objects(s, SCHEMA.location)}
    assert pairs == {("2010-11-03", "ignalina"), ("2010-11-08", "zarasi")}
    # a foreign town is in its country, never in a Latvian planning region
    zarasi = [o for s, o in g.subject_objects(SCHEMA.containedInPlace) if str(s).endswith("/zarasi")]
    assert [str(o).rsplit("/", 1)[-1] for o in zarasi] == ["lietuva"]
    # "Telšu iegāde" is the purchase of tents, not Telšiai
    assert "telsi" not in facts("Jaunumi\n\nBiedrība īsteno projektu „Telšu iegāde”.\n", "Telšu iegāde", 2015)["places"]


def test_cross_border_programmes_pay_with_eu_money_and_a_day_written_without_its_stop():
    text = ("Jaunumi\n\nBiedrība „Kopā” īsteno projektu „Ciemi”. Projekts tiek realizēts Latvijas – Lietuvas "
            "pārrobežu sadarbības programmas 2007. – 2013. gadam ietvaros. Projekta īstenošanas laiks: no "
            "2017.gada 30 oktobra līdz 2018.gada 30.novembrim.\n")
    f = facts(text, "Ciemi", 2017)
    assert f["funds"] == {"EU"}
    assert f["start"] == {"2017-10-30"} and f["end"] == {"2018-11-30"}
