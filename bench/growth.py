"""Scale (issue 16): the write path old vs new on one corpus, the parallel build, and the growth
curve, measured in one run.

    python bench/growth.py [--sizes 1,10,100,1000] [--writer-reports 290] [--out DIR]
                           [--old REV] [--rounds N]

1. Writer: the same report graphs (N-Quads from `reportgraph extract`) written into a fresh
   embedded store by the transactional writer (`store.bulk = False`: one transaction per report,
   the code before bulk loading) and by the bulk-loading writer (graph/bulkload.py, batches of
   graph/batchwrite.py, as `reportgraph load` writes them): seconds, CPU seconds, quads/s and
   the ratio; with `--old REV` also the bulk writer of git revision REV (its tree from
   `git archive`, run with PYTHONPATH pointing at it), in the same run.
2. Parallel build: `reportgraph build -j 1` and `-j 2 --no-validate` of the writer's corpus into
   fresh stores: wall and CPU seconds (the build process and its workers) and the speed-up;
   with `--old REV` the same commands of REV, alternating with this code's, `--rounds` times
   (the fastest of each is reported, and every round's numbers).
3. Growth: `reportgraph build -j 2 --no-validate` of the first N reports of one synthetic corpus
   for each size: build seconds, store size on disk, peak RSS of the largest process, and every
   named query's latency (median of 3 after a first run, the page `reportgraph query` shows);
   a linear fit of build time and size projected to 10,000 reports.
4. Listings (bench/listings.py) on the largest store: every row and the first page read from the
   stored rows against the old listing query over positions, and all listings brought up to date
   after one more report (incremental) against the old positions recomputed from scratch, for
   each of the corpus's `EXTRA` reports beyond the largest size: milliseconds and ratios.
`--sizes ""` skips 3 and 4. Every wall-clock number comes with the CPU seconds and the load
average before and after (the machine may be shared). Prints markdown for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
#: reports of the corpus beyond the largest size: the "one more report" of section 4
EXTRA = 3


@dataclass
class Run:
    """One command: wall seconds, CPU seconds of it and its children, load average before/after."""

    wall: float
    cpu: float
    load: tuple[float, float]
    rss: int = 0  # peak RSS in MB of the largest process among this run's children so far
    #: CPU seconds of the command's own process (the writer) and of its children (the workers)
    own: float | None = None
    workers: float | None = None

    def text(self) -> str:
        split = ("" if self.own is None else
                 f": writer {self.own:.1f} + workers {self.workers:.1f}")
        return (f"{self.wall:.1f} s (cpu {self.cpu:.1f} s{split}, "
                f"load {self.load[0]:.1f}-{self.load[1]:.1f})")


#: `python -c` that runs the command line and says, as it exits, the CPU seconds of its own
#: process and of its children (workers exit through os._exit: the hook runs in the parent only)
_CLI = ("import atexit, resource, sys\n"
        "def _say():\n"
        "    s, c = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "    print('RUSAGE', s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime, file=sys.stderr)\n"
        "atexit.register(_say)\n"
        "sys.argv[0] = 'reportgraph'\n"
        "from reportgraph.cli.main import main\n"
        "main()\n")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_python(args: list[str], tree: Path | None = None) -> tuple[Run, str]:
    """`python ARGS` in a new process (with `tree` first on PYTHONPATH: another revision's
    reportgraph), its Run and standard output."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    load0 = os.getloadavg()[0]
    cpu0 = _children_cpu()
    t = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=tree or ROOT, check=False,
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-500:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    run = Run(wall, _children_cpu() - cpu0, (load0, os.getloadavg()[0]), rss)
    said = [line.split() for line in done.stderr.splitlines() if line.startswith("RUSAGE ")]
    if said:
        run.own, run.workers = float(said[-1][1]), float(said[-1][2])
    return run, done.stdout


def cli(*args: str, tree: Path | None = None) -> Run:
    """Run `reportgraph ARGS` in a new process (of revision `tree`, default this code)."""
    return run_python(["-c", _CLI, *args], tree)[0]


