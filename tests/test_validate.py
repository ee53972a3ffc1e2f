"""Validation of the report graphs in a store: typed results with sources, exit codes."""

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH, XSD

from reportgraph.graph.store import OxigraphStore
from reportgraph.graph.validate import (
    ValidationReport,
    source_sentences,
    validate_graphs,
    validate_store,
)
from reportgraph.ontology.namespaces import RG, SCHEMA

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
ID = "https://w3id.org/reportgraph/id/"
G18, G19 = URIRef(ID + "graph/integracija-2018"), URIRef(ID + "graph/integracija-2019")
SCHOOL = URIRef(ID + "project/ieklaujosa-skola")
FESTIVAL = URIRef(ID + "event/kulturu-festivals-2019-06")


def mini() -> dict[URIRef, Graph]:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    out = {}
    for g in ds.graphs():
        if len(g):
            copy = Graph(identifier=g.identifier)
            for t in g:
                copy.add(t)
            out[g.identifier] = copy
    return out


def store_with(tmp_path: Path, graphs: dict[URIRef, Graph]) -> OxigraphStore:
    st = OxigraphStore(tmp_path / "store")
    for name, g in graphs.items():
        st.replace_graph(name, g)
    return st


def test_validate_fixture_conforms(tmp_path: Path) -> None:
    with store_with(tmp_path, mini()) as st:
        report = validate_store(st)
    assert report.graphs == (G18, G19)
    assert report.conforms and report.results == () and report.exit_code == 0


def test_validate_violation_carries_label_shape_and_sentences(tmp_path: Path) -> None:
    graphs = mini()
    g = graphs[G18]
    g.set((SCHOOL, RG.amountEUR, Literal(120000)))  # an integer, not an xsd:decimal
    g.add((SCHOOL, RDFS.label, Literal("Otrs nosaukums", lang="lv")))
    with store_with(tmp_path, graphs) as st:
        report = validate_store(st)
    assert not report.conforms and report.exit_code == 1
    amount = [v for v in report.violations if v.path == RG.amountEUR]
    labels = [v for v in report.violations if v.path == RDFS.label]
    assert len(amount) == 1 and len(labels) == 1
    v = amount[0]
    assert (v.graph, v.focus, v.severity) == (G18, SCHOOL, SH.Violation)
    assert v.label in ("Iekļaujoša skola", "Otrs nosaukums")
    assert v.constraint == SH.DatatypeConstraintComponent
    assert v.message == "rg:amountEUR is one xsd:decimal >= 0"
    assert v.value == Literal(120000)
    assert v.shape is not None
    # the sentences it is mentioned in and the sentences of assertions about it
    got = [(s.sentence.rsplit("/", 2)[-2:], s.start, s.end) for s in v.sources]
    assert got == [(["s", "1"], 120, 236), (["s", "2"], 237, 371), (["s", "3"], 372, 520)]
    assert all(s.report == URIRef(ID + "report/integracija-2018") for s in v.sources)
    assert v.sources[1].text.startswith("Projekta kopējais finansējums ir 120 000,00 euro")
    assert all(r.graph == G18 for r in report.results)  # the 2019 graph is fine


def test_validate_sources_of_a_funding_node_come_from_its_assertion() -> None:
    g = mini()[G18]
    funding = URIRef(ID + "project/jauniesu-apmaina/funding/erasmus")
    (src,) = source_sentences(g, funding)
    assert src.sentence == URIRef(ID + "report/integracija-2018/s/5")
    assert (src.start, src.end) == (2010, 2071)


def test_validate_each_graph_on_its_own(tmp_path: Path) -> None:
    graphs = mini()
    # the festival's organiser is an organisation only in the 2019 graph; moving the event to a
    # graph of its own without it breaks the range check there, not in 2019
    lone = Graph()
    for t in graphs[G19].triples((FESTIVAL, None, None)):
        lone.add(t)
    graphs[URIRef(ID + "graph/lone")] = lone
    report = validate_graphs(graphs.items())
    bad = {(str(v.graph), v.path) for v in report.violations}
    assert (ID + "graph/lone", SCHEMA.organizer) in bad
    assert (ID + "graph/lone", SCHEMA.location) in bad
    assert not any(v.graph == G19 for v in report.violations)


def test_validate_date_order_and_exit_code() -> None:
    g = mini()[G18]
    g.set((SCHOOL, SCHEMA.endDate, Literal("2016", datatype=XSD.gYear)))
    report = validate_graphs([(G18, g)])
    assert [v.constraint for v in report.violations] == [SH.SPARQLConstraintComponent]
    assert "before its schema:startDate" in report.violations[0].message
    assert report.violations[0].focus == SCHOOL  # the node at fault, not the report
    assert report.exit_code == 1


def test_validate_warnings_do_not_break_conformance() -> None:
    from reportgraph.graph.validate import Violation
    warning = Violation(G18, SCHOOL, None, SH.Warning, "w", None, None, None, None, ())
    assert ValidationReport((G18,), (warning,)).conforms
    error = Violation(G18, SCHOOL, None, SH.Violation, "e", None, None, None, None, ())
    assert ValidationReport((G18,), (warning, error)).exit_code == 1


@pytest.mark.parametrize("amount", [Decimal(-5), "abc"])
def test_validate_funding_value(amount: object) -> None:
    g = mini()[G18]
    node = URIRef(ID + "project/ieklaujosa-skola/funding/esf")
    g.set((node, SCHEMA.value, Literal(amount, datatype=XSD.decimal) if isinstance(amount, str)
           else Literal(amount)))
    report = validate_graphs([(G18, g)])
    assert {(v.focus, v.path) for v in report.violations} == {(node, SCHEMA.value)}
