"""Events not written as a noun phrase with its verb: a schedule (a lead "Semināri notiks:" and one
line or item per date and place) and a meeting or visit told by its verb alone ("KM pārstāvji
2019. gada 5. maijā Rēzeknē tikās ar romu kopienas pārstāvjiem")."""

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from reportgraph.extract.entities.events import _DAY, _STRONG_VERBS, DAY_IN_WORDS, _modifiers
from reportgraph.extract.entities.lexicon import Lexicon
from reportgraph.extract.entities.names import LOCATIVE_ENDS, MONTH_STEMS
from reportgraph.extract.entities.projects import name_key
from reportgraph.extract.textutil import doc_text
from reportgraph.extract.types import Mention

#: the lead of a schedule: "Reģionālie semināri – diskusijas notiks:", "Nodarbības notiks:"
_SCHEDULE_LEAD = re.compile(r"\b(?:notiks|notika|norisināsies|norisinājās|noritēs|noritēja|būs|norisinās)\s*:\s*$")
_SCHEDULE_LEAD_INLINE = re.compile(r"\b(?:notiks|notika|norisināsies|norisinājās|noritēs|noritēja|būs|norisinās)\s*:")
_LINE_DATE = re.compile(rf"(?<![\d.])\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?\d{{4}}\.?)?|\b\d{{1,2}}\.\s*{MONTH_STEMS}\w*")
MAX_SCHEDULE_LINE = 250


def schedule_mentions(doc: Doc, lex: Lexicon, sentences: list[tuple[int, int]], named: list[Mention],
                      taken: list[tuple[int, int]]) -> Iterable[Mention]:
    """A schedule: a sentence naming events in the plural that ends "… notiks:", and the lines after
    it, each with its own date and place, one event per line ("Koknesē, (30.10.2019.), …")."""
    text = doc_text(doc)
    plurals = lex.plural_nominatives
    for k, (s, e) in enumerate(sentences):
        lead = text[s:e].rstrip()
        colon = _SCHEDULE_LEAD_INLINE.search(lead)
        if colon is None:
            continue
        words = re.findall(r"\w+", lead[:colon.start()].lower())
        entry = next((plurals[w] for w in words if w in plurals), None)
        if entry is None:  # or one noun for them all: "Sanāksme notika: / 4. aprīlī – Talsos …"
            entry = next((c for w in words if (c := lex.event_cues.get(w)) is not None and c.case == "nom"), None)
        if entry is None:
            continue
        # the events' own name, when one event of this kind was named before ("semināri „X”")
        same = {n.label for n in named if n.kind == "event" and n.subtype == entry.kind and n.start < s}
        label = same.pop() if len(same) == 1 else entry.lemma[0].upper() + entry.lemma[1:]
        if lead[colon.end():].strip():  # the lines run into the lead's sentence: "notiks: Koknesē, (30.10.), …"
            yield from _inline_items(doc, text, s + colon.end(), e, entry, label, taken)
            continue
        for a, b in sentences[k + 1:]:
            line = text[a:b]
            if len(line) > MAX_SCHEDULE_LINE or not _LINE_DATE.search(line) or any(x <= a < y for x, y in taken):
                break
            end = a + len(line.rstrip(" ,.;\n"))
            taken.append((a, end))
            yield Mention("event", a, end, text[a:end], label, name_key(label), entry.kind,
                          (("unnamed", "1"), ("series", "1")))




def _inline_items(doc: Doc, text: str, a: int, b: int, entry, label: str,
                  taken: list[tuple[int, int]]) -> Iterable[Mention]:
    """The items of a schedule written in one sentence: each opens with a place in the locative
    after the colon or a comma ("Koknesē, Kokneses nov., (30.10.2019.), …, Engurē, …") and holds a date."""
    starts = [sp.start_char for sp in doc.spans.get("places", [])
              if a <= sp.start_char < b and sp.text.endswith(LOCATIVE_ENDS)
              and (sp.start_char - a < 3 or re.search(r"[,:]\s*$", text[sp.start_char - 3:sp.start_char]))]
    if not starts:  # or each item opens with its day: "notika: 4. aprīlī – Talsos …; 9. aprīlī – Cēsīs …"
        starts = [m.start() + len(m.group(1)) for m in re.finditer(r"([:;]\s*)(?=\d{1,2}\.)", text[:b])
                  if m.start() >= a - 1]
    for x, y in zip(starts, [*starts[1:], b]):
        item = text[x:y].rstrip(" ,.;\n")
        if not _LINE_DATE.search(item) or len(item) > MAX_SCHEDULE_LINE:
            continue
        end = x + len(item)
        taken.append((x, end))
        yield Mention("event", x, end, item, label, name_key(label), entry.kind, (("unnamed", "1"), ("series", "1")))

