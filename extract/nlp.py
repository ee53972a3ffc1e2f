"""The spaCy pipeline: a blank Latvian tokenizer plus rule components.

Components (each "match, then set annotations"):
- ``rg_sentences``: sentence boundaries from extract.sentences
- ``rg_places``: gazetteer forms (PhraseMatcher) -> doc.spans["places"], span.kb_id_ = place key
- ``rg_entities``: quotes, organisations, people, projects, events -> doc._.mentions
The per-document context (report year's gazetteer, acronym table) comes in ``doc.user_data``.
"""

import gc
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from reportgraph.extract.entities.event_forms import (
    plural_series_mentions,
    schedule_mentions,
    verb_event_mentions,
)
from reportgraph.extract.entities.events import unnamed_event_mentions
from reportgraph.extract.entities.gazetteer import Gazetteer
from reportgraph.extract.entities.lexicon import lexicon
from reportgraph.extract.entities.orgs import (
    Acronyms,
    acronym_mentions,
    head_org_mentions,
    municipality_list_mentions,
    planning_region_mentions,
    quoted_org_mentions,
    unknown_acronym_mentions,
)
from reportgraph.extract.entities.people import person_mentions
from reportgraph.extract.entities.projects import (
    card_title_mention,
    dashed_list_mentions,
    field_name_mentions,
    quoted_mentions,
    repeated_names,
)
from reportgraph.extract.entities.quotes import double_single_quotes, find_quotes
from reportgraph.extract.read.sentences import split_sentences
from reportgraph.extract.textutil import doc_text, token_starts, token_texts

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)
if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@dataclass(frozen=True)
class NlpConfig:
    """What the pipeline needs to know: the year picks the administrative division."""

    year: int


@Language.component("rg_sentences")
def rg_sentences(doc: Doc) -> Doc:
    if len(doc):
        values = sentence_start_flags(token_starts(doc), [s.start for s in split_sentences(doc_text(doc))])
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))
    return doc


def sentence_start_flags(token_starts: list[int], sentence_starts: list[int]) -> numpy.ndarray:
    """SENT_START values: 1 for the first token and each token starting where a sentence does,
    -1 for the others. `token_starts` ascend (token offsets); `sentence_starts` are found among
    them by binary search instead of a set test per token."""
    tokens = numpy.asarray(token_starts, dtype=numpy.int64)
    values = numpy.full(len(tokens), -1, dtype="int32")
    if len(tokens):
        values[0] = 1
        wanted = numpy.asarray(sentence_starts, dtype=numpy.int64)
        at = numpy.searchsorted(tokens, wanted)
        inside = at < len(tokens)
        at, wanted = at[inside], wanted[inside]
        values[at[tokens[at] == wanted]] = 1
    return values


@Language.factory("rg_places", default_config={"year": 2018})
def make_places(nlp: Language, name: str, year: int) -> "PlaceRecognizer":
    return PlaceRecognizer(nlp, year)


class PlaceRecognizer:
    """Gazetteer forms of places (all cases, generated) -> doc.spans['places'].

    A dictionary from a form's first token to its token sequences: building spaCy's PhraseMatcher
    for the few thousand forms took longer than reading a whole report, and matching is one dict
    lookup per token. Forms are split into tokens by the pipeline's own tokenizer, so a form
    matches exactly where the same token sequence occurs in a doc (as PhraseMatcher on ORTH).
    """

    def __init__(self, nlp: Language, year: int) -> None:
        self.gazetteer = Gazetteer.for_year(year)
        self.index: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        for form, key in sorted(self.gazetteer.forms(), key=lambda fk: (fk[1], fk[0])):
            place = self.gazetteer.get(key)
            if place.ambiguous and place.country != "LV":
                continue  # "Romu" (of the Roma) is not Rome; foreign homonyms need more context
            words = _form_tokens(nlp, form)
            if words and (words, key) not in seen:
                seen.add((words, key))
                self.index.setdefault(words[0], []).append((words, key, tuple(w.casefold() for w in words[1:])))

    def __call__(self, doc: Doc) -> Doc:
        words = token_texts(doc)
        n = len(words)
        index = self.index
        spans = []
        # most tokens start no form: one list comprehension finds those that do
        for i in [i for i, w in enumerate(words) if w in index]:
            for seq, key, folded in index[words[i]]:
                end = i + len(seq)
                # the words after the first in any case: "Zemgales Plānošanas reģions", "Talsu Novada"
                if end <= n and (len(seq) == 1 or tuple(words[i:end]) == seq or (
                        words[i + 1][:1].isupper() and tuple(w.casefold() for w in words[i + 1:end]) == folded)):
                    spans.append(Span(doc, i, end, label="PLACE", kb_id=key))
        # longest match wins ("Talsu novada" over "Talsu")
        spans.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
        kept: list[Span] = []
        last_end = -1
        for sp in spans:
            if sp.start >= last_end:
                kept.append(sp)
                last_end = sp.end
            elif kept and sp.start == kept[-1].start and sp.end == kept[-1].end:
                kept.append(sp)  # same span, another candidate place
        doc.spans["places"] = kept
        return doc


