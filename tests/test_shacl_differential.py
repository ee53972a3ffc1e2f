"""The SHACL engine (rudof, graph/shacl.py) against the reference (pySHACL) on the shipped shapes.

Both run on the same graphs and must give the same results: focus node, path, severity,
constraint component and value of every top-level result, and the message wherever the shape
states one. The graphs: the sample report, each shape's hand-written valid and broken example
(tests/test_shapes.py), the store fixture, and a few hundred hypothesis-made mutations of small
subgraphs of the sample (a required triple deleted, a datatype changed, a second value added, an
object pointed at a node of the wrong class, an end date before the start, ...).

Where the two engines differ on purpose, a test below says so (`test_known_difference_*`).
"""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from test_shapes import CASES, HEAD
from test_validate import FESTIVAL, G18, G19, ID, SCHOOL, mini, store_with

from reportgraph.errors import DataFileError
from reportgraph.graph.shacl import ShaclEngine
from reportgraph.graph.validate import (
    validate_extracted,
    validate_graph,
    validate_graphs,
    validate_store,
)
from reportgraph.ontology.namespaces import OA, RG, SCHEMA
from reportgraph.ontology.resources import ontology_graph, shapes_graph

EX = "http://example.org/"
NAME = URIRef(EX + "graph")
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
QB = Namespace("http://purl.org/linked-data/cube#")

_SHAPES = shapes_graph()
_ONTOLOGY = ontology_graph()
_ENGINE: list[ShaclEngine] = []
# what is mixed into each graph: the ontology's subclass axioms (pySHACL would also copy the
# declarations of the ontology's classes and properties, which only matter to a graph typing an
# ontology term with one of its classes)
_AXIOMS = Graph()
for _t in _ONTOLOGY.triples((None, RDFS.subClassOf, None)):
    if isinstance(_t[0], URIRef) and isinstance(_t[2], URIRef):
        _AXIOMS.add(_t)


def engine() -> ShaclEngine:
    if not _ENGINE:
        _ENGINE.append(ShaclEngine(_SHAPES, _ONTOLOGY))
    return _ENGINE[0]


def reference(graph: Graph, shapes: Graph = _SHAPES, ontology: Graph = _AXIOMS) -> list[tuple]:
    """pySHACL's top-level results (not those under sh:detail) as
    (focus, path, severity, constraint, value, messages)."""
    _conforms, results, _text = pyshacl_validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True,
        allow_infos=True, abort_on_first=False)
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    out = []
    for r in results.objects(report, SH.result):
        out.append((results.value(r, SH.focusNode), results.value(r, SH.resultPath),
                    results.value(r, SH.resultSeverity), results.value(r, SH.sourceConstraintComponent),
                    results.value(r, SH.value),
                    tuple(sorted(str(m) for m in results.objects(r, SH.resultMessage)))))
    return out


def _path(path: object) -> object:
    return path if isinstance(path, URIRef) or path is None else "complex path"


def _value(value: object) -> object:
    # decimals are compared by value: rudof writes Oxigraph's canonical form ("17" for "17.0")
    if isinstance(value, Literal) and value.datatype == XSD.decimal:
        return ("decimal", value.value if isinstance(value.value, Decimal) else str(value))
    return value


def _ill_typed_or(constraint: object, value: object) -> bool:
    """An ill-typed literal under sh:or of sh:datatype: see test_known_difference_ill_typed_*."""
    return (constraint == SH.OrConstraintComponent and isinstance(value, Literal)
            and bool(getattr(value, "ill_typed", False)))


