"""Issue 14, sixth round: who pays and who carries out when the sentence does not say it —
the grantor of a call or of co-funding named once for the whole page, thanks for funding, a
programme whose projects a list names, a project carried out within a programme named with its
fund, co-funding given as a share, sums written in words. Sentences made up for these tests in the
style of municipality and NGO pages (not taken from any corpus)."""

from decimal import Decimal

from test_generalisation import facts

from reportgraph.extract.entities.fundcues import fund_cues
from reportgraph.extract.entities.money import find_funding, find_money


def test_a_municipalitys_call_pays_the_co_funding_of_the_projects_it_lists():
    text = ("Konkursā „Mēs paši” atbalstīti 12 projekti\n\n"
            "Salacgrīvas novada pašvaldība 3. aprīlī izsludināja projektu konkursu „Mēs paši”. "
            "Atbalstītie projekti ir:\n"
            "Biedrības „Jūras vārti” projekts „Laivu piestātne” – piešķirtais līdzfinansējuma apjoms 900,00 EUR;\n"
            "Biedrības „Zaļā sēta” projekts „Dārzs skolai” – piešķirtais līdzfinansējuma apjoms 450,50 EUR;\n")
    assert facts(text, "Laivu piestātne", 2022)["funds"] == {"MUNI"}
    assert facts(text, "Dārzs skolai", 2022)["funds"] == {"MUNI"}


def test_a_headline_names_the_grantor_of_co_funding_given_as_a_share():
    text = ("Dome piešķir līdzfinansējumu biedrību projektiem\n\n"
            "Deputāti nolēma atbalstīt biedrības „Ozols” projektu „Tērpi korim” un projekta atbalsta gadījumā "
            "paredzēts līdzfinansējums 10% apmērā, kas sastāda 500 euro. Projekta kopējās izmaksas – 5000 euro.\n")
    f = facts(text, "Tērpi korim", 2015)
    assert f["funds"] == {"MUNI"}
    assert f["amount"] == {Decimal(5000)}  # the co-funding is a part, the total is the project's


def test_a_call_without_a_grantor_gives_no_payer():
    text = ("Konkursā atbalstīti projekti\n\nBiedrība „Ozols” iesniedza projektu „Tērpi korim”. "
            "Projektam piešķirtais līdzfinansējums ir 500 euro.\n")
    assert facts(text, "Tērpi korim", 2015)["funds"] == set()


def test_thanks_for_funding_name_the_payer_of_the_project_in_focus():
    text = ("Jaunumi\n\nSkaistkalnē tika realizēts projekts „Ziedošais parks”, ko īstenoja biedrība „Vītoli”. "
            "Projekta mērķis bija atjaunot parka celiņus.\n\n"
            "Liels paldies Vecumnieku novada domei par finansējumu.\n")
    assert facts(text, "Ziedošais parks", 2017)["funds"] == {"MUNI"}


def test_a_lists_programme_pays_the_projects_it_names():
    text = ("Eiropas Ekonomikas zonas finanšu instrumenta programmas „Vietējā attīstība” (turpmāk – Programma) "
            "projektus vērtē ministrija.\n"
            "Programmas projektus īsteno šādi projektu iesniedzēji:\n"
            "Kurzemes plānošanas reģions īstenos projektu „Atbalsts uzņēmējiem Kurzemē”;\n"
            "Vidzemes plānošanas reģions īstenos projektu „Atbalsts uzņēmējiem Vidzemē”;\n")
    assert facts(text, "Atbalsts uzņēmējiem Kurzemē", 2020)["funds"] == {"EEA"}
    assert facts(text, "Atbalsts uzņēmējiem Vidzemē", 2020)["funds"] == {"EEA"}


def test_a_project_carried_out_within_a_programme_is_paid_by_its_fund():
    text = ("Jaunumi\n\nBiedrība „Gaisma” ievieš projektu „Kopienas spēks”. Projekts tiek īstenots "
            "Eiropas Ekonomikas zonas un Norvēģijas finanšu instrumentu Aktīvo iedzīvotāju fonda "
            "programmā „Demokrātijas kultūra”. Projekta mērķis ir stiprināt kopienas.\n")
    assert facts(text, "Kopienas spēks", 2021)["funds"] == {"EEA"}


def test_a_body_that_manages_a_programme_does_not_pay_for_it():
    assert fund_cues("Ministrija kā Programmas apsaimniekotājs vērtē projektus.") == []
    assert [c.code for c in fund_cues("Ministrija piešķir programmas finansējumu.")] == ["STATE"]
    text = ("Vides aizsardzības un reģionālās attīstības ministrija kā Programmas apsaimniekotājs vērtē "
            "Eiropas Ekonomikas zonas finanšu instrumenta programmas „Vietējā attīstība” projektus.\n"
            "Programmas projektus īsteno šādi projektu iesniedzēji:\n"
            "Kurzemes plānošanas reģions īstenos projektu „Atbalsts uzņēmējiem”;\n")
    assert facts(text, "Atbalsts uzņēmējiem", 2020)["funds"] == {"EEA"}


