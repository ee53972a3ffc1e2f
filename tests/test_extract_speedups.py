"""The second round of extraction speed-ups, each checked against what it replaced: regexes
guarded by substring tests, the fund-cue prefilter, and the tokenizer without lexical attributes."""

import re
import sys
from pathlib import Path

import pytest
import spacy

from reportgraph.extract.entities import counts, dates
from reportgraph.extract.entities.fundcues import (
    _ODD_CASE,
    _may_hold_first_word,
    _regex,
    all_cues,
    fund_cues,
)
from reportgraph.extract.guarded import Guarded
from reportgraph.extract.nlp import NlpConfig, make_nlp
from reportgraph.extract.relations import collect, coref, event_rules
from reportgraph.extract.relations import rules as relations

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"
EXCERPTS = sorted((Path(__file__).parent / "excerpts").glob("*.txt"))

# written for these tests, in the register of the reports, with other names, places and sums
OWN = [
    "Biedrība „Ludzas romu kopiena” 2019. gadā īstenoja projektu „Zināšanu tilts”.",
    "Projekta ietvaros notika seminārs Rēzeknē, kurā piedalījās 42 dalībnieki.",
    "Šī projekta kopējais finansējums ir 12 400 eiro, no tiem valsts budžeta līdzekļi 3 100 eiro.",
    "Pasākumu organizēja Valmieras novada pašvaldība sadarbībā ar biedrību „Gaisma”.",
    "Programmas uzdevumi tika īstenoti no 2020. gada 3. marta līdz 15. septembrim.",
    "Informācija pieejama https://www.example.lv/projekti (skatīts 05.01.2021.).",
    "ESF projekta Nr. 9.2.4.2/16/I/001 ietvaros vadīja nodarbības Cēsu novadā.",
    "EIROPAS SOCIĀLĀ FONDA un VALSTS BUDŽETA atbalstu saņēma arī Liepājas biedrība.",
    "Koncertā un izstādē Kuldīgā septembrī piedalījās 120 apmeklētāji.",
    "Sanāksmi vadīja Aija Kalniņa; tajā netika runāts par naudu.",
]

GUARDED = {
    "relations.IMPL_VERB": relations.IMPL_VERB,
    "coref.ANAPHOR": coref.ANAPHOR,
    "coref.PROGRAMME_ANAPHOR": coref.PROGRAMME_ANAPHOR,
    "coref.EVENT_ANAPHOR": coref.EVENT_ANAPHOR,
    "event_rules.PARTICIPATE": event_rules.PARTICIPATE,
    "relations.ESF_ID": relations.ESF_ID,
    "dates._URL": dates._URL,
    "counts._URL": counts._URL,
    "dates.month": dates._patterns().month,
}


