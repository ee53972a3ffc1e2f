"""Recognise projects, programmes and named events from quoted names and their cue words."""

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable

from spacy.tokens import Doc

from reportgraph.extract.entities.lexicon import Lexicon
from reportgraph.extract.entities.quotes import Quote
from reportgraph.extract.textutil import doc_text, token_starts, token_texts
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import slugify

CUE_WINDOW = 4  # tokens between a cue word and the quote
_EU_ID = re.compile(r"^\d+(?:\.\d+){1,3}\.?$")
_ESF_PROJECT_NO = re.compile(r"\b\d+\.\d+\.\d+(?:\.\d+)?/\d+/[A-Z]+/\d+\b")
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
    for q in quotes:
        if any(s <= q.start and q.end <= e for s, e in org_spans):
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
            if w in _OBJECTIVE:
                break  # "mērķa „Palielināt …”": a specific objective, not a project
            low = w[:1].lower() + w[1:]
            if low in lex.name_heads:
                break  # "uzstājās folkloras kopa „…”": a group, a book, a prize, not a project
            plural = lex.plural_locatives.get(low)  # "diskusijās „Romu labā prakse”"
            if lex.project_cues.get(low) or lex.event_cues.get(low) or plural is not None:
                cue = plural.lemma if plural is not None and not (
                    lex.project_cues.get(low) or lex.event_cues.get(low)) else low
                gap = len(toks) - 1 - k
                before = "".join(t.text for t in toks[max(0, k - 2):k])
                m_id = re.search(r"(\d+(?:\.\d+){1,3})\.?$", before)
                if m_id:
                    eu_id = m_id.group(1)
                break
            if w in "„“”\"()":
                break
        if cue is None:
            cue = _cue_after(doc, q, lex)
        if cue is None and _HAPPENS_BEFORE.search(text, max(0, q.start - 40), q.start):
            cue = "pasākums"  # "tiek organizēta „Jauniešu diena”": what happens is an event
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
            yield Mention("project", q.start, q.end, text[q.start:q.end], name, name_key(name), pcue.kind, attrs)
        elif ecue and not (ecue.kind == "pasākums" and _MEASURE_OF.search(text[max(0, q.start - 120):q.start])):
            yield Mention("event", q.start, q.end, text[q.start:q.end], name, name_key(name), ecue.kind)


#: a verb right before a quoted name that says the name is something that takes place
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
        if w in "„“”\"«».,;:()":
            return None
        if lex.project_cues.get(w) and lex.project_cues[w].case == "nom":
            return w
    return None


def esf_numbers(text: str) -> list[tuple[int, int, str]]:
    """ESF project numbers like 8.3.2.2/16/I/001 with their spans."""
    return [(m.start(), m.end(), m.group(0)) for m in _ESF_PROJECT_NO.finditer(text)]


_EVENT_VERBS = re.compile(
    r"^(notika|notiks|norisinājās|notikušajā|notikušā|notikušo|organizēja|rīkoja|sarīkoja|piedalījās|"
    r"organizēts|organizēta|organizēti|rīkots|rīkota|sarīkots|sarīkota|atklāts|atklāta|"
    r"[Aa]izvadīt[sai]|atzīmēt[sai]|atzīmēja)$"
)
_GENITIVE_END = ("s", "u", "a", "as", "es", "us", "ības", "o", "ā", "ais", "ie", "ās")
_DATIVE_PL = re.compile(r"^\w+(iem|ām|ēm)$")
_STOP = {"tika", "bija", "uz", "par", "ar", "no", "un", "kā", "arī", "ir", "tiek", "kas", "kurā", "kurš",
         "ietvaros", "laikā", "gaitā", "noslēgumā", "sākumā", "beigās", "vēlāk", "pēc", "pirms", "kopš",
         # function words that end like genitives but name nothing: "ka pasākums", "visas trīs"
         "ka", "kad", "lai", "jo", "bet", "vai", "gan", "ne", "pat", "vēl", "jau", "tikai", "tā", "tās", "tas",
         "to", "šis", "šā", "šī", "šo", "šīs", "kura", "kuras", "kuru", "kuri", "savu", "savas", "sava", "mūsu",
         "jūsu", "viņu", "visas", "visi", "visu", "viss", "visa", "divas", "divi", "trīs", "četras", "tostarp",
         "tāpat", "tomēr", "tad", "tur", "šeit", "kopā", "šogad", "pērn", "daudzas", "dažas", "citas", "cita",
         # how long it lasted is no part of its name: "trīs nedēļu nometne", "divu dienu seminārs"
         "nedēļu", "nedēļas", "dienu", "mēnešu", "stundu", "divu", "triju", "četru", "piecu"}