#: a meeting or a visit told by its verb: "tikās ar …", "viesojās …"
_MET = re.compile(r"\b(tikās|tiksies|tiekas|viesojās|viesosies|viesojas)\b")
_MET_KIND = {"tikās": ("Tikšanās", "tikšanās"), "tiksies": ("Tikšanās", "tikšanās"),
             "tiekas": ("Tikšanās", "tikšanās"),  # (a news item's present: "No 23. līdz 25. septembrim … tiekas")
             "viesojās": ("Vizīte", "vizīte"), "viesosies": ("Vizīte", "vizīte"), "viesojas": ("Vizīte", "vizīte")}
MAX_WITH = 6  # words of "ar …" that say whom one met
_WITH = re.compile(r"\s+ar\s+((?:[^\W\d][\w-]*\s+){0,5}[^\W\d][\w-]*(?:iem|ām|ēm|u|i))(?=[\s,.;]|$)")


def verb_event_mentions(doc: Doc, sentences: list[tuple[int, int]], taken: list[tuple[int, int]]) -> Iterable[Mention]:
    """A meeting or visit told by its verb alone, on a day the sentence gives (not a habit: "romi bieži
    tiekas"), in a sentence that names no other event: "tikās ar romu kopienas pārstāvjiem" is a
    "Tikšanās ar romu kopienas pārstāvjiem"."""
    text = doc_text(doc)
    for s, e in sentences:
        m = _MET.search(text, s, e)
        if m is None or _DAY.search(text, s, e) is None or any(s <= a < e for a, _ in taken):
            continue
        label, kind = _MET_KIND[m.group(1)]
        end = m.end()
        with_ = _WITH.match(text[end:e])
        if with_ and label == "Tikšanās":
            label = f"{label} ar {with_.group(1)}"
            end += with_.end()
        taken.append((m.start(), end))
        yield Mention("event", m.start(), end, text[m.start():end], label, name_key(label), kind, (("unnamed", "1"),))


#: a day with its year, written before a place: "2010.gada 3.novembrī Ignalinā"
_DAY_AT = re.compile(DAY_IN_WORDS)


def plural_series_mentions(doc: Doc, lex: Lexicon, sentences: list[tuple[int, int]],
                           taken: list[tuple[int, int]]) -> Iterable[Mention]:
    """Events named once in the plural with a day and a place each: "2010.gada 3.novembrī Ignalinā un
    2010.gada 8.novembrī Zarasos notiks projektā iesaistīto ciemu semināri" is two seminars."""
    text = doc_text(doc)
    plurals = lex.plural_nominatives
    places = [(sp.start_char, sp.end_char) for sp in doc.spans.get("places", [])]
    for s, e in sentences:
        days = list(_DAY_AT.finditer(text, s, e))
        if len(days) < 2 or any(s <= a < e for a, _ in taken):
            continue
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is None:
            continue
        noun = next((t for t in span if t.text in plurals and any(
            doc[k].text in _STRONG_VERBS for k in range(max(span.start, t.i - 6), t.i))), None)
        if noun is None:
            continue
        entry = plurals[noun.text]
        words, _ = _modifiers(doc, noun.i, span.start)
        label = " ".join(w for w in words if w not in _STRONG_VERBS) + " " + entry.lemma
        label = label.strip()
        label = label[0].upper() + label[1:]
        for d in days:
            where = next(((a, b) for a, b in places if d.end() <= a <= d.end() + 3), None)
            if where is None:
                continue
            a, b = d.start(), where[1]
            taken.append((a, b))
            yield Mention("event", a, b, text[a:b], label, name_key(label), entry.kind,
                          (("unnamed", "1"), ("series", "1")))
