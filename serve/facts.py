"""The facts of an entity page and their sources, a page at a time: the rows of the named query
`why` (queries/why.rq) read in parts (queries/serve/entity-facts.rq, entity-mentions.rq, both at
once in entity-why.rq, and entity-sources.rq: the same graph patterns), each sentence's details
read once.

A page holds at most `FACTS_PAGE` facts (one per fact and sentence) and `MENTIONS_PAGE`
mentioning sentences; the totals come from a COUNT query, run only when a list does not fit on
its first page. Within a page the rows are in why's order (`fact_order`); the pages of a hub's
list (a country mentioned in thousands of sentences) follow the store's order, since sorting
all of them would decode every term first (seconds at 1M triples). An entity whose lists fit
on one page gets exactly why's rows, in its order. A hub's pages, totals and the sentences'
details are kept per store handle (`kept`), and requests asking for the same one at the same
moment (the pages of one hub opened together) wait for the one reading it instead of each
reading it again.
"""

import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.term import Node

from reportgraph.graph.results import SelectResult
from reportgraph.graph.store import Store
from reportgraph.serve import direct
from reportgraph.serve.queries import bound, paged, text

#: facts (fact x sentence rows) per page
FACTS_PAGE = 50
#: mentioning sentences per page
MENTIONS_PAGE = 50
#: the last page number a request may ask for
MAX_PAGE = 100_000
#: written forms kept per state of the graph at most (then the memo starts again)
MAX_MEMO = 100_000

Row = tuple[Node | None, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Listed:
    """Where a page of a list is: its number (from 1), size, rows shown and the list's total."""

    page: int
    size: int
    shown: int
    total: int
    #: whether a next page has rows (read, not computed from the total)
    more: bool = False

    @property
    def first(self) -> int:
        return (self.page - 1) * self.size + 1 if self.shown else 0

    @property
    def last(self) -> int:
        return self.first + self.shown - 1 if self.shown else 0

    @property
    def paged(self) -> bool:
        return self.more or self.page > 1


def rows_of(result: object) -> tuple[Row, ...]:
    return result.rows if isinstance(result, SelectResult) else ()


def page_number(value: object) -> int:
    """A page number from a request (1 when missing or not a number, at most MAX_PAGE)."""
    try:
        return max(1, min(MAX_PAGE, int(str(value))))
    except (TypeError, ValueError):
        return 1


def _page(store: Store, name: str, iri: URIRef, size: int, page: int) -> tuple[Row, ...]:
    """Up to size + 1 rows of page `page` (the extra row says that there is more)."""
    return rows_of(store.query(paged(bound(text(name), {"entity": iri}), size + 1,
                                     (page - 1) * size)))


def counts_of(store: Store, iri: URIRef) -> dict[str, int]:
    """direction ('out', 'in', 'mention') -> the number of its rows."""
    found = rows_of(store.query(bound(text("entity-fact-counts"), {"entity": iri})))
    return {str(d): int(n) for d, n in found if d is not None and n is not None}


#: a memo holding this key (True) records what the page functions return, under the keys
#: `stored` looks up (serve/hub_build.py computes a hub's stored rows so)
RECORD = ("record",)


class Lazy:
    """A value in a memo made when it is first looked up (`stored`): a hub's stored rows are
    decoded into terms only for the pages asked."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def stored(memo: dict | None, key: tuple) -> object | None:
    """What a page function returned for `key` on this state of the graph, when the memo holds
    it: a hub's rows stored at build time (serve/hub_rows.py `seed`), else None (then it reads
    the graph). Only a hub's stored rows and a recording memo put such values there."""
    value = None if memo is None else memo.get(key)
    if isinstance(value, Lazy):
        value = value.make()  # two requests at once may both make it: the same value
        memo[key] = value  # type: ignore[index]
    return value


def recorded(memo: dict | None, key: tuple, value: T) -> T:
    """`value`, kept under `key` when the memo records (RECORD)."""
    if memo is not None and memo.get(RECORD):
        memo[key] = value
    return value


def facts_page(store: Store, iri: URIRef, facts: int = 1, mentions: int = 1,
               memo: dict | None = None) -> tuple[list[Row], Listed, Listed]:
    """The rows of `why` for `iri` that a page shows, in its order: (direction, predicate, other,
    otherLabel, report, sentence, text, start, end, page); with where the page of facts and the
    page of mentions are in their lists. `memo` (values read from this state of the graph) keeps
    the totals for the next pages, and may hold the answer (a hub's stored rows, `stored`)."""
    key = ("why page", iri, facts, mentions)
    known = stored(memo, key)
    if known is not None:
        return known  # type: ignore[return-value]
    return recorded(memo, key, _facts_page(store, iri, facts, mentions, memo))


