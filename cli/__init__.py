"""reportgraph.cli"""
