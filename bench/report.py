"""The benchmark's report: bench/RESULTS.md from the measurements of one run (bench/run.py)."""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

from stages import SAMPLE

if TYPE_CHECKING:
    from run import Results

# Targets (issue "Scale")
TARGET_SAMPLE_S = 2.0
TARGET_WORDS_PER_S = 50_000
TARGET_QUERY_MS = 50.0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares line y = a + b x and its R²."""
    if len(xs) < 2:
        return (ys[0] if ys else 0.0), 0.0, 1.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def report(res: Results) -> str:
    p, m = res.params, res.machine
    lines = [
        "# Benchmark results",
        "",
        (f"Written by `bench/run.py{' --quick' if res.mode == 'quick' else ''}` "
        f"on {time.strftime('%Y-%m-%d %H:%M')} in {res.seconds / 60:.1f} min "
        f"({res.mode} run). Method and caveats: bench/README.md."),
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores ({m['usable']} usable)",
        f"- RAM: {m['ram']}",
        f"- OS: {m['os']}",
        f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        (f"- machine speed: a fixed pure-Python workload took {m.get('calibration_start', 0):.3f} s "
         f"of CPU at the start and {m.get('calibration_end', 0):.3f} s at the end (on this shared "
         "virtual machine it varies by tens of percent between runs; every number below moves "
         "with it)"),
        (f"- load average (1/5/15 min) at the start {m.get('load_start')}, at the end "
         f"{m.get('load_end')}: other work on the machine slows wall-clock numbers; extraction "
         "speed is also given per CPU second"),
        "",
    ]
    # -------- targets
    sc, sw = res.sample_cold, res.sample_warm
    steady = [s for s in res.scaling if s["extract"] > 0]
    words = sum(s["words"] for s in steady)
    ext = sum(s["extract"] for s in steady)
    wps = words / ext if ext else 0.0
    cpu = sum(s["extract_cpu"] for s in steady)
    wpc = words / cpu if cpu else 0.0
    def slowest(key: str, whole: bool = False) -> tuple[str, bool]:
        """The slowest median of the calls as the command makes them (a listing: its first
        page), or of the whole listings (`whole`)."""
        calls = [q for q in res.queries if _is_whole_listing(q) == whole]
        done = [q[key]["median"] for q in calls if "median" in q.get(key, {})]
        if len(done) < len(calls):
            return f"> {p.query_timeout:g} s (timeout)", False
        worst = max(done, default=0.0)
        return _ms(worst), worst * 1000 <= TARGET_QUERY_MS

    built_worst, built_ok = slowest("oxigraph")
    whole_worst, _ = slowest("oxigraph", whole=True)
    sizes = [s["reports"] for s in res.scaling]
    peaks = [s["rss_peak"] for s in res.scaling]
    builds = [s["rss_build"] for s in res.scaling]
    a, b, r2 = _fit(sizes, peaks)
    ab, bb, r2b = _fit(sizes, builds)
    per_report_words = words / sum(s["reports"] for s in steady) if steady else 0
    union = res.build.get("union_triples", 0)
    cli_median = sorted(res.sample_cli)[len(res.sample_cli) // 2] if res.sample_cli else float("nan")
    pool_cpu = res.build.get("extract_cpu", 0.0)
    pool_wpc = res.build.get("words", 0) / pool_cpu if pool_cpu else 0.0
    lines += [
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        (f"| sample report end to end <= {TARGET_SAMPLE_S:g} s | `reportgraph build` "
        f"{cli_median:.2f} s (median of {len(res.sample_cli)} runs, new process and store); stages "
        f"{sc['total']:.2f} s in a fresh process (imports {sc['imports']:.2f} s), {sw['total']:.2f} s "
        f"warm | {_verdict(cli_median <= TARGET_SAMPLE_S)} command, "
        f"{_verdict(sc['total'] <= TARGET_SAMPLE_S)} fresh process, "
        f"{_verdict(sw['total'] <= TARGET_SAMPLE_S)} warm |"),
        (f"| >= {TARGET_WORDS_PER_S:,} words/s extraction per core | {wpc:,.0f} words per CPU "
         f"second ({wps:,.0f} words/s wall clock; one process, {words:,} words, section 2); "
         f"{pool_wpc:,.0f} words per CPU second in the parallel build's workers "
         f"({res.build.get('words', 0):,} words, section 3) | "
         f"{_verdict(wpc >= TARGET_WORDS_PER_S)} one process, "
         f"{_verdict(pool_wpc >= TARGET_WORDS_PER_S)} workers |"),
        (f"| every named query <= {TARGET_QUERY_MS:g} ms on a 1M-triple embedded store | "
         f"slowest {built_worst} ({res.build.get('triples_written', 0):,} quads, {union:,} "
         f"distinct triples); a listing as `reportgraph query NAME` reads it, a page of its "
         f"first rows (every row of a whole listing: up to {whole_worst}, section 4) | "
         f"{_verdict(built_ok)} |"),
        (f"| memory linear in corpus size | peak RSS {peaks[0]:.0f} -> {peaks[-1]:.0f} MB for "
        f"{sizes[0]} -> {sizes[-1]} reports: {b:+.1f} MB/report (R² {r2:.2f}) | "
        f"{_verdict(b <= max(5.0, 0.1 * a) or r2 >= 0.9)} |"),
        "",
    ]
    # -------- sample
    lines += [
        "## 1. Sample report end to end",
        "",
        (f"`{SAMPLE.name}`: {sw['words']:,} words, {sw['triples']:,} triples, "
        f"{sw['violations']} SHACL violations ({sw['results']} results with warnings)."),
        "",
        "| stage | fresh process | warm |",
        "|---|---|---|",
        f"| imports (spaCy, rdflib, pyoxigraph; pyrudof on first use) | {sc['imports']:.2f} s | – |",
    ]
    for stage, label in (("extract", "read + extract"), ("validate", "SHACL validation"),
                         ("write", "write to a fresh embedded store")):
        lines.append(f"| {label} | {sc[stage]:.2f} s | {sw[stage]:.2f} s |")
    lines += [f"| **total** | **{sc['total']:.2f} s** | **{sw['total']:.2f} s** |", "",
              (f"The command a user runs, `reportgraph build {SAMPLE.name}` into a new store "
               "(Python start-up, imports, extraction, SHACL validation, store written and "
               f"closed), took {', '.join(f'{t:.2f}' for t in res.sample_cli)} s in "
               f"{len(res.sample_cli)} runs."), ""]
    # -------- scaling
    lines += [
        "## 2. Extraction speed, SHACL time and memory by corpus size",
        "",
        (f"Synthetic reports (bench/corpus.py, seed {p.seed}, {p.sentences} sentences, about "
        f"{per_report_words:,.0f} words each). Each corpus is built in a fresh process after a "
        "warm-up (spaCy and gazetteer loaded): extract + write every report into a fresh store, "
        "then validate the store graph by graph (as `reportgraph validate`). Peak RSS from "
        "`resource.getrusage`."),
        "",
        ("| reports | words | triples | extract | words/s | words/CPU s | write | SHACL | "
         "SHACL/report | violations | RSS after warm-up | peak RSS build | peak RSS with SHACL |"),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in res.scaling:
        lines.append(
            f"| {s['reports']} | {s['words']:,} | {s['triples']:,} | {s['extract']:.2f} s | "
            f"{s['words'] / s['extract']:,.0f} | {s['words'] / s['extract_cpu']:,.0f} | "
            f"{s['write']:.2f} s | {s['validate']:.1f} s | "
            f"{s['validate'] / s['reports']:.2f} s | {s['violations']} | {s['rss_start']:.0f} MB | "
            f"{s['rss_build']:.0f} MB | {s['rss_peak']:.0f} MB |")
    lines += [
        "",
        (f"Linear fit of peak RSS: {a:.0f} MB + {b:.2f} MB x reports (R² {r2:.2f}); of the build "
        f"phase alone: {ab:.0f} MB + {bb:.2f} MB x reports (R² {r2b:.2f}). Warm-up (first "
        f"extraction, loads spaCy and the gazetteer): {res.scaling[0]['warm_up']:.2f} s."),
        "",
    ]
    # -------- parallel build
    bd = res.build
    one_build = words / sum(s["extract"] + s["write"] for s in steady) if steady else 0.0
    par = bd["words"] / bd["wall"]
    lines += [
        "## 3. Parallel build (2 extraction processes, 1 writer)",
        "",
        (f"{bd['reports']} synthetic reports (seed {p.seed + 1}), {bd['words']:,} words: extracted "
         f"by a `ProcessPoolExecutor` of {bd['workers']} spawned processes (started and warmed up "
         f"before the clock starts: {bd['pool_start']:.1f} s), each graph written to one embedded "
         "store by the parent as it arrives (one writer: the store takes an exclusive lock)."),
        "",
        (f"- wall time {bd['wall']:.1f} s: **{par:,.0f} words/s**, "
         f"{bd['reports'] / bd['wall']:.2f} reports/s"),
        (f"- extraction CPU time summed over the workers {bd['extract_cpu']:.1f} s "
         f"({bd['words'] / bd['extract_cpu']:,.0f} words per CPU second); writes in the parent {bd['write']:.1f} s for "
         f"{bd['triples_built']:,} triples ({bd['triples_built'] / max(bd['write'], 1e-9):,.0f} "
         "triples/s)"),
        (f"- listing positions (queries/listing.py) computed and written for "
         f"{', '.join(f'{n} {k:,}' for n, k in bd['listed'].items())} items: "
         f"{bd['listings_s']:.2f} s from nothing; one more report into the full store "
         f"{bd['one_write_s']:.2f} s, then its positions {bd['one_listings_s']:.2f} s"),
        (f"- one process (section 2): {one_build:,.0f} words/s for extract + write; "
         f"speed-up with 2 extraction processes: **{par / one_build:.2f}x**"
         if one_build else "- one process: not measured"),
        "",
    ]
    # -------- queries
    how = (f"{bd['reports']} extracted reports" + (
        f" plus {bd['graphs'] - bd['reports']} IRI-rewritten copies of the first "
        f"{min(50, bd['reports'])} of them (every IRI under the base moved under `copyN/`, "
        f"{bd['replica_s']:.1f} s)" if bd["copies"] else ""))
    rl = res.rdflib_load
    slow = p.query_timeout / (2 + p.reps)
    lines += [
        "## 4. Named queries: embedded store vs rdflib",
        "",
        (f"**Large store**: {bd['graphs']} report graphs, "
         f"{bd['triples_written']:,} triples written (quads), {union:,} distinct triples in their "
         f"union, built from {how}. The embedded store keeps its default graph as the *set* "
         "union of the report graphs (maintained in the transaction that replaces a graph), and "
         "queries read it: a triple stored in n report graphs (the gazetteer chain and fund "
         "concepts that every report graph repeats, see ontology/MODEL.md) matches once. "
         "(Oxigraph's own union view is a bag, where a join of k such patterns grows as n^k.)"),
        "",
        (f"**rdflib**: the same union in the default graph of an in-memory `Dataset` (a set), "
         f"the store's index graphs (data version, listing headers and rows per block) as "
         f"named graphs, queried through the same `run_page` as the store (loaded in "
         f"{rl.get('seconds', 0):.1f} s, {rl.get('triples', 0):,} triples, process peak RSS "
         f"{rl.get('rss', 0):.0f} MB)."),
        "",
        (f"Each query: a first run, then the median of {p.reps} more when the first run took "
         f"under {slow:.1f} s; a run is stopped after {p.query_timeout:g} s (the embedded "
         "engine's child process is killed, rdflib's is interrupted by SIGALRM)."),
        "",
        (f"A listing (`#+ listing:` in its header) is timed twice: the first {_page_rows(res)} rows, "
         "the page `reportgraph query NAME` shows in a table (read from the rows the store "
         "keeps per block, queries/listing_store.py), and every row (`-f csv`, `--all`, "
         "`publish`). rdflib reads the same stored rows with the same queries (the header, "
         "then the page's blocks): like with like, not the listing computed from scratch."),
        "",
        ("| query | parameters | embedded: first | median | rows | rdflib: first | median | rows "
         "| rdflib / embedded | <= 50 ms |"),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def cells(t: dict) -> str:
        if "error" in t:
            return f"{t['error']} | – | –"
        return f"{_ms(t['first'])} | {_ms(t['median'])} | {t['rows']}"

    def ratio(rd: dict, ox: dict) -> str:
        if "median" in ox and "median" in rd:
            return f"{rd['median'] / ox['median']:.1f}x"
        if "median" in ox and rd.get("timeout"):
            return f"> {p.query_timeout / ox['median']:.0f}x"
        if ox.get("timeout") and "median" in rd:
            return f"< {rd['median'] / p.query_timeout:.2f}x"
        return "–"

    def ok(t: dict) -> str:
        return "yes" if "median" in t and t["median"] * 1000 <= TARGET_QUERY_MS else "**no**"

    missing = {"error": "not run"}
    for q in res.queries:
        ox, rd = (q.get(k, missing) for k in ("oxigraph", "rdflib"))
        params_text = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in q["params"].items())
        if q.get("limit") is not None:
            params_text = f"first {q['limit']} rows"
        elif _is_whole_listing(q):
            params_text = "every row"
        lines.append(f"| {q['name']} | {params_text or '–'} | {cells(ox)} | {cells(rd)} | "
                     f"{ratio(rd, ox)} | {ok(ox)} |")
    lines.append("")
    lines += validation_section(res.validation)
    return "\n".join(lines)



def validation_section(v: dict) -> list[str]:
    """Section 5: the SHACL engine reportgraph uses against the reference, on the sample."""
    if not v:
        return []
    lines = [
        "## 5. SHACL engines on the sample report",
        "",
        (f"`{SAMPLE.name}` ({v['triples']:,} triples), the shipped shapes with the ontology's "
         "subclass axioms mixed in, in one process after extraction: the first call (shapes "
         "loaded) and the median of the calls after it. rudof (`pyrudof`, graph/validate.py) is "
         "what `build` and `validate` run; pySHACL is the reference the differential test "
         "(tests/test_shacl_differential.py) compares it with. Before rudof, validation ran on a "
         "home-made engine over pySHACL's internals (graph/fastshacl.py, removed): 0.084 s "
         "median, 0.13 s first call, measured by hand on 2026-12-06."),
        "",
        "| engine | first call | median | calls | top-level results |",
        "|---|---|---|---|---|",
    ]
    for key, label in (("rudof", f"rudof (import {v.get('rudof_import', 0) * 1000:.0f} ms)"),
                       ("pyshacl", "pySHACL (reference)")):
        t = v.get(key, {})
        if "error" in t:
            lines.append(f"| {label} | {t['error']} | – | – | – |")
        elif t:
            lines.append(f"| {label} | {_ms(t['first'])} | {_ms(t['median'])} | {t['runs']} | "
                         f"{t['results']} |")
    r, s = v.get("rudof", {}), v.get("pyshacl", {})
    if "median" in r and "median" in s:
        lines += ["", f"pySHACL / rudof: {s['median'] / r['median']:.1f}x (median)."]
    lines.append("")
    return lines


def _is_whole_listing(q: dict) -> bool:
    """A listing query timed for every row (not the page the command shows)."""
    from reportgraph.queries import load_query

    return q.get("limit") is None and bool(load_query(q["name"]).field_value("listing"))


def _page_rows(res: Results) -> int:
    return next((q["limit"] for q in res.queries if q.get("limit") is not None), 0)
