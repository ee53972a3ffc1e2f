"""Issue 14, third round: events named by long noun phrases or by a verb, the dates an event takes
place on (not the year it was founded), and the places of people's organisations. Sentences made
up for these tests in the style of public pages (not taken from any corpus)."""

from test_generalisation import SCHEMA, _graph, facts, labels


def _events(text: str, year: int) -> set[str]:
    return labels(text, SCHEMA.Event, year)


def test_a_persons_organisation_does_not_place_the_project_or_the_event():
    text = ("Jaunumi\n\nAlojas novada domes priekšsēdētājs Jānis Ozols un Ogres novada domes "
            "speciāliste Anna Kalniņa piedalās pieredzes apmaiņas seminārā Valmierā, kas organizēts "
            "projekta „Tilti” ietvaros.\n")
    assert "alojas-novads-2009" not in facts(text, "Tilti", 2015)["places"]
    assert "ogres-novads-2009" not in facts(text, "Tilti", 2015)["places"]
    (seminar,) = [e for e in _events(text, 2015) if "eminārs" in e]
    assert facts(text, seminar, 2015)["places"] == {"valmiera"}
    # the organisation is still where it is
    g = _graph(text, 2015)
    assert any(str(o).endswith("/alojas-novads-2009") for o in g.objects(None, SCHEMA.location))


def test_coordinated_event_nouns_are_one_event():
    text = ("Jaunumi\n\n2019. gada 23. janvārī projekta „Kopā” ietvaros notika reģionālo ekspertu "
            "tikšanās un labās prakses vizīte Kuldīgā.\n")
    events = _events(text, 2019)
    assert len(events) == 1
    (name,) = events
    assert name.endswith("tikšanās un labās prakses vizīte")
    f = facts(text, name, 2019)
    assert f["places"] == {"kuldiga"} and f["start"] == {"2019-01-23"}


def test_a_long_genitive_chain_right_after_the_verb_names_the_event():
    text = ("Jaunumi\n\n2019. gada 5. martā notika Kultūras ministrijas organizētā pašvaldību "
            "speciālistu romu integrācijas jomā pieredzes apmaiņas vizīte Tukumā.\n")
    (name,) = _events(text, 2019)
    assert name.endswith("romu integrācijas jomā pieredzes apmaiņas vizīte")
    f = facts(text, name, 2019)
    assert f["places"] == {"tukums"} and f["start"] == {"2019-03-05"}
    # without the verb the same words are only a topic
    assert _events("Jaunumi\n\nPašvaldību speciālistu romu integrācijas jomā pieredzes apmaiņas "
                   "vizīte ir svarīga.\n", 2019) == set()


def test_a_quoted_name_that_is_organised_is_an_event():
    text = "Jaunumi\n\nSestdien, 2016. gada 24. septembrī, Ogrē tiek organizēta „Jauniešu diena”.\n"
    assert "Jauniešu diena" in _events(text, 2016)
    f = facts(text, "Jauniešu diena", 2016)
    assert f["places"] == {"ogre"} and f["start"] == {"2016-09-24"}
    # an organisation that organises is not an event
    assert "Zaļā josta" not in _events("Jaunumi\n\nTalku organizēja biedrība „Zaļā josta”.\n", 2016)


def test_the_year_a_festival_was_founded_is_not_its_date():
    text = ("Jaunumi\n\nBiedrība „Saule” 2016. gadā organizēja festivālu „Sapnis”. Festivāls „Sapnis” "
            "savu darbību aizsāka 2001. gadā Talsos. Bet no 2008. gada tas nenotika. Festivālam "
            "tika izstrādāts nolikums. Festivāls norisinājās 2016. gada 3. jūnijā Talsos.\n")
    f = facts(text, "Sapnis", 2016)
    assert f["start"] == {"2016-06-03"}


# --- who pays: a programme that frames a project, "ar ES atbalstu", an implementer is not a payer


