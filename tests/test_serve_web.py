"""The analysts' web app (serve/) driven with Starlette's TestClient on a store built from the
sample report: search, entity and report pages with their sources, the named queries as forms
with downloads, charts, map, checks, the SPARQL page, languages, errors and hostile text."""

import html
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgraph.cli.main import cli
from reportgraph.graph.store import open_store_for_reading
from reportgraph.queries import run_query
from reportgraph.queries.format import format_result

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from reportgraph.serve.app import create_app

ID = "https://w3id.org/reportgraph/id/"
HTML = {"accept": "text/html"}
AMOUNT_PROJECT = "/id/project/atbalsts-izglitojamo-individualo-kompetencu-attistibai"
KULDIGA_PROJECT = "project/latvijas-romu-platforma-ii-dialogs-lidzdaliba-un-savstarpeja-macisanas"
CORPUS = Path(__file__).parent / "corpus" / "texts"


def build(store: Path, *reports: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(store), "build", *map(str, reports)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_report: Path) -> Path:
    path = tmp_path_factory.mktemp("web") / "store"
    build(path, sample_report)
    return path


@pytest.fixture(scope="module")
def client(store: Path):
    app = create_app(store)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.access.close()


def get(client, path: str, status: int = 200, **kw) -> str:
    r = client.get(path, headers=HTML, **kw)
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def text_of(page: str) -> str:
    """The page's visible text (tags dropped, entities decoded, spaces collapsed)."""
    plain = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(plain).replace("\u00a0", " ").split())


def links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


# ---------------------------------------------------------------------------- home and search

def test_serve_web_home_counts_and_questions(client, store: Path) -> None:
    page = get(client, "/")
    with open_store_for_reading(store) as st:
        projects = len(run_query(st, "projects").rows)
    assert f"{projects} Projekti" in text_of(page)
    assert "/queries/projects-by-fund-region?fund=ESF&region=Kurzeme" in links(page)
    assert '<html lang="lv">' in page


@pytest.mark.parametrize("q", ["kuldiga", "Kuldīga", "KULDĪGĀ", "kuldigas", "Kuldīgas"])
def test_serve_web_search_folds_case_diacritics_and_inflection(client, q: str) -> None:
    page = get(client, "/search", params={"q": q})
    found = links(page)
    assert "/id/place/kuldiga" in found
    assert "/id/" + KULDIGA_PROJECT in found  # the project there, through its place
    assert found.index("/id/place/kuldiga") < found.index("/id/" + KULDIGA_PROJECT)


def test_serve_web_search_kind_filter_and_nothing_found(client) -> None:
    page = get(client, "/search", params={"q": "kuldiga", "kind": "project"})
    assert "/id/place/kuldiga" not in links(page) and "/id/" + KULDIGA_PROJECT in links(page)
    assert "Nekas netika atrasts." in get(client, "/search", params={"q": "zzzqqq"})


# ---------------------------------------------------------------------------- entity pages

def test_serve_web_project_page_funds_amounts_period_places_sources(client) -> None:
    page = get(client, AMOUNT_PROJECT)
    visible = text_of(page)
    assert "32 005 188 EUR" in visible  # the stated total
    # the breakdown by fund, named as the summary and the facts under its sentence name it
    summary = text_of(page.split('<dl class="summary">')[1].split("</dl>")[0])
    assert "ES fondi (EU) 27 204 409 EUR" in summary
    assert "Valsts budžets (STATE) 4 800 779 EUR" in summary
    assert "ES fondi (EU): 27 204 409 EUR" in visible and "Kopā: 32 005 188 EUR" in visible
    assert "Σ" not in visible
    assert "Eiropas Sociālais fonds (ESF)" in visible
    assert "2017-01-01 – 2020-12-31" in visible
    assert "/id/place/daugavpils" in links(page) and "/id/place/latgale" in links(page)
    assert "/id/organization/visc" in links(page)
    # the sentence the amount was read from, with the amount marked, linked to its place
    quote = next(q for q in re.findall(r'<blockquote class="source">.*?</blockquote>', page, re.DOTALL)
                 if "<mark>32\u00a0005\u00a0188</mark>" in q or "<mark>32 005 188</mark>" in q)
    anchor = re.search(r'href="(/id/report/romu-integracija-2018#s-\d+)"', quote).group(1)
    report = get(client, anchor.split("#")[0])
    sentence = re.search(rf'<p class="sentence" id="{anchor.split("#")[1]}">(.*?)</p>', report)
    assert sentence and "32 005 188" in text_of(sentence.group(1))


