"""The hubs' first views computed and stored at the end of a build (read by serve/hub_rows.py).

A hub is an entity with at least `HUB_LINKS` links (mentions, facts and the entities pointing to
it by the sections' properties: queries/serve/hubs.rq). For each, the page functions of
serve/data.py run as the server runs them for its first page and the next page of its facts and
of its mentions (`PAGES`), with a memo that records what they return (serve/facts.py RECORD);
those values are written, with the store's data version, into the index graph `<…/index/hubs>`
in one write (all hubs or none: an interrupted refresh leaves the old version's rows, which the
server knows to be out of date). `refresh_hubs` does nothing when they are current already.
"""

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from reportgraph.graph.store import Store
from reportgraph.ontology.namespaces import IDX
from reportgraph.serve import data, entity_view, hub_rows
from reportgraph.serve.facts import RECORD, rows_of
from reportgraph.serve.queries import bound, text

#: links from which an entity's first views are stored (at 1M triples: about 40 entities;
#: an entity with fewer costs the server a few ms to read)
HUB_LINKS = 500
#: the pages stored: the first view, and the next page of the facts and of the mentions
PAGES: tuple[dict[str, int], ...] = ({}, {"facts": 2}, {"mentions": 2})


def hubs(store: Store, threshold: int | None = None) -> list[tuple[URIRef, int]]:
    """The entities with at least `threshold` (default HUB_LINKS) links and their links, most
    linked first."""
    least = Literal(HUB_LINKS if threshold is None else threshold, datatype=XSD.integer)
    found = [(e, int(n)) for e, n in rows_of(store.query(bound(text("hubs"), {"least": least})))
             if isinstance(e, URIRef) and n is not None]
    return sorted(found, key=lambda en: (-en[1], str(en[0])))


def hub_values(store: Store, iri: URIRef) -> str | None:
    """The JSON of what `iri`'s stored pages read (serve/hub_rows.py), None when the graph says
    nothing about it."""
    memo: dict = {RECORD: True, hub_rows.INDEX_KEY: frozenset()}  # read the graph, not old rows
    for pages in PAGES:
        if data.entity(store, iri, memo, pages=pages, sections=entity_view.in_predicates) is None:
            return None
    return hub_rows.encode_values(iri, memo)


def refresh_hubs(store: Store, *, threshold: int | None = None, full: bool = False) -> int | None:
    """Bring the hubs' stored rows up to the store's data (unless current already, or `full`);
    the number of hubs, None for a store without a data version (nothing written yet)."""
    version = store.version()
    if version is None:
        return None
    if not full and hub_rows.stored_version(store) == version:
        return len(hub_rows.current_hubs(store))
    triples: set[tuple] = set()
    n = 0
    for iri, _links in hubs(store, threshold):
        values = hub_values(store, iri)
        if values is not None:
            node = hub_rows.hub_iri(n)
            triples |= {(node, IDX.entity, iri), (node, IDX.rows, Literal(values))}
            n += 1
    triples |= {(hub_rows.GRAPH, IDX.version, Literal(version)),
                (hub_rows.GRAPH, IDX.size, Literal(n, datatype=XSD.integer))}
    store.replace_graph(hub_rows.GRAPH, triples)
    return n
