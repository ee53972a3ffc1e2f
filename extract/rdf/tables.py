"""Parsed report tables as RDF Data Cube observations (`tables_to_rdf`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD

from reportgraph.extract.rdf.triples import Triples, plain_literal
from reportgraph.extract.read.clean import Table
from reportgraph.extract.read.tables import ParsedTable, parse_table
from reportgraph.ontology.iri import mint, slugify
from reportgraph.ontology.namespaces import OA, QB, RDF_TYPE, RG

LV = "lv"
_MAX_INDICATOR_SLUG = 60


def indicator_iri(base: str, label: str) -> URIRef:
    """`{base}indicator/{slug}`; a long label's slug is cut and given a hash of the label."""
    slug = slugify(label)
    if len(slug) > _MAX_INDICATOR_SLUG:
        digest = hashlib.sha1(" ".join(label.casefold().split()).encode()).hexdigest()[:8]
        slug = slug[:_MAX_INDICATOR_SLUG].rstrip("-") + "-" + digest
    return mint(base, "indicator", slug)


def _year(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=XSD.gYear)


_MEASURES = {"count": RG["count"], "percent": RG.percent, "quantity": RG.quantity}


def _measure_literal(measure: str, value: Decimal) -> Literal:
    if measure == "count" and value == value.to_integral_value():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value, datatype=XSD.decimal)


def table_to_rdf(g: Triples, parsed: ParsedTable, table: Table, dataset: URIRef, report: URIRef,
                 base: str) -> None:
    """Add one table's dataset, structure and observations to `g`."""
    g.add((dataset, RDF_TYPE, QB.DataSet))
    g.add((dataset, RDFS.label, Literal(parsed.caption, lang=LV)))
    if table.source:
        g.add((dataset, DCTERMS.source, Literal(table.source, lang=LV)))
    g.add((dataset, PROV.wasDerivedFrom, report))
    g.add((dataset, OA.hasSource, report))
    if parsed.number is not None:
        g.add((dataset, RG.tableNumber, Literal(parsed.number)))
    if parsed.year is not None:
        g.add((dataset, RG.refYear, _year(parsed.year)))
    sel = URIRef(f"{dataset}#sel")
    g.add((dataset, OA.hasSelector, sel))
    g.add((sel, RDF_TYPE, OA.TextPositionSelector))
    g.add((sel, OA.start, Literal(table.start)))
    g.add((sel, OA.end, Literal(table.end)))
    indicator = indicator_iri(base, parsed.indicator)
    g.add((dataset, RG.indicator, indicator))
    g.add((indicator, RDF_TYPE, RG.Indicator))
    g.add((indicator, RDFS.label, Literal(parsed.indicator, lang=LV)))
    g.add((indicator, SKOS.prefLabel, Literal(parsed.indicator, lang=LV)))

    has_row_group = any(r.group for r in parsed.rows)
    has_col_group = any(c.group for c in parsed.columns)
    measures: list[str] = []
    for row in parsed.rows:
        for col, value in zip(parsed.columns, row.cells):
            if value is None:
                continue
            if col.measure not in measures:
                measures.append(col.measure)
            label_col = parsed.columns[col.qualifies] if col.qualifies is not None else col
            obs = URIRef(f"{dataset}/obs/{row.index + 1}-{col.index + 1}")
            g.add((obs, RDF_TYPE, QB.Observation))
            g.add((obs, QB.dataSet, dataset))
            g.add((obs, RG.rowLabel, Literal(row.label, lang=LV)))
            if row.group:
                g.add((obs, RG.rowGroup, Literal(row.group, lang=LV)))
            g.add((obs, RG.columnLabel, Literal(label_col.label, lang=LV)))
            if label_col.group:
                g.add((obs, RG.columnGroup, Literal(label_col.group, lang=LV)))
            if label_col.year is not None:
                g.add((obs, RG.refYear, _year(label_col.year)))
            g.add((obs, QB.measureType, _MEASURES[col.measure]))
            g.add((obs, _MEASURES[col.measure], _measure_literal(col.measure, value)))
            g.add((obs, RG.isTotal, plain_literal(row.total)))
            g.add((obs, RG.isColumnTotal, plain_literal(label_col.total)))
            g.add((obs, RG.rowIndex, plain_literal(row.index + 1)))
            g.add((obs, RG.columnIndex, plain_literal(col.index + 1)))

    dsd = URIRef(f"{dataset}/structure")
    g.add((dataset, QB.structure, dsd))
    g.add((dsd, RDF_TYPE, QB.DataStructureDefinition))
    components: list[tuple[str, URIRef, URIRef]] = []
    if has_row_group:
        components.append(("dimension", RG.rowGroup, QB.dimension))
    components.append(("dimension", RG.rowLabel, QB.dimension))
    if has_col_group:
        components.append(("dimension", RG.columnGroup, QB.dimension))
    components.append(("dimension", RG.columnLabel, QB.dimension))
    components.append(("dimension", RG.refYear, QB.dimension))
    components.append(("dimension", QB.measureType, QB.dimension))
    for m in measures:
        components.append(("measure", _MEASURES[m], QB.measure))
    components.append(("attribute", RG.isTotal, QB.attribute))
    components.append(("attribute", RG.isColumnTotal, QB.attribute))
    for order, (_, prop, role) in enumerate(components, start=1):
        spec = URIRef(f"{dsd}/{str(prop).rsplit('#', 1)[-1]}")
        g.add((dsd, QB.component, spec))
        g.add((spec, RDF_TYPE, QB.ComponentSpecification))
        g.add((spec, role, prop))
        g.add((spec, QB.order, plain_literal(order)))


def tables_to_rdf(tables: Sequence[Table], report_iri: URIRef, base: str,
                  report_year: int | None) -> Triples:
    """RDF Data Cube of a report's tables: `{report}/table/{n}` per table (n its caption number,
    else its position), with observations `{report}/table/{n}/obs/{row}-{column}`."""
    g = Triples()
    taken: set[str] = set()
    for i, table in enumerate(tables, start=1):
        parsed = parse_table(table, report_year)
        key = str(parsed.number) if parsed.number is not None else f"t{i}"
        if key in taken:
            key = f"{key}-{i}"
        taken.add(key)
        table_to_rdf(g, parsed, table, URIRef(f"{report_iri}/table/{key}"), report_iri, base)
    return g