def test_serve_web_each_source_sentence_once_with_the_facts_it_supports(client) -> None:
    """A sentence naming 18 of the project's places is shown once, every place marked in it and
    listed beside it (the page used to repeat it under each place); the sentences come in their
    order in the report, each once."""
    page = get(client, "/id/" + KULDIGA_PROJECT)
    visible = text_of(page)
    towns = "257 romi no 19 Latvijas pilsētām un novadiem"
    assert visible.count(towns) == 1
    items = re.findall(r'<article class="evidence-item".*?</article>', page, re.DOTALL)
    item = next(i for i in items if towns in text_of(i))
    marked = re.findall(r"<mark>(.*?)</mark>", item)
    assert {"Daugavpils", "Kuldīgas", "Limbažiem", "Viļakas", "Ventspils"} <= set(marked)
    supports = text_of(re.search(r'<dl class="supports">.*?</dl>', item, re.DOTALL).group(0)
                       ).replace(" ,", ",")
    assert supports.startswith("Vietas Daugavpils, Dobele,") and "Viļaka" in supports
    assert re.search(r'href="/id/report/romu-integracija-2018#s-\d+"', item)
    dates = next(i for i in items if "31.maijam" in i)
    assert "Beigas 2018-05-31" in text_of(dates) and "Sākums 2017-10-01" in text_of(dates)
    starts = [int(n) for n in re.findall(r'<span class="offsets">\[(\d+)–', page)]
    assert len(starts) == len(items) > 5 and starts == sorted(starts)
    anchors = re.findall(r'<article class="evidence-item" id="src-(s-\d+)"', page)
    assert len(anchors) == len(set(anchors)) == len(items)
    # the amount sentence of another project: its funding parts named as in the summary
    amount_page = get(client, AMOUNT_PROJECT)
    funding = next(i for i in re.findall(r'<article class="evidence-item".*?</article>',
                                          amount_page, re.DOTALL) if "32 005 188" in text_of(i))
    assert ("Finansējums ES fondi (EU): 27 204 409 EUR Valsts budžets (STATE): 4 800 779 EUR "
            "Kopā: 32 005 188 EUR") in text_of(funding)  # one part a line
    assert "Summa 32 005 188 EUR" in text_of(funding)


def test_serve_web_place_page_municipality_and_region(client) -> None:
    page = get(client, "/id/place/kuldiga")
    assert "/id/place/kuldigas-novads-2009" in links(page)
    assert "/id/place/kurzeme" in links(page)
    assert "/id/" + KULDIGA_PROJECT in links(page)
    assert "Pašvaldība" in page and "Plānošanas reģions" in page


def test_serve_web_actor_page_projects_and_roles(client, store: Path) -> None:
    page = get(client, "/id/organization/visc")
    assert "Īsteno projektus" in page and AMOUNT_PROJECT in links(page)


def test_serve_web_report_page_entities_findings_tables(client) -> None:
    page = get(client, "/id/report/romu-integracija-2018")
    assert re.search(r'<a class="ent ent-place" href="/id/place/kuldiga"[^>]*>Kuldīgas</a>', page)
    assert re.search(r'<a class="ent ent-project" href="' + AMOUNT_PROJECT, page)
    assert 'id="findings"' in page and "name-drift" in page
    assert page.count("<table class=\"results report-table\">") >= 1


def test_serve_web_unknown_entity_is_a_404_page(client) -> None:
    page = get(client, "/id/project/no-such-project", 404)
    assert "no-such-project" in page and "Traceback" not in page
    assert get(client, "/resource?iri=not%20an%20iri", 400)


# ---------------------------------------------------------------------------- queries

