"""The named queries as forms (parameters as choices of the values the graph holds), their
results as sortable tables with CSV / JSON downloads, and the SPARQL page."""

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from reportgraph.errors import ReportgraphError
from reportgraph.graph.results import SelectResult
from reportgraph.graph.sparql import update_refusal
from reportgraph.graph.store import one_line
from reportgraph.ontology.namespaces import FUND, PREFIXES
from reportgraph.queries import NamedQuery, bind_params, list_queries, load_query
from reportgraph.queries.format import format_result
from reportgraph.queries.listing import Page, run_page
from reportgraph.serve import queries as page_queries
from reportgraph.serve.cache import cached, read
from reportgraph.serve.i18n import column_name, param_text, query_text
from reportgraph.serve.labels import term_label
from reportgraph.serve.pages import overview
from reportgraph.serve.render import cell, error_page, lang_of, page

router = APIRouter()

#: rows of a result table per page
PAGE_ROWS = 100
#: the SPARQL page: time limit (seconds) and rows shown
SPARQL_TIMEOUT = 30.0
SPARQL_ROWS = 1000
MAX_QUERY_TEXT = 100_000

def examples() -> tuple[tuple[str, str], ...]:
    """The SPARQL page's examples (queries/serve/examples/*.rq, by name): (title, query text
    without its header)."""
    return page_queries.examples()


def _in_language(title: str, lang: str) -> str:
    """'Latvian / English' (an example's summary) -> the part in `lang`."""
    parts = title.split(" / ")
    return parts[1 if lang == "en" else 0] if len(parts) == 2 else title


def choices(request: Request, param: str) -> list[tuple[str, str]]:
    """The valid values of a parameter the graph names (fund codes with the funds' names,
    regions, years)."""
    o = overview(request)
    if param == "fund":
        lang = lang_of(request)
        return [(code, term_label(str(FUND) + code, lang) or code) for code in o["funds"]]
    if param == "region":
        return [(r["short"] or r["label"], r["label"]) for r in o["regions"]]
    if param == "year":
        return [(y, y) for y in o["years"]]
    return []


def visible_queries() -> list[NamedQuery]:
    return list_queries()


def texts(named: NamedQuery, lang: str) -> dict[str, str]:
    """The query's title, summary and description in the page's language."""
    title, summary, description = query_text(named.name, lang, named.summary, named.description)
    return {"title": title, "summary": summary, "description": description}


@router.get("/queries", response_class=HTMLResponse)
def queries(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    listed = [{"q": q, **texts(q, lang),
               "params": [param_text(p, lang, q.doc(p))[0] for p in q.params]}
              for q in visible_queries()]
    return page(request, "queries.html", queries=listed)


def _values(request: Request, named: NamedQuery) -> dict[str, str]:
    return {p: request.query_params[p] for p in named.params if p in request.query_params}


@router.get("/queries/{name}.{fmt}")
def download(request: Request, name: str, fmt: str) -> Response:
    """Every row of the query as SPARQL CSV or JSON (what `reportgraph query -f csv|json` gives)."""
    if fmt not in ("csv", "json"):
        return error_page(request, 404, f"no download format {fmt!r} (csv or json)")
    named = load_query(name)
    values = _values(request, named)
    bind_params(named, values)
    answer = cached(request, ("query", name, tuple(sorted(values.items())), 0, None),
                    lambda st: run_page(st, name, values))
    body = format_result(answer.result, fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/sparql-results+json"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/queries/{name}", response_class=HTMLResponse)
def query_form(request: Request, name: str, sort: str = "", desc: int = 0,
               offset: int = 0) -> HTMLResponse:
    named = load_query(name)
    lang = lang_of(request)
    values = _values(request, named)
    params = [{"name": p, "label": param_text(p, lang, named.doc(p))[0],
               "doc": param_text(p, lang, named.doc(p))[1], "value": values.get(p, ""),
               "choices": choices(request, p)} for p in named.params]
    result, total, missing = None, 0, [p for p in named.params if not values.get(p)]
    table = None
    if not missing:
        bind_params(named, values)
        window = Page(max(0, offset), PAGE_ROWS)
        key = ("query", name, tuple(sorted(values.items())), window.offset, window.limit)
        answer = cached(request, key, lambda st: run_page(st, name, values, window))
        result, total = answer.result, answer.total
        table = result_table(request, result, sort, desc, query=name)
    return page(request, "query.html", q=named, text=texts(named, lang), params=params,
                table=table, total=total,
                offset=max(0, offset), page_rows=PAGE_ROWS, sort=sort, desc=desc,
                values=values, qs=request.url.query, download_qs=_download_qs(request, named))


def _download_qs(request: Request, named: NamedQuery) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in request.query_params.items() if k in named.params])


def result_table(request: Request, result: object, sort: str = "", desc: int = 0,
                 query: str = "") -> dict | None:
    """A SELECT result as header + rows of cells, sorted by column `sort` when given; the
    columns of a named `query` headed by their names in the page's language."""
    if not isinstance(result, SelectResult):
        return None
    rows = [[cell(request, t) for t in row] for row in result.rows]
    if sort in result.variables:
        i = result.variables.index(sort)
        filled = [r for r in rows if r[i]["key"] != ""]
        filled.sort(key=lambda r: (isinstance(r[i]["key"], str), r[i]["key"]), reverse=bool(desc))
        rows = filled + [r for r in rows if r[i]["key"] == ""]  # empty cells last either way
    lang = lang_of(request)
    return {"columns": list(result.variables), "rows": rows,
            "headings": [column_name(query, v, lang) if query else v for v in result.variables]}


@router.api_route("/query/sparql", methods=["GET", "POST"], response_class=HTMLResponse)
async def sparql_page(request: Request) -> HTMLResponse:
    """A form for ad hoc SPARQL with the standard prefixes; results as a table."""
    text = request.query_params.get("query", "")
    if request.method == "POST":
        form = await request.form()
        text = str(form.get("query", ""))
    text = text[:MAX_QUERY_TEXT]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    table, boolean, error, truncated = None, None, "", False
    status = 200
    if text.strip():
        refusal = update_refusal(text)
        if refusal:
            error, status = refusal, 400
        else:
            try:
                result = read(request, lambda st: st.query(text, timeout=SPARQL_TIMEOUT,
                                                           prefixes=prefixes))
            except ReportgraphError as exc:
                error, status = one_line(str(exc)), 400
            else:
                if isinstance(result, SelectResult):
                    truncated = len(result.rows) > SPARQL_ROWS
                    table = result_table(request, SelectResult(result.variables,
                                                               result.rows[:SPARQL_ROWS]))
                elif hasattr(result, "value"):
                    boolean = bool(result.value)
                else:
                    g = result.graph  # type: ignore[union-attr]
                    table = result_table(request, SelectResult(
                        ["subject", "predicate", "object"], [list(t) for t in list(g)[:SPARQL_ROWS]]))
    return page(request, "sparql.html", status_code=status, text=text, prefixes=prefixes,
                examples=[(_in_language(title, lang_of(request)), q) for title, q in examples()],
                table=table, boolean=boolean, error=error,
                truncated=truncated, limit=SPARQL_ROWS, timeout=SPARQL_TIMEOUT)
