"""The cache of whole responses (serve/respcache.py) in the app of `reportgraph serve`: a second
identical request reads nothing from the store, ETag / If-None-Match gives 304, new data (a new
report graph written into the store) gives new content, each media type and language has its
own body, the byte bound evicts the least recently used, errors are rendered every time."""

import threading
import time
import warnings

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.ontology.namespaces import RG

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from reportgraph.serve.app import create_app

BASE = "https://w3id.org/reportgraph/id/"
HTML = {"accept": "text/html"}
TURTLE = {"accept": "text/turtle"}


def write_store(path, extracted) -> None:
    with open_store(path) as st:
        st.replace_graph(extracted.graph_name, extracted.graph)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, sample_extracted):
    path = tmp_path_factory.mktemp("respcache") / "store"
    write_store(path, sample_extracted)
    return path


@pytest.fixture(scope="module")
def projects(store_path) -> list[str]:
    with open_store_for_reading(store_path) as st:
        rows = st.query(f"SELECT ?p WHERE {{ ?p a <{RG}Project> }} ORDER BY ?p").rows
    return ["/id/" + str(r[0])[len(BASE):] for r in rows]


class Counted:
    """The app's store reads, counted (wraps `app.state.access.read`)."""

    def __init__(self, app, delay: float = 0.0) -> None:
        self.n, self.delay, access = 0, delay, app.state.access
        read, lock = access.read, threading.Lock()

        def counted(work):
            with lock:
                self.n += 1
            time.sleep(self.delay)
            return read(work)

        access.read = counted


@pytest.fixture()
def app(store_path):
    app = create_app(store_path)
    yield app
    app.state.access.close()


@pytest.fixture()
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        c.get("/")  # the overview and first handle: later counts are the page's own
        yield c


def test_serve_respcache_second_request_reads_nothing(app, client, projects) -> None:
    reads = Counted(app)
    first = client.get(projects[0], headers=HTML)
    assert first.status_code == 200 and reads.n > 0
    before = reads.n
    second = client.get(projects[0], headers=HTML)
    assert reads.n == before
    assert second.content == first.content and second.headers == first.headers
    assert second.headers["etag"].startswith('"') and second.headers["cache-control"] == "no-cache"
    assert second.headers["vary"] == "Accept, Cookie"
    assert second.headers["content-security-policy"].startswith("default-src 'self'")
    assert second.headers["x-content-type-options"] == "nosniff"


def test_serve_respcache_etag_answers_304(app, client, projects) -> None:
    r = client.get(projects[0], headers=TURTLE)
    etag = r.headers["etag"]
    reads = Counted(app)
    same = client.get(projects[0], headers={**TURTLE, "if-none-match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    assert same.headers["access-control-allow-origin"] == "*" and reads.n == 0
    weak = client.get(projects[0], headers={**TURTLE, "if-none-match": f'"x", W/{etag}'})
    assert weak.status_code == 304
    other = client.get(projects[0], headers={**TURTLE, "if-none-match": '"other"'})
    assert other.status_code == 200 and other.content == r.content
    html = client.get(projects[0], headers={**HTML, "if-none-match": etag})
    assert html.status_code == 200 and html.headers["etag"] != etag  # another variant


def test_serve_respcache_each_media_type_and_language_its_own(client, projects) -> None:
    kinds = ("text/turtle", "application/n-triples", "application/ld+json", "text/html")
    answers = {k: client.get(projects[0], headers={"accept": k}) for k in kinds}
    assert len({a.content for a in answers.values()}) == len(kinds)
    assert len({a.headers["etag"] for a in answers.values()}) == len(kinds)
    for k, a in answers.items():
        assert a.headers["content-type"].startswith(k)
        assert client.get(projects[0], headers={"accept": k}).content == a.content
    assert answers["text/turtle"].headers["vary"] == "Accept"  # no language in RDF
    lv = client.get("/")
    client.cookies.set("lang", "en")
    en = client.get("/")
    client.cookies.clear()
    assert '<html lang="lv">' in lv.text and '<html lang="en">' in en.text
    assert lv.headers["etag"] != en.headers["etag"] and lv.headers["vary"] == "Cookie"
    assert '<html lang="lv">' in client.get("/").text


def test_serve_respcache_new_data_shows_at_once(tmp_path, sample_extracted, projects) -> None:
    store = tmp_path / "store"
    write_store(store, sample_extracted)
    project = URIRef(BASE + projects[0][len("/id/"):])
    app = create_app(store)
    with TestClient(app, raise_server_exceptions=False) as c:
        old = c.get(projects[0], headers=TURTLE)
        home = c.get("/")
        assert old.status_code == 200 and "Papildu nosaukums" not in old.text
        with open_store(store) as st:  # a new report graph, as a build in another process writes
            st.replace_graph(URIRef(BASE + "graph/extra"), [
                (project, RDFS.label, Literal("Papildu nosaukums", lang="lv")),
                (URIRef(BASE + "project/extra"), RDF.type, RG.Project)])
        new = c.get(projects[0], headers=TURTLE)
        assert new.status_code == 200 and "Papildu nosaukums" in new.text
        assert new.headers["etag"] != old.headers["etag"]
        stale = c.get(projects[0], headers={**TURTLE, "if-none-match": old.headers["etag"]})
        assert stale.status_code == 200 and stale.content == new.content
        assert c.get("/").content != home.content  # one more project on the home page
    app.state.access.close()


def test_serve_respcache_byte_bound_evicts_least_recently_used(app, client, projects) -> None:
    cache = app.state.responses
    sizes = [len(client.get(p, headers=TURTLE).content) for p in projects[:12]]
    cache.max_bytes = 4 * (max(sizes) + 2000)  # room for four or so of them
    client.get(projects[12 % len(projects)], headers=HTML)  # the next entry trims to the bound
    assert cache.bytes <= cache.max_bytes and 0 < len(cache) < 12
    reads = Counted(app)
    client.get(projects[12 % len(projects)], headers=HTML)  # the newest is kept
    assert reads.n == 0
    client.get(projects[0], headers=TURTLE)  # the oldest went first
    assert reads.n > 0


def test_serve_respcache_errors_are_not_kept(app, client) -> None:
    reads = Counted(app)
    for _ in range(2):
        r = client.get("/id/project/no-such-project", headers=HTML)
        assert r.status_code == 404 and "etag" not in r.headers
    assert reads.n == 2
    assert client.get("/catalog", headers=HTML).status_code == 406
    assert client.get("/queries/no-such-query").status_code == 404
    assert len(app.state.responses) == 1  # the home page of the fixture only
    sparql = client.get("/sparql", params={"query": "ASK {}"})
    assert sparql.status_code == 200 and "etag" not in sparql.headers  # not a cached route


def test_serve_respcache_one_renders_while_the_others_wait(app, client, projects) -> None:
    reads = Counted(app)
    client.get(projects[1], headers=HTML)
    alone = reads.n
    reads.n, reads.delay = 0, 0.2
    answers: list = []
    threads = [threading.Thread(target=lambda: answers.append(
        client.get(projects[2], headers=HTML))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [200] * 6 and reads.n == alone
    assert len({a.content for a in answers}) == 1
