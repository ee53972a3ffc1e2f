"""Counts for the one-line summary of a built report."""

from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from reportgraph.ontology.namespaces import ORG, RG, SCHEMA
from reportgraph.ontology.resources import ontology_graph

#: classes whose instances count as entities (with their subclasses in the ontology)
ENTITY_CLASSES = (ORG.Organization, SCHEMA.Organization, SCHEMA.Person, RG.Project, SCHEMA.Event,
                  RG.Place)


@lru_cache(maxsize=1)
def entity_classes() -> frozenset[URIRef]:
    """ENTITY_CLASSES and every class the ontology declares a subclass of one of them."""
    onto = ontology_graph()
    found = set(ENTITY_CLASSES)
    for cls in ENTITY_CLASSES:
        found.update(c for c in onto.transitive_subjects(RDFS.subClassOf, cls)
                     if isinstance(c, URIRef))
    return frozenset(found)


def count_entities(graph: Graph | Iterable[tuple[Node, Node, Node]]) -> int:
    """Distinct organisations, people, projects, events and places typed in `graph`."""
    classes = entity_classes()
    if hasattr(graph, "triples"):  # an rdflib Graph, or extraction's indexed `Triples`
        return len({s for s, _p, o in graph.triples((None, RDF.type, None)) if o in classes})
    return len({s for s, p, o in graph if p == RDF.type and o in classes})