MAX_VERB_GAP = 6


_STRONG_VERBS = frozenset((
    "notika", "notiks", "norisinājās", "organizēja", "rīkoja", "sarīkoja", "organizēts", "organizēta",
    "organizēti", "rīkots", "rīkota", "sarīkots", "sarīkota", "atklāts", "atklāta",
    "aizvadīts", "aizvadīta", "aizvadīti", "Aizvadīts", "Aizvadīta", "Aizvadīti",
    "atzīmēta", "atzīmēts", "atzīmēja", "atzīmēsim", "atzīmē",
    # the same told before or after it: "notiks", "norisināsies", "noritēja", "tika atklāta"
    "norisināsies", "noritēja", "noritēs", "notikusi", "noticis", "notikuši", "organizēs", "rīkos",
    "sarīkos", "organizētais", "organizētajā", "organizēto"))
_AGREEING = frozenset(("notikušajā", "notikušā", "notikušo", "gaidāmajā", "gaidāmo", "gaidāmais"))
_TAKES_PART = frozenset(("piedalījās", "piedalās", "piedalīsies", "piedalījušies", "piedalījušās",
                         "pulcēja", "pulcēs", "pulcējās", "pulcēsies", "apmeklēja"))


def unnamed_event_mentions(doc: Doc, lex: Lexicon, sentences: list[tuple[int, int]],
                           named: list[Mention]) -> Iterable[Mention]:
    """Events without a quoted name: 'notika pieredzes apmaiņas seminārs', 'tika organizēta nometne',
    'piedalījās Eiropas platformas pasākumā', 'XX Sabiles Vīna svētku ietvaros', and series
    'sanāksmēs (15.-16.03. un 08.10.)' (one event per date)."""
    text = doc_text(doc)
    taken = [(m.start, m.end) for m in named]
    plural_loc = lex.plural_locatives
    words_of, starts = token_texts(doc), token_starts(doc)
    cues = lex.event_cues
    cue_words = {k.lower() for k in cues} | plural_loc.keys() | {k.lower() for k in lex.event_compounds}
    # where cue words start: a sentence with none is passed without building its span
    cue_tokens = [i for i, w in enumerate(words_of) if w.lower() in cue_words]
    cue_starts = [starts[i] for i in cue_tokens]
    for s, e in sentences:
        k = bisect_left(cue_starts, s)
        if k == len(cue_starts) or cue_starts[k] >= e:
            continue
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is None:
            continue
        # the cue words of the sentence, cut from the doc's list (token indices ascend)
        found = [(i, words_of[i]) for i in
                 cue_tokens[bisect_left(cue_tokens, span.start):bisect_left(cue_tokens, span.end)]]
        if not found:
            continue
        sent_words = words_of[span.start:span.end]
        # "tiek atzīmēta visā pasaulē": a day marked every year is no one event
        strong = strong0 = [span.start + k for k, w in enumerate(sent_words) if w in _STRONG_VERBS
                            and not (w.startswith("atzīmē") and k and sent_words[k - 1] == "tiek")]
        agreeing = [span.start + k for k, w in enumerate(sent_words) if w in _AGREEING]
        takes_part = [span.start + k for k, w in enumerate(sent_words) if w in _TAKES_PART]
        # a quoted name between the verb and the noun is one word of the clause: "notika projekta
        # „Mēs kopā” noslēguma konference" is as near as "notika projekta noslēguma konference"
        quoted = _quoted_tokens(sent_words, span.start)
        found_events: list[Mention] = []
        prev: tuple[int, int] | None = None  # the last event found here: (its index, its noun)
        for i, w in found:
            low = w.lower()
            series = plural_loc.get(low)
            entry = cues.get(w) or cues.get(low) or (
                lex.compound_event(w, words_of[i - 1]) if i > span.start else None)
            if entry is None and series is None:
                continue  # "skola" not after "vasaras": not an event noun here
            if any(a <= starts[i] < b for a, b in taken):
                continue
            tok = doc[i]
            nxt = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
            if nxt in ("„", "“", "\"", "«"):
                continue  # the cue of a quoted name: that event is already named
            if nxt.lower() in cue_words and nxt.lower() not in plural_loc:
                continue  # "apmācības seminārs": a genitive naming the next event noun, not an event
            words, j = _modifiers(doc, tok.i, span.start, cue_words)
            if series is not None and entry is None:
                yield from _series(doc, text, tok.i, series, words, j, taken)
                continue
            case = entry.case
            tail = _beneficiary(doc, tok.i, span.end)
            if quoted:
                strong = [v + quoted.between(v, tok.i) if v < tok.i else v for v in strong0]
            ok = (
                any(0 < tok.i - v <= 3 or 0 < v - tok.i <= 2 for v in strong) and case in ("nom", "acc")
                or any(0 < tok.i - v <= 15 for v in agreeing) and case == "loc"
                or bool(words) and any(0 < tok.i - v <= 6 for v in takes_part) and case == "loc"
                or bool(words) and any(0 < tok.i - v <= 6 or 0 < v - tok.i <= 2 and case != "gen" for v in strong)
                or any(w[:1].isupper() for w in words) and nxt == "ietvaros"
                # the name's words run right from the verb: "notika [Kultūras ministrijas …] vizīte"
                or bool(words) and case in ("nom", "acc") and any(0 < j - v <= 2 for v in strong)
                or bool(words) and case == "loc" and any(0 < j - v <= 2 or 0 < v - tok.i <= 2 for v in takes_part)
                # "Seminārs romu mediatoriem notika …": the verb right after whom it is for
                or case == "nom" and bool(tail) and any(0 < v - tail[-1].i <= 2 for v in strong)
                # "Seminārā, kas notika 14. aprīlī …": a relative clause says it took place
                or _happened_after(doc, (tail[-1] if tail else tok).i, span.end)
                # "Sanāksmē 2019. gada 10. jūnijā Jelgavā …": the date it was held on follows
                or case == "loc" and _DATE_NEXT.match(text, (tail[-1] if tail else tok).idx
                                                      + len((tail[-1] if tail else tok).text))
            )
            # "notika ekspertu tikšanās un labās prakses vizīte": one event, named by both nouns
            joined = prev is not None and prev[1] == j - 2 and doc[j - 1].text == "un" \
                and cues.get(doc[prev[1]].text, entry).case == case
            if not ok and not joined:
                continue
            tail = tail + _topic(doc, (tail[-1] if tail else tok).i, span.end)
            label = " ".join(words + [entry.lemma] + [t.text for t in tail])
            last = tail[-1] if tail else tok
            start, end = doc[j].idx, last.idx + len(last.text)
            if joined:
                before = found_events.pop()
                taken.remove((before.start, before.end))
                start, label = before.start, f"{before.label} un {label}"
            label = label[0].upper() + label[1:]
            taken.append((start, end))
            found_events.append(Mention("event", start, end, text[start:end], label, name_key(label),
                                        entry.kind, (("unnamed", "1"),)))
            prev = (len(found_events) - 1, tok.i)
        yield from found_events