def test_serve_web_query_form_offers_the_graphs_values(client, store: Path) -> None:
    page = get(client, "/queries/projects-by-fund-region")
    funds = re.findall(r'<option value="([^"]+)"', page.split('name="region"')[0])
    with open_store_for_reading(store) as st:
        codes = st.query("PREFIX rg: <https://w3id.org/reportgraph/ontology#> PREFIX skos: "
                         "<http://www.w3.org/2004/02/skos/core#> SELECT DISTINCT ?c WHERE { "
                         "?x rg:fundingSource/skos:notation ?c }").column("c")
    assert sorted(funds) == sorted(str(c) for c in codes)
    assert 'value="Kurzeme"' in page
    assert "<table" not in page  # no parameters, no result yet


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_serve_web_download_equals_the_library_output(client, store: Path, fmt: str) -> None:
    r = client.get(f"/queries/projects-by-fund-region.{fmt}", params={"fund": "ESF",
                                                                      "region": "Kurzeme"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    with open_store_for_reading(store) as st:
        expected = format_result(run_query(st, "projects-by-fund-region",
                                           {"fund": "ESF", "region": "Kurzeme"}), fmt)
    assert r.text == expected and "ESF" in expected


def test_serve_web_results_sort_by_a_column(client) -> None:
    page = get(client, "/queries/projects", params={"sort": "amountEUR", "desc": 1})
    body = page.split("<tbody>")[1]
    first = text_of(body.split("</tr>")[0])
    assert "38692398" in first  # the largest stated total comes first
    asc = get(client, "/queries/projects", params={"sort": "label"})
    labels = [text_of(r.split("</td>")[1]) for r in asc.split("<tbody>")[1].split("<tr>")[1:]]
    assert labels == sorted(labels)


def test_serve_web_query_errors_are_pages(client) -> None:
    assert "unknown query" in get(client, "/queries/no-such-query", 404)
    assert "must be an IRI" in get(client, "/queries/why", 400, params={"entity": "x y"})
    assert get(client, "/queries/projects.xml", 404)


# ---------------------------------------------------------------------------- charts, map, checks

def test_serve_web_charts_and_map_are_svg_from_the_graph(client) -> None:
    charts = get(client, "/charts")
    assert charts.count("<svg class=\"chart\"") == 2
    assert "Latgales plānošanas reģions" in charts and "32 005 188 EUR" in text_of(charts)
    page = get(client, "/map")
    assert "<polygon points=" in page
    dots = re.findall(r'<a href="([^"]+)"><circle', page)
    assert "/id/place/daugavpils" in dots and "/id/place/kuldiga" in dots
    assert "Latvija" in text_of(page.split("</svg>")[1])  # listed, not drawn
    assert "<script" not in charts + page


def test_serve_web_map_labels_never_overlap_and_every_dot_has_a_title(client) -> None:
    from reportgraph.serve import charts

    svg = get(client, "/map").split("<svg", 1)[1].split("</svg>", 1)[0]
    dots = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" class="dot">'
                      r"<title>([^<]+)</title></circle>", svg)
    assert len(dots) == svg.count("<circle") > 15
    titles = [html.unescape(t) for *_xyr, t in dots]
    assert all(re.fullmatch(r".+: \d+ projekt[si]", t) for t in titles), titles
    assert "Daugavpils: 6 projekti" in titles and "Kuldīga: 1 projekts" in titles
    labels = [(float(x), float(y), a, html.unescape(t)) for x, y, a, t in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)" class="place">([^<]+)</text>', svg)]
    boxes = [charts._box(x, y, len(t) * charts._CHAR_W, a) for x, y, a, t in labels]
    for i, a in enumerate(boxes):
        assert not any(charts._overlap(a, b) for b in boxes[i + 1:]), labels[i]
        assert not any(charts._overlap(a, (float(x) - float(r), float(y) - float(r),
                                           float(x) + float(r), float(y) + float(r)))
                       for x, y, r, t in dots if not t.startswith(labels[i][3].split(" (")[0])
                       ), labels[i]
    named = {t for *_xya, t in labels}
    # the neighbours that overlapped (Jūrmala / Rīga, Jelgava / Dobele) are all named
    assert {"Rīga (5)", "Jūrmala (3)", "Jelgava (5)", "Dobele (3)", "Daugavpils (6)"} <= named
    assert len(named) >= len(dots) - 3


def test_serve_web_checks_page_shows_both_sides(client) -> None:
    page = get(client, "/checks")
    assert page.count('<blockquote class="side">') >= 2 and "PUMPURS" in page
    visible = text_of(page)
    assert "informācija (3)" in visible  # the severities and checks named in Latvian
    assert "Projektam ir nosaukumi, kas atšķiras" in visible and "project named both" not in visible
    assert "Avots: Informatīvais ziņojums par Latvijas romu" in visible  # a report by its title
    english = text_of(get(client, "/checks", params={"lang": "en"}))
    assert "info (3)" in english and 'project named both "PUMPURS"' in english
    get(client, "/checks", params={"lang": "lv"})  # the cookie back to Latvian


def test_serve_web_sparql_page_runs_and_refuses_updates(client) -> None:
    page = get(client, "/query/sparql", params={
        "query": "SELECT ?label WHERE { <" + ID + "place/kuldiga> rdfs:label ?label }"})
    assert "Kuldīga" in text_of(page.split("<table")[1])
    r = client.post("/query/sparql", data={"query": "DROP ALL"}, headers=HTML)
    assert r.status_code == 400 and "Kļūda" in r.text
    bad = client.post("/query/sparql", data={"query": "SELECT WHERE {"}, headers=HTML)
    assert bad.status_code == 400 and "Traceback" not in bad.text


# ---------------------------------------------------------------------------- language

def test_serve_web_english_by_parameter_then_cookie(store: Path) -> None:
    with TestClient(create_app(store)) as c:
        assert "Meklēt" in c.get("/").text
        r = c.get("/?lang=en")
        assert '<html lang="en">' in r.text and "Search" in r.text
        assert '<html lang="en">' in c.get("/checks").text  # the cookie keeps it
        assert '<html lang="lv">' in c.get("/checks?lang=lv").text


# ---------------------------------------------------------------------------- robustness

HOSTILE = """Informatīvais ziņojums par <script>alert("virsraksts")</script> 2019.gadā
Biedrība „Alfa” 2019.gadā Kuldīgā īstenoja projektu „Drošs <script>alert(1)</script> tīkls”, \
kura kopējais finansējums ir 1500 EUR.
Sīkāk skatīt <a href="javascript:alert(2)">šeit</a> vai javascript:alert(3) un \
<img src=x onerror=alert(4)>.
=HYPERLINK("http://evil.example/","klikšķini") ; +cmd|' /C calc'!A0 ; @SUM(1+1)
"""


def test_serve_web_hostile_report_text_is_shown_as_text(tmp_path: Path) -> None:
    report = tmp_path / "hostile-2019.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "build", "--no-validate",
                                      str(report)])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        pages = [c.get(p, headers=HTML) for p in ("/", "/id/report/hostile-2019",
                                                  "/search?q=alfa", "/search?q=<script>",
                                                  "/queries/projects", "/checks", "/map")]
        pages += [c.get(link, headers=HTML) for link in links(pages[1].text)
                  if link.startswith("/id/") and "#" not in link][:30]
    for r in pages:
        assert r.status_code in (200, 404), (r.url, r.status_code)
        assert "<script" not in r.text.lower(), r.url
        assert not re.search(r"<img|<[^>]*\bonerror=|href=\"javascript:", r.text, re.IGNORECASE), r.url
        assert r.headers.get("content-security-policy", "").startswith("default-src 'self'")
    titles = [re.search(r"<h1>(.*?)</h1>", r.text, re.DOTALL).group(1) for r in pages
              if r.status_code == 200 and "<h1>" in r.text]
    assert any("Drošs &lt;script&gt;alert(1)&lt;/script&gt; tīkls" in t for t in titles)
    report_page = pages[1].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report_page
    assert "=HYPERLINK(" in html.unescape(report_page)  # a formula is text, not a cell


