"""DCAT-AP 3.0 metadata of a publication: a catalogue, one dataset for the report series, one
distribution per file (the whole graph in four formats, each report year in Turtle and JSON-LD,
CSV views, link set, VoID, documentation), and a SPARQL data service when an endpoint is given.
Dataset and distribution IRIs depend only on the base and the file names, so a portal that
re-harvests the catalogue updates what it has instead of adding a duplicate.

Every node the DCAT-AP shapes check by class (licence, media types, file types, themes, language,
country, publisher type, checksum algorithm, ...) is typed and labelled in the metadata itself,
copied from publish/vocabularies.ttl, so validation needs no owl:imports and no network.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from reportgraph.ontology.iri import mint
from reportgraph.publish.facts import Agent, Facts
from reportgraph.publish.files import PublishedFile
from reportgraph.publish.resources import nuts
from reportgraph.publish.template import apply, describe_references
from reportgraph.publish.texts import both

DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EUA = Namespace("http://publications.europa.eu/resource/authority/")
IANA = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
ONTOLOGY = URIRef("https://w3id.org/reportgraph/ontology")
VOID_STANDARD = URIRef("http://rdfs.org/ns/void#")
CC_BY_4_0 = str(EUA["licence/CC_BY_4_0"])
LATVIA = EUA["country/LVA"]
LATVIAN = EUA["language/LAV"]
LANGUAGES = (EUA["language/LAV"], EUA["language/ENG"])
ANNUAL = EUA["frequency/ANNUAL"]
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

#: file extension -> (IANA media type, EU file-type code)
FORMATS = {
    "ttl": ("text/turtle", "RDF_TURTLE"),
    "nt": ("application/n-triples", "RDF_N_TRIPLES"),
    "trig": ("application/trig", "RDF_TRIG"),
    "jsonld": ("application/ld+json", "JSON_LD"),
    "csv": ("text/csv", "CSV"),
    "html": ("text/html", "HTML"),
    "sparql": ("application/sparql-results+json", "SPARQLQRES"),
}
PREFIXES = {
    "dcat": str(DCAT), "dct": str(DCTERMS), "dcatap": str(DCATAP), "foaf": str(FOAF),
    "vcard": str(VCARD), "spdx": str(SPDX), "rdfs": str(RDFS), "xsd": str(XSD),
    "skos": "http://www.w3.org/2004/02/skos/core#", "gsp": "http://www.opengis.net/ont/geosparql#",
    "rg": "https://w3id.org/reportgraph/ontology#", "void": "http://rdfs.org/ns/void#",
}


def catalog_iri(base: str) -> URIRef:
    return mint(base, "catalog", "reportgraph")


def dataset_iri(base: str) -> URIRef:
    return mint(base, "dataset", "reportgraph")


def service_iri(base: str) -> URIRef:
    return mint(base, "service", "sparql")


def distribution_iri(base: str, name: str) -> URIRef:
    return mint(base, "distribution", name)


@dataclass(frozen=True)
class Distribution:
    """A written file to describe: its template, the texts to fill in, the dataset it belongs to."""

    file: PublishedFile
    template: str
    subs: Mapping[str, str] = field(default_factory=dict)
    report: str | None = None
    conforms_to: URIRef | None = None


@dataclass(frozen=True)
class Settings:
    """Publication-wide choices."""

    base: str
    download_base: str
    license: URIRef
    publisher: Agent
    contact_email: str | None
    issued: date
    modified: date
    endpoint_url: str | None = None
    checksums: bool = False


class _Builder:
    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.g = Graph()
        self.contact = mint(settings.base, "contact", settings.publisher.name)
        self.agents: set[URIRef] = set()

    def agent(self, agent: Agent) -> URIRef:
        """Describe an agent once (the first description of an IRI wins)."""
        g = self.g
        if agent.iri in self.agents:
            return agent.iri
        self.agents.add(agent.iri)
        g.add((agent.iri, RDF.type, FOAF.Agent))
        g.add((agent.iri, RDF.type, FOAF.Organization))
        g.add((agent.iri, FOAF.name, Literal(agent.name)))
        if agent.adms_type:
            g.add((agent.iri, DCTERMS.type, ADMS_PUBLISHER_TYPE[agent.adms_type]))
        return agent.iri

    def contact_point(self) -> URIRef:
        g, c = self.g, self.contact
        g.add((c, RDF.type, VCARD.Kind))
        g.add((c, RDF.type, VCARD.Organization))
        g.add((c, VCARD.fn, Literal(self.s.publisher.name)))
        if self.s.contact_email:
            g.add((c, VCARD.hasEmail, URIRef("mailto:" + self.s.contact_email)))
        else:
            g.add((c, VCARD.hasURL, URIRef(self.s.download_base)))
        return c

    def period(self, years: Sequence[int]) -> BNode | None:
        if not years:
            return None
        node = BNode()
        self.g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        self.g.add((node, DCAT.startDate, Literal(date(min(years), 1, 1))))
        self.g.add((node, DCAT.endDate, Literal(date(max(years), 12, 31))))
        return node

    def dataset(self, node: URIRef, facts: Facts, spatial: Sequence[URIRef]) -> None:
        g, s = self.g, self.s
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.publisher, self.agent(s.publisher)))
        g.add((node, DCAT.contactPoint, self.contact))
        g.add((node, DCTERMS.accessRights, EUA["access-right/PUBLIC"]))
        g.add((node, DCTERMS.accrualPeriodicity, ANNUAL))
        g.add((node, DCTERMS.issued, Literal(s.issued)))
        g.add((node, DCTERMS.modified, Literal(max(s.modified, s.issued))))
        for lang in LANGUAGES:
            g.add((node, DCTERMS.language, lang))
        g.add((node, DCTERMS.conformsTo, ONTOLOGY))
        if (period := self.period(facts.years)) is not None:
            g.add((node, DCTERMS.temporal, period))
        for place in spatial:
            g.add((node, DCTERMS.spatial, place))
        themes = ["SOCI", "GOVE"] + (["EDUC"] if facts.education else [])
        for code in themes:
            g.add((node, DCAT.theme, EUA["data-theme/" + code]))

    def service(self, dataset: URIRef) -> URIRef:
        """The SPARQL endpoint as a dcat:DataService serving the dataset."""
        g, s = self.g, self.s
        node, endpoint = service_iri(s.base), URIRef(s.endpoint_url)
        g.add((node, RDF.type, DCAT.DataService))
        apply(g, "service-sparql", node)
        g.add((node, DCAT.endpointURL, endpoint))
        g.add((endpoint, RDF.type, RDFS.Resource))
        # a SPARQL 1.1 endpoint describes itself (Service Description) at its own URL, on a GET
        # without a query: `serve` does (serve/machine.py), as do Fuseki and Virtuoso
        g.add((node, DCAT.endpointDescription, endpoint))
        g.add((node, DCAT.servesDataset, dataset))
        g.add((node, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        g.add((node, DCTERMS.publisher, self.agent(s.publisher)))
        g.add((node, DCAT.contactPoint, self.contact))
        g.add((node, DCTERMS.license, s.license))
        g.add((node, DCTERMS.accessRights, EUA["access-right/PUBLIC"]))
        g.add((node, DCAT.theme, EUA["data-theme/GOVE"]))
        dist = distribution_iri(s.base, "sparql")
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        apply(g, "dist-sparql", dist)
        g.add((dist, DCAT.accessURL, endpoint))
        g.add((dist, DCAT.accessService, node))
        media, code = FORMATS["sparql"]
        g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        g.add((dist, DCTERMS.format, EUA["file-type/" + code]))
        g.add((dist, DCTERMS.license, s.license))
        g.add((dist, DCATAP.availability, EUA["planned-availability/STABLE"]))
        return node

    def distribution(self, owner: URIRef, dist: Distribution) -> None:
        g, f = self.g, dist.file
        node = distribution_iri(self.s.base, f.name)
        url = URIRef(self.s.download_base + f.name)
        ext = f.name.rsplit(".", 1)[-1]
        media, code = FORMATS[ext]
        g.add((owner, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        apply(g, dist.template, node, dist.subs)
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        g.add((url, RDF.type, RDFS.Resource))
        g.add((node, DCAT.mediaType, URIRef(IANA + media)))
        g.add((node, DCTERMS.format, EUA["file-type/" + code]))
        g.add((node, DCAT.byteSize, Literal(str(f.byte_size), datatype=XSD.nonNegativeInteger)))
        g.add((node, DCTERMS.issued, Literal(self.s.issued)))
        g.add((node, DCTERMS.modified, Literal(max(self.s.modified, self.s.issued))))
        if self.s.checksums:
            checksum = BNode()
            g.add((node, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
        g.add((node, DCTERMS.license, self.s.license))
        g.add((node, DCATAP.availability, EUA["planned-availability/STABLE"]))
        if dist.conforms_to is not None:
            g.add((node, DCTERMS.conformsTo, dist.conforms_to))


def catalog_graph(settings: Settings, whole: Facts, distributions: Sequence[Distribution],
                  spatial: Sequence[URIRef] = (LATVIA,), documentation: str | None = None,
                  places: int | None = None) -> Graph:
    """The DCAT-AP catalogue graph of one publication: one dataset for the whole report series."""
    b = _Builder(settings)
    g, s = b.g, settings
    cat, ds = catalog_iri(s.base), dataset_iri(s.base)
    g.add((cat, RDF.type, DCAT.Catalog))
    apply(g, "catalog", cat)
    g.add((cat, DCTERMS.publisher, b.agent(s.publisher)))
    for lang in LANGUAGES:
        g.add((cat, DCTERMS.language, lang))
    g.add((cat, DCTERMS.license, s.license))
    g.add((cat, DCTERMS.issued, Literal(s.issued)))
    g.add((cat, DCTERMS.modified, Literal(s.modified)))
    g.add((cat, DCTERMS.spatial, LATVIA))
    g.add((cat, DCAT.themeTaxonomy, URIRef(str(EUA) + "data-theme")))
    homepage = URIRef(s.download_base)
    g.add((cat, FOAF.homepage, homepage))
    g.add((homepage, RDF.type, FOAF.Document))
    g.add((s.license, RDF.type, DCTERMS.LicenseDocument))
    b.contact_point()

    g.add((cat, DCAT.dataset, ds))
    apply(g, "dataset", ds, both(whole, places))
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    b.dataset(ds, whole, spatial)
    if documentation:
        page = URIRef(s.download_base + documentation)
        g.add((ds, FOAF.page, page))
        g.add((page, RDF.type, FOAF.Document))
    for dist in distributions:
        b.distribution(ds, dist)
    if s.endpoint_url:
        g.add((cat, DCAT.service, b.service(ds)))
    describe_references(g, [nuts()])
    return g
