"""The benchmark's measured stages: the sample end to end, corpora of growing size, the parallel
build into a large store, the `reportgraph build` command, and the SHACL engines on the sample.

Each `task_*` runs in a fresh child process (bench/child.py) so that its timings include the
imports; heavy imports stay inside the functions for that reason.
"""

import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from child import _peak_rss_mb

BENCH = Path(__file__).resolve().parent
SAMPLE = BENCH.parent / "tests" / "fixtures" / "romu-integracija-2018.txt"

WARM_UP = ("Informatīvais ziņojums par pasākumu īstenošanu 2018.gadā\n\n"
           "2018.gadā Kultūras ministrija Rēzeknē īstenoja projektu „Kopā”, kura finansējums bija "
           "1 000 EUR.\n")


def _warm_up(directory: str) -> float:
    from reportgraph.extract.pipeline import extract_report

    path = Path(directory) / "warm-up-2018.txt"
    path.write_text(WARM_UP, encoding="utf-8")
    started = time.perf_counter()
    extract_report(path)
    return time.perf_counter() - started


def task_sample_build(sample: str, store_dir: str) -> dict:
    """Read, extract, validate and store the sample; every stage timed (imports included)."""
    t0 = time.perf_counter()
    from reportgraph.extract.pipeline import extract_report
    from reportgraph.graph.store import OxigraphStore
    from reportgraph.graph.validate import validate_extracted

    t1 = time.perf_counter()
    extracted = extract_report(Path(sample))
    t2 = time.perf_counter()
    results = validate_extracted(extracted)
    t3 = time.perf_counter()
    with OxigraphStore(store_dir) as store:
        store.replace_graph(extracted.graph_name, extracted.triples)
    t4 = time.perf_counter()
    return {"imports": t1 - t0, "extract": t2 - t1, "validate": t3 - t2, "write": t4 - t3,
            "total": t4 - t0, "words": extracted.words, "triples": len(extracted.triples),
            "violations": sum(1 for r in results if r.is_violation), "results": len(results)}


def task_scaling(paths: list[str], store_dir: str, work: str) -> dict:
    """Build a corpus into a fresh store (extract + write), then validate the store; peak RSS."""
    from reportgraph.extract.pipeline import extract_report
    from reportgraph.graph.store import OxigraphStore
    from reportgraph.graph.validate import validate_store

    warm = _warm_up(work)
    base_rss = _peak_rss_mb()
    extract_s = extract_cpu = write_s = 0.0
    words = triples = 0
    with OxigraphStore(store_dir) as store:
        for path in paths:
            t, c = time.perf_counter(), time.thread_time()
            extracted = extract_report(Path(path))
            extract_s += time.perf_counter() - t
            extract_cpu += time.thread_time() - c
            t = time.perf_counter()
            triples += store.replace_graph(extracted.graph_name, extracted.triples)
            write_s += time.perf_counter() - t
            words += extracted.words
            del extracted
        build_rss = _peak_rss_mb()
        t = time.perf_counter()
        report = validate_store(store)
        validate_s = time.perf_counter() - t
    return {"reports": len(paths), "warm_up": warm, "extract": extract_s,
            "extract_cpu": extract_cpu, "write": write_s,
            "validate": validate_s, "words": words, "triples": triples,
            "violations": len(report.violations), "rss_start": base_rss, "rss_build": build_rss,
            "rss_peak": _peak_rss_mb()}


