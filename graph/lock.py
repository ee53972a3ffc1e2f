"""An advisory file lock: many readers or one writer per store directory."""

from pathlib import Path
from typing import IO

from reportgraph.errors import StoreError, StoreLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "reportgraph.lock"


class DirLock:
    """`flock` on `{directory}/reportgraph.lock`: shared for readers, exclusive for a writer.

    Never waits: a lock held by another process (or another open store in this one) is a
    StoreLockedError. The kernel drops the lock when the process dies, even by kill -9.
    """

    def __init__(self, directory: Path, *, exclusive: bool) -> None:
        self.path = directory / LOCK_NAME
        self.exclusive = exclusive
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        if fcntl is None or self._file is not None:
            return
        try:
            f = open(self.path, "ab")  # noqa: SIM115 - held open while locked
        except PermissionError:
            if self.exclusive:
                raise StoreError(f"store {self.path.parent} is not writable") from None
            try:
                f = open(self.path, "rb")  # noqa: SIM115 - held open while locked
            except OSError:
                return  # read-only medium without a lock file: nothing can write there anyway
        except OSError as exc:
            raise StoreError(f"cannot lock store {self.path.parent}: {exc.strerror}") from None
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(f.fileno(), mode | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            what = "written" if not self.exclusive else "used"
            raise StoreLockedError(
                f"store {self.path.parent} is being {what} by another process; try again when it "
                "has finished") from None
        self._file = f

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the flock
            self._file = None
