"""Relations between mentions, read sentence by sentence with a small discourse context.

Input: analysed sentences (their mentions, places, amounts, dates, counts, fund cues) in reading
order, footnote sentences right after the sentence that cites them. Output: entities and facts.

The context is what a reader keeps in mind: the project the text is about (set strongly by an
implementation verb — "X īstenoja projektu „P”" — weakly by a first mention), and the event last
named. Sentences that say "projekta/projektā/Projekta ietvaros …" without a name refer to it.
"""

import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import pairwise

from reportgraph.extract.relations.actors import (
    nearest,
    people_and_org_places,
    read_actors,
)
from reportgraph.extract.relations.clauses import (
    PROJECT_NAMED_AFTER,
    affiliation_of,
    cue_belongs_to_amount,
    defined_names,
    framework_programmes,
    governed_project,
    is_foreign,
    occurrence_dates,
    opens_sentence,
    outside_names,
    person_home,
)
from reportgraph.extract.relations.collect import Collector, Context, Sentence
from reportgraph.extract.relations.coref import (
    FIELD_HEAD,
    PROJECT_PERIOD,
    PRONOUN,
    THIS_PROJECT,
    only_inside,
    project_dates,
    refers_to_event,
    refers_to_project,
)
from reportgraph.extract.relations.cues import (
    ESF_ID,
    FRAME_KINDS,
    FUNDER_BEFORE,
    HAPPENED,
    HEAD_ALIKE,
    IMPL_VERB,
    IN_FRAME,
    LIST_ITEM,
    LIST_OF_WORK,
    MANY_PROJECTS,
    MONEY_OPENING,
    PARTICIPLE,
    PARTNER_ORIGIN,
    PARTNERS_LISTED,
    TOWARDS,
    WORKS_IN,
)
from reportgraph.extract.relations.event_rules import read_events
from reportgraph.extract.relations.grants import (
    FRAMED_IN,
    GRANTED_SUM,
    every_project,
    grantor,
    implementers_area,
    inherit_frame_funds,
    list_owner,
    opens_project_list,
    speaks_of_projects,
    thanks_payer,
)
from reportgraph.extract.relations.items import (
    item_owner,
    item_project,
    list_items,
    receivers,
    same_item,
)
from reportgraph.extract.relations.title import title_places, title_project
from reportgraph.extract.types import Mention

#: what may follow a range of years that ends a name: "… 2007.-2009.gads”", "… 2014.–2020. gadam”"
NAME_ENDS_WITH_YEARS = re.compile(r"\s*(?:gad\w*)?\s*[”\"»“]?\s*")


def read_relations(sentences: Iterable[Sentence], collector: Collector) -> Collector:
    """Walk the sentences in reading order and collect entities and facts."""
    ctx = Context()
    saved: Context | None = None
    title: list[tuple[str, str]] = []  # the Latvian places the title names (key, as written), when it names no event
    listed: list[tuple[str, str, int]] = []  # (project, the programme a list names it under, sentence)
    for s in title_project(list(sentences)):
        # who grants the co-funding of the text's projects, also when a headline says it
        if s.footnote is None and (code := grantor(s.text, any(m.kind == "project" and m.subtype not in FRAME_KINDS
                                                                    for m in s.mentions))):
            ctx.grantor = code
        if s.index == 0 and not any(m.kind == "event" for m in s.mentions):
            title = [(k[0], s.text[a:b]) for a, b, k in s.places if k and not is_foreign(f"place:{k[0]}")
                     and not person_home(s.text, a, s.mentions)]
        # a footnote is read in the context of the sentence citing it, and changes nothing after it
        if s.footnote is not None and saved is None:
            saved = Context(ctx.project, ctx.strong, ctx.event, ctx.section_places, recent=ctx.recent,
                            grantor=ctx.grantor)
        if s.footnote is None and saved is not None:
            ctx = saved
            saved = None
        # a line set apart like a heading that speaks of the project in focus ("Projekta
        # līdzfinansējums … ir 151 163,96 EUR", a field line without a full stop) continues it
        if s.heading and not (ctx.project and FIELD_HEAD.match(s.text)):
            ctx = Context(section_places=[k[0] for _, _, k in s.places if k], orgs=ctx.orgs, grantor=ctx.grantor)
            continue
        _sentence(s, ctx, collector, listed)
    title_places(title, collector)
    inherit_frame_funds(collector, listed)
    for ref, code, i in collector.shared_funds:
        collector.fact(ref, "fundingSource", code, "fund", i)
    implementers_area(collector)
    return collector.finalise()



