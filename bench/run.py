"""The reportgraph benchmark: one run measures everything and writes bench/RESULTS.md.

    python bench/run.py               # full run (about 10 minutes on 2 cores)
    python bench/run.py --quick       # about 1 minute, smaller sizes
    python bench/run.py --validation  # only the SHACL engines on the sample (section 5)

Measured (see bench/README.md for the method):
1. the sample report end to end (read, extract, SHACL-validate, write to a fresh embedded store),
   in a fresh process (imports included) and again warm in the same process;
2. single-process extraction words/s, build and SHACL time, and peak memory
   (resource.getrusage) for synthetic corpora of growing size, each in a fresh process;
3. parallel build throughput with a pool of 2 extraction processes and one writer;
4. latency of every named query on a large embedded store (about 1M triples) and on rdflib's
   in-memory SPARQL engine over the same triples, each query in a child process that is killed
   at the timeout;
5. SHACL validation of the sample by rudof (the engine used) and pySHACL (the reference).

The parts: bench/corpus.py (the synthetic corpus), bench/child.py (child processes),
bench/stages.py (the measured stages), bench/query_times.py (section 4), bench/report.py (the
Markdown). Every name they define that earlier versions of this script had is importable from
here too.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # the parts are modules of this folder, also when imported
    sys.path.insert(0, str(BENCH))

from child import STATE, Child, ChildFailed, ChildTimeout, _peak_rss_mb, _serve, log
from corpus import write_corpus
from query_times import (
    QueryTimeout,
    _alarm,
    _embedded_queries,
    _sort_key,
    _timed,
    named_query_calls,
    rdflib_store,
    task_load_rdflib,
    task_open_store,
    task_query,
)
from report import (
    TARGET_QUERY_MS,
    TARGET_SAMPLE_S,
    TARGET_WORDS_PER_S,
    _fit,
    _is_whole_listing,
    _ms,
    _page_rows,
    _verdict,
    report,
    validation_section,
)
from stages import (
    SAMPLE,
    WARM_UP,
    _warm_up,
    cli_build_times,
    parallel_build,
    pool_extract,
    pool_init,
    pool_ready,
    rewrite_iris,
    rewrite_iris_name,
    task_sample_build,
    task_scaling,
    task_validation_engines,
)

PACKAGES = ("reportgraph", "rdflib", "pyoxigraph", "oxigraph", "pyrudof", "pyshacl", "spacy",
            "simplemma")
TASKS = {**__import__("stages").TASKS, **__import__("query_times").TASKS}

__all__ = [
    "BENCH", "FULL", "PACKAGES", "QUICK", "SAMPLE", "STATE", "TARGET_QUERY_MS", "TARGET_SAMPLE_S",
    "TARGET_WORDS_PER_S", "TASKS", "WARM_UP", "Child", "ChildFailed", "ChildTimeout", "Params",
    "QueryTimeout", "Results", "_alarm", "_embedded_queries", "_fit",
    "_is_whole_listing", "_ms", "_page_rows", "_peak_rss_mb", "_serve", "_sort_key", "_timed",
    "_verdict", "_warm_up", "cli_build_times", "log", "machine", "main", "named_query_calls",
    "parallel_build", "pool_extract", "pool_init", "pool_ready", "rdflib_store", "report",
    "rewrite_iris",
    "rewrite_iris_name", "run", "task_load_rdflib", "task_open_store", "task_query",
    "task_sample_build", "task_scaling", "task_validation_engines", "validation_engines",
    "validation_section", "write_corpus",
]


@dataclass(frozen=True)
class Params:
    """Sizes of one run."""

    scaling_sizes: tuple[int, ...]  # reports per corpus for the memory/SHACL series
    sentences: int  # sentences per synthetic report
    reports: int  # reports extracted for the large store
    triples: int  # size of the large store (topped up with IRI-rewritten copies if needed)
    query_timeout: float  # seconds per query run before the child is killed
    reps: int  # timed repetitions of a query after the first run
    seed: int = 2018


FULL = Params(scaling_sizes=(1, 2, 4, 8, 16), sentences=180, reports=290, triples=1_000_000,
              query_timeout=15.0, reps=5)


QUICK = Params(scaling_sizes=(1, 2), sentences=120, reports=4, triples=40_000,
               query_timeout=3.0, reps=2)


@dataclass
class Results:
    params: Params
    mode: str
    machine: dict = field(default_factory=dict)
    sample_cold: dict = field(default_factory=dict)
    sample_warm: dict = field(default_factory=dict)
    sample_cli: list = field(default_factory=list)
    scaling: list = field(default_factory=list)
    build: dict = field(default_factory=dict)
    rdflib_load: dict = field(default_factory=dict)
    queries: list = field(default_factory=list)
    validation: dict = field(default_factory=dict)
    seconds: float = 0.0



def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": os.cpu_count(), "usable": usable, "ram": ram,
            "os": platform.platform(), "python": platform.python_version(), "versions": versions}


def _calibrate() -> float:
    """Seconds of CPU time a fixed pure-Python workload takes now (best of 3): the machine's
    speed at that moment. On a shared virtual machine it changes by tens of percent within
    minutes, and every CPU-second figure moves with it."""
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        acc = 0
        for i in range(2_000_000):
            acc += i % 7
        best = min(best, time.thread_time() - started)
    return best


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def validation_engines(params: Params) -> dict:
    """Section 5, in a fresh process."""
    with Child() as child:
        return child.call("validation_engines", str(SAMPLE), 2 * params.reps + 3)  # type: ignore[return-value]


def run(params: Params, mode: str, work: Path) -> Results:
    res = Results(params, mode, machine())
    res.machine["load_start"] = _load()
    res.machine["calibration_start"] = _calibrate()
    started = time.perf_counter()

    log("sample report end to end, fresh process")
    with Child() as child:
        res.sample_cold = child.call("sample_build", str(SAMPLE), str(work / "sample-cold"))
    log("sample report end to end, warm")
    with Child() as child:
        child.call("sample_build", str(SAMPLE), str(work / "sample-warm-1"))
        res.sample_warm = child.call("sample_build", str(SAMPLE), str(work / "sample-warm-2"))

    log("SHACL engines on the sample (rudof, pySHACL)")
    res.validation = validation_engines(params)

    log("sample report end to end, the reportgraph build command")
    res.sample_cli = cli_build_times(SAMPLE, work / "sample-cli", runs=5)

    total = sum(params.scaling_sizes)
    corpus = write_corpus(work / "corpus-scaling", total, seed=params.seed,
                          sentences=params.sentences)
    at = 0
    for size in params.scaling_sizes:
        log(f"corpus of {size} reports: build, SHACL, peak memory")
        paths = [str(p) for p in corpus[at:at + size]]
        at += size
        with Child() as child:
            res.scaling.append(child.call("scaling", paths, str(work / f"scaling-{size}"),
                                          str(work)))

    log(f"parallel build of {params.reports} reports (2 extraction processes)")
    big = write_corpus(work / "corpus-large", params.reports, seed=params.seed + 1,
                       sentences=params.sentences)
    store_dir = work / "large-store"
    res.build = parallel_build([str(p) for p in big], store_dir, params.triples)
    log(f"large store: {res.build['union_triples']} triples in the union")

    calls = named_query_calls(res.build.get("entity"))
    res.queries = [{"name": name, "params": query_params, "limit": limit}
                   for name, query_params, limit in calls]
    _embedded_queries(res, calls, store_dir, "oxigraph", params)
    # rdflib: slowest queries last, so that a timeout (which kills the child) rarely forces a reload
    order = sorted(range(len(calls)), key=lambda i: _sort_key(res.queries[i]["oxigraph"]))
    child = None
    try:
        for i in order:
            name, query_params, limit = calls[i]
            if child is None or not child.proc.is_alive():
                log("rdflib: loading the union graph")
                child = Child()
                load = child.call("load_rdflib", str(store_dir))
                res.rdflib_load = res.rdflib_load or load  # type: ignore[assignment]
            log(f"rdflib query {name}")
            res.queries[i]["rdflib"] = _timed(child, "rdflib", name, query_params, limit, params)
    finally:
        if child is not None:
            child.close()
    res.seconds = time.perf_counter() - started
    res.machine["load_end"] = _load()
    res.machine["calibration_end"] = _calibrate()
    return res



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 1-minute run with small sizes")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the results (default bench/RESULTS.md; "
                             "standard output with --quick)")
    parser.add_argument("--validation", action="store_true",
                        help="only the SHACL engines on the sample (section 5), to standard output")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="scratch directory (default: a temporary one, removed after)")
    args = parser.parse_args()
    params, mode = (QUICK, "quick") if args.quick else (FULL, "full")
    if args.validation:
        print("\n".join(validation_section(validation_engines(params))))
        return
    out = args.out or (None if args.quick else BENCH / "RESULTS.md")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="reportgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        res = run(params, mode, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report(res)
    if out is None:
        print(text)
    else:
        out.write_text(text, encoding="utf-8")
    log(f"done in {res.seconds / 60:.1f} min" + (f": {out}" if out else ""))



if __name__ == "__main__":
    main()
