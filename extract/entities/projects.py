"""Recognise projects, programmes and named events from quoted names and their cue words."""

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from reportgraph.extract.entities.lexicon import Lexicon
from reportgraph.extract.entities.quotes import Quote
from reportgraph.extract.textutil import doc_text
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import slugify

CUE_WINDOW = 4  # tokens between a cue word and the quote
_EU_ID = re.compile(r"^\d+(?:\.\d+){1,3}\.?$")
_ESF_PROJECT_NO = re.compile(r"\b\d+\.\d+\.\d+(?:\.\d+)?/\d+/[A-Z]+/\d+\b")
_VISITED = {"apmeklēts", "apmeklēta", "apmeklēja", "apmeklējām", "apmeklējuši", "apskatīts", "apskatīta",
            "apskatīja", "iepazina", "viesojās"}
_OBJECTIVE = {"mērķa", "mērķis", "mērķī", "mērķim", "mērķi", "uzdevumā", "uzdevums", "uzdevuma"}
_PUNCT_NAME = re.compile(r"[\s.,;:!?…'\"„“”«»()\-–—]+")


_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def name_key(name: str) -> str:
    """Resolution key of a project/event name: case and punctuation folded ('PROTI un DARI!' ==
    'Proti un dari'); a trailing parenthesis is an explanation, not the name ('Dažādību veicināšana
    (diskriminācijas novēršana)' == 'Dažādību veicināšana')."""
    stripped = _TRAILING_PAREN.sub("", name)
    return slugify(_PUNCT_NAME.sub(" ", stripped or name))


# "Nr. 17-03-AL21-A019.2205-000003", "Nr. LLI – 431", "Nr. LLI 431 SMART PLANNING jeb"
_NUMBER_BEFORE = re.compile(r"\s(?:[Nn]r\.\s*)(?:[A-Z]{2,6}\s*[–-]?\s*)?(?:[A-Z]*\d[\w./\-]*)"
                            r"(?:\s+[A-Z][A-Z0-9\-]+)*(?:\s+jeb)?\s*$")


def project_number(written: str) -> str:
    """A project number as written after "Nr." ("LLI – 431", "LLI 431 SMART PLANNING jeb"), in one
    spelling: "LLI-431"."""
    m = re.search(r"[Nn]r\.\s*((?:[A-Z]{2,6}\s*[–-]?\s*)?[A-Z]*\d[\w./\-]*)", written)
    raw = m.group(1) if m else written
    return re.sub(r"\s*[–-]\s*|\s+", "-", raw.strip()).upper()


def clean_name(name: str) -> str:
    return " ".join(name.split()).strip(" ,;:")


