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
