"""Who does what in one sentence: the project an implementation verb governs, the implementer, the
partners, a person's organisation, names defined in brackets ("(turpmāk – Y)", "(ACR)")."""

import re
from itertools import pairwise

from reportgraph.extract.entities.fundcues import FundCue, all_cues
from reportgraph.extract.entities.gazetteer import country_codes
from reportgraph.extract.entities.money import FundingPart
from reportgraph.extract.relations.coref import ANAPHOR, PRONOUN, programme_years
from reportgraph.extract.types import Mention

SUPPORT_AFTER = re.compile(r"^\s*(atbalstu|atbalstam|atbalsts|finansiālu\s+atbalstu)\b")
PARTNER_CUE = re.compile(r"\bsadarbībā\s+ar\s+(?:\S+\s+){0,2}$|\bar\s+$")
_HENCEFORTH = re.compile(r"\s*\(\s*turpmāk(?:\s+tekstā)?\s*[–-]\s*([^()]{2,80}?)\s*\)")
_ACRONYM_DEF = re.compile(r"\s*\((?:[^()]{0,120}?\s[–-]\s)?([A-ZĀČĒĢĪĶĻŅŠŪŽ]{2,10})\s*\)")


def defined_names(t: str, mentions: list[Mention], refs: dict[int, str], c) -> None:
    """'X (turpmāk – Y)' makes Y another name of X; 'X (… – ACR)' or 'X (ACR)' gives X an acronym."""
    from reportgraph.extract.entities.projects import name_key
    from reportgraph.ontology.iri import slugify

    for m in mentions:
        if m.kind not in ("org", "project"):
            continue
        ref = refs[id(m)]
        after = t[m.end:]
        d = _HENCEFORTH.match(after)
        if d:
            name = d.group(1).strip(" „“”\"")
            key = slugify(name) if m.kind == "org" else name_key(name)
            c.alias(m.kind, key, ref)
            c.entities[ref].alt_labels.add(name)
            continue
        a = _ACRONYM_DEF.match(after)
        if a and m.kind == "org" and a.group(1) not in country_codes():  # "… reģions (LV)": its country
            ent = c.entities[ref]
            ent.attrs.setdefault("acronym", a.group(1))
            c.alias("org", slugify(a.group(1)), ref)


_GOVERNED_GAP = re.compile(r"^[\s,]*(?:(?:jaunu|jauns|jauno|ESF|ES|EK|kopīgu|savu|vienu|starptautisko|starptautisku|"
                           r"projekt\w*|programm\w*|iniciatīv\w*|kampaņ\w*|pasākum\w*|\d+(?:\.\d+)*\.?)[\s,]*){1,4}$")


def governed_project(t: str, verb: re.Match, projects: list[Mention]) -> Mention | None:
    """The project an implementation verb governs: 'īstenoja projektu „P”', 'īstenotā ESF projekta „P”',
    'uzsākts jauns projekts „P”', or '„P”, ko īsteno X'."""
    for m in projects:
        gap = t[verb.end():m.start]
        if m.start >= verb.end() and _GOVERNED_GAP.match(gap):
            return m
        if m.end <= verb.start() and re.fullmatch(r"[\s,]*(?:ietvaros[\s,]+)?(?:ko|kuru|kas)\s+(?:\w+\s+){0,2}",
                                                       t[m.end:verb.start()]):
            return m
    return None


_OPENING = re.compile(r"\W*(?:(?:ESF|ES|EK|ERAF|Jaun\w+|Starptautisk\w+)\s+)?(?:[Pp]rojekt[sāua]\w*|[Pp]rogramm\w+)?\s*$")


def opens_sentence(t: str, m: Mention) -> bool:
    """A project named at the start of its sentence ("Projekts „P” …", "„P” ir …") is its subject."""
    return bool(_OPENING.fullmatch(t[:m.start]))


def is_foreign(place_ref: str) -> bool:
    """Whether a place ref is outside Latvia (foreign places are the same in every year's gazetteer)."""
    from reportgraph.extract.entities.gazetteer import Gazetteer
    try:
        return Gazetteer.for_year(2021).get(place_ref.split(":", 1)[1]).country != "LV"
    except KeyError:
        return False