@Language.component("rg_entities")
def rg_entities(doc: Doc) -> Doc:
    lex = lexicon()
    acronyms: Acronyms = doc.user_data.get("acronyms") or Acronyms(dict(lex.known_acronyms))
    quotes = find_quotes(doc_text(doc))
    doc._.quotes = quotes
    mentions = []
    quoted_orgs = list(quoted_org_mentions(doc, quotes, lex, acronyms))
    mentions += quoted_orgs
    inside_quotes: set[int] = set()
    for q in quotes:
        sp = doc.char_span(q.start, q.end, alignment_mode="expand")
        if sp is not None:
            inside_quotes.update(range(sp.start, sp.end))
    mentions += acronym_mentions(doc, lex, acronyms)
    mentions += unknown_acronym_mentions(doc, acronyms, inside_quotes)
    place_tokens = {i for sp in doc.spans.get("places", []) for i in range(sp.start, sp.end)}
    sent_starts = {s.start for s in doc.sents}
    heads = list(head_org_mentions(doc, lex, acronyms, inside_quotes, place_tokens, sent_starts))
    mentions += heads
    covered = {(m.start, m.end) for m in heads}
    mentions += [m for m in municipality_list_mentions(doc, place_tokens) if (m.start, m.end) not in covered]
    mentions += [m for m in planning_region_mentions(doc)
                 if not any(h.start <= m.start < h.end or m.start <= h.start < m.end for h in heads)]
    org_spans = {(m.start, m.end) for m in quoted_orgs}
    named = list(quoted_mentions(doc, quotes, lex, org_spans))
    mentions += named
    blocked = set(inside_quotes)
    for m in heads:
        sp = doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is not None:
            blocked.update(range(sp.start, sp.end))
    mentions += person_mentions(doc, lex, blocked, sent_starts)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    named_events = [m for m in named if m.kind == "event"]
    mentions += unnamed_event_mentions(doc, lex, sents, named_events)
    taken = [(m.start, m.end) for m in mentions if m.kind in ("event", "project")]
    mentions += schedule_mentions(doc, lex, sents, named_events, taken)
    mentions += plural_series_mentions(doc, lex, sents, taken)
    mentions += verb_event_mentions(doc, sents, [(a, b) for a, b in taken if any(
        m.kind == "event" and m.start == a for m in mentions)])
    repeated = list(repeated_names(doc_text(doc), named))
    mentions += repeated
    quoted_spans = [(m.start, m.end) for m in named + repeated]
    mentions += [m for m in (*dashed_list_mentions(doc_text(doc)), *field_name_mentions(doc_text(doc)))
                 if not any(a < m.end and m.start < b for a, b in quoted_spans)]
    card = card_title_mention(doc, sents, named)
    if card is not None:
        mentions.append(card)
    mentions.sort(key=lambda m: (m.start, -m.end))
    doc._.mentions = mentions
    return doc


_LETTER_DOT = re.compile(r"^[^\W\d_]\.$")
_PLAIN_WORDS = re.compile(r"[^\W_]+(?: [^\W_]+)*")


def _form_tokens(nlp: Language, form: str) -> tuple[str, ...]:
    """The tokens of a place form as the pipeline's tokenizer splits it (letters and digits
    between single spaces split at the spaces, without running the tokenizer)."""
    if _PLAIN_WORDS.fullmatch(form):
        return tuple(form.split(" "))
    return tuple(t.text for t in nlp.make_doc(form))


@lru_cache(maxsize=64)
def make_nlp(config: NlpConfig) -> Language:
    """A blank Latvian pipeline with reportgraph's rule components (cached per config).

    Building one costs a tenth of a second or more (every case form of every place becomes a
    matcher pattern), and most report years share their gazetteer: years whose gazetteers
    recognise the same forms as the same places share one pipeline."""
    return _pipeline_for(_recognition_key(Gazetteer.for_year(config.year)), config.year)


@lru_cache(maxsize=64)  # gazetteers live as long as the process, shared by years
def _recognition_key(gaz: Gazetteer) -> tuple[frozenset, frozenset]:
    """What place recognition depends on: every (form, key) pair and each key's ambiguity and
    country. Equal keys mean equal matches, whatever the year."""
    return (frozenset(gaz.forms()),
            frozenset((p.key, p.ambiguous, p.country) for p in gaz.places()))


_PIPELINES: dict[tuple[frozenset, frozenset], Language] = {}


def _pipeline_for(key: tuple[frozenset, frozenset], year: int) -> Language:
    nlp = _PIPELINES.get(key)
    if nlp is None:
        nlp = _PIPELINES[key] = _build_nlp(year)
        # The pipeline, gazetteer and lexicon live as long as the process: move them out of the
        # cyclic garbage collector's generations, which otherwise rescans them during every
        # report (a tenth of extraction time).
        gc.freeze()
    return nlp


def _build_nlp(year: int) -> Language:
    nlp = spacy.blank("lv")
    nlp.max_length = 60_000_000
    # spaCy's base tokenizer exceptions are emoticons and single letters with a full stop ("g.",
    # "a."); any exception holding punctuation makes the tokenizer run a PhraseMatcher over the
    # whole doc, 20x the cost of tokenising a report. Single letters with a full stop stay one
    # token through `token_match`; emoticons do not occur in reports.
    nlp.tokenizer.rules = {}
    nlp.tokenizer.token_match = _LETTER_DOT.match
    # No component reads lexical attributes (is_alpha, like_num, shape, norm …): spaCy would
    # compute them all for every word it meets the first time, about a third of the cost of
    # tokenising new text. Without the getters a new word costs its string only.
    nlp.vocab.lex_attr_getters = {}
    nlp.add_pipe("rg_sentences")
    nlp.add_pipe("rg_places", config={"year": year})
    nlp.add_pipe("rg_entities")
    return nlp


def analyse(nlp: Language, text: str, acronyms: Acronyms) -> Doc:
    """Run the pipeline on one text with its per-document context (names in single quotes read
    as quoted: entities/quotes.py double_single_quotes, offsets unchanged)."""
    text = double_single_quotes(text)
    doc = nlp.make_doc(text)
    doc.user_data["acronyms"] = acronyms
    doc.user_data["text"] = text
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
