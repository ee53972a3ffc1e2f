"""Pages from Jinja2 templates (serve/templates/, autoescaped: report text is always shown as
text), the page language (Latvian unless ?lang=en or the cookie says otherwise), links to
entities and the formatting of values.
"""

import math
import urllib.parse
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse

from reportgraph.ontology.namespaces import PREFIXES
from reportgraph.queries.format import compact
from reportgraph.serve.i18n import COOKIE, LANGS, pick, translator

_env = Environment(loader=FileSystemLoader(str(files("reportgraph.serve") / "templates")),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)


def lang_of(request: Request) -> str:
    """?lang= first, then the cookie, else Latvian."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    return pick(request.cookies.get(COOKIE))


def base_of(request: Request) -> str:
    return request.app.state.base


def href(request: Request, iri: object, base: str | None = None) -> str:
    """The app's page of an IRI: /id/<path> for an IRI under the base, else /resource?iri=."""
    text = str(iri)
    base = base_of(request) if base is None else base
    if text.startswith(base) and len(text) > len(base):
        return "/id/" + urllib.parse.quote(text[len(base):], safe="/-._~")
    return "/resource?" + urllib.parse.urlencode({"iri": text})


@lru_cache(maxsize=8)
def _prefixes(base: str) -> dict[str, str]:
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": base}


def short(request: Request, iri: object) -> str:
    """`prefix:name` of an IRI (id: for the base)."""
    return compact(str(iri), _prefixes(base_of(request)))


def link(request: Request, iri: object, label: object) -> Markup:
    """The `link` macro of _macros.html in Python (an entity page has dozens): a link to the
    app's page of an IRI with the label as its text, else the label; both escaped."""
    if isinstance(iri, URIRef):
        return Markup(_LINK % (escape(href(request, iri)), escape(label)))
    return escape(label)


# The HTML written here is plain text formatting of escaped values (markupsafe's `escape`, what
# `Markup % values` applies to each value, at a fraction of its cost: a hub's page writes
# thousands of them), made Markup once at the end.
_MARK = "<mark>%s</mark>"
_SELF = '<mark class="self">%s</mark>'


def pieces(parts: list[tuple[str, bool | str]]) -> Markup:
    """The `pieces` macro of _macros.html in Python: a sentence with its marked pieces in
    <mark> (a piece marked "self", the entity's own name, in <mark class="self">), all
    escaped."""
    return Markup(_pieces(parts))


def _pieces(parts: list[tuple[str, bool | str]]) -> str:
    return "".join((_SELF if marked == "self" else _MARK) % escape(text) if marked
                   else escape(text) for text, marked in parts)


def amount(value: object) -> str:
    """32005188 -> '32 005 188' (grouped with no-break spaces), decimals kept."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    whole, _, frac = f"{number:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    frac = frac.rstrip("0")
    return sign + "\u00a0".join(groups or ["0"]) + ("," + frac if frac else "")


def cell(request: Request, term: object) -> dict:
    """A result cell for a table: its text, a link for an IRI, a sort key."""
    if term is None:
        return {"text": "", "href": None, "key": ""}
    if isinstance(term, URIRef):
        return {"text": short(request, term), "href": href(request, term), "key": str(term)}
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            key = float(value) if not (isinstance(value, float) and math.isnan(value)) else 0.0
            return {"text": str(term), "href": None, "key": key}
    return {"text": str(term), "href": None, "key": str(term)}


def page(request: Request, template: str, status_code: int = 200, **context: object
         ) -> HTMLResponse:
    """The page `template` in the request's language."""
    lang = lang_of(request)
    t = translator(lang)
    other = "en" if lang == "lv" else "lv"
    query = dict(request.query_params)
    query["lang"] = other
    switch = request.url.path + "?" + urllib.parse.urlencode(query)
    html = _env.get_template(template).render(
        request=request, lang=lang, t=t, switch=switch,
        href=lambda iri: href(request, iri), short=lambda iri: short(request, iri),
        amount=amount, is_iri=lambda term: isinstance(term, URIRef),
        link=lambda iri, label: link(request, iri, label), pieces=pieces, **context)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status_code=status_code, status=status_code,
                message=message)


_ITEM = ('<article class="evidence-item" id="src-%s">\n  <blockquote class="source"><p>%s</p>'
         '\n    <footer><a href="%s#%s">%s: %s</a>%s%s</footer>\n  </blockquote>\n  %s\n'
         '</article>\n')
_PAGE = ", %s %s"
_OFFSETS = ' <span class="offsets">[%s–%s]</span>'
_LINK = '<a href="%s">%s</a>'


def evidence_items(request: Request, sentences: list[dict], titles: dict, lang: str) -> Markup:
    """The source sentences of an entity page (serve/entity_view.py `evidence`) as HTML: each
    sentence with its marked words, where it is in its report, and the facts it supports (a
    hub's page has a hundred of them: written here rather than by the template's loops)."""
    t = translator(lang)
    base = base_of(request)
    source, page_word, mentioned = escape(t("source")), escape(t("page")), t("mentioned_only")
    mention_only = f'<p class="supports mention">{escape(mentioned)}</p>'

    def linked(term: object, label: object) -> str:
        if isinstance(term, URIRef):
            return _LINK % (escape(href(request, term, base)), escape(label))
        return escape(label)

    out = []
    for s in sentences:
        report = s["report"]
        if s["facts"]:
            rows = []
            for g in s["facts"]:
                if g["lines"]:
                    values = "".join(f"<span>{linked(v, label)}</span>" for v, label in g["values"])
                    rows.append(f'<dt>{escape(g["title"])}</dt><dd class="lines">{values}</dd>')
                else:
                    values = ", ".join(linked(v, label) for v, label in g["values"])
                    rows.append(f'<dt>{escape(g["title"])}</dt><dd>{values}</dd>')
            supports = f'<dl class="supports">{"".join(rows)}</dl>'
        else:
            supports = mention_only
        anchor = escape(s["anchor"])
        out.append(_ITEM % (
            anchor, _pieces(s["pieces"]), escape(href(request, report, base)) if report else "",
            anchor, source, escape(titles[report] if report in titles else short(request, report)),
            _PAGE % (page_word, escape(s["page"])) if s["page"] else "",
            _OFFSETS % (escape(s["start"]), escape(s["end"])) if s["start"] is not None else "",
            supports))
    return Markup("".join(out))
