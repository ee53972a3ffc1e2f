"""The remote SPARQL endpoint store against a real Oxigraph server, and its one-line errors."""

import base64
import http.server
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from reportgraph.errors import EndpointError, QueryError, StoreError
from reportgraph.graph.export import serialize_store
from reportgraph.graph.remote import (
    RemoteStore,
    auth_header,
    check_endpoint,
    endpoint_urls,
    open_endpoint,
)
from reportgraph.graph.results import AskResult, GraphResult, SelectResult
from reportgraph.graph.store import OxigraphStore
from reportgraph.queries import list_queries, run_query

EX = "http://example.org/"
G1, G2 = URIRef(EX + "graph/one"), URIRef(EX + "graph/two")

# A short report in the register of the sample, with other bodies, places, sums and dates.
EXCERPT = """Informatīvais ziņojums par kopienu atbalsta pasākumiem 2021.gadā

2021.gadā Labklājības ministrija sadarbībā ar biedrību „Saules stari” īstenoja projektu
„Kopā stiprāki”, kura kopējais finansējums bija 45 000 EUR, t.sk. ESF finansējums 38 250 EUR.
Projekta pasākumi notika Liepājā, Kuldīgā un Ventspilī.

15.09.2021. Liepājā notika seminārs par jauniešu nodarbinātību, kurā piedalījās vairāk nekā
60 dalībnieku no Kurzemes pašvaldībām.

Valsts izglītības attīstības aģentūra no 2020.gada 1.marta līdz 2022.gada 28.februārim
īstenoja ESF projektu „Atbalsts jauniešiem Latgalē”, kura īstenošanā piedalījās Rēzeknes
novada un Ludzas novada pašvaldības. Projekta kopējās izmaksas ir 120 500 EUR.
"""


# ---------------------------------------------------------------------------- servers

