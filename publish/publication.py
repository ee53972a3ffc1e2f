"""publish(): write the graph, its views and its DCAT-AP / VoID metadata into one directory."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from reportgraph.errors import ExportError
from reportgraph.ontology.iri import mint, slugify
from reportgraph.ontology.namespaces import PREFIXES
from reportgraph.publish import catalog as cat
from reportgraph.publish.canon import bnode_labels
from reportgraph.publish.csvviews import check_view_name, csv_bytes
from reportgraph.publish.facts import Agent, Facts, facts
from reportgraph.publish.files import PublishedFile, check_outdir, check_targets, write_file
from reportgraph.publish.jsonld import dataset_document, graph_document
from reportgraph.publish.ontodoc import ontology_html
from reportgraph.publish.rdfwrite import ntriples, trig, turtle
from reportgraph.publish.resources import vocabularies
from reportgraph.publish.spatial import coverage, nuts_links
from reportgraph.publish.template import has_template, text
from reportgraph.publish.texts import both, years_text
from reportgraph.publish.void import VOID, void_graph

Triple = tuple[Node, Node, Node]

GRAPH_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}
METADATA_PREFIXES = {**GRAPH_PREFIXES, **cat.PREFIXES, "void": str(VOID)}
DEFAULT_PUBLISHER = "reportgraph"
DEFAULT_PUBLISHER_TYPE = "NationalAuthority"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+$")
GRAPH_FILES = ("reportgraph.ttl", "reportgraph.nt", "reportgraph.trig", "reportgraph.jsonld")
DOC_FILE, VOID_FILE, CATALOG_FILES = "ontology.html", "void.ttl", ("catalog.ttl", "catalog.jsonld")
LINKS_FILE = "places-nuts.ttl"


@dataclass(frozen=True)
class PublicationResult:
    """What a publication wrote: every file with size and SHA-256, and the minted IRIs."""

    outdir: Path
    files: tuple[PublishedFile, ...]
    catalog_iri: URIRef
    dataset_iri: URIRef

    def file(self, name: str) -> PublishedFile:
        """The written file called `name`."""
        for f in self.files:
            if f.name == name:
                return f
        raise KeyError(name)


def _check_iri(value: str, what: str) -> str:
    if not isinstance(value, str) or not _IRI.match(value):
        raise ExportError(f"invalid {what} {value!r} (an absolute IRI is required)")
    return value


def _folder(value: str, what: str) -> str:
    _check_iri(value, what)
    return value if value.endswith(("/", "#")) else value + "/"


def _graphs(dataset: Dataset | Graph) -> dict[URIRef | None, Graph]:
    """Non-empty graphs by name (None: the default graph); views on the input, not copies."""
    if not getattr(dataset, "context_aware", False):
        return {None: dataset} if len(dataset) else {}
    out: dict[URIRef | None, Graph] = {}
    for g in dataset.graphs() if isinstance(dataset, Dataset) else dataset.contexts():
        name = g.identifier
        if isinstance(name, BNode):
            raise ExportError("blank-node graph names cannot be published; name every graph")
        if len(g):
            out[None if name == DATASET_DEFAULT_GRAPH_ID else name] = g
    return out


def _report_slugs(names: Sequence[URIRef]) -> dict[URIRef, str]:
    slugs: dict[URIRef, str] = {}
    for name in sorted(names):
        slug = slugify(str(name).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        if slug in slugs.values():
            raise ExportError(f"two graphs publish as the same file name report-{slug}.ttl")
        slugs[name] = slug
    return slugs


def _publisher_type(code: str | None) -> str | None:
    if code is None:
        return None
    concept = cat.ADMS_PUBLISHER_TYPE[code]
    if (concept, SKOS.inScheme, None) not in vocabularies():
        known = sorted(str(c)[len(str(cat.ADMS_PUBLISHER_TYPE)):]
                       for c in vocabularies().subjects(SKOS.inScheme, URIRef(
                           "http://purl.org/adms/publishertype/1.0")))
        raise ExportError(f"unknown publisher type {code!r} (one of {', '.join(known)})")
    return code


def _publisher(base: str, whole: Facts, name: str | None, iri: str | None,
               adms_type: str | None) -> Agent:
    """The catalogue's publisher: as given, else the one organisation publishing every report."""
    known = {a.iri: a for a in whole.publishers}
    if iri is not None:
        ref = URIRef(_check_iri(iri, "publisher IRI"))
        data = known.get(ref)
        agent = Agent(ref, name or (data.name if data else DEFAULT_PUBLISHER),
                      data.adms_type if data else None)
    elif name is not None:
        agent = Agent(mint(base, "agent", name), name, None)
    elif len(whole.publishers) == 1:
        agent = whole.publishers[0]
    else:
        agent = Agent(mint(base, "agent", DEFAULT_PUBLISHER), DEFAULT_PUBLISHER, None)
    return Agent(agent.iri, agent.name, adms_type or agent.adms_type or DEFAULT_PUBLISHER_TYPE)


