"""Many reports: expand folders and globs, extract in parallel worker processes."""

import ctypes
import glob
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Self

from reportgraph.errors import InputError, ReportgraphError
from reportgraph.extract.pipeline import ExtractedReport, extract_report

REPORT_SUFFIXES = (".txt", ".text", ".pdf", ".docx", ".odt", ".html", ".htm")
#: seconds one report may take to read and extract (REPORTGRAPH_FILE_TIMEOUT changes it; 0: none)
DEFAULT_FILE_TIMEOUT = 600.0
PR_SET_PDEATHSIG = 1
Check = Callable[[ExtractedReport], Iterable[object]]
#: what a worker does last to a report before it travels back (e.g. serialise its graph)
Pack = Callable[[ExtractedReport], ExtractedReport]


def expand_inputs(args: list[str]) -> tuple[list[Path], list[InputError]]:
    """Files as given; a folder -> its *.txt files (sorted); a glob pattern -> its matches.

    Returns the report paths (each once, in order) and an InputError per argument that names
    nothing (missing file, empty folder, glob without matches)."""
    paths: list[Path] = []
    problems: list[InputError] = []
    for arg in args:
        p = Path(arg)
        try:
            p.resolve(strict=False)
            is_dir = p.is_dir()
        except (RuntimeError, OSError) as exc:
            problems.append(InputError(f"{p}: cannot be read ({_loop(exc)})"))
            continue
        if is_dir:
            found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                problems.append(InputError(f"{p}: folder has no reports "
                                           f"({' '.join(REPORT_SUFFIXES)})"))
            paths += found
        elif not p.exists() and glob.has_magic(arg):
            found = sorted(Path(m) for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not found:
                problems.append(InputError(f"{arg}: no file matches"))
            paths += found
        else:
            paths.append(p)
    seen: set[Path] = set()
    unique = []
    for p in paths:
        try:
            key = p.resolve()
        except (RuntimeError, OSError) as exc:
            problems.append(InputError(f"{p}: cannot be read ({_loop(exc)})"))
            continue
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, problems


def _loop(exc: Exception) -> str:
    text = str(exc)
    return "a symlink loop" if "loop" in text.lower() or getattr(exc, "errno", 0) == 40 else text


def file_timeout() -> float:
    value = os.environ.get("REPORTGRAPH_FILE_TIMEOUT")
    try:
        return float(value) if value else DEFAULT_FILE_TIMEOUT
    except ValueError:
        raise InputError(f"REPORTGRAPH_FILE_TIMEOUT must be a number of seconds, got {value!r}"
                         ) from None


class _TimeLimit:
    """Raise ExtractError naming the file when reading and extracting it takes longer than the
    limit (SIGALRM; only in a process's main thread, elsewhere it does nothing).

    A signal handler's exception is swallowed when the signal lands inside a callback Python
    runs without a caller to raise into (a gc callback, a finaliser), so the timer repeats until
    the exception gets through, and leaving the block after expiry raises it in any case."""

    def __init__(self, path: Path | str, seconds: float) -> None:
        self.path, self.seconds, self.armed, self.expired = path, seconds, False, False

    def _error(self) -> Exception:
        from reportgraph.errors import ExtractError
        return ExtractError(f"{self.path}: gave up after {self.seconds:g} s (the per-file time "
                            "limit; REPORTGRAPH_FILE_TIMEOUT raises it)")

    def _expired(self, signum, frame) -> None:
        self.expired = True
        raise self._error()

    def __enter__(self) -> Self:
        import signal
        import threading
        if self.seconds > 0 and hasattr(signal, "setitimer") and \
                threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, min(self.seconds, 0.25))
            self.armed = True
        return self

    def __exit__(self, *exc) -> None:
        if self.armed:
            import signal
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
            if self.expired and exc[0] is None:
                raise self._error()


def _work(path: str, base: str, encoding: str | None, check: Check | None,
          pack: Pack | None = None) -> tuple[str, ExtractedReport | None, str | None]:
    """Worker: extract one report (run `check` on it, then `pack`); the result travels back
    pickled."""
    try:
        with _TimeLimit(path, file_timeout()):
            r = extract_report(Path(path), base=base, encoding=encoding)
        if check is not None:
            r = replace(r, findings=tuple(check(r)))
        if pack is not None and not any(getattr(f, "is_violation", False) for f in r.findings):
            r = pack(r)
    except ReportgraphError as exc:
        return path, None, f"{type(exc).__name__}:{exc}"
    except Exception as exc:  # noqa: BLE001 - a bug on one odd file must not stop the others
        return path, None, f"ExtractError:{path}: extraction failed: {type(exc).__name__}: {exc}"
    return path, r, None


