"""The analysts' pages: home, search, entity pages (project, actor, place, event, report) and
the consistency checks. Every page reads the graph through `app.state.access`."""

import urllib.parse

from fastapi import APIRouter
from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse

from reportgraph.graph.sparql import iri_problem
from reportgraph.queries.checks import counts, run_checks
from reportgraph.serve import data, entity_view, render
from reportgraph.serve.cache import cached, read, read_memo
from reportgraph.serve.render import error_page, lang_of, page
from reportgraph.serve.search import KINDS, MAX_QUERY, SearchIndex

router = APIRouter()

#: the questions on the home page: (lv, en, path)
QUESTIONS = (
    ("Kuri ESF projekti notiek Kurzemē?", "Which ESF projects reach Kurzeme?",
     "/queries/projects-by-fund-region?fund=ESF&region=Kurzeme"),
    ("Cik finansējuma saņem katrs plānošanas reģions no katra fonda?",
     "How much funding does each planning region get from each fund?", "/charts"),
    ("Kur notiek projekti?", "Where do the projects take place?", "/map"),
    ("Visi projekti ar summām un īstenotājiem", "All projects with amounts and implementers",
     "/queries/projects"),
    ("Kuri skaitļi vai nosaukumi pārskatos nesakrīt?",
     "Which figures or names in the reports do not agree?", "/checks"),
    ("Kuras organizācijas īsteno visvairāk projektu?", "Which organisations implement most projects?",
     "/queries/actors?sort=projects&desc=1"),
)


def overview(request: Request) -> dict:
    return cached(request, "overview", data.overview)


def search_index(request: Request) -> SearchIndex:
    return cached(request, "search", SearchIndex.build)


def report_titles(request: Request) -> dict:
    """Report IRI -> its title (for links to reports)."""
    o = overview(request)
    titles = o.get("titles")
    if titles is None:  # kept with the overview of this data stamp
        titles = o["titles"] = {r["report"]: str(r.get("title", r["report"])) for r in o["reports"]}
    return titles


def findings(request: Request) -> list:
    return cached(request, "findings", run_checks)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    questions = [(lv if lang == "lv" else en, path) for lv, en, path in QUESTIONS]
    return page(request, "home.html", o=overview(request), questions=questions)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", kind: str = "") -> HTMLResponse:
    q = q[:MAX_QUERY]
    kinds = (kind,) if kind in KINDS else KINDS
    hits = []
    if q.strip():
        index = search_index(request)
        hits = cached(request, ("search", q, kinds), lambda _st: index.search(q, kinds))
    return page(request, "search.html", q=q, search_q=q, kind=kind, kinds=KINDS, hits=hits)


def entity_html(request: Request, iri: str) -> HTMLResponse:
    """The HTML page of any IRI the graph knows (404 page otherwise); serve/machine.py calls it
    for /id/... when the client asks for text/html."""
    problem = iri_problem(iri)
    if problem:
        return error_page(request, 400, f"not an IRI: {iri[:200]}: {problem}")
    node = URIRef(iri)
    asked = entity_view.asked_pages(request.query_params)
    e = read_memo(request, lambda st, memo: data.entity(
        st, node, memo, pages=asked, sections=entity_view.in_predicates))
    if e is None:
        return error_page(request, 404, f"nothing is recorded about <{iri[:300]}>")
    if e.kind == "report":
        return report_page(request, e)
    lang = lang_of(request)
    titles = report_titles(request)
    evidence = entity_view.evidence(e, lang)
    return page(request, "entity.html", e=e, title=entity_view.title(e, lang),
                badge=entity_view.kind_label(e, lang), sections=entity_view.sections(e, lang),
                period=entity_view.period(e), money=entity_view.breakdown(e, lang),
                more=entity_view.summary(e, lang), statements=entity_view.statements(e, lang),
                evidence=evidence, reports=entity_view.reports_of(e), titles=titles,
                items=render.evidence_items(request, evidence["sentences"], titles, lang),
                pager=pager_links(request))


def pager_links(request: Request):
    """href(key, page): this page with `?key=page` (the other query parameters kept)."""
    def href(key: str, number: int) -> str:
        params = dict(request.query_params)
        params[key] = str(number)
        return request.url.path + "?" + urllib.parse.urlencode(params)
    return href


def report_page(request: Request, e: data.Entity) -> HTMLResponse:
    node = e.iri
    sentences, tables = read(request, lambda st: (data.report_text(st, node),
                                                  data.report_tables(st, node)))
    mine = [f for f in findings(request)
            if any(s.report == node for s in f.sides) or f.subject == node]
    return page(request, "report.html", e=e, sentences=sentences, tables=tables, findings=mine,
                statements=entity_view.statements(e, lang_of(request)),
                titles=finding_titles(request, mine))


@router.get("/resource", response_class=HTMLResponse)
def resource(request: Request, iri: str = "") -> HTMLResponse:
    return entity_html(request, iri)


def id_fallback(request: Request, path: str) -> HTMLResponse:
    """/id/<path> as HTML when serve/machine.py (content negotiation) is not there."""
    return entity_html(request, request.app.state.base + urllib.parse.unquote(path))


@router.get("/checks", response_class=HTMLResponse)
def checks(request: Request, severity: str = "") -> HTMLResponse:
    found = findings(request)
    shown = [f for f in found if not severity or f.severity == severity]
    return page(request, "checks.html", findings=shown, counts=counts(found), severity=severity,
                titles=finding_titles(request, shown))


def finding_titles(request: Request, shown: list) -> dict:
    """The names of the reports and of the findings' subjects (a project's label)."""
    titles = dict(report_titles(request))
    if any(f.subject is not None for f in shown):
        labels = search_index(request).labels()
        titles.update({f.subject: labels[f.subject] for f in shown if f.subject in labels})
    return titles
