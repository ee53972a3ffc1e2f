"""SPARQL text helpers: serialise RDF terms, bind parameters with a VALUES block, add prefixes.

Used by every store backend that talks SPARQL text (the Oxigraph update that replaces a graph,
a remote endpoint). Values always go through `sparql_term`, never through string formatting.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

# IRIREF ::= '<' ([^<>"{}|^`\]-[#x00-#x20])* '>'
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def iri_problem(value: str) -> str | None:
    """Why `value` cannot be written as an absolute IRI in SPARQL/N-Triples, or None if it can."""
    if not _ABSOLUTE_IRI.match(value):
        return "not an absolute IRI"
    bad = _BAD_IRI.search(value)
    if bad:
        return f"character {bad.group()!r} is not allowed in an IRI"
    return None


def _escape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        ch = m.group()
        return _ECHAR.get(ch) or f"\\u{ord(ch):04X}"

    return _ESCAPE.sub(one, text)


def sparql_term(term: Node, bnodes: dict[BNode, str] | None = None) -> str:
    """One RDF term as SPARQL (and N-Triples) text, escaped so that it can only be read as data.

    Blank nodes get labels `_:b0`, `_:b1`, ... from `bnodes` (filled as needed); they are only
    allowed where the caller passes that map (INSERT DATA), not in VALUES.
    """
    if isinstance(term, URIRef):
        problem = iri_problem(str(term))
        if problem:
            raise ValueError(f"invalid IRI <{term}>: {problem}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            if not _LANG.fullmatch(term.language):
                raise ValueError(f"invalid language tag {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    if isinstance(term, BNode):
        if bnodes is None:
            raise ValueError("a blank node cannot be bound as a query parameter")
        return "_:" + bnodes.setdefault(term, f"b{len(bnodes)}")
    raise ValueError(f"not an RDF term: {term!r}")


def check_term(term: Node) -> None:
    """The checks of `sparql_term(term)` (ValueError, with its messages) without writing the
    text: an IRI or a literal's language tag or datatype that cannot be written, a blank node, or
    not an RDF term. A literal's text is always writable (escaped), so it is not looked at."""
    if isinstance(term, Literal):
        if term.language:
            if not _LANG.fullmatch(term.language):
                raise ValueError(f"invalid language tag {term.language!r}")
        elif term.datatype is not None and term.datatype != XSD.string:
            check_term(term.datatype)
    elif isinstance(term, URIRef):
        problem = iri_problem(str(term))
        if problem:
            raise ValueError(f"invalid IRI <{term}>: {problem}")
    elif isinstance(term, BNode):
        raise ValueError("a blank node cannot be bound as a query parameter")  # noqa: TRY004 - callers report ValueError as bad input
    else:
        raise ValueError(f"not an RDF term: {term!r}")  # noqa: TRY004


def values_block(bindings: Mapping[str, Node] | Sequence[Mapping[str, Node]]) -> str:
    """`VALUES (?a ?b) { (term term) ... }` for one row of bindings, or for rows that bind the
    same variables."""
    rows = [bindings] if isinstance(bindings, Mapping) else list(bindings)
    if not rows or not rows[0]:
        return ""
    for name in rows[0]:
        if not _VAR.fullmatch(name):
            raise ValueError(f"invalid variable name {name!r}")
    if any(row.keys() != rows[0].keys() for row in rows):
        raise ValueError("the rows of a VALUES block must bind the same variables")
    names = " ".join(f"?{n}" for n in rows[0])
    body = " ".join("(" + " ".join(sparql_term(v) for v in row.values()) + ")" for row in rows)
    return f"VALUES ({names}) {{ {body} }}"


def _skip_iri(text: str, i: int) -> int:
    """Index after an IRIREF starting at text[i] == '<', or i + 1 if it is not one."""
    j = i + 1
    while j < len(text) and text[j] not in '<>"{}|^`\\ \t\r\n':
        j += 1
    return j + 1 if j < len(text) and text[j] == ">" else i + 1


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end != -1 and text[end - 1] == "\\":
            end = text.find(quote * 3, end + 1)
        return len(text) if end == -1 else end + 3
    j = i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j + 1


_SELECT = re.compile(r"SELECT(?![\w\-])", re.IGNORECASE)


def _structure(query: str) -> Iterator[tuple[int, str]]:
    """(position, "{" | "}" | "SELECT") for the braces and SELECT keywords of a query, outside
    comments, strings and IRIs."""
    i = 0
    while i < len(query):
        ch = query[i]
        if ch == "#":
            nl = query.find("\n", i)
            i = len(query) if nl == -1 else nl + 1
        elif ch == "<":
            i = _skip_iri(query, i)
        elif ch in "\"'":
            i = _skip_string(query, i)
        elif ch in "{}":
            yield i, ch
            i += 1
        elif _SELECT.match(query, i) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_?$:-.")):
            yield i, "SELECT"
            i += 6
        else:
            i += 1