def test_a_programme_named_as_a_projects_frame_pays_for_the_project():
    text = ("Jaunumi\n\nPasākumu īstenoja Kultūras ministrija Eiropas Savienības programmas „Tiesības "
            "un pilsonība” projekta „Romu balss” ietvaros.\n")
    f = facts(text, "Romu balss", 2021)
    assert f["funds"] == {"EU"}  # the EU's programme pays; the ministry implements, it does not pay
    assert facts(text, "Tiesības un pilsonība", 2021)["funds"] == {"EU"}


def test_ar_es_atbalstu_names_the_eu_as_payer():
    text = "Jaunumi\n\nAr ES atbalstu biedrība „Saime” turpinās īstenot projektu „Kopā mācāmies”.\n"
    assert facts(text, "Kopā mācāmies", 2020)["funds"] == {"EU"}


def test_a_funding_word_belongs_to_the_payer_nearest_it():
    from reportgraph.extract.entities.fundcues import fund_cues
    codes = [c.code for c in fund_cues("Pasākumu īstenoja Kultūras ministrija Eiropas Savienības "
                                       "programmas ietvaros.")]
    assert codes == ["EU"]
    codes = [c.code for c in fund_cues("Projektu līdzfinansē Kultūras ministrija.")]
    assert codes == ["STATE"]


# --- a project's card: its title line and labelled fields


CARD = ("PIEREDZES APMAIŅA ROMU JAUNIEŠIEM\n"
        "Finansējuma avots: EEZ finanšu instruments 2009-2014\n"
        "Projekta mērķis ir veicināt romu jauniešu iekļaušanu.\n"
        "Īstenošanas vieta: Kurzemes reģions (Liepājas pilsēta).\n")


def test_a_cards_title_is_its_project_and_its_fields_are_the_projects():
    f = facts(CARD, "Pieredzes apmaiņa romu jauniešiem", 2013)
    assert f["funds"] == {"EEA"}
    assert "liepaja" in f["places"]


def test_a_title_without_fields_or_with_a_quoted_project_is_not_a_card():
    from test_generalisation import RG
    plain = "PIEREDZES APMAIŅA ROMU JAUNIEŠIEM\nJaunieši tikās Liepājā un pārrunāja nākotnes plānus.\n"
    assert "Pieredzes apmaiņa romu jauniešiem" not in labels(plain, RG.Project, 2013)
    quoted = ("Rotaļlaukums Liepājā\nLEADER projekts „Bērnu smiekli”\n"
              "Finansējuma avots: ELFLA\nĪstenošanas vieta: Liepāja\n")
    assert labels(quoted, RG.Project, 2013) == {"Bērnu smiekli"}
    assert facts(quoted, "Bērnu smiekli", 2013)["places"] == {"liepaja"}


# --- years: a year in a name is not the year of the next dates; "plkst." ends no sentence


def test_a_year_in_an_exhibitions_name_gives_no_year_to_later_dates():
    text = ("Jaunumi\n\nKultūras ministrija aicina uz izstādes „Atmiņas, 1941-1945” atklāšanu. "
            "Izstādes atklāšana notiks 8. maijā Ventspilī.\n")
    f = facts(text, "Atmiņas, 1941-1945", 2017)
    assert not any(d.startswith("194") for d in f["start"])


def test_an_hour_after_plkst_stays_in_its_sentence():
    text = ("Jaunumi\n\n2015. gada 25. martā plkst. 17.00 Rīgā notiks izstādes „Romu vēsture” "
            "atklāšana.\n")
    f = facts(text, "Romu vēsture", 2015)
    assert f["start"] == {"2015-03-25"} and f["places"] == {"riga-pilseta"}