def _texts() -> list[str]:
    """Every line of the sample report and of the test excerpts, and the sentences above."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    for path in EXCERPTS:
        lines += path.read_text(encoding="utf-8").splitlines()
    return [t for t in lines if t.strip()] + OWN


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_guarded_answers_as_its_regex(name: str) -> None:
    g = GUARDED[name]
    hits = 0
    for t in _texts():
        plain = list(g.rx.finditer(t))
        assert _spans(g.finditer(t)) == _spans(plain), t
        first = g.search(t)
        assert (first.span() if first else None) == (plain[0].span() if plain else None), t
        hits += bool(plain)
    assert hits > 0  # the texts exercise the pattern


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_guarded_needle_in_every_match(name: str) -> None:
    g = GUARDED[name]
    for t in _texts():
        for m in g.rx.finditer(t):
            assert any(n in m.group(0) for n in g.needles), (name, m.group(0))


def test_guarded_skips_texts_without_needles() -> None:
    g = Guarded(re.compile(r"\bpiedalījās\b"), ("piedalījās",))
    assert g.could_match("Seminārā piedalījās 30 jaunieši.")
    assert g.search("Seminārā piedalījās 30 jaunieši.").group(0) == "piedalījās"
    assert not g.could_match("Seminārs notika Daugavpilī.")
    assert g.search("Seminārs notika Daugavpilī.") is None
    assert list(g.finditer("Seminārs notika Daugavpilī.")) == []


def test_fundcues_prefilter_passes_every_case_form() -> None:
    """A character the cue regex matches (case-insensitively) to a letter of a first word either
    lower-cases to that letter or is one of _ODD_CASE: the prefilter never hides a cue."""
    upper, lower = _regex()[2]
    letters = sorted({ch for w in lower for ch in w})
    one_of = re.compile("(?i:[" + re.escape("".join(letters)) + "])")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if one_of.fullmatch(ch) and ch.lower() not in letters:
            assert _ODD_CASE.fullmatch(ch), hex(code)
    assert all(w.isupper() for w in upper) and all(w == w.lower() for w in lower)


def test_fundcues_prefilter_agrees_with_full_regex() -> None:
    rx = _regex()[0]
    odd = ["ſtruktūrfondu atbalsts", "VALſTS budžets", "MİNİSTRİJAS finansējums"]
    for t in _texts() + odd:
        found = list(rx.finditer(t))
        if found:
            assert _may_hold_first_word(t, _regex()[2]), t
        assert [(c.start, c.end) for c in all_cues(t)] == [m.span() for m in found], t
    assert not _may_hold_first_word("Seminārs notika Daugavpilī 2019. gadā.", _regex()[2])


def test_fundcues_cues_in_capitals_and_lower_case() -> None:
    codes = [c.code for c in fund_cues(OWN[7])]
    assert codes == ["ESF", "STATE"]
    assert [c.code for c in fund_cues(OWN[2])] == ["STATE"]
    assert fund_cues(OWN[0]) == []


def test_nlp_tokens_without_lexical_attributes() -> None:
    """The pipeline computes no lexical attributes; its tokens are those of a tokenizer that does."""
    nlp = make_nlp(NlpConfig(2018))
    assert nlp.vocab.lex_attr_getters == {}
    other = spacy.blank("lv")
    assert other.vocab.lex_attr_getters  # spaCy's default computes them
    other.tokenizer.rules = {}
    other.tokenizer.token_match = nlp.tokenizer.token_match
    text = FIXTURE.read_text(encoding="utf-8") + "\n" + "\n".join(OWN)
    a, b = nlp.make_doc(text), other.make_doc(text)
    assert [(t.text, t.whitespace_) for t in a] == [(t.text, t.whitespace_) for t in b]


# ---------------------------------------------------------------- third round


def test_nlp_sentence_start_flags_as_set_test() -> None:
    """Binary search over token offsets flags the same tokens as a set test per token."""
    from reportgraph.extract.nlp import sentence_start_flags
    from reportgraph.extract.read.sentences import split_sentences
    from reportgraph.extract.textutil import token_starts

    nlp = make_nlp(NlpConfig(2018))
    for text in [FIXTURE.read_text(encoding="utf-8"), " ".join(OWN), "\n".join(OWN)]:
        doc = nlp.make_doc(text)
        tokens = token_starts(doc)
        wanted = [s.start for s in split_sentences(text)]
        starts = set(wanted)
        expected = [1 if (i == 0 or idx in starts) else -1 for i, idx in enumerate(tokens)]
        assert sentence_start_flags(tokens, wanted).tolist() == expected
    # a sentence start inside a token or past the last one flags nothing
    assert sentence_start_flags([0, 5, 9], [3, 9, 40]).tolist() == [1, -1, 1]
    assert sentence_start_flags([], [0]).tolist() == []


def test_textutil_tokens_as_spacy_tokens() -> None:
    from reportgraph.extract.textutil import token_starts, token_texts

    nlp = make_nlp(NlpConfig(2018))
    doc = nlp.make_doc(FIXTURE.read_text(encoding="utf-8") + "\n" + "\n".join(OWN))
    assert token_texts(doc) == [t.text for t in doc]
    assert token_starts(doc) == [t.idx for t in doc]
    empty = nlp.make_doc("")
    assert token_texts(empty) == [] and token_starts(empty) == []


def test_relations_anaphor_lookahead_changes_no_match() -> None:
    """ANAPHOR's leading lookahead only skips positions where no alternative can start."""
    lead = r"\b(?=[ŠšPp])"
    pattern = coref.ANAPHOR.rx.pattern
    assert pattern.startswith(lead)
    plain = re.compile(r"\b" + pattern[len(lead):])
    hits = 0
    for t in _texts() + ["Šajā projektā piedalījās 20 jaunieši.", "Šī projekta rezultāti.",
                         "Projektu īstenoja biedrība.", "projektam piešķirti 500 eiro."]:
        assert _spans(coref.ANAPHOR.rx.finditer(t)) == _spans(plain.finditer(t)), t
        hits += bool(plain.search(t))
    assert hits > 4


