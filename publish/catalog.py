"""DCAT-AP 3.0 metadata of a publication: catalogue, datasets, one distribution per file.

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
from reportgraph.publish.template import apply, describe_references

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

#: file extension -> (IANA media type, EU file-type code)
FORMATS = {
    "ttl": ("text/turtle", "RDF_TURTLE"),
    "nt": ("application/n-triples", "RDF_N_TRIPLES"),
    "trig": ("application/trig", "RDF_TRIG"),
    "jsonld": ("application/ld+json", "JSON_LD"),
    "csv": ("text/csv", "CSV"),
    "html": ("text/html", "HTML"),
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


def report_dataset_iri(base: str, slug: str) -> URIRef:
    return mint(base, "dataset", "report", slug)


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
class Report:
    """A report graph published as a dataset of its own."""

    slug: str
    graph: URIRef
    facts: Facts


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

    def dataset(self, node: URIRef, facts: Facts, publisher: Agent, modified: date) -> None:
        g = self.g
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.publisher, self.agent(publisher)))
        g.add((node, DCAT.contactPoint, self.contact))
        g.add((node, DCTERMS.accessRights, EUA["access-right/PUBLIC"]))
        g.add((node, DCTERMS.issued, Literal(self.s.issued)))
        g.add((node, DCTERMS.modified, Literal(max(modified, self.s.issued))))
        g.add((node, DCTERMS.language, LATVIAN))
        g.add((node, DCTERMS.conformsTo, ONTOLOGY))
        if (period := self.period(facts.years)) is not None:
            g.add((node, DCTERMS.temporal, period))
        g.add((node, DCTERMS.spatial, LATVIA))
        for place, name in facts.places:
            g.add((node, DCTERMS.spatial, place))
            g.add((place, RDF.type, DCTERMS.Location))
            g.add((place, RDFS.label, Literal(name, lang="lv")))
        themes = ["SOCI", "GOVE"] + (["EDUC"] if facts.education else [])
        for code in themes:
            g.add((node, DCAT.theme, EUA["data-theme/" + code]))

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
        checksum = BNode()
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
        g.add((node, DCTERMS.license, self.s.license))
        g.add((node, DCATAP.availability, EUA["planned-availability/STABLE"]))
        if dist.conforms_to is not None:
            g.add((node, DCTERMS.conformsTo, dist.conforms_to))


def years_text(years: Sequence[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if min(years) == max(years) else f"{min(years)}–{max(years)}"


def catalog_graph(settings: Settings, whole: Facts, reports: Sequence[Report],
                  distributions: Sequence[Distribution], documentation: str | None = None) -> Graph:
    """The DCAT-AP catalogue graph of one publication."""
    b = _Builder(settings)
    g, s = b.g, settings
    cat, ds = catalog_iri(s.base), dataset_iri(s.base)
    g.add((cat, RDF.type, DCAT.Catalog))
    apply(g, "catalog", cat)
    g.add((cat, DCTERMS.publisher, b.agent(s.publisher)))
    g.add((cat, DCTERMS.language, LATVIAN))
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
    apply(g, "dataset", ds, {"years": years_text(whole.years)})
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    b.dataset(ds, whole, s.publisher, s.modified)
    if documentation:
        page = URIRef(s.download_base + documentation)
        g.add((ds, FOAF.page, page))
        g.add((page, RDF.type, FOAF.Document))

    owners: dict[str | None, URIRef] = {None: ds}
    for r in reports:
        node = report_dataset_iri(s.base, r.slug)
        owners[r.slug] = node
        title = r.facts.title or r.slug
        g.add((cat, DCAT.dataset, node))
        g.add((ds, DCTERMS.hasPart, node))
        g.add((node, DCTERMS.isPartOf, ds))
        apply(g, "report-dataset", node, {"title": title, "year": years_text(r.facts.years)})
        g.add((node, DCTERMS.identifier, Literal(str(r.graph))))
        publisher = r.facts.publishers[0] if len(r.facts.publishers) == 1 else s.publisher
        if publisher.adms_type is None:
            publisher = Agent(publisher.iri, publisher.name, s.publisher.adms_type)
        modified = max(r.facts.generated, default=s.modified)
        b.dataset(node, r.facts, publisher, modified)

    for dist in distributions:
        b.distribution(owners[dist.report], dist)
    describe_references(g)
    return g
