"""Recognise organisations: acronyms, quoted names after a legal form, names read from a head noun."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from reportgraph.extract.entities.abbreviations import AbbreviationList
from reportgraph.extract.entities.fundcues import all_cues
from reportgraph.extract.entities.lexicon import Entry, Lexicon
from reportgraph.extract.entities.names import (
    LOCATIVE_ENDS,
    adjective_nominative,
    is_acronym,
    is_cap,
    looks_adjective,
    looks_genitive,
    strip_ordinal,
)
from reportgraph.extract.entities.quotes import Quote
from reportgraph.extract.textutil import doc_text, token_texts
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import slugify

MAX_NAME_TOKENS = 8
_CONNECTORS = {"un"}
_INTERNATIONAL_PREFIX = ("Eiropas", "Starptautisk", "Apvienoto")
# Acronym expansions that are class nouns, not organisations ("Nevalstiskā organizācija").
_GENERIC_HEADS = {"organizācija", "iestāde", "institūcija", "republika", "savienība"}
# Acronyms of funds are funding sources, not actors.
_EU_CODES = {"ESF", "ERDF", "CF", "EU"}
_FUND_ACRONYMS = {"ESF", "ERAF", "ERDF", "KF", "EEZ", "EJZF", "ELFLA"}


@dataclass(frozen=True)
class Acronyms:
    """Acronym -> full name, from the report's own list and the shipped list."""

    names: dict[str, str]

    @classmethod
    def build(cls, report_list: AbbreviationList | None, known: dict[str, str]) -> "Acronyms":
        names = dict(known)
        if report_list is not None:
            names.update({a.acronym: a.name for a in report_list.items})
        return cls(names)

    def acronym_of(self, label: str) -> str | None:
        """The first acronym (in the table's order) whose name is label, ignoring case."""
        return self._by_folded_name.get(label.casefold())

    @cached_property
    def _by_folded_name(self) -> dict[str, str]:
        """Case-folded name -> its first acronym, built on first use instead of a scan per label."""
        out: dict[str, str] = {}
        for acr, name in self.names.items():
            out.setdefault(name.casefold(), acr)
        return out


def org_class(label: str, head_cls: str, acronym: bool = False) -> str:
    """The class of an organisation from its name: international by its first word, NGO when it
    says so, and a Latvian body known by an official acronym or called 'konsultatīvā padome' is
    a state authority."""
    if label.startswith(_INTERNATIONAL_PREFIX):
        return "InternationalOrganization"
    folded = label.casefold()
    if "nevalstisk" in folded or re.search(r"(?<!sa)biedrīb", folded):  # not "Sabiedrības integrācijas fonds"
        return "NGO"
    if head_cls in ("", "Organization") and (acronym or "konsultatīv" in folded):
        return "PublicAuthority"
    return head_cls or "Organization"


def org_key(label: str, acronyms: Acronyms) -> str:
    acr = acronyms.acronym_of(label)
    return slugify(acr) if acr else slugify(label)


def acronym_mentions(doc: Doc, lex: Lexicon, acronyms: Acronyms) -> Iterable[Mention]:
    """Tokens that are known acronyms of organisations (KM, NVA, ...)."""
    for i, w in enumerate(token_texts(doc)):
        name = acronyms.names.get(w)
        if not name:
            continue
        tok = doc[i]
        head = name.split()[-1].casefold()
        entry = lex.org_heads.get(name.split()[-1]) or lex.org_heads.get(head)
        if entry is None or entry.lemma in _GENERIC_HEADS or tok.text in _FUND_ACRONYMS:
            continue
        yield Mention(
            "org", tok.idx, tok.idx + len(tok.text), tok.text, name, slugify(tok.text),
            org_class(name, entry.cls, acronym=True), (("acronym", tok.text), ("orgKind", entry.kind)),
        )


_ACRONYM = re.compile(r"^[A-ZĀČĒĢĪĶĻŅŠŪŽ]{3,7}$")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
#: all-capital words that are not organisations (currencies, programmes, common nouns, formats)
_NOT_ORGS = {"EUR", "LVL", "USD", "NVO", "PDF", "DOCX", "COVID", "LEADER", "REACT", "URBACT",
             "INTERREG", "MATRA", "SAM", "ESF", "ERAF", "EEZ", "EKP", "IKT", "PVN", "VID", "UNESCO"}