def _die_with_parent(parent: int, watch: int, keep_open: int) -> None:
    """Worker initializer: end this worker when the build process ends, whatever ends it.

    On Linux the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG); everywhere,
    a thread waits on the read end of a pipe whose only write end the parent holds, and exits on
    its end of file (the parent is gone). A worker never holds the store's lock or files: the
    pool is forked before the store is opened."""
    os.close(keep_open)  # the parent's write end: only the parent may keep the pipe open
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the prctl
        os._exit(1)

    def watch_parent() -> None:
        try:
            while os.read(watch, 1):
                pass
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=watch_parent, name="reportgraph-parent-watch", daemon=True).start()


def _ready() -> int:
    return os.getpid()


class Extraction:
    """Reports extracted in worker processes started before the store is opened.

    `with Extraction(paths, ...) as ex:` forks the workers (jobs > 1) at once, so they never share
    the writer's lock or store files, then `for path, result in ex:` yields each result (or the
    error for that file) as it completes. Leaving the block stops the workers (pending reports
    cancelled). With one job (or one report) reports are extracted in this process, in order."""

    def __init__(self, paths: list[Path], *, base: str, encoding: str | None = None,
                 jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                 check: Check | None = None, pack: Pack | None = None) -> None:
        self.paths, self.base, self.encoding, self.check = paths, base, encoding, check
        self.jobs, self.progress, self.pack = jobs, progress, pack
        self.pool: ProcessPoolExecutor | None = None
        self._watch: tuple[int, int] | None = None

    def __enter__(self) -> Self:
        if self.jobs > 1 and len(self.paths) > 1:
            r, w = os.pipe()
            self._watch = (r, w)
            self.pool = ProcessPoolExecutor(
                max_workers=min(self.jobs, len(self.paths)),
                mp_context=multiprocessing.get_context("fork"),
                initializer=_die_with_parent, initargs=(os.getpid(), r, w))
            self.pool.submit(_ready).result()  # with fork, this starts every worker now
            os.close(r)
        return self

    def worker_pids(self) -> list[int]:
        return sorted(getattr(self.pool, "_processes", None) or {})

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            for proc in processes:  # an error or Ctrl-C: no worker outlives the build
                if proc.is_alive():
                    proc.kill()
            self.pool = None
        if self._watch is not None:
            os.close(self._watch[1])
            self._watch = None

    def __iter__(self) -> Iterator[tuple[Path, ExtractedReport | ReportgraphError]]:
        from reportgraph import errors

        paths, base, encoding, check, progress = (self.paths, self.base, self.encoding,
                                                  self.check, self.progress)
        total = len(paths)
        if self.pool is None:
            for k, path in enumerate(paths):
                try:
                    with _TimeLimit(path, file_timeout()):
                        r = extract_report(path, base=base, encoding=encoding,
                                           progress=progress if total == 1 else None)
                    if check is not None:
                        r = replace(r, findings=tuple(check(r)))
                    if self.pack is not None and total > 1 and not any(
                            getattr(f, "is_violation", False) for f in r.findings):
                        r = self.pack(r)
                    yield path, r
                except ReportgraphError as exc:
                    yield path, exc
                except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
                    yield path, errors.ExtractError(
                        f"{path}: extraction failed: {type(exc).__name__}: {exc}")
                if progress and total > 1:
                    progress(k + 1, total)
            return
        futures = [self.pool.submit(_work, str(p), base, encoding, check, self.pack)
                   for p in paths]
        for done, fut in enumerate(as_completed(futures), 1):
            path, result, err = fut.result()
            if err is not None:
                kind, _, message = err.partition(":")
                cls = getattr(errors, kind, errors.ExtractError)
                yield Path(path), cls(message)
            else:
                yield Path(path), result
            if progress:
                progress(done, total)


def extract_many(paths: list[Path], *, base: str, encoding: str | None = None, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None, check: Check | None = None,
                 ) -> Iterator[tuple[Path, ExtractedReport | ReportgraphError]]:
    """Extract reports, in `jobs` worker processes when more than one; yields each result (or the
    error for that file) as it completes. `check` (a picklable function of an ExtractedReport, such
    as SHACL validation) runs where the report was extracted; what it returns is the report's
    `findings`. (A writer opening a store should start an `Extraction` first.)"""
    with Extraction(paths, base=base, encoding=encoding, jobs=jobs, progress=progress,
                    check=check) as extraction:
        yield from extraction


def default_jobs(n_reports: int) -> int:
    return max(1, min(n_reports, os.cpu_count() or 1))


__all__ = ["Extraction", "default_jobs", "expand_inputs", "extract_many"]