def same(graph: Graph, shapes: Graph = _SHAPES, ontology: Graph = _AXIOMS,
         mine: ShaclEngine | None = None) -> set:
    """Assert both engines give the same results on `graph`; their set."""
    ref = reference(graph, shapes, ontology)
    got = (mine or engine()).validate(graph)
    # as sets: an engine may state one result twice (rudof, for a SPARQL solution found twice);
    # validate.py reports each (node, path, value, message, constraint, severity) once
    want = {(f, _path(p), s, c, _value(v)) for f, p, s, c, v, _m in ref if not _ill_typed_or(c, v)}
    have = {(r.focus, _path(r.path), r.severity, r.constraint, _value(r.value)) for r in got
            if not _ill_typed_or(r.constraint, r.value)}
    assert have == want, f"rudof only: {have - want}; pySHACL only: {want - have}"
    declared: dict[tuple, set] = {}
    for f, p, _s, c, v, m in ref:
        if m:
            declared.setdefault((f, _path(p), c, _value(v)), set()).add(min(m))
    for r in got:  # where the shape states the message, it is the same
        key = (r.focus, _path(r.path), r.constraint, _value(r.value))
        if isinstance(r.value, BNode):  # pySHACL names a blank node without "_:"
            declared[key] = {m.replace(str(r.value), "_:" + str(r.value)) for m in declared[key]}
        if r.shape in _messages(shapes) or r.constraint == SH.SPARQLConstraintComponent:
            assert r.message in declared[key], (r.message, declared[key])
    return have


_MESSAGES: dict[int, set] = {}


def _messages(shapes: Graph) -> set:
    got = _MESSAGES.get(id(shapes))
    if got is None:
        got = _MESSAGES[id(shapes)] = set(shapes.subjects(SH.message, None))
    return got


def ttl(text: str) -> Graph:
    return Graph().parse(data=HEAD + text, format="turtle")


# ---------------------------------------------------------------------------- fixed graphs

def test_differential_sample_report(sample_extracted) -> None:
    graph = sample_extracted.graph
    found = same(graph)
    assert found and all(key[2] == SH.Warning for key in found)  # three events without a date
    mine = validate_extracted(sample_extracted)  # on the extractor's own triples
    assert [(v.focus, v.path, v.severity) for v in mine] == [
        (v.focus, v.path, v.severity) for v in validate_graph(graph, NAME)]
    assert all(v.sources and v.label for v in mine)


@pytest.mark.parametrize(("case", "valid", "change", "focus", "where"), CASES,
                         ids=[c[0] for c in CASES])
def test_differential_shape_cases(case, valid, change, focus, where) -> None:
    assert same(ttl(valid)) == set(), case
    assert same(ttl(valid.replace(*change, 1))), case


def _mini_changes() -> list[tuple[str, Graph]]:
    out = []
    g = mini()[G18]
    g.set((SCHOOL, RG.amountEUR, Literal(120000)))
    g.add((SCHOOL, RDFS.label, Literal("Otrs nosaukums", lang="lv")))
    out.append(("amount-and-label", g))
    lone = Graph()
    for t in mini()[G19].triples((FESTIVAL, None, None)):
        lone.add(t)
    out.append(("lone-event", lone))
    g = mini()[G18]
    g.set((SCHOOL, SCHEMA.endDate, Literal("2016", datatype=XSD.gYear)))
    out.append(("end-before-start", g))
    for amount in (Literal(Decimal(-5)), Literal("abc", datatype=XSD.decimal)):
        g = mini()[G18]
        g.set((URIRef(ID + "project/ieklaujosa-skola/funding/esf"), SCHEMA.value, amount))
        out.append((f"funding-{amount}", g))
    out.append(("2018", mini()[G18]))
    out.append(("2019", mini()[G19]))
    return out


@pytest.mark.parametrize(("case", "graph"), _mini_changes(), ids=[c[0] for c in _mini_changes()])
def test_differential_store_fixture_changes(case, graph) -> None:
    assert bool(same(graph)) == (case not in ("2018", "2019")), case


def test_differential_store_validation_per_graph(tmp_path: Path) -> None:
    named = {URIRef(ID + f"graph/{case}"): g for case, g in _mini_changes()[:3]}
    with store_with(tmp_path, named) as st:
        report = validate_store(st)
        for name in st.graphs():
            rows = st.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows
            g = Graph()
            for t in rows:
                g.add(t)
            same(g)
            mine = [(v.focus, v.path, v.message) for v in report.results if v.graph == name]
            assert mine == [(v.focus, v.path, v.message) for v in validate_graph(g, name)]
    assert report.graphs == tuple(sorted(named)) and not report.conforms


