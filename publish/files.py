"""Safe output: fixed file names inside one directory, no silent overwrite, atomic writes."""

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgraph.errors import ExportError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)+$")


@dataclass(frozen=True)
class PublishedFile:
    """One file written by a publication."""

    name: str
    path: Path
    media_type: str
    byte_size: int
    sha256: str


def check_outdir(outdir: Path) -> Path:
    """The output directory as an absolute path; it must not be a file."""
    if outdir.exists() and not outdir.is_dir():
        raise ExportError(f"output directory {outdir} is not a directory")
    return outdir.resolve()


def check_targets(outdir: Path, names: Iterable[str], force: bool) -> None:
    """Refuse names that could leave `outdir` and files that exist (unless `force`)."""
    seen: set[str] = set()
    for name in names:
        if not _NAME.match(name) or name in seen:
            raise ExportError(f"invalid or duplicate output file name {name!r}")
        seen.add(name)
        path = outdir / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise ExportError(f"{path} exists and is not a regular file")
        if path.exists() and not force:
            raise ExportError(f"{path} exists (use --force to overwrite)")
        if path.parent != outdir:
            raise ExportError(f"{name!r} would be written outside {outdir}")


def write_file(outdir: Path, name: str, data: bytes, media_type: str) -> PublishedFile:
    """Write `data` to `outdir/name` atomically (temporary file in the same directory, rename)."""
    path = outdir / name
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=outdir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return PublishedFile(name, path, media_type, len(data), hashlib.sha256(data).hexdigest())
