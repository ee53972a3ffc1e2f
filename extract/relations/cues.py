"""The words the relation rules look for: verbs of implementing and taking part, the nouns
and phrases that name an implementer, a payer, a place of origin, a purpose, money of many
projects; and organisations referred to by their head noun alone."""

import re

from reportgraph.extract.guarded import Guarded
from reportgraph.extract.types import Mention

IMPL_VERB = Guarded(re.compile(
    r"\b(īsten(?:oja|o|os|ot|ojis|ojusi|ojuši|ojušas|ota|otā|oto|otais|otajā|ots|oti|otu)|administrē|administrēja|koordinē(?:ja)?|"
    r"īstenos|koordinēto|turpināja|turpina|uzsāka|uzsāk|uzsākts|uzsākta|uzsākusi|uzsācis|uzsākuši|sāka|sākusi|"
    r"realizē|realizēja|realizēs|realizējusi|realizējis|realizēts|realizētā|realizēto|ieviesa|ievieš|"
    r"organizēja|organizē|rīkoja|vada|vadīja|vadīt(?:ajam|ā|o|ais|ajā)|īstenotajam|koordinētajam|realizētajam|"
    r"noslēdza|noslēgusi|noslēdzis|noslēguši|pabeidza|pabeigusi|pabeidzis|pabeiguši|iesniedza|iesniegusi|iesniedzis)\b"
), ("īsten", "administrē", "koordinē", "turpin", "uzsāk", "uzsāc", "sāk", "realiz", "ievie", "organizē",
    "rīkoja", "vad", "noslē", "pabei", "iesnie"))
PARTICIPLE = re.compile(r"\b(?:īsteno|administrē|koordinē|vadī|organizē|realizē)t(?:ā|o|ais|ajā|ajam|ajai|ajos|os|ie|ās)\b")
PARTICIPATE = Guarded(re.compile(r"\b(piedalījās|apmeklēja|iesaistījās|pulcēja|piedalās|piedalīsies|"
                                 r"piedalījušies|piedalījušās|pulcējās|pulcēs|pulcēsies|apmeklēs|ieradās|ieradīsies|"
                                 r"sapulcējās)\b"),
                      ("piedal", "apmeklē", "iesaistījās", "pulcē", "ieradās", "ieradīsies"))
PARTICIPANT_NOUN = re.compile(r"(?:dalībniek|apmeklētāj|skatītāj|klausītāj|interesent)\w{0,3}$")
RECIPIENT = re.compile(r"\b(?:saņēma|saņēmusi|saņēmis|saņēmuši|saņem|saņems|piesaistīja|piesaistījusi|"
                       r"piešķirts|piešķirta|piešķīra)\b")
PROJECT_DATIVE = re.compile(r"\b[Pp]rojekt(?:am|a|u)\b[^;]{0,80}$")
LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[-–•▪●*])\s")
LIST_OF_WORK = re.compile(r"(?i:pasākum|aktivitāt|darbīb|uzdevum|rezultāt|paveikt)")
ABOUT = re.compile(r"(?:^|\s)par\b[^.;()„“\"«]*$")
PURPOSE = re.compile(r",\s*(?:lai|kuras?\s+mērķis)\b")  # a clause of purpose: where it is for, not where it is
#: the noun that names who implements, and its copula, right before the organisation
IMPLEMENTER_NOUN = re.compile(r"\b(?:[Īī]stenotāj[sa]|[Rr]ealizētāj[sa]|[Vv]adošais\s+partneris|[Ii]esniedzēj[sa]|"
                              r"[Pp]ieteicēj[sa]|[Ff]inansējuma\s+saņēmēj[sa])\s*(?:ir|bija|būs|[–:-])\s*(?:\S+\s+){0,1}?$")
#: a field line naming the implementer: "Vadošais partneris: Zemgales plānošanas reģions (LV)"
FIELD_IMPLEMENTER = re.compile(r"\W*(?:Projekta\s+)?(?:[Vv]adošais\s+partneris|[Īī]stenotājs|[Ff]inansējuma\s+saņēmējs|"
                               r"[Pp]rojekta\s+iesniedzējs)\s*[:–-]")
