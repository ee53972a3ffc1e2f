"""Which earlier project or event a sentence without a name refers to (a small coreference step).

A sentence says what it is about by a name in quotes; without one, Latvian refers back with the
noun ("projekta ietvaros", "Projektu plānots īstenot", "Kopējās projekta izmaksas", "šis projekts")
or with a pronoun at the start of the sentence ("Tas tiek finansēts …", "Tajā no 2014. līdz 2020.
gadam …", "Tā ietvaros …"). The noun refers to the project in focus when no other project is
named; the pronoun only when that project was named or referred to in the sentence just before.
Also here: how a sentence states the period of the project it refers to.
"""

import re
from itertools import pairwise

from reportgraph.extract.entities.dates import PLAN_YEARS, Temporal
from reportgraph.extract.guarded import Guarded

# every alternative starts with Š, š, P or p: the lookahead spares trying each one elsewhere
ANAPHOR = Guarded(re.compile(
    r"\b(?=[ŠšPp])(?:(?:[Šš]ī\s+)?[Pp]rojekta\s+(?:(?:apstiprinā|plānot|paredzēt|faktisk|kopēj|attiecinām|neattiecinām|kopīg|publisk)\w*\s+){0,2}(?:ietvaros|laikā|mērķ\w*|finansējum\w*|līdzfinansējum\w*|kopēj\w*|īstenošan\w*|ieviešan\w*|realizācij\w*|realizēšan\w*|pasākum\w*|"
    r"rezultāt\w*|dalībniek\w*|partner\w*|aktivitāt\w*|atklāšan\w*|budžet\w*|ilgum\w*|norises|izmaks\w*|"
    r"vadītāj\w*|koordinator\w*|gaitā|noslēgum\w*|sākum\w*|beig\w*|termiņ\w*|attiecināmās|publisk\w*|kopsumm\w*|darbīb\w*|period\w*|summ\w*|vērtīb\w*|"
    r"finansētāj\w*|īstenotāj\w*|iesniedzēj\w*|atbalst\w*)|"
    # the funder's notice on a project's page: "Šī publikācija ir izveidota ar … atbalstu"
    r"[Šš](?:ī|is)\s+(?:publikācija|raksts|materiāls|tīmekļvietne|mājaslapa)\s+(?:ir\s+)?"
    r"(?:izveidot|sagatavot|tapis|tapusi|izstrādāt|finansēt)\w*|"
    r"(?:[Šš]ajā\s+)?[Pp]rojektā\b(?!\s*[„“\"«])|[Pp]rojekts\b(?!\s*[„“\"«])|"
    r"[Pp]rojektam\b(?!\s*[„“\"«])|[Pp]rojektu\s+(?:īsten|organiz|vad|koordin|plānot|paredzēt|sāk|uzsāk|finansiāl|"
    r"finansē|līdzfinansē|atbalst|noslēdz|pabeidz|pabeigt)\w*|"
    r"(?:[Šš]ī|[Šš]o|[Šš]is|[Šš]ajā|[Šš]im)\s+projekt\w*|(?:projektu|projektam)\s+piešķirt\w*)"
), ("rojekt", "ī publikācija", "ī raksts", "is raksts", "ī materiāls", "is materiāls", "ī tīmekļvietne",
    "ī mājaslapa"))
# a line set apart like a heading that names a field of the project in focus: "Projekta
# īstenošanas laiks: 01.04.2018-30.11.2019", "Projekta līdzfinansējums … ir 151 163,96 EUR"
#: a sentence that opens with "this project": "Šo projektu iniciēja …", "Šajā projektā …"
THIS_PROJECT = re.compile(r"\W*(?:Šo|Šis|Šajā|Šī|Šā|Šim)\s+projekt\w*\b")
FIELD_HEAD = re.compile(r"\W*(?:Projekta|Projektā)\s+\w+")
PROGRAMME_ANAPHOR = Guarded(re.compile(r"\b(?:programmā\b(?!\s*[„“\"«])|Programmas\s+(?:uzdevum|mērķ)\w*)"),
                            ("rogramm",))
# a pronoun opening the sentence: "Tas tiek finansēts", "Tajā piedalījās", "Tā ietvaros", "Tā budžets"
# a sentence right after the project's that opens with its activities continues it:
# "Nodarbības notika Rēzeknē un Daugavpilī.", "Aktivitātēs iesaistījās 40 jaunieši."
ACTIVITY = re.compile(r"^\W*(?:(?:Nodarbīb|Aktivitāt|Apmācīb|Mācīb|Darbnīc|Konsultācij|Pasākum|Darbi\b|Būvdarb|"
                      r"Remontdarb|Darbs\b|Dalībniek)\w*\b|"
                      r"No\s+\d{4}\.\s*gada\b|"  # or its period: "No 2019. gada 1. februāra līdz …"
                      # or a part of its money as a field line: "Pašvaldības finansējums: 1 178,52 EUR"
                      r"[A-ZĀČĒĢĪĶĻŅŠŪŽ]\w+\s+(?:\w+\s+)?(?:finansējums|līdzfinansējums|izmaksas)\s*[:–-])")
