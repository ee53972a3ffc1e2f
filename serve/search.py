"""Search across projects, actors, places and events: case- and diacritics-insensitive
("kuldiga" finds Kuldīga), tolerant of Latvian inflection (Kuldīgā, Kuldīgas), ranked.

Every name an entity has (rdfs:label, skos:altLabel, rg:acronym, the written forms rg:surfaceForm)
is folded (lower case, no diacritics) and each word cut to a stem by dropping a common Latvian
case ending; a query matches a name when every query word's stem starts a word stem of the name.
Projects and events are also found through the names of their places (ranked below a name match;
the kinds are told apart here, not in the query: a FILTER inside a UNION branch cannot see ?kind).
The index is built from one SPARQL query and kept until the store changes; a search scores only
the entries that have a word starting with each query stem (found by bisection in the sorted
stems), not every entry.
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import URIRef

from reportgraph.graph.store import Store
from reportgraph.serve import queries as page_queries

#: case endings dropped from a word (longest first); a stem keeps at least 3 letters
_ENDINGS = sorted(("ajiem", "ajām", "ajam", "ajai", "ajos", "ajās", "iem", "ām", "ās", "ai", "ei",
                   "es", "is", "us", "os", "as", "ie", "am", "em", "im", "um", "ā", "a", "e", "i",
                   "u", "s", "š", "o", "ē", "ī", "ū"), key=len, reverse=True)
_ENDINGS_FOLDED = sorted({"".join(c for c in unicodedata.normalize("NFKD", e)
                                  if not unicodedata.combining(c)) for e in _ENDINGS},
                         key=len, reverse=True)
_WORD = re.compile(r"\w+")
MAX_QUERY = 200

KINDS = ("project", "actor", "place", "event")
#: kinds also found through the names of their places (schema:location)
VIA_PLACE = ("project", "event")

def fold(text: str) -> str:
    """Lower case without diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A folded word without its case ending (at least 3 letters kept)."""
    for ending in _ENDINGS_FOLDED:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(fold(text)))


@dataclass
class Hit:
    iri: URIRef
    kind: str
    label: str
    score: float
    matched: str


@dataclass
class _Name:
    folded: str
    stems: tuple[str, ...]
    via_place: bool


@dataclass
class _Entry:
    iri: URIRef
    kind: str
    label: str
    names: list[_Name] = field(default_factory=list)


class SearchIndex:
    """Names of the entities, folded and stemmed."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
        # every word stem, sorted, with the entries that have it: the entries whose words start
        # with a query stem are a range of this list (bisect), so a search scores only those
        owners: dict[str, set[int]] = {}
        for i, e in enumerate(entries):
            for n in e.names:
                for w in n.stems:
                    owners.setdefault(w, set()).add(i)
        self._stems = sorted(owners)
        self._owners = [owners[w] for w in self._stems]

    def labels(self) -> dict[URIRef, str]:
        """IRI -> the label of every entry (kept with the index)."""
        found = getattr(self, "_labels", None)
        if found is None:
            found = self._labels = {e.iri: e.label for e in self.entries}
        return found

    def _with_prefix(self, prefix: str) -> set[int]:
        """The entries with a word stem that starts with `prefix`."""
        found: set[int] = set()
        i = bisect.bisect_left(self._stems, prefix)
        while i < len(self._stems) and self._stems[i].startswith(prefix):
            found |= self._owners[i]
            i += 1
        return found

    @classmethod
    def build(cls, store: Store) -> "SearchIndex":
        result = store.query(page_queries.text("search-index"))
        by_iri: dict[tuple[str, URIRef], _Entry] = {}
        seen: set[tuple[str, URIRef, str, bool]] = set()
        for row in result.dicts():  # type: ignore[union-attr]
            kind, iri = str(row["kind"]), URIRef(row["s"])
            name, via = str(row.get("name", "")), "via" in row
            if not name or (via and kind not in VIA_PLACE) or (kind, iri, name, via) in seen:
                continue
            seen.add((kind, iri, name, via))
            entry = by_iri.setdefault((kind, iri), _Entry(iri, kind, str(row["label"])))
            entry.names.append(_Name(fold(name), stems(name), via))
        return cls(list(by_iri.values()))

    def search(self, query: str, kinds: tuple[str, ...] = KINDS, limit: int = 50) -> list[Hit]:
        query = query[:MAX_QUERY]
        q_folded = " ".join(_WORD.findall(fold(query)))
        q_stems = stems(query)
        if not q_stems:
            return []
        candidates: set[int] | None = None
        for q in sorted(set(q_stems), key=len, reverse=True):
            found = self._with_prefix(q)
            candidates = found if candidates is None else candidates & found
            if not candidates:
                return []
        hits: list[Hit] = []
        for e in (self.entries[i] for i in sorted(candidates or ())):
            if e.kind not in kinds:
                continue
            best, matched = 0.0, ""
            for n in e.names:
                score = _score(q_folded, q_stems, n)
                if score > best:
                    best, matched = score, n.folded
            if best:
                hits.append(Hit(e.iri, e.kind, e.label, best, matched))
        hits.sort(key=lambda h: (-h.score, KINDS.index(h.kind), fold(h.label), str(h.iri)))
        return hits[:limit]


def _score(q_folded: str, q_stems: tuple[str, ...], name: _Name) -> float:
    words = name.stems
    if not all(any(w.startswith(q) for w in words) for q in q_stems):
        return 0.0
    exact = sum(1 for q in q_stems if q in words)
    if " ".join(_WORD.findall(name.folded)) == q_folded:
        score = 100.0
    elif exact == len(q_stems) and len(words) == len(q_stems):
        score = 90.0
    else:
        score = 40.0 + 30.0 * exact / len(q_stems) + 10.0 * len(q_stems) / max(len(words), 1)
    return score * (0.3 if name.via_place else 1.0)
