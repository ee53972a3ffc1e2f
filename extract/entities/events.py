"""Recognise events written without a quoted name: an event noun with the words that name it
('pieredzes apmaiņas seminārs', 'diskusija par …', 'nometne romu bērniem') and a verb or clause
that says it took place; series of one event per date."""

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable

from spacy.tokens import Doc

from reportgraph.extract.entities.lexicon import Lexicon
from reportgraph.extract.entities.names import LOCATIVE_ENDS, MONTH_STEMS
from reportgraph.extract.entities.projects import name_key
from reportgraph.extract.textutil import doc_text, token_starts, token_texts
from reportgraph.extract.types import Mention

_EVENT_VERBS = re.compile(
    r"^(notika|notiks|norisinājās|notikušajā|notikušā|notikušo|organizēja|rīkoja|sarīkoja|piedalījās|"
    r"organizēts|organizēta|organizēti|rīkots|rīkota|sarīkots|sarīkota|atklāts|atklāta|"
    r"[Aa]izvadīt[sai]|atzīmēt[sai]|atzīmēja|"
    # who organised it, before the noun: "ZPR rīkotā konference" (the organiser is no part of the name)
    r"(?:[Ss]a)?(?:[Rr]īkot|[Oo]rganizēt)(?:ā|ais|o|ajā|ajam|ās|ie|os|ajos|ajās))$"
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
         "nedēļu", "nedēļas", "dienu", "mēnešu", "stundu", "divu", "triju", "četru", "piecu",
         "devās", "dosies", "piedalīsies", "pulcēja", "apmeklēja"}
MAX_VERB_GAP = 6


_STRONG_VERBS = frozenset((
    "notika", "notiks", "norisinājās", "organizēja", "rīkoja", "sarīkoja", "organizēts", "organizēta",
    "organizēti", "rīkots", "rīkota", "sarīkots", "sarīkota", "atklāts", "atklāta",
    "aizvadīts", "aizvadīta", "aizvadīti", "Aizvadīts", "Aizvadīta", "Aizvadīti",
    "atzīmēta", "atzīmēts", "atzīmēja", "atzīmēsim", "atzīmē",
    # the same told before or after it: "notiks", "norisināsies", "noritēja", "tika atklāta"
    "norisināsies", "noritēja", "noritēs", "sāksies", "sākās",
 "notikusi", "noticis", "notikuši", "organizēs", "rīkos",
    "norisinājusies", "norisinājies", "norisinājušies", "aizvadītā", "aizvadītais",
    "sarīkos", "organizētais", "organizētajā", "organizēto", "organizētā", "rīkotā", "rīkotais", "rīkotajā",
    "sarīkotā", "sarīkotais", "apmeklēja", "apmeklēs", "apmeklējām"))
_THIS_YEAR = frozenset(("šī", "šā", "pagājušā", "nākamā", "aizvadītā"))
_PLANNED = frozenset(("plānota", "plānots", "ieplānota", "ieplānots"))
_AGREEING = frozenset(("notikušajā", "notikušā", "notikušo", "gaidāmajā", "gaidāmo", "gaidāmais",
                       "rīkotajā", "organizētajā", "sarīkotajā", "plānotajā"))