def task_validation_engines(sample: str, reps: int) -> dict:
    """SHACL validation of the sample's graph by the engine reportgraph uses (rudof, through
    graph/validate.py) and by the reference engine (pySHACL, as tests/test_shacl_differential.py
    calls it: the shipped shapes, the ontology's subclass axioms mixed in); first call and median
    of `reps` more, in one process after extraction."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, RDFS, SH

    from reportgraph.extract.pipeline import extract_report
    from reportgraph.graph.validate import validate_extracted
    from reportgraph.ontology.resources import ontology_graph, shapes_graph

    extracted = extract_report(Path(sample))
    out: dict = {"triples": len(extracted.triples)}

    def timed(run: Callable[[], int], n: int) -> dict:
        t = time.perf_counter()
        results = run()
        first = time.perf_counter() - t
        times = []
        for _ in range(n):
            t = time.perf_counter()
            run()
            times.append(time.perf_counter() - t)
        return {"first": first, "median": statistics.median(times or [first]), "runs": 1 + n,
                "results": results}

    t = time.perf_counter()
    import pyrudof  # noqa: F401 - its import is part of the first call in a build

    out["rudof_import"] = time.perf_counter() - t
    out["rudof"] = timed(lambda: len(validate_extracted(extracted)), reps)
    try:
        import pyshacl
    except ImportError:
        out["pyshacl"] = {"error": "pyshacl is not installed (a test extra)"}
        return out
    graph, shapes = extracted.graph, shapes_graph()
    axioms = Graph()
    for s, p, o in ontology_graph().triples((None, RDFS.subClassOf, None)):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            axioms.add((s, p, o))

    def reference() -> int:
        _ok, results, _text = pyshacl.validate(
            graph, shacl_graph=shapes, ont_graph=axioms, inference="none", allow_warnings=True,
            allow_infos=True)
        report = results.value(predicate=RDF.type, object=SH.ValidationReport)
        return len(set(results.objects(report, SH.result)))

    out["pyshacl"] = timed(reference, max(1, reps // 3))
    return out


# ---------------------------------------------------------------------------- the parallel build

def pool_init() -> None:
    directory = tempfile.mkdtemp(prefix="rg-warm-")
    _warm_up(directory)
    shutil.rmtree(directory, ignore_errors=True)


def pool_ready(seconds: float) -> int:
    """Keeps a worker busy for a moment, so that every worker has started and warmed up."""
    time.sleep(seconds)
    return os.getpid()


def pool_extract(path: str) -> tuple[object, object, int, float]:
    """Extract one report in a worker; its graph, word count and CPU seconds."""
    from reportgraph.extract.pipeline import extract_report

    c = time.process_time()
    extracted = extract_report(Path(path))
    return extracted.graph_name, extracted.triples, extracted.words, time.process_time() - c


def rewrite_iris(graph, base: str, copy: int):  # type: ignore[no-untyped-def]
    """The graph with every IRI under `base` moved under `base`copy{n}/ (a disjoint replica)."""
    from rdflib import Graph, URIRef

    new_base = f"{base}copy{copy}/"

    def move(t):  # type: ignore[no-untyped-def]
        return URIRef(new_base + t[len(base):]) if isinstance(t, URIRef) and t.startswith(
            base) else t

    out = Graph()
    out.addN((move(s), move(p), move(o), out) for s, p, o in graph)
    return out


def parallel_build(paths: list[str], store_dir: Path, target: int) -> dict:
    """Extract with 2 processes, write in this one; then top up with replicas to `target`."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from reportgraph.graph.store import OxigraphStore
    from reportgraph.ontology.namespaces import DEFAULT_BASE, RG

    words = triples = 0
    extract_s = write_s = 0.0
    graphs = []
    entity = None
    t0 = time.perf_counter()
    with OxigraphStore(store_dir) as store, ProcessPoolExecutor(
            max_workers=2, mp_context=mp.get_context("spawn"), initializer=pool_init) as pool:
        pids = set(pool.map(pool_ready, [1.0, 1.0]))
        started = time.perf_counter()
        pool_start = started - t0 - 1.0
        for name, graph, n_words, seconds in pool.map(pool_extract, paths, chunksize=1):
            if entity is None:
                projects = sorted(graph.subjects(RDF.type, RG.Project))
                entity = str(projects[0]) if projects else None
            t = time.perf_counter()
            triples += store.replace_graph(name, graph)
            write_s += time.perf_counter() - t
            words += n_words
            extract_s += seconds
            if len(graphs) < 50:
                graphs.append((name, graph))
        built = time.perf_counter()
        triples_built = triples
        copies = 0
        replica_s = 0.0
        while triples < target and graphs:
            copies += 1
            for name, graph in graphs:
                if triples >= target:
                    break
                t = time.perf_counter()
                copy = rewrite_iris(graph, DEFAULT_BASE, copies)
                triples += store.replace_graph(URIRef(rewrite_iris_name(name, DEFAULT_BASE,
                                                                        copies)), copy)
                replica_s += time.perf_counter() - t
        from reportgraph.queries.listing import refresh_listings

        t = time.perf_counter()  # the positions of the listings, from nothing (as a first build)
        listed = refresh_listings(store)
        listings_s = time.perf_counter() - t
        # one more report: its graph, then the positions again (new items shift the others)
        extra_name, extra_graph = graphs[-1]
        t = time.perf_counter()
        extra = rewrite_iris(extra_graph, DEFAULT_BASE, copies + 1)
        triples += store.replace_graph(URIRef(rewrite_iris_name(extra_name, DEFAULT_BASE,
                                                                copies + 1)), extra)
        one_write_s = time.perf_counter() - t
        t = time.perf_counter()
        refresh_listings(store)
        one_listings_s = time.perf_counter() - t
        n_graphs = len(store.graphs())
        count = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                            "WHERE { ?s ?p ?o } }")
        union = int(count.rows[0][0])  # type: ignore[union-attr]
    return {"reports": len(paths), "words": words, "triples_written": triples, "workers": len(pids),
            "triples_built": triples_built,
            "pool_start": pool_start, "wall": built - started, "extract_cpu": extract_s,
            "write": write_s, "copies": copies, "replica_s": replica_s, "graphs": n_graphs,
            "union_triples": union, "entity": entity, "listings_s": listings_s, "listed": listed,
            "one_write_s": one_write_s, "one_listings_s": one_listings_s}


def rewrite_iris_name(name: object, base: str, copy: int) -> str:
    text = str(name)
    return f"{base}copy{copy}/{text[len(base):]}" if text.startswith(base) else text


def cli_build_times(sample: Path, work: Path, runs: int) -> list[float]:
    """Wall seconds of `reportgraph build SAMPLE` (a new process: imports, extraction, SHACL
    validation, writing a fresh store) for each of `runs` runs."""
    import subprocess

    out = []
    for n in range(runs):
        store = work / f"store-{n}"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", "from reportgraph.cli.main import main; main()",
             "--store", str(store), "build", str(sample)],
            capture_output=True, text=True, check=False)
        out.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"reportgraph build failed: {done.stderr.strip()[-300:]}")
    return out


TASKS: dict[str, Callable[..., object]] = {
    "sample_build": task_sample_build, "scaling": task_scaling,
    "validation_engines": task_validation_engines,
}
