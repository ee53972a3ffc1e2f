"""Where a `reportgraph build` spends its CPU: the writer's phases and the workers' stages.

    python bench/build_profile.py [--profile DIR] -- [reportgraph build arguments]

Runs the build command in this process with its phases timed (wall and process CPU: the
process's RocksDB threads included); the worker processes (forked, so they inherit the timers)
time each report's stages with thread CPU (`time.thread_time`: only the worker's main thread)
and append them to a file per worker. Printed at the end, one line per phase/stage:

- writer: the bulk loads (graph/bulkload.py: the journal and Oxigraph's `bulk_load`), the rest
  of `replace_graphs_nquads` (the union's lines, counts), snapshots for readers, the listings at
  the end, and what is left (imports, unpickling the workers' results, progress lines);
- workers: extraction (`extract_report`), SHACL (`check`), serialisation to N-Quads
  (`serialise_graph`), entity counts, and pickling the result (timed apart: the pool pickles
  it again to send it).

`--profile DIR` also writes cProfile data: DIR/writer.prof and DIR/worker-PID.prof.
"""

from __future__ import annotations

import argparse
import atexit
import os
import pickle
import resource
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
_LOG: list[tuple[str, float, float, float]] = []  # (phase, started at, wall, cpu)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed(owner: object, name: str, label: str) -> None:
    """Wrap `owner.name` so that each call's wall and process CPU is logged under `label`."""
    f = getattr(owner, name)

    def timed(*a, **k):
        t, c = time.perf_counter(), _cpu()
        try:
            return f(*a, **k)
        finally:
            _LOG.append((label, t - T0, time.perf_counter() - t, _cpu() - c))
    setattr(owner, name, timed)


def _totals(log: list[tuple[str, float, float, float]]) -> dict[str, list[float]]:
    tot: dict[str, list[float]] = {}
    for label, at, wall, cpu in log:
        a = tot.setdefault(label, [0, 0.0, 0.0, 0.0])
        a[0] += 1
        a[1] += wall
        a[2] += cpu
        a[3] = max(a[3], at + wall)
    return tot


