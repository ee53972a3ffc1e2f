"""The hubs' first pages rendered in the background into the response cache (serve/warm.py):
warming fills the cache for every hub, the pages then come from the cache with the bytes a
fresh render gives, a write by another process is shown at once (the warmed pages of the old
data are never replayed) and warmed again, and the warmer waits for the clients' requests."""

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from hubstore import LOW, copy_store
from rdflib import URIRef
from starlette.testclient import TestClient

from reportgraph.graph.store import open_store_for_reading
from reportgraph.serve import hub_rows, pages, warm
from reportgraph.serve.app import create_app

#: links from which the sample's entities are hubs (28 of them)
HTML = {"Accept": "text/html"}
EN = {"Accept": "text/html", "Cookie": "lang=en"}
#: another process writing the store: a label of Latvija (its rows made stale), then, with
#: argv[2] == "refresh", the hubs' rows brought up to date as a build's end does
WRITER = """
import sys
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from reportgraph.graph.store import open_store
from reportgraph.serve import hub_build
with open_store(sys.argv[1]) as st:
    st.replace_graph(URIRef("https://w3id.org/reportgraph/id/graph/extra"),
                     {(URIRef(sys.argv[3]), RDFS.label, Literal("Aaa Latvija"))})
    if sys.argv[2] == "refresh":
        hub_build.refresh_hubs(st, threshold=LOW)
""".replace("LOW", str(LOW))


def _hubs(path: Path) -> list[URIRef]:
    with open_store_for_reading(path) as st:
        return warm.hub_order(st)


def _paths(app, hubs: list[URIRef]) -> list[str]:  # type: ignore[no-untyped-def]
    return [p for h in hubs for p in warm.hub_paths(h, app.state.base)]


def _wait_warmed(app, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Until the warmer has warmed every server URL it knows for the current data stamp."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        warmer = getattr(app.state, "warmer", None)
        stamp = app.state.access.stamp()
        if warmer is not None and warmer.warmed and all(
                s == stamp for s in warmer.warmed.values()):
            return
        time.sleep(0.05)
    raise AssertionError("the hubs' pages were not warmed in time")


def _no_render(monkeypatch, app) -> None:  # type: ignore[no-untyped-def]
    """Entity pages can no longer be rendered: what answers 200 came from the cache."""
    def refuse(request, iri):  # type: ignore[no-untyped-def]
        raise AssertionError(f"rendered {iri}")

    monkeypatch.setattr(pages, "entity_html", refuse)
    app.state.entity_html = refuse


def test_serve_warm_fills_the_cache_with_the_pages_a_render_gives(hub_store, monkeypatch) -> None:
    hubs = _hubs(hub_store)
    assert len(hubs) >= 20 and set(hubs) == set(_hubs_current(hub_store))
    fresh = {}
    with TestClient(create_app(hub_store)) as c:  # no warming: each page rendered on demand
        paths = _paths(c.app, hubs)
        for path in paths:
            for headers in (HTML, EN):
                r = c.get(path, headers=headers)
                assert r.status_code == 200, path
                fresh[path, headers.get("Cookie", "")] = r.content
        assert c.app.state.responses is not None
    assert any(p.startswith("/fund/") for p in paths) and any("facts=2" in p for p in paths)

    app = create_app(hub_store, warm_hubs=True)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/").status_code == 200  # the server's URL seen: warming starts
        _wait_warmed(app)
        assert app.state.warmer.rendered == len(paths) * 2  # each page once per language
        assert len(app.state.responses) >= len(paths) * 2
        _no_render(monkeypatch, app)
        for (path, cookie), body in fresh.items():
            r = c.get(path, headers=EN if cookie else HTML)
            assert r.status_code == 200, path
            assert r.content == body, path  # the same bytes as rendered for a client
            assert r.headers["content-security-policy"]  # the replay's headers are the app's
        not_warmed = paths[0] + ("&" if "?" in paths[0] else "?") + "facts=3"
        assert c.get(not_warmed, headers=HTML).status_code == 500  # would be rendered


def _hubs_current(path: Path) -> frozenset:
    with open_store_for_reading(path) as st:
        return hub_rows.current_hubs(st)


def test_serve_warm_never_replays_pages_of_old_data(hub_store, tmp_path, monkeypatch) -> None:
    store = copy_store(hub_store, tmp_path / "store")
    latvija = next(h for h in _hubs(store) if str(h).endswith("/latvija"))
    app = create_app(store, warm_hubs=True)
    path = warm.hub_paths(latvija, app.state.base)[0]
    with TestClient(app) as c:
        c.get("/")
        _wait_warmed(app)
        old_stamp = app.state.access.stamp()
        first = c.get(path, headers=HTML)
        assert first.status_code == 200 and "Aaa Latvija" not in first.text
        rendered = app.state.warmer.rendered

        # another process writes a report graph: the rows are stale until its end refreshes them
        run = subprocess.run([sys.executable, "-c", WRITER, str(store), "graph only",
                              str(latvija)], capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stderr
        assert app.state.access.stamp() != old_stamp
        page = c.get(path, headers=HTML)
        assert page.status_code == 200 and "Aaa Latvija" in page.text  # the new data at once
        _wait_warmed(app)  # nothing to warm: no hub's rows are current
        assert app.state.warmer.rendered == rendered

        run = subprocess.run([sys.executable, "-c", WRITER, str(store), "refresh", str(latvija)],
                             capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stderr
        assert _hubs(store) and latvija in _hubs(store)
        _wait_warmed(app)
        assert app.state.warmer.rendered > rendered  # warmed again for the new data
        _no_render(monkeypatch, app)
        warmed = c.get(path, headers=HTML)
        assert warmed.status_code == 200 and "Aaa Latvija" in warmed.text
        assert warmed.headers["etag"] != first.headers["etag"]


def test_serve_warm_waits_for_the_requests_in_flight(hub_store) -> None:
    """With a client's request in flight the warmer renders nothing until `max_wait` is over."""
    app = create_app(hub_store)
    warmer = warm.Warmer(app, max_wait=30.0)
    warmer._owner = app
    warmer._note({"type": "http", "scheme": "http", "server": ("testserver", 80),
                  "root_path": "", "app": app, "headers": [(b"host", b"testserver")]})

    async def scenario() -> tuple[int, int]:
        warmer.in_flight = 1
        task = asyncio.get_running_loop().create_task(warmer._round())
        await asyncio.sleep(1.0)
        during = warmer.rendered
        warmer.in_flight = 0
        await asyncio.wait_for(task, 120)
        return during, warmer.rendered

    during, after = asyncio.run(scenario())
    assert during == 0 and after > 0


def test_serve_warm_starts_before_any_request_for_the_listened_address(hub_store, monkeypatch
                                                                         ) -> None:
    """`reportgraph serve` names its address (REPORTGRAPH_LISTEN): every process warms the
    pages for that server's URL from its start, before a client asked anything."""
    app = create_app(hub_store, warm_hubs=True, listen="testserver:80")  # TestClient's URL
    with TestClient(app) as c:
        _wait_warmed(app)
        assert app.state.warmer.rendered > 0 and app.state.warmer.in_flight == 0
        _no_render(monkeypatch, app)
        path = warm.hub_paths(_hubs(hub_store)[0], app.state.base)[0]
        assert c.get(path, headers=HTML).status_code == 200  # from the cache
