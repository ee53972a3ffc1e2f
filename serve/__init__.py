"""`reportgraph serve`: the analysts' web app (pages) and the linked-data server (machine.py)."""
