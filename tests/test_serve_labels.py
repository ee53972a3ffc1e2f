"""Every name an entity page shows is in the page's language: the properties of its facts and
statements and the vocabulary terms among their values (classes, funds) have a Latvian and an
English label (serve/labels.py: the ontology's rdfs:label / skos:prefLabel, the standard terms'
table), and a Latvian page shows no English label as a heading (nor an English page a Latvian
one). Walks every subject of the sample report's graph."""

import html
import re
import warnings

import pytest
from rdflib import URIRef

from reportgraph.graph.store import open_store_for_reading
from reportgraph.serve import data, entity_view
from reportgraph.serve.i18n import _FACTS
from reportgraph.serve.labels import has_label, heading, term_label

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from reportgraph.serve.app import create_app

ID = "https://w3id.org/reportgraph/id/"
FUND = "https://w3id.org/reportgraph/fund/"


@pytest.fixture(scope="module")
def shown(sample_store_path) -> dict[URIRef, tuple[str, set[str]]]:
    """subject -> (its kind, the vocabulary terms its page names: the properties of its facts
    and statements, the vocabulary IRIs among the statements' values)."""
    out = {}
    with open_store_for_reading(sample_store_path) as s:
        subjects = [r[0] for r in s.query(
            "SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(isIRI(?s)) } ORDER BY ?s").rows]
        for iri in subjects:
            e = data.entity(s, iri, sections=entity_view.in_predicates)
            assert e is not None, iri
            terms = {str(f.predicate) for f in e.facts if f.direction != "mention"}
            for p, values in e.out.items():
                if p in entity_view.HIDDEN:
                    continue
                terms.add(p)
                terms |= {str(v) for v, _ in values if isinstance(v, URIRef)
                          and str(v).startswith(entity_view.VOCABULARIES)}
            out[iri] = (e.kind, terms)
    return out


def test_serve_labels_every_term_on_the_pages_is_named_in_both_languages(shown) -> None:
    assert len(shown) > 1000
    terms = set().union(*(t for _k, t in shown.values()))
    assert len(terms) > 80  # properties and classes of every kind of page
    missing = sorted(f"{t} ({lang})" for t in terms for lang in ("lv", "en")
                     if not has_label(t, lang))
    assert not missing, missing
    # the facts' own names (i18n) in both languages, singular and plural
    for forms in _FACTS.values():
        assert all(forms) and len(forms) == 4


def _headings(page: str) -> list[str]:
    """The names a page gives its rows: the summary's, the facts' and the statements'."""
    found = re.findall(r"<dt>(.*?)</dt>|<th scope=\"row\">(.*?)</th>", page, re.DOTALL)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", a or b)).split()) for a, b in found]


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_serve_labels_a_page_names_its_rows_in_its_language(sample_store_path, shown,
                                                             lang: str) -> None:
    other = "en" if lang == "lv" else "lv"
    foreign = {}  # a term's label in the other language, where the two differ or it has no
    for _kind, terms in shown.values():  # label of this language (then the other's is shown)
        for t in terms:
            mine, theirs = term_label(t, lang), term_label(t, other)
            if not has_label(t, lang) or heading(theirs).lower() != heading(mine).lower():
                foreign[heading(theirs)] = t
    checked = 0
    with TestClient(create_app(sample_store_path)) as c:
        for iri, (kind, _terms) in shown.items():
            if kind == "other" and checked % 7:  # every 7th of the sentences, cells, selectors
                checked += 1
                continue
            path = ("/id/" + iri[len(ID):] if iri.startswith(ID) else
                    "/fund/" + iri[len(FUND):] if iri.startswith(FUND) else None)
            if path is None or kind == "report":
                continue
            r = c.get(path, params={"lang": lang}, headers={"accept": "text/html"})
            assert r.status_code == 200, (path, r.status_code)
            wrong = [h for h in _headings(r.text) if h.lstrip("← ") in foreign]
            assert not wrong, (path, lang, [(h, foreign[h.lstrip("← ")]) for h in wrong])
            checked += 1
    assert checked > 300
