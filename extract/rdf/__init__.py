"""Extracted entities, facts and tables as RDF triples with provenance."""