def test_a_parish_administrations_co_funding_is_the_municipalitys():
    text = ("Jaunumi\n\nIr īstenots projekts „Tērpi ansamblim”. Projekta publiskais finansējums ir "
            "4248 EUR un Griškānu pagasta pārvaldes līdzfinansējums ir 472 EUR.\n")
    f = facts(text, "Tērpi ansamblim", 2019)
    assert "MUNI" in f["funds"] and (472, "EUR") in {(int(v), c) for v, c in f["funding"]}


# --- compound event nouns, a year closing the title, one event told twice


def test_a_summer_school_is_an_event_and_a_school_is_not():
    text = ("Aizvadīta Baltijas romu jauniešu vasaras skola 2023\n"
            "Laikā no 19.-22. jūlijam Tallinā notika otrā Baltijas romu jauniešu vasaras skola.\n")
    events = _events(text, None)
    assert len(events) == 1  # the title and the body tell of one school
    (name,) = events
    f = facts(text, name, None)
    assert f["start"] == {"2023-07-19"} and f["end"] == {"2023-07-22"} and "tallina" in f["places"]
    school = "Jaunumi\n\nSeminārs notika Rīgas 2. vidusskolā, un to apmeklēja skolas skolotāji.\n"
    assert not any("skola" in e for e in _events(school, 2019))


def test_an_event_noun_with_whom_it_is_for_before_its_verb():
    text = "Jaunumi\n\nSeminārs romu mediatoriem notika 2019. gada 14. un 15. oktobrī Daugavpilī.\n"
    f = facts(text, "Seminārs romu mediatoriem", 2019)
    assert f["start"] == {"2019-10-14"} and f["end"] == {"2019-10-15"} and f["places"] == {"daugavpils"}


def test_a_roma_day_marked_on_a_date_is_an_event_marked_every_year_is_not():
    text = "Jaunumi\n\n2018. gada 8. aprīlī Jelgavā tika atzīmēta Starptautiskā romu diena.\n"
    assert facts(text, "Starptautiskā romu diena", 2018)["places"] == {"jelgava"}
    every_year = ("Jaunumi\n\nStarptautiskā romu diena tiek atzīmēta visā pasaulē kopš 1971. gada "
                  "8. aprīļa.\n")
    assert _events(every_year, 2018) == set()


def test_eu_financial_support_names_the_eu():
    text = ("Jaunumi\n\nBiedrība „Zaļā sēta” īsteno projektu „Kopā augam”. Projekts īstenots ar "
            "Eiropas Savienības finansiālu atbalstu.\n")
    assert facts(text, "Kopā augam", 2020)["funds"] == {"EU"}


def test_a_municipality_that_grants_co_funding_pays_a_part():
    text = ("Jaunumi\n\nTukuma novada pašvaldība projektam „Nākotnes ceļš” piešķīra līdzfinansējumu "
            "1500 eiro apmērā.\n")
    f = facts(text, "Nākotnes ceļš", 2020)
    assert f["funds"] == {"MUNI"} and f["amount"] == set()  # co-funding is a part, not the total
    assert {(int(v), c) for v, c in f["funding"]} == {(1500, "EUR")}
    text = ("Jaunumi\n\nBiedrības „Romu jaunatne” projekts „Nākotnes ceļš” saņēma 5000 eiro no Tukuma "
            "novada pašvaldības.\n")
    f = facts(text, "Nākotnes ceļš", 2020)
    assert f["funds"] == {"MUNI"} and {(int(v), c) for v, c in f["funding"]} == {(5000, "EUR")}


def test_a_period_given_as_projekta_sakums_and_beigas_or_by_a_participle():
    p = "Jaunumi\n\nBiedrība „Zaļā sēta” īsteno projektu „Kopā augam”. "
    f = facts(p + "Projekta sākums: 2019. gada 1. marts. Projekta beigas: 2020. gada 28. februāris.\n",
              "Kopā augam", 2020)
    assert f["start"] == {"2019-03-01"} and f["end"] == {"2020-02-28"}
    f = facts(p + "2014. gada novembrī uzsāktais projekts noslēgsies 2016. gada aprīlī.\n", "Kopā augam", 2015)
    assert f["start"] == {"2014-11"} and f["end"] == {"2016-04"}


