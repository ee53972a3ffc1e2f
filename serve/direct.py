"""An entity page's small reads as index lookups on the embedded store, without SPARQL.

Each function gives the rows that one of the page queries (queries/serve/*.rq) gives, as the
same rdflib terms, for the stores that offer `pattern_reader` (graph/oxstore.py: the union of
the report graphs, looked up by pattern); for another store (a SPARQL endpoint, a store written
before the union was kept) and past a bound it gives None, and the caller runs the query. A
project's page costs 0.1-0.2 ms of lookups here instead of 1-1.5 ms of parsing, planning and
evaluating its queries (the texts of the queries remain what the rows mean:
tests/test_serve_entity_data.py compares both for every entity of the sample).
"""

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from reportgraph.graph.store import Store, _from_ox

Match = Callable[..., Iterator[ox.Quad]]
Row = tuple[Node | None, ...]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RG = "https://w3id.org/reportgraph/ontology#"
OA = "http://www.w3.org/ns/oa#"
_N = ox.NamedNode
RDF_TYPE, RDF_SUBJECT, RDF_PREDICATE = _N(RDF + "type"), _N(RDF + "subject"), _N(RDF + "predicate")
RDF_OBJECT, RDF_VALUE = _N(RDF + "object"), _N(RDF + "value")
ASSERTION, MENTIONED_IN = _N(RG + "Assertion"), _N(RG + "mentionedIn")
DERIVED_FROM = _N("http://www.w3.org/ns/prov#wasDerivedFrom")
LABEL = _N("http://www.w3.org/2000/01/rdf-schema#label")
HAS_SOURCE, HAS_SELECTOR = _N(OA + "hasSource"), _N(OA + "hasSelector")
START, END, PAGE = _N(OA + "start"), _N(OA + "end"), _N(RG + "page")
#: the properties of entity-surfaces.rq, in its order
FORMS = (_N(RG + "surfaceForm"), LABEL, _N("http://www.w3.org/2004/02/skos/core#altLabel"))

_OUT, _IN, _MENTION = Literal("out"), Literal("in"), Literal("mention")
_MENTIONED_IN = URIRef(MENTIONED_IN.value)


def reader(store: Store) -> Match | None:
    """The store's pattern lookups, or None (then the page queries answer)."""
    make = getattr(store, "pattern_reader", None)
    return make() if make is not None else None


def _resource(term: Node) -> ox.NamedNode | ox.BlankNode | None:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    return None


def _objects(match: Match, s: object, p: ox.NamedNode) -> list:
    if not isinstance(s, (ox.NamedNode, ox.BlankNode)):
        return []  # a literal has no properties
    return [q.object for q in match(s, p, None)]


def why_rows(match: Match, iri: URIRef, facts: int, mentions: int) -> list[Row] | None:
    """The DISTINCT rows of entity-why.rq (direction, predicate, other, ol, sentence) of `iri`
    in some order, or None when more than `facts` rows are facts or more than `mentions` rows
    mentions (a hub, paged with the queries; its mentions are counted first, as they are cheaper
    to pass over)."""
    entity = _resource(iri)
    if entity is None:
        return None
    said = []
    for q in match(entity, MENTIONED_IN, None):
        if len(said) == mentions:
            return None
        said.append(q.object)
    rows: dict[tuple, None] = {}
    for direction, own, far in (("out", RDF_SUBJECT, RDF_OBJECT), ("in", RDF_OBJECT, RDF_SUBJECT)):
        for q in match(None, own, entity):
            predicates, others, sentences, typed = [], [], [], False
            for t in match(q.subject, None, None):
                p = t.predicate
                if p == RDF_PREDICATE:
                    predicates.append(t.object)
                elif p == far:
                    others.append(t.object)
                elif p == DERIVED_FROM:
                    sentences.append(t.object)
                elif p == RDF_TYPE and t.object == ASSERTION:
                    typed = True
            if not typed:
                continue
            for other in others:
                labels = _objects(match, other, LABEL) or [None]
                for predicate in predicates:
                    for sentence in sentences:
                        for label in labels:
                            rows[(direction, predicate, other, label, sentence)] = None
            if len(rows) > facts:
                return None
    out: list[Row] = [(_OUT if direction == "out" else _IN, _from_ox(predicate), _from_ox(other),
                       None if label is None else _from_ox(label), _from_ox(sentence))
                      for direction, predicate, other, label, sentence in rows]
    return out + [(_MENTION, _MENTIONED_IN, None, None, _from_ox(x)) for x in dict.fromkeys(said)]