_RELATIVE = frozenset(("kas", "kurš", "kura", "kuru", "kurā"))
_DATE_NEXT = re.compile(r"\s*,?\s*(?:\d{4}\.\s*gada\s+)?\d{1,2}\.\s*(?:janvār|februār|mart|aprīl|maij|jūnij|"
                        r"jūlij|august|septembr|oktobr|novembr|decembr)\w*")


def _happened_after(doc: Doc, last: int, ceiling: int) -> bool:
    """', kas notika …' right after an event noun (and whom it is for)."""
    toks = [t.text for t in doc[last + 1:min(ceiling, last + 5)]]
    return len(toks) >= 3 and toks[0] == "," and toks[1] in _RELATIVE and (
        toks[2] in _STRONG_VERBS or toks[2] in ("notiks", "norisināsies"))


class _Quoted:
    """Token indices inside „…” in one sentence (quote marks counted)."""

    def __init__(self, inside: list[int]) -> None:
        self.inside = inside

    def __bool__(self) -> bool:
        return bool(self.inside)

    def between(self, a: int, b: int) -> int:
        """How many quoted tokens lie strictly between token a and token b (a < b), less one: the
        whole name counts as one word."""
        n = bisect_left(self.inside, b) - bisect_left(self.inside, a + 1)
        return max(0, n - 1)


