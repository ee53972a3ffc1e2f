"""Export the store: Turtle or N-Triples (the union of all report graphs), TriG or JSON-LD (one
named graph per report)."""

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from reportgraph.errors import ExportError
from reportgraph.graph.store import Store
from reportgraph.ontology.namespaces import PREFIXES

#: export format name -> (rdflib serializer, keeps named graphs)
EXPORT_FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("turtle", False),
    "nt": ("nt", False),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
}


def _bind(g: Graph, base: str | None) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    if base:
        g.bind("id", base, override=True)


def serialize_dataset(ds: Dataset, fmt: str, *, base: str | None = None) -> bytes:
    """`ds` in an export format; triple formats get the union of its graphs, without duplicates."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
    rdflib_format, quads = EXPORT_FORMATS[fmt]
    if quads:
        target: Graph = ds
    else:
        target = Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            target.add((s, p, o))
    _bind(target, base)
    return target.serialize(format=rdflib_format, encoding="utf-8")


def serialize_store(store: Store, fmt: str, *, base: str | None = None) -> bytes:
    """Every named graph of the store in an export format."""
    return serialize_dataset(store.dataset(), fmt, base=base)


def write_new_file(data: bytes, path: Path, *, force: bool = False) -> None:
    """Write `data` to `path` atomically; an existing file is only replaced with `force`."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a directory")
    if path.exists() and not force:
        raise ExportError(f"{path} exists (use --force to overwrite it)")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"directory {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