def quoted_mentions(doc: Doc, quotes: list[Quote], lex: Lexicon, org_spans: set[tuple[int, int]]) -> Iterable[Mention]:
    """Projects and named events: a quote with a project or event cue word just before it."""
    text = doc_text(doc)
    prev: Mention | None = None  # the quoted project or event named last
    for q in quotes:
        if any(s <= q.start and q.end <= e for s, e in org_spans):
            continue
        if prev is not None and _COORDINATED.fullmatch(text, prev.end, q.start):
            # "projektu („A” (VARAM), „B” (VARAM) un „C” (LPS))": names listed with one are of its kind
            name = clean_name(q.inner(text))
            if name and len(name) <= 200:
                prev = Mention(prev.kind, q.start, q.end, text[q.start:q.end], name, name_key(name), prev.subtype)
                yield prev
                continue
        # "projektam Nr. 17-03-AL21-A019.2205-000003 „P”": the number between cue and name
        # is not one of the words the cue is looked for in
        cut = _NUMBER_BEFORE.search(text, max(0, q.start - 60), q.start)
        end = cut.start() if cut is not None and cut.start() < q.start else q.start
        span = doc.char_span(max(0, end - 80), end, alignment_mode="contract")
        if span is None:
            continue
        toks = list(span)[-CUE_WINDOW:]
        cue = None
        eu_id = ""
        gap = 0  # words between the cue and the quote
        for k in range(len(toks) - 1, -1, -1):
            w = toks[k].text
            if w in _OBJECTIVE or w in _VISITED:
                break  # "mērķa „Palielināt …”": a specific objective; "apmeklēts „X”": a place visited
            low = w[:1].lower() + w[1:]
            if low in lex.name_heads:
                break  # "uzstājās folkloras kopa „…”": a group, a book, a prize, not a project
            plural = lex.plural_locatives.get(low)  # "diskusijās „Romu labā prakse”"
            if low in _PLURAL_PROJECTS and k == len(toks) - 2 and toks[-1].text == ":":
                cue, gap = "projekts", 1  # "Atbalstīti šādi projekti: „A”, „B” un „C”"
                break
            ev = lex.event_cues.get(low)
            if (ev is not None and ev.case == "gen" and not lex.project_cues.get(low) and k + 1 < len(toks)
                    and _BUILDING.match(toks[k + 1].text)):
                break  # "Saieta namam „Lugažu muiža”": the event noun names the house, the quote the house's name
            if lex.project_cues.get(low) or ev is not None or plural is not None:
                cue = plural.lemma if plural is not None and not (
                    lex.project_cues.get(low) or lex.event_cues.get(low)) else low
                gap = len(toks) - 1 - k
                before = "".join(t.text for t in toks[max(0, k - 2):k])
                m_id = re.search(r"(\d+(?:\.\d+){1,3})\.?$", before)
                if m_id:
                    eu_id = m_id.group(1)
                break
            if w == "(" and k == len(toks) - 1:
                continue  # "iepriekš noteikto projektu („A” …": a list in brackets after its cue
            if w in "„“”\"()":
                break
        if cue is None:
            cue = _cue_after(doc, q, lex) or _listed_under(text, q.start)
        if cue is None and _HAPPENS_BEFORE.search(text, max(0, q.start - 40), q.start):
            cue = "pasākums"  # "tiek organizēta „Jauniešu diena”": what happens is an event
        if cue is None and _ONE_OF_PROJECTS.search(text, max(0, q.start - 120), q.start):
            cue = "projekts"  # "Viens no … īstenotajiem projektiem ir „Kurzeme visiem”"
        if cue is None:
            continue
        name = clean_name(q.inner(text))
        if not name or len(name) > 200:
            continue
        last = name.split()[-1]
        if lex.org_heads.get(last) is not None and lex.org_heads[last].case == "nom" and \
                not lex.event_cues.get(cue) and gap > 0:
            continue  # "projekts, ko organizēja „Bērnu un jauniešu mūzikas klubs”": an organisation
        pcue = lex.project_cues.get(cue)
        ecue = lex.event_cues.get(cue)
        measure = bool(re.search(r"\b[Pp]asākumi\b", name))  # "Kompleksi … pasākumi": a measure
        if pcue and (pcue.kind != "pasākums" or eu_id or measure):
            attrs = (("euId", eu_id),) if eu_id else ()
            if cut is not None and cut.start() < q.start:  # "projekts Nr. LLI-431 „P”": its number
                attrs += (("projectNo", project_number(text[cut.start():q.start])),)
            prev = Mention("project", q.start, q.end, text[q.start:q.end], name, name_key(name), pcue.kind, attrs)
            yield prev
        elif ecue and not (ecue.kind == "pasākums" and _MEASURE_OF.search(text[max(0, q.start - 120):q.start])):
            prev = Mention("event", q.start, q.end, text[q.start:q.end], name, name_key(name), ecue.kind)
            yield prev


#: a building or a room an event noun can name ("saieta nams", "koncertu zāle"): the quote after
#: it is the building's name
_BUILDING = re.compile(r"(?:nam|zāl|ēk|māj|estrād|telp)[a-zāēīū]{0,4}$")

#: between two names of one list: a comma or "un", maybe after who is behind the first ("„A” (VARAM), „B”")
_COORDINATED = re.compile(r"\s*(?:\([^()„“”\"«»]{1,60}\)\s*)?(?:,|\bun\b|;)\s*")


#: a verb right before a quoted name that says the name is something that takes place
#: projects in the plural, before a colon and the list of their names
_PLURAL_PROJECTS = frozenset(("projekti", "projektus", "projektiem", "projektu", "apakšprojekti", "mikroprojekti"))
#: one of the projects (plural) is the name that follows: "Viens no … projektiem ir „X”"
_ONE_OF_PROJECTS = re.compile(r"\b[Vv]iens\s+no\s+(?:[^\s„“\"«.;]+\s+){0,6}?projekt(?:iem|u)\s+(?:ir|bija|būs)\s*$")
_HAPPENS_BEFORE = re.compile(
    r"\b(?:notika|notiks|norisinājās|norisināsies|norisinās|aizvadīt[as]|"
    r"(?:tiek|tika|tiks|tikusi|tikuši)\s+(?:organizēt[as]|rīkot[as]|sarīkot[as]))\s*$")

#: "… programmas 2014.–2020. gadam pasākumā „X”", "apakšpasākumā „X”": a programme's measure
_MEASURE_OF = re.compile(r"(?:\b[Pp]rogramm\w*\s+(?:\S+\s+){0,5}|\b[Aa]pakš)pasākum\w*\s*$")


_COPULA = frozenset(("ir", "bija", "būs", "kļuva"))
AFTER_WINDOW = 8  # tokens after "„P” ir" in which "… finansēts projekts" names what P is


