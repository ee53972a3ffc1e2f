"""Who implements a project and who are its partners, as a sentence says it: the subject of an
implementation verb ("X īstenoja projektu „P”"), the noun that names the implementer ("Projekta
īstenotājs ir X"), the owner before the project's noun ("Rīgas domes projekts „P”"), who received
or entered with it ("X saņēma atbalstu projektam „P”", "X piedalīsies ar projektu „P”")."""

import re

from reportgraph.extract.entities.fundcues import all_cues
from reportgraph.extract.relations.clauses import (
    PARTNERS_ARE,
    affiliation_of,
    governed_project,
    implementer_of,
    partners_of,
)
from reportgraph.extract.relations.collect import Collector, Context
from reportgraph.extract.relations.cues import (
    ENTERS_WITH,
    FIELD_IMPLEMENTER,
    GRANTED_TO,
    IMPL_VERB,
    IMPLEMENTER_AFTER,
    IMPLEMENTER_NOUN,
    IS_IMPLEMENTER_OF,
    LED_BY,
    ONE_OF_ITS,
    ORGANISING,
    OWNER_AFTER,
    OWNER_CUE,
    PROJECT_DATIVE,
    PROJECT_NOUN_AFTER,
    PROJECT_SUBJECT,
    RECIPIENT,
    RESPONSIBLE,
    bare_org,
)
from reportgraph.extract.types import Mention


def nearest(mentions: list[Mention], pos: int) -> Mention | None:
    """The mention nearest pos, those starting before it first."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: (0 if m.start <= pos else 1, abs(pos - m.start)))


#: a project told by a pronoun as the object before its verb: "To īsteno biedrība „X”"
PROJECT_OBJECT = re.compile(r"\W*(?:To|Šo\s+projektu)\s")
#: a subject pronoun right before the verb: "Tā īstenos …", "Tā šogad uzsāks …"
SUBJECT_PRONOUN = re.compile(r"\W*(?:Tā|Tas|Tie|Tās)\s+(?:[a-zāčēģīķļņšūž]+\s+){0,2}")


def read_actors(t: str, i: int, c: Collector, ctx: Context, refs: dict[int, str], projects: list[Mention],
                orgs: list[Mention], events: list[Mention], main: Mention | None, main_ref: str | None,
                topic: str | None, verb: re.Match | None) -> None:
    """Record sentence i's implementers and partners of its projects (or of the project it refers to)."""
    # implementers and partners
    if verb and (main_ref or (topic and (PROJECT_SUBJECT.match(t) or PROJECT_OBJECT.match(t)))):
        target = main_ref or topic
        impl = implementer_of(t, verb, orgs, projects)
        if (impl is None and main_ref and ctx.subject and ctx.subject_at == i - 1
                and SUBJECT_PRONOUN.fullmatch(t, 0, verb.start())):
            # "Biedrība „X” šogad saņēma atbalstu. Tā īstenos projektu „P”": the pronoun is X
            c.fact(main_ref, "implementedBy", ctx.subject, "entity", i)
        if impl is not None and ORGANISING.match(verb.group(0)) and any(
                e.end <= verb.start() and (main is None or e.start > main.end) for e in events):
            impl = None  # "projekta „P” ietvaros notika vasaras skola, ko organizēja X": the school's organiser
        if impl is not None and target:
            c.fact(target, "implementedBy", refs[id(impl)], "entity", i)
        elif target and (bare := bare_org(t, verb.start(), orgs, ctx.orgs)):
            c.fact(target, "implementedBy", bare, "entity", i)  # "Tāpat pašvaldība uzsākusi projektu …"
        for p in partners_of(t, orgs):
            if target and p is not impl and (impl is None or p.key != impl.key):
                c.fact(target, "partner", refs[id(p)], "entity", i)
        if impl is None:
            # "Piedrujā tika realizēts projekts „P”, ko īstenoja grupa „X”": a later verb that
            # governs a project says who
            for v in (v for v in IMPL_VERB.finditer(t) if v.start() >= verb.end()):
                if (governed := governed_project(t, v, projects)) is not None and (
                        later := implementer_of(t, v, orgs, projects)) is not None:
                    c.fact(refs[id(governed)], "implementedBy", refs[id(later)], "entity", i)
                    break

    # "Projekta partneri ir X, Y un Z": the project's partners, in a sentence without a verb of its own
    if (projects or topic) and not verb and PARTNERS_ARE.search(t):
        target = refs[id(projects[0])] if projects else topic
        for p in partners_of(t, orgs):
            c.fact(target, "partner", refs[id(p)], "entity", i)

    # who is behind a project named in a list, in brackets after it: "„A” (VARAM), „B” (LPS)"
    for m in projects:
        o = next((o for o in orgs if re.fullmatch(r"\s*\(\s*", t[m.end:o.start])
                  and re.match(r"\s*\)", t[o.end:])), None)
        if o is not None and not all_cues(t[o.start:o.end]):
            c.fact(refs[id(m)], "implementedBy", refs[id(o)], "entity", i)

    # who is said to implement it: "Projekta „P” īstenotājs ir X", "P tiek īstenots X vadībā", and on a
    # project's page a field line "Vadošais partneris: X" under the project in focus
    named_topic = topic or (ctx.project if not projects and FIELD_IMPLEMENTER.match(t) else None)
    if projects or named_topic:
        for o in orgs:
            named_as = IMPLEMENTER_NOUN.search(t, max(0, o.start - 60), o.start)
            led = LED_BY.match(t, o.end)
            if named_as is None and led is None:
                continue
            target = nearest([m for m in projects if m.end <= o.start], o.start) if named_as else None
            target_ref = refs[id(target)] if target is not None else (main_ref or named_topic)
            if target_ref:
                c.fact(target_ref, "implementedBy", refs[id(o)], "entity", i)

    # "Talsu novada pašvaldība ir projekta „P” vadošais partneris"; "Viens no X īstenotajiem
    # projektiem ir „P”"
    starting: dict[int, Mention] = {}  # the project that starts at a position (the first named there)
    for m in projects:
        starting.setdefault(m.start, m)
    for o in orgs:
        for cue in (ONE_OF_ITS, IS_IMPLEMENTER_OF):
            words = cue.match(t, o.end)
            m = starting.get(words.end()) if words is not None else None
            if m is not None and (cue is ONE_OF_ITS or IMPLEMENTER_AFTER.match(t, m.end)):
                c.fact(refs[id(m)], "implementedBy", refs[id(o)], "entity", i)

    # whose project it is: "Rīgas domes projekts „P”" (not a payer's: "Eiropas Komisijas projekts")
    for m in projects:
        cue = OWNER_CUE.search(t, 0, m.start)
        if cue is None:
            continue
        owner = [o for o in orgs if o.end <= cue.start() and not t[o.end:cue.start()].strip()]
        if owner:
            # a payer that implements nothing itself (the EU, the EEA grants); a ministry or a
            # municipality is whose project it is
            payer = [p for p in all_cues(t[owner[-1].start:owner[-1].end]) if p.code not in ("STATE", "MUNI")]
            if not payer:
                c.fact(refs[id(m)], "implementedBy", refs[id(owner[-1])], "entity", i)
            elif len({p.code for p in payer}) == 1:  # "Eiropas Savienības projekts „P”": paid by the EU
                c.fact(refs[id(m)], "fundingSource", payer[0].code, "fund", i)

    # who received the money for a project: "X ir saņēmusi atbalstu projektam „P”",
    # "X-ei piešķirts atbalsts projektam „P”"
    for v in RECIPIENT.finditer(t):
        after = [m for m in projects if m.start > v.end() and PROJECT_DATIVE.search(t[v.end():m.start])]
        if not after:
            continue
        if v.group(0).startswith("piešķ"):
            before = [o for o in orgs if 0 <= v.start() - o.end <= 3]
        else:
            before = [o for o in orgs if o.end <= v.start() and not re.search(r"[.;]", t[o.end:v.start()])]
        if before:
            c.fact(refs[id(after[0])], "implementedBy", refs[id(before[-1])], "entity", i)

    # who enters a competition with it: "X … konkursā piedalīsies ar projektu „P”", "X ar projektu „P”
    # saņēma …"; whose it is: "„P” ir biedrības X projekts", "X-ai apstiprināts projekts „P”",
    # "Par projekta „P” īstenošanu atbild X"
    for m in projects:
        w = ENTERS_WITH.search(t, max(0, m.start - 120), m.start)
        if w is not None:
            before = [o for o in orgs if o.end <= w.start() and not re.search(r"[.;]", t[o.end:w.start()])]
            if before:
                c.fact(refs[id(m)], "implementedBy", refs[id(before[-1])], "entity", i)
        owner = next((o for o in orgs if OWNER_AFTER.fullmatch(t, m.end, o.start)
                      and PROJECT_NOUN_AFTER.match(t, o.end)), None)
        owner = owner or next((o for o in orgs if GRANTED_TO.fullmatch(t, o.end, m.start)), None)
        answers = RESPONSIBLE.match(t, m.end)
        owner = owner or (next((o for o in orgs if o.start >= answers.end()
                                and not t[answers.end():o.start].strip()), None) if answers else None)
        if owner is not None:
            c.fact(refs[id(m)], "implementedBy", refs[id(owner)], "entity", i)

