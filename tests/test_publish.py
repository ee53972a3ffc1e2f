"""Tests of reportgraph.publish: graph files, CSV views, DCAT-AP 3 / VoID metadata, safety."""

import csv
import hashlib
import io
import json
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
from dcat_shacl import shapes, validate
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from reportgraph.errors import ExportError
from reportgraph.ontology.iri import mint
from reportgraph.ontology.namespaces import FUND, RG, SCHEMA
from reportgraph.ontology.resources import ontology_graph
from reportgraph.publish import CC_BY_4_0, publish
from reportgraph.publish.canon import bnode_labels
from reportgraph.publish.jsonld import context, graph_document
from reportgraph.publish.rdfwrite import ntriples, trig, turtle

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "publish" / "two-reports.trig"
SHAPES = HERE / "dcat-ap"
BASE = "https://w3id.org/reportgraph/id/"
DOWNLOAD = "https://data.example.lv/reportgraph/"
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EUA = "http://publications.europa.eu/resource/authority/"
NUTS = "http://data.europa.eu/nuts/code/"
ROMU = URIRef(BASE + "graph/romu-integracija-2018")
JAUNATNE = URIRef(BASE + "graph/jaunatnes-politika-2020")
PREFIXES = {"rg": str(RG), "schema": str(SCHEMA), "xsd": str(XSD), "rdfs": str(RDFS)}
GRAPH_FILES = ["reportgraph.ttl", "reportgraph.nt", "reportgraph.trig", "reportgraph.jsonld"]
VIEWS = {
    "projects": [
        {"project": URIRef(BASE + "project/jauniesu-lidzdalibas-skola"),
         "label": Literal("Jauniešu līdzdalības skola", lang="lv"), "amountEUR": Literal(14000)},
        {"project": URIRef(BASE + "project/atbalsts-izglitojamo-individualo-kompetencu-attistibai"),
         "label": "Atbalsts izglītojamo individuālo kompetenču attīstībai, \"ESF\"", "amountEUR": None},
    ],
    "funding": [{"project": "Jauniešu līdzdalības skola", "source": "ERASMUS", "amount": 12400}],
}