def _cue_after(doc: Doc, q: Quote, lex: Lexicon) -> str | None:
    """A project cue written after the name: "„P” projekts", "„P” projekta ietvaros", or what the
    name is said to be: "„P” ir biedrības finansēts projekts"."""
    span = doc.char_span(q.end, min(len(doc_text(doc)), q.end + 120), alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    toks = list(span)[:AFTER_WINDOW]
    first = toks[0].text
    before = doc.char_span(max(0, q.start - 40), q.start, alignment_mode="contract")
    prev = before[-1].text if before is not None and len(before) else ""
    if prev.isupper() or lex.org_heads.get(prev) or lex.org_forms.get(prev):
        return None  # "NVO „Centrs” projekts": the quote names the organisation whose project it is
    if lex.project_cues.get(first):
        nxt = toks[1].text if len(toks) > 1 else ""
        return None if nxt in ("„", "“", "\"", "«") else first  # "„A” projekta „B”": the cue is B's
    if first not in _COPULA:
        return None
    for tok in toks[1:]:
        w = tok.text
        if w in "„“”\"«»":
            continue  # "„P” ir biedrības „X” projekts": a quoted owner inside the predicate
        if w in ".,;:()":
            return None
        if lex.project_cues.get(w) and lex.project_cues[w].case == "nom":
            return w
    return None


_LIST_ITEM_START = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[-–•▪●*])[ \t]*$")
#: the lead of a list of projects: "… apstiprinājis pirmos projektus:", "Atbalstītie projekti:"
_INLINE_ITEMS = re.compile(r"(?:\s*\d{1,2}[.)]\s*[„“\"«][^;:]*;)*\s*\d{1,2}[.)]\s*")
_PROJECTS_LEAD = re.compile(r"\b[Pp]rojekt(?:i|us|iem|u)\b[^.\n]{0,60}:[ \t]*$")


def _listed_under(text: str, at: int) -> str | None:
    """A quoted name opening an item of a list whose lead says it lists projects: "… apstiprinājis
    projektus:\n1. „P”, iesniedzējs – X, …" names project P."""
    line = text.rfind("\n", 0, at) + 1
    if not _LIST_ITEM_START.fullmatch(text, line, at):
        # the same list run into one line: "… projektus: 1. „P”, …; 2. „Q”, …"
        colon = text.rfind(":", max(0, at - 600), at)
        if colon < 0 or not _INLINE_ITEMS.fullmatch(text, colon + 1, at):
            return None
        return "projekts" if _PROJECTS_LEAD.search(text, max(0, colon - 80), colon + 1) else None
    while line > 0:  # up over the items before it to the lead
        prev = text.rfind("\n", 0, line - 1) + 1
        lead = text[prev:line - 1]
        if not re.match(r"[ \t]*(?:\d{1,2}[.)]|[-–•▪●*])\s", lead):
            return "projekts" if _PROJECTS_LEAD.search(lead) else None
        line = prev
    return None


#: an item of a list of projects named without quotes, its name before a dash and what it does after:
#: "Light in the Dark – tūrisma veicināšana piekrastē arī nesezonā;"
_DASHED_ITEM = re.compile(r"[ \t]*(?:(?:\d{1,2}[.)]|[-•▪●*])[ \t]+)?(?P<name>[A-ZĀČĒĢĪĶĻŅŠŪŽ][^–—\n;:.„“”\"«»]{0,70}?)"
                          r"[ \t]+[–—-][ \t]+\S[^\n]*")
MAX_DASHED_NAME = 8  # words of such a name


