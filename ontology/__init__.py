"""reportgraph.ontology"""