def organisers(t: str, i: int, c: Collector, eref: str, orgs: list[Mention], refs: dict[int, str]) -> None:
    """Who organised the event eref, as sentence i says: "X organizēja", "Semināru organizēja X",
    "… sadarbībā ar Y"."""
    org_verb = re.search(r"\b(organizēja|rīkoja|sarīkoja|organizē|rīko)\b", t)
    if not org_verb:
        return
    impl = implementer_of(t, org_verb, orgs, []) or next(
        (o for o in orgs if o.start >= org_verb.end() and not t[org_verb.end():o.start].strip()), None)
    if impl is not None:
        c.fact(eref, "organizer", refs[id(impl)], "entity", i)
    for p in partners_of(t, orgs):
        c.fact(eref, "organizer", refs[id(p)], "entity", i)


def people_and_org_places(t: str, i: int, c: Collector, refs: dict[int, str], people: list[Mention],
                          orgs: list[Mention], place_refs: list[tuple[int, int, str]]) -> None:
    """Sentence i's people (their roles, whom they work for) and where its organisations are (a place
    inside the name: "Kuldīgas novada pašvaldība")."""
    for m in people:
        pref = refs[id(m)]
        for key, role in m.attrs:
            if key == "role" and role:
                c.fact(pref, "jobTitle", role, "string", i)
        aff = affiliation_of(t, m, orgs)
        if aff is not None:
            c.fact(pref, "affiliation", refs[id(aff)], "entity", i)
    for m in orgs:
        for a, _, pref in place_refs:
            if m.start <= a < m.end:
                c.fact(refs[id(m)], "orgLocation", pref, "entity", i)
                break