def source_rows(match: Match, sentences: Iterable[URIRef]) -> list[Row]:
    """The DISTINCT rows of entity-sources.rq (sentence, report, text, start, end, page) of the
    sentences, sentence by sentence."""
    out: list[Row] = []
    for iri in sentences:
        sentence = _resource(iri)
        if sentence is None:
            continue
        reports, texts, pages, selectors = [], [], [], []
        for t in match(sentence, None, None):
            p = t.predicate
            if p == HAS_SOURCE:
                reports.append(t.object)
            elif p == RDF_VALUE:
                texts.append(t.object)
            elif p == PAGE:
                pages.append(t.object)
            elif p == HAS_SELECTOR:
                selectors.append(t.object)
        spans = [(start, end) for selector in selectors for start in _objects(match, selector, START)
                 for end in _objects(match, selector, END)]
        rows = dict.fromkeys(
            (iri, *(None if x is None else _from_ox(x) for x in (report, text, start, end, page)))
            for report in reports or [None] for text in texts or [None]
            for start, end in spans or [(None, None)] for page in pages or [None])
        out += rows
    return out


def incoming_rows(match: Match, iri: URIRef, predicates: list[str], limit: int
                  ) -> list[Row] | None:
    """The DISTINCT rows of entity-in-rows.rq (p, x, xl, xt) of `iri` for the properties, or
    None when there are more than `limit`."""
    entity = _resource(iri)
    if entity is None:
        return None
    rows: dict[tuple, None] = {}
    for predicate in predicates:
        p = ox.NamedNode(predicate)
        for q in match(None, p, entity):
            x = q.subject
            labels = _objects(match, x, LABEL) or [None]
            types = _objects(match, x, RDF_TYPE) or [None]
            for label in labels:
                for xtype in types:
                    rows[(p, x, label, xtype)] = None
            if len(rows) > limit:
                return None
    return [tuple(None if t is None else _from_ox(t) for t in row) for row in rows]