_TAKES_PART = frozenset(("piedalījās", "piedalās", "piedalīsies", "piedalījušies", "piedalījušās",
                         "pulcēja", "pulcēs", "pulcējās", "pulcēsies", "apmeklēja", "devās", "dosies"))


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
    first = sentences[0] if sentences else None
    in_list = False  # inside a list whose lead ends with a colon ("Īstenotie pasākumi:")
    for s, e in sentences:
        marker = _ITEM_MARKER.match(text, s, e)
        if marker is None:
            in_list = text[s:e].rstrip().endswith(":")
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
        # what is planned for a day the sentence gives: "24. septembrī … plānota pieredzes apmaiņas vizīte"
        planned = _PLANNED if _DAY.search(text, s, e) is not None else frozenset()
        strong = strong0 = [span.start + k for k, w in enumerate(sent_words) if (w in _STRONG_VERBS or w in planned)
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
            if i >= 2 and words_of[i - 1] == "ar" and words_of[i - 2].lower() in cue_words:
                continue  # "konference ar diskusiju": part of the event before it
            words, j = _modifiers(doc, tok.i, span.start, cue_words)
            title = (s, e) == first and entry is not None and _titles_event(span, tok, entry.case)
            if title:  # "2022. gadā īstenoto … projektu noslēguma pasākums": the page's title names it
                words, j = [t.text for t in doc[span.start:tok.i]], span.start
            # an item of a list of what was done that opens with the event: "5. Ikgadēja Latvijas
            # romu platformas sanāksme (Rīgā)."
            item = (in_list and marker is not None and entry is not None and entry.case == "nom"
                    and bool(words) and doc[j].idx == marker.end() and len(words) <= MAX_MODIFIERS + 2)
            if series is not None and entry is None:
                yield from _series(doc, text, tok.i, series, words, j, taken)
                continue
            case = entry.case
            tail = _beneficiary(doc, tok.i, span.end)
            if quoted:
                strong = [v + quoted.between(v, tok.i) if v < tok.i else v for v in strong0]
            ok = title or item or (
                any(0 < tok.i - v <= 3 or 0 < v - tok.i <= 2 for v in strong) and case in ("nom", "acc")
                or any(0 < tok.i - v <= 15 for v in agreeing) and case == "loc"
                or bool(words) and any(0 < tok.i - v <= 6 for v in takes_part) and case == "loc"
                # "pulcējās uz pirmo šī gada sēdi", "devās uz konferenci": went to it
                or case == "acc" and any(0 < tok.i - v <= 6 and any(doc[k].text == "uz" for k in range(v + 1, tok.i))
                                         for v in takes_part)
                # "piedalījās konferencē Briselē" on a day the sentence gives
                or case == "loc" and any(0 < tok.i - v <= 2 for v in takes_part) and _DAY.search(text, s, e) is not None
                or bool(words) and any(0 < tok.i - v <= 6 or 0 < v - tok.i <= 2 and case != "gen" for v in strong)
                or any(w[:1].isupper() for w in words) and nxt == "ietvaros"
                # the name's words run right from the verb: "notika [Kultūras ministrijas …] vizīte"
                or bool(words) and case in ("nom", "acc") and any(0 < j - v <= 2 for v in strong)
                or bool(words) and case == "loc" and any(0 < j - v <= 2 or 0 < v - tok.i <= 2 for v in takes_part)
                # "Seminārs romu mediatoriem notika …": the verb right after whom it is for
                or case == "nom" and bool(tail) and any(0 < v - tail[-1].i <= 2 for v in strong)
                # "Seminārs par kopienu attīstību notiks …": right after what it is about
                or case == "nom" and bool(about := _topic(doc, (tail[-1] if tail else tok).i, span.end))
                and any(0 < v - about[-1].i <= 2 for v in strong)
                # "… konference otrdien, 26. februārī, notiks …": only its day between noun and verb
                or case == "nom" and any(v > tok.i and _DAY_BETWEEN.fullmatch(text, (tail[-1] if tail else tok).idx
                                                                                + len((tail[-1] if tail else tok).text),
                                                                                doc[v].idx) for v in strong)
                # "Seminārā, kas notika 14. aprīlī …": a relative clause says it took place
                or _happened_after(doc, (tail[-1] if tail else tok).i, span.end)
                # "Sanāksmē 2019. gada 10. jūnijā Jelgavā …": the date it was held on follows
                # "aicina uz … atklāšanas pasākumu 24. novembrī Daugavpilī": an invitation to a day
                or case in ("loc", "acc") and _DATE_NEXT.match(text, (tail[-1] if tail else tok).idx
                                                                  + len((tail[-1] if tail else tok).text))
            )
            # "notika ekspertu tikšanās un labās prakses vizīte": one event, named by both nouns
            joined = prev is not None and prev[1] == j - 2 and doc[j - 1].text == "un" \
                and cues.get(doc[prev[1]].text, entry).case == case
            if not ok and not joined:
                continue
            tail = tail + _topic(doc, (tail[-1] if tail else tok).i, span.end)
            label = " ".join(words + [entry.lemma] + [t.text for t in tail])
            if title or item:  # as the line writes it ("2022. gadā …"), not token by token
                label = " ".join((text[doc[j].idx:tok.idx] + entry.lemma).split() + [t.text for t in tail])
            last = tail[-1] if tail else tok
            start, end = doc[j].idx, last.idx + len(last.text)
            if joined:
                before = found_events.pop()
                taken.remove((before.start, before.end))
                start, label = before.start, f"{before.label} un {label}"
            label = label[0].upper() + label[1:]
            taken.append((start, end))
            same = _named_after(text, end, named)
            if same is not None:  # "konference LINC Estonia 2019": the event the text names elsewhere
                end = start + len(text[start:end]) + len(text[end:]) - len(text[end:].lstrip()) + len(same.label)
                found_events.append(Mention("event", start, end, text[start:end], same.label, same.key,
                                            same.subtype, same.attrs))
                prev = (len(found_events) - 1, tok.i)
                continue
            found_events.append(Mention("event", start, end, text[start:end], label, name_key(label),
                                        entry.kind, (("unnamed", "1"), ("title", "1")) if title else (("unnamed", "1"),)))
            prev = (len(found_events) - 1, tok.i)
        yield from found_events


MAX_TITLE = 14  # words of a title line that names its event
_ITEM_MARKER = re.compile(r"\s*(?:\d{1,2}[.)]|[-–•▪●*])\s+")


def _titles_event(span, tok, case: str) -> bool:
    """Whether a page's first line is the name of an event: it ends with the event noun in the
    nominative, without a full stop or a verb ("Projekta Interreg Latvija – Lietuva darba grupas
    sanāksme"), and is short."""
    words = [t for t in span if any(ch.isalnum() for ch in t.text)]
    return (case == "nom" and bool(words) and words[-1].i == tok.i and len(words) <= MAX_TITLE
            and not span.text.rstrip().endswith((".", "!", "?"))
            and not any(t.text in _STRONG_VERBS or t.text in _TAKES_PART for t in span))


def _named_after(text: str, end: int, named: list[Mention]) -> Mention | None:
    """A named event whose name is written, unquoted, right after an event noun: "norisinājās
    starptautiskā konference LINC Estonia 2019" where the title quotes „LINC Estonia 2019"."""
    after = text[end:end + 120].lstrip()
    for n in named:
        if n.kind == "event" and len(n.label) >= 4 and after.startswith(n.label) and (
                len(after) == len(n.label) or not after[len(n.label)].isalnum()):
            return n
    return None


_DAY = re.compile(rf"\b\d{{1,2}}\.\s*{MONTH_STEMS}|\b\d{{1,2}}\.\d{{1,2}}\.")
_RELATIVE = frozenset(("kas", "kurš", "kura", "kuru", "kurā"))
#: a day, with its year or not, as written in words: "2010.gada 3.novembrī", "10. jūnijā"
DAY_IN_WORDS = rf"(?:\d{{4}}\.\s*gada\s+)?\d{{1,2}}\.\s*{MONTH_STEMS}\w*"
#: a day (and hour) between an event's noun and its verb: " otrdien, 26. februārī, plkst. 10.00, "
_DAY_BETWEEN = re.compile(rf"[\s,]*(?:(?:pirm|otr|treš|ceturt|piekt|sest|svēt)dien\w*[\s,]*)?"
                          rf"(?:{DAY_IN_WORDS}|\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?\d{{4}}\.)?)[\s,]*"
                          rf"(?:plkst\.\s*\d{{1,2}}[.:]\d{{2}}[\s,]*)?")
_DATE_NEXT = re.compile(rf"\s*,?\s*{DAY_IN_WORDS}")


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
    appositive = -1  # ", akronīms VILLAGE HERITAGE," right after a name is part of it
    for k, w in enumerate(words):
        if w in ("„", "«") or (w in ('"', "“") and not depth):
            depth = True
        if depth or k <= appositive:
            inside.append(offset + k)
        if w in ("”", "»") or (w in ('"', "“") and depth and inside[-1] != offset + k):
            depth = False
            if k + 2 < len(words) and words[k + 1] == "," and words[k + 2] in _ACRONYM_WORDS:
                appositive = next((j for j in range(k + 3, min(len(words), k + 9)) if words[j] == ","), -1)
    return _Quoted(inside)


_ACRONYM_WORDS = frozenset(("akronīms", "saīsināti", "saīsinājums"))


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
        if w == "(" and k + 2 < ceiling and doc[k + 2].text == ")" and doc[k + 1].text.isupper():
            continue  # "Eiropas Savienības (ES) fondu": an abbreviation inside the topic
        if w == ")" and k >= 2 and doc[k - 2].text == "(" and doc[k - 1].text.isupper() or (
                w.isupper() and k >= 1 and doc[k - 1].text == "(" and k + 1 < ceiling and doc[k + 1].text == ")"):
            continue
        if (w in _TOPIC_PUNCT or w.isspace() or w.lower() in _TOPIC_STOP or w in _STRONG_VERBS or w in _TAKES_PART
                or any(ch.isdigit() for ch in w) or k in locative or _EVENT_VERBS.match(w)):
            break
        out.append(doc[k])
    while len(out) > 1 and out[-1].text in ("un", "starp", "par", "ar", "uz", "no", "un", "vai"):
        out.pop()
    return out if len(out) > 1 else []


_LOCATIVE_END = (*LOCATIVE_ENDS, "iem")


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
        if (w in _STOP or not any(ch.isalpha() for ch in w) or _EVENT_VERBS.match(w) or w in _STRONG_VERBS
                or w in _TAKES_PART or w in _PLANNED):
            break
        if w == "gada" and j > floor and doc[j - 1].text.lower() in _THIS_YEAR:
            break  # "pirmo šī gada sēdi": when, not a name
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
