"""A hub's first views from rows stored at build time, instead of read from the graph per server
process and data version.

A hub (an entity with many links: a country, a ministry, a fund; serve/hub_build.py chooses and
computes them) costs 40-60 ms of reading the graph on its first view (its totals, own values,
sorted sections, the first pages of facts and mentions with their sentences), where another
entity costs 2-4 ms. The build stores what those pages read, as the page functions returned it
(serve/data.py `entity`, `incoming_of`, serve/facts.py `facts_page`), in the index graph
`<…/index/hubs>` with the data version it was computed at:

    <…/index/hubs> idx:version "…" ; idx:size 41 .
    <…/index/hubs/3> idx:entity <https://w3id.org/reportgraph/id/place/latvija> ; idx:rows "{…}" .

`seed` puts them into the memo of a store handle (serve/access.py `Access.memo`: one state of
the graph) when they are current for that state: the store's data version is theirs (queries/
serve/hub-index.rq). After a build wrote report graphs and before it brought the rows up to date,
or for a store written before they were kept, nothing is seeded and the pages read the graph,
which gives the same values (tests/test_serve_hub_rows.py compares the pages byte for byte).

The values are keyed in the memo as the page functions look them up (serve/facts.py `stored`):
("own", iri) the rows of entity-out, ("why page", iri, facts, mentions) what `facts_page`
returns, ("sections", iri, properties, probe) what `incoming_of` returns for the first pages of
those properties, and each other end of the pages' facts its written forms (as
`surface_forms_of` keeps them). Terms are JSON cells (graph/cells.py).
"""

import json
from collections.abc import Mapping

from rdflib import URIRef
from rdflib.term import Node

from reportgraph.graph.base import INDEX_GRAPHS
from reportgraph.graph.cells import decode, encode
from reportgraph.graph.store import Store
from reportgraph.serve.facts import Lazy, Listed, kept, rows_of
from reportgraph.serve.queries import bound, text

#: the index graph holding the hubs' rows
GRAPH = URIRef(INDEX_GRAPHS + "hubs")
#: the memo's key of the set of hubs whose rows are current for the memo's state of the graph
INDEX_KEY = ("hub index",)


def hub_iri(n: int) -> URIRef:
    return URIRef(f"{GRAPH}/{n}")


def current_hubs(store: Store) -> frozenset[URIRef]:
    """The entities whose stored rows are current for `store`'s state (none when they were
    computed at another data version, or never)."""
    rows = rows_of(store.query(text("hub-index")))
    return frozenset(e for e, version, now in rows
                     if isinstance(e, URIRef) and version is not None and version == now)


def stored_version(store: Store) -> str | None:
    """The data version the hubs' rows were computed at (None: never stored)."""
    versions = {str(v) for _e, v, _now in rows_of(store.query(text("hub-index"))) if v is not None}
    return versions.pop() if len(versions) == 1 else None


def seed(store: Store, iri: URIRef, memo: dict) -> bool:
    """Put `iri`'s stored rows into `memo` when it is a hub and they are current for `store`
    (once per memo: later calls only look); whether they are there."""
    if iri not in kept(memo, INDEX_KEY, lambda: current_hubs(store)):
        return False
    return kept(memo, ("hub rows", iri), lambda: _seed(store, iri, memo))


def _seed(store: Store, iri: URIRef, memo: dict) -> bool:
    found = [r for (r,) in rows_of(store.query(bound(text("hub-rows"), {"entity": iri})))
             if r is not None]
    if len(found) != 1:
        return False
    for key, value in decode_values(iri, str(found[0])).items():
        memo.setdefault(key, value)  # a value read meanwhile is the same
    return True


# ------------------------------------------------------------------ the values as JSON

def _rows(rows: object) -> list:
    return [[encode(t) for t in row] for row in rows]  # type: ignore[union-attr]


def _unrows(cells: list) -> list[tuple]:
    """The rows of terms; a cell repeated (a predicate, a report, a sentence's text in each of
    its facts) is made into a term once."""
    made: dict[object, Node | None] = {}
    out = []
    for row in cells:
        terms = []
        for c in row:
            key = c if c is None or isinstance(c, str) else tuple(c)
            term = made.get(key, made)
            if term is made:
                term = made[key] = decode(c)
            terms.append(term)
        out.append(tuple(terms))
    return out


def _listed(x: Listed) -> list:
    return [x.page, x.size, x.shown, x.total, x.more]


def encode_values(iri: URIRef, memo: Mapping[object, object]) -> str:
    """The JSON of the values a recording memo (serve/facts.py RECORD) holds for `iri`'s pages."""
    out: dict[str, list] = {"own": [], "why": [], "sections": [], "forms": []}
    for key, value in memo.items():
        if isinstance(key, Node):
            out["forms"].append([encode(key), list(value)])  # type: ignore[call-overload]
        elif not isinstance(key, tuple) or len(key) < 2 or key[1] != iri:
            continue
        elif key[0] == "own":
            out["own"] = _rows(value)
        elif key[0] == "why page":
            rows, facts, mentions = value  # type: ignore[misc]
            out["why"].append([key[2], key[3], _rows(rows), _listed(facts), _listed(mentions)])
        elif key[0] == "sections":
            inc, counts = value  # type: ignore[misc]
            out["sections"].append([
                None if key[2] is None else list(key[2]), key[3],
                [[p, [[encode(x), label, kind] for x, label, kind in xs]] for p, xs in inc.items()],
                list(counts.items())])
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def decode_values(iri: URIRef, data: str) -> dict[object, object]:
    """The memo's values `encode_values` wrote, keyed as the page functions look them up; the
    rows are made into terms when first looked up (`Lazy`): a page decodes what it shows."""
    got = json.loads(data)
    out: dict[object, object] = {}
    if got["own"]:
        out["own", iri] = Lazy(lambda: _unrows(got["own"]))
    for facts, mentions, rows, listed_facts, listed_mentions in got["why"]:
        out["why page", iri, facts, mentions] = Lazy(lambda r=rows, f=listed_facts, m=listed_mentions: (
            _unrows(r), Listed(*f), Listed(*m)))
    for wanted, probe, inc, counts in got["sections"]:
        out["sections", iri, None if wanted is None else tuple(wanted), probe] = Lazy(
            lambda inc=inc, counts=counts: (
                {p: [(decode(x), label, kind) for x, label, kind in xs] for p, xs in inc},
                dict(counts)))
    for node, forms in got["forms"]:
        out[decode(node)] = forms
    return out


__all__ = ["GRAPH", "INDEX_KEY", "current_hubs", "decode_values", "encode_values", "hub_iri",
           "seed", "stored_version"]