def _extract(rev: str, into: Path, paths: list[str]) -> None:
    archive = into.parent / f"{into.name}.tar"
    subprocess.run(["git", "archive", "-o", str(archive), rev, *paths], cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    archive.unlink()


def tree_at(rev: str, work: Path, label: str, paths_from: tuple[str, list[str]] | None = None
            ) -> Path:
    """Revision `rev` of this repository as an importable `reportgraph` package under work/
    (`paths_from` (REV2, PATHS): with those paths as they are at REV2 instead)."""
    base = work / f"tree-{label}"
    shutil.rmtree(base, ignore_errors=True)
    package = base / "reportgraph"
    package.mkdir(parents=True)
    _extract(rev, package, [])
    if paths_from is not None:
        other, paths = paths_from
        for path in paths:
            target = package / path
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        _extract(other, package, paths)
    return base


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()
               and "reportgraph-snapshots" not in f.parts) / 2**20


def write_store(nq: Path, store: Path, mode: str) -> dict:
    """Write every graph of `nq` into a new store at `store` with the transactional writer
    (`mode` "transactional") or the bulk writer in batches ("bulk"), in this process: seconds,
    CPU seconds (this process, RocksDB's threads included), quads, store MB."""
    from reportgraph.graph.batchwrite import BatchWriter
    from reportgraph.graph.nquads import check_nquads
    from reportgraph.graph.store import OxigraphStore

    files = sorted(nq.glob("*.nq"))
    data = [(check_nquads(f, f.read_bytes()), f.read_bytes()) for f in files]
    shutil.rmtree(store, ignore_errors=True)
    cpu, t = time.process_time(), time.perf_counter()
    with OxigraphStore(store) as st:
        st.bulk = mode == "bulk"
        if st.bulk:
            try:  # as `reportgraph load` writes them (the files were parsed strictly above)
                batch = BatchWriter(st, checked=True)
            except TypeError:  # a revision before `checked`
                batch = BatchWriter(st)
            for name, d in data:
                batch.add(name, d, lambda n: None)
            batch.flush()
        else:
            for name, d in data:
                st.replace_graph_nquads(name, d)
    return {"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu,
            "graphs": len(files), "quads": sum(d.count(b"\n") for _n, d in data),
            "mb": size_mb(store)}


def write_path(nq: Path, work: Path, new: Path | None, old: Path | None) -> dict[str, dict]:
    """The writers on the same N-Quads files, each in a new process: the new code's
    transactional and bulk writers, and the bulk writer of the `old` tree."""
    out = {}
    writers = [("transactional", "transactional", new), ("bulk", "bulk", new)]
    if old is not None:
        writers.insert(1, ("bulk (old)", "bulk", old))
    for label, mode, tree in writers:
        store = work / f"writer-{mode}{'-old' if tree is old and old else ''}"
        run, stdout = run_python([str(Path(__file__).resolve()), "--write-store", mode,
                                  str(nq), str(store)], tree)
        out[label] = json.loads(stdout.strip().splitlines()[-1]) | {"load": run.load}
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