def _sentence(s: Sentence, ctx: Context, c: Collector, listed: list[tuple[str, str, int]]) -> None:
    frame = framework_programmes(s.text, s.mentions, ctx.project is not None)
    if frame:
        for m in frame:  # "ES programmas „X” projekta „P”": X is still a programme, paid by the EU
            if PROJECT_NAMED_AFTER.match(s.text, m.end):
                ref = c.entity(m, s.index, s.footnote is not None)
                for cue in s.fund_cues:
                    if cue.end <= m.start and not s.text[cue.end:m.start].strip(" „“\"«"):
                        c.fact(ref, "fundingSource", cue.code, "fund", s.index)
        s = replace(s, mentions=[m for m in s.mentions if m not in frame])
    t = s.text
    i = s.index
    refs = {id(m): c.entity(m, i, s.footnote is not None) for m in s.mentions}
    for a, b, keys in s.mentioned_places:
        if keys:
            c.place(keys[0], i, t[a:b])
    place_refs = [(a, b, c.place(keys[0], i, t[a:b])) for a, b, keys in s.places if keys
                  if not person_home(t, a, s.mentions)]
    orgs = [m for m in s.mentions if m.kind == "org"]
    people = [m for m in s.mentions if m.kind == "person"]
    # "Alojas novada domes priekšsēdētājs V. Bārda piedalās …": the place in a person's
    # organisation says where that organisation is, not where the project or the event is
    homes = [(o.start, o.end) for p in people if (o := affiliation_of(t, p, orgs)) is not None]
    where_refs = [r for r in place_refs if not any(a <= r[0] < b for a, b in homes)] if homes else place_refs
    # "Tartu pilsētas dome (Igaunija)": a place in brackets after an organisation is where it is
    where_refs = [r for r in where_refs if not any(re.fullmatch(r"\s*\(\s*", t[o.end:r[0]]) for o in orgs)]
    projects = [m for m in s.mentions if m.kind == "project"]
    events = [m for m in s.mentions if m.kind == "event"]
    for o in orgs:
        if o.attr("orgKind"):
            ctx.orgs[HEAD_ALIKE.get(o.attr("orgKind"), o.attr("orgKind"))] = refs[id(o)]

    # "„A” (projekts „B”)": B names the same project as A
    for a, b in pairwise(projects):
        between = t[a.end:b.start]
        if re.fullmatch(r"\s*(ietvaros\s*)?\(\s*(projekts|programma|saīsināti)\s*", between):
            c.alias("project", b.key, refs[id(a)])
            refs[id(b)] = c.entity(b, i, s.footnote is not None)

    defined_names(t, s.mentions, refs, c)
    for m in projects:  # one number, one project: "Nr. LLI-431 „Smart planning”" … "Nr. LLI 431 … „X”"
        if (no := m.attr("projectNo")) and (first := c.numbers.setdefault(no, refs[id(m)])) != refs[id(m)]:
            c.alias("project", m.key, first)
            refs[id(m)] = c.entity(m, i, s.footnote is not None)

    verb = None
    governed = None
    first_verb = None  # IMPL_VERB.search(t)
    for v in IMPL_VERB.finditer(t):
        first_verb = first_verb or v
        governed = governed_project(t, v, projects)
        if governed is not None:
            verb = v
            break
    if verb is None:
        verb = first_verb
    # the project this sentence is about
    main: Mention | None = None
    if projects:  # a programme named beside a project frames it: the project is the subject
        main = governed or next((m for m in projects if m.subtype not in FRAME_KINDS), projects[0])
    main_ref = refs[id(main)] if main else None
    # a programme or measure named in passing ("… apakšpasākuma aktivitātes „X”") frames the
    # project in focus; it does not take the focus from it
    focus = c.entities.get(ctx.project) if ctx.project else None
    framing = (main is not None and main.subtype in FRAME_KINDS and focus is not None
               and focus.subtype == "projekts" and governed is None)
    # "Šo projektu iniciēja …, kas darbojas ESF projekta „S” ietvaros": the project in focus, not S
    this_project = ctx.project is not None and THIS_PROJECT.match(t) is not None
    if s.paragraph_start and main is not None and not framing and not this_project and not PARTICIPLE.search(
            t[max(0, main.start - 40):main.start]):
        ctx.strong = False  # a paragraph turns to the project its first sentence names (not in passing:
        # "JSPA koordinētā projekta „P” koordinatore")
    event_recent = ctx.event_at == i - 1 and not projects
    anaphoric = refers_to_project(t, ctx.project, ctx.recent == i - 1, event_recent)
    where_only = False
    # a text about one project: where its work is done, in a sentence of its own ("Jelgavā, Rīgā un
    # Viļakas novadā romu mediators strādā pēc …") is where the project is
    if (not anaphoric and not projects and not events and not orgs and where_refs and ctx.project
            and WORKS_IN.search(t) and sum(e.kind == "project" for e in c.entities.values()) == 1):
        anaphoric = where_only = True  # its places, not its dates ("… darbojas kopš 2019. gada")
    # the items of a list a sentence about a project opens ("Projekta aktivitātes: 1. …; 2. …")
    # are that project's: its places, sums and dates, unless an item names a project itself
    item = LIST_ITEM.match(t) is not None
    if not item:
        ctx.list_topic = None
    elif ctx.list_topic and not projects and ctx.list_topic == ctx.project:
        anaphoric = True
    topic = main_ref or (ctx.project if anaphoric else None)
    if this_project:
        topic, anaphoric = ctx.project, True
    if not main_ref and ctx.last_at == i - 1 and ctx.last and not event_recent and PRONOUN.match(t):
        topic = ctx.last  # "… projekts „B”. Tā budžets …": the pronoun is the project named last
        anaphoric = True
    if topic:
        ctx.recent = i
    # "X īstenoja projektu „P”" sets the topic; "X īstenotā projekta „P” ietvaros …" too, but a
    # participle inside a description ("JSPA koordinēto projekta „P” koordinatore") does not
    if this_project:
        pass  # the focus stays
    elif main_ref and governed is not None and (
            not PARTICIPLE.fullmatch(verb.group(0)) or re.match(r"\s*ietvaros\b", t[governed.end:])):
        ctx.project, ctx.strong = main_ref, True
    elif main_ref and main is not None and opens_sentence(t, main):
        ctx.project, ctx.strong = main_ref, True  # "Projekts „P” tika īstenots …": P is the subject
    elif main_ref and (not ctx.strong or ctx.project is None) and not framing:
        ctx.project, ctx.strong = main_ref, False

    if projects:
        ctx.last, ctx.last_at = refs[id(projects[-1])], i
    if t.rstrip().endswith(":") and not item and ctx.project and (topic or LIST_OF_WORK.search(t)):
        ctx.list_topic = ctx.project
    # the items of a list of a programme's projects ("Programmas projektus īsteno: …; …")
    own_projects = [m for m in projects if m.subtype not in FRAME_KINDS]
    plural = speaks_of_projects(t)  # "biedrību projektiem", "projektu līdzfinansēšanai"
    if ctx.list_frame and own_projects:
        listed += [(refs[id(m)], ctx.list_frame, i) for m in own_projects]
    elif ctx.list_frame:
        ctx.list_frame = None
    if ctx.list_owner and own_projects and not orgs:
        for m in own_projects:  # "Kurzemes plānošanas reģiona iesniegtie projekti: / Light in the Dark – …"
            c.fact(refs[id(m)], "implementedBy", ctx.list_owner, "entity", i)
    elif ctx.list_owner and not own_projects and not t.rstrip().endswith(":"):
        ctx.list_owner = None  # (a sub-heading "Prioritātē: …:" stays inside the list)
    opens_list = not own_projects and opens_project_list(t)
    if opens_list:
        ctx.list_owner = list_owner(t, orgs, refs)
    frame_focus = main_ref if main is not None and main.subtype in FRAME_KINDS else ctx.project
    if len(own_projects) >= 2:
        ctx.group, ctx.group_at = tuple(refs[id(m)] for m in own_projects), i
    # "… biedrību projektiem, kas guvuši atbalstu … programmas aktivitātē „X”": the next sentence
    # names them
    opens_list = opens_list or bool(not own_projects and main is not None and plural)
    if (opens_list and frame_focus
            and (fe := c.entities.get(frame_focus)) is not None and fe.subtype in FRAME_KINDS):
        ctx.list_frame = frame_focus  # "Programmas iepriekš noteiktos projektus īsteno …:"

    # project kinds, EU identifiers
    for m in projects:
        if m.attr("euId"):
            c.fact(refs[id(m)], "esfIdentifier", m.attr("euId"), "string", i)
    for no in ESF_ID.finditer(t):
        if topic:
            c.fact(topic, "esfIdentifier", no.group(0), "string", i)

    # a sentence about money alone ("Publiskais finansējums kopā …", "No tām …") right after a
    # project was named: its sums and payers are that project's
    money_only = (not projects and not events and bool(s.funding or s.fund_cues)
                  and MONEY_OPENING.match(t) is not None and not MANY_PROJECTS.search(t))
    carried = (ctx.project or ctx.last) if money_only and ctx.last_at >= i - 2 else None
    if money_only and carried is None and ctx.project and ctx.recent == i - 1:
        carried = ctx.project  # … or right after a sentence that spoke of it ("Projekta … izmaksas …")
    if (carried is None and not projects and not events and s.funding and ctx.money_at == i - 1
            and all(p.role == "part" and p.source for p in s.funding)):
        # "Projekta attiecināmās izmaksas ir 6 997,43 EUR. ELFLA finansējums ir 90 % … jeb 6 297,69 EUR
        # un … domes līdzfinansējums 699,74 EUR": the parts of the sum the sentence before stated
        carried = ctx.money

    # "Liels paldies … domei par finansējumu": the payer of the project the text is about
    thanked = ctx.project if not projects and not events and thanks_payer(t, s.fund_cues) else None
    # "Projekts tiek īstenots … finanšu instrumenta programmā „X”": who pays the programme pays it
    framed_by = ctx.project if framing and anaphoric and FRAMED_IN.match(t) else None

    # "Naudas līdzekļi projektu līdzfinansēšanai … no novada domes budžeta": the payer of each
    # project the sentence before listed; its sum is theirs together, no one project's
    group = ctx.group if not projects and ctx.group_at == i - 1 and plural else ()
    if group:
        topic = carried = thanked = None
        anaphoric = False
    # funding sources named without an amount
    for cue in s.fund_cues:
        if group:
            c.shared_funds += [(ref, cue.code, i) for ref in group]
            continue
        target = nearest(projects, cue.start)
        tref = refs[id(target)] if target else (topic if anaphoric or s.footnote is not None else None)
        tref = tref or carried or thanked
        if tref is None and not projects:
            for ref in every_project(t, c):  # "Visiem projektiem paredzēts … finansējums no Eiropas"
                c.fact(ref, "fundingSource", cue.code, "fund", i)
        if tref and not cue_belongs_to_amount(cue, s.funding):
            c.fact(tref, "fundingSource", cue.code, "fund", i)
            if framed_by and target is not None and target.subtype in FRAME_KINDS:
                c.fact(framed_by, "fundingSource", cue.code, "fund", i)

    # a list of grants: each item's sum and places are its own project's or event's
    items = list_items(t, s.funding, own_projects + events)
    # amounts: totals and parts
    if s.funding and not group:
        tref = topic if (projects or anaphoric or s.footnote is not None) else None
        tref = tref or carried
        if tref is None and events:
            tref = refs[id(events[0])]
        if tref is None and ctx.event and refers_to_event(t, event_recent):
            tref = ctx.event
        if tref:
            # a list of projects in one sentence ("1. „P”, … 30 000 EUR; 2. „Q”, … 16 903,61 EUR",
            # "410,80 eiro biedrībai „A” projektam „P”, 283,49 eiro …"): each sum is its item's project's
            granted = False
            for part in s.funding:
                if items:  # a list of grants: the project or event of the sum's item, or no one
                    if (owner := item_owner(items, part.money.start, own_projects + events)) is None:
                        continue
                    tref = refs[id(owner)]
                elif (owner := item_project(t, part, s.funding, own_projects)) is not None:
                    tref = refs[id(owner)]
                source = part.source
                if source is None and ctx.grantor and (granted or GRANTED_SUM.search(
                        t, max(0, part.money.start - 80), part.money.start)):
                    source = ctx.grantor  # "piešķirtais līdzfinansējuma apjoms …": the grantor's
                    granted = bool(items)  # … and each next item's of a list of grants
                value = str(part.money.value)
                # lats stay lats: a sum in LVL is never an amount in EUR
                cur = () if part.money.currency == "EUR" else (("currency", part.money.currency),)
                if part.role == "total":
                    if tref.startswith("project:") and not cur:
                        c.fact(tref, "amountEUR", value, "decimal", i)
                    c.fact(tref, "funding", value, "decimal", i, (("source", source or ""), ("total", "1"), *cur))
                else:
                    c.fact(tref, "funding", value, "decimal", i, (("source", source or ""), ("total", "0"), *cur))
                if source:
                    c.fact(tref, "fundingSource", source, "fund", i)
                if tref.startswith("project:"):
                    ctx.money, ctx.money_at = tref, i

    read_actors(t, i, c, ctx, refs, projects, orgs, events, main, main_ref, topic, verb)
    if orgs and not t[:orgs[0].start].strip(" „“\"«"):
        ctx.subject, ctx.subject_at = refs[id(orgs[0])], i  # "Biedrība „X” …": the sentence's subject
    for project, org in receivers(t, s.funding, orgs, own_projects):
        c.fact(refs[id(project)], "implementedBy", refs[id(org)], "entity", i)

    # places of projects; the territories of the municipalities it works with ("līgumi tika parakstīti
    # ar Talsu novada pašvaldību, Saldus novada pašvaldību …", "sadarbība ar četrām pašvaldībām")
    served = [o.attr("areaServed") for o in orgs if o.subtype == "Municipality" and o.attr("areaServed")]
    with_them = topic or (ctx.project if not projects and ctx.recent == i - 1 else None)
    if len(set(served)) >= 2 and not events and with_them:
        for key in dict.fromkeys(served):
            c.fact(with_them, "location", f"place:{key}", "entity", i)
    if where_refs:
        for a, b, pref in where_refs:
            near = nearest([m for m in projects if same_item(items, a, m.start)], a)
            if FUNDER_BEFORE.search(t[max(0, a - 80):a]) or PARTNER_ORIGIN.search(t[max(0, a - 160):a]) or (
                    is_foreign(pref) and any(o.start <= a < o.end for o in orgs)):
                continue  # "atbalsta Islande, Lihtenšteina un Norvēģija": who pays, not where;
                # "Nīderlandes Helsinku komiteja": part of a name
            if is_foreign(pref) and (TOWARDS.search(t, max(0, a - 12), a) or PARTNERS_LISTED.search(t, 0, a)):
                target = None  # "brauciens uz Tartu": where a trip went, not where the project is
            elif near is not None and events and IN_FRAME.match(t, near.end) and is_foreign(pref):
                target = None  # "Projekta „P” ietvaros Kauņā notika sanāksme": the meeting's place
            elif near is not None:
                target = refs[id(near)]
            elif anaphoric and ctx.project and not items and (not events or not is_foreign(pref) and not only_inside(t, events)):
                # a meeting of the project abroad (a visit to Tartu) does not put the project there
                target = ctx.project
            else:
                target = None
            if target:
                c.fact(target, "location", pref, "entity", i)

    # project periods: "programma „X” (2014. – 2020.)" dates the project it follows
    for m in projects:
        for d in s.dates:
            # "programma „X” (2014. – 2020.)", "projekts „P” 2018./2019.gadā bija …"
            # or the years its name ends with: programma „Čigāni (romi) Latvijā 2007.-2009.gads”
            if d.kind in ("range", "school_year") and d.begin and (
                    re.fullmatch(r"\s*\(\s*", t[m.end:d.start]) or re.fullmatch(r"[”\"»]?\s*", t[m.end:d.start])
                    and (d.kind == "school_year" or "/" in d.text) or m.start < d.start and NAME_ENDS_WITH_YEARS.fullmatch(t, d.end, m.end)):
                c.fact(refs[id(m)], "startDate", d.begin, "date", i)
                if d.finish:
                    c.fact(refs[id(m)], "endDate", d.finish, "date", i)
    # "No 23.-25. janvārim projekta „P” ietvaros notika vizīte": the dates of what happened in the
    # project's frame are that happening's, not the project's period
    framed = any(IN_FRAME.match(t, m.end) for m in projects) and (events or HAPPENED.search(t))
    if topic and s.dates and not where_only and ((not framed and (main_ref or not events)) or PROJECT_PERIOD.search(t)):
        project_dates(t, s.dates, topic, c, i)  # (the date of a meeting in the project is the meeting's)

    read_events(s, ctx, c, refs, events, orgs, where_refs, main_ref, event_recent, items)

    # the year an undated event of the next sentences took place in: a date's, not a period's
    # ("no 2014. līdz 2020. gadam" says no year of its own)
    # not "aizsāka 2002. gadā", "no 2009. gada", nor a year in a name („Holokausts, 1941-1945”)
    dated = outside_names(occurrence_dates(t, s.dates, (-1, -1)), s.mentions)
    years = [d.begin[:4] for d in dated if not (d.kind == "range" and d.finish
                                                and d.finish[:4] != d.begin[:4])]
    if years:
        ctx.year, ctx.year_at = years[-1], i
    elif dated:
        ctx.year = None

    people_and_org_places(t, i, c, refs, people, orgs, place_refs)