def first_group_brace(query: str) -> int:
    """Position of the first `{` outside comments, strings and IRIs (a SELECT's WHERE group)."""
    for at, kind in _structure(query):
        if kind == "{":
            return at
    raise ValueError("the query has no group pattern to bind values in")


@lru_cache(maxsize=64)
def select_groups(query: str) -> tuple[tuple[int, int, str], ...]:
    """The WHERE group of every SELECT (the query's and each subquery's): the positions of its
    `{` and matching `}`, and its own text (without its subqueries), found outside comments,
    strings and IRIs."""
    groups: list[tuple[int, int]] = []  # (open, close) of each SELECT's WHERE group
    stack: list[tuple[int, bool]] = []  # (open position, opens a SELECT's WHERE group)
    after_select = False
    for at, kind in _structure(query):
        if kind == "SELECT":
            after_select = True
        elif kind == "{":
            stack.append((at, after_select))
            after_select = False
        elif stack:
            opened, is_select = stack.pop()
            if is_select:
                groups.append((opened, at))
    groups.sort()
    out = []
    for opened, closed in groups:
        own, pos = [], opened + 1
        for inner_open, inner_close in groups:  # skip the subqueries directly inside it
            if opened < inner_open and inner_close < closed and inner_open >= pos:
                own.append(query[pos:inner_open])
                pos = inner_close + 1
        own.append(query[pos:closed])
        out.append((opened, closed, "".join(own)))
    if not out:
        raise ValueError("the query has no SELECT to bind values in")
    return tuple(out)


def bind_values_everywhere(query: str,
                           bindings: Mapping[str, Node] | Sequence[Mapping[str, Node]]) -> str:
    """The query with a VALUES block opening the WHERE group of every SELECT, subqueries
    included, that uses one of the variables itself (not only in its own subqueries): the
    variables are constants throughout the query (a subquery is evaluated on its own and would
    not see a binding made outside it). `bindings`: one row, or rows binding the same variables
    (a group that does not use them would otherwise repeat its rows once per row)."""
    rows = [bindings] if isinstance(bindings, Mapping) else list(bindings)
    if not rows or not rows[0]:
        return query
    block = f"\n  {values_block(rows)}\n"
    uses = re.compile(r"[?$](?:" + "|".join(re.escape(n) for n in rows[0]) + r")(?![\w])")
    out, last = [], 0
    for opened, _closed, own in select_groups(query):
        if uses.search(own):
            out.append(query[last:opened + 1])
            out.append(block)
            last = opened + 1
    out.append(query[last:])
    return "".join(out)


def triple_lines(graph: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Each triple as one `s p o .` line (N-Triples terms; blank nodes labelled consistently).
    ValueError for a term that cannot be written."""
    bnodes: dict[BNode, str] = {}
    texts: dict[Node, str] = {}

    def text(term: Node) -> str:
        found = texts.get(term)
        if found is None:
            found = texts[term] = sparql_term(term, bnodes)
        return found

    return [f"{text(s)} {text(p)} {text(o)} ." for s, p, o in graph]


def bind_values(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with a VALUES block for `bindings` opening its outermost group pattern.

    This has the meaning of pyoxigraph's `substitutions` for a SELECT/ASK query whose parameters
    are used in its outer group (not only inside subqueries); for endpoints without substitution.
    """
    if not bindings:
        return query
    at = first_group_brace(query) + 1
    return f"{query[:at]}\n  {values_block(bindings)}\n{query[at:]}"


def declared_prefixes(query: str) -> set[str]:
    """Prefix names the query declares itself (case-insensitive PREFIX keyword)."""
    return {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([A-Za-z][\w.\-]*)?:", query)}


def add_prefixes(query: str, prefixes: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """The query with PREFIX declarations for those of `prefixes` it does not declare itself."""
    items = prefixes.items() if isinstance(prefixes, Mapping) else prefixes
    have = declared_prefixes(query)
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in items if p not in have)
    return head + query


_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def uses_service(query: str) -> bool:
    """True when the query has a SERVICE clause (outside strings, IRIs and comments): running it
    would make the engine fetch data from another server."""
    return bool(_SERVICE.search(_STRIP.sub(" ", query)))


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of the query (outside strings, IRIs and
    comments), or None when there is none."""
    m = _FORM.search(_STRIP.sub(" ", query))
    return m.group(1).upper() if m else None


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def update_form(text: str) -> str | None:
    """The first operation of a SPARQL update (DROP, INSERT, ...), or None when `text` is not one
    (outside strings, IRIs and comments)."""
    m = _UPDATE.search(_STRIP.sub(" ", text))
    return m.group(1).upper() if m else None


def update_refusal(text: str) -> str | None:
    """The one line refusing a SPARQL update where only queries are run, or None for a query."""
    op = update_form(text)
    if op is None:
        return None
    return (f"SPARQL updates ({op}) are not allowed here: `sparql` and `query` only read the "
            "store; `reportgraph build` writes it (a report's graph is replaced by building it again)")