def person_home(t: str, pos: int, mentions: list[Mention]) -> bool:
    """'Dana Didžus (Jelgava)': a place in brackets right after a person is where the person is from."""
    return any(m.kind == "person" and re.fullmatch(r"\s*\(\s*", t[m.end:pos]) for m in mentions)


def cue_belongs_to_amount(cue: FundCue, funding: list[FundingPart]) -> bool:
    return any(p.source == cue.code for p in funding)


PAYERS_THING = re.compile(r"\s+(?:programm|fond|finansējum|līdzfinansējum|atbalst|budžet|līdzekļ|dotācij|"
                          r"granti?|finanšu\s+instrument)\w*")


#: "ar" right before an organisation: with it (its decision, support, help), not its subject
WITH_BEFORE = re.compile(r"\b[Aa]r\s+$")


def implementer_of(t: str, verb: re.Match, orgs: list[Mention], projects: list[Mention]) -> Mention | None:
    """Who does it: the organisation before the verb (subject), or after it in 'ko īsteno X' /
    'Projektu īstenoja X'; with a participle ('X īstenotā projekta') the organisation right before."""
    before = [m for m in orgs if m.end <= verb.start() and not PARTNER_CUE.search(t[max(0, m.start - 40):m.start])
              and not PAYERS_THING.match(t, m.end)  # "Eiropas Savienības programmas …": a payer
              and not WITH_BEFORE.search(t, max(0, m.start - 4), m.start)]  # "Ar LAD … lēmumu projekts ir īstenots"
    after = [m for m in orgs if m.start >= verb.end()]
    head = t[:verb.start()]
    object_first = bool(re.search(r"(\bko|\bkuru|^\s*[Pp]rojektu|^\s*[Pp]asākumu|^\s*To|^\s*Šo\s+projektu)\s*$", head)) or re.match(
        r"^\s*(Projektu|Pasākumu|Programmu)\b", t)
    if object_first and after:
        return after[0]
    relative = re.search(r"\b(?:ko|kuru|kuras|kurus)\s+(?:\S+\s+){0,4}$", head)
    inside = [m for m in before if relative and m.start >= relative.start()]
    if inside:  # "„P”, ko LCESC īsteno …": the subject between the pronoun and the verb
        return inside[-1]
    if before:
        return before[-1]
    return None


PARTNERS_ARE = re.compile(r"\b(?:[Pp]artneri|[Ss]adarbības\s+partneri)\s*(?:ir|bija|būs|:|–|—|-)\s*|"
                          r"\b[Pp]artnerus\s*:\s*")


def partners_of(t: str, orgs: list[Mention]) -> list[Mention]:
    out = []
    for m in [*re.finditer(r"\bsadarbībā\s+ar\b", t), *PARTNERS_ARE.finditer(t)]:
        # the organisations right after "sadarbībā ar", joined by "un" or commas
        pos = m.end()
        for o in sorted((o for o in orgs if o.start >= pos), key=lambda o: o.start):
            gap = t[pos:o.start]
            # the next organisation after a comma or "un", a bracket ("(Igaunija)") or a partner that
            # is a place ("Valgas pagasts (Igaunija) un …")
            if re.fullmatch(r"\s*(?:\w+\s+){0,2}?(?:\w+\s*)?(?:\([^()]{1,40}\))?\s*(,|un|\s)*\s*", gap) or \
                    re.fullmatch(r"\s*(?:\w+\s+){0,2}", gap):
                out.append(o)
                pos = o.end
            else:
                break
    for o in orgs:
        # "ar biedrības „X” atbalstu" is a partner's help; "ar EK atbalstu", "ar Sabiedrības
        # integrācijas fonda atbalstu" is a payer's money (fund_cues.tsv names the payers)
        if SUPPORT_AFTER.match(t[o.end:]) and re.search(r"\bar\s+$", t[max(0, o.start - 4):o.start]) \
                and not all_cues(t[o.start:o.end]):
            out.append(o)
    return out


