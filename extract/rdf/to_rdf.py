"""Turn a report's entities and facts into RDF (ontology/MODEL.md)."""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from reportgraph.extract.entities.gazetteer import Gazetteer, Place
from reportgraph.extract.rdf.triples import Triples, plain_literal
from reportgraph.extract.types import Entity, Fact
from reportgraph.ontology.iri import mint
from reportgraph.ontology.namespaces import (
    FUND,
    OA,
    ORG,
    PROV_DERIVED_FROM,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDF_VALUE,
    RDFS_LABEL,
    RG,
    SCHEMA,
    SKOS_ALT_LABEL,
)
from reportgraph.ontology.resources import funds_graph

ORG_CLASSES = {
    "PublicAuthority": RG.PublicAuthority,
    "Municipality": RG.Municipality,
    "NGO": SCHEMA.NGO,
    "EducationalOrganization": SCHEMA.EducationalOrganization,
    "Corporation": SCHEMA.Corporation,
    "InternationalOrganization": RG.InternationalOrganization,
    "Library": SCHEMA.Library,
    "Museum": SCHEMA.Museum,
    "Organization": SCHEMA.Organization,
}
KIND_PATH = {"org": "organization", "person": "person", "project": "project", "event": "event", "place": "place"}
PLACE_CLASSES = {
    "country": [RG.Country],
    "planning_region": [RG.PlanningRegion],
    "novads": [RG.AdministrativeUnit],
    "republikas_pilseta": [RG.AdministrativeUnit, RG.Settlement],
    "valstspilseta": [RG.AdministrativeUnit, RG.Settlement],
    "pilseta": [RG.Settlement],
    "ciems": [RG.Settlement],
    "pagasts": [RG.Place],  # a parish: in its municipality (schema:containedInPlace)
    "foreign_city": [RG.Settlement],
}
LV = "lv"
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class SentenceRecord:
    index: int
    text: str
    start: int  # original offsets
    end: int
    footnote: int | None
    cites: tuple[int, ...]
    section: int = 0  # index of the section (0 before the first heading)
    page: int | None = None  # the page it starts on (paged formats: PDF)


@dataclass(frozen=True)
class ReportMeta:
    slug: str
    title: str
    year: int | None
    source_name: str
    sha256: str
    footnotes: tuple[tuple[int, str, int, int], ...]  # number, text, start, end
    media_type: str = "text/plain"  # of the original file
    issued: str | None = None  # the date the document states (ISO 8601)


@lru_cache(maxsize=1)
def _funds() -> Triples:
    """The funding-source scheme, parsed once per process (the writers only read it)."""
    return Triples(funds_graph())


@lru_cache(maxsize=64)
def _narrower(code: str) -> frozenset[str]:
    """The codes of the scheme whose broader chain reaches `code` (ESF, ERDF … under EU)."""
    funds = _funds()
    out, todo = set(), [FUND[code]]
    while todo:
        concept = todo.pop()
        for narrower in funds.subjects(SKOS.broader, concept):
            key = str(narrower).rsplit("/", 1)[-1]
            if key not in out:
                out.add(key)
                todo.append(narrower)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _place_triples(base: str, place: Place, parent: str | None) -> tuple[tuple, ...]:
    """The triples describing one gazetteer place (the same in every report that names it)."""
    node = mint(base, "place", place.key)
    out = [(node, RDF_TYPE, cls) for cls in PLACE_CLASSES.get(place.kind, [RG.Place])]
    out.append((node, RDFS_LABEL, Literal(place.name, lang=LV)))
    out.append((node, RG.placeKind, Literal(place.kind)))
    out.append((node, RG.countryCode, Literal(place.country)))
    out += [(node, SKOS_ALT_LABEL, Literal(alt, lang=LV)) for alt in place.alt_names]
    if place.division:
        out.append((node, RG.division, Literal(place.division)))
    if place.nuts3:
        out.append((node, RG.nuts3, Literal(place.nuts3)))
    if place.region and place.kind != "planning_region":
        out.append((node, RG.planningRegion, mint(base, "place", place.region)))
    if parent:
        out.append((node, SCHEMA.containedInPlace, mint(base, "place", parent)))
    return tuple(out)


