"""`reportgraph publish DIR` on the sample report: the files, the CSV views and DCAT-AP conformance."""

import csv

import pytest
from click.testing import CliRunner
from dcat_shacl import shapes, validate  # the vendored SEMIC shapes and the result reader
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS

from reportgraph.cli.main import cli

SPDX = Namespace("http://spdx.org/rdf/terms#")


@pytest.fixture(scope="module")
def published(tmp_path_factory, sample_report):
    root = tmp_path_factory.mktemp("pub")
    store, out = root / "store", root / "out"
    r = CliRunner().invoke(cli, ["--store", str(store), "build", str(sample_report)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["--store", str(store), "publish", str(out),
                                 "--download-base", "https://data.gov.lv/dati/reportgraph/"])
    assert r.exit_code == 0, r.output
    return root, store, out


def test_publish_cli_writes_graph_csv_and_metadata(published):
    _, _, out = published
    names = {p.name for p in out.iterdir()}
    assert {"reportgraph.ttl", "reportgraph.nt", "reportgraph.trig", "reportgraph.jsonld",
            "projects.csv", "funding.csv", "actors.csv", "events.csv", "catalog.ttl", "void.ttl",
            "ontology.html"} <= names
    with open(out / "projects.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    (kmv,) = [r for r in rows if r["label"] == "Kultūra mūs vieno!"]
    assert kmv["amountEUR"] == "1600"


def test_publish_cli_sample_catalog_passes_dcat_ap(published):
    _, _, out = published
    data = Graph().parse(out / "catalog.ttl", format="turtle")
    results = validate(data, shapes("shapes.ttl", "range.ttl", fix_bytesize=True))
    assert [r for r in results if r[0] == "Violation"] == []
    assert [r for r in validate(data, shapes("dcat-ap-3.0.0-SHACL.ttl")) if r[0] == "Violation"] == []


def test_publish_cli_refuses_to_overwrite_without_force(published):
    _, store, out = published
    r = CliRunner().invoke(cli, ["--store", str(store), "publish", str(out)])
    assert r.exit_code == 2
    assert r.stderr.strip().startswith("Error: ") and "--force" in r.stderr
    r = CliRunner().invoke(cli, ["--store", str(store), "publish", str(out), "--force"])
    assert r.exit_code == 0, r.output


def test_publish_cli_sample_passes_the_vocabulary_shapes(published):
    root, store, _ = published
    out = root / "out-vocab"
    r = CliRunner().invoke(cli, ["--store", str(store), "publish", str(out),
                                 "--endpoint-url", "https://data.gov.lv/sparql",
                                 "--contact-email", "dati@km.gov.lv"])
    assert r.exit_code == 0, r.output
    data = Graph().parse(out / "catalog.ttl", format="turtle")
    assert (None, SPDX.checksum, None) not in data  # the default: see --checksums
    for names in (("shapes.ttl", "range.ttl"), ("dcat-ap-3.0.0-SHACL.ttl",),
                  ("mdr-vocabularies.shape.ttl",)):
        results = validate(data, shapes(*names, fix_bytesize=names[0] == "shapes.ttl"))
        assert [r for r in results if r[0] == "Violation"] == [], names
    spatial = {str(o) for o in data.objects(None, DCTERMS.spatial)}
    assert "http://publications.europa.eu/resource/authority/country/LVA" in spatial
    assert {s for s in spatial if s.startswith("http://data.europa.eu/nuts/code/LV00")}
    assert all(s.startswith(("http://publications.europa.eu/", "http://data.europa.eu/nuts/"))
               for s in spatial)


def test_publish_cli_checksums_on_request(published):
    root, store, _ = published
    out = root / "out-checksums"
    r = CliRunner().invoke(cli, ["--store", str(store), "publish", str(out), "--checksums"])
    assert r.exit_code == 0, r.output
    data = Graph().parse(out / "catalog.ttl", format="turtle")
    checksums = list(data.objects(None, SPDX.checksum))
    assert checksums and all(data.value(c, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
                             for c in checksums)
    # the SEMIC vocabulary shape's SPDX pattern (https://) rejects exactly these
    found = {(r[0], r[1]) for r in validate(data, shapes("mdr-vocabularies.shape.ttl"))
             if r[0] == "Violation"}
    assert found == {("Violation", str(SPDX.algorithm))}