def _quoted_tokens(words: list[str], offset: int) -> _Quoted:
    inside, depth = [], False
    for k, w in enumerate(words):
        if w in ("„", "«") or (w in ('"', "“") and not depth):
            depth = True
        if depth:
            inside.append(offset + k)
        if w in ("”", "»") or (w in ('"', "“") and depth and inside[-1] != offset + k):
            depth = False
    return _Quoted(inside)


def _series(doc: Doc, text: str, cue: int, entry, words: list[str], j: int,
            taken: list[tuple[int, int]]) -> Iterable[Mention]:
    """'sanāksmēs (22. – 25.06. Atēnās, 16. – 19.10. Strasbūrā)': one event per bracketed date."""
    if cue + 1 >= len(doc) or doc[cue + 1].text != "(":
        return
    close = next((k for k in range(cue + 2, min(len(doc), cue + 40)) if doc[k].text == ")"), None)
    if close is None:
        return
    inner_start, inner_end = doc[cue + 2].idx, doc[close].idx
    if not words and cue > 0 and doc[cue - 1].text == ")":
        # "Nacionālo romu kontaktpunktu (The National Roma Contact Points) sanāksmēs"
        opening = next((k for k in range(cue - 2, max(-1, cue - 40), -1) if doc[k].text == "("), None)
        if opening is not None:
            words, _ = _modifiers(doc, opening, max(0, opening - 6))
    label = " ".join(words + [entry.lemma])
    label = label[0].upper() + label[1:]
    for chunk in re.finditer(r"[^,;]+", text[inner_start:inner_end]):
        part = chunk.group(0)
        for piece in re.split(r"\s+un\s+", part):
            if not re.search(r"\d", piece):
                continue
            a = inner_start + chunk.start() + part.index(piece)
            b = a + len(piece.rstrip())
            taken.append((a, b))
            yield Mention("event", a, b, text[a:b], label, name_key(label), entry.kind,
                          (("unnamed", "1"), ("series", "1")))


MAX_TOPIC = 9  # words of "par …" after an event noun that say what it is about
_TOPIC_STOP = frozenset(("kas", "kurā", "kuru", "kurš", "kura", "kur", "lai", "kā", "tika", "tiks", "tiek",
                         "bija", "ir", "būs", "arī", "jo", "bet", "ka", "kad", "šogad", "pērn", "vai", "šādās",
                         "šādos", "šādām", "šādiem", "šādas", "sekojošās", "sekojošos"))
_TOPIC_PUNCT = frozenset(",.;:()–—-!?\"„“”«»")


