from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "romu-integracija-2018.txt"


@pytest.fixture(scope="session")
def sample_report() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_extracted():
    """The sample report extracted once per test session (it is the expensive part)."""
    from reportgraph.extract.pipeline import extract_report

    return extract_report(SAMPLE)


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory, sample_extracted) -> Path:
    """An embedded store holding the sample report's graph, built once per session; for tests
    that only read it (a test that writes builds its own)."""
    from reportgraph.graph.store import open_store

    path = tmp_path_factory.mktemp("sample-store") / "store"
    with open_store(path) as s:
        s.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
    return path


@pytest.fixture(scope="session")
def hub_store(tmp_path_factory, sample_extracted):
    """The sample report's store with its hubs' rows (hubstore.LOW links and more); read only:
    a test that writes works on hubstore.copy_store of it."""
    from hubstore import LOW

    from reportgraph.graph.store import open_store
    from reportgraph.serve import hub_build

    path = tmp_path_factory.mktemp("hub-store") / "store"
    with open_store(path) as st:
        st.replace_graph(sample_extracted.graph_name, sample_extracted.graph)
        assert hub_build.refresh_hubs(st, threshold=LOW) >= 20
    return path
