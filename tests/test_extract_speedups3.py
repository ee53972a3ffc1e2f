"""The third round of extraction speed-ups, each checked against what it replaced."""

import re
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from reportgraph.extract.entities.fundcues import _compiled, _regex
from reportgraph.extract.rdf.triples import Triples, _fill_memory

EX = "https://example.org/"


def _ordered(value):
    """A store index with the order of every dict kept (dict equality ignores order)."""
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    return value


def _state(g: Graph) -> dict:
    st = g.store
    names = ("spo", "pos", "osp", "tripleContexts", "contextTriples", "defaultContexts")
    out = {n: _ordered(getattr(st, "_Memory__" + n)) for n in names}
    out["all_contexts"] = {c.identifier for c in st._Memory__all_contexts}
    out["context_obj_map"] = {k: v.identifier for k, v in st._Memory__context_obj_map.items()}
    return out


def _sample() -> Triples:
    t = Triples()
    a, b, c = URIRef(EX + "a"), URIRef(EX + "b"), BNode("c")
    rows = [(a, RDF.type, URIRef(EX + "Project")), (a, URIRef(EX + "label"), Literal("Zināšanu tilts", lang="lv")),
            (b, URIRef(EX + "amount"), Literal("12400", datatype=XSD.decimal)), (a, URIRef(EX + "n"), Literal(1)),
            (b, URIRef(EX + "n"), Literal(1)), (c, URIRef(EX + "n"), Literal(True)), (a, RDF.type, URIRef(EX + "Project")),
            (c, URIRef(EX + "of"), a), (b, URIRef(EX + "label"), Literal("Zināšanu tilts", lang="lv"))]
    for row in rows:
        t.add(row)
    t.add((c, URIRef(EX + "gone"), Literal("x")))
    t.discard((c, URIRef(EX + "gone"), Literal("x")))  # an emptied row
    return t


def test_triples_to_graph_store_as_addn() -> None:
    t = _sample()
    fast = t.to_graph()
    slow = Graph(identifier=fast.identifier)
    slow.addN((s, p, o, slow) for s, p, o in t)
    assert _state(fast) == _state(slow)
    assert sorted(fast) == sorted(slow) and len(fast) == len(slow) == len(t)
    # the store behaves as one filled by addN: adding, removing, reading by any position
    for g in (fast, slow):
        g.add((URIRef(EX + "d"), URIRef(EX + "n"), Literal(1)))
        g.remove((URIRef(EX + "b"), None, None))
    assert _state(fast) == _state(slow)
    assert set(fast.subjects(URIRef(EX + "n"), Literal(1))) == {URIRef(EX + "a"), URIRef(EX + "d")}
    assert [c.identifier for c in fast.store.contexts()] == [fast.identifier]
    assert all([c.identifier for c in cs] == [fast.identifier] for _, cs in fast.store.triples((None, None, None), fast))


def test_triples_fill_memory_only_a_new_store() -> None:
    t = _sample()
    g = Graph()
    g.add((URIRef(EX + "x"), URIRef(EX + "y"), Literal("z")))
    assert not _fill_memory(g, t._spo, len(t))  # a store with triples is left to addN
    assert len(Triples().to_graph()) == 0


def _corpus_sentences() -> list[str]:
    from reportgraph.extract.read.clean import clean_report
    from reportgraph.extract.read.reader import read_report
    from reportgraph.extract.read.sentences import split_sentences

    root = Path(__file__).parent
    files = sorted((root / "corpus" / "texts").glob("*.txt")) + sorted((root / "excerpts").glob("*.txt"))
    out = []
    for f in files + [root / "fixtures" / "romu-integracija-2018.txt"]:
        text = clean_report(read_report(f).text).text
        out += [text[s.start:s.end] for s in split_sentences(text)]
    return out


def test_fundcues_grouped_regex_as_flat_alternation() -> None:
    grouped, flat = _compiled(grouped=True)[0], _compiled(grouped=False)[0]
    assert grouped.pattern != flat.pattern
    odd = ["ſtruktūrfondu atbalsts", "VALſTS budžets", "MİNİSTRİJAS finansējums", "KF un \u212aohēzijas fonds",
           "ESF+ un ES fondi", "eiropas sociālā fonda", "EIROPAS SAVIENĪBAS", "Eiropas Komisijas finansējums"]
    texts = _corpus_sentences() + odd
    assert len(texts) > 1000
    found = 0
    for t in texts:
        a = [(m.span(), m.lastgroup) for m in grouped.finditer(t)]
        assert a == [(m.span(), m.lastgroup) for m in flat.finditer(t)], t
        found += len(a)
    assert found > 300


def test_fundcues_one_bucket_a_character() -> None:
    """No character passes the lookaheads of two buckets of the grouped regex, so at any position
    only one bucket's patterns can match (what makes it the flat alternation)."""
    gates = re.findall(r"\(\?=((?:\[[^\]]*\]|\(\?i:\[[^\]]*\]\)|\|)+)\)\(\?:\(\?P<", _regex()[0].pattern)
    assert len(gates) > 5
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    any_gate = re.compile("|".join(f"(?:{g})" for g in gates))
    compiled = [re.compile(g) for g in gates]
    for m in any_gate.finditer(every):
        assert sum(1 for g in compiled if g.fullmatch(m.group(0))) == 1, hex(ord(m.group(0)))
