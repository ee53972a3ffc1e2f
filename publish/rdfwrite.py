"""Sorted, deterministic N-Triples, Turtle and TriG writers.

rdflib's serializers follow store iteration order in places and label blank nodes at random;
these writers sort everything (subjects, then rdf:type, then predicates by IRI, then objects
by their written form)
and take blank-node labels from `canon.bnode_labels`, so the same data gives the same bytes and
a diff shows only what changed. Blank nodes used once as an object are written inline ``[ ]``.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STR_BAD = re.compile(r'[\x00-\x1f\x7f"\\]')
_STR_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_SHORT = {
    XSD.integer: re.compile(r"^[+-]?[0-9]+$"),
    XSD.decimal: re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD.boolean: re.compile(r"^(true|false)$"),
}
_INDENT = "    "
_RELATIVE = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9_~.%!$&'()*+,;=@/-]*$")


def iri_ref(iri: str) -> str:
    """``<iri>`` with the characters IRIREF forbids written as \\u escapes."""
    return "<" + _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def quote(text: str) -> str:
    """A double-quoted string literal body (valid in N-Triples, Turtle and TriG)."""
    return '"' + _STR_BAD.sub(lambda m: _STR_ESC.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'


def term_sort_key(term: Node, labels: Mapping[BNode, str]) -> tuple[int, str, str, str]:
    """IRIs, then blank nodes, then literals (by lexical form, datatype, language)."""
    if isinstance(term, BNode):
        return (1, labels.get(term, str(term)), "", "")
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    return (0, str(term), "", "")


def _relative(iri: str, base: str | None) -> str | None:
    """`iri` relative to `base` when resolving it gives `iri` back unchanged."""
    if not base or not iri.startswith(base):
        return None
    rest = iri[len(base):]
    if not _RELATIVE.match(rest) or any(seg in (".", "..") for seg in rest.split("/")):
        return None
    return rest


class Names:
    """Compacts IRIs with a prefix map (and an optional @base) and remembers what was used."""

    def __init__(self, prefixes: Mapping[str, str], base: str | None = None) -> None:
        self._by_length = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.prefixes = dict(prefixes)
        self.used: set[str] = set()
        self.base = base if base and base.endswith("/") else None
        self.base_used = False
        self._curies: dict[str, str | None] = {}

    def curie(self, iri: str) -> str | None:
        if iri in self._curies:
            found = self._curies[iri]
        else:
            found = next((f"{prefix}:{iri[len(ns):]}" for prefix, ns in self._by_length
                          if iri.startswith(ns) and _LOCAL.match(iri[len(ns):])), None)
            self._curies[iri] = found
        if found:
            self.used.add(found.split(":", 1)[0])
        return found

    def iri(self, iri: str) -> str:
        """Prefixed name, else IRI relative to the base, else the full ``<iri>``."""
        curie = self.curie(iri)
        if curie:
            return curie
        rel = _relative(iri, self.base)
        if rel is not None:
            self.base_used = True
            return iri_ref(rel)
        return iri_ref(iri)

    def header(self) -> str:
        base = f"@base {iri_ref(self.base)} .\n" if self.base_used and self.base else ""
        return base + "".join(
            f"@prefix {p}: {iri_ref(self.prefixes[p])} .\n" for p in sorted(self.used))


def nt_term(term: Node, labels: Mapping[BNode, str]) -> str:
    if isinstance(term, BNode):
        return "_:" + labels.get(term, str(term))
    if isinstance(term, Literal):
        body = quote(str(term))
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^{iri_ref(str(term.datatype))}"
        return body
    return iri_ref(str(term))


def ntriples(triples: Iterable[Triple], labels: Mapping[BNode, str]) -> str:
    """Sorted, duplicate-free N-Triples."""
    lines = {" ".join(nt_term(t, labels) for t in triple) + " .\n" for triple in triples}
    return "".join(sorted(lines))


class _Block:
    """Turtle statements of one graph."""

    def __init__(self, triples: Iterable[Triple], names: Names, labels: Mapping[BNode, str]):
        self.names, self.labels = names, labels
        self.props: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        refs: dict[BNode, int] = defaultdict(int)
        for s, p, o in triples:
            if o not in self.props[s][p]:
                self.props[s][p].add(o)
                if isinstance(o, BNode):
                    refs[o] += 1
        self.inline = {b for b, n in refs.items() if n == 1}
        self.roots = self._roots()

    def _key(self, term: Node) -> tuple[int, str, str, str]:
        return term_sort_key(term, self.labels)

    def _roots(self) -> list[Node]:
        roots = sorted((s for s in self.props if s not in self.inline), key=self._key)
        reached: set[Node] = set()

        def reach(node: Node) -> None:
            stack = [node]
            while stack:
                for objs in self.props.get(stack.pop(), {}).values():
                    for o in objs:
                        if o in self.inline and o not in reached:
                            reached.add(o)
                            stack.append(o)

        for r in roots:
            reach(r)
        # inline candidates only reachable from each other (a cycle) become roots
        for b in sorted(self.inline - reached, key=self._key):
            if b not in reached and b in self.props:
                self.inline.discard(b)
                roots.append(b)
                reached.add(b)
                reach(b)
        return roots

    def term(self, t: Node) -> str:
        if isinstance(t, URIRef):
            return self.names.iri(str(t))
        if isinstance(t, Literal):
            lex = str(t)
            if t.language:
                return f"{quote(lex)}@{t.language}"
            if t.datatype is None:
                return quote(lex)
            short = _SHORT.get(t.datatype)
            if short is not None and short.match(lex):
                return lex
            return f"{quote(lex)}^^{self.term(t.datatype)}"
        return nt_term(t, self.labels)

    def _object(self, o: Node, level: int) -> str:
        if o in self.inline:
            body = self._pairs(o, level + 1)
            return f"[\n{body}\n{_INDENT * level}]" if body else "[]"
        return self.term(o)

    def _pairs(self, s: Node, level: int) -> str:
        pad = _INDENT * level
        preds = self.props.get(s, {})
        order = sorted(preds, key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for p in order:
            verb = "a" if p == RDF.type else self.term(p)
            rendered = [(self._key(o)[0], self._object(o, level)) for o in preds[p]]
            objs = [text for _, text in sorted(rendered)]
            lines.append(f"{pad}{verb} " + (" ,\n" + pad + _INDENT).join(objs))
        return " ;\n".join(lines)

    def render(self, level: int = 0) -> str:
        pad = _INDENT * level
        out = []
        for s in self.roots:
            out.append(f"{pad}{self.term(s)}\n{self._pairs(s, level + 1)} .\n")
        return "\n".join(out)


def turtle(triples: Iterable[Triple], prefixes: Mapping[str, str],
           labels: Mapping[BNode, str], base: str | None = None) -> str:
    """Sorted Turtle of one graph; only the prefixes used are declared."""
    names = Names(prefixes, base)
    body = _Block(triples, names, labels).render()
    return names.header() + "\n" + body


def trig(graphs: Mapping[Node | None, Iterable[Triple]], prefixes: Mapping[str, str],
         labels: Mapping[BNode, str], base: str | None = None) -> str:
    """Sorted TriG: one block per graph (key None is the default graph), graphs by name."""
    names = Names(prefixes, base)
    blocks = []
    keys = sorted(graphs, key=lambda g: "" if g is None else "~" + str(g))
    for g in keys:
        body = _Block(graphs[g], names, labels).render(1)
        head = "" if g is None else _graph_name(g, names) + " "
        blocks.append(f"{head}{{\n{body}}}\n")
    return names.header() + "\n" + "\n".join(blocks)


def _graph_name(g: Node, names: Names) -> str:
    if isinstance(g, URIRef):
        return names.iri(str(g))
    return "_:" + str(g)
