"""Latency of `reportgraph serve` under load: N concurrent clients on loopback for a bounded
time against an entity page, a search, a named query (the ESF-in-Kurzeme form), /sparql, the
projects' IRIs dereferenced as Turtle, N-Triples and JSON-LD (linked data), and the pages of
hubs (the entities most pointed to: a country, big towns, a ministry, the funds) with their
second pages of facts and mentions.

The server is started as `reportgraph serve` in its own process on a free loopback port; each
client is a thread with its own keep-alive HTTP connection that requests the URLs of one kind
in turn for the given seconds. Reported per kind: requests, p50, p95, max, errors (status not
200 or a failed connection).

Warm (the default): every URL is fetched once before the clock starts, so whole responses come
from the server's response cache (serve/respcache.py) and the kinds cycle through at most 200
projects. `--cold`: the entity-page and /id/ kinds share among the clients ALL the projects of
the store in a shuffled order (another order per kind), each URL fetched once (the kind ends
early when they run out), and the hub kind its pages once each, so every answer is rendered
anew: the latency of pages nobody asked for since the last build.

The table also gives the server's CPU time per request of each kind (user + system time of
the `reportgraph serve` process and its worker processes over the kind's run, from /proc, divided
by the requests): steadier than the latencies on a shared machine, where they move by tens of
percent between runs.

Usage: `python bench/serve_latency.py --store STORE [--clients 20] [--seconds 20] [--workers 1]
[--cold] [--kinds "entity page,search"]` (prints a Markdown table; `--out FILE` appends it to
FILE).
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

SPARQL = ("PREFIX rg: <https://w3id.org/reportgraph/ontology#> SELECT ?fund (COUNT(?p) AS ?n) "
          "WHERE { ?p rg:fundingSource ?fund } GROUP BY ?fund")


def load() -> str:
    """The load average (1/5/15 min), or '?' without it."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path, port: int, workers: int = 1) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "reportgraph", "--store", str(store), "serve",
                             "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"server failed: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not answer within 120 s")


def server_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of process `pid` and its descendants so far, or None without
    /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in os.listdir(f"/proc/{pid}/task"):
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                total += server_cpu(int(child)) or 0.0
        return total
    except (OSError, ValueError, IndexError):
        return None


#: the kinds that go through every project (the hubs' pages) once with --cold
COLD_KINDS = ("entity page", "/id/ as Turtle", "/id/ as N-Triples", "/id/ as JSON-LD",
              "hub page")
#: the hubs: the 15 entities most pointed to by the properties of the pages' sections (places of
#: projects and events, funds, implementers, organisers), and the 5 most mentioned
HUBS = """PREFIX rg: <https://w3id.org/reportgraph/ontology#> PREFIX schema: <https://schema.org/>
SELECT ?o ?n WHERE {
  { SELECT ?o (COUNT(*) AS ?n) WHERE {
      VALUES ?p { schema:location rg:fundingSource rg:implementedBy schema:organizer
                  schema:containedInPlace rg:partner }
      ?s ?p ?o } GROUP BY ?o ORDER BY DESC(?n) LIMIT 15 }
  UNION
  { SELECT ?o (COUNT(*) AS ?n) WHERE { ?o rg:mentionedIn ?x } GROUP BY ?o ORDER BY DESC(?n)
    LIMIT 5 }
}"""
RDF_KINDS = {"/id/ as Turtle": "text/turtle", "/id/ as N-Triples": "application/n-triples",
             "/id/ as JSON-LD": "application/ld+json"}


def hubs(base: str) -> list[str]:
    """The paths of the HUBS on this server (/id/... or /fund/...)."""
    url = base + "/sparql?" + urllib.parse.urlencode({"query": HUBS})
    answer = urllib.request.urlopen(urllib.request.Request(url, headers={
        "Accept": "application/sparql-results+json"}), timeout=600).read()
    paths: list[str] = []
    for b in json.loads(answer)["results"]["bindings"]:
        iri = b["o"]["value"]
        for marker in ("/id/", "/fund/"):
            if marker in iri and not iri.endswith("/"):
                paths.append(marker + iri.split(marker, 1)[1])
                break
    return list(dict.fromkeys(paths))


