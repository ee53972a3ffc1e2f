"""What the publication metadata needs to know about a graph: reports, years, places, publishers."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from reportgraph.ontology.namespaces import ORG, RG, SCHEMA

_YEAR = re.compile(r"^(\d{4})")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_PLACE_TYPES = (RG.Place, RG.Settlement, RG.AdministrativeUnit, RG.PlanningRegion)
_EDUCATION_TYPES = (SCHEMA.EducationalOrganization, SCHEMA.Library, SCHEMA.Museum)
#: ADMS publisher type (local name) for the organisation classes of the data model.
PUBLISHER_TYPES = {
    RG.PublicAuthority: "NationalAuthority",
    RG.Municipality: "LocalAuthority",
    SCHEMA.NGO: "NonGovernmentalOrganisation",
    SCHEMA.EducationalOrganization: "Academia-ScientificOrganisation",
    SCHEMA.Corporation: "Company",
}


@dataclass(frozen=True)
class Agent:
    """An organisation named as the publisher of a report."""

    iri: URIRef
    name: str
    adms_type: str | None


@dataclass(frozen=True)
class Fund:
    """A funding source the data names: its code and its labels in Latvian and English."""

    code: str
    lv: str
    en: str


#: what the metadata texts count, in their order: (name, class)
COUNTED = (("project", RG.Project), ("organisation", ORG.Organization),
           ("person", SCHEMA.Person), ("event", SCHEMA.Event))


@dataclass(frozen=True)
class Facts:
    """Summary of one graph (a report graph or the union)."""

    reports: tuple[URIRef, ...]
    title: str | None
    years: tuple[int, ...]
    generated: tuple[date, ...]
    publishers: tuple[Agent, ...]
    places: tuple[tuple[URIRef, str], ...]
    education: bool
    counts: tuple[tuple[str, int], ...] = ()
    funds: tuple[Fund, ...] = ()


def label(g: Graph, node: URIRef, prop: URIRef = RDFS.label) -> str | None:
    """The Latvian value of `prop`, else an untagged one, else any (sorted for stability)."""
    values = sorted((o for o in g.objects(node, prop) if isinstance(o, Literal)), key=str)
    for lang in ("lv", None):
        for v in values:
            if v.language == lang:
                return str(v)
    return str(values[0]) if values else None


def _day(value: Literal) -> date | None:
    py = value.toPython()
    if isinstance(py, datetime):
        return py.date()
    if isinstance(py, date):
        return py
    m = _DAY.match(str(value))
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def _country_code(g: Graph, place: URIRef) -> str | None:
    """The rg:countryCode of the country a place lies in (following schema:containedInPlace)."""
    seen: set[URIRef] = set()
    node: URIRef | None = place
    while node is not None and node not in seen:
        seen.add(node)
        if (node, RDF.type, RG.Country) in g:
            code = g.value(node, RG.countryCode)
            return str(code).upper() if code is not None else None
        parents = sorted(p for p in g.objects(node, SCHEMA.containedInPlace) if isinstance(p, URIRef))
        node = parents[0] if parents else None
    return None


def places_in_latvia(g: Graph) -> list[tuple[URIRef, str]]:
    """Places below country level that are not known to lie abroad, with their labels."""
    out: dict[URIRef, str] = {}
    for cls in _PLACE_TYPES:
        for place in g.subjects(RDF.type, cls):
            if not isinstance(place, URIRef) or (place, RDF.type, RG.Country) in g:
                continue
            if _country_code(g, place) in (None, "LV"):
                out[place] = label(g, place) or str(place)
    return sorted(out.items())


def _publisher(g: Graph, org: URIRef) -> Agent | None:
    name = label(g, org)
    if name is None:
        return None
    kinds = sorted(PUBLISHER_TYPES[t] for t in g.objects(org, RDF.type) if t in PUBLISHER_TYPES)
    return Agent(org, name, kinds[0] if kinds else None)


def _lang_label(g: Graph, node: URIRef, lang: str) -> str | None:
    values = sorted(str(o) for o in g.objects(node, SKOS.prefLabel)
                    if isinstance(o, Literal) and o.language == lang)
    return values[0] if values else None


def funds_named(g: Graph) -> list[Fund]:
    """The funding sources projects and funding items point to (rg:fundingSource), by code."""
    out: dict[str, Fund] = {}
    for source in set(g.objects(None, RG.fundingSource)):
        if not isinstance(source, URIRef):
            continue
        code = str(g.value(source, SKOS.notation) or str(source).rsplit("/", 1)[-1])
        lv = _lang_label(g, source, "lv") or code
        out[code] = Fund(code, lv, _lang_label(g, source, "en") or lv)
    return [out[k] for k in sorted(out)]


def counts(g: Graph) -> list[tuple[str, int]]:
    """How many projects, organisations, people and events the graph holds."""
    return [(name, len({s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}))
            for name, cls in COUNTED]


def facts(g: Graph) -> Facts:
    """Summarise a graph for the metadata."""
    reports = sorted(r for r in g.subjects(RDF.type, RG.Report) if isinstance(r, URIRef))
    years: set[int] = set()
    generated: set[date] = set()
    publishers: dict[URIRef, Agent] = {}
    for r in reports:
        for y in g.objects(r, RG.reportYear):
            if m := _YEAR.match(str(y)):
                years.add(int(m.group(1)))
        for t in g.objects(r, PROV.generatedAtTime):
            if isinstance(t, Literal) and (day := _day(t)) is not None:
                generated.add(day)
        for org in g.objects(r, DCTERMS.publisher):
            if isinstance(org, URIRef) and (agent := _publisher(g, org)) is not None:
                publishers[org] = agent
    title = label(g, reports[0], DCTERMS.title) if len(reports) == 1 else None
    education = any(True for t in _EDUCATION_TYPES for _ in g.subjects(RDF.type, t))
    return Facts(tuple(reports), title, tuple(sorted(years)), tuple(sorted(generated)),
                 tuple(publishers[k] for k in sorted(publishers)), tuple(places_in_latvia(g)),
                 education, tuple(counts(g)), tuple(funds_named(g)))
