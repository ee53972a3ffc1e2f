"""The hubs' first views stored at build time (serve/hub_rows.py, serve/hub_build.py): pages
from the stored rows are byte-identical to the pages read from the graph, rows computed at
another data version are never used (the pages read the graph), and a build brings them up to
date."""

import json
import urllib.parse
from pathlib import Path

from click.testing import CliRunner
from hubstore import LOW, copy_store
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from starlette.testclient import TestClient

from reportgraph.cli.main import cli
from reportgraph.graph.store import open_store, open_store_for_reading
from reportgraph.ontology.namespaces import IDX
from reportgraph.serve import data, entity_view, facts, hub_build, hub_rows
from reportgraph.serve.app import create_app

#: links from which the sample's entities are hubs (28 of them, Latvija 70, Jelgava 65, ...)
#: the pages asked of each hub: the stored ones, and others read partly from the graph
ASKED = ({}, {"facts": "2"}, {"mentions": "2"}, {"lang": "en"}, {"facts": "2", "lang": "en"},
         {"facts": "3"}, {"mentions": "2", "facts": "2"})
HTML = {"Accept": "text/html"}


def _hubs(path: Path) -> list[URIRef]:
    with open_store_for_reading(path) as st:
        return sorted(hub_rows.current_hubs(st), key=str)


def _pages(path: Path, hubs: list[URIRef]) -> dict[tuple, str]:
    """Every asked page of every hub, from a fresh server (nothing kept, nothing cached)."""
    out = {}
    with TestClient(create_app(path)) as c:
        for iri in hubs:
            for asked in ASKED:
                query = urllib.parse.urlencode({"iri": str(iri), **asked})
                response = c.get(f"/resource?{query}", headers=HTML)
                assert response.status_code == 200, (iri, asked)
                out[str(iri), tuple(asked.items())] = response.text
    return out


def test_serve_hub_pages_from_stored_rows_are_those_read_from_the_graph(hub_store, monkeypatch
                                                                        ) -> None:
    hubs = _hubs(hub_store)
    assert len(hubs) >= 20
    real_facts, real_incoming = facts._facts_page, data._incoming_of

    def no_facts(store, iri, *args):  # a hub's stored pages read none of this from the graph
        assert iri not in hubs or args[:2] not in ((1, 1), (2, 1), (1, 2)), (iri, args)
        return real_facts(store, iri, *args)

    def no_sections(store, iri, wanted, asked, **kw):
        assert iri not in hubs or wanted is None or any(
            data.page_number(asked.get(p)) != 1 for p in wanted), (iri, asked)
        return real_incoming(store, iri, wanted, asked, **kw)

    monkeypatch.setattr(facts, "_facts_page", no_facts)
    monkeypatch.setattr(data, "_incoming_of", no_sections)
    stored = _pages(hub_store, hubs)
    monkeypatch.setattr(facts, "_facts_page", real_facts)
    monkeypatch.setattr(data, "_incoming_of", real_incoming)
    monkeypatch.setattr(hub_rows, "current_hubs", lambda store: frozenset())
    live = _pages(hub_store, hubs)
    assert stored.keys() == live.keys()
    for key in live:
        assert stored[key] == live[key], key
    assert any("facts=2" in page for page in live.values())  # some hubs' facts are paged


def test_serve_hub_rows_are_the_values_read_from_the_graph(hub_store) -> None:
    """data.entity from a memo seeded with the stored rows equals data.entity reading the graph,
    for the stored pages and for later ones (the stored rows' keys are the page functions')."""
    with open_store_for_reading(hub_store) as st:
        hubs = sorted(hub_rows.current_hubs(st), key=str)
        for iri in hubs:
            seeded: dict = {}
            for pages in ({}, {"facts": 2}, {"mentions": 2}, {"facts": 3}):
                e = data.entity(st, iri, seeded, pages=pages, sections=entity_view.in_predicates)
                assert seeded[("hub rows", iri)] is True
                read = data.entity(st, iri, {hub_rows.INDEX_KEY: frozenset()}, pages=pages,
                                   sections=entity_view.in_predicates)
                assert e == read, (iri, pages)
            decoded = hub_rows.decode_values(iri, hub_build.hub_values(st, iri) or "")
            assert ("why page", iri, 1, 1) in decoded and ("why page", iri, 2, 1) in decoded