def targets(port: int, cold: bool = False) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Per kind, the paths a client cycles through: entity pages of projects the graph has,
    searches for place names, the named query, /sparql; with `cold` all the projects, shuffled
    (another order per kind)."""
    base = f"http://127.0.0.1:{port}"
    csv_rows = urllib.request.urlopen(base + "/queries/projects.json", timeout=120).read()
    projects = [b["project"]["value"] for b in json.loads(csv_rows)["results"]["bindings"]]
    projects = list(dict.fromkeys(projects))  # once each, should a project have several rows
    entity_paths = ["/id/" + iri.split("/id/", 1)[1] for iri in projects]
    rdf_paths = {kind: list(entity_paths) for kind in RDF_KINDS}
    if cold:
        random.Random(1).shuffle(entity_paths)
        for seed, paths in enumerate(rdf_paths.values(), 2):
            random.Random(seed).shuffle(paths)
    else:
        entity_paths = entity_paths[:200]
        rdf_paths = {kind: entity_paths for kind in RDF_KINDS}
    html = {"Accept": "text/html"}
    hub_paths = [p + extra for p in hubs(base) for extra in ("", "?facts=2", "?mentions=2")]
    searches = ["kuldiga", "Daugavpilī", "romu", "jelgavas", "rīga", "ventspils", "valmiera",
                "izglitiba", "platforma", "biedriba"]
    return {
        "entity page": [(p, html) for p in entity_paths],
        "search": [("/search?" + urllib.parse.urlencode({"q": q}), html) for q in searches],
        "named query": [("/queries/projects-by-fund-region?fund=ESF&region=Kurzeme", html),
                        ("/queries/projects-by-fund-region?fund=EU&region=Latgale", html)],
        "/sparql": [("/sparql?" + urllib.parse.urlencode({"query": SPARQL}),
                     {"Accept": "application/sparql-results+json"})],
        **{kind: [(p, {"Accept": media}) for p in rdf_paths[kind]]
           for kind, media in RDF_KINDS.items()},
        "hub page": [(p, html) for p in hub_paths],
    }


class Once:
    """The paths handed out once each to all the clients (--cold), then None."""

    def __init__(self, paths: list) -> None:
        self._paths, self._lock = iter(paths), threading.Lock()

    def next(self, _i: int) -> tuple[str, dict[str, str]] | None:
        with self._lock:
            return next(self._paths, None)


def client(port: int, paths: list | Once, until: float, out: list, errors: list,
           offset: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.monotonic() < until:
        if isinstance(paths, Once):
            nxt = paths.next(i)
            if nxt is None:
                break
            path, headers = nxt
        else:
            path, headers = paths[i % len(paths)]
        i += 1
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        elapsed = (time.perf_counter() - t0) * 1000
        (out if ok else errors).append(elapsed)
    conn.close()


def run_kind(port: int, paths: list, clients: int, seconds: float, once: bool = False) -> dict:
    times: list[float] = []
    errors: list[float] = []
    t0 = time.monotonic()
    until = t0 + seconds
    shared = Once(paths) if once else paths
    threads = [threading.Thread(target=client, args=(port, shared, until, times, errors, k))
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = max(1e-9, min(seconds, time.monotonic() - t0))  # ended early: ran out of paths
    times.sort()
    if not times:
        return {"requests": len(errors), "errors": len(errors)}
    return {"requests": len(times) + len(errors), "errors": len(errors),
            "p50": statistics.median(times), "p95": times[max(0, int(len(times) * 0.95) - 1)],
            "max": times[-1], "rps": (len(times) + len(errors)) / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cold", action="store_true",
                        help="entity pages and Turtle: every project once, shuffled, not warmed")
    parser.add_argument("--kinds", default="", help="only these kinds (comma-separated)")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to wait before the runs, once the server answered (its "
                             "background warming of the hubs' pages, serve/warm.py, then done)")
    args = parser.parse_args()
    port = free_port()
    server = start(args.store, port, args.workers)
    try:
        kinds = targets(port, args.cold)
        projects = len(kinds["entity page"])
        if args.kinds:
            kinds = {k: v for k, v in kinds.items() if k in args.kinds.split(",")}
        for kind, paths in kinds.items():  # warm the caches (search index, first handle, pages)
            cold = args.cold and kind in COLD_KINDS
            for path, headers in ([] if cold else paths):
                urllib.request.urlopen(urllib.request.Request(
                    f"http://127.0.0.1:{port}{path}", headers=headers), timeout=120).read()
        time.sleep(args.pause)
        mode = (f"cold: {', '.join(COLD_KINDS)} each project (hub page) once of {projects}, "
                "shuffled" if args.cold else "warm")
        lines = [(f"{args.clients} concurrent clients, {args.seconds:g} s per kind, loopback, "
                  f"{args.workers} server process(es), {mode}"
                  f"{f', after a pause of {args.pause:g} s' if args.pause else ''}; "
                  "load average at the start "
                  f"{load()}"),
                 "", "| kind | requests | req/s | p50 | p95 | max | errors | server CPU/request |",
                 "|---|---|---|---|---|---|---|---|"]
        for kind, paths in kinds.items():
            cpu = server_cpu(server.pid)
            r = run_kind(port, paths, args.clients, args.seconds,
                         once=args.cold and kind in COLD_KINDS)
            after = server_cpu(server.pid)
            per = ("–" if cpu is None or after is None or not r["requests"]
                   else f"{(after - cpu) * 1000 / r['requests']:.1f} ms")
            if "p50" not in r:
                lines.append(f"| {kind} | {r['requests']} | – | – | – | – | {r['errors']} | {per} |")
                continue
            lines.append(f"| {kind} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.1f} ms | "
                         f"{r['p95']:.1f} ms | {r['max']:.1f} ms | {r['errors']} | {per} |")
            print(lines[-1], flush=True)
        lines += ["", f"load average at the end {load()}"]
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