def load() -> Dataset:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def union_of(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def named(ds: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("pub") / "out"
    result = publish(load(), out, base=BASE, download_base=DOWNLOAD, csv_views=VIEWS,
                     checksums=True)
    return out, result


@pytest.fixture(scope="module")
def catalog(published) -> Graph:
    out, _ = published
    return Graph().parse(out / "catalog.ttl", format="turtle")


def oxigraph_dataset(data: bytes, fmt: pyoxigraph.RdfFormat) -> Dataset:
    """Parse with Oxigraph (a second, strict parser) and hand the quads to rdflib."""
    quads = list(pyoxigraph.parse(data, format=fmt))
    nquads = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    return ds


# ---------------------------------------------------------------- files and graph serialisations

def test_publish_writes_every_file_with_size_and_checksum(published):
    out, result = published
    names = [f.name for f in result.files]
    assert names == [*GRAPH_FILES, "report-jaunatnes-politika-2020.ttl",
                     "report-jaunatnes-politika-2020.jsonld", "report-romu-integracija-2018.ttl",
                     "report-romu-integracija-2018.jsonld", "funding.csv", "projects.csv",
                     "places-nuts.ttl", "ontology.html", "void.ttl", "catalog.ttl", "catalog.jsonld"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    for f in result.files:
        data = f.path.read_bytes()
        assert f.path.parent == out.resolve()
        assert f.byte_size == len(data) > 0
        assert f.sha256 == hashlib.sha256(data).hexdigest()
    assert result.file("reportgraph.trig").media_type == "application/trig"


def test_publish_turtle_and_ntriples_hold_the_union(published):
    out, _ = published
    union = union_of(load())
    assert isomorphic(Graph().parse(out / "reportgraph.ttl", format="turtle"), union)
    assert isomorphic(Graph().parse(out / "reportgraph.nt", format="nt"), union)
    for name, fmt in [("reportgraph.ttl", pyoxigraph.RdfFormat.TURTLE),
                      ("reportgraph.nt", pyoxigraph.RdfFormat.N_TRIPLES)]:
        strict = oxigraph_dataset((out / name).read_bytes(), fmt)
        assert isomorphic(strict.default_graph, union)


def test_publish_trig_keeps_one_named_graph_per_report(published):
    out, _ = published
    source = named(load())
    for parsed in (Dataset().parse(out / "reportgraph.trig", format="trig"),
                   oxigraph_dataset((out / "reportgraph.trig").read_bytes(), pyoxigraph.RdfFormat.TRIG)):
        assert set(named(parsed)) == {ROMU, JAUNATNE}
        for name, g in source.items():
            assert isomorphic(parsed.graph(name), g), name


def test_publish_jsonld_round_trips_per_graph(published):
    out, _ = published
    raw = (out / "reportgraph.jsonld").read_bytes()
    doc = json.loads(raw)
    assert doc["@context"] == context()
    source = named(load())
    for parsed in (Dataset().parse(data=raw.decode("utf-8"), format="json-ld"),
                   oxigraph_dataset(raw, pyoxigraph.RdfFormat.JSON_LD)):
        assert set(named(parsed)) == set(source)
        assert len(parsed.default_graph) == 0
        for name, g in source.items():
            assert isomorphic(parsed.graph(name), g), name


def test_publish_jsonld_uses_the_short_terms(published):
    out, _ = published
    doc = json.loads((out / "reportgraph.jsonld").read_text(encoding="utf-8"))
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    nodes = {n["@id"]: n for n in graphs[str(ROMU)]}
    report = nodes[BASE + "report/romu-integracija-2018"]
    assert report["@type"] == "rg:Report"
    assert report["reportYear"] == "2018"
    assert report["publisher"] == BASE + "organization/km"
    project = nodes[BASE + "project/atbalsts-izglitojamo-individualo-kompetencu-attistibai"]
    assert project["amountEUR"] == "32005188.00"
    assert project["fundingSource"] == ["fund:ESF", "fund:STATE"]
    assert project["startDate"] == {"@type": "xsd:date", "@value": "2017-01-01"}


def test_publish_report_files_hold_their_own_graph(published):
    out, _ = published
    for name, g in named(load()).items():
        slug = str(name).rsplit("/", 1)[-1]
        assert isomorphic(Graph().parse(out / f"report-{slug}.ttl", format="turtle"), g)


def test_publish_same_data_gives_identical_bytes(tmp_path):
    first, second = load(), load()
    def bnodes(ds):
        return {t for q in ds.quads() for t in q[:3] if isinstance(t, BNode)}

    assert len(bnodes(first)) == 9 and bnodes(first).isdisjoint(bnodes(second))
    a = publish(first, tmp_path / "a", base=BASE, csv_views=VIEWS)
    b = publish(second, tmp_path / "b", base=BASE, csv_views=VIEWS)
    for fa, fb in zip(a.files, b.files, strict=True):
        assert fa.name == fb.name
        assert fa.path.read_bytes() == fb.path.read_bytes(), fa.name


def test_publish_diff_shows_only_the_change(tmp_path):
    ds = load()
    publish(ds, tmp_path / "a", base=BASE)
    g = ds.graph(JAUNATNE)
    g.add((URIRef(BASE + "place/ludza"), RG.nuts3, Literal("LV005")))
    # blank-node chains that only a second refinement round tells apart
    for n in (1, 2):
        head, tail = BNode(), BNode()
        g.add((head, RG.y, tail))
        g.add((tail, RG.z, Literal(n)))
    publish(ds, tmp_path / "b", base=BASE)
    before = (tmp_path / "a" / "reportgraph.nt").read_text(encoding="utf-8").splitlines()
    after = (tmp_path / "b" / "reportgraph.nt").read_text(encoding="utf-8").splitlines()
    assert before == sorted(before)
    added = set(after) - set(before)
    assert f'<{BASE}place/ludza> <{RG}nuts3> "LV005" .' in added and len(added) == 5
    assert set(before) <= set(after)  # no blank node of the old data was relabelled
    untouched = (tmp_path / "a" / "report-romu-integracija-2018.ttl").read_bytes()
    assert (tmp_path / "b" / "report-romu-integracija-2018.ttl").read_bytes() == untouched


def test_publish_default_graph_round_trips(tmp_path):
    ds = Dataset()
    ds.add((URIRef(BASE + "report/x"), RDF.type, RG.Report))
    ds.graph(URIRef(BASE + "graph/x")).add((URIRef(BASE + "place/ape"), RDFS.label, Literal("Ape", lang="lv")))
    result = publish(ds, tmp_path, base=BASE)
    assert "report-x.ttl" in [f.name for f in result.files]
    for name, fmt in [("reportgraph.trig", "trig"), ("reportgraph.jsonld", "json-ld")]:
        parsed = Dataset().parse(tmp_path / name, format=fmt)
        assert isomorphic(parsed.default_graph, ds.default_graph)
        assert isomorphic(parsed.graph(URIRef(BASE + "graph/x")), ds.graph(URIRef(BASE + "graph/x")))


def test_publish_writers_escape_awkward_terms():
    ex = Namespace("http://example.org/ē/")
    a, b, c = BNode(), BNode(), BNode()
    triples = [
        (ex.s, ex.p, Literal('quote " backslash \\ tab \t newline \n cr \r bell \x07 end')),
        (ex.s, ex.p, Literal("typed string", datatype=XSD.string)),
        (ex.s, ex.p, Literal("Rīga", lang="lv")),
        (ex.s, ex.p, Literal("12.50", datatype=XSD.decimal)),
        (ex.s, ex.p, Literal("-7", datatype=XSD.integer)),
        (ex.s, ex.p, Literal("true", datatype=XSD.boolean)),
        (ex.s, ex.p, Literal("2020-10", datatype=XSD.gYearMonth)),
        (ex.s, ex.q, a), (a, ex.next, b), (b, ex.next, a),  # a blank-node cycle
        (ex.s, ex.r, c),                                    # a blank node with no statements
        (URIRef("http://example.org/a%20b/x"), RDF.type, ex.Thing),
    ]
    g = Graph()
    for t in triples:
        g.add(t)
    labels = bnode_labels((s, p, o, None) for s, p, o in triples)
    assert isomorphic(Graph().parse(data=turtle(triples, PREFIXES, labels), format="turtle"), g)
    assert isomorphic(Graph().parse(data=ntriples(triples, labels), format="nt"), g)
    assert isomorphic(Graph().parse(data=graph_document(triples, labels), format="json-ld"), g)
    tg = trig({URIRef("http://example.org/g"): triples}, PREFIXES, labels)
    assert isomorphic(Dataset().parse(data=tg, format="trig").graph(URIRef("http://example.org/g")), g)
    strict = oxigraph_dataset(turtle(triples, PREFIXES, labels).encode(), pyoxigraph.RdfFormat.TURTLE)
    assert len(strict.default_graph) == len(triples)


def test_publish_blank_node_labels_ignore_input_ids():
    def graph() -> list:
        s = URIRef(BASE + "report/x/s/1")
        sel, other = BNode(), BNode()
        return [(s, RG.sel, sel, None), (sel, RG.start, Literal(3), None),
                (URIRef(BASE + "x"), RG.sel, other, None), (other, RG.start, Literal(3), None)]

    first, second = graph(), graph()
    la, lb = bnode_labels(first), bnode_labels(second)
    assert sorted(la.values()) == sorted(lb.values()) and len(set(la.values())) == 2
    assert la[first[0][2]] == lb[second[0][2]]


# ---------------------------------------------------------------- CSV views

def test_publish_csv_views_have_header_and_utf8_rows(published):
    out, _ = published
    rows = list(csv.reader(io.StringIO((out / "projects.csv").read_bytes().decode("utf-8"))))
    assert rows[0] == ["project", "label", "amountEUR"]
    assert rows[1] == [BASE + "project/jauniesu-lidzdalibas-skola", "Jauniešu līdzdalības skola", "14000"]
    assert rows[2][1] == 'Atbalsts izglītojamo individuālo kompetenču attīstībai, "ESF"'
    assert rows[2][2] == ""
    assert (out / "funding.csv").read_bytes().startswith(b"project,source,amount\r\n")


def test_publish_without_views_writes_no_csv(tmp_path, published):
    result = publish(load(), tmp_path, base=BASE)
    assert not [f for f in result.files if f.name.endswith(".csv")]
    meta = Graph().parse(tmp_path / "catalog.ttl", format="turtle")
    assert not list(meta.subjects(DCTERMS.format, URIRef(EUA + "file-type/CSV")))


# ---------------------------------------------------------------- DCAT-AP validation

def test_publish_catalog_passes_dcat_ap_shapes_and_range(catalog):
    assert validate(catalog, shapes("shapes.ttl", "range.ttl", fix_bytesize=True)) == []


def test_publish_catalog_passes_the_all_in_one_release_shapes(catalog):
    assert validate(catalog, shapes("dcat-ap-3.0.0-SHACL.ttl")) == []


def test_publish_unpatched_shapes_flag_only_the_bytesize_datatype(catalog):
    results = validate(catalog, shapes("shapes.ttl", "range.ttl"))
    distributions = set(catalog.subjects(RDF.type, DCAT.Distribution))
    assert {r[:3] for r in results} == {("Violation", str(DCAT.byteSize), "DatatypeConstraintComponent")}
    assert {URIRef(r[3]) for r in results} == distributions
    assert len(results) == len(distributions)


def test_publish_broken_catalog_fails_the_shapes(catalog):
    shacl = shapes("shapes.ttl", "range.ttl", fix_bytesize=True)
    broken = Graph() + catalog
    dist = URIRef(str(mint(BASE, "distribution", "reportgraph.ttl")))
    broken.remove((dist, DCAT.accessURL, None))
    dataset = mint(BASE, "dataset", "reportgraph")
    broken.remove((dataset, DCTERMS.title, None))
    broken.remove((URIRef(CC_BY_4_0), RDF.type, DCTERMS.LicenseDocument))
    found = {(r[1], r[2], r[3]) for r in validate(broken, shacl)}
    assert (str(DCAT.accessURL), "MinCountConstraintComponent", str(dist)) in found
    assert (str(DCTERMS.title), "MinCountConstraintComponent", str(dataset)) in found
    assert (str(DCTERMS.license), "ClassConstraintComponent", str(dist)) in found


def test_publish_recommended_shapes_warn_only_about_place_geometry(catalog):
    results = validate(catalog, shapes("shapes_recommended.ttl"))
    assert {r[0] for r in results} == {"Warning"}
    assert {r[1] for r in results} == {str(DCAT.bbox), str(DCAT.centroid)}
    focus = {r[3] for r in results}
    assert EUA + "country/LVA" not in focus
    assert focus == {str(p) for p in catalog.subjects(RDF.type, DCTERMS.Location)} - {EUA + "country/LVA"}


def test_publish_vocabulary_shapes_flag_only_the_known_spdx_defect(catalog):
    results = validate(catalog, shapes("mdr-vocabularies.shape.ttl"))
    violations = {(r[1], r[2]) for r in results if r[0] == "Violation"}
    assert violations == {(str(SPDX.algorithm), "NodeConstraintComponent")}
    warnings = {r[1] for r in results if r[0] == "Warning"}
    assert warnings == {str(DCTERMS.publisher), str(DCTERMS.spatial)}


def test_publish_vendored_shapes_match_their_source_record():
    recorded = {}
    for line in (SHAPES / "SOURCE.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and len(parts[0]) == 64:
            recorded[parts[1]] = parts[0]
    assert set(recorded) == {p.name for p in SHAPES.glob("*.ttl")}
    for name, digest in recorded.items():
        assert hashlib.sha256((SHAPES / name).read_bytes()).hexdigest() == digest, name


# ---------------------------------------------------------------- catalogue content

def test_publish_catalog_describes_every_file(published, catalog):
    _, result = published
    described = {}
    for dist in catalog.subjects(RDF.type, DCAT.Distribution):
        url = catalog.value(dist, DCAT.downloadURL)
        assert catalog.value(dist, DCAT.accessURL) == url
        described[str(url)[len(DOWNLOAD):]] = dist
    expected = {f.name for f in result.files} - {"catalog.ttl", "catalog.jsonld"}
    assert set(described) == expected
    for f in result.files:
        if f.name not in described:
            continue
        dist = described[f.name]
        assert dist == mint(BASE, "distribution", f.name)
        size = catalog.value(dist, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger and int(size) == f.byte_size
        checksum = catalog.value(dist, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = catalog.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary and str(value).lower() == f.sha256
        assert catalog.value(dist, DCAT.mediaType) == URIRef(
            "https://www.iana.org/assignments/media-types/" + f.media_type)
        assert catalog.value(dist, DCTERMS.license) == URIRef(CC_BY_4_0)
        assert {o.language for o in catalog.objects(dist, DCTERMS.title)} == {"lv", "en"}
    formats = {name: str(catalog.value(d, DCTERMS.format)).rsplit("/", 1)[-1] for name, d in described.items()}
    assert formats["reportgraph.nt"] == "RDF_N_TRIPLES" and formats["reportgraph.trig"] == "RDF_TRIG"
    assert formats["reportgraph.jsonld"] == "JSON_LD" and formats["projects.csv"] == "CSV"
    assert formats["ontology.html"] == "HTML" and formats["report-romu-integracija-2018.ttl"] == "RDF_TURTLE"
    assert formats["report-romu-integracija-2018.jsonld"] == "JSON_LD"
    # one dataset for the series: every file is a distribution of it
    ds = mint(BASE, "dataset", "reportgraph")
    assert set(catalog.objects(ds, DCAT.distribution)) == set(described.values())
    assert set(catalog.subjects(RDF.type, DCAT.Dataset)) == {ds}


def test_publish_catalog_describes_time_place_theme_and_publishers(catalog):
    ds = mint(BASE, "dataset", "reportgraph")
    p = catalog.value(ds, DCTERMS.temporal)
    assert (catalog.value(p, DCAT.startDate).toPython(), catalog.value(p, DCAT.endDate).toPython()) == (
        date(2018, 1, 1), date(2020, 12, 31))
    # spatial coverage: authority IRIs only (the EU country list, NUTS 3), typed and labelled
    spatial = {str(o) for o in catalog.objects(ds, DCTERMS.spatial)}
    assert spatial == {EUA + "country/LVA", NUTS + "LV005", NUTS + "LV009"}
    assert (URIRef(NUTS + "LV005"), SKOS.prefLabel, Literal("Latgale", lang="lv")) in catalog
    assert not any(str(s).startswith(BASE + "place/") for s in catalog.subjects())
    themes = {str(o).rsplit("/", 1)[-1] for o in catalog.objects(ds, DCAT.theme)}
    assert themes == {"SOCI", "GOVE", "EDUC"}
    assert set(catalog.objects(ds, DCTERMS.language)) == {URIRef(EUA + "language/LAV"),
                                                         URIRef(EUA + "language/ENG")}
    assert catalog.value(ds, DCTERMS.accrualPeriodicity) == URIRef(EUA + "frequency/ANNUAL")
    assert catalog.value(ds, DCTERMS.accessRights) == URIRef(EUA + "access-right/PUBLIC")
    assert catalog.value(ds, DCTERMS.conformsTo) == URIRef("https://w3id.org/reportgraph/ontology")
    assert {o.language for o in catalog.objects(ds, DCTERMS.title)} == {"lv", "en"}
    assert {o.language for o in catalog.objects(ds, DCTERMS.description)} == {"lv", "en"}
    assert list(catalog.objects(ds, DCAT.keyword))
    assert (catalog.value(ds, DCAT.contactPoint), RDF.type, VCARD.Kind) in catalog
    # two reports, two publishers: the catalogue falls back to a publisher of its own
    assert catalog.value(ds, DCTERMS.publisher) == mint(BASE, "agent", "reportgraph")
    assert catalog.value(ds, DCTERMS.issued).toPython() == date(2024, 3, 14)
    assert catalog.value(ds, DCTERMS.modified).toPython() == date(2024, 4, 2)
    assert catalog.value(ds, DCTERMS.issued).datatype == XSD.date


def test_publish_catalog_texts_are_generated_from_the_graph(catalog):
    ds = mint(BASE, "dataset", "reportgraph")
    texts = {o.language: str(o) for o in catalog.objects(ds, DCTERMS.description)}
    titles = {o.language: str(o) for o in catalog.objects(ds, DCTERMS.title)}
    assert "2018–2020" in titles["lv"] and "2018–2020" in titles["en"]
    assert "2 pārskati (2018–2020)" in texts["lv"] and "2 reports (2018–2020)" in texts["en"]
    assert "projekti" in texts["lv"] and "projects" in texts["en"]
    assert "(ESF)" in texts["lv"] and "(ERASMUS)" in texts["en"]
    romu = mint(BASE, "distribution", "report-romu-integracija-2018.ttl")
    title = {o.language: str(o) for o in catalog.objects(romu, DCTERMS.title)}
    assert title["lv"].startswith("2018: ") and title["en"].startswith("2018: report")


def test_publish_count_phrases_agree_with_the_number():
    from reportgraph.publish.texts import count_phrase
    assert [count_phrase(n, "project", "lv") for n in (1, 2, 11, 21, 111)] == [
        "1 projekts", "2 projekti", "11 projekti", "21 projekts", "111 projekti"]
    assert count_phrase(1, "person", "en") == "1 person" and count_phrase(3, "person", "en") == "3 people"
    assert count_phrase(1234, "report", "en") == "1\u00a0234 reports"


def test_publish_links_places_to_nuts_and_the_country_list(published):
    out, _ = published
    links = Graph().parse(out / "places-nuts.ttl", format="turtle")
    nuts = Namespace(NUTS)
    place = Namespace(BASE + "place/")
    assert (place.daugavpils, SCHEMA.containedInPlace, nuts.LV005) in links
    assert (place.latgale, SKOS.closeMatch, nuts.LV005) in links
    assert (place.zemgale, SKOS.closeMatch, nuts.LV009) in links
    assert (place.latvija, SKOS.exactMatch, URIRef(EUA + "country/LVA")) in links
    assert not [t for t in links if "tallin" in str(t[0]) or "igaunija" in str(t[0])]


def test_publish_riga_planning_region_covers_two_nuts_regions():
    from reportgraph.publish.spatial import coverage, nuts_links
    g = Graph()
    riga = URIRef(BASE + "place/riga")
    g.add((riga, RDF.type, RG.PlanningRegion))
    g.add((riga, RDFS.label, Literal("Rīgas plānošanas reģions", lang="lv")))
    assert (riga, SKOS.narrowMatch, URIRef(NUTS + "LV006")) in nuts_links(g)
    assert [str(c) for c in coverage(g)] == [EUA + "country/LVA", NUTS + "LV006", NUTS + "LV007"]


def test_publish_iris_are_stable_when_a_report_is_added(tmp_path):
    one = Dataset()
    for t in load().graph(ROMU):
        one.graph(ROMU).add(t)
    publish(one, tmp_path / "a", base=BASE, download_base=DOWNLOAD)
    publish(load(), tmp_path / "b", base=BASE, download_base=DOWNLOAD)
    a = Graph().parse(tmp_path / "a" / "catalog.ttl", format="turtle")
    b = Graph().parse(tmp_path / "b" / "catalog.ttl", format="turtle")
    for cls in (DCAT.Catalog, DCAT.Dataset):
        assert set(a.subjects(RDF.type, cls)) == set(b.subjects(RDF.type, cls))
    assert set(a.subjects(RDF.type, DCAT.Distribution)) < set(b.subjects(RDF.type, DCAT.Distribution))


def test_publish_endpoint_becomes_a_data_service(tmp_path):
    endpoint = "https://data.example.lv/reportgraph/sparql"
    result = publish(load(), tmp_path, base=BASE, download_base=DOWNLOAD, endpoint_url=endpoint,
                     contact_email="dati@example.lv", checksums=False)
    meta = Graph().parse(tmp_path / "catalog.ttl", format="turtle")
    (service,) = meta.subjects(RDF.type, DCAT.DataService)
    assert meta.value(service, DCAT.endpointURL) == URIRef(endpoint)
    assert meta.value(service, DCAT.servesDataset) == result.dataset_iri
    assert meta.value(result.catalog_iri, DCAT.service) == service
    dist = mint(BASE, "distribution", "sparql")
    assert meta.value(dist, DCAT.accessService) == service
    assert meta.value(dist, DCAT.accessURL) == URIRef(endpoint)
    assert meta.value(service, DCAT.endpointDescription) == URIRef(endpoint)  # its SPARQL SD
    assert validate(meta, shapes("shapes.ttl", "range.ttl", fix_bytesize=True)) == []
    assert validate(meta, shapes("dcat-ap-3.0.0-SHACL.ttl")) == []
    assert [r for r in validate(meta, shapes("mdr-vocabularies.shape.ttl")) if r[0] == "Violation"] == []
    recommended = {r[1] for r in validate(meta, shapes("shapes_recommended.ttl"))}
    assert recommended == {str(DCAT.bbox), str(DCAT.centroid)}


def test_publish_by_default_passes_the_vocabulary_shapes_unpatched(tmp_path):
    publish(load(), tmp_path, base=BASE, download_base=DOWNLOAD)
    meta = Graph().parse(tmp_path / "catalog.ttl", format="turtle")
    assert (None, SPDX.checksum, None) not in meta
    results = validate(meta, shapes("mdr-vocabularies.shape.ttl"))
    assert [r for r in results if r[0] == "Violation"] == []
    # the warnings that do not apply: NUTS is not one of the lists this shape knows (country,
    # place, continent, GeoNames); the publisher is not an EU institution (corporate-body list)
    assert {r[1] for r in results} == {str(DCTERMS.spatial), str(DCTERMS.publisher)}
    assert len([r for r in results if r[1] == str(DCTERMS.spatial)]) == 2  # LV005, LV009


def test_publish_vocabulary_shapes_pass_with_the_spdx_pattern_fixed(catalog):
    results = validate(catalog, shapes("mdr-vocabularies.shape.ttl", fix_spdx=True))
    assert [r for r in results if r[0] == "Violation"] == []


def test_publish_catalog_iris_are_minted_under_base(published, catalog):
    _, result = published
    assert result.catalog_iri == mint(BASE, "catalog", "reportgraph")
    assert (result.catalog_iri, RDF.type, DCAT.Catalog) in catalog
    assert set(catalog.objects(result.catalog_iri, DCAT.dataset)) == {result.dataset_iri}
    for s in catalog.subjects(RDF.type, DCAT.Distribution):
        assert str(s).startswith(BASE + "distribution/")


def test_publish_catalog_jsonld_equals_turtle(published, catalog):
    out, _ = published
    assert isomorphic(Graph().parse(out / "catalog.jsonld", format="json-ld"), catalog)


def test_publish_publisher_comes_from_the_data_when_there_is_one(tmp_path):
    ds = Dataset()
    for s, p, o in load().graph(ROMU):
        ds.graph(ROMU).add((s, p, o))
    result = publish(ds, tmp_path, base=BASE, issued=date(2025, 1, 31))
    meta = Graph().parse(tmp_path / "catalog.ttl", format="turtle")
    km = URIRef(BASE + "organization/km")
    assert meta.value(result.catalog_iri, DCTERMS.publisher) == km
    assert meta.value(result.dataset_iri, DCTERMS.issued) == Literal(date(2025, 1, 31))
    assert meta.value(result.dataset_iri, DCTERMS.modified) == Literal(date(2025, 1, 31))
    contact = meta.value(result.dataset_iri, DCAT.contactPoint)
    assert meta.value(contact, VCARD.fn) == Literal("Kultūras ministrija")


def test_publish_publisher_and_licence_as_given(tmp_path):
    cc0 = EUA + "licence/CC0"
    result = publish(load(), tmp_path, base=BASE, publisher_name="Valsts kanceleja",
                     publisher_type="NationalAuthority", contact_email="dati@example.lv",
                     license_iri=cc0)
    meta = Graph().parse(tmp_path / "catalog.ttl", format="turtle")
    agent = mint(BASE, "agent", "Valsts kanceleja")
    assert meta.value(result.catalog_iri, DCTERMS.publisher) == agent
    assert meta.value(agent, FOAF.name) == Literal("Valsts kanceleja")
    contact = meta.value(result.dataset_iri, DCAT.contactPoint)
    assert meta.value(contact, VCARD.hasEmail) == URIRef("mailto:dati@example.lv")
    assert set(meta.objects(None, DCTERMS.license)) == {URIRef(cc0)}
    assert meta.value(URIRef(cc0), DCTERMS.type) == URIRef("http://purl.org/adms/licencetype/PublicDomain")
    assert validate(meta, shapes("shapes.ttl", "range.ttl", fix_bytesize=True)) == []


# ---------------------------------------------------------------- VoID

def test_publish_void_counts_and_subsets(published):
    out, result = published
    void = Graph().parse(out / "void.ttl", format="turtle")
    union = union_of(load())
    ds = result.dataset_iri

    def number(node, prop):
        return int(void.value(node, prop))

    assert number(ds, VOID.triples) == len(union)
    assert number(ds, VOID.entities) == len({s for s in union.subjects() if isinstance(s, URIRef)})
    assert number(ds, VOID.classes) == len(set(union.objects(None, RDF.type)))
    assert number(ds, VOID.properties) == len(set(union.predicates()))
    assert number(ds, VOID.distinctSubjects) == len(set(union.subjects()))
    assert number(ds, VOID.distinctObjects) == len(set(union.objects()))
    parts = {void.value(p, VOID["class"]): number(p, VOID.entities)
             for p in void.objects(ds, VOID.classPartition)}
    assert parts[RG.Project] == 3 and parts[SCHEMA.Event] == 3
    subsets = set(void.objects(ds, VOID.subset))
    for name, g in named(load()).items():
        assert name in subsets and number(name, VOID.triples) == len(g)
        slug = str(name).rsplit("/", 1)[-1]
        assert void.value(name, VOID.dataDump) == URIRef(DOWNLOAD + f"report-{slug}.ttl")
    linksets = {void.value(ls, VOID.linkPredicate): ls
                for ls in subsets if (ls, RDF.type, VOID.Linkset) in void}
    funding = linksets[RG.fundingSource]
    assert number(funding, VOID.triples) == len(list(union.triples((None, RG.fundingSource, None))))
    assert str(void.value(void.value(funding, VOID.objectsTarget), VOID.uriSpace)) == str(FUND)
    assert {str(o) for o in void.objects(ds, VOID.dataDump)} == {DOWNLOAD + n for n in GRAPH_FILES}
    assert URIRef(str(SCHEMA)) in set(void.objects(ds, VOID.vocabulary))


# ---------------------------------------------------------------- ontology documentation

class _Tags(HTMLParser):
    EMPTY = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: Counter[str] = Counter()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)
        self.ids.update(v for k, v in attrs if k == "id" and v)
        if tag not in self.EMPTY:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag


def test_publish_ontology_html_documents_every_term(published):
    out, _ = published
    page = (out / "ontology.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    assert parser.stack == []
    assert not parser.tags & {"script", "link", "img", "iframe"}
    assert all(k != "src" for k, _ in parser.attrs)
    assert max(parser.ids.values()) == 1
    onto = ontology_graph()
    terms = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(RG))}
    assert {str(t)[len(str(RG)):] for t in terms} <= set(parser.ids)
    for concept in onto.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")):
        assert f'id="fund-{str(concept)[len(str(FUND)):]}"' in page
    assert "Valsts budžets" in page and "Finansējuma avots" in page
    assert "The total funding of a project in euro as the report states it." in page
    assert '<a href="#Place"><code>rg:Place</code></a>' in page  # superclass of rg:Settlement
    assert "https://schema.org/" in page and "W3C Organization Ontology" in page


# ---------------------------------------------------------------- safety

def test_publish_refuses_to_overwrite_without_force(tmp_path):
    publish(load(), tmp_path, base=BASE)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(ExportError) as err:
        publish(load(), tmp_path, base=BASE, publisher_name="Cits izdevējs")
    message = str(err.value)
    assert "\n" not in message and str(tmp_path / "reportgraph.ttl") in message
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    publish(load(), tmp_path, base=BASE, publisher_name="Cits izdevējs", force=True)
    assert (tmp_path / "catalog.ttl").read_bytes() != before["catalog.ttl"]
    assert (tmp_path / "reportgraph.ttl").read_bytes() == before["reportgraph.ttl"]


def test_publish_rejects_an_empty_dataset(tmp_path):
    with pytest.raises(ExportError, match="nothing to publish"):
        publish(Dataset(), tmp_path / "out", base=BASE)
    assert not (tmp_path / "out").exists()


def test_publish_rejects_an_outdir_that_is_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(ExportError, match="not a directory"):
        publish(load(), target, base=BASE)


@pytest.mark.parametrize("view", ["../evil", "a/b", "Projects", "", ".hidden", "x" * 70])
def test_publish_rejects_view_names_that_could_escape(tmp_path, view):
    with pytest.raises(ExportError):
        publish(load(), tmp_path / "out", base=BASE, csv_views={view: []})
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_publish_refuses_symlinks_in_outdir(tmp_path):
    outside = tmp_path / "outside.ttl"
    outside.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "void.ttl").symlink_to(outside)
    with pytest.raises(ExportError, match="not a regular file"):
        publish(load(), out, base=BASE, force=True)
    assert outside.read_text() == "keep"


@pytest.mark.parametrize("kwargs", [
    {"base": "not an iri"},
    {"base": BASE, "download_base": "relative/path/"},
    {"base": BASE, "publisher_type": "Mayor"},
    {"base": BASE, "contact_email": "no-at-sign"},
    {"base": BASE, "license_iri": "CC BY"},
])
def test_publish_rejects_bad_arguments(tmp_path, kwargs):
    with pytest.raises(ExportError):
        publish(load(), tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()