EXCERPT = """@prefix qb: <http://purl.org/linked-data/cube#> .
ex:r a rg:Report ; dct:title "Pārskats par kopienu darbu 2020. gadā"@lv ; dct:source "k.txt" ;
    rg:reportYear "2020"^^xsd:gYear ; prov:generatedAtTime "2024-03-04T05:06:07+00:00"^^xsd:dateTime .
ex:s1 a rg:Sentence ; oa:hasSource ex:r ; rg:sentenceIndex 4 ; oa:hasSelector ex:sel1 ;
    rdf:value "Biedrība „Ozolkalns” Rēzeknē 2020. gadā rīkoja 12 nodarbības 140 jauniešiem."@lv .
ex:sel1 a oa:TextPositionSelector ; oa:start 900 ; oa:end 812 .
ex:ozol a org:Organization ; rdfs:label "Biedrība „Ozolkalns”"@LV ; rg:acronym "O K" ;
    rg:mentionedIn ex:s1 .
ex:rez a rg:Settlement ; rdfs:label "Rēzekne"@lv ; rg:placeKind "valstspilseta" .
ex:p a rg:Project ; rdfs:label "Jauniešu nodarbības"@lv , "Nodarbības"@lv ;
    rg:amountEUR "17.0"^^xsd:decimal ; schema:location ex:rez ; rg:mentionedIn ex:s1 ;
    schema:startDate "2020-09"^^xsd:gYearMonth ; schema:endDate "2020-03-31"^^xsd:date .
ex:t a rg:StatedTotal ; schema:value "1996.00"^^xsd:decimal ; schema:currency "USD" ;
    rg:statedIn ex:s1 ; rg:itemKind "nodarbība" .
ex:a a rg:Assertion ; rdf:subject ex:p ; rdf:predicate rg:amountEUR ;
    rdf:object "18.0"^^xsd:decimal ; prov:wasDerivedFrom ex:s1 .
ex:o a qb:Observation ; qb:dataSet ex:tab ; rg:rowLabel "Rēzekne" ; rg:columnLabel "2020" ;
    qb:measureType rg:count ; rg:isTotal false .
ex:tab a qb:DataSet ; rdfs:label "1. tabula" .
"""


def test_differential_excerpt_breaking_many_shapes() -> None:
    g = ttl(EXCERPT)
    same(g)
    found = validate_graph(g, NAME)
    got = {(str(v.focus).rsplit("/", 1)[-1], v.constraint.split("#")[-1]) for v in found}
    assert {("s1", "NodeConstraintComponent"), ("ozol", "OrConstraintComponent"),
            ("ozol", "PatternConstraintComponent"), ("rez", "MinCountConstraintComponent"),
            ("p", "MaxCountConstraintComponent"), ("p", "SPARQLConstraintComponent"),
            ("t", "InConstraintComponent"), ("o", "SPARQLConstraintComponent"),
            ("a", "SPARQLConstraintComponent")} <= got
    # the shapes' own messages, also where rudof has a default one (sh:node, sh:or)
    messages = {(str(v.focus).rsplit("/", 1)[-1], v.message) for v in found}
    assert ("ozol", ("an org:Organization is also typed with one of the organisation classes of "
                     "MODEL.md")) in messages
    assert ("s1", ("a sentence has exactly one oa:hasSelector, an oa:TextPositionSelector with "
                   "0 <= oa:start <= oa:end")) in messages
    (order,) = [v for v in found if v.focus == URIRef(EX + "p")
                and v.constraint == SH.SPARQLConstraintComponent]
    assert order.message == ("schema:endDate 2020-03-31 of http://example.org/p is before its "
                             "schema:startDate 2020-09")
    assert order.sources and order.sources[0].start == 900
    # the value of a result is the graph's own term
    (acronym,) = [v for v in found if v.path == RG.acronym]
    assert acronym.value == Literal("O K") and acronym.label == "Biedrība „Ozolkalns”"


EXTRA = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rg: <https://w3id.org/reportgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/shapes#> .
ex:OneLabelPerLanguage a sh:NodeShape ;
    sh:targetClass rg:Project ;
    sh:property [ sh:path rdfs:label ; sh:uniqueLang true ;
                  sh:message "one rdfs:label per language" ] .
ex:FundedByInverse a sh:NodeShape ;
    sh:targetClass rg:Funding ;
    sh:property [ sh:path [ sh:inversePath rg:hasFunding ] ; sh:minCount 1 ;
                  sh:message "a funding item belongs to a project or event" ] .
