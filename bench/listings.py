"""Scale (issue 16): the long listings, new path against the old one, in one run on one store.

    python bench/listings.py STORE EXTRA_NQ_DIR [--runs 3]

STORE is copied first (it is left as it was); EXTRA_NQ_DIR holds report graphs
(`reportgraph extract` output) not in it. Measured, with wall and CPU (process) time:

1. Every row of each listing (`-f csv`, `--all`, `publish`): read from the rows the store keeps
   (queries/listing_store.py, `run_page` with no limit) against the old path, the listing query
   run over positions kept in a graph of their own (what the code before computed and read);
   and the first page (100 rows) both ways. Median of `runs` after a first run.
2. One more report: each extra report is written (bulk load), then the listings brought up to
   date incrementally (`refresh_listings`, queries/listing_update.py) and, on the same data, the
   old positions recomputed from scratch and written (the old `refresh_listings`, kept here).
   Medians over the extra reports.
Every answer of the new path is checked against the old one's.
Prints markdown for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

ROOT = Path(__file__).resolve().parent.parent
OLD = "https://w3id.org/reportgraph/index/bench-old-"


def old_positions(store, name: str) -> int:
    """The code before: the order query over the whole store, each item's position and block
    written into a graph (only what changed is written); the number of items."""
    from reportgraph.ontology.namespaces import IDX
    from reportgraph.queries.listing import block_of, order_query

    rows = store.query(order_query(name).text).rows
    items = dict.fromkeys(r[0] for r in rows if isinstance(r[0], URIRef))
    triples = set()
    for i, item in enumerate(items, start=1):
        triples.add((item, IDX.position, Literal(i, datatype=XSD.integer)))
        triples.add((item, IDX.block, Literal(block_of(i), datatype=XSD.integer)))
    store.replace_graph(URIRef(OLD + name), triples)
    return len(items)


def old_page(store, name: str, limit: int | None):
    """The code before: the listing query reading its positions (here from the old graph)."""
    from reportgraph.queries import load_query
    from reportgraph.queries.listing import Page, bind_page

    text = load_query(name).text.replace(f"<https://w3id.org/reportgraph/index/{name}>",
                                         f"<{OLD}{name}>")
    return store.query(bind_page(text, Page(0, limit))).rows


def timed(run, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU milliseconds of `runs` runs after a first one, and the last answer."""
    walls, cpus, out = [], [], None
    for _ in range(runs + 1):
        w, c = time.perf_counter(), time.process_time()
        out = run()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls[1:]) * 1000, statistics.median(cpus[1:]) * 1000, out


def measure(store_dir: Path, extra: Path, runs: int) -> dict:
    from reportgraph.graph.nquads import check_nquads
    from reportgraph.graph.store import OxigraphStore
    from reportgraph.queries.listing import Page, listing_names, refresh_listings, run_page

    names = listing_names()
    out: dict = {"whole": {}, "page": {}, "refresh": []}
    with tempfile.TemporaryDirectory(dir=store_dir.parent) as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(store_dir, copy, ignore=shutil.ignore_patterns("reportgraph-snapshots*"))
        with OxigraphStore(copy) as st:
            quads = int(st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
            out["quads"] = quads
            refresh_listings(st)
            for name in names:
                old_positions(st, name)
            for name in names:
                for key, limit in (("whole", None), ("page", 100)):
                    new = timed(lambda name=name, limit=limit: run_page(
                        st, name, page=Page(0, limit)).result.rows, runs)
                    old = timed(lambda name=name, limit=limit: old_page(st, name, limit), runs)
                    if new[2] != old[2]:
                        raise SystemExit(f"{name} ({key}): the stored rows differ from the query's")
                    out[key][name] = (new[:2], old[:2], len(new[2]))
            for path in sorted(extra.glob("*.nq"))[:max(1, runs)]:
                data = path.read_bytes()
                st.replace_graphs_nquads([(check_nquads(path, data), data)])
                w, c = time.perf_counter(), time.process_time()
                refresh_listings(st)
                new = (time.perf_counter() - w, time.process_time() - c)
                w, c = time.perf_counter(), time.process_time()
                for name in names:
                    old_positions(st, name)
                old = (time.perf_counter() - w, time.process_time() - c)
                for name in names:
                    if run_page(st, name).result.rows != old_page(st, name, None):
                        raise SystemExit(f"{name}: the incremental rows differ after {path.name}")
                out["refresh"].append((new, old))
    return out


def report(out: dict) -> str:
    lines = [f"\n## Listings ({out['quads']:,} quads)\n",
             "| listing | rows | read | stored rows ms (cpu) | old query ms (cpu) | old / new |",
             "|---|---|---|---|---|---|"]
    for key, label in (("whole", "every row"), ("page", "first 100")):
        for name, ((nw, nc), (ow, oc), rows) in out[key].items():
            lines.append(f"| {name} | {rows} | {label} | {nw:.1f} ({nc:.1f}) | {ow:.1f} ({oc:.1f}) "
                         f"| **{ow / nw:.1f}x** |")
    if out["refresh"]:
        new_w = statistics.median(r[0][0] for r in out["refresh"])
        new_c = statistics.median(r[0][1] for r in out["refresh"])
        old_w = statistics.median(r[1][0] for r in out["refresh"])
        old_c = statistics.median(r[1][1] for r in out["refresh"])
        lines.append(f"\nAll listings after one more report (median of {len(out['refresh'])}): "
                     f"incremental {new_w:.3f} s (cpu {new_c:.3f} s), old positions from scratch "
                     f"{old_w:.3f} s (cpu {old_c:.3f} s): **{old_w / new_w:.1f}x**")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("extra", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    print(report(measure(args.store, args.extra, args.runs)))


if __name__ == "__main__":
    main()
