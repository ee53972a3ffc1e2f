"""An advisory file lock per store directory: one writer, or (stores without snapshots) readers.

The lock is a `flock` on `{directory}/reportgraph.lock`, opened close-on-exec and only in the
process that writes (build workers are forked before it is taken and never hold it), so the kernel
releases it when that process ends, even by kill -9. The writer records its PID in the file: a
second writer is told which process holds the store, and a lock held although that process has
ended (processes it left behind, e.g. from an older version) is reported as stale, with both PIDs.
"""

import os
from pathlib import Path

from reportgraph.errors import StoreError, StoreLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "reportgraph.lock"


def pid_alive(pid: int) -> bool:
    """True when a process with this PID exists (a zombie counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True


def holders(path: Path) -> list[int]:
    """PIDs of the processes with `path` open (Linux /proc; [] elsewhere or when unreadable)."""
    try:
        target = os.stat(path)
    except OSError:
        return []
    found = []
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return []
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if st.st_ino == target.st_ino and st.st_dev == target.st_dev:
                found.append(pid)
                break
    return sorted(set(found) - {os.getpid()})


class DirLock:
    """`flock` on `{directory}/reportgraph.lock` (exclusive for a writer, shared for a reader).

    Never waits: a lock held by another process (or another open store in this one) is a
    StoreLockedError naming the writer's PID. The file is opened with O_CLOEXEC, so a program
    started by the holder does not inherit it.
    """

    def __init__(self, directory: Path, *, exclusive: bool, what: str = "store") -> None:
        self.path = directory / LOCK_NAME
        self.exclusive = exclusive
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> None:
        if fcntl is None or self._fd is not None:
            return
        flags = os.O_CLOEXEC | (os.O_RDWR | os.O_CREAT if self.exclusive else os.O_RDONLY)
        try:
            fd = os.open(self.path, flags, 0o644)
        except PermissionError:
            if self.exclusive:
                raise StoreError(f"{self.what} {self.path.parent} is not writable") from None
            return  # read-only medium without a lock file: nothing can write there anyway
        except FileNotFoundError:
            if self.exclusive:
                raise StoreError(f"cannot lock {self.what} {self.path.parent}: no such folder") from None
            return  # written before locks were kept, or by another tool
        except OSError as exc:
            raise StoreError(f"cannot lock {self.what} {self.path.parent}: {exc.strerror}") from None
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = self.owner(fd)
            os.close(fd)
            raise StoreLockedError(self._locked_message(owner)) from None
        if self.exclusive:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    @staticmethod
    def owner(fd: int) -> int | None:
        """The PID the writer recorded in the lock file, if any."""
        try:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def _locked_message(self, owner: int | None) -> str:
        where = f"{self.what} {self.path.parent}"
        if owner is None:
            return f"{where} is being written by another process; try again when it has finished"
        if pid_alive(owner):
            return (f"{where} is being written by another process (PID {owner}); try again when "
                    "it has finished")
        left = [p for p in holders(self.path) if p != owner]
        who = f" (PIDs {', '.join(map(str, left))})" if left else ""
        return (f"stale lock on {where}: the writer, process {owner}, has ended but processes it "
                f"left behind{who} still hold {self.path.name}; stop them and try again")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None
