"""Issue 14: statements written the way public pages write them, on made-up text (not from any
corpus). Each test extracts a short text with extract_source and checks the RDF facts."""

import hashlib
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import RDFS, Namespace

from reportgraph.extract.pipeline import extract_source
from reportgraph.extract.read.reader import ReportSource

RG = Namespace("https://w3id.org/reportgraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


@cache
def _graph(text: str, year: int | None = None):
    src = ReportSource(Path("teksts.txt"), text, hashlib.sha256(text.encode()).hexdigest(), year, "teksts")
    return extract_source(src).graph


def _node(g, label: str, cls=None):
    nodes = [s for s, o in g.subject_objects(RDFS.label) if str(o) == label]
    assert nodes, f"no entity labelled {label!r}"
    return nodes[0]


def facts(text: str, label: str, year: int | None = None) -> dict:
    g = _graph(text, year)
    n = _node(g, label)
    place_key = lambda p: str(p).rsplit("/", 1)[-1]
    funding = [(g.value(f, SCHEMA.value), str(g.value(f, SCHEMA.currency))) for f in g.objects(n, RG.hasFunding)]
    return {
        "funds": {str(g.value(f, SKOS.notation)) for f in g.objects(n, RG.fundingSource)},
        "amount": {Decimal(str(a)) for a in g.objects(n, RG.amountEUR)},
        "funding": {(Decimal(str(v)), c) for v, c in funding},
        "places": {place_key(p) for p in g.objects(n, SCHEMA.location)},
        "start": {str(d) for d in g.objects(n, SCHEMA.startDate)},
        "end": {str(d) for d in g.objects(n, SCHEMA.endDate)},
        "participants": {int(x) for x in g.objects(n, RG.participantCount)},
    }


def related(text: str, subject: str, predicate, year: int | None) -> set[str]:
    """The labels of what `subject` is linked to by `predicate` in the text's graph."""
    g = _graph(text, year)
    return {str(g.value(o, RDFS.label)) for o in g.objects(_node(g, subject), predicate)}


def labels(text: str, cls, year: int | None = None) -> set[str]:
    from rdflib import RDF
    g = _graph(text, year)
    return {str(g.value(s, RDFS.label)) for s in g.subjects(RDF.type, cls)}


PERIODS = (
    "Biedrība „Ziemeļu vējš” īsteno projektu „Kopā stiprāki”. Projektu plānots īstenot no 2022. gada "
    "1. marta līdz 2023. gada 31. decembrim. Kopējās projekta izmaksas ir 58 310,45 eiro, no tām "
    "ERAF finansējums 49 563,88 eiro.\n\n"
    "Gaujas pagasta pārvalde uzsāka projektu „Zaļais krasts”. Tas tiek finansēts no Eiropas Jūrlietu "
    "un zivsaimniecības fonda. Projekts ilga no 2012. gada augusta līdz 2013. gada jūlijam. Projekta "
    "kopējais budžets bija 2650 Ls.\n\n"
    "Projekts „Dzīvā vēsture” tika īstenots Zvārdes pagastā un Vecumnieku pagastā. Tajā no 2014. līdz "
    "2020. gadam piedalījās speciālisti no Cēsu novada, Ogres novada, Liepājas pilsētas un Rēzeknes "
    "novada.\n\n"
    "Latvijas Universitāte uzsāka projektu „Zināšanu tilts”. Līdz 2026. gada beigām projektā paredzēts "
    "apmācīt 200 skolotājus.\n\n"
    "Projekts „Ceļš uz skolu” tiek īstenots ar EK atbalstu un valsts budžeta līdzfinansējumu. Projekta "
    "budžets ir EUR 2 118 904.37.\n"
)


def test_period_in_a_sentence_of_its_own():
    f = facts(PERIODS, "Kopā stiprāki")
    assert f["start"] == {"2022-03-01"} and f["end"] == {"2023-12-31"}
    f = facts(PERIODS, "Zaļais krasts")
    assert f["start"] == {"2012-08"} and f["end"] == {"2013-07"}


def test_pronoun_refers_to_the_project_named_before():
    f = facts(PERIODS, "Dzīvā vēsture")
    assert f["start"] == {"2014"} and f["end"] == {"2020"}
    assert {"zvardes-pagasts", "vecumnieku-pagasts", "cesu-novads-2021", "liepaja"} <= f["places"]
    assert "EU" in facts(PERIODS, "Zaļais krasts")["funds"]  # "Tas tiek finansēts no … fonda"


def test_end_stated_alone():
    assert facts(PERIODS, "Zināšanu tilts")["end"] == {"2026"}


def test_a_project_named_at_the_start_of_a_sentence_takes_the_focus():
    f = facts(PERIODS, "Ceļš uz skolu")
    assert f["amount"] == {Decimal("2118904.37")}
    assert {"EC", "STATE"} <= f["funds"]
    assert facts(PERIODS, "Zināšanu tilts")["amount"] == set()


def test_totals_and_their_parts():
    f = facts(PERIODS, "Kopā stiprāki")
    assert f["amount"] == {Decimal("58310.45")}
    assert (Decimal("49563.88"), "EUR") in f["funding"] and f["funds"] == {"ERDF"}


def test_lats_stay_lats():
    f = facts(PERIODS, "Zaļais krasts")
    assert f["amount"] == set()
    assert f["funding"] == {(Decimal(2650), "LVL")}


EVENTS = (
    "Biedrība „Saules stars” 2019. gadā uzsāka projektu „Satiec kaimiņu”, ko finansē Eiropas "
    "Ekonomikas zonas finanšu instruments. Projekts tiek īstenots Madlienas pagastā. Projekta "
    "ietvaros pieredzes apmaiņas vizīte notika Tartu un Pērnavā no 2022. gada 3. līdz 5. maijam. "
    "Tajā piedalījās 15 sociālie darbinieki. Vizītes noslēgumā uzstājās folkloras kopa „Tēvu "
    "dziesmas”.\n\n"
    "Ekspertu sanāksme notika Rīgas ielā 5, Valmierā.\n"
)


def test_event_date_range_place_and_participants():
    f = facts(EVENTS, "Pieredzes apmaiņas vizīte")
    assert f["start"] == {"2022-05-03"} and f["end"] == {"2022-05-05"}
    assert f["places"] == {"tartu", "pernava"}
    assert f["participants"] == {15}


def test_a_meeting_abroad_is_not_the_project_place():
    f = facts(EVENTS, "Satiec kaimiņu")
    assert f["places"] == {"madlienas-pagasts"}
    assert f["funds"] == {"EEA"}


def test_a_street_is_not_a_town():
    assert facts(EVENTS, "Ekspertu sanāksme")["places"] == {"valmiera"}


def test_a_music_group_in_quotes_is_neither_project_nor_event():
    assert "Tēvu dziesmas" not in labels(EVENTS, RG.Project) | labels(EVENTS, SCHEMA.Event)


def test_date_without_a_year_never_gets_a_wrong_year():
    text = ("Projekts „Rīta rasa” norisinājās 2015. gada septembrī un oktobrī.\n\n"
            "Biedrība rīkoja svētkus. Vēl kāds teikums. Un vēl viens. Un vēl viens teikums.\n\n"
            "Seminārs notika 14.-15. oktobrī Cēsīs.\n")
    f = facts(text, "Rīta rasa")
    assert f["start"] <= {"2015-09", "2015-10"}
    assert facts(text, "Seminārs")["start"] == set()  # the year is unknown, not 2021


def test_parishes_in_the_gazetteer():
    from reportgraph.extract.entities.gazetteer import Gazetteer
    g = Gazetteer.for_year(2015)
    (p,) = g.match("Zvārdes pagastā")
    assert p.key == "zvardes-pagasts" and p.kind == "pagasts" and p.region == "kurzeme"
    assert next(x.key for x in g.parents(p.key)) == "saldus-novads-2009"
    assert g.get("rucavas-pagasts").municipality == "dienvidkurzemes-novads-2021" or \
        Gazetteer.for_year(2022).get("rucavas-pagasts").municipality == "dienvidkurzemes-novads-2021"
    assert g.get("tartu").region is None


def test_fund_cues_by_programme_or_payer():
    from reportgraph.extract.entities.fundcues import fund_cues
    for text, code in [("ar ESF+ atbalstu", "ESF"), ("REACT-EU finansējums", "EU"),
                       ("Norvēģijas finanšu instrumenta programma", "EEA"),
                       ("EEZ finanšu instrumenta atbalsts", "EEA"),
                       ("pašvaldības budžeta līdzekļi", "MUNI")]:
        assert code in {c.code for c in fund_cues(text)}, text
    assert fund_cues("Valmieras novada dome īstenoja projektu") == []


NAMES = (
    "Jaunumi\n\nŠogad noslēdzās „Kaimiņu sēta” projekts, ko īstenoja Cēsu novada pašvaldība.\n\n"
    "„Kopienas spēks” ir biedrības finansēts projekts, kas ilgs līdz 2024. gada jūnijam.\n\n"
    "Biedrība „Gaismas ceļš” īsteno projektu „Atvērtās durvis”. Sadarbībā ar novada skolu tiek "
    "īstenots arī projekts „Lasītprieks”. Tā budžets ir 4500 eiro.\n\n"
    "Festivāls „Čigānu vasara” notika 2023. gada 12.–14. augustā Ludzā. Festivālu apmeklēja 2000 "
    "skatītāju no 12 novadiem.\n"
)


def test_project_cue_after_the_name():
    assert {"Kaimiņu sēta", "Kopienas spēks"} <= labels(NAMES, RG.Project)
    assert facts(NAMES, "Kopienas spēks")["end"] == {"2024-06"}


def test_pronoun_refers_to_the_project_named_last():
    assert facts(NAMES, "Lasītprieks")["amount"] == {Decimal(4500)}
    assert facts(NAMES, "Atvērtās durvis")["amount"] == set()


def test_participants_of_the_event_named_before():
    f = facts(NAMES, "Čigānu vasara")
    assert f["participants"] == {2000}
    assert f["start"] == {"2023-08-12"} and f["end"] == {"2023-08-14"} and f["places"] == {"ludza"}


def test_end_named_as_a_deadline_and_activities_continue_the_project():
    text = ("Jaunumi\n\nBiedrība „Alfa” īsteno projektu „Saules puse”. Nodarbības notiek Tukumā un "
            "Bauskā. Projekta īstenošanas termiņš – 2023. gada 30. jūnijs. Projekts noslēgsies 2023. "
            "gada jūnijā.\n")
    f = facts(text, "Saules puse")
    assert f["end"] == {"2023-06-30"}
    assert f["places"] == {"tukums", "bauska"}