def _topic(doc: Doc, last: int, ceiling: int) -> list:
    """What an event is about, written after it: 'diskusija par sadarbības potenciālu starp
    Kurzemes un Klaipēdas reģioniem'. It ends before a clause, a date, a verb or where the event is
    ('… Ventspilī')."""
    if last + 2 >= ceiling or doc[last + 1].text != "par":
        return []
    locative = {i for sp in doc.spans.get("places", []) for i in range(sp.start, sp.end)
                if last < sp.start < last + MAX_TOPIC + 2 and doc[sp.end - 1].text.endswith(_LOCATIVE_END)}
    out = [doc[last + 1]]
    for k in range(last + 2, min(ceiling, last + 2 + MAX_TOPIC)):
        w = doc[k].text
        if (w in _TOPIC_PUNCT or w.lower() in _TOPIC_STOP or w in _STRONG_VERBS or w in _TAKES_PART
                or any(ch.isdigit() for ch in w) or k in locative or _EVENT_VERBS.match(w)):
            break
        out.append(doc[k])
    while len(out) > 1 and out[-1].text in ("un", "starp", "par", "ar", "uz", "no", "un", "vai"):
        out.pop()
    return out if len(out) > 1 else []


_LOCATIVE_END = ("ā", "ē", "ī", "ū", "os", "ās", "ēs", "īs", "iem")


def _beneficiary(doc: Doc, cue: int, ceiling: int) -> list:
    """Who an event is for, written after it: 'nometne romu bērniem', 'pasākums ģimenēm'."""
    toks = doc[cue + 1:min(ceiling, cue + 3)]
    if len(toks) >= 1 and _DATIVE_PL.match(toks[0].text) and toks[0].text.islower():
        return [toks[0]]
    if len(toks) == 2 and toks[0].text in ("romu", "jauniešu", "bērnu") and _DATIVE_PL.match(toks[1].text):
        return [toks[0], toks[1]]
    return []


#: a field a genitive chain names inside the noun phrase: "romu integrācijas jomā … vizīte"
_FIELD = frozenset(("jomā", "jomās", "jautājumos"))
MAX_MODIFIERS = 4  # words a name is read back over, unless the chain reaches its verb
MAX_CHAIN = 12  # words a chain right after its verb may run: "notika Kultūras ministrijas … vizīte"


def _modifiers(doc: Doc, cue: int, floor: int, nouns: Collection[str] = ()) -> tuple[list[str], int]:
    """Words before an event noun that name it: genitives ('pieredzes apmaiņas'), capitalised
    words ('XX Sabiles Vīna'), an agreeing adjective ('ikgadējā'), coordinated genitives
    ('attīstības izglītības un izpratnes veicināšanas') and the field they are in ('romu
    integrācijas jomā'). A chain longer than MAX_MODIFIERS is kept only when the word before it
    is the verb that says the event happened. `nouns`: event nouns, never crossed by "un" (they
    are coordinated events: "tikšanās un vizīte")."""
    words, j = _chain(doc, cue, floor, MAX_MODIFIERS, nouns)
    if len(words) == MAX_MODIFIERS:
        longer, k = _chain(doc, cue, floor, MAX_CHAIN, nouns)
        if k > floor and doc[k - 1].text in _STRONG_VERBS | _TAKES_PART:
            return longer, k
    return words, j


def _chain(doc: Doc, cue: int, floor: int, limit: int, nouns: Collection[str]) -> tuple[list[str], int]:
    words: list[str] = []
    j = cue - 1
    while j >= floor and cue - j <= limit:
        w = doc[j].text
        if (w == "un" or w in _FIELD) and words and j - 1 >= floor and \
                doc[j - 1].text.endswith(_GENITIVE_END) and doc[j - 1].text not in _STOP and \
                doc[j - 1].text.lower() not in nouns:
            words.insert(0, w)  # "izglītības un izpratnes", "integrācijas jomā"
            j -= 1
            continue
        if w in _STOP or not any(ch.isalpha() for ch in w) or _EVENT_VERBS.match(w):
            break
        if not w.isupper() and not w.endswith(_GENITIVE_END):
            break  # "Turklāt", "laikā": not part of a name
        if j == floor and not w.endswith(("s", "u")):
            break
        if any(ch.isdigit() for ch in w):
            break
        words.insert(0, w)
        j -= 1
    while words and (words[0] == "un" or words[0] in _FIELD):
        words.pop(0)  # a chain does not open with its joint
        j += 1
    return words, j + 1


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
