"""Issue 14, second round: the kinds of statement public pages write, in sentences made up for these
tests (not taken from any corpus). Each test reads a short text with extract_source and checks the
facts; helpers come from tests/test_generalisation.py."""

from decimal import Decimal

from test_generalisation import RG, SCHEMA, facts, labels

from reportgraph.extract.entities.gazetteer import Gazetteer
from reportgraph.extract.entities.money import find_funding
from reportgraph.extract.relations.coordination import shared_heads

# --- focus: the project a paragraph introduces, whatever verb introduces it


def test_a_project_introduced_by_realizēja_or_uzsākusi_takes_the_focus():
    text = ("Jaunumi\n\nBiedrība „Jūras vārti” īsteno projektu „Viļņi”. Projektu finansē Norvēģijas "
            "finanšu instruments.\n\n"
            "Biedrība „Egle” realizēja projektu „Meža skola”. Projekts norisinājās Alsungas pagastā no "
            "2015. gada aprīļa līdz 2016. gada martam.\n\n"
            "Aizputes novada dome uzsākusi projektu „Tilti pāri upei”. Projekta kopējās izmaksas ir "
            "EUR 80 400,00, no tām ERAF finansējums EUR 68 340,00.\n")
    assert facts(text, "Viļņi")["places"] == set() and facts(text, "Viļņi")["start"] == set()
    f = facts(text, "Meža skola")
    assert f["places"] == {"alsungas-pagasts"} and f["start"] == {"2015-04"} and f["end"] == {"2016-03"}
    f = facts(text, "Tilti pāri upei")
    assert f["amount"] == {Decimal("80400.00")} and f["funds"] == {"ERDF"}


def test_a_project_given_support_takes_the_focus_of_its_paragraph():
    text = ("Jaunumi\n\nProjekts „Saulgrieži” tika īstenots Bauskā.\n\n"
            "Biedrība „Avots” saņēma Valsts kultūrkapitāla fonda atbalstu projektam „Senču balsis”. "
            "Projekts noslēdzās 2016. gada novembrī.\n")
    assert facts(text, "Senču balsis")["end"] == {"2016-11"}
    assert facts(text, "Saulgrieži")["end"] == set()


def test_a_project_in_passing_does_not_take_the_paragraph():
    text = ("Jaunumi\n\nBiedrība „Zari” īsteno projektu „Kopā augam”.\n"
            "Sanāksmē piedalījās arī biedrības „Gaisma” vadītā projekta „Mazie soļi” koordinatore. "
            "Projekta kopējais finansējums ir 3200 eiro.\n")
    assert facts(text, "Kopā augam")["amount"] == {Decimal(3200)}
    assert facts(text, "Mazie soļi")["amount"] == set()


# --- periods


def test_period_written_with_numbers_or_as_a_nominative_range():
    text = ("Jaunumi\n\nBiedrība „Sētas” īsteno projektu „Labie kaimiņi”. Projekta īstenošanas periods: "
            "01.04.2020.–31.03.2022.\n\n"
            "Salas novada pašvaldība īstenoja projektu „Upes krasts”. Projekta darbības laiks: 2017. gada "
            "1. februāris – 2018. gada 31. janvāris.\n")
    f = facts(text, "Labie kaimiņi")
    assert f["start"] == {"2020-04-01"} and f["end"] == {"2022-03-31"}
    f = facts(text, "Upes krasts")
    assert f["start"] == {"2017-02-01"} and f["end"] == {"2018-01-31"}


def test_an_end_stated_with_noslēdzās():
    text = "Jaunumi\n\nBiedrība „Lapas” īstenoja projektu „Rudens”. Projekts noslēdzās 2019. gada oktobrī.\n"
    assert facts(text, "Rudens")["end"] == {"2019-10"}


# --- places


def test_names_coordinated_under_one_head_are_municipalities():
    text = ("Jaunumi\n\nBiedrība „Pļavas” īsteno projektu „Ziedi”. Projekts aptver Kuldīgas, Talsu un "
            "Tukuma novadu.\n")
    assert facts(text, "Ziedi", 2022)["places"] == {"kuldigas-novads-2021", "talsu-novads-2021",
                                                     "tukuma-novads-2021"}


