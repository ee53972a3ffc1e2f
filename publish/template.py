"""Copy template statements (publish/templates.ttl) and vocabulary terms into a metadata graph."""

from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from reportgraph.publish.resources import templates, vocabularies

TPL = Namespace("urn:reportgraph:template:")


def fill(text: str, subs: Mapping[str, str]) -> str:
    """Replace ``{key}`` by its value; an empty value drops a left-over `` ()``."""
    for key, value in subs.items():
        text = text.replace("{" + key + "}", value)
    return text.replace(" ()", "")


def _copy(source: Graph, target: Graph, obj: Node, subs: Mapping[str, str]) -> Node:
    if isinstance(obj, Literal):
        text = fill(str(obj), subs)
        return Literal(text, lang=obj.language) if obj.language else Literal(text, datatype=obj.datatype)
    if isinstance(obj, URIRef) and str(obj).startswith(str(TPL)):
        node = BNode()
        for p, o in sorted(source.predicate_objects(obj)):
            target.add((node, p, _copy(source, target, o, subs)))
        return node
    return obj


def apply(target: Graph, name: str, subject: URIRef, subs: Mapping[str, str] | None = None) -> None:
    """Give `subject` the statements of template `tpl:name` (nested templates become blank nodes)."""
    source = templates()
    for p, o in sorted(source.predicate_objects(TPL[name])):
        target.add((subject, p, _copy(source, target, o, subs or {})))


def has_template(name: str) -> bool:
    return (TPL[name], None, None) in templates()


def text(name: str, prop: URIRef, lang: str, subs: Mapping[str, str] | None = None) -> str | None:
    """One literal of a template in one language."""
    for o in templates().objects(TPL[name], prop):
        if isinstance(o, Literal) and o.language == lang:
            return fill(str(o), subs or {})
    return None


def describe_references(target: Graph, extra: Iterable[Graph] = ()) -> None:
    """Copy the descriptions of every referenced term found in the vocabulary/template data."""
    sources = [vocabularies(), templates(), *extra]
    todo = sorted({o for o in target.objects() if isinstance(o, URIRef)})
    seen: set[URIRef] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for source in sources:
            for p, o in source.predicate_objects(node):
                target.add((node, p, o))
                if isinstance(o, URIRef) and o not in seen:
                    todo.append(o)
