"""Scale (issue 16): the union the store keeps in its default graph against Oxigraph's own union
view (`use_default_graph_as_union=True`), on one store, in one run.

    python bench/union_view.py STORE [--runs 3] [--timeout 30]

The embedded store writes every report graph's triples into the default graph as well (their
set union, graph/oxwrite.py, graph/bulkload.py), which costs the bulk loader about a third of
its time. Oxigraph could instead answer queries over the union of the named graphs itself. This
runs, on both, every query whose answer is computed from the data: each named query that is not
a listing (with the parameters bench/query_times.py gives it), and for each listing its order
query (`queries/listings/NAME.rq`) and the named query over every item (what a listing's stored
rows are computed from, queries/listing_update.py). Each runs in a child process, given up after `--timeout` s. For each: whether the answers are the same
(rows compared as multisets), the row counts, and the median ms of `runs` after a first run.
Prints markdown for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def queries(st) -> list[tuple[str, str, dict]]:
    """(label, SPARQL text, substitutions) of every data query (see the module's doc)."""
    from query_times import named_query_calls

    from reportgraph.queries import bind_params, load_query
    from reportgraph.queries.listing import listing_names, order_query
    from reportgraph.queries.listing_update import order_keys, page_text

    projects = st.query("SELECT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> } "
                        "LIMIT 1").rows
    out = []
    for name, params, _limit in named_query_calls(str(projects[0][0]) if projects else None):
        q = load_query(name)
        if not q.field_value("listing"):
            out.append((name, q.text, bind_params(q, params)))
    for name in listing_names():
        items = [e[0] for e in order_keys(st, name)]
        out.append((f"listings/{name}.rq (order)", order_query(name).text, {}))
        out.append((f"{name}, every item's row", page_text(
            load_query(name).text, name, [(i, 0, n) for n, i in enumerate(items, 1)]), {}))
    return out


def _run(store: str, text: str, subs: dict, union: bool, runs: int, out) -> None:
    """In a child process: the answer (as a multiset of rows) and the median ms."""
    import pyoxigraph as ox

    from reportgraph.graph.oxterms import ox_term
    from reportgraph.graph.store import OxigraphStore

    with OxigraphStore(store, read_only=True) as st:
        bound = {ox.Variable(k): ox_term(v) for k, v in subs.items()} or None
        answers: Counter[tuple] = Counter()
        times = []
        for i in range(runs + 1):
            t = time.perf_counter()
            rows = [tuple(map(str, s)) for s in st._store().query(
                text, substitutions=bound, use_default_graph_as_union=union)]
            times.append((time.perf_counter() - t) * 1000)
            if i == 0:
                answers = Counter(rows)
        out.send((answers, statistics.median(times[1:])))


def measure(store: Path, runs: int, timeout: float) -> list[dict]:
    """Each query both ways, each in a child process given up after `timeout` seconds."""
    import multiprocessing as mp

    from reportgraph.graph.store import OxigraphStore

    with OxigraphStore(store, read_only=True) as st:
        todo = queries(st)
    ctx = mp.get_context("fork")
    results = []
    for label, text, subs in todo:
        row: dict = {"query": label}
        for key, union in (("kept", False), ("view", True)):
            here, there = ctx.Pipe(duplex=False)
            child = ctx.Process(target=_run, args=(str(store), text, subs, union, runs, there))
            child.start()
            row[key] = here.recv() if here.poll(timeout) else None
            child.kill()
            child.join()
        results.append(row)
        print(label, "done", file=sys.stderr)
    return results


def report(results: list[dict]) -> str:
    lines = ["| query | rows (kept union) | rows (union view) | same answer | kept ms | view ms |",
             "|---|---|---|---|---|---|"]
    for r in results:
        (kept, kms) = r["kept"]
        if r["view"] is None:
            lines.append(f"| {r['query']} | {sum(kept.values()):,} | timed out | ? | {kms:.1f} | "
                         f"> {r['timeout']:.0f} s |")
            continue
        view, vms = r["view"]
        lines.append(f"| {r['query']} | {sum(kept.values()):,} | {sum(view.values()):,} | "
                     f"{'yes' if kept == view else '**no**'} | {kms:.1f} | {vms:.1f} |")
    same = sum(r["view"] is not None and r["kept"][0] == r["view"][0] for r in results)
    lines.append(f"\n{same} of {len(results)} queries give the same answer on the union view.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per query and way")
    args = ap.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"# bench/union_view.py {args.store}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load}")
    results = measure(args.store, args.runs, args.timeout)
    for r in results:
        r["timeout"] = args.timeout
    print(report(results))
    print(f"\nload average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
