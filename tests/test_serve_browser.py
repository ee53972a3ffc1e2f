"""The web app in a real browser (Debian's chromium + chromedriver, driven by Selenium) against
`reportgraph serve` started on a free loopback port: the analyst's journey from a search to a
project's sources and a named query's CSV, and screenshots of the main pages kept in
tests/artifacts/ (look at them)."""

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgraph.cli.main import cli

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1280,1000")

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver")
webdriver = pytest.importorskip("selenium.webdriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_report: Path) -> Path:
    path = tmp_path_factory.mktemp("browser") / "store"
    result = CliRunner().invoke(cli, ["--store", str(path), "build", str(sample_report)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def server(store: Path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "reportgraph", "--store", str(store), "serve",
                             "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {proc.stdout.read()!r}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="rg-chromium-")
    downloads = tempfile.mkdtemp(prefix="rg-downloads-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    driver.downloads = Path(downloads)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": min(max(height, 800), 5000), "deviceScaleFactor": 1,
        "mobile": False})
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def wait_for_file(folder: Path, name: str, timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path = folder / name
        if path.exists() and path.stat().st_size:
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded to {folder}: {list(folder.iterdir())}")


def test_serve_browser_journey(server: str, browser, store: Path) -> None:
    from selenium.webdriver.common.by import By

    b = browser
    b.get(server + "/")
    shot(b, "home")
    box = b.find_element(By.CSS_SELECTOR, ".bigsearch input[name=q]")
    box.send_keys("kuldiga")
    box.submit()
    hits = b.find_elements(By.CSS_SELECTOR, "ol.hits li")
    labels = [h.text for h in hits]
    assert any("Kuldīga" in t for t in labels), labels
    shot(b, "search-kuldiga")
    project = b.find_element(By.CSS_SELECTOR, "li.kind-project a")
    assert "romu platforma II" in project.text
    project.click()
    assert "Latvijas romu platforma II" in b.find_element(By.TAG_NAME, "h1").text
    funds = b.find_element(By.CSS_SELECTOR, "dd.section-funds").text
    assert "Eiropas Komisija" in funds or "EC" in funds, funds
    marks = [m.text for m in b.find_elements(By.CSS_SELECTOR, "blockquote.source mark")]
    assert "Kuldīgas" in marks  # the word the place was read from, highlighted in its sentence
    shot(b, "project-kuldiga")
    # a project with an amount: its total, the breakdown by fund, the sentence it was read from
    b.get(server + "/search?q=atbalsts+izglitojamo")
    b.find_element(By.CSS_SELECTOR, "li.kind-project a").click()
    summary = b.find_element(By.CSS_SELECTOR, "dl.summary").text.replace("\u00a0", " ")
    assert "32 005 188 EUR" in summary and "ESF" in summary, summary
    assert "27 204 409 EUR" in summary  # the EU part of the breakdown
    sources = b.find_elements(By.CSS_SELECTOR, "blockquote.source")
    amount_source = [s for s in sources if "32 005 188" in s.text.replace("\u00a0", " ")]
    assert amount_source and amount_source[0].find_elements(By.TAG_NAME, "mark")
    shot(b, "project-amount")
    # the source link leads to the sentence in the report page
    amount_source[0].find_element(By.CSS_SELECTOR, "footer a").click()
    assert "#s-" in b.current_url
    target = b.find_element(By.CSS_SELECTOR, "p.sentence:target")
    assert "32" in target.text
    shot(b, "report")
    # the ESF-in-Kurzeme question from the home page, its CSV = `reportgraph query -f csv`
    b.get(server + "/")
    b.find_element(By.PARTIAL_LINK_TEXT, "ESF").click()
    rows = b.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert rows and all("ESF" in r.text for r in rows)
    shot(b, "query-esf-kurzeme")
    b.find_element(By.LINK_TEXT, "CSV").click()
    downloaded = wait_for_file(b.downloads, "projects-by-fund-region.csv").read_bytes()
    cli_csv = subprocess.run([sys.executable, "-m", "reportgraph", "--store", str(store), "query",
                              "projects-by-fund-region", "-p", "fund=ESF", "-p", "region=Kurzeme",
                              "-f", "csv"], capture_output=True, check=True).stdout
    assert downloaded == cli_csv
    assert len(downloaded.splitlines()) == len(rows) + 1
    for name, path in (("charts", "/charts"), ("map", "/map"), ("checks", "/checks"),
                       ("sparql", ("/query/sparql?query=SELECT+%3Fp+(COUNT(*)+AS+%3Fn)+WHERE+"
                                   "%7B+%3Fs+%3Fp+%3Fo+%7D+GROUP+BY+%3Fp+ORDER+BY+DESC(%3Fn)")),
                       ("place-daugavpils", "/id/place/daugavpils"),
                       ("actor-km", "/id/organization/km"),
                       ("event-miranda", "/id/event/izstade-miranda-romu-holokausts-2018"),
                       ("fund-esf", "/fund/ESF"),
                       ("queries", "/queries"),
                       ("project-amount-en", ("/id/project/atbalsts-izglitojamo-individualo-"
                                             "kompetencu-attistibai?lang=en")),
                       ("home-en", "/?lang=en")):
        b.get(server + path)
        assert b.find_element(By.TAG_NAME, "h1").text
        shot(b, name)
    assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
