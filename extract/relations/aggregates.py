"""Stated aggregates: a report's own total over a list that follows it.

"Kopumā ir atbalstīti 5 romu NVO projekti … Kopējais piešķirtais finansējums ir 7596 eiro."
and then the five projects, each with its sum. `stated_totals` reads such statements from the
sentences already in a report graph and writes an `rg:StatedTotal` (ontology/cube.ttl) linked to
the amounts of the projects listed after it in the same section, so a check can add them up.

Rules (general Latvian report phrasing):
- the amount: a sum in euro in a sentence with a total cue (kopējais, kopsumma, kopā, kopumā,
  kopapjoms) that the pipeline did not read as one project's own funding;
- the count: a counted phrase whose head is a project kind ("5 romu NVO projekti", "seši
  projekti") in the same sentence or in the sentence before it (same section);
- the list it governs: the amounts stated for projects (rg:amountEUR, or a total rg:hasFunding;
  one per sentence, project and sum) after it in the same section (`rg:sectionIndex`), up to
  the next stated total; with a count, the first that many.
  Without section indexes the list is found only for a total with a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from reportgraph.extract.entities.counts import find_counts
from reportgraph.extract.entities.money import find_funding
from reportgraph.extract.rdf.triples import Triples
from reportgraph.ontology.namespaces import (
    OA,
    PROV_DERIVED_FROM,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDF_VALUE,
    RG,
    SCHEMA,
)

LV = "lv"
_CUE = re.compile(r"(?<!\w)(?:kopēj\w*|kopsumm\w*|kopā|kopumā|kopapjom\w*)(?!\w)", re.IGNORECASE)
# stems of counted nouns that name project-like items, with the rg:projectKind they stand for
_KINDS = (("projekt", "projekts"), ("programm", "programma"), ("iniciatīv", "iniciatīva"),
          ("pasākum", "pasākums"), ("kampaņ", "kampaņa"))


@dataclass
class _Sentence:
    iri: URIRef
    index: int
    text: str
    section: int | None
    footnote: bool


@dataclass
class _Total:
    sentence: _Sentence
    value: Decimal
    count: int | None = None
    kind: str | None = None
    count_sentence: _Sentence | None = None
    items: list[tuple[URIRef, URIRef]] = field(default_factory=list)  # (project, assertion)


def _kind(noun: str) -> str | None:
    head = noun.split()[-1].casefold() if noun.split() else ""
    for stem, kind in _KINDS:
        if head.startswith(stem):
            return kind
    return None


def _count(text: str) -> tuple[int, str] | None:
    for c in find_counts(text):
        kind = _kind(c.noun)
        if kind and c.qualifier == "exact":
            return c.value, kind
    return None


def _int(node: object) -> int | None:
    try:
        return int(str(node)) if node is not None else None
    except ValueError:
        return None


def _sentences(graph: Triples, report: URIRef) -> list[_Sentence]:
    out = []
    for s in graph.subjects(OA.hasSource, report):
        if (s, RDF_TYPE, RG.Sentence) not in graph:
            continue
        index = _int(graph.value(s, RG.sentenceIndex))
        if index is None:
            continue
        out.append(_Sentence(s, index, str(graph.value(s, RDF_VALUE) or ""),
                             _int(graph.value(s, RG.sectionIndex)),
                             graph.value(s, RG.inFootnote) is not None))
    return sorted(out, key=lambda x: x.index)


def _own_amounts(graph: Triples, sentence: URIRef) -> set[Decimal]:
    """Sums the pipeline read from `sentence` as a project's (or event's) own funding."""
    out: set[Decimal] = set()
    for a in graph.subjects(PROV_DERIVED_FROM, sentence):
        pred = graph.value(a, RDF_PREDICATE)
        obj = graph.value(a, RDF_OBJECT)
        if pred == RG.amountEUR and isinstance(obj, Literal):
            out.add(Decimal(str(obj)))
        elif pred == RG.hasFunding and obj is not None:
            value = graph.value(obj, SCHEMA.value)
            if value is not None:
                out.add(Decimal(str(value)))
    return out


def _amounts(graph: Triples, sentences: list[_Sentence]) -> list[tuple[int, URIRef, URIRef]]:
    """(sentence index, project, assertion) of every amount stated for a project: its
    rg:amountEUR or a total rg:hasFunding, one per sentence, project and sum, in sentence order."""
    by_iri = {s.iri: s.index for s in sentences}
    found: dict[tuple[int, URIRef, Decimal], tuple[int, URIRef]] = {}
    for pred in (RG.amountEUR, RG.hasFunding):
        for a in graph.subjects(RDF_PREDICATE, pred):
            project = graph.value(a, RDF_SUBJECT)
            obj = graph.value(a, RDF_OBJECT)
            if not isinstance(project, URIRef) or (project, RDF_TYPE, RG.Project) not in graph:
                continue
            if pred == RG.hasFunding:
                if obj is None or graph.value(obj, RG.isTotal) != Literal(True):
                    continue
                obj = graph.value(obj, SCHEMA.value)
            if not isinstance(obj, Literal):
                continue
            value = Decimal(str(obj))
            for s in graph.objects(a, PROV_DERIVED_FROM):
                if s in by_iri:
                    found.setdefault((by_iri[s], project, value), (pred == RG.hasFunding, a))
    ordered = sorted(found.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2]))
    return [(index, project, a) for (index, project, _), (_, a) in ordered]


def _has_cue(text: str) -> bool:
    """_CUE.search(text), skipping texts without "kop": every cue starts so, in any case (none of
    k, o, p has a case partner that str.lower() leaves apart)."""
    return "kop" in text.lower() and _CUE.search(text) is not None


def _find_totals(graph: Triples, report: URIRef) -> list[_Total]:
    """The stated totals of one report with the amounts they govern."""
    sentences = _sentences(graph, report)
    totals: list[_Total] = []
    for k, s in enumerate(sentences):
        if s.footnote or not _has_cue(s.text):
            continue
        own = _own_amounts(graph, s.iri)
        sums = [p.money for p in find_funding(s.text)
                if p.role == "total" and p.money.currency == "EUR" and p.money.value not in own]
        if not sums:
            continue
        total = _Total(s, sums[0].value)
        found = _count(s.text)
        prev = next((p for p in reversed(sentences[:k]) if not p.footnote), None)
        if found:
            total.count_sentence = s
        elif prev is not None and prev.section == s.section:
            found = _count(prev.text)
            total.count_sentence = prev if found else None
        if found:
            total.count, total.kind = found
        totals.append(total)

    amounts = _amounts(graph, sentences)
    section_of = {s.index: s.section for s in sentences}
    for n, total in enumerate(totals):
        start = total.sentence.index
        stop = totals[n + 1].sentence.index if n + 1 < len(totals) else None
        section = total.sentence.section
        if section is None and total.count is None:
            continue
        for index, project, assertion in amounts:
            if index <= start or (stop is not None and index >= stop):
                continue
            if section is not None and section_of.get(index) != section:
                continue
            if total.count is not None and len(total.items) >= total.count:
                break
            total.items.append((project, assertion))
    return totals


def stated_totals(graph: Triples, report_iri: URIRef) -> Triples:
    """rg:StatedTotal nodes (`{report}/total/{sentence index}`) of the report whose sentences and
    facts are in `graph`; a new graph to add to the report's graph."""
    report = URIRef(report_iri)
    out = Triples()
    for t in _find_totals(graph, report):
        node = URIRef(f"{report}/total/{t.sentence.index}")
        out.add((node, RDF_TYPE, RG.StatedTotal))
        out.add((node, SCHEMA.value, Literal(t.value, datatype=XSD.decimal)))
        out.add((node, SCHEMA.currency, Literal("EUR")))
        out.add((node, RG.statedIn, t.sentence.iri))
        out.add((node, PROV_DERIVED_FROM, t.sentence.iri))
        if t.sentence.section is not None:
            out.add((node, RG.governsSection, Literal(t.sentence.section)))
        if t.count is not None and t.count_sentence is not None:
            out.add((node, RG.itemCount, Literal(t.count)))
            out.add((node, RG.itemKind, Literal(t.kind, lang=LV)))
            out.add((node, RG.countStatedIn, t.count_sentence.iri))
            out.add((node, PROV_DERIVED_FROM, t.count_sentence.iri))
        for project, assertion in t.items:
            out.add((node, RG.totalOf, project))
            out.add((node, RG.sumOf, assertion))
    return out
