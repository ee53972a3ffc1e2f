"""catalog.ttl read by ckanext-dcat's RDF parser (profile euro_dcat_ap_3), as the CKAN harvester
of the national portal reads it: one CKAN dataset for the report series, one resource per file.

ckanext-dcat imports CKAN itself (ckantoolkit -> ckan.plugins.toolkit -> flask, ...), so
`pip install ckanext-dcat` alone is not enough (ModuleNotFoundError: No module named 'ckan'); with
`pip install "ckan[requirements]"` too (about 60 pinned packages; tried with ckanext-dcat 2.4.4 and
ckan 2.12.0 on Python 3.11) the parser runs offline. That is not a test extra; the test runs
the parser in a separate interpreter named by REPORTGRAPH_CKAN_PYTHON (a venv with
`pip install ckanext-dcat "ckan[requirements]"`), or in this one if it has ckanext-dcat, and is
skipped otherwise. No CKAN site, database or configuration is needed to parse.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgraph.publish import publish

HERE = Path(__file__).parent
BASE = "https://w3id.org/reportgraph/id/"
DOWNLOAD = "https://data.gov.lv/dati/reportgraph/"
ENDPOINT = "https://data.gov.lv/sparql"
EUA = "http://publications.europa.eu/resource/authority/"

PARSE = r"""
import json, sys
from ckanext.dcat.processors import RDFParser
parser = RDFParser(profiles=["euro_dcat_ap_3"])
parser.parse(open(sys.argv[1], encoding="utf-8").read(), _format="turtle")
print(json.dumps(list(parser.datasets())))
"""


def _python() -> str | None:
    if importlib.util.find_spec("ckanext") and importlib.util.find_spec("ckanext.dcat"):
        return sys.executable
    return os.environ.get("REPORTGRAPH_CKAN_PYTHON") or None


@pytest.fixture(scope="module")
def ckan_datasets(tmp_path_factory):
    python = _python()
    if python is None:
        pytest.skip("ckanext-dcat is not installed (set REPORTGRAPH_CKAN_PYTHON to a venv with "
                    "ckanext-dcat and ckan[requirements])")
    from rdflib import Dataset
    ds = Dataset()
    ds.parse(HERE / "fixtures" / "publish" / "two-reports.trig", format="trig")
    out = tmp_path_factory.mktemp("ckan") / "out"
    publish(ds, out, base=BASE, download_base=DOWNLOAD, endpoint_url=ENDPOINT,
            contact_email="dati@example.lv", checksums=True)
    run = subprocess.run([python, "-c", PARSE, str(out / "catalog.ttl")], check=False,
                         capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _extras(dataset):
    return {e["key"]: e["value"] for e in dataset.get("extras", [])}


def test_ckan_sees_one_dataset_with_a_resource_per_file(ckan_datasets):
    (dataset,) = ckan_datasets
    extras = _extras(dataset)
    assert extras["uri"] == BASE + "dataset/reportgraph"
    assert "2018–2020" in dataset["title"]
    urls = {r.get("download_url") or r.get("access_url") for r in dataset["resources"]}
    for name in ("reportgraph.ttl", "reportgraph.nt", "reportgraph.trig", "reportgraph.jsonld",
                 "report-romu-integracija-2018.ttl", "report-romu-integracija-2018.jsonld",
                 "report-jaunatnes-politika-2020.ttl", "places-nuts.ttl", "void.ttl"):
        assert DOWNLOAD + name in urls
    assert ENDPOINT in urls
    by_uri = {r["uri"]: r for r in dataset["resources"]}
    ttl = by_uri[BASE + "distribution/reportgraph-ttl"]
    assert ttl["format"] == "RDF Turtle" or ttl["format"].endswith("RDF_TURTLE") or ttl["format"] == "TTL"
    assert ttl["mimetype"] == "text/turtle" and ttl["size"] > 0 and len(ttl["hash"]) == 64
    sparql = by_uri[BASE + "distribution/sparql"]
    service = json.loads(sparql["access_services"])[0]
    assert service["endpoint_url"] == [ENDPOINT]


def test_ckan_reads_licence_spatial_frequency_and_contact(ckan_datasets):
    (dataset,) = ckan_datasets
    extras = _extras(dataset)
    assert {r["license"] for r in dataset["resources"]} == {EUA + "licence/CC_BY_4_0"}
    # without ckanext-scheming the profile keeps one dct:spatial: the one with a geometry, the
    # country (the NUTS regions stay in the RDF; see README, Publishing)
    assert extras["spatial_uri"] == EUA + "country/LVA" and extras["spatial_text"] == "Latvija"
    assert json.loads(extras["spatial_bbox"])["type"] == "Polygon"
    assert extras["frequency"] == EUA + "frequency/ANNUAL"
    assert extras["access_rights"] == EUA + "access-right/PUBLIC"
    assert extras["contact_email"] == "dati@example.lv"
    assert set(json.loads(extras["language"])) == {EUA + "language/LAV", EUA + "language/ENG"}
    assert extras["temporal_start"] == "2018-01-01" and extras["temporal_end"] == "2020-12-31"
