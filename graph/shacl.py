"""SHACL validation on a maintained engine: rudof (Rust, the `pyrudof` package).

`ShaclEngine(shapes, ontology)` loads a shapes graph once; `engine.validate(triples)` validates one
graph with the ontology's subclass axioms mixed in (so an rg:Settlement counts as an rg:Place) and
gives one `Finding` per SHACL result, in rdflib terms. What this adapter adds to the engine:

- rudof answers with strings: the data and shapes are written as N-Triples with our own blank-node
  labels, so every focus node, value and shape maps back to the very rdflib term it came from;
- the message of a result is its shape's `sh:message` (rudof puts its own default message on the
  results of sh:node, sh:or, sh:uniqueLang, ...); SPARQL-based constraints keep rudof's message
  with the `{?var}` placeholders filled in;
- the path is the shape's own `sh:path` (a complex path as the shapes graph states it).

Only top-level results are reported (those of nested shapes, e.g. sh:node, are summed up by the
result of the shape that uses them), as the SHACL specification defines the report.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH, XSD
from rdflib.term import Node

from reportgraph.errors import DataFileError

_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL = re.compile(r'^"(.*)"(@[^"]*|\^\^[^"]*)?$', re.DOTALL)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_WRITTEN_BNODE = re.compile(r"_:(d\d+)\b")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_CONTROL = re.compile(r'[\\"\n\r\x00-\x1f\x7f]')
_EMPTY = "<urn:reportgraph:empty> <urn:reportgraph:empty> <urn:reportgraph:empty> .\n"
_SEVERITIES = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, in the terms of the graphs validated."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: URIRef  # sh:Violation | sh:Warning | sh:Info (or a custom severity)
    message: str
    shape: Node | None
    constraint: URIRef | None  # e.g. sh:MinCountConstraintComponent


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _local(datatype: str) -> str:
    return re.split(r"[#/:]", datatype.strip("<>"))[-1]


def _suffix(lit: Literal) -> str:
    if lit.language:
        return "@" + lit.language.lower()
    if lit.datatype is not None and str(lit.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return "^^" + _local(str(lit.datatype))
    return ""


class _Writer:
    """Terms to N-Triples, remembering which written label stands for which term."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.back: dict[str, Node] = {}  # written blank-node label or stand-in IRI -> term
        self._labels: dict[Node, str] = {}
        self.literals: dict[tuple[str, str], Literal] = {}

    def term(self, t: Node) -> str:
        if isinstance(t, URIRef):
            if not _BAD_IRI.search(t):
                return f"<{t}>"
            return f"<{self._label(t, 'urn:reportgraph:iri:')}>"
        if isinstance(t, BNode):
            return "_:" + self._label(t, "")
        if isinstance(t, Literal):
            self.literals.setdefault((str(t), _suffix(t)), t)
            text = f'"{_escape(str(t))}"'
            if t.language:
                return f"{text}@{t.language}"
            if t.datatype is not None:
                return f"{text}^^{self.term(URIRef(t.datatype))}"
            return text
        raise DataFileError(f"not an RDF term: {t!r}")

    def _label(self, t: Node, scheme: str) -> str:
        label = self._labels.get(t)
        if label is None:
            label = self._labels[t] = f"{scheme}{self.prefix}{len(self._labels)}"
            self.back[label] = t
        return label

    def ntriples(self, triples: Iterable[tuple[Node, Node, Node]]) -> str:
        term = self.term
        return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)

    def read(self, text: str | None) -> Node | None:
        """A term as rudof writes it back, as the term written (or a new one)."""
        if text is None or text == "":
            return None
        if text.startswith("_:"):
            return self.back.get(text[2:], BNode(text[2:]))
        m = _LITERAL.match(text)
        if m is None:
            shorthand = _shorthand(text)
            if shorthand is not None:
                return self.literals.get((text, "^^" + _local(shorthand.datatype)), shorthand)
            return self.back.get(text, URIRef(text))
        lex, suffix = m.group(1), m.group(2) or ""
        if suffix.startswith("^^"):
            key = "^^" + _local(suffix[2:])
            if key == "^^string":
                key = ""
        else:
            key = suffix.lower()
        got = self.literals.get((lex, key))
        if got is not None:
            return got
        if suffix.startswith("@"):
            return Literal(lex, lang=suffix[1:])
        if suffix.startswith("^^") and "://" in suffix:
            return Literal(lex, datatype=URIRef(suffix[2:].strip("<>")))
        return Literal(lex)


def _shorthand(text: str) -> Literal | None:
    """A literal rudof writes as Turtle does without quotes (true, 17, 1.5, 1e3), else None."""
    if text in ("true", "false"):
        return Literal(text, datatype=XSD.boolean)
    if _NUMBER.match(text):
        kind = XSD.double if "e" in text.lower() else XSD.decimal if "." in text else XSD.integer
        return Literal(text, datatype=kind)
    return None


def _message(text: str) -> str:
    m = _LITERAL.match(text or "")
    return m.group(1) if m else (text or "")


@dataclass(frozen=True)
class _Entry:
    """One result as rudof states it (strings), picklable."""

    focus_node: str
    path: str | None
    value: str | None
    severity: str
    message: str
    source_shape: str | None
    constraint_component: str | None


_SESSIONS: dict[tuple[int, int], object] = {}  # (pid, id of the shapes) -> a loaded rudof session
_SESSION_LOCK = threading.Lock()
_USED_IN: set[int] = set()  # processes that ran rudof (its Rust thread pools do not survive fork)
_HELPER: list = []  # (pid, executor) of a spawned process validating for a forked child