#: what an organisation does right after its name ("LCESC organizēja", "LCESC sadarbībā ar")
_ACTOR_VERB = re.compile(
    r"^(?:organizē\w*|īsteno\w*|rīko\w*|plāno|aicina|piedāvā|sniedz|sniedza|vada|vadīja|uzsāk\w*|"
    r"realizē\w*|informē\w*|sadarbībā|ir|bija|kopā|sagatavoja|izstrādāja|izveidoja|"
    r"veic|veica|iesniedza|pārstāv\w*|turpina)$")


def unknown_acronym_mentions(doc: Doc, acronyms: Acronyms, blocked: set[int]) -> Iterable[Mention]:
    """Acronyms no list expands that the text uses as an organisation: one of them written right
    before what an organisation does ("LCESC organizēja", "LCESC sadarbībā ar") makes every
    occurrence in the text an organisation (label: the acronym itself)."""
    words = token_texts(doc)
    n = len(words)

    def candidate(i: int) -> bool:
        w = words[i]
        if (i in blocked or not _ACRONYM.match(w) or w in acronyms.names or w in _FUND_ACRONYMS
                or w in _NOT_ORGS or _ROMAN.match(w)):
            return False
        # a heading in capitals is no acronym: its neighbours are capitals too
        return not any(0 <= j < n and words[j].isupper() and len(words[j]) > 2 for j in (i - 1, i + 1))

    actors = {words[i] for i in range(n - 1) if candidate(i) and _ACTOR_VERB.match(words[i + 1])}
    for i in range(n):
        if words[i] in actors and candidate(i):
            tok = doc[i]
            yield Mention("org", tok.idx, tok.idx + len(tok.text), tok.text, tok.text,
                          slugify(tok.text), "Organization", (("acronym", tok.text),))


def quoted_org_mentions(doc: Doc, quotes: list[Quote], lex: Lexicon, acronyms: Acronyms) -> Iterable[Mention]:
    """„X” written right after a legal form: biedrība „X”, SIA „X”, ansamblis „X”."""
    text = doc_text(doc)
    for q in quotes:
        if q.depth:
            continue
        before = doc.char_span(max(0, q.start - 40), q.start, alignment_mode="contract")
        if before is None or not len(before):
            continue
        last = before[-1]
        entry = lex.org_forms.get(last.text) or lex.org_forms.get(last.text.casefold())
        if entry is None:
            named = _self_named(text, q, before, lex)
            if named is not None:
                yield named
            continue
        name = " ".join(q.inner(text).split()).strip()
        if not name or len(name) > 120:
            continue
        name = _in_case_of_form(name, last.text, lex)
        start = last.idx
        # modifiers before the form: "Daugavpils romu biedrība", "Sabiles romu ansamblis"
        place_hint = ""
        i = last.i - 1
        while i >= max(0, last.i - 3) and (doc[i].text.islower() and looks_genitive(doc[i].text) or is_cap(doc[i].text)):
            if is_cap(doc[i].text):
                place_hint = doc[i].text
            i -= 1
        yield Mention(
            "org", start, q.end, text[start:q.end], name, slugify(name), entry.cls,
            (("orgKind", entry.kind), ("placeHint", place_hint)),
        )


_INNER_QUOTE = re.compile(r"\s+[„“\"«][^„“\"«”»]*[”\"»“]$")


def _in_case_of_form(name: str, form: str, lex: Lexicon) -> str:
    """The quoted name in the nominative, when its head noun was put in the sentence's case:
    "NVO „Izglītības iniciatīvu centra” projekts" -> "Izglītības iniciatīvu centrs", "Biedrībai
    „Līvu savienībai „Līvõd īt”” piešķirts" -> "Līvu savienība „Līvõd īt”". A head in another case
    than the legal form's is the name's own: "Biedrības „Atbalsts Pūres pamatskolai”" stays."""
    inner = _INNER_QUOTE.search(name)
    body, rest = (name[:inner.start()], name[inner.start():]) if inner else (name, "")
    words = body.split()
    head = lex.org_heads.get(words[-1]) if words else None
    if head is None or head.case in ("nom", "") or head.case.startswith("pl"):
        return name
    outer = lex.org_heads.get(form) or lex.org_heads.get(form.casefold())
    if outer is not None and outer.case != head.case:
        return name
    return body[:len(body) - len(words[-1])] + head.lemma + rest


