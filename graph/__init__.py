"""reportgraph.graph"""