def test_sums_written_in_words():
    assert [m.value for m in find_money("Biedrībai piešķirts viens tūkstotis eiro projektam.")] == [1000]
    assert [m.value for m in find_money("Dienas atbalstītas ar pieciem tūkstošiem eiro.")] == [5000]
    assert [m.value for m in find_money("Pilsēta saņēma divdesmit piecus tūkstošus eiro.")] == [25000]
    assert find_money("Piedalījās pieci dalībnieki no trim novadiem.") == []


def test_co_funding_given_with_its_share_is_a_part():
    parts = find_funding("Projekta kopējās izmaksas – 2600 euro. Paredzētais līdzfinansējums 10% apmērā "
                         "sastāda 260 euro.")
    assert [(p.role, p.money.value) for p in parts] == [("total", 2600), ("part", 260)]


LIST_OF_PROJECTS = (
    "Reģions īstenos jaunus projektus\n"
    "Programmas 2021. – 2027. gadam ietvaros apstiprināti divi Vidzemes plānošanas reģiona un tā partneru "
    "iesniegtie projekti:\n"
    "Green Paths – velotūrisma veicināšana piekrastē;\n"
    "Prioritātē: Pieejamāka pārrobežu tūrisma pieredze:\n"
    "Open Trails – pieejamo dabas taku tīkla attīstība;\n"
    "Reģions ar partneriem sāks darbu rudenī.\n")


def test_projects_listed_by_name_before_a_dash_under_a_lead_that_lists_projects():
    from test_generalisation import RG, labels
    projects = labels(LIST_OF_PROJECTS, RG.Project, 2023)
    assert {"Green Paths", "Open Trails"} <= projects
    assert not any(p.startswith(("Prioritātē", "Reģions")) for p in projects)
    # a dash in a sentence that follows no such lead names no project
    assert "Jelgava" not in labels("Jaunumi\n\nJelgava – pilsēta pie Lielupes, kur notika seminārs.\n",
                                   RG.Project, 2023)


def test_the_leads_organisation_implements_the_listed_projects_and_its_region_places_them():
    from test_generalisation import RG, related
    for name in ("Green Paths", "Open Trails"):
        assert related(LIST_OF_PROJECTS, name, RG.implementedBy, 2023) == {"Vidzemes plānošanas reģions"}
        assert facts(LIST_OF_PROJECTS, name, 2023)["places"] == {"vidzeme"}


def test_names_listed_with_a_project_in_brackets_are_projects_and_their_bracketed_bodies_implement_them():
    from test_generalisation import RG, labels, related
    text = ("Jaunumi\n\nSeminārā rezultātus prezentēja iepriekš noteikto projektu („Ceļi laukos” (VARAM), "
            "„Zaļā pārvaldība” (Dabas aizsardzības pārvalde) un „Vieda kopiena” (LPS)) pārstāvji.\n")
    assert {"Ceļi laukos", "Zaļā pārvaldība", "Vieda kopiena"} <= labels(text, RG.Project, 2015)
    assert related(text, "Zaļā pārvaldība", RG.implementedBy, 2015) == {"Dabas aizsardzības pārvalde"}
    # a quoted name after a project's, not listed with it, is not made a project
    other = "Jaunumi\n\nBiedrība īsteno projektu „Ceļi laukos”. Koncertā uzstājās ansamblis „Laipa”.\n"
    assert "Laipa" not in labels(other, RG.Project, 2015)


def test_a_sentence_about_all_projects_gives_each_its_fund():
    text = ("Pagasti apgūs Eiropas naudu\n"
            "Deputāti nolēma atbalstīt trīs ieceres. Viens no tiem būs projekts „Tilta atjaunošana” par 13 174 "
            "latiem. Otrs ir projekts „Zāles apkure”, kam kopsumma ir 4319 latu.\n"
            "Visiem projektiem paredzēts 75 procentu finansējums no Eiropas.\n")
    assert facts(text, "Tilta atjaunošana", 2010)["funds"] == {"EU"}
    assert facts(text, "Zāles apkure", 2010)["funds"] == {"EU"}


def test_a_projects_name_written_again_without_quotes_is_that_project():
    text = ("Jaunumi\n\nSemināru vadīja Ilze Kalna no ministrijas projekta „Profesionāla sociālā darba attīstība”.\n"
            "Seminārs tika īstenots ESF projekta Profesionāla sociālā darba attīstība ietvaros.\n")
    assert facts(text, "Profesionāla sociālā darba attīstība", 2017)["funds"] == {"ESF"}
