"""Opening an embedded store's directory: what is a store, what is damaged, which state to read.

A writer opens the directory itself (`open_directory`, under the exclusive lock of
graph/lock.py); a reader opens the newest committed snapshot (`open_snapshot`,
graph/snapshots.py), or, for a store written before snapshots were kept, the directory in place
under a shared lock. Every failure is one line: a locked store names its writer, a damaged one
says how to recover.
"""

import time
from pathlib import Path

import pyoxigraph as ox

from reportgraph.errors import StoreError, StoreLockedError
from reportgraph.graph import bulkload, snapshots
from reportgraph.graph.base import one_line
from reportgraph.graph.lock import LOCK_NAME, DirLock

#: what RocksDB says about files it cannot use (a disk that filled, a copy cut short)
DAMAGE = ("corruption", "does not end with newline", "no such file", "checksum", "bad magic",
          "truncated", "invalid argument: ")
#: files that belong in a store folder besides Oxigraph's own
OWN_FILES = {LOCK_NAME, snapshots.SNAPSHOTS, bulkload.JOURNAL, bulkload.JOURNAL + ".tmp"}


def damaged(path: Path, message: str) -> StoreError:
    """The one line for a store whose files cannot be used."""
    return StoreError(
        f"store {path} is damaged ({one_line(message, 120)}): rebuild it from the reports "
        "(`reportgraph build` into a new or emptied --store) or restore a copy of the folder")


def check_path(p: Path, *, read_only: bool) -> None:
    """StoreError unless `p` is a store (or, for a writer, a place to make one)."""
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p} is not a store (it is a file)")
    if p.is_dir():
        entries = {e.name for e in p.iterdir()} - OWN_FILES
        if entries and "CURRENT" not in entries:
            if entries & {"IDENTITY", "OPTIONS"} or any(e.startswith("MANIFEST-") for e in entries):
                raise damaged(p, "its CURRENT file is missing")
            raise StoreError(f"{p} is not a store (a directory without an Oxigraph database)")
        if not entries and read_only and not snapshots.numbered(p):
            raise StoreError(f"no store at {p} (build one with `reportgraph build`)")
    elif read_only:
        raise StoreError(f"no store at {p} (build one with `reportgraph build`)")


def open_directory(path: Path, *, read_only: bool) -> ox.Store:
    """Oxigraph on the directory itself (the caller holds the lock)."""
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        message = one_line(str(exc))
        if "lock" in message.lower():
            raise StoreLockedError(
                f"store {path} is in use by another process ({message})") from None
        if any(k in message.lower() for k in DAMAGE):
            raise damaged(path, message) from None
        raise StoreError(f"cannot open store {path}: {message}") from None


def writer_free(path: Path) -> bool:
    """Whether no process holds the store's writer lock."""
    probe = DirLock(path, exclusive=False)
    try:
        probe.acquire()
    except StoreLockedError:
        return False
    probe.release()
    return True


def open_snapshot(path: Path) -> snapshots.Snapshot | None:
    """The newest snapshot opened for reading; None when there is none (an older store)."""
    for attempt in range(100):
        try:
            snap = snapshots.open_latest(path)
        except (OSError, RuntimeError) as exc:
            raise damaged(path, str(exc)) from None
        if snap is not None:
            return snap
        if attempt == 0 and writer_free(path):
            return None
        time.sleep(0.02)  # a writer has just opened it: its first snapshot is on the way
    raise StoreLockedError(f"store {path} is being written by another process and has "
                           "no committed state to read yet; try again in a moment")


__all__ = ["DAMAGE", "OWN_FILES", "check_path", "damaged", "open_directory", "open_snapshot",
           "writer_free"]