def test_events_held_in_a_relative_clause_or_dated_right_after_the_noun():
    text = "Jaunumi\n\nSeminārā, kas notika 2016. gada 14. aprīlī Tukumā, piedalījās 35 pedagogi.\n"
    f = facts(text, "Seminārs", 2016)
    assert f["start"] == {"2016-04-14"} and f["places"] == {"tukums"} and f["participants"] == {35}
    text = ("Jaunumi\n\nSanāksmē 2019. gada 10. jūnijā Jelgavā tika pārrunāti romu mediatoru darba "
            "rezultāti.\n")
    assert facts(text, "Sanāksme", 2019)["places"] == {"jelgava"}
    assert _events("Jaunumi\n\nSanāksmē tika pārrunāti romu mediatoru darba rezultāti.\n", 2019) == set()


def test_a_round_table_and_a_photo_exhibition_are_events():
    text = "Jaunumi\n\nRīgā 2018. gada 12. oktobrī tika rīkots apaļais galds par romu nodarbinātību.\n"
    assert facts(text, "Apaļais galds par romu nodarbinātību", 2018)["start"] == {"2018-10-12"}
    text = "Jaunumi\n\n2015. gada 20. aprīlī Kuldīgā tika atklāta fotoizstāde „Romu dzīve”.\n"
    assert facts(text, "Romu dzīve", 2015)["places"] == {"kuldiga"}


def test_a_date_in_the_next_clause_is_the_next_happenings():
    text = ("Jaunumi\n\nJūrmalā 2017. gada 8. aprīlī notika svinīgs koncerts, bet 9. aprīlī – "
            "izstādes atklāšana.\n")
    assert facts(text, "Svinīgs koncerts", 2017)["start"] == {"2017-04-08"}


def test_a_payer_named_after_the_sum_it_grants():
    p = "Jaunumi\n\nBiedrība „Saule” uzsāka projektu „Gaisma”. "
    f = facts(p + "Projekta kopējais finansējums ir 8000 eiro, ko piešķīra Valsts kultūrkapitāla "
              "fonds.\n", "Gaisma", 2020)
    assert f["funds"] == {"STATE"} and f["amount"] == {8000}
    f = facts(p + "Finansējumu 5000 eiro apmērā nodrošina Daugavpils pilsētas pašvaldība.\n", "Gaisma", 2020)
    assert f["funds"] == {"MUNI"}


# --- implementers: named by a noun, a lead, a known name at the start of a sentence


def _implementers(text: str, project: str) -> set[str]:
    from rdflib import RDFS
    from test_generalisation import RG, _node
    g = _graph(text, 2020)
    return {str(g.value(o, RDFS.label)) for o in g.objects(_node(g, project), RG.implementedBy)}


def test_implementers_named_by_a_noun_or_a_lead():
    assert _implementers("Jaunumi\n\nProjekta „Gaisma” īstenotājs ir biedrība „Saule”.\n", "Gaisma") == {"Saule"}
    assert _implementers("Jaunumi\n\nProjekts „Gaisma” tiek īstenots biedrības „Saule” vadībā.\n",
                         "Gaisma") == {"Saule"}
    assert _implementers("Jaunumi\n\nProjekta „Gaisma” vadošais partneris ir Jelgavas pilsētas "
                         "pašvaldība.\n", "Gaisma") == {"Jelgavas pilsētas pašvaldība"}


def test_a_known_or_abbreviated_name_opening_a_sentence_is_an_organisation():
    assert _implementers("Jaunumi\n\nKultūras ministrijas īstenotā projekta „Gaisma” ietvaros notika "
                         "seminārs.\n", "Gaisma") == {"Kultūras ministrija"}
    assert _implementers("Jaunumi\n\nIzglītības iniciatīvu centrs (IIC) uzsācis projektu „Gaisma”.\n",
                         "Gaisma") == {"Izglītības iniciatīvu centrs"}
    # a capitalised word opening a sentence is not part of a name by itself
    assert _implementers("Jaunumi\n\nProjekta vadītāja biedrība „Saule” īsteno projektu „Gaisma”.\n",
                         "Gaisma") == {"Saule"}


