"""Validate DCAT-AP metadata with the vendored SEMIC shapes (tests/dcat-ap/, see SOURCE.txt)."""

from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, SH, XSD

SHAPES = Path(__file__).parent / "dcat-ap"


def shapes(*names: str, fix_bytesize: bool = False, fix_spdx: bool = False) -> Graph:
    g = Graph()
    for name in names:
        g.parse(SHAPES / name, format="turtle")
    if fix_bytesize:  # DCAT-AP 3.0.1 fix of 3.0.0 html/shacl/shapes.ttl (SEMICeu/DCAT-AP#399)
        fixed = [n for n in g.subjects(SH.path, DCAT.byteSize) if (n, SH.datatype, XSD.decimal) in g]
        assert len(fixed) == 1
        g.remove((fixed[0], SH.datatype, XSD.decimal))
        g.add((fixed[0], SH.datatype, XSD.nonNegativeInteger))
    if fix_spdx:  # mdr-vocabularies.shape.ttl wants https:// SPDX IRIs; the namespace is http://
        restriction = URIRef("http://data.europa.eu/r5r#ChecksumAlgorithmRestriction")
        assert (restriction, SH.pattern, Literal("^https://spdx.org/rdf/terms")) in g
        g.remove((restriction, SH.pattern, None))
        g.add((restriction, SH.pattern, Literal("^http://spdx.org/rdf/terms#")))
    return g


def validate(data: Graph, shacl: Graph) -> list[tuple[str, str, str, str]]:
    """Top-level results as (severity, path, component, focus)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shacl, inference="none", allow_warnings=True)
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    out = []
    for r in report.objects(root, SH.result):
        out.append((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                    str(report.value(r, SH.resultPath)),
                    str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
                    str(report.value(r, SH.focusNode))))
    return out


