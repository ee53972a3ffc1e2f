"""Recognise projects, programmes and named events from quoted names and their cue words."""

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from reportgraph.extract.lexicon import Lexicon
from reportgraph.extract.quotes import Quote
from reportgraph.extract.textutil import doc_text
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


def clean_name(name: str) -> str:
    return " ".join(name.split()).strip(" ,;:")


def quoted_mentions(doc: Doc, quotes: list[Quote], lex: Lexicon, org_spans: set[tuple[int, int]]) -> Iterable[Mention]:
    """Projects and named events: a quote with a project or event cue word just before it."""
    text = doc_text(doc)
    for q in quotes:
        if any(s <= q.start and q.end <= e for s, e in org_spans):
            continue
        span = doc.char_span(max(0, q.start - 80), q.start, alignment_mode="contract")
        if span is None:
            continue
        toks = list(span)[-CUE_WINDOW:]
        cue = None
        eu_id = ""
        for k in range(len(toks) - 1, -1, -1):
            w = toks[k].text
            if w in _OBJECTIVE:
                break  # "mērķa „Palielināt …”": a specific objective, not a project
            low = w[:1].lower() + w[1:]
            if lex.project_cues.get(low) or lex.event_cues.get(low):
                cue = low
                before = "".join(t.text for t in toks[max(0, k - 2):k])
                m_id = re.search(r"(\d+(?:\.\d+){1,3})\.?$", before)
                if m_id:
                    eu_id = m_id.group(1)
                break
            if w in "„“”\"()":
                break
        if cue is None:
            continue
        name = clean_name(q.inner(text))
        if not name or len(name) > 200:
            continue
        pcue = lex.project_cues.get(cue)
        ecue = lex.event_cues.get(cue)
        measure = bool(re.search(r"\b[Pp]asākumi\b", name))  # "Kompleksi … pasākumi": a measure
        if pcue and (pcue.kind != "pasākums" or eu_id or measure):
            attrs = (("euId", eu_id),) if eu_id else ()
            yield Mention("project", q.start, q.end, text[q.start:q.end], name, name_key(name), pcue.kind, attrs)
        elif ecue:
            yield Mention("event", q.start, q.end, text[q.start:q.end], name, name_key(name), ecue.kind)


def esf_numbers(text: str) -> list[tuple[int, int, str]]:
    """ESF project numbers like 8.3.2.2/16/I/001 with their spans."""
    return [(m.start(), m.end(), m.group(0)) for m in _ESF_PROJECT_NO.finditer(text)]


_EVENT_VERBS = re.compile(
    r"\b(notika|notiks|norisinājās|tika\s+(?:organizēt[sai]|rīkot[sai]|atklāt[sai]|sarīkot[sai])|"
    r"organizēja|rīkoja|sarīkoja)\b"
)


def unnamed_event_mentions(doc: Doc, lex: Lexicon, sentences: list[tuple[int, int]], named: list[Mention]) -> Iterable[Mention]:
    """Events without a quoted name: 'notika pieredzes apmaiņas seminārs', 'tika organizēta nometne'."""
    text = doc_text(doc)
    for s, e in sentences:
        if not _EVENT_VERBS.search(text, s, e):
            continue
        if any(s <= m.start < e for m in named):
            continue
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is None:
            continue
        for tok in span:
            entry = lex.event_cues.get(tok.text)
            if entry is None or entry.case not in ("nom", "acc", "pl_nom"):
                continue
            words = [entry.lemma]
            j = tok.i - 1
            while j >= span.start and tok.i - j <= 3:
                w = doc[j].text
                if w.islower() and re.search(r"(as|es|us|u|ības|o)$", w) and w not in {"tika", "bija", "uz", "par"}:
                    words.insert(0, w)
                    j -= 1
                    continue
                break
            label = " ".join(words)
            label = label[0].upper() + label[1:]
            yield Mention("event", doc[j + 1].idx, tok.idx + len(tok.text),
                          text[doc[j + 1].idx:tok.idx + len(tok.text)], label, name_key(label), entry.kind,
                          (("unnamed", "1"),))
            break
