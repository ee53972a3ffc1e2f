"""The SPARQL 1.1 Protocol's query operation as data: which query and dataset a request asks for
(GET, POST form, POST direct), and the query text the store runs (the protocol's dataset written
as FROM / FROM NAMED, the server's row limit as LIMIT).

Nothing here runs a query; serve/machine.py does, on `serve.access.Access`. The rewriting works
on the query text with strings, IRIs and comments masked, so that nothing inside them is taken
for a keyword or a brace; when the text has a shape it does not know, it is left as it is (the
rows are then cut after evaluation).
"""

import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from reportgraph.graph.sparql import iri_problem, sparql_term, update_refusal

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the endpoint refuses: an HTTP status and one line saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    """What a protocol request asks: the query and the RDF dataset given with it (if any)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


READ_ONLY = ("SPARQL Update is not accepted: this endpoint is read-only "
             "(`reportgraph build` writes the store)")


def _media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    if not content_type:
        return "", {}
    kind, *params = content_type.split(";")
    values = {}
    for p in params:
        k, _, v = p.partition("=")
        values[k.strip().lower()] = v.strip().strip('"').lower()
    return kind.strip().lower(), values


def _decode(body: bytes, charset: str | None) -> str:
    if charset and charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"the request body must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


def _form(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False,
                                     encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "a form value is not valid UTF-8") from None


def _iris(values: Sequence[str], name: str) -> tuple[str, ...]:
    for v in values:
        problem = iri_problem(v)
        if problem:
            raise ProtocolError(400, f"{name} {v!r} is not an IRI: {problem}")
    return tuple(values)


def _one_query(params: Mapping[str, Sequence[str]]) -> str:
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(400, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query parameter: send one query per request")
    if not queries or not queries[0].strip():
        raise ProtocolError(400, "missing query parameter (query=...)")
    return queries[0]


def parse_request(method: str, url_params: Mapping[str, Sequence[str]],
                  content_type: str | None, body: bytes) -> QueryRequest:
    """The query operation a GET or POST asks for; ProtocolError for anything else."""
    if method == "GET":
        params: Mapping[str, Sequence[str]] = url_params
        query = _one_query(params)
    else:
        kind, options = _media_type(content_type)
        if kind == FORM:
            form = _form(_decode(body, options.get("charset")))
            params = {k: [*url_params.get(k, []), *form.get(k, [])]
                      for k in {*form, *url_params}}
            query = _one_query(params)
        elif kind == DIRECT:
            params = url_params
            if "query" in params:
                raise ProtocolError(400, "a direct POST carries the query in its body, "
                                         "not in a query parameter")
            if "update" in params:
                raise ProtocolError(400, READ_ONLY)
            query = _decode(body, options.get("charset"))
            if not query.strip():
                raise ProtocolError(400, "empty query")
        elif kind == UPDATE:
            raise ProtocolError(400, READ_ONLY)
        elif not kind:
            raise ProtocolError(415, f"a POST needs a Content-Type: {FORM} or {DIRECT}")
        else:
            raise ProtocolError(415, f"unsupported Content-Type {kind} (use {FORM} or {DIRECT})")
    if update_refusal(query):
        raise ProtocolError(400, READ_ONLY)
    return QueryRequest(query, _iris(params.get("default-graph-uri", []), "default-graph-uri"),
                        _iris(params.get("named-graph-uri", []), "named-graph-uri"))


# ------------------------------------------------------------------------- query text rewriting

_MASKED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*", re.DOTALL)
_FROM = re.compile(r"(?<![?$\w:])FROM\s+(?:NAMED\s+)?(?:<\s*>|[A-Za-z][\w.\-]*:[\w.\-%]*|:[\w.\-%]*)",
                   re.IGNORECASE)
_FORM_WORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_WHERE_END = re.compile(r"\bWHERE\s*$", re.IGNORECASE)
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_VALUES_END = re.compile(r"\bVALUES\s*(?:\([^()]*\)|[?$][\w]+)\s*$", re.IGNORECASE)


def mask(query: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces (same length; an IRI keeps
    its angle brackets), so positions found in it are positions in the query."""
    def blank(m: re.Match[str]) -> str:
        text = m.group()
        if text.startswith("<"):
            return "<" + " " * (len(text) - 2) + ">"
        return " " * len(text)

    return _MASKED.sub(blank, query)


def _top_groups(masked: str) -> list[tuple[int, int]]:
    """(open, close) positions of the top-level `{ ... }` groups."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(masked):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out


def _where_group(query: str, masked: str) -> tuple[int, int] | None:
    """The WHERE group of a query (its `{` and `}`), or None when there is none / it is unclear."""
    form = _FORM_WORD.search(masked)
    if not form:
        return None

    def outside_parentheses(at: int) -> bool:  # not an EXISTS { } inside a SELECT expression
        between = masked[form.end():at]
        return between.count("(") == between.count(")")

    groups = [g for g in _top_groups(masked) if g[0] > form.start() and outside_parentheses(g[0])]
    if form.group(1).upper() == "CONSTRUCT" and not re.match(r"\s*WHERE\b", masked[form.end():],
                                                               re.IGNORECASE):
        groups = groups[1:]  # the first is the template
    return groups[0] if groups else None


def with_dataset(query: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """The query with the protocol's dataset as FROM / FROM NAMED clauses, replacing its own
    (the protocol's dataset takes precedence). ProtocolError when they cannot be placed."""
    clauses = "".join(f" FROM {sparql_term(URIRef(g))}" for g in default_graphs)
    clauses += "".join(f" FROM NAMED {sparql_term(URIRef(g))}" for g in named_graphs)
    masked = mask(query)
    for m in reversed(list(_FROM.finditer(masked))):
        end = m.end()
        query, masked = query[:m.start()] + query[end:], masked[:m.start()] + masked[end:]
    where = _where_group(query, masked)
    if where is None:
        form = _FORM_WORD.search(masked)
        if form and form.group(1).upper() == "DESCRIBE" and "{" not in masked:
            return query.rstrip() + "\n" + clauses.strip() + "\n"
        raise ProtocolError(400, "cannot apply default-graph-uri / named-graph-uri to this query; "
                                 "name the graphs with FROM / FROM NAMED in the query instead")
    at = where[0]
    before = _WHERE_END.search(masked[:at])
    if before:
        at = before.start()
    return f"{query[:at]}{clauses.strip()}\n{query[at:]}"


def with_row_limit(query: str, limit: int) -> str | None:
    """The query with its outer LIMIT at most `limit` (a LIMIT added or lowered), or None when
    the text has a shape where that is not safe to do (a trailing VALUES block, no WHERE group)."""
    masked = mask(query)
    form = _FORM_WORD.search(masked)
    if form is None or form.group(1).upper() not in ("SELECT", "CONSTRUCT"):
        return None
    where = _where_group(query, masked)
    if where is None:
        return None
    tail_at = where[1] + 1
    tail = masked[tail_at:]
    if "{" in tail or _VALUES_END.search(tail):
        return None  # a trailing VALUES block (or something unknown) follows
    m = _LIMIT.search(tail)
    if m:
        if int(m.group(1)) <= limit:
            return query
        start, end = tail_at + m.start(1), tail_at + m.end(1)
        return f"{query[:start]}{limit}{query[end:]}"
    return f"{query.rstrip()}\nLIMIT {limit}\n"