PRONOUN = re.compile(r"^\W*(?:Tas|Tā|To|Tajā|Tam|Tai|Tās|Tā\s+ietvaros|Tās\s+ietvaros|Tā\s+laikā|Šajā\s+laikā)\b")
EVENT_ANAPHOR = Guarded(re.compile(
    r"\b(?:[Pp]asākum(?:ā|a|u)|[Ss]eminār(?:ā|a|u)|[Ff]estivāl(?:ā|a|u)|[Dd]arbnīc(?:ā|as|u)|[Dd]iskusij(?:ā|as|u)|"
    r"[Kk]oncert(?:ā|a|u)|[Nn]ometn(?:ē|es|i)|[Kk]urs(?:ā|a)|[Ii]zstād(?:i|ē|es)|[Vv]izīt(?:ē|es|i)|"
    r"[Ss]anāksm(?:ē|es|i)|[Kk]onferenc(?:ē|es|i)|[Tt]ikšanā|[Tt]ikšanās\s+laikā|[Ff]orum(?:ā|a|u)|[Kk]onferenci|[Nn]ometni|[Ll]ekcij(?:ā|as|u)|[Ii]zstādi|[Aa]pmācībās|"
    # the noun as the subject: "Seminārs pulcēja 30 mediatorus", "Festivāls ilga divas dienas"
    r"(?<![\w-])(?:Seminārs|Pasākums|Festivāls|Konference|Nometne|Darbnīca|Izstāde|Koncerts|Sanāksme|Lekcija|"
    r"Diskusija|Forums|Vizīte))\b"
), ("asākum", "eminār", "ekcij", "estivāl", "arbnīc", "iskusij", "oncert", "ometn", "urs", "zstād", "izīt",
    "anāksm", "onferenc", "ikšan", "orum", "pmācīb"))

# the project's own period, stated in a sentence that also names an event of it
PROJECT_PERIOD = re.compile(r"[Pp]rojekt\w*\s+(?:(?:īstenošanas|ieviešanas|realizācijas|realizēšanas)\s+(?:laiks|periods)|ilgums|ilga|ilgs|īstenots|norisinājās|norisināsies)")
START_CUE = re.compile(r"\b(uzsākt[sai]|uzsāktais|uzsāktā|uzsāktajā|uzsāka|uzsākusi|uzsācis|uzsākuši|sākās|sākts|"
                       r"[Kk]opš|[Nn]o)\b")
PERIOD_CUE = re.compile(r"((?:īstenošanas|ieviešanas|realizācijas|realizēšanas)\s+laiks|laika\s+posmā|īstenots|īstenota|tiks\s+īstenots|ilgums|[Nn]o\s+\d|"
                        r"\bīstenoja\b|\bīsteno\b|\brealizēja\b|"
                        r"period[sāa]\b|darbības\s+laiks|ilgs|ilga|norisin\w+|norit|plānots|termiņš)")
# an end stated alone: "projekts ilgs līdz …", "Līdz 2026. gada beigām projektā paredzēts …"
UNTIL_CUE = re.compile(r"īstenot|īstenojam|īstenošan|realizēt|realizējam|ilgs|ilgst|turpināsies|norisināsies|paredzēt|plānot|jāīsteno|"
                       r"beigsies|noslēgsies|jāpabeidz|jāveic|jārealizē|pabeigt|termiņ|"
                       r"laikā\s+līdz")  # "Projekta laikā līdz 2022. gada 1. decembrim tiks …"
# the project ended (on the date the sentence gives): "noslēdzies … projekts", "projekts noslēdzās"
ENDED = re.compile(r"\b(?:noslēdzies|noslēdzās|noslēgusies|noslēdzas|beidzies|beidzās|pabeigts|pabeigta|"
                   r"pabeidza|pabeidzām|pabeidzis|pabeigusi)\b")  # "Ar 2015. gada 31. decembri … pabeidza …"
# the verb that ended it, right after the date: "… 30. novembrī noslēdza projektu", "… pabeidza"
ENDED_NEAR = re.compile(r"\s+(?:\S+\s+){0,1}?(?:noslēdza|noslēdzās|noslēdzies|noslēgusi|noslēdzis|pabeidza|pabeigusi|"
                        r"pabeidzis|beidzās|tika\s+pabeigts|tika\s+noslēgts)\b")
START_VERB = re.compile(r"uzsākt|uzsāka|uzsākusi|uzsācis|uzsākuši|sākās|[Kk]opš")
# a programme's or funding period's years, not the project's: "programmas 2014.–2020. gadam",
# "2014.–2020. gada plānošanas periodā"
PROGRAMME_YEARS_BEFORE = re.compile(r"(?:programm|period|instrument|fond)\w*\s*(?:ietvaros\s*)?\(?\s*$")
PROGRAMME_YEARS_AFTER = re.compile(r"\s*\)?\s*(?:gad\w*\s+)?(?:plānošanas\s+)?period|\s*(?:gad\w*\s+)?programm")
# a date named as the end or the start: "īstenošanas termiņš – 2023. gada 30. jūnijs", "noslēgsies 2024. gada maijā"
END_POINT = re.compile(r"(?:termiņ\w*|beigu\s+datums|[Pp]rojekta\s+beigas|noslēg\w*|noslēdz\w*|beidz\w*|beigsies|pabeigt\w*|pabeidz\w*)\s*(?:[–—:-]|ir|ir\s+līdz)?\s*$")
START_POINT = re.compile(r"(?:sākuma\s+datums|[Pp]rojekta\s+sākums|sāksies|sāka|sākts|sākta)\s*(?:[–—:-]|ir)?\s*$")