def _facts_page(store: Store, iri: URIRef, facts: int, mentions: int, memo: dict | None
                ) -> tuple[list[Row], Listed, Listed]:
    match = direct.reader(store)
    if facts == mentions == 1:  # most entities: both lists whole in one query (or lookups)
        both = (_page(store, "entity-why", iri, FACTS_PAGE + MENTIONS_PAGE, 1) if match is None
                else direct.why_rows(match, iri, FACTS_PAGE, MENTIONS_PAGE))  # None: a hub
        found = tuple(r for r in both or () if str(r[0]) != "mention")
        said = tuple((d, p, s) for d, p, _o, _l, s in both or () if str(d) == "mention")
        if both is not None and len(both) <= FACTS_PAGE + MENTIONS_PAGE \
                and len(found) <= FACTS_PAGE and len(said) <= MENTIONS_PAGE:
            rows = [*_merged_labels(found), *((d, p, None, None, s) for d, p, s in said)]
            return (with_sources(store, rows), Listed(1, FACTS_PAGE, len(found), len(found)),
                    Listed(1, MENTIONS_PAGE, len(said), len(said)))
    # a hub: its pages share a list's page (?facts=2 shows the first page of mentions again),
    # so each page of a list is kept in `memo` with its sentences' details, and so are the
    # totals; requests asking for the same page at once read it once (`kept`)
    found, read_facts, merged_facts, more_facts = kept(
        memo, ("facts", iri, facts), lambda: _with_sources_of_page(
            store, _page(store, "entity-facts", iri, FACTS_PAGE, facts), FACTS_PAGE, memo,
            _merged_labels))
    said, read_mentions, _merged, more_mentions = kept(
        memo, ("mentions", iri, mentions), lambda: _with_sources_of_page(
            store, _page(store, "entity-mentions", iri, MENTIONS_PAGE, mentions), MENTIONS_PAGE,
            memo, lambda rows: [(d, p, None, None, s) for d, p, s in rows]))
    totals: dict[str, int] | None = None
    if more_facts or more_mentions or facts > 1 or mentions > 1:
        totals = kept(memo, ("fact counts", iri), lambda: counts_of(store, iri))
    fact_total = (totals.get("out", 0) + totals.get("in", 0)) if totals else merged_facts
    mention_total = totals.get("mention", 0) if totals else read_mentions
    listed_facts = Listed(facts, FACTS_PAGE, read_facts, fact_total, more_facts)
    listed_mentions = Listed(mentions, MENTIONS_PAGE, read_mentions, mention_total, more_mentions)
    return [*found, *said], listed_facts, listed_mentions


def _with_sources_of_page(store: Store, page: tuple[Row, ...], size: int, memo: dict | None,
                          rows: Callable[[tuple[Row, ...]], list[Row]]
                          ) -> tuple[list[Row], int, int, bool]:
    """A page of a hub's list (its `size` first rows of the `size` + 1 read, as `rows` makes
    them) joined with its sentences' details; the rows read and made, and whether a next page
    has rows."""
    made = rows(page[:size])
    return with_sources(store, made, memo), len(page[:size]), len(made), len(page) > size


#: the locks of the values being read for `kept`, by memo and key
_READING: dict[tuple[int, tuple], threading.Lock] = {}
_READING_LOCK = threading.Lock()


def kept(memo: dict | None, key: tuple, read: Callable[[], T]) -> T:
    """memo[key], read when missing (the memo starts again past MAX_MEMO values). Requests that
    ask for a missing value at the same time wait for the one reading it (a hub's three pages,
    asked at once, read its totals, lists and sections once)."""
    if memo is None:
        return read()
    value = memo.get(key)
    if value is not None:
        return value  # type: ignore[return-value]
    with _READING_LOCK:
        lock = _READING.setdefault((id(memo), key), threading.Lock())
    try:
        with lock:
            value = memo.get(key)
            if value is None:
                value = read()
                if len(memo) > MAX_MEMO:
                    memo.clear()
                memo[key] = value
    finally:
        with _READING_LOCK:
            if _READING.get((id(memo), key)) is lock:
                del _READING[(id(memo), key)]
    return value  # type: ignore[return-value]