def test_participants_are_people_not_the_bodies_they_come_from():
    base = "Jaunumi\n\n2019. gada 3. maijā Rēzeknē notika seminārs, kurā piedalījās "
    assert facts(base + "speciālisti no 12 pašvaldībām.\n", "Seminārs", 2019)["participants"] == set()
    assert facts(base + "45 speciālisti no 12 pašvaldībām.\n", "Seminārs", 2019)["participants"] == {45}
    assert facts(base + "pārstāvji no 5 valstīm.\n", "Seminārs", 2019)["participants"] == set()


def test_payers_named_by_country_grant_or_programme_are_funds_not_partners():
    from rdflib import RDFS
    from test_generalisation import RG, _node
    p = "Jaunumi\n\nBiedrība „Zaļā sēta” īsteno projektu „Kopā augam”. "
    for tail, code in (("Projekts tiek īstenots ar EK atbalstu.", "EC"),
                       ("Projektu līdzfinansē Islande, Lihtenšteina un Norvēģija.", "EEA"),
                       ("Projekts tiek īstenots ar Norvēģijas grantu atbalstu.", "EEA"),
                       (("Projekts tiek īstenots ar Eiropas Komisijas programmas „Tiesības un "
                         "pilsonība” atbalstu."), "EC")):
        text = p + tail + "\n"
        assert facts(text, "Kopā augam", 2020)["funds"] == {code}, tail
        g = _graph(text, 2020)
        assert not list(g.objects(_node(g, "Kopā augam"), RG.partner)), tail
    # a partner's help stays a partner's
    text = p + "Projekts tiek īstenots ar biedrības „Saule” atbalstu.\n"
    g = _graph(text, 2020)
    assert {str(g.value(o, RDFS.label)) for o in g.objects(_node(g, "Kopā augam"), RG.partner)} == {"Saule"}


def test_an_end_stated_by_noslēdzies_and_an_organisation_quoted_after_a_project_cue():
    text = ("Jaunumi\n\n2016. gada 3. decembrī noslēdzies biedrības „Saule” īstenotais projekts "
            "„Kopā augam”.\n")
    assert facts(text, "Kopā augam", 2016)["end"] == {"2016-12-03"}
    text = "„Kopā augam”\nIntegrācijas projekts, ko organizēja „Bērnu un jauniešu mūzikas klubs”, noslēdzās.\n"
    from test_generalisation import RG
    assert "Bērnu un jauniešu mūzikas klubs" not in labels(text, RG.Project, 2016)


def test_a_quoted_name_after_a_plural_event_noun_is_an_event():
    text = ("Jaunumi\n\nJaunieši 2016. gada 5. novembrī piedalījās apaļā galda diskusijās „Romu labā "
            "prakse”.\n")
    assert "Romu labā prakse" in _events(text, 2016)


def test_a_quoted_title_with_a_full_stop_names_the_project_the_text_is_about():
    from reportgraph.extract.read.sentences import split_sentences
    line = "Projekts „Zemgales tīkls. Čigānu kultūra” noslēdzās. Tas ilga trīs mēnešus.\n"
    assert len(split_sentences(line)) == 2  # the full stop inside the quote ends no sentence
    from test_generalisation import RG
    text = ("„Zemgales tīkls. Čigānu kopienu kultūrsadarbība”\nIntegrācijas projekts, ko organizēja "
            "biedrība „Saule”, noslēdzās septembra vidū.\n")
    assert "Zemgales tīkls. Čigānu kopienu kultūrsadarbība" in labels(text, RG.Project, 2016)
