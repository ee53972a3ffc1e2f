"""The cells of the listings written straight from Oxigraph's terms (graph/cells.py,
`Store.select_cells`): the same cells as from the rdflib terms of the store's query answer."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from reportgraph.graph.cells import encode, encode_ox
from reportgraph.graph.oxterms import _from_ox
from reportgraph.graph.store import open_store


@pytest.mark.parametrize("term", [
    ox.NamedNode("https://example.org/a"),
    ox.Literal("Rīga"),
    ox.Literal("Rīga", language="lv"),
    ox.Literal("01", datatype=ox.NamedNode(str(XSD.integer))),  # rdflib writes it "1"
    ox.Literal("1.50", datatype=ox.NamedNode(str(XSD.decimal))),
    ox.Literal("2018-03-01", datatype=ox.NamedNode(str(XSD.date))),
    ox.Literal("x", datatype=ox.NamedNode("https://example.org/type")),
    ox.BlankNode("b1"),
    None,
])
def test_cells_from_oxigraph_terms_equal_those_of_rdflib_terms(term) -> None:
    assert encode_ox(term) == encode(None if term is None else _from_ox(term))


def test_select_cells_equals_query_then_encode(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as st:
        st.replace_graph(URIRef("https://example.org/g"), [
            (URIRef("https://example.org/a"), URIRef("https://example.org/p"), o)
            for o in (Literal("01", datatype=XSD.integer), Literal("t", lang="en"), Literal("s"),
                      URIRef("https://example.org/b"), BNode())])
        text = "SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o"
        result = st.query(text)
        cells = st.select_cells(text)
        assert cells.variables == result.variables
        # blank node labels are the store's own either way
        assert cells.rows == tuple(tuple(encode(t) for t in row) for row in result.rows)
