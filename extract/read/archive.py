"""Read members of a ZIP container (DOCX, ODT) with a bound on what they decompress to, so that a
zip bomb gives one clear line instead of filling memory."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from reportgraph.errors import InputError

#: decompressed bytes a document's members may add up to (a 500-page report is well under this)
DEFAULT_LIMIT = 200 * 1024 * 1024


def open_zip(data: bytes, path: Path | str) -> zipfile.ZipFile:
    """The archive in `data`; InputError naming `path` when it is truncated or not a ZIP."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise InputError(f"{path}: corrupt or truncated archive ({exc})") from None


def open_zip_member(data: bytes, name: str, limit: int = DEFAULT_LIMIT, *,
                    path: Path | str = "document", total: list[int] | None = None) -> bytes:
    """The decompressed bytes of member `name` of the ZIP archive `data`.

    At most `limit` bytes are read (the sizes the archive declares are not trusted); `total`, a
    one-item list shared by the calls for one file, bounds the sum over several members. Raises
    InputError naming `path` for a missing member, a corrupt archive or a decompression bomb."""
    zf = open_zip(data, path)
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise InputError(f"{path}: {name} is missing from the archive") from None
    used = total[0] if total else 0
    budget = limit - used
    out = io.BytesIO()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(min(1 << 20, budget + 1))
                if not chunk:
                    break
                out.write(chunk)
                if out.tell() > budget:
                    raise InputError(f"{path}: decompresses to more than {limit // 1048576} MB "
                                     "(a zip bomb?); refused")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
            zlib.error) as exc:
        raise InputError(f"{path}: corrupt or truncated archive ({name}: {exc})") from None
    finally:
        zf.close()
    if total is not None:
        total[0] = used + out.tell()
    return out.getvalue()


__all__ = ["DEFAULT_LIMIT", "open_zip", "open_zip_member"]