def in_rows(match: Match, rows: list[dict[str, Node]]) -> list[Row] | None:
    """The rows of entity-in.rq (p, x, the smallest label of x, the smallest class of x, as
    strings) bound to `rows` ({s, p}: every x with (x p s); {s, p, x}: that x when it has it),
    one set of rows per set of variables the rows bind (in their order, as one query each
    gives them: ORDER BY ?p, the label in lower case (none first), ?x); None for a blank node
    or a row binding other variables (then the query answers)."""
    shapes: dict[tuple[str, ...], list[dict[str, Node]]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    out: list[Row] = []
    for shape, group in shapes.items():
        if shape not in (("s", "p"), ("s", "p", "x")):
            return None
        found: dict[tuple, None] = {}
        for row in group:
            s, p = _resource(row["s"]), _resource(row["p"])
            if s is None or not isinstance(p, ox.NamedNode):
                return None
            if "x" in row:
                x = _resource(row["x"])
                if x is None:
                    return None
                subjects = [x] if next(iter(match(x, p, s)), None) is not None else []
            else:
                subjects = [q.subject for q in match(None, p, s)]
            for x in subjects:
                if not isinstance(x, ox.NamedNode):
                    return None
                found[(p, x)] = None
        group_rows = []
        for p, x in found:
            labels = [t.value for t in _objects(match, x, LABEL)]
            types = [t.value for t in _objects(match, x, RDF_TYPE)]
            label = min(labels) if labels else None
            group_rows.append(((p.value, label is not None, (label or "").lower(), x.value),
                               (_from_ox(p), _from_ox(x), None if label is None else Literal(label),
                                Literal(min(types)) if types else None)))
        out += [r for _key, r in sorted(group_rows, key=lambda kr: kr[0])]
    return out


def surface_rows(match: Match, iris: Iterable[URIRef]) -> list[tuple[URIRef, str]]:
    """The DISTINCT rows of entity-surfaces.rq (s, form as a string) of the IRIs."""
    out: list[tuple[URIRef, str]] = []
    for iri in iris:
        s = _resource(iri)
        if s is None:
            continue
        forms = dict.fromkeys(q.object.value for p in FORMS for q in match(s, p, None)
                              if not isinstance(q.object, ox.BlankNode))  # STR(_:b): unbound
        out += [(iri, form) for form in forms]
    return out


#: the numeric datatypes, whose values ORDER BY compares by number
_NUMERIC = frozenset("http://www.w3.org/2001/XMLSchema#" + t for t in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte"))
#: mentions of a subject beyond which reading past them costs more than the query (a hub)
_MENTIONS_SKIPPED = 60


def _order(term: object) -> tuple:
    """ORDER BY's order of the values of one property: blank nodes, IRIs, then literals, those
    of a numeric datatype by number, the others by (text, datatype, language)."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMERIC:
            try:
                number = Decimal(term.value)  # exact for integers and decimals
                if not number.is_finite():
                    number = float(term.value)  # type: ignore[assignment]
                return (2, 0, number, term.value, datatype)
            except (ArithmeticError, ValueError):
                pass
        return (2, 1, term.value, datatype, term.language or "")
    return (1 if isinstance(term, ox.NamedNode) else 0, 0, term.value)


def own_rows(match: Match, iri: URIRef, limit: int) -> list[Row] | None:
    """The rows of entity-out.rq (p, o, the smallest label of o as a string) of `iri` in its
    order (by property, then value), or None when there are more than `limit` or many mentions."""
    entity = _resource(iri)
    if entity is None:
        return None
    found: dict[tuple, None] = {}
    skipped = 0
    for q in match(entity, None, None):
        if q.predicate == MENTIONED_IN:
            skipped += 1
            if skipped > _MENTIONS_SKIPPED:
                return None
            continue
        found[(q.predicate, q.object)] = None
        if len(found) > limit:
            return None
    rows = []
    for p, o in sorted(found, key=lambda po: (po[0].value, _order(po[1]))):
        labels = [label.value for label in _objects(match, o, LABEL)]
        rows.append((_from_ox(p), _from_ox(o), Literal(min(labels)) if labels else None))
    return rows


# ------------------------------------------------------------- an IRI's description (linked.py)

_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_TRUE, _FALSE = (_from_ox(ox.Literal(v, datatype=_XSD_BOOLEAN)) for v in ("true", "false"))
#: links passed over (mentions, reifications) beyond which the query is cheaper than lookups
_SKIPPED = 60


def own_values(match: Match, iri: URIRef, limit: int) -> list[Row] | None:
    """The rows of describe-own.rq (p, o) of `iri` in the store's order, at most `limit`; None
    when it is mentioned in many sentences (passing over them costs more than the query)."""
    entity = _resource(iri)
    if entity is None:
        return None
    return _bounded(match(entity, None, None), lambda q: q.predicate == MENTIONED_IN, limit,
                    lambda q: (_from_ox(q.predicate), _from_ox(q.object)))


def _bounded(quads: Iterator[ox.Quad], skip: Callable[[ox.Quad], bool], limit: int,
             row: Callable[[ox.Quad], Row]) -> list[Row] | None:
    """The rows of at most `limit` quads, those `skip` tells passed over; None when more than
    _SKIPPED are passed over before the rows are complete (then the query answers)."""
    out: list[Row] = []
    skipped = 0
    for q in quads:
        if skip(q):
            skipped += 1
            if skipped > _SKIPPED:
                return None
            continue
        if len(out) == limit:
            break
        out.append(row(q))
    return out


def mentioning(match: Match, iri: URIRef, limit: int) -> list[Row] | None:
    """The rows of describe-mentions.rq (sentence,) of `iri` in the store's order."""
    entity = _resource(iri)
    if entity is None:
        return None
    out: list[Row] = []
    for q in match(entity, MENTIONED_IN, None):
        if len(out) == limit:
            break
        out.append((_from_ox(q.object),))
    return out


def statements(match: Match, iri: URIRef, limit: int) -> list[Row] | None:
    """The rows of describe-facts.rq (statement, whether an rg:Assertion, sentence) of `iri`."""
    entity = _resource(iri)
    if entity is None:
        return None
    out: list[Row] = []
    for q in match(None, RDF_SUBJECT, entity):
        a = q.subject
        typed = _TRUE if next(iter(match(a, RDF_TYPE, ASSERTION)), None) is not None else _FALSE
        node = _from_ox(a)
        for sentence in _objects(match, a, DERIVED_FROM) or [None]:
            if len(out) == limit:
                return out
            out.append((node, typed, None if sentence is None else _from_ox(sentence)))
    return out


def triples_of(match: Match, nodes: Iterable[Node], limit: int) -> list[Row] | None:
    """The rows of describe-nodes.rq (s, p, o) of the nodes, node by node, at most `limit`."""
    out: list[Row] = []
    for node in nodes:
        s = _resource(node)
        if s is None:
            return None  # a blank node: the query
        for q in match(s, None, None):
            if len(out) == limit:
                return out
            out.append((node, _from_ox(q.predicate), _from_ox(q.object)))
    return out


def pointing(match: Match, iri: URIRef, limit: int) -> list[Row] | None:
    """The rows of describe-incoming.rq (s, p) of `iri` in the store's order, at most `limit`;
    None when many of the links are the reification of its facts."""
    entity = _resource(iri)
    if entity is None:
        return None
    return _bounded(match(None, None, entity), lambda q: q.predicate == RDF_SUBJECT or q.predicate == RDF_OBJECT,
                    limit, lambda q: (_from_ox(q.subject), _from_ox(q.predicate)))