def _self_named(text: str, q: Quote, before, lex: Lexicon) -> Mention | None:
    """A quoted name that ends with its own head noun and follows no cue of a project or an event:
    "…, ko organizēja „Bērnu un jauniešu mūzikas klubs”" is an organisation."""
    name = " ".join(q.inner(text).split()).strip()
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_TOKENS:
        return None
    head = lex.org_heads.get(words[-1])
    if head is None or head.case != "nom" or head.lemma in _GENERIC_HEADS:
        return None
    prev = before[-1].text if len(before) else ""
    if not prev.isalpha() or not prev.islower() or "\n" in text[before[-1].idx:q.start]:
        return None  # a title line „Zemgales tīkls” names no one; "ko organizēja „…klubs”" does
    for tok in list(before)[-1:]:  # "projekts „…klubs”" is a project
        low = tok.text[:1].lower() + tok.text[1:]
        if lex.project_cues.get(low) or lex.event_cues.get(low) or low in lex.name_heads:
            return None
    return Mention("org", q.start, q.end, text[q.start:q.end], name, slugify(name),
                   org_class(name, head.cls), (("orgKind", head.kind),))


def _head_entry(text: str, lex: Lexicon):
    _, word = strip_ordinal(text) if text[:1].isdigit() else ("", text)
    return lex.org_heads.get(word) or (lex.org_heads.get(word.casefold()) if word[:1].isupper() else None)


_VERB_END = re.compile(r"(?:sies|ties|[īāēo]jās|alās|ēja|āja|oja|īja|ēs|ās|ēma|ems)$")  # reflexive, past and future verb endings ("saņēma", "saņems")
_CONNECTIVES = frozenset(("Savukārt", "Tāpat", "Turklāt", "Arī", "Tomēr", "Tādējādi", "Vēl", "Jau", "Tagad",
                          "Šogad", "Pērn", "Tikmēr", "Līdztekus", "Papildus", "Kopumā", "Tātad", "Proti",
                          # prepositions and conjunctions opening a sentence ("Ar Lauku atbalsta dienesta
                          # … lēmumu"): capitalised there, never the first word of a name
                          "Ar", "Par", "Pie", "No", "Uz", "Pēc", "Līdz", "Bez", "Starp", "Pret", "Pirms", "Kopš",
                          "Saskaņā", "Sadarbībā", "Pateicoties", "Ja", "Kad", "Lai", "Bet", "Vai", "Gan"))
_QUOTE_OPEN = "„“\"«"
_GERUND_END = ("oties", "ojoties", "ējot", "ējoties", "ot", "ām", "iem")


def head_org_mentions(doc: Doc, lex: Lexicon, acronyms: Acronyms, blocked: set[int],
                      place_tokens: set[int], sent_starts: set[int]) -> Iterable[Mention]:
    """Names read leftwards from a head noun: 'Ventspils Galvenā bibliotēka', 'Jelgavas 4.pamatskola'.

    `place_tokens` are indices of tokens inside gazetteer matches: a place in the locative
    ("Rīgā Latvijas Pašvaldību savienības") is where, not part of the name.
    """
    text = doc_text(doc)
    words = token_texts(doc)
    heads = lex.org_heads
    entries: dict[str, Entry | None] = {}  # _head_entry of each distinct word: most words repeat
    for i, w in enumerate(words):
        if w in entries:
            entry = entries[w]
        else:
            # _head_entry, with its common case (no head noun at all) inlined
            entry = entries[w] = (heads.get(w) if w[:1].isalpha() and not w[:1].isupper()
                                  else _head_entry(w, lex))
        if entry is None or i in blocked or entry.case.startswith("pl"):
            continue
        if i > 0 and lex.compound_event(w, doc[i - 1].text) is not None:
            continue  # "vasaras skola": an event, not a school
        tok = doc[i]
        nxt = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
        if nxt[:1] in _QUOTE_OPEN:
            continue  # a legal form before a quoted name: the quoted name is the organisation
        if w.endswith("u") and w.islower() and _head_entry(nxt, lex) is not None:
            continue  # "Nacionālo kultūras biedrību asociācija": a genitive plural before the head
        start_i = _scan_left(doc, tok.i, lex, blocked, place_tokens, sent_starts)
        if start_i is None:
            continue
        words = [t.text for t in doc[start_i:tok.i]]
        if words and looks_adjective(words[-1]) and not words[-1].endswith("u"):
            words[-1] = adjective_nominative(words[-1], entry.lemma, entry.case)
        ordinal, _ = strip_ordinal(tok.text)
        head_nom = entry.lemma if tok.text[len(ordinal):][:1].islower() else entry.lemma.capitalize()
        tail = _tail(doc, tok.i)
        label = re.sub(r"(\d) \.", r"\1.", " ".join(words + [ordinal + head_nom] + [t.text for t in tail]))
        if entry.kind == "fonds" and _eu_fund(label):
            continue  # "Eiropas Lauksaimniecības fonds": money of the EU, not an actor
        span_start = doc[start_i].idx
        last = tail[-1] if tail else tok
        yield Mention(
            "org", span_start, last.idx + len(last.text), text[span_start:last.idx + len(last.text)],
            label, org_key(label, acronyms), org_class(label, entry.cls), (("orgKind", entry.kind),),
        )