def test_orgs_acronym_of_first_acronym_ignoring_case() -> None:
    from reportgraph.extract.entities.orgs import Acronyms

    acr = Acronyms({"VK": "Valsts kanceleja", "KM": "Kultūras ministrija",
                    "KUM": "kultūras ministrija"})
    assert acr.acronym_of("KULTŪRAS MINISTRIJA") == "KM"  # the first in the table wins
    assert acr.acronym_of("Valsts kanceleja") == "VK"
    assert acr.acronym_of("Izglītības ministrija") is None


def test_triples_add_keeps_one_copy_in_first_order() -> None:
    from rdflib import Literal, URIRef

    from reportgraph.extract.rdf.triples import Triples

    s, p, q = URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:q")
    g = Triples()
    g.add((s, p, Literal("Rēzekne", lang="lv")))
    g.add((s, p, Literal(5)))
    g.add((s, p, Literal("Rēzekne", lang="lv")))  # an equal, new object
    g.add((s, q, Literal(5)))
    assert len(g) == 3
    assert list(g) == [(s, p, Literal("Rēzekne", lang="lv")), (s, p, Literal(5)), (s, q, Literal(5))]
    assert list(g.subjects(q, Literal(5))) == [s]
    assert sorted(g.objects(s, p), key=str) == [Literal(5), Literal("Rēzekne", lang="lv")]
    g.discard((s, p, Literal(5)))
    assert len(g) == 2 and (s, p, Literal(5)) not in g and (s, q, Literal(5)) in g


def test_relations_with_refs_reuses_unchanged_facts() -> None:
    from reportgraph.extract.types import Fact

    f = Fact("project:zinasanu-tilts", "location", "place:rezekne", "entity", 3, (("a", "b"),))
    assert collect._with_refs(f, f.subject, f.obj) is f
    g = collect._with_refs(f, "project:tilts", f.obj)
    assert g == Fact("project:tilts", "location", "place:rezekne", "entity", 3, (("a", "b"),))


def test_pipeline_shifted_as_replace() -> None:
    from dataclasses import replace

    from reportgraph.extract.pipeline import _shifted
    from reportgraph.extract.types import Mention

    m = Mention("org", 40, 62, "Cēsu novada pašvaldība", "Cēsu novada pašvaldība", "cesu-novada",
                "Municipality", (("orgKind", "pašvaldība"),))
    assert _shifted(m, 30) == replace(m, start=10, end=32)


def test_resolve_municipal_actor_as_label_and_slug() -> None:
    from reportgraph.extract.entities.gazetteer import Gazetteer
    from reportgraph.extract.relations.resolve import _municipal_actor, municipality_label
    from reportgraph.ontology.iri import slugify

    gaz = Gazetteer.for_year(2021)
    units = [p.key for p in gaz.places() if p.kind in ("novads", "valstspilseta")][:20]
    assert units
    for key in units:
        label = municipality_label(gaz, key)
        assert _municipal_actor(gaz, key) == (label, slugify(label))
        assert label.endswith("pašvaldība")


def test_triples_plain_literal_of_text_as_literal() -> None:
    from rdflib import Literal

    from reportgraph.extract.rdf.triples import plain_literal

    for text, lang in [("Rēzeknes novada pašvaldība", "lv"), ("biedrība", "lv"), ("EUR", None),
                       ("9.2.4.2/16/I/001", None)]:
        made = Literal(text, lang=lang)
        got = plain_literal(text, lang)
        assert got == made and got.language == made.language and got.datatype == made.datatype
        assert got.n3() == made.n3()
        assert plain_literal(text, lang) is got  # made once
    assert plain_literal("biedrība", "lv") != plain_literal("biedrība")


def test_triples_value_first_object_or_default() -> None:
    from rdflib import Literal, URIRef

    from reportgraph.extract.rdf.triples import Triples

    s, p, q = URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:q")
    g = Triples([(s, p, Literal(3)), (s, p, Literal(1)), (s, q, Literal("Cēsis", lang="lv"))])
    assert g.value(s, p) == Literal(3)  # the first one added
    assert g.value(s, URIRef("urn:none"), default=Literal(0)) == Literal(0)
    assert g.value(URIRef("urn:other"), p) is None
    g.discard((s, q, Literal("Cēsis", lang="lv")))
    assert g.value(s, q, default=Literal(9)) == Literal(9)
    assert g.value(None, p) == Literal(3) and g.value(predicate=q, object=Literal(1)) is None
    assert g.value(predicate=p, object=Literal(1)) == s