#: "… tiek īstenots biedrības „X” vadībā": under whose lead
LED_BY = re.compile(r"\s*vadībā\b")
#: the organisation named first, then what it is of the project: "X ir projekta „P” vadošais partneris"
IS_IMPLEMENTER_OF = re.compile(r"\s+(?:ir|bija|būs)\s+(?:[Pp]rojekta\s+)?")
#: "Viens no Kurzemes plānošanas reģiona īstenotajiem projektiem ir „P”": whose projects P is one of
ONE_OF_ITS = re.compile(r"\s+(?:īstenot|realizēt|vadīt|koordinēt)\w*\s+projekt(?:iem|u)\s+(?:ir|bija|būs)\s*")
IMPLEMENTER_AFTER = re.compile(r"\s+(?:vadošais\s+partneris|īstenotāj[sa]|realizētāj[sa]|iesniedzēj[sa])\b")
OWNER_CUE = re.compile(r"\b(?:(?:ESF|ERAF|ES|LEADER|EEZ)\s+)?projekt(?:s|a|u|am|ā)\s*[„“\"«”]?$")
ORIGIN = re.compile(
    r"(?i:speciālist|dalībniek|pārstāv|jaunieš|skolēn|bērn|ekspert|mediator|iedzīvotāj|vies|"
    r"delegāt|delegācij|student|cilvēk|rom|kolektīv|ģimen|interesent|darbiniek|aktīvist|skolotāj|"
    r"pedagog|koordinator|sociāl\w*\s+darbiniek|partner|biedrīb|organizācij)\w*\s+no\s+(?:(?:vis\w*|dažād\w*|cit\w*|tostarp|arī|"
    r"no)\s+|[^\s,.;:()]+(?:\s+(?:novada|pilsētas|pagasta|valstspilsētas))?(?:,\s*|\s+un\s+))*$")
FRAME_KINDS = {"programma", "aktivitāte", "konkurss"}
#: money of many projects ("Kopumā … ES fondu projektos ieguldīti 3 miljoni"): of none of them
MANY_PROJECTS = re.compile(r"\bprojekt(?:os|iem|i|us)\b")
MONEY_OPENING = re.compile(
    r"\W*(?:Publisk\w*\s+finansējum|Kopēj\w*\s+(?:izmaksas|finansējum|budžet|summa)|Kopā\b|Kopumā\b|"
    r"Finansējum|Līdzfinansējum|Budžet|Izmaksas|No\s+t[āa]m\b|Tajā\s+skaitā|t\.\s*sk\.|Attiecināmās|"
    r"Atbalsta\s+(?:summa|apmērs|intensitāte)|Piešķirt\w*\s+(?:finansējum|atbalst)|ELFLA\b|ERAF\b|ESF\b|EEZ\b|"
    r"ES\s+(?:finansējum|līdzfinansējum|fond)|Valsts\s+(?:budžet|finansējum|līdzfinansējum)|"
    r"Pašvaldības\s+(?:budžet|finansējum|līdzfinansējum)|"
    # a payer's part named with its owner, maybe after a connective: "Savukārt Rucavas novada domes
    # līdzfinansējums ir 21 % … jeb EUR 4048.96"
    r"(?:(?:Savukārt|Tāpat|Turklāt|Papildus|Bet)\s+)?(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ]\w*\s+)(?:\w+\s+){0,3}?"
    r"(?:līdz)?finansējums\s+(?:ir|būs|bija|sastāda|veido|[:–-]))")
FUNDER_BEFORE = re.compile(r"\b(?:atbalsta|atbalstīja|finansē|finansēja|līdzfinansē|līdzfinansēja)\s+"
                           r"(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ][^\s,.;]*,?\s+(?:un\s+)?){0,3}$")
INSIDE_PROJECT = re.compile(r"\bietvaros\b")
IN_FRAME = re.compile(r"\s*ietvaros\b")  # right after a name: "projekta „P” ietvaros"
HAPPENED = re.compile(r"\b(?:notika|notiks|notiek|norisinājās|norisināsies|norisinās|noritēja|"
                      r"tika\s+organizēt\w*|tiks\s+organizēt\w*)\b")
ESF_ID = Guarded(re.compile(r"\b\d+\.\d+\.\d+(?:\.\d+)?/\d+/[A-Z]+/\d+\b"), ("/",))  # 9.2.4.2/16/I/001



#: head nouns that name one kind of body: a "dome" is the municipality's
HEAD_ALIKE = {"dome": "pašvaldība"}
#: an organisation referred to by its head noun alone, in the nominative: "pašvaldība uzsākusi …"
BARE_ORG = re.compile(r"(?<![\w-])(biedrība|pašvaldība|dome|ministrija|aģentūra|fonds|apvienība|asociācija|"
                      r"universitāte|bibliotēka|muzejs|nodibinājums)\b(?!\s*[„“\"«])", re.IGNORECASE)