def dashed_list_mentions(text: str) -> Iterable[Mention]:
    """Projects listed one per line under a lead that says it lists projects ("… apstiprināti divi
    reģiona iesniegtie projekti:"), each named before a dash; sub-headings ending with a colon
    ("Prioritātē: …:") stay inside the list."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    k = 0
    while k < len(lines):
        if not _PROJECTS_LEAD.search(lines[k][1]):
            k += 1
            continue
        k += 1
        while k < len(lines):
            at, line = lines[k]
            item = _DASHED_ITEM.fullmatch(line)
            if item is None:
                if line.rstrip().endswith(":") and len(line) <= 160:
                    k += 1  # a sub-heading of the list
                    continue
                break
            name = item.group("name").strip()
            if len(name.split()) <= MAX_DASHED_NAME:
                a = at + item.start("name")
                yield Mention("project", a, a + len(name), name, name, name_key(name), "projekts", ())
            k += 1


#: a project page's field line that gives the name unquoted: "Projekta nosaukums: Kopā varam"
_NAME_FIELD = re.compile(r"(?m)^[ \t]*(?:Projekta\s+)?[Nn]osaukums\s*[:–—-]\s*(?P<name>[^\s„“\"«][^\n]{1,200}?)[ \t.]*$")


def field_name_mentions(text: str) -> Iterable[Mention]:
    """The project a page's field line names: "Projekta nosaukums: Kopā varam" (a quoted name is
    read by quoted_mentions). "Nosaukums:" alone counts only on a page with other "Projekta …:" lines."""
    for m in _NAME_FIELD.finditer(text):
        if not m.group(0).lstrip().startswith("Projekta") and "Projekta " not in text:
            continue
        name = clean_name(m.group("name"))
        if 1 <= len(name.split()) <= MAX_DASHED_NAME * 2:
            a = m.start("name")
            yield Mention("project", a, a + len(name), name, name, name_key(name), "projekts", ())


MIN_REPEATED_WORDS = 3  # a project's name this long, written again without quotes, is that project


def repeated_names(text: str, named: list[Mention]) -> Iterable[Mention]:
    """A project's quoted name written again without quotes ("ESF projekta Profesionāla sociālā
    darba attīstība pašvaldībās ietvaros" after "projekta „Profesionāla … pašvaldībās”")."""
    spans = [(m.start, m.end) for m in named]
    seen: set[str] = set()
    for m in named:
        if m.kind != "project" or m.label in seen or len(m.label.split()) < MIN_REPEATED_WORDS:
            continue
        seen.add(m.label)
        at = text.find(m.label)
        while at >= 0:
            end = at + len(m.label)
            if not any(a < end and at < b for a, b in spans) and not (at and text[at - 1].isalnum()) \
                    and not (end < len(text) and text[end].isalnum()):
                yield Mention("project", at, end, m.label, m.label, m.key, m.subtype, m.attrs)
            at = text.find(m.label, end)


def esf_numbers(text: str) -> list[tuple[int, int, str]]:
    """ESF project numbers like 8.3.2.2/16/I/001 with their spans."""
    return [(m.start(), m.end(), m.group(0)) for m in _ESF_PROJECT_NO.finditer(text)]




#: the labelled fields of a project's card (a database or grant page): "Finansējuma avots: …"
CARD_FIELD = re.compile(
    r"(?m)^[ \t]*(?:Finansējuma\s+avots|Finansētājs|Programma|Projekta\s+(?:numurs|Nr\.?|īstenotājs|"
    r"iesniedzējs|kopējās\s+izmaksas|kopējais\s+budžets|īstenošanas\s+(?:vieta|laiks|periods))|"
    r"Īstenošanas\s+(?:vieta|laiks|periods|termiņš)|Īstenotājs)\s*:")
#: a title that is one quoted name, and a next sentence about "the project" it names
_QUOTED_TITLE = re.compile(r"[„“\"«]([^„“”\"«»]{3,160})[”\"»]")
_PROJECT_OPENING = re.compile(r"\s*(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ]\w+\s+)?[Pp]rojekt(?:s|a)\b")
CARD_TITLE_WORDS = 16  # a title longer than this is a sentence, not a project's name
CARD_REACH = 3  # lines after the title in which the card's first field must stand


def card_title_mention(doc: Doc, sentences: list[tuple[int, int]], named: list[Mention]) -> Mention | None:
    """A text that opens with a line of its own followed by a project card's fields
    ("ATBALSTA SISTĒMAS UZLABOŠANA … / Finansējuma avots: … / Īstenošanas vieta: …") is that
    project's card, and its title line is the project's name, unless the card names a project
    in quotes itself ("LEADER projekts „Bērnu prieks”")."""
    if not sentences:
        return None
    text = doc_text(doc)
    s, e = sentences[0]
    title = " ".join(text[s:e].split())
    words = title.split()
    quoted = _QUOTED_TITLE.fullmatch(title)
    if quoted and len(sentences) > 1 and not any(m.start < sentences[1][1] for m in named if m.kind == "project") \
            and _PROJECT_OPENING.match(text, sentences[1][0]):
        # „Zemgales tīkls” / "Integrācijas projekts, ko organizēja …": the title names that project
        label = clean_name(quoted.group(1))
        a = s + text[s:e].index(quoted.group(1))
        return Mention("project", a, a + len(quoted.group(1)), quoted.group(1), label, name_key(label),
                       "projekts", (("card", "1"),))
    if not 2 <= len(words) <= CARD_TITLE_WORDS or title.endswith((".", ":", "?", "!")) or \
            any(q in title for q in "„“”\"«»"):
        return None
    lines_after = text[e:].lstrip("\n").split("\n", CARD_REACH)[:CARD_REACH]
    field = CARD_FIELD.search("\n".join(lines_after))
    if field is None:
        return None
    reach = e + len("\n".join(lines_after)) + 1
    if any(m.kind == "project" and m.start < reach for m in named):
        return None
    label = title[0] + title[1:].lower() if title.isupper() else title
    end = s + len(text[s:e].rstrip())
    return Mention("project", s, end, text[s:end], label, name_key(label), "projekts", (("card", "1"),))