# a labelled field of the card of the project in focus: "Īstenošanas vieta: Jelgava", "Adrese: …"
FIELD_LINE = re.compile(r"^\W*(?:Finansējuma\s+avots|Finansētājs|Īstenošanas\s+(?:vieta|laiks|periods|termiņš)|"
                        r"Norises\s+vieta|Adrese|Īstenotājs|Kopējās\s+izmaksas|Publiskais\s+finansējums)\s*:")


def programme_years(t: str, d: Temporal) -> bool:
    """Whether a range of sentence t is a programme's or a funding period's years ("programmas
    2014.–2020. gadam", "2014.–2020. gada plānošanas periodā"), not a project's or an event's."""
    return d.kind == "range" and bool(PROGRAMME_YEARS_BEFORE.search(t[max(0, d.start - 40):d.start])
                                      or PROGRAMME_YEARS_AFTER.match(t, d.end) or PLAN_YEARS.search(d.text))


def refers_to_project(t: str, focus: str | None, focus_recent: bool, event_recent: bool = False) -> bool:
    """Whether a sentence naming no project refers to the project in focus (a pronoun right after
    a sentence that named an event refers to that event: refers_to_event)."""
    if ANAPHOR.search(t):
        return True
    if focus is None:
        return False
    if FIELD_LINE.match(t):
        return True
    return bool(PROGRAMME_ANAPHOR.search(t) or (focus_recent and not event_recent and (
        PRONOUN.match(t) or ACTIVITY.match(t))))


def only_inside(t: str, events) -> bool:
    """Whether every word of the sentence that refers to the project is part of an event's name
    ("Pirmā projekta partneru tikšanās notiks Daugavpilī"): the sentence is about the event."""
    spans = [(m.start(), m.end()) for m in ANAPHOR.finditer(t)]
    return bool(spans) and bool(events) and all(any(e.start <= a < e.end for e in events) for a, _ in spans)


def refers_to_event(t: str, event_recent: bool) -> bool:
    """Whether a sentence refers to the event last named: by its noun ("semināra laikā"), or by a
    pronoun right after the sentence that named it ("Tajā piedalījās 15 …")."""
    return bool(EVENT_ANAPHOR.search(t) or (event_recent and PRONOUN.match(t)))


def project_dates(t: str, dates: list[Temporal], topic: str, c, i: int) -> None:
    """The start and end of the project `topic` that sentence i (text t) states."""
    # "Projekts norisinās 2021. un 2022. gadā": the years it runs in
    points = [d for d in dates if d.kind == "point" and d.begin]
    for a, b in pairwise(points):
        if re.fullmatch(r"\s+un\s+", t[a.end:b.start]) and PERIOD_CUE.search(t) and a.begin < b.begin:
            c.fact(topic, "startDate", a.begin, "date", i)
            c.fact(topic, "endDate", b.begin, "date", i)
            return
    for d in dates:
        if d.kind == "access_date" or not d.begin and not d.finish:
            continue
        left = t[max(0, d.start - 40):d.start]
        if programme_years(t, d):
            continue
        if d.kind == "range" and (PERIOD_CUE.search(left) or PERIOD_CUE.search(t[max(0, d.start - 5):d.end + 60])):
            c.fact(topic, "startDate", d.begin, "date", i)
            if d.finish:
                c.fact(topic, "endDate", d.finish, "date", i)
        elif not d.begin:
            if d.kind == "until" and UNTIL_CUE.search(t):
                c.fact(topic, "endDate", d.finish, "date", i)
        elif d.kind == "point" and END_POINT.search(left):
            c.fact(topic, "endDate", d.begin, "date", i)
        elif d.kind == "since" or (d.kind == "point" and START_POINT.search(left)) or (
                d.kind in ("point", "school_year") and START_CUE.search(
                    t[max(0, d.start - 15):d.end + 40]) and START_VERB.search(t)):
            c.fact(topic, "startDate", d.begin, "date", i)
        elif d.kind == "until" and UNTIL_CUE.search(t):
            c.fact(topic, "endDate", d.finish or d.begin, "date", i)
        elif d.kind == "point" and ENDED.search(t) and not START_VERB.search(t):
            c.fact(topic, "endDate", d.begin, "date", i)  # "2016. gada 3. decembrī noslēdzies projekts"
        elif d.kind == "point" and ENDED_NEAR.match(t, d.end):
            c.fact(topic, "endDate", d.begin, "date", i)  # "2013. gada 30. novembrī noslēdza projektu"
