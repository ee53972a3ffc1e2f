"""Writing one report graph into an Oxigraph store, in one transaction, keeping the union.

The default graph holds the set union of the report graphs (queries read it, so a triple several
reports state matches once). `write_graph` picks the cheapest atomic way to replace a graph.
"""

from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from reportgraph.graph.base import INDEX_GRAPHS
from reportgraph.graph.oxterms import _in_default, _line, ox_term
from reportgraph.graph.sparql import sparql_term

#: told the triples a write adds to or removes from the union (graph/changes.py), or None when
#: the write's changes to the union are not known
Changed = Callable[[Iterable[ox.Quad] | None], None]


def _ignore(_quads: Iterable[ox.Quad] | None) -> None:
    pass


def write_graph(store: ox.Store, g: ox.NamedNode, quads: set[ox.Quad], *, index: bool,
                materialized: bool, changed: Changed = _ignore) -> None:
    """Replace graph `g` by `quads` atomically (an index graph stays out of the union).

    A graph that is not in the store yet is written with one `Store.extend` (atomic: all quads or
    none). Replacing a graph writes only the difference between the old and the new triples, as
    one SPARQL update (`DELETE DATA … ; INSERT DATA …`, atomic as well). Either way the default
    graph stays the set union of the report graphs: a new triple enters it, a triple leaves it
    when no other graph still states it. A store written before the union was kept gets it in
    the same update. `changed` is told which triples the write may add to or remove from the
    union (a superset), or None when that is not known (the pattern-matching path).
    """
    if index:  # the store's own graph: not part of the union
        replace_index(store, g, quads)
    elif not materialized:
        changed(None)
        replace_by_update(store, g, quads, build_union=True)
    else:
        old = set(store.quads_for_pattern(None, None, None, g))
        if not old:
            if quads:
                union = [_in_default(q) for q in quads]
                changed(union)
                store.extend(list(quads) + union)
        elif any(isinstance(t, ox.BlankNode) for q in old for t in (q.subject, q.object)):
            changed(None)
            replace_by_update(store, g, quads, build_union=False)
        else:
            changed(old ^ quads)
            replace_difference(store, g, old, quads)


def replace_index(store: ox.Store, g: ox.NamedNode, new: set[ox.Quad]) -> None:
    """One update writing what changed in an index graph (kept out of the default graph)."""
    old = set(store.quads_for_pattern(None, None, None, g))
    removed, added = old - new, new - old
    parts = [f"{verb} DATA {{ GRAPH {g} {{\n" + "\n".join(_line(q) for q in quads) + "\n} }"
             for verb, quads in (("DELETE", removed), ("INSERT", added)) if quads]
    if parts:
        store.update(" ;\n".join(parts))

def replace_subjects(store: ox.Store, g: ox.NamedNode, subjects: Iterable[Node],
                     triples: Iterable[tuple[Node, Node, Node]]) -> None:
    """One update replacing, in index graph `g`, every triple of `subjects` by `triples`."""
    parts = [f"DELETE WHERE {{ GRAPH {g} {{ {ox.NamedNode(str(s))} ?p ?o }} }}" for s in subjects]
    lines = "\n".join(f"{ox_term(s)} {ox_term(p)} {ox_term(o)} ." for s, p, o in triples)
    parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{lines}\n}} }}")
    store.update(" ;\n".join(parts))


def replace_difference(store: ox.Store, g: ox.NamedNode, old: set[ox.Quad],
                        new: set[ox.Quad]) -> None:
    """One update writing what changed: the graph's removed and added quads; in the default
    graph the added triples, and the removed ones that no report graph states any more."""
    removed, added = old - new, new - old
    if not removed and not added:
        return
    parts = []
    if removed:
        named = "\n".join(_line(q) for q in removed)
        rows = "\n".join(f"({q.subject} {q.predicate} {q.object})" for q in removed)
        parts.append(f"DELETE DATA {{ GRAPH {g} {{\n{named}\n}} }}")
        parts.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
                     "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } }")
    if not new:
        parts.append(f"DROP SILENT GRAPH {g}")
    if added:
        lines = "\n".join(_line(q) for q in added)
        parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{lines}\n}}\n{lines}\n}}")
    store.update(" ;\n".join(parts))

def replace_by_update(store: ox.Store, g: ox.NamedNode, new: set[ox.Quad], *,
                       build_union: bool) -> None:
    """The general path (blank nodes in the old graph, or a store without the union yet):
    one update that drops the graph and maintains the default graph by pattern matching."""
    update = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
              f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {g}) }} }} ;\n"
              f"DROP SILENT GRAPH {g}")
    if new:
        update += (f" ;\nINSERT DATA {{ GRAPH {g} {{\n" + "\n".join(_line(q) for q in new)
                   + "\n} }" + f" ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
    if build_union:
        update = ("INSERT { ?s ?p ?o } WHERE { GRAPH ?x { ?s ?p ?o } "
                  f"FILTER(!STRSTARTS(STR(?x), {sparql_term(Literal(INDEX_GRAPHS))})) }} ;\n"
                  + update)
    store.update(update)