def _eu_fund(label: str) -> bool:
    """Whether a name headed by "fonds" is one of the EU's funds (a cue of fund_cues.tsv that
    names the EU or one of its funds and starts the name), not a body such as the
    Sabiedrības integrācijas fonds."""
    return any(c.start == 0 and c.code.rstrip("?") in _EU_CODES for c in all_cues(label))


def _tail(doc: Doc, head: int) -> list[Token]:
    """Words after the head that belong to the name: 'komiteja romu jautājumos',
    'Centrs minoritāšu jautājumos' (a genitive and 'jautājumos', 'lietās')."""
    nxt = doc[head + 1:head + 3]
    if len(nxt) == 2 and nxt[0].text.islower() and nxt[1].text in ("jautājumos", "lietās"):
        return list(nxt)
    return []


def _scan_left(doc: Doc, head: int, lex: Lexicon, blocked: set[int], place_tokens: set[int],
               sent_starts: set[int]) -> int | None:
    """Index of the first token of a name ending at `head`, or None when it is no name."""
    words = token_texts(doc)
    start_i = head
    i = head - 1
    while i >= 0 and head - i <= MAX_NAME_TOKENS:
        w = words[i]
        if i == head - 1 and w == "." and i > 0 and re.fullmatch(r"\d{1,3}", words[i - 1]):
            start_i = i - 1  # "Rīgas 6. vidusskola": the school's number
            i -= 2
            continue
        if i in blocked or is_acronym(w) or not any(ch.isalpha() for ch in w):
            break
        if any(ch.isdigit() for ch in w) and not re.match(r"^[A-ZĀČĒĢĪĶĻŅŠŪŽ]\.", w):
            break
        if i in place_tokens and w.endswith(LOCATIVE_ENDS):
            break
        if w in _CONNECTIVES or w.islower() and _VERB_END.search(w):
            break  # "Savukārt Ventspils …", "… piedalīsies Vides … ministrijas": a connective or a verb
        if w in _CONNECTORS:
            right = doc[i + 1].text if i + 1 < head else ""
            if not right[:1].islower():
                break
            start_i = i
            i -= 1
            continue
        other = _head_entry(w, lex)
        if other is not None and other.case != "gen" and w.islower() and not (i == head - 1 and w.endswith("u")):
            break  # "Kultūras ministrija | Eiropas Savienības programmas": a name ends there
            # (a genitive plural right before the head is part of it: "kultūras biedrību asociācija")
        if is_cap(w) or (w.islower() and (looks_genitive(w) or looks_adjective(w))):
            start_i = i
            i -= 1
            continue
        break
    # a sentence-initial capitalised word starts a name only when it is a place or precedes one,
    # or the words are a known name's ("Kultūras ministrijas īstenotā …") or are abbreviated
    # right after the head ("Izglītības iniciatīvu centrs (IIC) uzsācis …")
    first = doc[start_i]
    if first.i in sent_starts and start_i < head and first.i not in place_tokens and (
            not is_cap(doc[start_i + 1].text) or first.text.endswith(_GERUND_END)) and not (
            " ".join(words[start_i:head]) in lex.name_prefixes or _abbreviated_after(doc, head)):
        start_i += 1
    # a person named before it ("pārstāvis Juris Kālis aģentūrai LETA …") is no part of the name
    for k in range(start_i, head - 1):
        if words[k] in lex.first_names and is_cap(words[k + 1]):
            start_i = k + 2
    # the name must start with a capitalised word; drop leading lower-case words and "un"
    while start_i < head and (not is_cap(doc[start_i].text) or doc[start_i].text in _CONNECTORS):
        start_i += 1
    if start_i == head:
        return None  # a lone head noun ("Biedrība", "pārvaldes") is not a name
    return start_i


def _abbreviated_after(doc: Doc, head: int) -> bool:
    """'… centrs (IIC)': the name is given its abbreviation right after its head."""
    return head + 3 < len(doc) and doc[head + 1].text == "(" and is_acronym(doc[head + 2].text) \
        and doc[head + 3].text == ")"


