"""The second round of extraction speed-ups, each checked against what it replaced: regexes
guarded by substring tests, the fund-cue prefilter, and the tokenizer without lexical attributes."""

import re
import sys
from pathlib import Path

import pytest
import spacy

from reportgraph.extract import counts, dates, relations
from reportgraph.extract.fundcues import (
    _ODD_CASE,
    _may_hold_first_word,
    _regex,
    all_cues,
    fund_cues,
)
from reportgraph.extract.guarded import Guarded
from reportgraph.extract.nlp import NlpConfig, make_nlp

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
    "relations.ANAPHOR": relations.ANAPHOR,
    "relations.PROGRAMME_ANAPHOR": relations.PROGRAMME_ANAPHOR,
    "relations.EVENT_ANAPHOR": relations.EVENT_ANAPHOR,
    "relations.PARTICIPATE": relations.PARTICIPATE,
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