def _session(key: int, shapes_nt: str, mixin_nt: str):
    import pyrudof  # here, not at import time: the CLI starts without it

    got = _SESSIONS.get((os.getpid(), key))
    if got is None:
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        try:
            rudof.read_shacl(shapes_nt, format=pyrudof.ShaclFormat.NTriples,
                             reader_mode=pyrudof.ReaderMode.Strict)
            # the mixin is the data every graph is staged on (and rolled back to)
            rudof.read_data(mixin_nt, format=pyrudof.RDFFormat.NTriples, merge=False,
                            reader_mode=pyrudof.ReaderMode.Strict)
        except pyrudof.RudofError as exc:
            raise DataFileError(f"invalid SHACL shapes: {_one_line(str(exc))}") from exc
        got = _SESSIONS[(os.getpid(), key)] = rudof
    return got


def _run(key: int, shapes_nt: str, mixin_nt: str, data_nt: str) -> list[_Entry]:
    """rudof's results on one graph (N-Triples), in this process."""
    import pyrudof

    _USED_IN.add(os.getpid())
    with _SESSION_LOCK:
        rudof = _session(key, shapes_nt, mixin_nt)
        # reading into a staging frame is fast (a plain read costs some 60 ms more) and its
        # rollback leaves the mixin as it was
        rudof.begin_staging()
        try:
            rudof.read_data(data_nt, format=pyrudof.RDFFormat.NTriples, merge=True,
                            reader_mode=pyrudof.ReaderMode.Strict)
            found = rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
            return [_Entry(e.focus_node, e.path, e.value, e.severity, e.message, e.source_shape,
                           e.constraint_component) for e in found]
        except pyrudof.RudofError as exc:
            if "expected UNDEF" in str(exc):  # rudof binds $this with VALUES: no blank nodes
                raise DataFileError(
                    "SHACL validation failed: a SPARQL-based constraint cannot check a blank "
                    "node (rudof); give every node of its target class an IRI") from exc
            raise DataFileError(f"SHACL validation failed: {_one_line(str(exc))}") from exc
        finally:
            rudof.rollback_staging()


def _forked_after_use() -> bool:
    """Whether this process was forked from one that had run rudof (whose thread pools the fork
    did not copy: rudof would hang here)."""
    return bool(_USED_IN) and os.getpid() not in _USED_IN


def _helper():
    """A process of our own (spawned, not forked) that validates for this one."""
    if not _HELPER or _HELPER[0][0] != os.getpid():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _HELPER[:] = [(os.getpid(), ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn")))]
    return _HELPER[0][1]


class ShaclEngine:
    """A shapes graph loaded into rudof once; validates one data graph at a time (thread-safe).

    rudof's Rust thread pools do not survive `fork`: a process forked after rudof has run in its
    parent (e.g. `extract_many` workers in a long-lived process) validates in a spawned helper
    process instead, with the same results."""

    def __init__(self, shapes: Graph, ontology: Graph | None = None) -> None:
        self.shapes = shapes
        self._shapes_writer = _Writer("s")
        self._shapes_nt = self._shapes_writer.ntriples(shapes)
        mixin = [(s, p, o) for s, p, o in (ontology or Graph()).triples(
            (None, RDFS.subClassOf, None)) if isinstance(s, URIRef) and isinstance(o, URIRef)]
        self._mixin_nt = _Writer("m").ntriples(mixin) or _EMPTY
        self._key = id(self)
        self._messages = {s: min(str(m) for m in shapes.objects(s, SH.message))
                          for s in set(shapes.subjects(SH.message, None))}
        self._paths = dict(shapes.subject_objects(SH.path))
        if not _forked_after_use():
            with _SESSION_LOCK:
                _session(self._key, self._shapes_nt, self._mixin_nt)  # broken shapes fail here

    def validate(self, triples: Iterable[tuple[Node, Node, Node]]) -> list[Finding]:
        """Every SHACL result on `triples` (an rdflib Graph or any iterable of triples)."""
        writer = _Writer("d")
        args = (self._key, self._shapes_nt, self._mixin_nt, writer.ntriples(triples) or _EMPTY)
        if _forked_after_use():
            entries = _helper().submit(_run, *args).result()
        else:
            entries = _run(*args)
        return [self._finding(e, writer) for e in entries]

    def _finding(self, entry: _Entry, writer: _Writer) -> Finding:
        shape = self._shapes_writer.read(entry.source_shape)
        constraint = URIRef(entry.constraint_component) if entry.constraint_component else None
        if constraint == SH.SPARQLConstraintComponent or shape not in self._messages:
            # a blank node filled into a message by rudof is named by its id in the graph
            message = _WRITTEN_BNODE.sub(lambda m: "_:" + str(writer.back.get(m.group(1), m.group(1))),
                                         _message(entry.message))
        else:
            message = self._messages[shape]
        path = self._paths.get(shape) if shape is not None else None
        if path is None and entry.path and not entry.path.startswith(("^", "(", "[")):
            path = URIRef(entry.path)
        severity = _SEVERITIES.get(entry.severity) or URIRef(entry.severity)
        return Finding(focus=writer.read(entry.focus_node), path=path,
                       value=writer.read(entry.value), severity=severity, message=message,
                       shape=shape, constraint=constraint)