def _rows_graph(st) -> set[tuple]:
    return set(st.graph(hub_rows.GRAPH))


def _tampered(triples: set[tuple], version: str, marker: str) -> set[tuple]:
    """The hubs' rows with every label of their sections replaced by `marker`, at `version`."""
    out = set()
    for s, p, o in triples:
        if p == IDX.rows:
            values = json.loads(str(o))
            for section in values["sections"]:
                for _p, xs in section[2]:
                    for x in xs:
                        x[1] = marker
            o = Literal(json.dumps(values, ensure_ascii=False))
        elif p == IDX.version:
            o = Literal(version)
        out.add((s, p, o))
    return out


def test_serve_hub_rows_of_another_version_are_not_used(hub_store, tmp_path) -> None:
    store = copy_store(hub_store, tmp_path / "store")
    hubs = _hubs(store)
    marker = "STORED-ROWS-MARKER"
    with open_store(store) as st:
        rows = _rows_graph(st)
        version = st.version()
        st.replace_graph(hub_rows.GRAPH, _tampered(rows, version, marker))
    assert any(marker in page for page in _pages(store, hubs[:5]).values())  # current: shown
    with open_store(store) as st:
        st.replace_graph(hub_rows.GRAPH, _tampered(rows, "an older version", marker))
    assert _hubs(store) == []
    assert not any(marker in page for page in _pages(store, hubs[:5]).values())
    with open_store(store) as st:  # current rows, then a report graph written: out of date
        st.replace_graph(hub_rows.GRAPH, _tampered(rows, version, marker))
        latvija = next(h for h in hubs if str(h).endswith("/latvija"))
        st.replace_graph(URIRef("https://w3id.org/reportgraph/id/graph/extra"),
                         {(latvija, RDFS.label, Literal("Aaa Latvija"))})
        assert hub_rows.stored_version(st) == version != st.version()
    assert _hubs(store) == []
    pages = _pages(store, [latvija])
    assert not any(marker in page for page in pages.values())
    assert all("Aaa Latvija" in page for page in pages.values())  # what the graph says now
    with open_store(store) as st:
        assert hub_build.refresh_hubs(st, threshold=LOW) == len(hubs)
    assert _pages(store, [latvija]) == pages  # current again, from the stored rows


def test_serve_hub_rows_are_brought_up_to_date_by_a_build(tmp_path, sample_report, monkeypatch
                                                          ) -> None:
    monkeypatch.setattr(hub_build, "HUB_LINKS", LOW)
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "build", "-j", "1",
                                      str(sample_report)])
    assert result.exit_code == 0, result.output
    with open_store_for_reading(store) as st:
        first = st.version()
        assert hub_rows.stored_version(st) == first
        hubs = hub_rows.current_hubs(st)
        assert len(hubs) >= 20
        latvija = next(h for h in hubs if str(h).endswith("/latvija"))
        before = data.entity(st, latvija, {}, sections=entity_view.in_predicates)
    second = tmp_path / "otrs-parskats.txt"
    second.write_text(sample_report.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(store), "build", "-j", "1", str(second)])
    assert result.exit_code == 0, result.output
    with open_store_for_reading(store) as st:
        assert st.version() != first
        assert hub_rows.stored_version(st) == st.version()
        hubs = hub_rows.current_hubs(st)
        assert latvija in hubs
        memo: dict = {}
        after = data.entity(st, latvija, memo, sections=entity_view.in_predicates)
        assert memo[("hub rows", latvija)] is True  # from the stored rows
        assert after == data.entity(st, latvija, {hub_rows.INDEX_KEY: frozenset()},
                                    sections=entity_view.in_predicates)
        assert after.mention_list.total == 2 * before.mention_list.total  # both reports
    result = CliRunner().invoke(cli, ["--store", str(store), "reindex"])
    assert result.exit_code == 0 and f"hub pages: {len(hubs)}" in result.output