class RdfWriter:
    """Builds the graph of one report."""

    def __init__(self, base: str, meta: ReportMeta, gazetteer: Gazetteer) -> None:
        self.base = base
        self.meta = meta
        self.gaz = gazetteer
        self.g = Triples()
        self.report = mint(base, "report", meta.slug)
        self._places_done: set[str] = set()
        self._funds_done: set[str] = set()
        self._funds = _funds()
        # IRIs asked for again and again (a sentence per fact and mention), made once each
        self._sentence_iris: dict[int, URIRef] = {}
        self._minted: dict[tuple[str, str], URIRef] = {}

    # ------------------------------------------------------------------ IRIs
    def sentence_iri(self, i: int) -> URIRef:
        iri = self._sentence_iris.get(i)
        if iri is None:
            iri = self._sentence_iris[i] = URIRef(f"{self.report}/s/{i}")
        return iri

    def _mint(self, kind: str, key: str) -> URIRef:
        """mint(base, kind, key), made once per report."""
        iri = self._minted.get((kind, key))
        if iri is None:
            iri = self._minted[(kind, key)] = mint(self.base, kind, key)
        return iri

    def footnote_iri(self, n: int) -> URIRef:
        return URIRef(f"{self.report}/fn/{n}")

    def entity_iri(self, ref: str) -> URIRef:
        kind, key = ref.split(":", 1)
        return self._mint(KIND_PATH[kind], key)

    # ------------------------------------------------------------------ parts
    def write_report(self) -> None:
        g, m, r = self.g, self.meta, self.report
        g.add((r, RDF_TYPE, RG.Report))
        g.add((r, DCTERMS.title, Literal(m.title, lang=LV)))
        if m.year:
            g.add((r, RG.reportYear, Literal(str(m.year), datatype=XSD.gYear)))
        g.add((r, DCTERMS.source, Literal(m.source_name)))
        g.add((r, DCTERMS.identifier, Literal(f"sha256:{m.sha256}")))
        g.add((r, DCTERMS.format, URIRef(IANA_MEDIA + m.media_type)))
        if m.issued:
            g.add((r, DCTERMS.issued, date_literal(m.issued[:10])))
        g.add((r, PROV.generatedAtTime, Literal(datetime.now(UTC).replace(microsecond=0),
                                                  datatype=XSD.dateTime)))
        for number, text, start, end in m.footnotes:
            fn = self.footnote_iri(number)
            g.add((fn, RDF_TYPE, RG.Footnote))
            g.add((fn, RG.footnoteNumber, plain_literal(number)))
            g.add((fn, OA.hasSource, r))
            g.add((fn, RDF_VALUE, Literal(text, lang=LV)))
            self._selector(fn, start, end)

    def _selector(self, node: URIRef, start: int, end: int) -> None:
        sel = URIRef(f"{node}#sel")
        self.g.add((node, OA.hasSelector, sel))
        self.g.add((sel, RDF_TYPE, OA.TextPositionSelector))
        self.g.add((sel, OA.start, plain_literal(start)))
        self.g.add((sel, OA.end, plain_literal(end)))

    def write_sentences(self, sentences: Iterable[SentenceRecord]) -> None:
        g = self.g
        for s in sentences:
            node = self.sentence_iri(s.index)
            g.add((node, RDF_TYPE, RG.Sentence))
            g.add((node, OA.hasSource, self.report))
            g.add((node, RG.sentenceIndex, plain_literal(s.index)))
            g.add((node, RG.sectionIndex, plain_literal(s.section)))
            g.add((node, RDF_VALUE, Literal(s.text, lang=LV)))
            self._selector(node, s.start, s.end)
            if s.page is not None:
                g.add((node, RG.page, plain_literal(s.page)))
            if s.footnote is not None:
                g.add((node, RG.inFootnote, self.footnote_iri(s.footnote)))
            for n in s.cites:
                g.add((node, RG.citesFootnote, self.footnote_iri(n)))

    def write_place(self, key: str) -> URIRef:
        node = self._mint("place", key)
        if key in self._places_done:
            return node
        self._places_done.add(key)
        parents = self.gaz.parents(key)
        for t in _place_triples(self.base, self.gaz.get(key), parents[0].key if parents else None):
            self.g.add(t)
        for p in parents:
            self.write_place(p.key)
        return node

    def write_fund(self, code: str) -> URIRef:
        node = FUND[code]
        if code in self._funds_done:
            return node
        self._funds_done.add(code)
        for t in self._funds.triples((node, None, None)):
            self.g.add(t)
        for broader in self._funds.objects(node, SKOS.broader):
            self.write_fund(str(broader).rsplit("/", 1)[-1])
        self.g.add((FUND.scheme, RDF_TYPE, SKOS.ConceptScheme))
        for t in self._funds.triples((FUND.scheme, None, None)):
            self.g.add(t)
        return node

    def write_entity(self, e: Entity) -> None:
        if e.kind == "place":
            node = self.write_place(e.key)
        else:
            node = self.entity_iri(e.ref)
            g = self.g
            if e.kind == "org":
                g.add((node, RDF_TYPE, ORG.Organization))
                g.add((node, RDF_TYPE, ORG_CLASSES.get(e.subtype, SCHEMA.Organization)))
                if e.attrs.get("acronym"):
                    g.add((node, RG.acronym, plain_literal(e.attrs["acronym"])))
                if e.attrs.get("orgKind"):
                    g.add((node, RG.orgKind, plain_literal(e.attrs["orgKind"], LV)))
                if e.attrs.get("areaServed"):
                    g.add((node, SCHEMA.areaServed, self.write_place(e.attrs["areaServed"])))
            elif e.kind == "person":
                g.add((node, RDF_TYPE, SCHEMA.Person))
            elif e.kind == "project":
                g.add((node, RDF_TYPE, RG.Project))
                if e.subtype:
                    g.add((node, RG.projectKind, plain_literal(e.subtype, LV)))
            elif e.kind == "event":
                g.add((node, RDF_TYPE, SCHEMA.Event))
                if e.subtype:
                    g.add((node, RG.eventKind, plain_literal(e.subtype, LV)))
            g.add((node, RDFS_LABEL, plain_literal(e.label, LV)))
            for alt in sorted(e.alt_labels - {e.label}):
                g.add((node, SKOS_ALT_LABEL, plain_literal(alt, LV)))
        for form in sorted(e.surfaces):
            if form:
                self.g.add((node, RG.surfaceForm, plain_literal(form, LV)))
        for i in sorted(e.sentences):
            self.g.add((node, RG.mentionedIn, self.sentence_iri(i)))

    def assertion(self, s: URIRef, p: URIRef, o, sentence: int) -> None:
        h = hashlib.sha1(f"{s}|{p}|{o}|{o.datatype if isinstance(o, Literal) else ''}".encode()).hexdigest()[:16]
        node = URIRef(f"{self.report}/a/{h}")
        g = self.g
        g.add((s, p, o))
        g.add((node, RDF_TYPE, RG.Assertion))
        g.add((node, RDF_SUBJECT, s))
        g.add((node, RDF_PREDICATE, p))
        g.add((node, RDF_OBJECT, o))
        g.add((node, PROV_DERIVED_FROM, self.sentence_iri(sentence)))

    def write_shortcuts(self) -> None:
        """Derived triples for fast queries: each project's planning regions (through the
        gazetteer chain of its places) and every funding concept it falls under (its sources and
        their skos:broader ancestors). They restate what the graph already says, so they carry no
        assertion of their own."""
        g = self.g
        for project in set(g.subjects(RDF_TYPE, RG.Project)):
            for place in set(g.objects(project, SCHEMA.location)):
                key = str(place).rsplit("/", 1)[-1]
                try:
                    chain = [self.gaz.get(key), *self.gaz.parents(key)]
                except KeyError:
                    continue
                for p in chain:
                    if p.kind == "planning_region":
                        g.add((project, RG.inPlanningRegion, mint(self.base, "place", p.key)))
            sources = set(g.objects(project, RG.fundingSource))
            for funding in g.objects(project, RG.hasFunding):
                sources |= set(g.objects(funding, RG.fundingSource))
            todo = list(sources)
            while todo:
                concept = todo.pop()
                g.add((project, RG.fundedUnder, concept))
                todo += [b for b in self._funds.objects(concept, SKOS.broader)
                         if (project, RG.fundedUnder, b) not in g]

    def write_facts(self, facts: list[Fact], entities: dict[str, Entity]) -> None:
        """Write facts with their assertions. A property that takes one value (amount, start, end,
        participants) keeps the best-supported value, with an assertion for each sentence stating it."""
        single: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        # "ERAF projekts … ar Eiropas Savienības atbalstu": the EU is said by ERDF already (the
        # project is fundedUnder both), so a source is kept only when no narrower one is stated
        sources: dict[str, set[str]] = defaultdict(set)
        for f in facts:
            if f.predicate == "fundingSource":
                sources[f.subject].add(f.obj)
        facts = [f for f in facts if f.predicate != "fundingSource"
                 or not sources[f.subject] & _narrower(f.obj)]
        for f in facts:
            if f.subject not in entities and not f.subject.startswith("place:"):
                continue
            if f.obj_kind == "entity" and f.obj not in entities and not f.obj.startswith("place:"):
                continue
            if f.predicate in ("amountEUR", "startDate", "endDate", "participantCount"):
                single[(f.subject, f.predicate)].append(f)
                continue
            self._fact(f)
        for (subj, pred), group in single.items():
            if pred == "startDate":  # the earliest first day; of equal ones the most precise
                best = min(group, key=lambda f: (_first_day(f.obj), -len(f.obj)))
            elif pred == "endDate":  # the latest last day; of equal ones the most precise
                best = max(group, key=lambda f: (_last_day(f.obj), len(f.obj)))
            else:
                best = group[0]
            for f in group:
                if f.obj == best.obj:
                    self._fact(f)

    def _fact(self, f: Fact) -> None:
        s = self.entity_iri(f.subject)
        extra = dict(f.extra)
        p = f.predicate
        if p == "fundingSource":
            self.assertion(s, RG.fundingSource, self.write_fund(f.obj), f.sentence)
        elif p == "amountEUR":
            self.assertion(s, RG.amountEUR, Literal(Decimal(f.obj)), f.sentence)
        elif p == "funding":
            source = extra.get("source", "")
            total = extra.get("total") == "1"
            node = URIRef(f"{s}/funding/{'total' if total else (source.lower() or 'other')}-{Decimal(f.obj).normalize():f}"
                          + ("" if extra.get("currency", "EUR") == "EUR" else f"-{extra['currency'].lower()}"))
            self.assertion(s, RG.hasFunding, node, f.sentence)
            g = self.g
            g.add((node, RDF_TYPE, RG.Funding))
            g.add((node, SCHEMA.value, Literal(Decimal(f.obj))))
            g.add((node, SCHEMA.currency, plain_literal(extra.get("currency") or "EUR")))
            g.add((node, RG.isTotal, plain_literal(total)))
            if source:
                g.add((node, RG.fundingSource, self.write_fund(source)))
        elif p in ("startDate", "endDate"):
            self.assertion(s, SCHEMA[p], date_literal(f.obj), f.sentence)
        elif p == "participantCount":
            self.assertion(s, RG.participantCount, plain_literal(int(f.obj)), f.sentence)
            if extra.get("qualifier"):
                self.g.add((s, RG.countQualifier, plain_literal(extra["qualifier"])))
        elif p == "jobTitle":
            self.assertion(s, SCHEMA.jobTitle, plain_literal(f.obj, LV), f.sentence)
        elif p == "esfIdentifier":
            self.assertion(s, RG.esfIdentifier, plain_literal(f.obj), f.sentence)
        else:
            pred = {
                "implementedBy": RG.implementedBy,
                "partner": RG.partner,
                "location": SCHEMA.location,
                "orgLocation": SCHEMA.location,
                "organizer": SCHEMA.organizer,
                "partOfProject": RG.partOfProject,
                "affiliation": SCHEMA.affiliation,
            }[p]
            obj = self.write_place(f.obj.split(":", 1)[1]) if f.obj.startswith("place:") else self.entity_iri(f.obj)
            if obj == s:
                return
            self.assertion(s, pred, obj, f.sentence)


def _first_day(iso: str) -> str:
    return iso + "-01-01"[len(iso) - 4:] if len(iso) < 10 else iso


def _last_day(iso: str) -> str:
    return iso + "-12-31"[len(iso) - 4:] if len(iso) < 10 else iso


def date_literal(iso: str) -> Literal:
    """'2018' -> gYear, '2018-07' -> gYearMonth, '2018-07-05' -> date."""
    if len(iso) == 4:
        return Literal(iso, datatype=XSD.gYear)
    if len(iso) == 7:
        return Literal(iso, datatype=XSD.gYearMonth)
    return Literal(iso, datatype=XSD.date)


