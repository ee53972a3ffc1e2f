"""Events in a sentence: which event a mention is (the one named just before, the title's told
again), its date, place, organiser, the project it is part of, and how many took part.

Input: one analysed sentence, the discourse context and the sentence's entity refs. Output: facts
in the collector; the context's event in focus moves to the event last named."""

import re
from collections.abc import Sequence

from reportgraph.extract.relations.actors import organisers
from reportgraph.extract.relations.clauses import CLAUSE_BREAK, occurrence_dates, same_clause
from reportgraph.extract.relations.collect import YEAR_HOLDS, Collector, Context, Sentence
from reportgraph.extract.relations.coref import refers_to_event
from reportgraph.extract.relations.cues import (
    ABOUT,
    EARLIER_CLAUSE,
    HAPPENED,
    INSIDE_PROJECT,
    ORGANISED_BY,
    ORIGIN,
    PARTICIPANT_NOUN,
    PARTICIPATE,
    PURPOSE,
)
from reportgraph.extract.relations.items import same_item
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import slugify


def _same_name(a: str, b: str) -> bool:
    """Two descriptions of one event, one the other with words before it: "Baltijas romu
    jauniešu vasaras skola" and "otrā Baltijas romu jauniešu vasaras skola"."""
    ka, kb = slugify(a), slugify(b)
    # or one is the other with whom it was for: "apmācības seminārs (romu pārstāvjiem)"
    return (ka.endswith("-" + kb) or kb.endswith("-" + ka) or ka == kb
            or ka.startswith(kb + "-") or kb.startswith(ka + "-"))


_AFTER_OTHER_DAY = re.compile(r"\bun\s+\w+,?\s*$")


def _told_again(s: Sentence, event: str, c: Collector, where_refs: list[tuple[int, int, str]]) -> None:
    """The title's event told by a verb in the first sentences, its noun not repeated ("Projekta
    darba grupas sanāksme" / "10. jūnijā Žagarē notika … ceturtā tikšanās"): its day and place."""
    said = {f.predicate for f in c.facts if f.subject == event}
    when = occurrence_dates(s.text, s.dates, (-1, -1))
    # not the last of days told in words ("šodien un otrdien, 8. novembrī"): the first is not read
    if when and "startDate" not in said and not _AFTER_OTHER_DAY.search(s.text, 0, when[0].start):
        d = when[0]
        c.fact(event, "startDate", d.begin or "", "date", s.index)
        if d.finish and d.kind in ("range", "school_year"):
            c.fact(event, "endDate", d.finish, "date", s.index)
    if "location" not in said:
        for _, _, pref in where_refs:
            c.fact(event, "location", pref, "entity", s.index)


