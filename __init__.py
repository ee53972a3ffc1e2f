"""reportgraph: knowledge graphs from Latvian public-sector reports."""

__version__ = "0.1.0"
