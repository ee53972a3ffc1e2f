"""The benchmark's child processes: a fresh Python (spawn) per measurement, killed on timeout.

A child runs the named tasks of bench/stages.py and bench/query_times.py (`TASKS` there) and
answers each call over a pipe; `STATE` keeps what a task loaded (a store, a graph) for the next.
"""

import multiprocessing as mp
import resource
import sys
import time
from collections.abc import Callable
from typing import Self

STATE: dict[str, object] = {}


def tasks() -> dict[str, Callable[..., object]]:
    """Every task a child can run, by name."""
    import query_times
    import stages

    return {**stages.TASKS, **query_times.TASKS}


def _serve(conn) -> None:  # type: ignore[no-untyped-def]
    """Loop of a child process: run (task, args) messages until None."""
    known = tasks()
    while True:
        message = conn.recv()
        if message is None:
            return
        name, args = message
        try:
            conn.send((True, known[name](*args)))
        except Exception as exc:  # noqa: BLE001 - any failure goes back to the parent as text
            conn.send((False, f"{type(exc).__name__}: {exc}"))


class ChildTimeout(Exception):
    """A child did not answer in time and was killed."""


class ChildFailed(Exception):
    """A task raised in the child."""


class Child:
    """A fresh Python process (spawn) that runs the tasks below; killed on timeout."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")
        self.conn, theirs = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(theirs,), daemon=True)
        self.proc.start()
        theirs.close()

    def call(self, name: str, *args: object, timeout: float | None = None) -> object:
        self.conn.send((name, args))
        if not self.conn.poll(timeout):
            self.kill()
            raise ChildTimeout(name)
        ok, value = self.conn.recv()
        if not ok:
            raise ChildFailed(value)
        return value

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()

    def close(self) -> None:
        if self.proc.is_alive():
            self.conn.send(None)
            self.proc.join(30)
        self.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