def best_run(runs: list[Run]) -> Run:
    """The fastest of the rounds: on a shared machine the least disturbed one."""
    return min(runs, key=lambda r: r.wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100,1000")
    ap.add_argument("--writer-reports", type=int, default=290)
    ap.add_argument("--out", type=Path, default=Path("/tmp/reportgraph-growth"))
    ap.add_argument("--old", metavar="REV", help="also measure git revision REV (same run)")
    ap.add_argument("--old-paths", default="", metavar="PATHS",
                    help="comma-separated: the old code is the new one with only these paths as "
                    "at REV (the writer's modules, say), so that nothing else differs")
    ap.add_argument("--new", metavar="REV", help="the new code: revision REV (default: the "
                    "working tree)")
    ap.add_argument("--rounds", type=int, default=1, help="parallel builds of each kind")
    ap.add_argument("--parts", default="writer,build", help="of section 1 (writer) and 2 (build)")
    ap.add_argument("--write-store", nargs=3, metavar=("MODE", "NQ", "STORE"),
                    help=argparse.SUPPRESS)  # section 1's child process
    args = ap.parse_args()
    if args.write_store:
        mode, nq_dir, store_dir = args.write_store
        print(json.dumps(write_store(Path(nq_dir), Path(store_dir), mode)))
        return
    from corpus import write_corpus

    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    corpus = work / "corpus"
    if len(list(corpus.glob("*.txt"))) < max(sizes + [args.writer_reports]) + EXTRA:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, max(sizes + [args.writer_reports]) + EXTRA, seed=2020)
    reports = sorted(corpus.glob("*.txt"))
    new = tree_at(args.new, work, "new") if args.new else None
    paths = [p for p in args.old_paths.split(",") if p]
    old = (tree_at(args.new or "HEAD", work, "old", (args.old, paths)) if paths
           else tree_at(args.old, work, "old")) if args.old else None
    print(f"# bench/growth.py, {started}, load average {Path('/proc/loadavg').read_text().split()[:3]}"
          f", {os.cpu_count()} cores; new = {args.new or 'the working tree'}"
          + (f"; old = {args.old}" + (f" for {', '.join(paths)}" if paths else "")
             if args.old else ""))

    # 1. writer, old and new, on the same graphs
    part = work / f"first-{args.writer_reports}"
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir()
    for r in reports[:args.writer_reports]:
        (part / r.name).symlink_to(r)
    if "writer" in args.parts:
        nq = work / "nq"
        shutil.rmtree(nq, ignore_errors=True)
        cli("extract", "-j", "2", "--no-validate", str(part), "-o", str(nq), tree=new)
        w = write_path(nq, work, new, old)
        print("\n## Write path\n")
        print("| writer | graphs | quads | seconds | CPU s | quads/s | store MB | load average |\n"
              "|---|---|---|---|---|---|---|---|")
        for label, r in w.items():
            print(f"| {label} | {r['graphs']} | {r['quads']:,} | {r['seconds']:.1f} | {r['cpu']:.1f} | "
                  f"{r['quads'] / r['seconds']:,.0f} | {r['mb']:.0f} | "
                  f"{r['load'][0]:.1f}-{r['load'][1]:.1f} |")
        tx, bulk = w["transactional"], w["bulk"]
        print(f"\nbulk / transactional: **{tx['seconds'] / bulk['seconds']:.2f}x** faster "
              f"(CPU {tx['cpu'] / bulk['cpu']:.2f}x)")
        if "bulk (old)" in w:
            was = w["bulk (old)"]
            print(f"\nbulk / bulk of {args.old}: **{was['seconds'] / bulk['seconds']:.2f}x** faster "
                  f"(CPU {was['cpu'] / bulk['cpu']:.2f}x)")

    if "build" in args.parts:
        # 2. parallel build
        print("\n## Parallel build\n")
        trees = {"new": new} | ({"old": old} if old is not None else {})
        runs: dict[tuple[str, str], list[Run]] = {}
        for _ in range(args.rounds):
            for jobs in ("1", "2"):
                for label, tree in trees.items():
                    store = work / f"build-{label}-j{jobs}"
                    shutil.rmtree(store, ignore_errors=True)
                    run = cli("--store", str(store), "build", "-j", jobs, "--no-validate", str(part),
                              tree=tree)
                    runs.setdefault((label, jobs), []).append(run)
                    print(f"build {label} -j {jobs}: {run.text()}", file=sys.stderr)
        print("| code | -j 1 | -j 2 | speed-up (wall) | CPU -j 2 / -j 1 | -j 2 on 2 free cores "
              "at least |\n|---|---|---|---|---|---|")
        for label in trees:
            one, two = best_run(runs[label, "1"]), best_run(runs[label, "2"])
            name = (args.new or 'this code') if label == 'new' else args.old
            floor = max(two.own or 0, two.cpu / 2)  # the writer is one process; the rest shares cores
            print(f"| {name} | {one.text()} | {two.text()} | **{one.wall / two.wall:.2f}x** | "
                  f"{two.cpu / one.cpu:.2f} | {floor:.1f} s |")
        if args.rounds > 1:
            print("\nEvery round (wall s / CPU s): " + "; ".join(
                f"{(args.new or 'this code') if label == 'new' else args.old} -j {jobs}: "
                + ", ".join(f"{r.wall:.1f}/{r.cpu:.1f}" for r in rs) for (label, jobs), rs in runs.items()))
    if not sizes:
        return

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
        built = cli("--store", str(store), "build", "-j", "2", "--no-validate", str(part))
        seconds, rss = built.wall, built.rss
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