class _Machine:
    """The whole machine's CPU use during the build (/proc/stat), sampled every second: how much
    of the two cores was idle, and how much went to other processes than this build."""

    def __init__(self) -> None:
        import threading
        self.start = self._stat()
        self.ours0 = self._ours()
        self.samples: list[tuple[float, float, float]] = []  # (at, busy share, ours share)
        self.stop = False
        threading.Thread(target=self._run, daemon=True).start()

    @staticmethod
    def _stat() -> tuple[int, int]:
        with open("/proc/stat") as f:
            parts = [int(x) for x in f.readline().split()[1:]]
        idle = parts[3] + parts[4]
        return sum(parts[:8]) - idle, idle

    @staticmethod
    def _ours() -> float:
        s = resource.getrusage(resource.RUSAGE_SELF)
        total = s.ru_utime + s.ru_stime
        me = os.getpid()
        for pid in os.listdir("/proc"):  # live children (the workers): ticks from /proc
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        c = resource.getrusage(resource.RUSAGE_CHILDREN)  # children that have ended
        return total + c.ru_utime + c.ru_stime

    def _run(self) -> None:
        last, ours = self._stat(), self._ours()
        tick = os.sysconf("SC_CLK_TCK")
        while not self.stop:
            time.sleep(1.0)
            now, o = self._stat(), self._ours()
            busy, idle = now[0] - last[0], now[1] - last[1]
            if busy + idle:
                self.samples.append((time.perf_counter() - T0, busy / (busy + idle),
                                     (o - ours) * tick / (busy + idle)))
            last, ours = now, o

    def say(self) -> None:
        self.stop = True
        end = self._stat()
        busy, idle = end[0] - self.start[0], end[1] - self.start[1]
        tick = os.sysconf("SC_CLK_TCK")
        ncpu = os.cpu_count() or 1
        others = busy / tick - (self._ours() - self.ours0)
        print(f"machine: {busy / tick:.1f} CPU s busy, {idle / tick:.1f} idle on {ncpu} cores; "
              f"other processes {max(others, 0):.1f} CPU s", file=sys.stderr)
        line = " ".join(f"{at:.0f}:{b * ncpu:.1f}/{o * ncpu:.1f}" for at, b, o in self.samples)
        print(f"  cores busy/ours per second: {line}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", type=Path, default=None, metavar="DIR")
    ap.add_argument("--stages", type=Path, default=Path(f"/tmp/build-stages-{os.getpid()}"),
                    help="folder for the workers' per-report stage times")
    ap.add_argument("args", nargs=argparse.REMAINDER)
    opts = ap.parse_args()
    args = [a for a in opts.args if a != "--"]
    opts.stages.mkdir(parents=True, exist_ok=True)
    for f in opts.stages.glob("worker-*.tsv"):
        f.unlink()

    import reportgraph.cli.main as cli_main
    from reportgraph.extract import batch, pipeline
    from reportgraph.graph import batchwrite, bulkload, nquads, oxstore, snapshots, summary
    from reportgraph.queries import listing

    # ---- the writer
    _timed(bulkload, "load_new_graphs", "bulk load (journal + bulk_load)")
    _timed(oxstore.OxigraphStore, "replace_graphs_nquads", "replace_graphs_nquads (all of it)")
    _timed(snapshots, "take", "snapshots")
    _timed(listing, "refresh_listings", "listings")
    _timed(oxstore.OxigraphStore, "_union_new", "change log (union lookups)")

    # ---- the workers: stages of one report, appended to a file per worker
    me = os.getpid()
    original_extract = batch.extract_report
    serialise, count = nquads.serialise_graph, summary.count_entities
    stage: dict[str, float] = {}
    prof = None
    if opts.profile:
        import cProfile
        opts.profile.mkdir(parents=True, exist_ok=True)

    def thread_timed(label, f):
        def g(*a, **k):
            t = time.thread_time()
            try:
                return f(*a, **k)
            finally:
                stage[label] = stage.get(label, 0.0) + time.thread_time() - t
        return g

    batch.extract_report = thread_timed("extract", original_extract)
    nquads.serialise_graph = thread_timed("serialise", serialise)
    nquads.count_entities = thread_timed("count entities", count)
    original_work = batch._work

    def work(path, base, encoding, check, pack=None):
        nonlocal prof
        if os.getpid() == me:
            return original_work(path, base, encoding, check, pack)
        if opts.profile and prof is None:
            import cProfile
            wprof.disable()  # the writer's profiler, inherited by the fork
            prof = cProfile.Profile()
        stage.clear()
        if check is not None:
            check = thread_timed("shacl", check)
        if pack is not None:
            pack = thread_timed("pack (serialise + count)", pack)
        t = time.thread_time()
        if prof is not None:
            prof.enable()
        out = original_work(path, base, encoding, check, pack)
        t1 = time.thread_time()
        pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        stage["pickle"] = time.thread_time() - t1
        if prof is not None:
            prof.disable()
            prof.dump_stats(str(opts.profile / f"worker-{os.getpid()}.prof"))
        stage["all"] = t1 - t
        with open(opts.stages / f"worker-{os.getpid()}.tsv", "a") as f:
            f.write("\t".join(f"{k}={v:.6f}" for k, v in stage.items()) + "\n")
        return out
    work.__module__, work.__qualname__ = batch.__name__, "_work"  # pickled by that name
    batch._work = work
    del pipeline, batchwrite

    wprof = None
    if opts.profile:
        import cProfile
        wprof = cProfile.Profile()

    def say() -> None:
        if wprof is not None:
            wprof.disable()
            wprof.dump_stats(str(opts.profile / "writer.prof"))
        s = resource.getrusage(resource.RUSAGE_SELF)
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()
        print(f"\nwall {time.perf_counter() - T0:.1f} s; writer CPU {s.ru_utime + s.ru_stime:.1f} s, "
              f"workers CPU {c.ru_utime + c.ru_stime:.1f} s; load average now {load[0]:.1f}",
              file=sys.stderr)
        for label, (n, wall, cpu, end) in _totals(_LOG).items():
            print(f"  writer {label}: {n:.0f} calls, wall {wall:.2f} s, cpu {cpu:.2f} s, "
                  f"last ended at {end:.1f} s", file=sys.stderr)
        sums: dict[str, float] = {}
        reports = 0
        for f in opts.stages.glob("worker-*.tsv"):
            for line in f.read_text().splitlines():
                reports += 1
                for part in line.split("\t"):
                    k, _, v = part.partition("=")
                    sums[k] = sums.get(k, 0.0) + float(v)
        for k, v in sums.items():
            print(f"  workers {k}: {v:.2f} thread-CPU s over {reports} reports", file=sys.stderr)

    atexit.register(say)
    machine = _Machine()
    atexit.register(machine.say)  # runs before `say` (atexit is last in, first out)
    print(f"load average at start {os.getloadavg()[0]:.1f}", file=sys.stderr)
    sys.argv = ["reportgraph", *args]
    if wprof is not None:
        wprof.enable()
    cli_main.main()


if __name__ == "__main__":
    main()