"""


def test_differential_extra_shapes_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    shapes = shapes_graph([extra])
    g = mini()[G18]
    g.add((SCHOOL, RDFS.label, Literal("Otrs nosaukums", lang="lv")))
    orphan = URIRef(ID + "funding/orphan")
    g.add((orphan, RDF.type, RG.Funding))
    g.add((orphan, SCHEMA.value, Literal(Decimal("10.00"))))
    g.add((orphan, SCHEMA.currency, Literal("EUR")))
    same(g, shapes, _AXIOMS, ShaclEngine(shapes, _ONTOLOGY))
    report = validate_graphs([(G18, g)], extra_shapes=[extra])
    messages = {(v.focus, v.message) for v in report.results}
    assert (SCHOOL, "one rdfs:label per language") in messages
    assert (orphan, "a funding item belongs to a project or event") in messages


def test_differential_repeated_triples_count_once() -> None:
    g = mini()[G18]
    assert validate_graph(list(g) + list(g.triples((SCHOOL, None, None))), G18) == []
    g.add((SCHOOL, RG.amountEUR, Literal(Decimal("1.00"))))  # a second amount breaks maxCount
    found = validate_graph(list(g) + list(g), G18)
    assert [(v.path, v.constraint) for v in found] == [(RG.amountEUR, SH.MaxCountConstraintComponent)]


def test_differential_blank_node_focus_keeps_its_term() -> None:
    g = ttl('_:x a org:Organization , schema:NGO ; rdfs:label "Anonīma biedrība"@lv .')
    same(g)
    (v,) = validate_graph(g, NAME)
    assert v.constraint == SH.NodeKindConstraintComponent
    assert isinstance(v.focus, BNode) and v.focus in set(g.subjects()) and v.label == "Anonīma biedrība"


# ---------------------------------------------------------------------------- known differences

def test_known_difference_nested_results_are_not_listed_apart() -> None:
    # pySHACL also lists the results of a nested shape (under sh:detail) as results of their own;
    # the SHACL report has only the result of the shape using it: "sentence ... oa:hasSelector"
    g = ttl(EXCERPT)
    assert not any(v.focus == URIRef(EX + "sel1") for v in validate_graph(g, NAME))
    (v,) = [v for v in validate_graph(g, NAME) if v.focus == URIRef(EX + "s1")]
    assert v.path == OA.hasSelector and v.value == URIRef(EX + "sel1")


def test_known_difference_equal_decimals_are_one_term() -> None:
    # rudof, like Oxigraph (the store), takes "5.0" and "5.00" (xsd:decimal) for one term, so the
    # asserted triple is found; rdflib (pySHACL) does not. The extractor writes one literal for
    # both, and a graph read back from the store has them merged anyway.
    g = ttl("""ex:r a rg:Report ; dct:title "Pārskats"@lv ; dct:source "r.txt" .
    ex:p a rg:Project ; rdfs:label "Skola"@lv ; rg:amountEUR "5.0"^^xsd:decimal .
    ex:a a rg:Assertion ; rdf:subject ex:p ; rdf:predicate rg:amountEUR ;
        rdf:object "5.00"^^xsd:decimal ; prov:wasDerivedFrom ex:s .
    ex:s a rg:Sentence .""")
    ref = {c for _f, _p, _s, c, _v, _m in reference(g)}
    mine = {r.constraint for r in engine().validate(g)}
    assert SH.SPARQLConstraintComponent in ref - mine


def test_known_difference_sparql_constraints_on_a_blank_node_are_an_error() -> None:
    # rudof binds $this with VALUES, where SPARQL allows no blank node: a blank-node rg:Report
    # (or qb:Observation) cannot be checked by the SPARQL-based constraints. The extractor gives
    # every node an IRI; such a graph gets a one-line error instead of results.
    g = ttl('_:r a rg:Report ; dct:title "Pārskats"@lv ; dct:source "r.txt" .')
    assert {c for _f, _p, _s, c, _v, _m in reference(g)} == {SH.NodeKindConstraintComponent}
    with pytest.raises(DataFileError, match="blank node"):
        validate_graph(g, NAME)


def test_known_difference_ill_typed_date_under_sh_or() -> None:
    # rudof 0.3.35 lets an ill-typed "2018-12-11 otrs"^^xsd:date pass sh:or ( [sh:datatype
    # xsd:date] ... ) (rgsh:startDate), pySHACL does not. The extractor writes dates it has parsed.
    g = ttl('ex:p a rg:Project ; rdfs:label "P"@lv ; schema:startDate "2018-12-11 otrs"^^xsd:date .')
    ref = {c for _f, _p, _s, c, _v, _m in reference(g)}
    mine = {r.constraint for r in engine().validate(g)}
    assert SH.OrConstraintComponent in ref - mine


# ---------------------------------------------------------------------------- mutations

DATATYPES = [XSD.string, XSD.integer, XSD.decimal, XSD.date, XSD.gYear, XSD.gYearMonth,
             XSD.boolean, XSD.dateTime, None]
WRONG_CLASSES = [RG.Place, RG.Project, RG.Sentence, RG.Report, RG.Funding, SCHEMA.Event,
                 URIRef("http://www.w3.org/ns/org#Organization"), RG.FundingSource,
                 URIRef("https://schema.org/Thing")]
ODD_LITERALS = [Literal(-1), Literal(""), Literal("a b"), Literal(Decimal("-2.50")),
                Literal("x", datatype=XSD.decimal), Literal("2019-13-01", datatype=XSD.date),
                Literal("teksts", lang="en"), Literal(True), Literal("EUR"), Literal("2021"),
                Literal("novads"), Literal("LV00X"), URIRef(EX + "nowhere")]


class Sample:
    """The sample report graph and its focus nodes, each with a small subgraph around it."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        targets = set(_SHAPES.objects(None, SH.targetClass))
        sub = {}
        for s, o in _ONTOLOGY.subject_objects(RDFS.subClassOf):
            sub.setdefault(o, set()).add(s)
        classes, todo = set(targets), list(targets)
        while todo:
            for c in sub.get(todo.pop(), ()):
                if c not in classes:
                    classes.add(c)
                    todo.append(c)
        nodes: dict[URIRef, list] = {}
        for s, o in graph.subject_objects(RDF.type):
            if o in classes:
                nodes.setdefault(o, []).append(s)
        # a few nodes of each class, so that every shape gets its turn
        self.focus = sorted({n for c in sorted(nodes) for n in sorted(nodes[c])[:6]}, key=str)
        self.report = graph.value(predicate=RDF.type, object=RG.Report)

    def around(self, node) -> Graph:
        """The node's triples, its objects' triples (and their selectors'), the assertions about
        it and the report node."""
        g, out = self.graph, Graph()
        for t in g.triples((self.report, None, None)):
            out.add(t)
        seen = set()
        todo = [(node, 0)]
        for a in g.subjects(RDF.subject, node):
            todo.append((a, 1))
        while todo:
            n, depth = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for s, p, o in g.triples((n, None, None)):
                out.add((s, p, o))
                if isinstance(o, URIRef | BNode) and p != RDF.type and (
                        depth < 1 or p == OA.hasSelector):
                    todo.append((o, depth + 1))
        return out