def oxigraph_binary() -> str:
    """The `oxigraph` command of the `oxigraph` PyPI package, next to this Python or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server binary is missing (pip install oxigraph)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {proc.returncode}")
        try:
            req = urllib.request.Request(url + "/query", data=b"ASK {}", headers={
                "Content-Type": "application/sparql-query"})
            with urllib.request.urlopen(req, timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError("oxigraph did not start")


def start_oxigraph(directory: Path, *flags: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}",
         *flags], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
    except RuntimeError:
        stop(proc)
        raise
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server started as documented: `--union-default-graph`."""
    proc, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph"), "--union-default-graph")
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server without `--union-default-graph`."""
    proc, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-plain"))
    yield url
    stop(proc)


@pytest.fixture
def remote(server: str) -> Iterator[RemoteStore]:
    st = open_endpoint(server, timeout=30, env={})
    for name in st.graphs():
        st.replace_graph(name, Graph())
    yield st
    st.close()


class FakeEndpoint:
    """A tiny HTTP server answering every request with one canned answer (maybe late)."""

    def __init__(self, status: int = 200, content_type: str = "text/html",
                 body: bytes = b"", delay: float = 0.0, headers: dict | None = None) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                outer.requests.append((self.command, self.path, dict(self.headers), data))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up first
                    pass

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------------------- helpers

def same_terms(rows: tuple) -> list[tuple]:
    """Rows with blank nodes replaced by one placeholder (labels differ between stores)."""
    return [tuple("_:" if isinstance(t, BNode) else t for t in row) for row in rows]


def named_query_calls(embedded: OxigraphStore) -> list[tuple[str, dict[str, str]]]:
    """Every named query with parameters that give rows on the test data."""
    project = embedded.query(
        "SELECT ?p WHERE { ?p a <https://w3id.org/reportgraph/ontology#Project> } ORDER BY ?p LIMIT 1")
    calls = []
    for q in list_queries():
        if q.name == "projects-by-fund-region":
            calls += [(q.name, {"fund": "EU", "region": "Latgale"}),
                      (q.name, {"fund": "esf", "region": "Kurzeme"})]
        elif q.name == "why":
            calls.append((q.name, {"entity": str(project.rows[0][0])}))
        else:
            assert not q.params, f"add parameters for the new query {q.name}"
            calls.append((q.name, {}))
    return calls


# ---------------------------------------------------------------------------- URLs and auth

def test_remote_endpoint_urls_follow_server_conventions() -> None:
    ox = endpoint_urls("http://localhost:7878/")
    assert (ox.query, ox.update, ox.store, ox.flavour) == (
        "http://localhost:7878/query", "http://localhost:7878/update",
        "http://localhost:7878/store", "oxigraph")
    fu = endpoint_urls("http://h:3030/reports")
    assert (fu.query, fu.update, fu.store) == (
        "http://h:3030/reports/query", "http://h:3030/reports/update", "http://h:3030/reports/data")
    assert endpoint_urls("http://h:3030/reports/sparql").query == "http://h:3030/reports/sparql"
    assert endpoint_urls("http://h:3030/reports/query").store == "http://h:3030/reports/data"
    gd = endpoint_urls("https://g.example/repositories/lv")
    assert (gd.query, gd.update, gd.store, gd.flavour) == (
        "https://g.example/repositories/lv", "https://g.example/repositories/lv/statements",
        "https://g.example/repositories/lv/rdf-graphs/service", "graphdb")
    vi = endpoint_urls("http://v:8890/sparql")
    assert (vi.query, vi.update, vi.store) == (
        "http://v:8890/sparql", "http://v:8890/sparql", "http://v:8890/sparql-graph-crud")
    over = endpoint_urls("http://h:3030/ds", store_url="http://h:3030/ds/gsp",
                         update_url="http://h:3030/ds/u")
    assert (over.query, over.update, over.store) == (
        "http://h:3030/ds/query", "http://h:3030/ds/u", "http://h:3030/ds/gsp")
    assert endpoint_urls("http://h:3030/", flavour="fuseki").store == "http://h:3030/data"


@pytest.mark.parametrize("url, message", [
    ("ftp://h/ds", "not an http(s) endpoint URL"),
    ("reports", "not an http(s) endpoint URL"),
    ("http://ieva:slepens@h:3030/ds", "put credentials in $REPORTGRAPH_ENDPOINT_USER"),
])
def test_remote_endpoint_urls_reject_bad_urls(url: str, message: str) -> None:
    with pytest.raises(EndpointError, match=re.escape(message)) as err:
        endpoint_urls(url)
    assert "slepens" not in str(err.value)


def test_remote_auth_header_from_environment() -> None:
    basic = auth_header({"REPORTGRAPH_ENDPOINT_USER": "ieva",
                         "REPORTGRAPH_ENDPOINT_PASSWORD": "pa:ss"})
    assert basic == "Basic " + base64.b64encode(b"ieva:pa:ss").decode()
    assert auth_header({"REPORTGRAPH_ENDPOINT_TOKEN": "t0k"}) == "Bearer t0k"
    assert auth_header({}) is None
    with pytest.raises(EndpointError, match="REPORTGRAPH_ENDPOINT_PASSWORD is not set"):
        auth_header({"REPORTGRAPH_ENDPOINT_USER": "ieva"})
    with pytest.raises(EndpointError, match="not both"):
        auth_header({"REPORTGRAPH_ENDPOINT_TOKEN": "t", "REPORTGRAPH_ENDPOINT_USER": "ieva",
                     "REPORTGRAPH_ENDPOINT_PASSWORD": "p"})


def test_remote_sends_credentials_and_reports_refusal_without_them() -> None:
    env = {"REPORTGRAPH_ENDPOINT_USER": "ieva", "REPORTGRAPH_ENDPOINT_PASSWORD": "slepens"}
    with FakeEndpoint(200, "application/sparql-results+json", b'{"head": {}, "boolean": true}') as fake:
        st = open_endpoint(fake.url, env=env)
        assert st.query("ASK { ?s ?p ?o }") == AskResult(True)
    method, path, headers, body = fake.requests[0]
    assert (method, path) == ("POST", "/query?union-default-graph")
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"ieva:slepens").decode()
    assert headers["Content-Type"].startswith("application/sparql-query")
    assert "application/sparql-results+json" in headers["Accept"]
    assert body == b"ASK { ?s ?p ?o }"
    assert "slepens" not in repr(st)
    with FakeEndpoint(401, "text/plain", b"Unauthorized\n") as fake, \
            pytest.raises(EndpointError) as err:
        open_endpoint(fake.url, env=env).graphs()
    message = str(err.value)
    assert message == (f"SPARQL endpoint {fake.url}/query refused access: 401 Unauthorized "
                       "(check $REPORTGRAPH_ENDPOINT_USER/$REPORTGRAPH_ENDPOINT_PASSWORD or "
                       "$REPORTGRAPH_ENDPOINT_TOKEN)")
    assert "slepens" not in message


# ---------------------------------------------------------------------------- a real server

def test_remote_build_query_export_match_embedded(remote: RemoteStore, sample_extracted,
                                                  tmp_path: Path) -> None:
    (tmp_path / "kopienu-atbalsts-2021.txt").write_text(EXCERPT, encoding="utf-8")
    from reportgraph.extract.pipeline import extract_report

    excerpt = extract_report(tmp_path / "kopienu-atbalsts-2021.txt")
    embedded = OxigraphStore(tmp_path / "store")
    try:
        for report in (sample_extracted, excerpt):
            n = remote.replace_graph(report.graph_name, report.graph)
            assert n == embedded.replace_graph(report.graph_name, report.graph) == len(report.graph)
        names = sorted([sample_extracted.graph_name, excerpt.graph_name])
        assert remote.graphs() == embedded.graphs() == names

        for name, params in named_query_calls(embedded):
            local = run_query(embedded, name, params)
            there = run_query(remote, name, params)
            assert isinstance(there, SelectResult), name
            assert there.variables == local.variables, name
            assert same_terms(there.rows) == same_terms(local.rows), (name, params)
            assert local.rows, f"{name} {params} gives no rows: the comparison would be empty"

        # facts of both reports meet in the union: a Kurzeme project from each
        kurzeme = run_query(remote, "projects-by-fund-region", {"fund": "ESF", "region": "Kurzeme"})
        labels = {str(r[1]) for r in kurzeme.rows}
        assert "Kopā stiprāki" in labels and len(labels) >= 2

        for name in names:
            assert isomorphic(remote.graph(name), embedded.graph(name))
        there_ds, local_ds = remote.dataset(), embedded.dataset()
        assert sorted(URIRef(g.identifier) for g in there_ds.graphs() if len(g)) == names
        for name in names:
            assert isomorphic(there_ds.graph(name), local_ds.graph(name))
        trig = Graph().parse(data=serialize_store(remote, "nt").decode(), format="nt")
        assert len(trig) == len(Graph().parse(data=serialize_store(embedded, "nt").decode(),
                                              format="nt"))
    finally:
        embedded.close()


def test_remote_replace_graph_replaces_only_that_graph_and_drops_empty(remote: RemoteStore) -> None:
    a, b, new = Graph(), Graph(), Graph()
    a.add((URIRef(EX + "a"), RDFS.label, Literal("Biedrība \"Zaļie rati\" \\ {x}\n", lang="lv")))
    a.add((URIRef(EX + "a"), URIRef(EX + "sel"), BNode()))
    b.add((URIRef(EX + "b"), RDFS.label, Literal("cits")))
    new.add((URIRef(EX + "a"), RDFS.label, Literal("jauns")))
    remote.replace_graph(G1, a)
    remote.replace_graph(G2, b)
    assert isomorphic(remote.graph(G1), a)
    remote.replace_graph(G1, new)
    assert set(remote.graph(G1)) == set(new)
    assert set(remote.graph(G2)) == set(b)
    assert remote.replace_graph(G1, Graph()) == 0
    assert remote.graphs() == [G2]
    assert len(remote.graph(G1)) == 0


def test_remote_invalid_iri_leaves_old_graph(remote: RemoteStore) -> None:
    old = Graph()
    old.add((URIRef(EX + "a"), RDFS.label, Literal("vecs")))
    remote.replace_graph(G1, old)
    bad = Graph()
    bad.add((URIRef(EX + "ar atstarpi"), RDFS.label, Literal("jauns")))
    with pytest.raises(StoreError, match="invalid IRI"):
        remote.replace_graph(G1, bad)
    assert set(remote.graph(G1)) == set(old)


def test_remote_query_kinds_prefixes_and_values(remote: RemoteStore) -> None:
    g = Graph()
    g.add((URIRef(EX + "riga"), RDFS.label, Literal("Rīga", lang="lv")))
    g.add((URIRef(EX + "cesis"), RDFS.label, Literal("Cēsis", lang="lv")))
    remote.replace_graph(G1, g)
    res = remote.query("SELECT ?x ?label WHERE { ?x rdfs:label ?label }",
                       {"label": Literal("Cēsis", lang="lv")}, prefixes={"rdfs": str(RDFS)})
    assert res == SelectResult(("x", "label"), ((URIRef(EX + "cesis"), Literal("Cēsis", lang="lv")),))
    assert remote.query("ASK { ?x ?p \"Rīga\"@lv }") == AskResult(True)
    built = remote.query("CONSTRUCT { ?x <http://example.org/p> ?l } WHERE { ?x rdfs:label ?l }",
                             prefixes={"rdfs": str(RDFS)})
    assert isinstance(built, GraphResult) and len(built.graph) == 2
    with pytest.raises(QueryError, match=r"^query rejected by http://127\.0\.0\.1:\d+/query: "):
        remote.query("SELECT * WHERE { ?s ?p ?o ")
    with pytest.raises(QueryError, match="cannot bind parameter"):
        remote.query("SELECT ?x WHERE { ?x ?p ?o }", {"x": BNode()})


def test_remote_union_modes_on_server_without_union_option(plain_server: str) -> None:
    g1, g2 = Graph(), Graph()
    g1.add((URIRef(EX + "a"), RDFS.label, Literal("viens")))
    g2.add((URIRef(EX + "b"), RDFS.label, Literal("divi")))
    q = "SELECT ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    writer = open_endpoint(plain_server, env={})
    writer.replace_graph(G1, g1)
    writer.replace_graph(G2, g2)
    for union in ("param", "graphs"):
        st = open_endpoint(plain_server, union=union, env={})
        assert st.query(q).column("l") == [Literal("divi"), Literal("viens")], union
    # "server" trusts the server's default graph, which here is only the real default graph
    assert open_endpoint(plain_server, union="server", env={}).query(q).rows == ()


def test_remote_listing_pages_in_every_union_mode(plain_server: str, sample_extracted) -> None:
    """The listing positions live in index graphs that the queries name with GRAPH: reachable
    when the union is a URL parameter and when the report graphs are sent one by one."""
    from reportgraph.queries.listing import Page, refresh_listings, run_page

    writer = open_endpoint(plain_server, env={})
    writer.replace_graph(sample_extracted.graph_name, sample_extracted.triples)
    sizes = refresh_listings(writer)
    assert sizes["projects"] > 5
    names = writer.graphs()
    assert sample_extracted.graph_name in names
    assert not any("/reportgraph/index/" in str(n) for n in names)  # index graphs are not listed
    whole = run_page(writer, "projects").result.rows
    assert len(whole) == sizes["projects"]
    for union in ("param", "graphs"):
        st = open_endpoint(plain_server, union=union, read_only=True, env={})
        page = run_page(st, "projects", page=Page(2, 3))
        assert page.total == sizes["projects"] and page.result.rows == whole[2:5], union


def test_remote_read_only_and_closed(server: str) -> None:
    st = open_endpoint(server, read_only=True, env={})
    with pytest.raises(StoreError, match="open read-only"):
        st.replace_graph(G1, Graph())
    check_endpoint(st)
    st.close()
    with pytest.raises(StoreError, match="is closed"):
        st.graphs()


# ---------------------------------------------------------------------------- failures

def test_remote_endpoint_down_is_one_line_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    st = open_endpoint(url, timeout=5, env={})
    with pytest.raises(EndpointError) as err:
        st.query("ASK {}")
    assert str(err.value) == (f"cannot connect to SPARQL endpoint {url}/query: connection refused"
                              " (is the server running?)")


def test_remote_slow_endpoint_times_out() -> None:
    with FakeEndpoint(200, "application/sparql-results+json", b'{"boolean": true}',
                      delay=3.0) as fake:
        st = open_endpoint(fake.url, timeout=0.4, env={})
        started = time.monotonic()
        with pytest.raises(EndpointError) as err:
            st.query("ASK {}")
        assert time.monotonic() - started < 2.5
        assert str(err.value) == f"SPARQL endpoint {fake.url}/query did not answer within 0.4 s"
        # a per-query timeout overrides the store's
        with pytest.raises(EndpointError, match="within 0.2 s"):
            open_endpoint(fake.url, timeout=60, env={}).query("ASK {}", timeout=0.2)


@pytest.mark.parametrize("status, ctype, body, expected", [
    (200, "text/html", (b"<!DOCTYPE html><html><head><title>Sign in - Portal</title></head>"
                       b"<body><h1>Welcome</h1></body></html>"),
     ("SPARQL endpoint {url}/query answered with an HTML page (Sign in - Portal), not SPARQL "
     "results (is this the query URL?)")),
    (502, "text/html", b"<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
     "SPARQL endpoint {url}/query answered 502 Bad Gateway: an HTML page (502 Bad Gateway)"),
    (500, "text/plain", b"\n  java.lang.OutOfMemoryError: heap\n\tat org.Foo\n",
     ("SPARQL endpoint {url}/query answered 500 Internal Server Error: "
     "java.lang.OutOfMemoryError: heap")),
    (200, "application/xml", b"<rss/>",
     "SPARQL endpoint {url}/query answered with application/xml, not SPARQL Results JSON or RDF"),
    (200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": [',
     "SPARQL endpoint {url}/query sent malformed SPARQL results JSON: "),
    (404, "text/plain", b"Not Found", "no SPARQL service at {url}/query: 404 Not Found: Not Found"),
])
def test_remote_non_sparql_answer_is_clear_error(status: int, ctype: str, body: bytes,
                                                  expected: str) -> None:
    with FakeEndpoint(status, ctype, body) as fake, pytest.raises(EndpointError) as err:
        open_endpoint(fake.url, env={}).query("SELECT ?x WHERE { ?x ?p ?o }")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(expected.format(url=fake.url))


def test_remote_redirect_is_not_followed() -> None:
    with FakeEndpoint(302, "text/plain", b"", headers={"Location": "http://elsewhere/q"}) as fake:
        st = open_endpoint(fake.url, env={"REPORTGRAPH_ENDPOINT_TOKEN": "t0k"})
        with pytest.raises(EndpointError, match="redirects to http://elsewhere/q"):
            st.query("ASK {}")
    assert len(fake.requests) == 1


def test_remote_dataset_falls_back_to_one_get_per_graph(remote: RemoteStore,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    g1, g2 = Graph(), Graph()
    g1.add((URIRef(EX + "a"), RDFS.label, Literal("viens")))
    g2.add((URIRef(EX + "b"), URIRef(EX + "sel"), BNode()))
    remote.replace_graph(G1, g1)
    remote.replace_graph(G2, g2)
    # a server that answers the whole-store GET with triples only (its default graph)
    monkeypatch.setattr("reportgraph.graph.remote.DATASET_ACCEPT", "application/n-triples")
    ds = remote.dataset()
    assert isomorphic(ds.graph(G1), g1) and isomorphic(ds.graph(G2), g2)
    assert sorted(URIRef(g.identifier) for g in ds.graphs() if len(g)) == [G1, G2]


def test_remote_cli_endpoint_build_query_check_export(server: str, sample_report, tmp_path) -> None:
    """The CLI with --endpoint against a real Oxigraph server gives the embedded store's answers."""
    import csv
    import io

    from click.testing import CliRunner

    from reportgraph.cli.main import cli

    def run(*args: str):
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output
        assert result.exit_code == 0, result.output
        return result

    embedded = str(tmp_path / "s")
    run("--endpoint", server, "build", str(sample_report))
    run("--store", embedded, "build", str(sample_report))
    ask = ["query", "projects-by-fund-region", "--param", "fund=ESF", "--param", "region=Kurzeme",
           "--format", "csv"]
    remote_rows = list(csv.DictReader(io.StringIO(run("--endpoint", server, *ask).stdout)))
    local_rows = list(csv.DictReader(io.StringIO(run("--store", embedded, *ask).stdout)))
    assert remote_rows == local_rows and {r["label"] for r in remote_rows} >= {"PROTI un DARI!"}
    remote_check = run("--endpoint", server, "check", "--format", "json").stdout
    local_check = run("--store", embedded, "check", "--format", "json").stdout
    assert remote_check == local_check
    out = tmp_path / "remote.nt"
    run("--endpoint", server, "export", "--format", "nt", "-o", str(out))
    assert out.stat().st_size > 0


def test_remote_cli_endpoint_down_is_one_line(tmp_path) -> None:
    from click.testing import CliRunner

    from reportgraph.cli.main import cli

    result = CliRunner().invoke(cli, ["--endpoint", f"http://127.0.0.1:{free_port()}",
                                      "query", "projects"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")


def test_remote_replace_graph_accepts_a_set_of_triples(remote: RemoteStore) -> None:
    triples = {(URIRef(EX + "a"), RDFS.label, Literal("vecs", lang="lv")),
               (URIRef(EX + "a"), URIRef(EX + "in"), URIRef(EX + "b"))}
    assert remote.replace_graph(G1, triples) == 2
    assert remote.replace_graph(G2, list(triples) * 2) == 2  # duplicates count once
    assert set(remote.graph(G1)) == set(remote.graph(G2)) == triples
    with pytest.raises(StoreError, match="cannot store graph"):
        remote.replace_graph(G1, [(URIRef(EX + "a"), RDFS.label)])
    assert set(remote.graph(G1)) == triples