def _view_titles(view: str) -> dict[str, str]:
    """Titles of a CSV view in lv and en (the view name when no template names it)."""
    known = has_template(f"view-{view}")
    return {f"view_{lang}": (text(f"view-{view}", DCTERMS.title, lang) if known else None) or view
            for lang in ("lv", "en")}


def publish(dataset: Dataset | Graph, outdir: Path | str, *, base: str,
            license_iri: str = cat.CC_BY_4_0, publisher_name: str | None = None,
            publisher_iri: str | None = None, publisher_type: str | None = None,
            contact_email: str | None = None, download_base: str | None = None,
            force: bool = False, issued: date | None = None,
            csv_views: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
            endpoint_url: str | None = None, checksums: bool = False,
            ) -> PublicationResult:
    """Publish `dataset` (one named graph per report) as files in `outdir`.

    Writes reportgraph.{ttl,nt,trig,jsonld}, report-{slug}.{ttl,jsonld} per report graph,
    {view}.csv per CSV view, places-nuts.ttl (links of the places to NUTS / the EU country
    list), ontology.html, void.ttl and catalog.{ttl,jsonld} (DCAT-AP 3: one dataset for the
    report series, a dcat:DataService for `endpoint_url` when given; `checksums=True` adds the
    spdx:checksum of each file, which the SEMIC vocabulary shapes reject, see README). Catalogue, dataset and
    distribution IRIs are minted under `base`; files are described as downloadable under
    `download_base` (default `{base}download/`). Existing files are kept unless `force`.
    Without `publisher_name`/`publisher_iri` the publisher is the organisation that publishes
    every report (dct:publisher in the data), else "reportgraph". `publisher_type` is an ADMS
    publisher-type code (default: from the organisation's class, else NationalAuthority).
    """
    outdir = check_outdir(Path(outdir))
    base = _folder(base, "base")
    download = _folder(download_base or str(mint(base, "download")), "download base")
    license_ref = URIRef(_check_iri(license_iri, "licence IRI"))
    if endpoint_url is not None:
        _check_iri(endpoint_url, "endpoint URL")
    if contact_email is not None and not _EMAIL.match(contact_email):
        raise ExportError(f"invalid contact e-mail {contact_email!r}")
    adms_type = _publisher_type(publisher_type)
    views = {check_view_name(v): rows for v, rows in (csv_views or {}).items()}

    graphs = _graphs(dataset)
    if not graphs:
        raise ExportError("nothing to publish: the dataset has no triples")
    slugs = _report_slugs([g for g in graphs if g is not None])
    report_files = {name: f"report-{slug}.ttl" for name, slug in slugs.items()}
    names = [*GRAPH_FILES, *report_files.values(), *(f"report-{s}.jsonld" for s in slugs.values()),
             *(f"{v}.csv" for v in sorted(views)), LINKS_FILE, DOC_FILE, VOID_FILE, *CATALOG_FILES]
    if len({slugify(n) for n in names}) != len(names):
        raise ExportError("two output files would get the same distribution IRI; rename a CSV view")
    check_targets(outdir, names, force)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {outdir}: {exc.strerror or exc}") from exc

    triples = {name: list(g) for name, g in graphs.items()}
    labels = bnode_labels((s, p, o, name) for name, ts in triples.items() for s, p, o in ts)
    union = list({t for ts in triples.values() for t in ts})
    per_graph = {name: g for name, g in graphs.items() if name is not None}
    whole = facts(ReadOnlyGraphAggregate(list(graphs.values())))
    report_facts = {name: facts(g) for name, g in per_graph.items()}

    written: list[PublishedFile] = []
    dists: list[cat.Distribution] = []

    def emit(name: str, data: str | bytes, template: str | None = None,
             subs: Mapping[str, str] | None = None, report: str | None = None,
             conforms_to: URIRef | None = None) -> None:
        media = cat.FORMATS[name.rsplit(".", 1)[-1]][0]
        raw = data.encode("utf-8") if isinstance(data, str) else data
        f = write_file(outdir, name, raw, media)
        written.append(f)
        if template is not None:
            dists.append(cat.Distribution(f, template, subs or {}, report, conforms_to))

    emit("reportgraph.ttl", turtle(union, GRAPH_PREFIXES, labels, base),
         "dist-ttl", conforms_to=cat.ONTOLOGY)
    emit("reportgraph.nt", ntriples(union, labels), "dist-nt", conforms_to=cat.ONTOLOGY)
    emit("reportgraph.trig", trig(triples, GRAPH_PREFIXES, labels, base), "dist-trig",
         conforms_to=cat.ONTOLOGY)
    emit("reportgraph.jsonld", dataset_document(triples, labels), "dist-jsonld",
         conforms_to=cat.ONTOLOGY)
    for name, fname in report_files.items():
        rf = report_facts[name]
        subs = both(rf, title=rf.title or slugs[name], year=years_text(rf.years) or slugs[name])
        emit(fname, turtle(triples[name], GRAPH_PREFIXES, labels, base), "dist-report-ttl",
             subs, slugs[name], cat.ONTOLOGY)
        emit(f"report-{slugs[name]}.jsonld", graph_document(triples[name], labels),
             "dist-report-jsonld", subs, slugs[name], cat.ONTOLOGY)
    for view in sorted(views):
        emit(f"{view}.csv", csv_bytes(view, views[view]), "dist-csv", _view_titles(view))
    whole_graph = ReadOnlyGraphAggregate(list(graphs.values()))
    links = nuts_links(whole_graph)
    emit(LINKS_FILE, turtle(links, METADATA_PREFIXES, {}, base), "dist-links")
    emit(DOC_FILE, ontology_html(), "dist-html")

    years = years_text(whole.years)
    void = void_graph(
        union, {n: triples[n] for n in per_graph}, cat.dataset_iri(base),
        dumps=[download + n for n in GRAPH_FILES],
        graph_dumps={name: download + f for name, f in report_files.items()},
        graph_titles={n: f.title for n, f in report_facts.items() if f.title},
        uri_space=base if any(str(s).startswith(base) for s, _, _ in union) else None,
        years=years)
    emit(VOID_FILE, turtle(list(void), METADATA_PREFIXES, bnode_labels(
        (s, p, o, None) for s, p, o in void)), "dist-void", conforms_to=cat.VOID_STANDARD)

    generated = whole.generated
    issued_on = issued or (min(generated) if generated else date.today())
    settings = cat.Settings(
        base=base, download_base=download, license=license_ref,
        publisher=_publisher(base, whole, publisher_name, publisher_iri, adms_type),
        contact_email=contact_email, issued=issued_on, modified=max([*generated, issued_on]),
        endpoint_url=endpoint_url, checksums=checksums)
    meta = cat.catalog_graph(settings, whole, dists, coverage(whole_graph), DOC_FILE,
                             places=len(whole.places))
    meta_triples = list(meta)
    meta_labels = bnode_labels((s, p, o, None) for s, p, o in meta_triples)
    emit("catalog.ttl", turtle(meta_triples, METADATA_PREFIXES, meta_labels))
    emit("catalog.jsonld", graph_document(meta_triples, meta_labels))
    return PublicationResult(outdir, tuple(written), cat.catalog_iri(base), cat.dataset_iri(base))