_SAMPLE: list[Sample] = []


@pytest.fixture(scope="module")
def sample(sample_extracted) -> Sample:
    if not _SAMPLE:
        _SAMPLE.append(Sample(sample_extracted.graph))
    return _SAMPLE[0]


def _other_literal(lit: Literal) -> Literal:
    if isinstance(lit.value, bool):
        return Literal(not lit.value)
    if isinstance(lit.value, int | Decimal):
        return Literal(lit.value + 1, datatype=lit.datatype)
    return Literal(str(lit) + " otrs", lang=lit.language, datatype=lit.datatype)


def mutate(g: Graph, node, kind: str, i: int, j: int) -> Graph:
    """One mutation of `g` about `node`; `i` and `j` choose among the candidates."""
    own = sorted(g.triples((node, None, None)), key=lambda t: (str(t[1]), str(t[2])))
    literals = [t for t in own if isinstance(t[2], Literal)]
    links = [t for t in own if isinstance(t[2], URIRef) and t[1] != RDF.type]
    others = sorted({s for s in g.subjects() if s != node}, key=str)
    if kind == "delete" and own:
        g.remove(own[i % len(own)])
    elif kind == "datatype" and literals:
        s, p, o = literals[i % len(literals)]
        dt = DATATYPES[j % len(DATATYPES)]
        g.remove((s, p, o))
        # "x"^^xsd:string is "x" (RDF 1.1; rudof), which rdflib (pySHACL) takes for another term
        g.add((s, p, Literal(str(o)) if dt == XSD.string else Literal(str(o), datatype=dt)
               if dt else Literal(str(o), lang="lv")))
    elif kind == "second-value" and (literals or links):
        s, p, o = (literals + links)[i % len(literals + links)]
        g.add((s, p, _other_literal(o) if isinstance(o, Literal) else others[j % len(others)]))
    elif kind == "wrong-object" and links and others:
        s, p, o = links[i % len(links)]
        g.remove((s, p, o))
        g.add((s, p, others[j % len(others)]))
    elif kind == "retype-object" and links:
        o = links[i % len(links)][2]
        g.remove((o, RDF.type, None))
        g.add((o, RDF.type, WRONG_CLASSES[j % len(WRONG_CLASSES)]))
    elif kind == "retype":
        if j % 2:
            g.remove((node, RDF.type, None))
        g.add((node, RDF.type, WRONG_CLASSES[i % len(WRONG_CLASSES)]))
    elif kind == "odd-value" and own:
        s, p, _o = own[i % len(own)]
        if p != RDF.type:
            g.set((s, p, ODD_LITERALS[j % len(ODD_LITERALS)]))
    elif kind == "dates":
        start = [Literal("2019-05-02", datatype=XSD.date), Literal("2019-05", datatype=XSD.gYearMonth),
                 Literal("2019", datatype=XSD.gYear)][i % 3]
        end = [Literal("2018", datatype=XSD.gYear), Literal("2019-04", datatype=XSD.gYearMonth),
               Literal("2019-05-01", datatype=XSD.date), Literal("2019", datatype=XSD.gYear)][j % 4]
        g.set((node, SCHEMA.startDate, start))
        g.set((node, SCHEMA.endDate, end))
    elif kind == "assertion":
        assertions = sorted(g.subjects(RDF.subject, node), key=str)
        if assertions:
            a = assertions[i % len(assertions)]
            what = [RDF.object, RDF.predicate, PROV_DERIVED][j % 3]
            g.set((a, what, ODD_LITERALS[i % len(ODD_LITERALS)] if what == RDF.object
                   else URIRef(EX + "other")))
    elif kind == "blank" and not {RG.Report, QB.Observation} & set(g.objects(node, RDF.type)):
        b = BNode()
        for s, p, o in list(g.triples((node, None, None))):
            g.remove((s, p, o))
            g.add((b, p, o))
        for s, p, o in list(g.triples((None, None, node))):
            g.remove((s, p, o))
            g.add((s, p, b))
    return g


KINDS = ["delete", "datatype", "second-value", "wrong-object", "retype-object", "retype",
         "odd-value", "dates", "assertion", "blank"]
mutation = st.tuples(st.integers(0, 10_000), st.sampled_from(KINDS), st.integers(0, 1000),
                     st.integers(0, 1000))


@settings(max_examples=300, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=3))
def test_differential_mutated_sample_subgraphs(sample: Sample, mutations: list) -> None:
    first = sample.focus[mutations[0][0] % len(sample.focus)]
    g = sample.around(first)
    for pick, kind, i, j in mutations:
        nodes = sorted({s for s in g.subjects(RDF.type, None)}, key=str)
        node = first if pick % 2 == 0 or not nodes else nodes[pick % len(nodes)]
        g = mutate(g, node, kind, i, j)
    same(g)


def test_differential_every_sample_shape_is_reached(sample: Sample) -> None:
    # the subgraphs the mutations start from hold a focus node of every targeted class
    classes = {o for n in sample.focus for o in sample.graph.objects(n, RDF.type)}
    used = set(_SHAPES.objects(None, SH.targetClass)) & set(sample.graph.objects(None, RDF.type))
    assert used <= classes and len(sample.focus) >= 30