def read_events(s: Sentence, ctx: Context, c: Collector, refs: dict[int, str], events: list[Mention],
                orgs: list[Mention], where_refs: list[tuple[int, int, str]], main_ref: str | None,
                event_recent: bool, items: Sequence[tuple[int, int]] = ()) -> None:
    """The facts of the sentence's events, and of the event last named when the sentence speaks
    of it again. `items`: the items of a list of grants the sentence is (relations/items.py); an
    event's places are those of its own item."""
    t = s.text
    i = s.index
    if not events and ctx.event and ctx.event_at == 0 and 0 < i <= 2 and HAPPENED.search(t):
        _told_again(s, ctx.event, c, where_refs)
    # events; a bare "Izstāde …" right after an exhibition was named is that exhibition again
    for m in events:
        eref = refs[id(m)]
        before = c.entities.get(ctx.event) if ctx.event else None
        # the title's event told again in the first sentences ("Bauskā notiks konference par …" /
        # "… notiks ZPR rīkotā konference un diskusija par …")
        title_again = (before is not None and ctx.event_at == 0 and 0 < i <= 2 and m.attr("unnamed")
                       and before.attrs.get("unnamed") and (before.subtype in m.label.casefold()
                                                            # the title's "… darba grupas sanāksme"
                                                            # told by "… viesojās …"
                                                            or before.attrs.get("title") == "1"))
        if (m.attr("unnamed") and not m.attr("series") and before is not None
                and ((" " not in m.label or _same_name(m.label, before.label)) and before.subtype == m.subtype
                     or title_again
                     # "… festivāls Viļņā notiks … Pasākums norisināsies …": the generic noun, right after
                     or " " not in m.label and m.subtype == "pasākums" and ctx.event_at >= i - 2)
                and eref != ctx.event):
            c.alias("event", m.key, ctx.event)
            eref = refs[id(m)] = ctx.event
        elif (before is not None and ctx.event_at == 0 and 0 < i <= 2 and not m.attr("unnamed")
              and before.attrs.get("unnamed") and before.subtype == m.subtype and eref != ctx.event):
            # the title's "Daugavpilī notika romu kultūras festivāls" is the festival „Ame Roma” named next
            c.alias("event", before.key, eref)
        ctx.event, ctx.event_at = eref, i
        if m.attr("series"):  # one of a series: the date written in its own part ("22. – 25.06. Atēnās")
            when = [d for d in occurrence_dates(t, s.dates, (-1, -1)) if m.start <= d.start < m.end]
        else:
            when = same_clause(t, occurrence_dates(t, s.dates, (m.start, m.end)), m.start)
        if when:
            # a day of the event's clause before a bare year there ("23. janvārī … uz pirmo šī
            # gada sēdi"): the day says when, the year only which year
            days = [d for d in when if d.begin and len(d.begin) == 10]
            d = min(days or when, key=lambda d: abs(d.start - m.start))
            c.fact(eref, "startDate", d.begin or "", "date", i)
            if d.finish and d.kind in ("range", "school_year"):
                c.fact(eref, "endDate", d.finish, "date", i)
        elif ctx.year and i - ctx.year_at <= YEAR_HOLDS:
            c.fact(eref, "startDate", ctx.year, "date", i)
        own = [(a, b, pref) for a, b, pref in where_refs if (not m.attr("series") or m.start <= a < m.end)
               and same_item(items, a, m.start)
               and not (a >= m.end and ABOUT.search(t[m.start if m.attr("unnamed") else m.end:a]))
               # "seminārs par darbu … Valmierā" (the topic of an unnamed event is in its label)
               and not ORIGIN.search(t[max(0, a - 160):a])  # "speciālisti no Ogres novada": whence
               # in the event's clause: "konference notika Vitebskā, bet darba sanāksmes – Rēzeknē"
               and not (a >= m.end and CLAUSE_BREAK.search(t, m.end, a))
               and not (a < m.start and EARLIER_CLAUSE.search(t, a, m.start))  # "Talsos notika …, kā arī …"
               and not (a >= m.end and PURPOSE.search(t, m.end, a))]  # "…, lai sagatavotu … darbam Valmierā"
        # "Zemgales plānošanas reģiona (ZPR) rīkotā konference": the organisation right before
        by = ORGANISED_BY.search(t, max(0, m.start - 30), m.start)
        host = next((o for o in orgs if by and o.end <= by.start()
                     and re.fullmatch(r"\s*(?:\([A-ZĀČĒĢĪĶĻŅŠŪŽ]{2,8}\)\s*)?", t[o.end:by.start()])), None)
        if host is not None:
            c.fact(eref, "organizer", refs[id(host)], "entity", i)
            # the organiser's own place is not where the event is, when the sentence names another
            rest = [r for r in own if not host.start <= r[0] < host.end]
            own = rest or own
        for a, b, pref in own:
            c.fact(eref, "location", pref, "entity", i)
        if not own and ctx.section_places:
            c.fact(eref, "location", f"place:{ctx.section_places[0]}", "entity", i)
        organisers(t, i, c, eref, orgs, refs)
        if (ctx.project and re.search(r"\bprojekt\w*\s+ietvaros", t)) or (main_ref and INSIDE_PROJECT.search(t)):
            proj = main_ref or ctx.project
            if proj:
                c.fact(eref, "partOfProject", proj, "entity", i)
    # "Forumu rīko biedrība „X” …" right after the forum was named: its organiser
    if not events and ctx.event and ctx.event_at >= i - 2 and refers_to_event(t, event_recent):
        organisers(t, i, c, ctx.event, orgs, refs)
        if main_ref and INSIDE_PROJECT.search(t):  # "… projekta „P” ietvaros": the forum is part of P
            c.fact(ctx.event, "partOfProject", main_ref, "entity", i)
    # participants: this sentence's event, or the event last named when the sentence refers to it
    # (only a sentence with a count can state one: most sentences skip both searches)
    part_verb = PARTICIPATE.search(t) if s.counts else None
    # or the counted noun says it: "seminārs, kurā 30 dalībnieki apsprieda …"
    named = [n for n in s.counts if PARTICIPANT_NOUN.match(n.noun)] if s.counts and not part_verb else []
    target_event = None
    if part_verb or named:
        target_event = refs[id(events[0])] if events else (ctx.event if refers_to_event(t, event_recent) else None)
    if target_event and (part_verb or named):
        # people, not the bodies or countries they come from ("speciālisti no 12 pašvaldībām")
        people_counts = [n for n in s.counts if n.kind in ("person", "")]
        after = named or [n for n in people_counts if n.start >= part_verb.start()] or people_counts
        if after:
            n = after[0]
            c.fact(target_event, "participantCount", str(n.value), "integer", i, (("qualifier", n.qualifier),))