def bare_org(t: str, verb_at: int, orgs: list[Mention], named: dict[str, str]) -> str | None:
    """The organisation a bare head noun before the verb refers to: the one of that kind named last
    ("Priekules novada pašvaldība … Tāpat pašvaldība šogad uzsākusi projektu …")."""
    found = [m for m in BARE_ORG.finditer(t, 0, verb_at)
             if not any(o.start <= m.start() < o.end for o in orgs)]
    if not found:
        return None
    head = found[-1].group(1).casefold()
    return named.get(HEAD_ALIKE.get(head, head))
#: "X rīkotā konference": X organised the event named right after
ORGANISED_BY = re.compile(r"\b(?:sa)?(?:rīkot|organizēt)(?:ā|ais|o|ajā|ajam|ās|ie|os|ajos|ajās)\s*$")
#: a sentence whose subject is "the project": "Projekts …", "Integrācijas projekts, ko organizēja X"
PROJECT_SUBJECT = re.compile(r"\W*(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ]?[a-zāčēģīķļņšūž]+\s+){0,2}?[Pp]rojekt")
#: "X … piedalīsies ar projektu „P”", "pieteicās ar projektu": X is whose project P is
ENTERS_WITH = re.compile(r"(?:\b(?:piedal\w+|pieteic\w+|pieteik\w+|startē\w*|kandidē\w*)\s+(?:\S+\s+){0,3}?|"
                         r"(?<=[”\"»\w])\s+)ar\s+projektu\s*[„“\"«]?$")
#: "„P” ir biedrības X projekts": the owner between the copula and the noun
OWNER_AFTER = re.compile(r"[”\"»]?\s+(?:ir|bija)\s+")
PROJECT_NOUN_AFTER = re.compile(r"\s+(?:ES\s+|ESF\s+|LEADER\s+)?projekts\b")
#: "Biedrībai X apstiprināts projekts „P”": to whom a project was granted
GRANTED_TO = re.compile(r"\s+(?:ir\s+)?(?:apstiprināts|atbalstīts|apstiprināti|atbalstīti)\s+(?:\S+\s+){0,2}?"
                        r"projekt(?:s|i)\s*[„“\"«]?")
#: "Par projekta „P” īstenošanu atbild X"
RESPONSIBLE = re.compile(r"[”\"»]?\s+(?:īstenošanu|realizāciju|ieviešanu)\s+atbild(?:īga\s+ir)?\s*")
#: where work is done: "… romu mediators strādā", "centrs darbojas", "nodarbības notiek"
WORKS_IN = re.compile(r"\b(?:strādā|strādās|strādāja|darbojas|darbosies|darbojās|nodarbības\s+(?:notiek|notika|notiks)|"
                      r"pakalpojum\w*\s+(?:sniedz|sniegs|sniedza))\b")
#: partners from elsewhere: "Projekta partneri ir biedrības no Kauņas un Vitebskas" (not where it works)
PARTNER_ORIGIN = re.compile(r"(?i:partner|biedrīb|organizācij|pašvaldīb|iestād)\w*\s+no\s+(?:[^\s,.;:()]+"
                            r"(?:\s+(?:novada|pilsētas|pagasta|valstspilsētas))?(?:,\s*|\s+un\s+))*$")
#: a clause joined after the place: "Talsos notika nodarbības, kā arī … tika sarīkots koncerts"
EARLIER_CLAUSE = re.compile(r";|,\s*(?:kā\s+arī|bet|savukārt|taču|kamēr|turpretī|un\s+(?:tika|notika))\b")
#: a list of partners opened before a foreign place: "Projekta vadošie partneri: Biržų rajono
#: savivaldybė, Vytauto g. 38, Biržai, Lietuva" (where the partner is, not the project)
PARTNERS_LISTED = re.compile(r"(?i:\bpartner(?:i|is|u|iem)\b)\s*(?:ir\s+|:|–|-)")
#: the destination of a trip: "devās uz Tartu", "brauciens uz Vitebsku"
TOWARDS = re.compile(r"\buz\s+$")
#: verbs of organising an event (also verbs of implementing a project)
ORGANISING = re.compile(r"(?:organizē|rīko|sarīko)\w*$")
