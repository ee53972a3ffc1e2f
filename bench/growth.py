"""Scale (issue 16): the write path old vs new on one corpus, the parallel build, and the growth
curve, measured in one run.

    python bench/growth.py [--sizes 1,10,100,1000] [--writer-reports 290] [--out DIR]

1. Writer: the same report graphs (N-Quads from `reportgraph extract`) written into a fresh
   embedded store by the transactional writer (`store.bulk = False`: one transaction per report,
   the code before bulk loading) and by the bulk-loading writer (graph/bulkload.py, batches of
   graph/batchwrite.py): seconds, quads/s and the ratio.
2. Parallel build: `reportgraph build -j 1` and `-j 2 --no-validate` of the writer's corpus into
   fresh stores: wall seconds and the speed-up.
3. Growth: `reportgraph build -j 2 --no-validate` of the first N reports of one synthetic corpus
   for each size: build seconds, store size on disk, peak RSS of the largest process, and every
   named query's latency (median of 3 after a first run, the page `reportgraph query` shows);
   a linear fit of build time and size projected to 10,000 reports.
4. Listings (bench/listings.py) on the largest store: every row and the first page read from the
   stored rows against the old listing query over positions, and all listings brought up to date
   after one more report (incremental) against the old positions recomputed from scratch, for
   each of the corpus's `EXTRA` reports beyond the largest size: milliseconds and ratios.
Prints markdown for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
#: reports of the corpus beyond the largest size: the "one more report" of section 4
EXTRA = 3


def cli(*args: str) -> tuple[float, int]:
    """Run `reportgraph ARGS` in a new process: (wall seconds, peak RSS in MB of the largest
    process among this run's children so far)."""
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reportgraph", *args], cwd=ROOT, check=False,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"reportgraph {' '.join(args)} failed: {done.stderr[-500:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return time.perf_counter() - t, rss


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()
               and "reportgraph-snapshots" not in f.parts) / 2**20


def write_path(nq: Path, work: Path) -> dict:
    """Seconds for the old and the new writer on the same N-Quads files."""
    from reportgraph.graph.batchwrite import BatchWriter
    from reportgraph.graph.nquads import check_nquads
    from reportgraph.graph.store import OxigraphStore

    files = sorted(nq.glob("*.nq"))
    data = [(check_nquads(f, f.read_bytes()), f.read_bytes()) for f in files]
    quads = sum(d.count(b"\n") for _n, d in data)
    out = {"graphs": len(files), "quads": quads}
    for mode in ("transactional", "bulk"):
        path = work / f"writer-{mode}"
        shutil.rmtree(path, ignore_errors=True)
        t = time.perf_counter()
        with OxigraphStore(path) as st:
            st.bulk = mode == "bulk"
            if st.bulk:
                batch = BatchWriter(st)
                for name, d in data:
                    batch.add(name, d, lambda n: None)
                batch.flush()
            else:
                for name, d in data:
                    st.replace_graph_nquads(name, d)
        out[mode] = time.perf_counter() - t
        out[mode + "_mb"] = size_mb(path)
    return out


def latencies(store: Path) -> tuple[int, dict[str, float]]:
    """The store's quads, and the median ms of each named query (a listing: the first page, as
    `reportgraph query NAME` shows it), after one first run."""
    from query_times import named_query_calls

    from reportgraph.graph.store import open_store_for_reading
    from reportgraph.queries.listing import Page, run_page

    out: dict[str, float] = {}
    with open_store_for_reading(store) as st:
        quads = int(st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
        projects = st.query("SELECT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> } "
                            "LIMIT 1").rows
        entity = str(projects[0][0]) if projects else None
        for name, params, limit in named_query_calls(entity):
            key = name if limit is not None or name not in out else f"{name} (every row)"
            if limit is None and f"{name}" in out:
                key = f"{name} (every row)"
            runs = []
            for _ in range(4):
                t = time.perf_counter()
                run_page(st, name, params, Page(0, limit))
                runs.append((time.perf_counter() - t) * 1000)
            out[key] = statistics.median(runs[1:])
    return quads, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100,1000")
    ap.add_argument("--writer-reports", type=int, default=290)
    ap.add_argument("--out", type=Path, default=Path("/tmp/reportgraph-growth"))
    args = ap.parse_args()
    from corpus import write_corpus

    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    corpus = work / "corpus"
    if len(list(corpus.glob("*.txt"))) < max(sizes + [args.writer_reports]) + EXTRA:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, max(sizes + [args.writer_reports]) + EXTRA, seed=2020)
    reports = sorted(corpus.glob("*.txt"))
    print(f"# bench/growth.py, {started}, load average {Path('/proc/loadavg').read_text().split()[:3]}")

    # 1. writer, old and new, on the same graphs
    part = work / f"first-{args.writer_reports}"
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir()
    for r in reports[:args.writer_reports]:
        (part / r.name).symlink_to(r)
    nq = work / "nq"
    shutil.rmtree(nq, ignore_errors=True)
    cli("extract", "-j", "2", "--no-validate", str(part), "-o", str(nq))
    w = write_path(nq, work)
    print("\n## Write path\n")
    print("| writer | graphs | quads | seconds | quads/s | store MB |\n|---|---|---|---|---|---|")
    for mode in ("transactional", "bulk"):
        print(f"| {mode} | {w['graphs']} | {w['quads']:,} | {w[mode]:.1f} | "
              f"{w['quads'] / w[mode]:,.0f} | {w[mode + '_mb']:.0f} |")
    print(f"\nbulk / transactional: **{w['transactional'] / w['bulk']:.2f}x** faster")

    # 2. parallel build
    print("\n## Parallel build\n")
    times = {}
    for jobs in ("1", "2"):
        store = work / f"build-j{jobs}"
        shutil.rmtree(store, ignore_errors=True)
        times[jobs], _ = cli("--store", str(store), "build", "-j", jobs, "--no-validate", str(part))
    print(f"{args.writer_reports} reports: -j 1 {times['1']:.1f} s, -j 2 {times['2']:.1f} s: "
          f"speed-up **{times['1'] / times['2']:.2f}x**")

    # 3. growth
    print("\n## Growth\n")
    rows = []
    for n in sizes:
        part = work / f"first-{n}"
        if not part.exists():
            part.mkdir()
            for r in reports[:n]:
                (part / r.name).symlink_to(r)
        store = work / f"store-{n}"
        shutil.rmtree(store, ignore_errors=True)
        seconds, rss = cli("--store", str(store), "build", "-j", "2", "--no-validate", str(part))
        quads, lat = latencies(store)
        rows.append((n, seconds, size_mb(store), rss, lat, quads))
        print(f"built {n}: {seconds:.1f} s", file=sys.stderr)
    names = list(rows[-1][4])
    print("| reports | quads | build s | store MB | peak RSS MB | " + " | ".join(names) + " |")
    print("|---" * (5 + len(names)) + "|")
    for n, seconds, mb, rss, lat, quads in rows:
        print(f"| {n} | {quads:,} | {seconds:.1f} | {mb:.0f} | {rss} | "
              + " | ".join(f"{lat[k]:.1f} ms" for k in names) + " |")
    if len(rows) >= 2:
        xs = [r[0] for r in rows]
        for label, ys in (("build s", [r[1] for r in rows]), ("store MB", [r[2] for r in rows])):
            slope, icpt = statistics.linear_regression(xs, ys)
            print(f"\n{label}: {icpt:.1f} + {slope:.4f} x reports; at 10,000 reports "
                  f"{icpt + slope * 10_000:,.0f}")

    # 4. listings: new path against the old, on the largest store
    from listings import measure, report

    largest = max(sizes)
    extra = work / "extra"
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir()
    for r in reports[largest:largest + EXTRA]:
        (extra / r.name).symlink_to(r)
    extra_nq = work / "extra-nq"
    shutil.rmtree(extra_nq, ignore_errors=True)
    cli("extract", "-j", "2", "--no-validate", str(extra), "-o", str(extra_nq))
    print(report(measure(work / f"store-{largest}", extra_nq, EXTRA)))


if __name__ == "__main__":
    main()
