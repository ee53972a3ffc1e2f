"""A new report graph written by Oxigraph's bulk loader, made atomic by a journal.

`Store.bulk_load` writes table files straight into RocksDB (several times faster than a
transaction here: bench/RESULTS.md, "Write path") but gives up atomicity: a process killed during
it leaves part of the graph. So before loading a graph that is not in the store yet, the writer
records in `{store}/reportgraph-journal.nt` which graphs it loads and the triples it adds to the
default graph (the union), written to a temporary file, synced and renamed (it exists whole or not
at all). The journal is deleted once both loads are done. A writer that opens a store with a
journal left behind undoes that load in one transaction (`recover`): the graph is dropped, and
the journal's triples leave the union unless another report graph states them, which is the store
exactly as it was before that report; a re-run of the build writes it again. Readers never see a
half-loaded graph: they read snapshots (graph/snapshots.py), published only after the journal is
gone or undone.

What bulk loading gives up beyond the transaction, and how it is kept: blank nodes (a bulk load
keeps their labels, a graph with blank nodes takes the transactional path), and a replaced graph
(its old triples must leave the union with it: the transactional difference, graph/oxwrite.py).
"""

import os
from pathlib import Path

import pyoxigraph as ox

from reportgraph.errors import StoreError

JOURNAL = "reportgraph-journal.nt"
_HEADER = b"# reportgraph bulk load of "


def default_graph_lines(nquads: bytes, graph: ox.NamedNode) -> bytes:
    """The N-Quads of one named graph as N-Triples: each line without its graph term.

    Every line of a one-graph N-Quads document ends with ` <graph> .`; a line that also names
    the graph as its object (`... <g> <g> .`) keeps the object."""
    return nquads.replace(f" {graph} .\n".encode(), b" .\n")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(folder: Path, graphs: list[ox.NamedNode], triples: bytes | list[bytes]) -> Path:
    """Record, whole or not at all, which graphs a bulk load adds and their union triples (as
    N-Triples, in one piece or several)."""
    journal, tmp = folder / JOURNAL, folder / (JOURNAL + ".tmp")
    with open(tmp, "wb") as out:
        out.write(_HEADER + " ".join(str(g) for g in graphs).encode() + b"\n")
        out.writelines([triples] if isinstance(triples, bytes) else triples)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, journal)
    _fsync_dir(folder)
    return journal


def load_new_graphs(store: ox.Store, folder: Path, graphs: list[tuple[ox.NamedNode, bytes]], *,
                    checked: bool = False) -> None:
    """Bulk-load named graphs not yet in the store (each given as its N-Quads) and their triples
    into the union: one journal and one load for them all (a load has a fixed cost of tens of
    milliseconds here, so a batch of reports loads several times faster than one at a time).

    The graphs and the union triples go to Oxigraph as one N-Quads document (an N-Triples line
    is an N-Quads line in the default graph), so its loader parses, encodes and sorts them in one
    pass and writes one set of table files. `checked`: the terms were already checked (written
    by graph/nquads.py's serialiser, or parsed strictly before), so the loader skips its IRI
    validation (`lenient`; it still refuses bad syntax); this is about a fifth of its time."""
    nquads = [data if data.endswith(b"\n") or not data else data + b"\n" for _g, data in graphs]
    triples = [default_graph_lines(data, g) for (g, _d), data in zip(graphs, nquads, strict=True)]
    journal = write_journal(folder, [g for g, _data in graphs], triples)
    try:  # one document, joined once
        store.bulk_load(b"".join(nquads + triples), format=ox.RdfFormat.N_QUADS, lenient=checked)
    except BaseException:  # a syntax error, a full disk, Ctrl-C: the store as it was
        try:
            recover(store, folder)
        except Exception:  # noqa: BLE001, S110 - the journal stays, the next writer undoes it
            pass
        raise
    journal.unlink()
    _fsync_dir(folder)


def recover(store: ox.Store, folder: Path) -> list[str]:
    """Undo a bulk load a killed writer left unfinished (see the module's doc); the IRIs of the
    graphs it held (none when there was nothing to undo)."""
    (folder / (JOURNAL + ".tmp")).unlink(missing_ok=True)  # killed before any load began
    journal = folder / JOURNAL
    try:
        data = journal.read_bytes()
    except FileNotFoundError:
        return []
    first, _, triples = data.partition(b"\n")
    if not first.startswith(_HEADER):
        raise StoreError(f"store {folder} has a damaged journal ({journal}): rebuild the store")
    try:
        names = first[len(_HEADER):].decode().split()
        lines = triples.decode().splitlines()
    except UnicodeDecodeError:
        raise StoreError(f"store {folder} has a damaged journal ({journal}): rebuild the store"
                         ) from None
    parts = [f"DROP SILENT GRAPH {name}" for name in names]
    for i in range(0, len(lines), 5000):
        rows = "\n".join(f"({line.rstrip().removesuffix(' .')})" for line in lines[i:i + 5000]
                         if line.strip())
        parts.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
                     "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } }")
    store.update(" ;\n".join(parts))
    store.flush()
    journal.unlink()
    _fsync_dir(folder)
    return [name.strip("<>") for name in names]


__all__ = ["JOURNAL", "default_graph_lines", "load_new_graphs", "recover", "write_journal"]
