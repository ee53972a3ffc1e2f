"""The sample report's store with its hubs' rows stored, shared by the serve tests of stored hub
rows and of warming (tests/conftest.py `hub_store`)."""

import shutil
from pathlib import Path

#: links that make an entity a hub in these tests (the sample has few entities of 500)
LOW = 10


def copy_store(path: Path, to: Path) -> Path:
    """A copy of a closed store at `to`, without its lock files, for a test to write into."""
    shutil.copytree(path, to, ignore=shutil.ignore_patterns("LOCK", "reportgraph.lock"))
    return to