def test_shared_head_only_where_the_gazetteer_has_the_place():
    gaz = Gazetteer.for_year(2022)
    t = "no Rīgas, Jūrmalas un Ogres novada"
    spans = [(3, 8, ["riga-pilseta"]), (10, 18, ["jurmala"]), (22, 34, ["ogres-novads-2021"])]
    out = shared_heads(t, spans, gaz)
    assert [k[0] for _, _, k in out] == ["riga-pilseta", "jurmala", "ogres-novads-2021"]
    t = "Ludzas un Balvu novadā"
    out = shared_heads(t, [(0, 6, ["ludza"]), (10, 22, ["balvu-novads-2021"])], gaz)
    assert out[0][2] == ["ludzas-novads-2021"]


def test_a_meeting_abroad_in_a_named_project_is_not_the_project_place():
    text = ("Jaunumi\n\nProjekta „Robežas” ietvaros 2018. gada 3.–4. maijā Tartu notika partneru sanāksme. "
            "Projekts tiek īstenots Alūksnes novadā.\n")
    assert facts(text, "Robežas", 2018)["places"] == {"aluksnes-novads-2009"}
    assert facts(text, "Partneru sanāksme", 2018)["places"] == {"tartu"}


def test_works_in_parishes_continue_the_project():
    text = ("Jaunumi\n\nKrāslavas novada pašvaldība īstenoja projektu „Ceļi laukos”. Darbi notika Kaplavas "
            "pagastā un Skaistas pagastā.\n")
    assert {"kaplavas-pagasts", "skaistas-pagasts"} <= facts(text, "Ceļi laukos", 2015)["places"]


# --- funds


def test_an_eu_programme_named_as_a_frame_is_a_fund_not_a_project():
    text = ("Jaunumi\n\nJauniešu centrs „Strops” uzsāka projektu „Drosmīgie”. Projekts tiek īstenots "
            "Eiropas Savienības programmas „Erasmus+” ietvaros.\n")
    assert "Erasmus+" not in labels(text, RG.Project)
    assert "ERASMUS" in facts(text, "Drosmīgie")["funds"]


def test_a_fund_named_with_a_comma_inside():
    text = ("Jaunumi\n\nBiedrība „Mājas” īsteno projektu „Valoda visiem”. Projekts tiek finansēts no "
            "Patvēruma, migrācijas un integrācijas fonda.\n")
    assert facts(text, "Valoda visiem")["funds"] == {"EU"}


# --- amounts


def test_the_fund_written_after_its_sum():
    parts = find_funding("Kopējās izmaksas ir 9000 eiro, no tām 7650 eiro sedz ELFLA un 1350 eiro valsts "
                         "budžeta līdzfinansējums.")
    assert [(p.money.value, p.role, p.source) for p in parts] == [
        (Decimal(9000), "total", None), (Decimal(7650), "part", "EU"), (Decimal(1350), "part", "STATE")]


def test_lats_parts_after_no_tām():
    parts = find_funding("Projekta kopējās izmaksas bija 4100 Ls, no tām 3690 Ls ELFLA finansējums.")
    assert [(p.money.value, p.money.currency, p.role) for p in parts] == [
        (Decimal(4100), "LVL", "total"), (Decimal(3690), "LVL", "part")]


def test_a_project_value_in_thousands():
    (p,) = find_funding("Projekta vērtība – 64 tūkstoši eiro.")
    assert p.money.value == Decimal(64000) and p.role == "total"


# --- events


def test_an_event_named_after_a_quoted_project_name():
    text = ("Jaunumi\n\nBiedrība „Krasts” īstenoja projektu „Atvērtie vārti”. 2021. gada 9. aprīlī Smiltenē "
            "notika projekta „Atvērtie vārti” noslēguma konference, kurā piedalījās vairāk nekā 50 cilvēku.\n")
    f = facts(text, "Noslēguma konference")
    assert f["start"] == {"2021-04-09"} and f["places"] == {"smiltene"} and f["participants"] == {50}


def test_participants_named_by_their_noun_without_a_verb():
    text = ("Jaunumi\n\n2017. gada 12. maijā Preiļos notika seminārs, kurā 24 dalībnieki no 5 novadiem "
            "apsprieda 2 jaunas programmas.\n")
    assert facts(text, "Seminārs")["participants"] == {24}


def test_quoted_groups_and_exhibitions_are_not_projects():
    text = ("Jaunumi\n\nBiedrība „Krasts” īstenoja projektu „Atvērtie vārti”. Koncertā uzstājās ansamblis "
            "„Vēja zvani”. Bibliotēkā atklāta izstāde „Vecās kartes”.\n")
    assert labels(text, RG.Project) == {"Atvērtie vārti"}
    assert "Vēja zvani" not in labels(text, SCHEMA.Event)