def test_serve_web_missing_store_is_a_503_page(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "nowhere"), raise_server_exceptions=False) as c:
        r = c.get("/", headers=HTML)
    assert r.status_code == 503 and "Traceback" not in r.text and "nowhere" in r.text


def test_serve_web_new_build_in_another_process_shows_without_restart(tmp_path: Path,
                                                                       sample_report: Path) -> None:
    store = tmp_path / "store"
    build(store, sample_report)
    new = "/id/project/latvijas-romu-platforma-v"
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        assert new not in links(get(c, "/search", params={"q": "romu platforma"}))
        assert c.get(new, headers=HTML).status_code == 404
        # the app holds its read handle open meanwhile: the build takes the write lock anyway
        done = subprocess.run([sys.executable, "-m", "reportgraph", "--store", str(store),
                               "build", str(CORPUS / "004-riga-romu-mediatore.txt")],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        assert new in links(get(c, "/search", params={"q": "romu platforma"}))
        assert "Latvijas romu platforma V" in get(c, new)
        assert "2 Pārskati" in text_of(get(c, "/"))


# ---------------------------------------------------------------------------- the command

def test_serve_web_cli_refuses_a_busy_port_and_a_missing_store(tmp_path: Path, store: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        busy = CliRunner().invoke(cli, ["--store", str(store), "serve", "--port", str(port)])
    assert busy.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.output
    missing = CliRunner().invoke(cli, ["--store", str(tmp_path / "none"), "serve"])
    assert missing.exit_code == 2 and "no store at" in missing.output
