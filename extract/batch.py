"""Many reports: expand folders and globs, extract in parallel worker processes."""

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

from reportgraph.errors import InputError, ReportgraphError
from reportgraph.extract.pipeline import ExtractedReport, extract_report

REPORT_SUFFIXES = (".txt", ".text")
Check = Callable[[ExtractedReport], Iterable[object]]


def expand_inputs(args: list[str]) -> tuple[list[Path], list[InputError]]:
    """Files as given; a folder -> its *.txt files (sorted); a glob pattern -> its matches.

    Returns the report paths (each once, in order) and an InputError per argument that names
    nothing (missing file, empty folder, glob without matches)."""
    paths: list[Path] = []
    problems: list[InputError] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                problems.append(InputError(f"{p}: folder has no .txt reports"))
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
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, problems


def _work(path: str, base: str, encoding: str | None, check: Check | None
          ) -> tuple[str, ExtractedReport | None, str | None]:
    """Worker: extract one report (and run `check` on it); the result travels back pickled."""
    try:
        r = extract_report(Path(path), base=base, encoding=encoding)
        if check is not None:
            r = replace(r, findings=tuple(check(r)))
    except ReportgraphError as exc:
        return path, None, f"{type(exc).__name__}:{exc}"
    except Exception as exc:  # noqa: BLE001 - a bug on one odd file must not stop the others
        return path, None, f"ExtractError:{path}: extraction failed: {type(exc).__name__}: {exc}"
    return path, r, None


def extract_many(paths: list[Path], *, base: str, encoding: str | None = None, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None, check: Check | None = None,
                 ) -> Iterator[tuple[Path, ExtractedReport | ReportgraphError]]:
    """Extract reports, in `jobs` worker processes when more than one; yields each result (or the
    error for that file) as it completes. `check` (a picklable function of an ExtractedReport, such
    as SHACL validation) runs where the report was extracted; what it returns is the report's
    `findings`."""
    from reportgraph import errors

    total = len(paths)
    if jobs <= 1 or total <= 1:
        for k, path in enumerate(paths):
            try:
                r = extract_report(path, base=base, encoding=encoding,
                                   progress=progress if total == 1 else None)
                yield path, (replace(r, findings=tuple(check(r))) if check is not None else r)
            except ReportgraphError as exc:
                yield path, exc
            if progress and total > 1:
                progress(k + 1, total)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, total)) as pool:
        futures = [pool.submit(_work, str(p), base, encoding, check) for p in paths]
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


def default_jobs(n_reports: int) -> int:
    return max(1, min(n_reports, os.cpu_count() or 1))


__all__ = ["default_jobs", "expand_inputs", "extract_many"]
