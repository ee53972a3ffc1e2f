"""The fast paths of extraction: the light triple set, the tokenizer, the place index and the
pipeline cache, each checked against what it replaced."""

import itertools
from pathlib import Path

import pytest
import spacy
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from reportgraph.extract.entities.gazetteer import Gazetteer
from reportgraph.extract.nlp import NlpConfig, _form_tokens, make_nlp
from reportgraph.extract.rdf.triples import Triples, plain_literal
from reportgraph.ontology.namespaces import RG

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"
EX = "https://example.org/"


def _small() -> list[tuple]:
    a, b, c = URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c")
    return [(a, RDF.type, RG.Project), (b, RDF.type, RG.Project), (a, RG.partner, b),
            (a, RG.partner, c), (c, RDF.type, RG.Place), (a, RG.amountEUR, Literal(5)),
            (a, RG.partner, b)]  # a duplicate


def test_triples_is_a_set_in_a_fixed_order() -> None:
    t = Triples(_small())
    assert len(t) == 6
    assert set(t) == set(_small())
    subjects = [str(s) for s, _, _ in t]
    assert subjects == sorted(subjects)  # a, b, c: the order they first came
    assert (URIRef(EX + "a"), RG.partner, URIRef(EX + "c")) in t
    assert (URIRef(EX + "c"), RG.partner, URIRef(EX + "a")) not in t
    assert (None, RG.partner, URIRef(EX + "c")) in t


def test_triples_patterns_answer_as_rdflib_graph() -> None:
    """Every pattern over the terms of a real report graph answers as rdflib's Graph does."""
    from reportgraph.extract.pipeline import extract_report

    triples = extract_report(FIXTURE).triples
    graph = Graph()
    for t in triples:
        graph.add(t)
    assert len(graph) == len(triples)
    sample = list(triples)[::97]
    for s, p, o in sample:
        for pattern in itertools.product((s, None), (p, None), (o, None)):
            if pattern == (None, None, None):
                continue
            assert sorted(triples.triples(pattern)) == sorted(graph.triples(pattern)), pattern
        assert triples.value(s, p) in set(graph.objects(s, p))
        assert triples.value(None, p, o) in set(graph.subjects(p, o))
    assert set(triples.to_graph()) == set(graph)


def test_triples_discard_updates_both_indexes() -> None:
    t = Triples(_small())
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    t.discard((a, RG.partner, b))
    t.discard((a, RG.partner, b))  # absent now: nothing happens
    assert len(t) == 5
    assert (a, RG.partner, b) not in t
    assert list(t.subjects(RG.partner, b)) == []
    assert list(t.objects(a, RG.partner)) == [URIRef(EX + "c")]


def test_triples_plain_literal_keeps_bool_and_int_apart() -> None:
    assert plain_literal(1) == Literal(1)
    assert plain_literal(True) == Literal(True)
    assert plain_literal(True) != plain_literal(1)
    assert plain_literal(True).datatype != plain_literal(1).datatype


def test_nlp_tokenizer_splits_as_spacy_default_on_the_report() -> None:
    """The pipeline drops spaCy's exception table (emoticons, "g.") for speed: on real report
    text, and on abbreviations and initials, the tokens stay those of spaCy's own lv tokenizer."""
    from reportgraph.extract.read.clean import clean_report

    text = clean_report(FIXTURE.read_text(encoding="utf-8")).text
    text += " Pasākums notika 2019. g. 5. maijā, piedalījās E. Zariņa un A.Bērziņš, t.sk. 3 u.c. dalībnieki."
    ours = [t.text for t in make_nlp(NlpConfig(2018)).make_doc(text)]
    default = [t.text for t in spacy.blank("lv").make_doc(text)]
    assert ours == default


@pytest.mark.parametrize(("a", "b", "shared"), [(2014, 2018, True), (2018, 2021, False)])
def test_nlp_years_with_the_same_gazetteer_share_a_pipeline(a: int, b: int, shared: bool) -> None:
    assert (make_nlp(NlpConfig(a)) is make_nlp(NlpConfig(b))) is shared


@pytest.mark.parametrize("year", [2018, 2022])
def test_nlp_place_forms_split_as_the_tokenizer(year: int) -> None:
    """The place index splits plain forms at spaces without the tokenizer: every form of the
    gazetteer must come out as the tokenizer would split it, or a place would never match."""
    nlp = make_nlp(NlpConfig(year))
    forms = {form for form, _ in Gazetteer.for_year(year).forms()}
    forms |= {"Rīgas 4. pamatskola", "Sv. Pētera", "Ķekava-Baloži"}
    wrong = [f for f in forms if _form_tokens(nlp, f) != tuple(t.text for t in nlp.make_doc(f))]
    assert not wrong


def test_nlp_places_match_every_form_in_running_text() -> None:
    """Each form of a sample of gazetteer places is found in a sentence, with its key."""
    nlp = make_nlp(NlpConfig(2018))
    gaz = Gazetteer.for_year(2018)
    pairs = sorted(gaz.forms())[::40]
    for form, key in pairs:
        place = gaz.get(key)
        if place.ambiguous and place.country != "LV":
            continue
        doc = nlp(f"Pasākums notika {form} un beidzās.")
        found = {(sp.text, sp.kb_id_) for sp in doc.spans["places"]}
        assert any(text == form and k == key for text, k in found) or any(
            form in text for text, _ in found), (form, key, found)