def affiliation_of(t: str, person: Mention, orgs: list[Mention]) -> Mention | None:
    """The organisation named just before a person and their role, in the same clause
    ('Talsu novada domes priekšsēdētājs E.Zelderis')."""
    candidates = [o for o in orgs if o.end <= person.start and person.start - o.end <= 45]
    if not candidates:
        return None
    o = candidates[-1]
    between = t[o.end:person.start]
    if ";" in between or "." in between.replace("..", ""):
        return None
    return o


#: "programmas „X” projekta „P” ietvaros": X is named as the frame of the project P
PROJECT_NAMED_AFTER = re.compile(r"\s*projekt(?:a|ā|s|u)\s*[„“\"«]")
FRAME_AFTER = re.compile(r"\s*(?:ietvaros|finansējum\w*|līdzfinansējum\w*|atbalst\w*)\b|"
                         + PROJECT_NAMED_AFTER.pattern)


def _payer_named(t: str, m: Mention) -> bool:
    """A programme's name or the words right before it name who pays: „Erasmus+”,
    "Eiropas Savienības programmas „Tiesības, vienlīdzība un pilsonība”"."""
    if all_cues(m.label):
        return True
    before = t[max(0, m.start - 60):m.start]
    return any(c.end >= len(before) - 2 for c in all_cues(before))


def framework_programmes(t: str, mentions: list[Mention], has_focus: bool) -> list[Mention]:
    """Programmes named as the frame a project runs in, not as a project: "Projekts tiek īstenots
    ES programmas „Erasmus+” ietvaros" (a fund's programme, with another project or a reference to
    the project in focus in the same sentence). They say who pays; the text does not call them a project."""
    found = [m for m in mentions if m.kind == "project" and m.subtype == "programma"
             and FRAME_AFTER.match(t, m.end) and _payer_named(t, m)]
    if not found:
        return []
    if any(m.kind == "project" and m not in found for m in mentions) or ANAPHOR.search(t) or (
            has_focus and PRONOUN.match(t)):
        return found
    return []


#: words before a date that say when something began to exist, not when an event took place:
#: "festivāls savu darbību aizsāka 2002. gadā", "dibināta 1995. gadā", "pirmo reizi 2010. gadā"
HISTORY_BEFORE = re.compile(r"\b(?:aizsāk\w*|dibinā\w*|dibināt\w*|pirmo\s+reizi|kopš)\s+(?:\S+\s+){0,2}$")


def outside_names(dates: list, mentions: list[Mention]) -> list:
    """The dates not written inside a project's or an event's name („Holokausts, 1941-1945”)."""
    named = [(m.start, m.end) for m in mentions if m.kind in ("project", "event")]
    return [d for d in dates if not any(a <= d.start < b for a, b in named)]


def occurrence_dates(t: str, dates: list, name: tuple[int, int]) -> list:
    """The dates of sentence t that can say when an event (its name at `name`) takes place: not a
    date written in its name („Holokausts Latvijā, 1941-1945”), nor a date from which something
    lasts ("no 2009. gada aprāvās"), nor the year something was founded or first held."""
    start, end = name
    return [d for d in dates if d.kind not in ("access_date", "since") and d.begin
            and not start <= d.start < end
            and not HISTORY_BEFORE.search(t, max(0, d.start - 40), d.start)
            and not programme_years(t, d)]  # "programmas 2014.–2020. gadam": the programme's years


#: where a sentence turns to another happening: "notika koncerts, bet 9. aprīlī – izstāde"
CLAUSE_BREAK = re.compile(r";|,\s*(?:bet|savukārt|taču|kamēr|turpretī|lai)\b")  # (", lai …": what it was for)


def same_clause(t: str, dates: list, pos: int) -> list:
    """The dates in the clause of sentence t that holds position `pos`, if it has any; else all."""
    cuts = [0, *(m.start() for m in CLAUSE_BREAK.finditer(t)), len(t) + 1]
    for a, b in pairwise(cuts):
        if a <= pos < b:
            inside = [d for d in dates if a <= d.start < b]
            return inside or dates
    return dates