def facts_of(store: Store, iri: URIRef) -> list[Row]:
    """The first page's rows of `why` for `iri` (every row when its lists fit on one page)."""
    return facts_page(store, iri)[0]


def _merged_labels(found: tuple[Row, ...]) -> list[Row]:
    """(direction, predicate, other, label, sentence) rows -> one per fact and sentence with the
    smallest label of the other end (why's MIN(STR(?ol)))."""
    labels: dict[tuple, list[str]] = {}
    for direction, predicate, other, label, sentence in found:
        kept = labels.setdefault((direction, predicate, other, sentence), [])
        if label is not None:
            kept.append(str(label))
    return [(d, p, o, Literal(min(ls)) if ls else None, s) for (d, p, o, s), ls in labels.items()]


def with_sources(store: Store, facts: list[Row], memo: dict | None = None) -> list[Row]:
    """(direction, predicate, other, label, sentence) rows joined with their sentences' details
    (one query for all the sentences, or lookups), in why's order; `memo` (values read from this
    state of the graph) keeps the details of the sentences."""
    sentences = list(dict.fromkeys(f[4] for f in facts if isinstance(f[4], URIRef)))
    details: dict[Node, list[tuple]] = {}
    if memo is not None:
        for x in sentences:
            known = memo.get(("sentence", x))
            if known is not None:
                details[x] = known
        sentences = [x for x in sentences if x not in details]
    if sentences:
        read: dict[Node, list[tuple]] = defaultdict(list)
        match = direct.reader(store)
        for sentence, report, txt, start, end, page in (rows_of(store.query(bound(
                text("entity-sources"), [{"sentence": x} for x in sentences]))) if match is None
                else direct.source_rows(match, sentences)):
            read[sentence].append((report, txt, start, end, page))
        details.update(read)
        if memo is not None:
            for x in sentences:
                kept(memo, ("sentence", x), lambda x=x: read.get(x, []))
    return sorted(((direction, predicate, other, label, report, sentence, txt, start, end, page)
                   for direction, predicate, other, label, sentence in facts
                   for report, txt, start, end, page in details.get(sentence)
                   or [(None,) * 5]), key=fact_order)


_RANK = {"out": 0, "in": 1}


def fact_order(row: tuple) -> tuple:
    """The order of `why` (ORDER BY the direction out, in, mention, then ?predicate ?other
    ?report ?start ?sentence; an unbound value first, IRIs before literals, ?start by number)."""
    direction, predicate, other, _label, report, sentence, _text, start = row[:8]
    number = as_int(start)
    return (_RANK.get(str(direction), 2), str(predicate),
            (other is not None, isinstance(other, Literal), str(other or "")),
            (report is not None, str(report or "")),
            (start is not None, number if number is not None else 0), str(sentence or ""))


def as_int(term: Node | None) -> int | None:
    try:
        return int(term) if term is not None else None
    except (TypeError, ValueError):
        return None


def surface_forms_of(store: Store, iris: list[URIRef],
                     memo: dict[Node, list[str]] | None = None) -> dict[URIRef, list[str]]:
    """The written forms of several entities in one query; `memo` (forms already read from the
    same state of the graph, see `Access.read_memo`) is used and filled."""
    memo = {} if memo is None else memo
    known = {i: memo.get(i) for i in dict.fromkeys(iris)}
    missing = [i for i, forms in known.items() if forms is None]
    if missing:
        found: dict[Node, list[str]] = {i: [] for i in missing}
        match = direct.reader(store)
        for s, form in (rows_of(store.query(bound(text("entity-surfaces"),
                                                  [{"s": i} for i in missing])))
                        if match is None else direct.surface_rows(match, missing)):
            found.setdefault(s, []).append(str(form))
        for forms in found.values():  # in one order whoever read them (the lookups or the query)
            forms.sort()
        if len(memo) > MAX_MEMO:
            memo.clear()
        memo.update(found)
        known.update(found)
    return {i: known[i] for i in iris}  # type: ignore[misc]


def literal_forms(term: Node) -> list[str]:
    """How a literal value may be written in a report (an amount as 32 005 188 or 32005188)."""
    txt = str(term)
    if isinstance(term, Literal) and re.fullmatch(r"\d+(\.\d+)?", txt):
        whole = txt.split(".")[0]
        grouped = f"{int(whole):,}".replace(",", " ")
        return sorted({whole, grouped, grouped.replace(" ", "\u00a0"), f"{int(whole):,}".replace(
            ",", ".")}, key=len, reverse=True)
    return [txt] if len(txt) >= 3 else []

