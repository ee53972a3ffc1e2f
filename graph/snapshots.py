"""Committed snapshots of an embedded store, which readers open while a writer writes.

Oxigraph 0.5 has no secondary opening, and `Store.read_only` on a directory another process
writes is undefined behaviour (and replays the writer's whole write-ahead log at every opening:
seconds on a large build). So the writer publishes what it has committed: after opening, after a
committed report graph (at most every `EVERY` seconds) and when it closes, it takes a RocksDB
checkpoint (`Store.backup`: the memtable flushed, the table files hard-linked, about 30 ms) into
`{store}/reportgraph-snapshots/.tmp-…` and renames it to the next number, which makes it visible
at once and whole. A reader opens the highest number read-only under a shared `flock` on that
snapshot's own lock file; the writer deletes an older snapshot only when it can take that lock
exclusively (no reader has it open), so a reader never loses the files under it. Everything the
store keeps (report graphs, the union, the data version and listing positions) is in the
checkpoint, so a reader sees one consistent state: the one after some report, never half of one.
"""

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from reportgraph.graph.lock import LOCK_NAME, pid_alive

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

SNAPSHOTS = "reportgraph-snapshots"
#: the least time between two snapshots taken after report graphs (the last write always gets one)
EVERY = 0.5


def snapshot_dir(store: Path) -> Path:
    return store / SNAPSHOTS


def numbered(store: Path) -> list[tuple[int, Path]]:
    """The complete snapshots, oldest first."""
    try:
        entries = list(os.scandir(snapshot_dir(store)))
    except OSError:
        return []
    return sorted((int(e.name), Path(e.path)) for e in entries if e.name.isdigit())


def take(ox_store: ox.Store, store: Path) -> Path:
    """Publish the store's committed state as the next snapshot, then drop unused older ones."""
    folder = snapshot_dir(store)
    folder.mkdir(exist_ok=True)
    existing = numbered(store)
    number = existing[-1][0] + 1 if existing else 1
    tmp = folder / f".tmp-{number}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        ox_store.backup(str(tmp))
        (tmp / LOCK_NAME).touch()
        final = folder / f"{number:010d}"
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    prune(store, keep=final)
    return final


def prune(store: Path, keep: Path | None = None) -> None:
    """Delete the snapshots no reader holds (all but `keep`) and leftovers of interrupted ones."""
    folder = snapshot_dir(store)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for e in entries:
        path = Path(e.path)
        if keep is not None and path == keep:
            continue
        if e.name.startswith(".tmp-"):
            pid = e.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or (int(pid) != os.getpid() and not pid_alive(int(pid))):
                shutil.rmtree(path, ignore_errors=True)
        elif e.name.isdigit():
            _delete_unused(path)


def _delete_unused(path: Path) -> None:
    if fcntl is None:
        return
    try:
        fd = os.open(path / LOCK_NAME, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return  # a reader has it open: the next writer deletes it
    try:
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(fd)


class Snapshot:
    """The newest snapshot opened read-only, held (shared flock) until `release`."""

    def __init__(self, path: Path, fd: int | None, store: ox.Store) -> None:
        self.path, self.fd, self.store = path, fd, store

    def release(self) -> None:
        self.store = None  # type: ignore[assignment]
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def open_latest(store: Path, attempts: int = 5) -> Snapshot | None:
    """The newest snapshot of `store` opened read-only, or None when it has none.

    A snapshot being deleted while it is chosen (a writer pruned it) is skipped: the next
    newest one is tried again, a few times."""
    for _ in range(attempts):
        snaps = numbered(store)
        if not snaps:
            return None
        path = snaps[-1][1]
        fd = None
        if fcntl is not None:
            try:
                fd = os.open(path / LOCK_NAME, os.O_RDONLY | os.O_CLOEXEC)
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:  # gone, or being deleted right now
                if fd is not None:
                    os.close(fd)
                time.sleep(0.01)
                continue
            if not (path / "CURRENT").exists():  # deleted between choosing and locking
                os.close(fd)
                continue
        try:
            return Snapshot(path, fd, ox.Store.read_only(str(path)))
        except (OSError, RuntimeError):
            if fd is not None:
                os.close(fd)
            newest = numbered(store)
            if (path / "CURRENT").exists() and newest and path == newest[-1][1]:
                raise  # the snapshot itself is damaged
            time.sleep(0.01)
    return None