_UNIT_WORDS = {"pilsētas", "novada"}
_MUNI_HEAD = re.compile(r"^(pašvaldīb|dom[eēi])")


def municipality_list_mentions(doc: Doc, place_tokens: set[int]) -> Iterable[Mention]:
    """Municipalities named in a list: '(Daugavpils pilsētas, …, Talsu novada un Viļakas novada)
    pašvaldības', 'pašvaldībām (Jelgavas, Jūrmalas, Jēkabpils …)'. Each item is one municipal
    authority; its territory is resolved from the place later."""
    text = doc_text(doc)
    words = token_texts(doc)
    n = len(doc)
    i = 0
    while i < n:
        # a list starts after "pašvaldīb… (" or with "<place> pilsētas/novada"
        opened_after_muni = (words[i] == "(" and i > 0 and _MUNI_HEAD.match(words[i - 1].casefold()))
        start = i + 1 if opened_after_muni else i
        items: list[tuple[int, int]] = []
        j = start
        while j < n:
            if j in place_tokens and words[j][:1].isupper():
                k = j
                while k + 1 < n and k + 1 in place_tokens:
                    k += 1
                end = k + 1
                if end < n and words[end] in _UNIT_WORDS:
                    end += 1
                elif not opened_after_muni:
                    break
                items.append((j, end))
                j = end
                if j < n and words[j] in (",", "un"):
                    j += 1
                    continue
            break
        if not items:
            i += 1
            continue
        after = words[j].casefold() if j < n else ""
        closes = j < n and words[j] == ")"
        after_close = words[j + 1].casefold() if closes and j + 1 < n else ""
        is_list = (opened_after_muni and closes) or bool(_MUNI_HEAD.match(after)) or (
            closes and bool(_MUNI_HEAD.match(after_close)))
        if is_list and (len(items) > 1 or not _MUNI_HEAD.match(after)):
            for a, b in items:
                s, e = doc[a].idx, doc[b - 1].idx + len(words[b - 1])
                surface = text[s:e]
                yield Mention("org", s, e, surface, surface + " pašvaldība", slugify(surface),
                              "Municipality", (("orgKind", "pašvaldība"),))
        i = max(j, i + 1)


#: "X rīkotā / organizētā / īstenotā / finansētā …": X (in the genitive) is who does it
_AGENT_PARTICIPLE = re.compile(r"(?:sa)?(?:rīkot|organizēt|īstenot|realizēt|vadīt|koordinēt|finansēt|atbalstīt|iesniegt|sagatavot)"
                               r"(?:ā|ais|o|ajā|ajam|ās|ie|os|ajos|ajās|ajiem|ajām|iem|ām|s|a|i)$")
_REGION_ACTOR_FORMS = {"reģions", "reģionam", "Reģions", "Reģionam"}


def planning_region_mentions(doc: Doc) -> Iterable[Mention]:
    """A planning region that acts is its institution: 'Kurzemes plānošanas reģions uzsāka …',
    'piešķirts Latgales plānošanas reģionam', 'sadarbībā ar Vidzemes plānošanas reģionu'. In the
    locative or genitive ('… reģionā', '… reģiona teritorijā') it stays a place only."""
    text = doc_text(doc)
    words = token_texts(doc)
    for sp in doc.spans.get("places", []):
        last = sp.end - 1
        if sp.end - sp.start < 3 or words[last - 1].casefold() != "plānošanas":
            continue
        w = words[last]
        nxt = last + 1
        if nxt + 2 < len(words) and words[nxt] == "(" and words[nxt + 2] == ")":
            nxt += 3  # "Zemgales plānošanas reģiona (ZPR) rīkotā …"
        if nxt + 3 < len(words) and words[nxt] == "un" and words[nxt + 1] in ("tā", "tās") \
                and words[nxt + 2].startswith("partner"):
            nxt += 3  # "… reģiona un tā partneru iesniegtie projekti"
        actor = w in _REGION_ACTOR_FORMS or (w.casefold() == "reģionu" and sp.start > 0
                                             and words[sp.start - 1].casefold() == "ar") or (
            w.casefold() == "reģiona" and nxt < len(words) and _AGENT_PARTICIPLE.match(words[nxt]) is not None)
        if not actor:
            continue
        s, e = doc[sp.start].idx, doc[last].idx + len(w)
        label = " ".join(words[sp.start:last - 1]) + " plānošanas reģions"
        yield Mention("org", s, e, text[s:e], label, slugify(label), "PublicAuthority",
                      (("orgKind", "plānošanas reģions"), ("areaServed", sp.kb_id_)))
