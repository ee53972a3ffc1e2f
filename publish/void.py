"""VoID description of the published graph: statistics, partitions, subsets, linksets, dumps.

Counting rules: void:triples counts distinct triples of the union; void:entities counts distinct
IRI subjects; void:classes the distinct objects of rdf:type; void:properties the distinct
predicates. A linkset groups the triples whose object is an IRI outside the data (outside
`uri_space`) by predicate and by the namespace of the object (e.g. rg:fundingSource -> fund:).
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from rdflib.term import Node

from reportgraph.ontology.namespaces import PREFIXES
from reportgraph.publish.template import text

Triple = tuple[Node, Node, Node]
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
_EXTRA_NAMESPACES = (
    "http://www.w3.org/ns/dcat#", "http://xmlns.com/foaf/0.1/", "http://rdfs.org/ns/void#",
    "http://www.w3.org/2006/vcard/ns#", "http://www.w3.org/ns/locn#",
)
_KNOWN = sorted({str(ns) for ns in PREFIXES.values()} | set(_EXTRA_NAMESPACES), key=len, reverse=True)


def namespace(iri: str) -> str:
    """A known vocabulary namespace of `iri`, else everything up to its last '#' or '/'."""
    for ns in _KNOWN:
        if iri.startswith(ns) and len(iri) > len(ns):
            return ns
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else iri


@dataclass(frozen=True)
class Stats:
    triples: int
    entities: int
    classes: Counter[URIRef]
    properties: Counter[URIRef]
    subjects: int
    objects: int


def stats(triples: Iterable[Triple]) -> Stats:
    """Counts over distinct triples."""
    subjects, objects = set(), set()
    classes: dict[URIRef, set] = {}
    properties: Counter[URIRef] = Counter()
    n = 0
    for s, p, o in set(triples):
        n += 1
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if p == RDF.type and isinstance(o, URIRef):
            classes.setdefault(o, set()).add(s)
    entities = sum(1 for s in subjects if isinstance(s, URIRef))
    return Stats(n, entities, Counter({c: len(m) for c, m in classes.items()}), properties,
                 len(subjects), len(objects))


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _counts(out: Graph, node: URIRef, st: Stats) -> None:
    out.add((node, RDF.type, VOID.Dataset))
    out.add((node, VOID.triples, _int(st.triples)))
    out.add((node, VOID.entities, _int(st.entities)))
    out.add((node, VOID.classes, _int(len(st.classes))))
    out.add((node, VOID.properties, _int(len(st.properties))))
    out.add((node, VOID.distinctSubjects, _int(st.subjects)))
    out.add((node, VOID.distinctObjects, _int(st.objects)))


def _linksets(out: Graph, triples: Iterable[Triple], dataset: URIRef, uri_space: str | None) -> None:
    triples = set(triples)
    subjects = {s for s, _, _ in triples}
    links: Counter[tuple[URIRef, str]] = Counter()
    for _, p, o in triples:
        if p == RDF.type or not isinstance(o, URIRef):
            continue
        if uri_space and str(o).startswith(uri_space):
            continue
        if not uri_space and o in subjects:
            continue
        links[(p, namespace(str(o)))] += 1
    targets: dict[str, BNode] = {}
    for (p, ns), n in sorted(links.items()):
        if ns not in targets:
            targets[ns] = BNode()
            out.add((targets[ns], RDF.type, VOID.Dataset))
            out.add((targets[ns], VOID.uriSpace, Literal(ns)))
        ls = BNode()
        out.add((dataset, VOID.subset, ls))
        out.add((ls, RDF.type, VOID.Linkset))
        out.add((ls, VOID.subjectsTarget, dataset))
        out.add((ls, VOID.objectsTarget, targets[ns]))
        out.add((ls, VOID.linkPredicate, p))
        out.add((ls, VOID.triples, _int(n)))


def void_graph(union: Iterable[Triple], graphs: Mapping[URIRef, Iterable[Triple]],
               dataset: URIRef, *,
               dumps: Sequence[str], graph_dumps: Mapping[URIRef, str],
               graph_titles: Mapping[URIRef, str], uri_space: str | None,
               years: str = "") -> Graph:
    """VoID of the union graph `union` (described as `dataset`) and of each named graph."""
    out = Graph()
    union = set(union)
    st = stats(union)
    _counts(out, dataset, st)
    for lang in ("lv", "en"):
        if title := text("dataset", DCTERMS.title, lang, {"years": years}):
            out.add((dataset, DCTERMS.title, Literal(title, lang=lang)))
    if uri_space:
        out.add((dataset, VOID.uriSpace, Literal(uri_space)))
    for fmt in ("Turtle", "N-Triples", "TriG", "JSON-LD"):
        out.add((dataset, VOID.feature, FORMATS_NS[fmt]))
    for url in dumps:
        out.add((dataset, VOID.dataDump, URIRef(url)))
    vocabularies = {namespace(str(c)) for c in st.classes} | {namespace(str(p)) for p in st.properties}
    for ns in sorted(vocabularies):
        if not (uri_space and ns.startswith(uri_space)):
            out.add((dataset, VOID.vocabulary, URIRef(ns)))
    for c, n in sorted(st.classes.items()):
        part = BNode()
        out.add((dataset, VOID.classPartition, part))
        out.add((part, VOID["class"], c))
        out.add((part, VOID.entities, _int(n)))
    for p, n in sorted(st.properties.items()):
        part = BNode()
        out.add((dataset, VOID.propertyPartition, part))
        out.add((part, VOID.property, p))
        out.add((part, VOID.triples, _int(n)))
    _linksets(out, union, dataset, uri_space)
    for name, g in sorted(graphs.items()):
        out.add((dataset, VOID.subset, name))
        _counts(out, name, stats(g))
        if name in graph_titles:
            out.add((name, DCTERMS.title, Literal(graph_titles[name], lang="lv")))
        if name in graph_dumps:
            out.add((name, VOID.dataDump, URIRef(graph_dumps[name])))
    return out
