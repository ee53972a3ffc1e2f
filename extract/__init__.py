"""reportgraph.extract"""
