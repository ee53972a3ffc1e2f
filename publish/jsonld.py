"""Deterministic JSON-LD with the compact context shipped as ``publish/context.jsonld``.

The context (embedded in every document, so no network is needed to read it) declares the
prefixes of the data model and short names for its main properties (``label``, ``reportYear``,
``hasFunding``, ``amount`` for schema:value, ...). Properties coerced to ``@id`` take IRI strings;
properties coerced to a datatype take the lexical form as a plain string; any value that does not
fit its term's coercion is written as a full value object, so the document always expands to
exactly the triples given. Nodes are flat (one object per subject, blank nodes as ``_:b…``),
sorted by ``@id``; keys and values are sorted, so the same data gives the same bytes.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from reportgraph.errors import DataFileError

Triple = tuple[Node, Node, Node]
_ID = "@id"


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The ``@context`` object of publish/context.jsonld."""
    path = files("reportgraph.publish") / "context.jsonld"
    try:
        ctx = json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(f"invalid JSON-LD context {path}: {exc}") from exc
    if not isinstance(ctx, dict):
        raise DataFileError(f"invalid JSON-LD context {path}: @context is not an object")
    return ctx


class Compactor:
    """IRIs, terms and values in the short forms a context allows."""

    def __init__(self, ctx: Mapping[str, Any], labels: Mapping[BNode, str]) -> None:
        self.labels = labels
        self.prefixes = {k: v for k, v in ctx.items()
                         if isinstance(v, str) and v.endswith(("/", "#"))}
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.terms: dict[str, tuple[str, str | None]] = {}
        for term, definition in sorted(ctx.items()):
            if term in self.prefixes:
                continue
            iri, coerce = (definition, None) if isinstance(definition, str) else (
                definition[_ID], definition.get("@type"))
            self.terms[self.expand(iri)] = (term, self.expand(coerce) if coerce and coerce != _ID
                                            else coerce)

    def expand(self, value: str) -> str:
        prefix, _, rest = value.partition(":")
        return self.prefixes[prefix] + rest if prefix in self.prefixes and rest else value

    def iri(self, iri: str) -> str:
        for prefix, ns in self._by_length:
            rest = iri[len(ns):]
            if iri.startswith(ns) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return iri

    def node_id(self, term: Node) -> str:
        if isinstance(term, BNode):
            return "_:" + self.labels.get(term, str(term))
        return self.iri(str(term))

    def key(self, predicate: Node) -> tuple[str, str | None]:
        term = self.terms.get(str(predicate))
        return term if term else (self.iri(str(predicate)), None)

    def value(self, obj: Node, coerce: str | None) -> Any:
        if not isinstance(obj, Literal):
            ref = self.node_id(obj)
            return ref if coerce == _ID else {_ID: ref}
        lex = str(obj)
        if obj.language:
            return {"@value": lex, "@language": obj.language}
        if obj.datatype is None:
            return lex if coerce is None else {"@value": lex}
        if coerce is not None and coerce == str(obj.datatype):
            return lex
        return {"@value": lex, "@type": self.iri(str(obj.datatype))}


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _nodes(triples: Iterable[Triple], comp: Compactor) -> dict[str, dict[str, Any]]:
    by_subject: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    nodes: dict[str, dict[str, Any]] = {}
    for s, props in by_subject.items():
        node: dict[str, Any] = {_ID: comp.node_id(s)}
        for p, objs in props.items():
            if p == RDF.type and all(isinstance(o, URIRef) for o in objs):
                values = sorted(comp.iri(str(o)) for o in objs)
                node["@type"] = values[0] if len(values) == 1 else values
                continue
            key, coerce = comp.key(p)
            values = sorted((comp.value(o, coerce) for o in objs), key=_sort_key)
            node[key] = values[0] if len(values) == 1 else values
        nodes[node[_ID]] = node
    return nodes


def _node_order(node_id: str) -> tuple[bool, str]:
    return (node_id.startswith("_:"), node_id)


def _ordered(nodes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [nodes[k] for k in sorted(nodes, key=_node_order)]


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def graph_document(triples: Iterable[Triple], labels: Mapping[BNode, str]) -> str:
    """One graph as a JSON-LD document with the shipped context."""
    ctx = context()
    comp = Compactor(ctx, labels)
    return _dump({"@context": ctx, "@graph": _ordered(_nodes(triples, comp))})


def dataset_document(graphs: Mapping[Node | None, Iterable[Triple]],
                     labels: Mapping[BNode, str]) -> str:
    """A dataset as JSON-LD: default-graph nodes at the top, one ``@graph`` object per name."""
    ctx = context()
    comp = Compactor(ctx, labels)
    top = _nodes(graphs.get(None, ()), comp)
    for name, triples in graphs.items():
        if name is None:
            continue
        gid = comp.node_id(name)
        holder = top.setdefault(gid, {_ID: gid})
        holder["@graph"] = _ordered(_nodes(triples, comp))
    return _dump({"@context": ctx, "@graph": _ordered(top)})
