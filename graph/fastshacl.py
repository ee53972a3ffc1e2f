"""Fast SHACL validation with pySHACL's results: shapes compiled once, run on a dict index.

`compile_shapes` turns a shapes graph into a plan (one per shapes graph, cache it): pySHACL's own
`ShapesGraph` finds the shapes and builds its constraint components (their parameters and default
messages are used as they are), the evaluation of each component is re-implemented on a
`TripleIndex` of the data (subject -> predicate -> objects) mixed with the ontology axioms pySHACL
mixes in (`ontology_mixin`). SPARQL-based constraints (`sh:sparql` with `sh:select` on node
shapes) run with pyoxigraph on an in-memory store loaded from the same triples.

Shapes using anything outside that subset (other constraint components, non-IRI paths, recursion,
custom components, implicit class targets, ...) are listed in `CompiledShapes.unsupported` and left
to pySHACL through `CompiledShapes.fallback_shapes` (the shapes graph with the targets of the
compiled shapes removed). A case met at run time that the plan does not reproduce exactly (a blank
node in a default message, a comparison pySHACL fails on, literals Oxigraph merges, ...) raises
`NeedsReference`: the caller validates that graph with pySHACL instead.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.core import cardinality_constraints as card
from pyshacl.constraints.core import logical_constraints as logic
from pyshacl.constraints.core import other_constraints as other
from pyshacl.constraints.core import property_pair_constraints as pair
from pyshacl.constraints.core import shape_based_constraints as based
from pyshacl.constraints.core import string_based_constraints as strings
from pyshacl.constraints.core import value_constraints as values
from pyshacl.constraints.core import value_range_constraints as ranges
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.errors import ConstraintLoadWarning
from pyshacl.rdfutil.compare import compare_literal
from pyshacl.rdfutil.inoculate import inoculate
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from reportgraph.graph.store import ox_term

ALLOWED = frozenset({SH.Info, SH.Warning})  # validate_graph allows warnings and infos
TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
MAX_DEPTH = 6  # nesting of shapes compiled (pySHACL stops at 15 levels of shape + component)
EMPTY: tuple = ()
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
_BAD_IRI_LINES = re.compile(r'[\x00-\x09\x0b-\x20<>"{}|^`\\]')  # IRIs joined by newlines
_BNODE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


class NeedsReference(Exception):
    """This graph holds a case the compiled plan does not reproduce: validate it with pySHACL."""


class Unsupported(Exception):
    """A shape uses a SHACL feature the plan does not compile."""


@dataclass(frozen=True)
class RawResult:
    """One SHACL validation result as pySHACL's report graph states it."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: Node
    messages: tuple[str, ...]  # sorted, distinct
    shape: Node
    constraint: Node | None


# ---------------------------------------------------------------------------- the data

class TripleIndex:
    """The triples of one graph by subject and predicate, objects in the order given."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = {}
        count = 0
        for s, p, o in triples:
            d = spo.get(s)
            if d is None:
                spo[s] = {p: [o]}
            else:
                objs = d.get(p)
                if objs is None:
                    d[p] = [o]
                else:
                    objs.append(o)
        for d in spo.values():  # a set of triples: an iterable may repeat one
            for p, objs in d.items():
                if len(objs) > 1:
                    unique = list(dict.fromkeys(objs))
                    if len(unique) < len(objs):
                        d[p] = unique
            count += sum(len(objs) for objs in d.values())
        self.spo = spo
        self.count = count
        self._by_predicate: dict[Node, dict[Node, list[Node]]] = {}

    @classmethod
    def of(cls, graph: Graph | Iterable[tuple[Node, Node, Node]]) -> "TripleIndex":
        """The index of an rdflib Graph, a set of triples or any iterable (duplicates dropped)."""
        return cls(graph)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for s, d in self.spo.items():
            for p, objs in d.items():
                for o in objs:
                    yield s, p, o

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return o in self.spo.get(s, {}).get(p, EMPTY)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return self.spo.get(subject, {}).get(predicate, [])

    def value(self, subject: Node, predicate: Node) -> Node | None:
        objs = self.spo.get(subject, {}).get(predicate)
        return objs[0] if objs else None

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        rev = self._by_predicate.get(predicate)
        if rev is None:
            rev = {}
            for s, d in self.spo.items():
                for o in d.get(predicate, EMPTY):
                    rev.setdefault(o, []).append(s)
            self._by_predicate[predicate] = rev
        return rev.get(obj, [])


@dataclass
class Mixin:
    """The ontology axioms pySHACL copies into every data graph (`inoculate`), indexed."""

    ontology: Graph
    index: TripleIndex


def ontology_mixin(ontology: Graph) -> Mixin:
    """What pySHACL mixes into the data graph from `ontology` (classes, subclass axioms, ...)."""
    g = Graph(bind_namespaces="core")
    inoculate(g, ontology)
    return Mixin(ontology, TripleIndex(g))


def _mixed(data: TripleIndex, mixin: TripleIndex) -> dict[Node, dict[Node, list[Node]]]:
    """Data and mixin together; the shared lists are never modified."""
    spo = dict(data.spo)
    for s, pd in mixin.spo.items():
        dd = spo.get(s)
        if dd is None:
            spo[s] = pd
            continue
        merged = dict(dd)
        for p, objs in pd.items():
            have = merged.get(p)
            if have is None:
                merged[p] = objs
            else:
                seen = set(have)
                merged[p] = have + [o for o in objs if o not in seen]
        spo[s] = merged
    return spo


# ---------------------------------------------------------------------------- the plan

@dataclass(eq=False)
class _Check:
    """One constraint component of a shape: pySHACL's component object and our evaluator."""

    comp: object
    run: Callable
    nested: list = field(default_factory=list)  # shapes (or lists of shapes) it validates against
    extra: object = None  # component-specific compiled data


@dataclass(eq=False)
class _Shape:
    node: Node
    path: URIRef | None
    severity: Node
    messages: tuple
    deactivated: bool
    checks: list[_Check] = field(default_factory=list)
    targets: tuple = ((), (), (), ())  # targetNode, targetClass, targetSubjectsOf, targetObjectsOf
    height: int = 1  # levels of shapes from this one down

    @property
    def allow_conform(self) -> bool:
        return self.severity in ALLOWED


@dataclass(eq=False)
class CompiledShapes:
    """A shapes graph compiled: the top-level shapes run here, the others left to pySHACL."""

    shapes: Graph
    top: list[_Shape]
    unsupported: dict[Node, str]  # top-level shape -> why pySHACL validates it
    fallback_shapes: Graph | None  # shapes graph for pySHACL: only the unsupported shapes' targets
    has_sparql: bool


class _Report:
    __slots__ = ("bound", "check", "details", "extra", "focus", "path", "root", "shape", "value")

    def __init__(self, root: Node, focus: Node, value: Node | None, shape: _Shape, check: _Check,
                 path: Node | None = None, details: list | None = None, bound: object = None,
                 extra: object = None) -> None:
        self.root = root
        self.focus = focus
        self.value = value
        self.shape = shape
        self.check = check
        self.path = path
        self.details = details
        self.bound = bound
        self.extra = extra

    def rerooted(self, root: Node) -> "_Report":
        r = _Report(root, self.focus, self.value, self.shape, self.check, self.path, self.details,
                    self.bound, self.extra)
        return r


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every shape of `shapes`; top-level shapes that cannot be are listed in
    `unsupported` and kept, with their targets, in `fallback_shapes` for pySHACL."""
    try:
        sg = ShapesGraph(shapes)
        pyshapes = {s.node: s for s in sg.shapes}
    except Exception as exc:  # noqa: BLE001 - pySHACL reports ShapeLoadError and others itself
        return CompiledShapes(shapes, [], {None: f"shapes graph: {exc}"}, shapes, False)
    compiler = _Compiler(sg, pyshapes)
    top: list[_Shape] = []
    unsupported: dict[Node, str] = {}
    for node, pyshape in pyshapes.items():
        declared = [tuple(shapes.objects(node, t)) for t in TARGETS]
        implicit = pyshape.implicit_class_targets()
        if not any(declared) and not implicit:
            continue
        try:
            if implicit:
                raise Unsupported("implicit class target")
            shape = compiler.shape(node, ())
        except Unsupported as exc:
            unsupported[node] = str(exc)
            continue
        shape.targets = tuple(declared)
        top.append(shape)
    fallback = None
    if unsupported:
        fallback = Graph()
        compiled_nodes = {s.node for s in top}
        for t in shapes:
            if t[0] in compiled_nodes and t[1] in TARGETS:
                continue
            fallback.add(t)
        for p, n in shapes.namespaces():
            fallback.bind(p, n, override=True, replace=True)
    return CompiledShapes(shapes, top, unsupported, fallback, compiler.has_sparql)


class _Compiler:
    def __init__(self, sg: ShapesGraph, pyshapes: dict) -> None:
        self.sg = sg
        self.pyshapes = pyshapes
        self.done: dict[Node, _Shape] = {}
        self.has_sparql = False
        try:
            self.custom = bool(sg.custom_constraints)
        except Exception:  # noqa: BLE001 - an ill-formed custom component: pySHACL reports it
            self.custom = True

    def shape(self, node: Node, stack: tuple) -> _Shape:
        if node in stack:
            raise Unsupported(f"recursive shape {node}")
        if len(stack) >= MAX_DEPTH:
            raise Unsupported("shapes nested too deep")
        if node in self.done:
            shape = self.done[node]
            if len(stack) + shape.height > MAX_DEPTH:
                raise Unsupported("shapes nested too deep")
            return shape
        pyshape = self.pyshapes.get(node)
        if pyshape is None:
            raise Unsupported(f"{node} is not a well-formed shape")
        path = None
        if pyshape.is_property_shape:
            path = pyshape.path()
            if not isinstance(path, URIRef):
                raise Unsupported("a property path other than an IRI")
        if self.custom and pyshape.find_custom_constraints():
            raise Unsupported("a custom constraint component")
        shape = _Shape(node, path, pyshape.severity, tuple(pyshape.message), pyshape.deactivated)
        classes = []
        for p, _o in self.sg.graph.predicate_objects(node):
            if p in ALL_CONSTRAINT_PARAMETERS and CONSTRAINT_PARAMETERS_MAP[p] not in classes:
                classes.append(CONSTRAINT_PARAMETERS_MAP[p])
        for cls in classes:
            builder = _BUILDERS.get(cls)
            if builder is None:
                raise Unsupported(f"{cls.__name__}")
            try:
                comp = cls(pyshape)
            except ConstraintLoadWarning:
                continue  # pySHACL skips the component too
            except Exception as exc:  # noqa: BLE001 - ConstraintLoadError and others: pySHACL's
                raise Unsupported(f"{cls.__name__}: {exc}") from None
            try:
                check = builder(self, pyshape, comp, stack + (node,))
            except Unsupported:
                raise
            except Exception as exc:  # noqa: BLE001 - an odd parameter value: pySHACL reports it
                raise Unsupported(f"{cls.__name__}: {exc}") from None
            shape.checks.append(check)
            for nested in check.nested:
                for n in nested if isinstance(nested, list) else [nested]:
                    shape.height = max(shape.height, n.height + 1)
        self.done[node] = shape
        return shape

    def shapes_of(self, pyshape: object, nodes: Iterable[Node], stack: tuple) -> list[_Shape]:
        out = []
        for n in nodes:
            if pyshape.get_other_shape(n) is None:
                raise Unsupported(f"{n} is not a shape")
            out.append(self.shape(n, stack))
        return out

    def list_items(self, lst: Node) -> list[Node]:
        items = list(self.sg.graph.items(lst))
        if not items:
            raise Unsupported("an empty or ill-formed shape list")
        return items


# ---------------------------------------------------------------------------- evaluation

class _Run:
    """One data graph validated against one compiled shapes graph."""

    def __init__(self, compiled: CompiledShapes, data: TripleIndex, mixin: Mixin,
                 namespaces: Callable[[], Graph]) -> None:
        self.compiled = compiled
        self.data = data
        self.mixin = mixin
        self.spo = _mixed(data, mixin.index)
        self.namespaces = namespaces
        self._members: dict[Node, set[Node]] = {}
        self._instances: dict[Node, list[Node]] | None = None
        self._subclasses: dict[Node, list[Node]] | None = None
        self._ns_graph: Graph | None = None
        self.ox: _OxView | None = None

    # -- graph access (over data + mixin)
    def values(self, focus: Node, path: Node) -> list[Node] | tuple:
        d = self.spo.get(focus)
        if d is None:
            return EMPTY
        return d.get(path, EMPTY)

    def _type_indexes(self) -> None:
        inst: dict[Node, list[Node]] = {}
        subs: dict[Node, list[Node]] = {}
        rdf_type, sub_of = RDF.type, RDFS.subClassOf
        for s, d in self.spo.items():
            for c in d.get(rdf_type, EMPTY):
                inst.setdefault(c, []).append(s)
            for c in d.get(sub_of, EMPTY):
                subs.setdefault(c, []).append(s)
        self._instances, self._subclasses = inst, subs

    def instances(self, cls: Node) -> list[Node]:
        if self._instances is None:
            self._type_indexes()
        return self._instances.get(cls, [])

    def transitive_subclasses(self, cls: Node) -> list[Node]:
        if self._subclasses is None:
            self._type_indexes()
        out, seen, todo = [], {cls}, [cls]
        while todo:
            c = todo.pop()
            out.append(c)
            for sub in self._subclasses.get(c, EMPTY):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return out

    def members(self, cls: Node) -> set[Node]:
        """The nodes with a type that is `cls` or a subclass of it (pySHACL's sh:class test)."""
        got = self._members.get(cls)
        if got is None:
            got = set()
            for sub in self.transitive_subclasses(cls):
                got.update(self.instances(sub))
            self._members[cls] = got
        return got

    def focus_nodes(self, shape: _Shape) -> list[Node]:
        nodes, classes, subjects_of, objects_of = shape.targets
        found: set[Node] = set(nodes)
        for tc in classes:
            found.update(self.instances(tc))
            for sub in self.transitive_subclasses(tc):
                if sub != tc:
                    found.update(self.instances(sub))
        for p in subjects_of:
            found.update(s for s, d in self.spo.items() if d.get(p))
        for p in objects_of:
            for d in self.spo.values():
                found.update(d.get(p, EMPTY))
        return list(found)

    def ox_view(self) -> "_OxView":
        """The graph in pyoxigraph, for SPARQL-based constraints (loaded on first use)."""
        if self.ox is None:
            self.ox = _OxView(self)
        return self.ox

    # -- shapes
    def validate(self, shape: _Shape, foci: list[Node]) -> tuple[set, list[_Report]]:
        """pySHACL's Shape.validate for each focus: the foci that do not conform, the reports."""
        if shape.deactivated or not foci:
            return set(), []
        if shape.path is None:
            fvn = [(f, (f,)) for f in foci]
        else:
            path = shape.path
            fvn = [(f, self.values(f, path)) for f in foci]
        bad: set = set()
        reports: list[_Report] = []
        for check in shape.checks:
            out: list[_Report] = []
            failed = check.run(self, shape, check, fvn, out)
            if failed and not shape.allow_conform:
                for r in out:
                    if r.root in failed and r.shape.severity not in ALLOWED:
                        bad.add(r.root)
            reports.extend(out)
        return bad, reports

    def validate_each(self, shape: _Shape, nodes: Iterable[Node]) -> tuple[set, dict]:
        """Validate distinct nodes one by one (batched): non-conforming ones, reports by node."""
        unique = list(dict.fromkeys(nodes))
        bad, reports = self.validate(shape, unique)
        by_root: dict[Node, list[_Report]] = {}
        for r in reports:
            by_root.setdefault(r.root, []).append(r)
        return bad, by_root

    def run(self) -> list[RawResult]:
        reports: list[_Report] = []
        for shape in self.compiled.top:
            foci = self.focus_nodes(shape)
            if foci:
                reports.extend(self.validate(shape, foci)[1])
        out: list[RawResult] = []
        todo = list(reversed(reports))
        while todo:
            r = todo.pop()
            out.append(self.result(r))
            if r.details:
                todo.extend(reversed(r.details))
        return out

    # -- results
    def result(self, r: _Report) -> RawResult:
        shape = r.shape
        path = r.path if r.path is not None else shape.path
        comp = r.check.comp
        return RawResult(r.focus, path, r.value, shape.severity, self.messages(r), shape.node,
                         comp.shacl_constraint_component)

    def messages(self, r: _Report) -> tuple[str, ...]:
        """The sh:resultMessage values pySHACL's make_v_result writes."""
        messages = list(r.shape.messages)
        out: list[Node] = []
        if r.extra:
            for m in r.extra:
                if m in messages:
                    continue
                if isinstance(m, Literal):
                    msg = str(m.value)
                    if r.bound is not None:
                        m = Literal(_format(msg, r.bound))
                out.append(m)
        elif not messages:
            if isinstance(r.focus, BNode) or isinstance(r.value, BNode):
                raise NeedsReference("a default message about a blank node")
            messages = r.check.comp.make_generic_messages(self.ns_graph(), r.focus, r.value)
        for m in messages:
            if isinstance(m, Literal) and r.bound is not None:
                m = Literal(_format(str(m.value), r.bound))
            out.append(m)
        return tuple(sorted({str(m) for m in out}))

    def ns_graph(self) -> Graph:
        """A graph with the prefixes pySHACL's copy of the data graph has (for default messages)."""
        if self._ns_graph is None:
            g = Graph(bind_namespaces="core")
            for p, n in self.namespaces().namespace_manager.namespaces():
                g.namespace_manager.bind(p, n, override=True, replace=True)
            have = {p for p, _n in g.namespace_manager.namespaces()}  # as pySHACL's inoculate
            for p, n in self.mixin.ontology.namespace_manager.namespaces():
                if p not in have:
                    g.namespace_manager.bind(p, n)
            self._ns_graph = g
        return self._ns_graph


def _format(msg: str, bound_vars: object) -> str:
    """pySHACL's `_format_sparql_based_result_message`."""
    fdict: dict = {}
    if isinstance(bound_vars, (tuple, list)):
        if len(bound_vars) == 4:
            fdict.update(bound_vars[3])
            bound_vars = bound_vars[:3]
        if len(bound_vars) == 3:
            if bound_vars[0] is not None:
                fdict["this"] = bound_vars[0]
            if bound_vars[1] is not None:
                fdict["path"] = bound_vars[1]
            if bound_vars[2] is not None:
                fdict["value"] = bound_vars[2]
    elif isinstance(bound_vars, dict):
        fdict.update(bound_vars)
    else:
        return msg
    for var, val in fdict.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def validate_compiled(compiled: CompiledShapes, data: TripleIndex, mixin: Mixin,
                      namespaces: Callable[[], Graph]) -> list[RawResult]:
    """The results of the compiled top-level shapes on `data` (raises NeedsReference).

    `namespaces()` gives the graph whose prefixes pySHACL would use in default messages."""
    run = _Run(compiled, data, mixin, namespaces)
    try:
        return run.run()
    except NeedsReference:
        raise
    except Exception as exc:  # a comparison or term pySHACL may fail on: let it decide
        raise NeedsReference(f"{type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------------------- components

def _report_each(test: Callable[[Node], bool]) -> Callable:
    """An evaluator reporting each value node that fails `test` (per value, value as sh:value)."""

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for f, vals in fvn:
            for v in vals:
                if not test(v):
                    out.append(_Report(f, f, v, shape, check))
                    failed.add(f)
        return failed

    return run


def _build_class(c: _Compiler, pyshape: object, comp: values.ClassConstraintComponent,
                 stack: tuple) -> _Check:
    rules = list(comp.class_rules)

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for cls in rules:
            members = r.members(cls)
            for f, vals in fvn:
                for v in vals:
                    if isinstance(v, Literal) or v not in members:
                        out.append(_Report(f, f, v, shape, check))
                        failed.add(f)
        return failed

    return _Check(comp, run)


_ACTUAL = [((XSD.string, RDF.langString), (str, bytes)), ((XSD.integer,), int),
           ((XSD.float,), float), ((XSD.decimal,), Decimal), ((XSD.boolean,), bool),
           ((XSD.date,), date), ((XSD.time,), time), ((XSD.dateTime,), datetime)]


def _build_datatype(c: _Compiler, pyshape: object, comp: values.DatatypeConstraintComponent,
                    stack: tuple) -> _Check:
    rule = comp.datatype_rule
    if not isinstance(rule, URIRef):
        raise Unsupported("sh:datatype that is not an IRI")
    rule_str = str(rule)
    # pySHACL's _assert_actual_datatype: the Python type of the value, for the types it knows
    python_type = next((t for rules, t in _ACTUAL if rule in rules), None)
    is_literal, is_datatype = rule == RDFS.Literal, rule == RDFS.Datatype
    string_like = rule == XSD.string
    lang_like = rule == RDF.langString

    def actual(v: Literal) -> bool:
        return python_type is None or isinstance(v.value, python_type)

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        dt = v.datatype
        if dt is not None and str.__eq__(dt, rule_str):
            if getattr(v, "ill_typed", None) is True:
                return False
            return actual(v)
        if is_literal:
            return True
        if is_datatype and dt:
            return True
        if dt is None and v.language is None and string_like:
            return actual(v)
        if lang_like and v.language:
            return actual(v)
        return False

    return _Check(comp, _report_each(ok))


def _build_nodekind(c: _Compiler, pyshape: object, comp: values.NodeKindConstraintComponent,
                    stack: tuple) -> _Check:
    rule = comp.nodekind_rule
    blank = rule in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
    literal = rule in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
    iri = rule in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)

    def ok(v: Node) -> bool:
        if isinstance(v, BNode):
            return blank
        if isinstance(v, Literal):
            return literal
        return iri

    return _Check(comp, _report_each(ok))


def _build_min_count(c: _Compiler, pyshape: object, comp: card.MinCountConstraintComponent,
                     stack: tuple) -> _Check:
    n = int(comp.min_count.value)

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        if n == 0:
            return failed
        for f, vals in fvn:
            if len(vals) < n:
                out.append(_Report(f, f, None, shape, check))
                failed.add(f)
        return failed

    return _Check(comp, run)


def _build_max_count(c: _Compiler, pyshape: object, comp: card.MaxCountConstraintComponent,
                     stack: tuple) -> _Check:
    n = int(comp.max_count.value)

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for f, vals in fvn:
            if len(vals) > n:
                out.append(_Report(f, f, None, shape, check))
                failed.add(f)
        return failed

    return _Check(comp, run)


def _range_builder(attr: str, accept: Callable[[int], bool]) -> Callable:
    def build(c: _Compiler, pyshape: object, comp: object, stack: tuple) -> _Check:
        limits = list(getattr(comp, attr))
        if not all(isinstance(m, Literal) for m in limits):
            raise Unsupported("a range limit that is not a literal")

        def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
            failed = set()
            for m_val in limits:
                limit_is_string = isinstance(m_val.value, str)
                for f, vals in fvn:
                    for v in vals:
                        flag = False
                        if isinstance(v, Literal):
                            v_is_string = isinstance(v.value, str)
                            if limit_is_string == v_is_string:
                                try:
                                    flag = accept(compare_literal(v, m_val))
                                except (TypeError, NotImplementedError):
                                    flag = False
                        if not flag:
                            out.append(_Report(f, f, v, shape, check))
                            failed.add(f)
            return failed

        return _Check(comp, run)

    return build


def _build_length(longest: bool) -> Callable:
    def build(c: _Compiler, pyshape: object, comp: object, stack: tuple) -> _Check:
        rule = comp.string_rules[0]
        n = rule.value
        to_string = comp.value_node_to_string
        if n < 0:
            raise Unsupported("a negative length")

        def ok(v: Node) -> bool:
            if not longest and n == 0:
                return True
            if isinstance(v, BNode):
                return False
            size = len(to_string(v))
            return size <= n if longest else size >= n

        return _Check(comp, _report_each(ok))

    return build


def _build_pattern(c: _Compiler, pyshape: object, comp: strings.PatternConstraintComponent,
                   stack: tuple) -> _Check:
    matchers = [comp.compiled_cache[r] for r in comp.string_rules]
    to_string = comp.value_node_to_string

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for matcher in matchers:
            for f, vals in fvn:
                for v in vals:
                    if isinstance(v, BNode):
                        match = False
                    else:
                        s = to_string(v)
                        match = matcher.match(s) or matcher.search(s)
                    if not match:
                        out.append(_Report(f, f, v, shape, check))
                        failed.add(f)
        return failed

    return _Check(comp, run)


def _build_language_in(c: _Compiler, pyshape: object,
                       comp: strings.LanguageInConstraintComponent, stack: tuple) -> _Check:
    need = set()
    try:
        for lang in c.sg.graph.items(comp.string_rules[0]):
            if not isinstance(lang, Literal) or not isinstance(lang.value, str):
                raise Unsupported("sh:languageIn with a value that is not a string")
            need.add(str(lang.value).lower())
    except (KeyError, AttributeError, ValueError):
        raise Unsupported("sh:languageIn is not a list") from None
    wildcard = "*" in need

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal) or not v.language:
            return False
        lang = str(v.language)
        return wildcard or lang.lower() in need or lang.split("-")[0].lower() in need

    return _Check(comp, _report_each(ok))


def _build_in(c: _Compiler, pyshape: object, comp: other.InConstraintComponent,
              stack: tuple) -> _Check:
    allowed = comp.in_vals
    return _Check(comp, _report_each(lambda v: v in allowed))


def _build_has_value(c: _Compiler, pyshape: object, comp: other.HasValueConstraintComponent,
                     stack: tuple) -> _Check:
    wanted = list(comp.has_value_set)

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for hv in wanted:
            for f, vals in fvn:
                if not any(v == hv for v in vals):
                    out.append(_Report(f, f, None, shape, check))
                    failed.add(f)
        return failed

    return _Check(comp, run)


def _build_less_than_or_equals(c: _Compiler, pyshape: object,
                               comp: pair.LessThanOrEqualsConstraintComponent,
                               stack: tuple) -> _Check:
    others = list(comp.property_compare_set)
    if not all(isinstance(p, URIRef) for p in others):
        raise Unsupported("sh:lessThanOrEquals with a value that is not an IRI")

    def comparable(n: Node) -> tuple[object, bool]:
        if isinstance(n, BNode):
            raise NeedsReference("sh:lessThanOrEquals on a blank node")
        if isinstance(n, URIRef):
            return str(n), True
        if isinstance(n, Literal) and isinstance(n.value, str):
            return n.value, True
        return n, False

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for lt in others:
            for f, vals in fvn:
                compare_values = set(r.values(f, lt))
                for v in set(vals):
                    a, a_str = comparable(v)
                    for cv in compare_values:
                        b, b_str = comparable(cv)
                        if a_str != b_str or not a <= b:
                            out.append(_Report(f, f, v, shape, check))
                            failed.add(f)
        return failed

    return _Check(comp, run)


def _build_property(c: _Compiler, pyshape: object, comp: based.PropertyConstraintComponent,
                    stack: tuple) -> _Check:
    nested = c.shapes_of(pyshape, comp.property_shapes, stack)

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        if shape.path is None:  # node shape: the value node is the focus itself
            foci = [f for f, _vals in fvn]
            for p_shape in nested:
                bad, reports = r.validate(p_shape, foci)
                failed |= bad
                out.extend(reports)
            return failed
        for p_shape in nested:
            bad, by_root = r.validate_each(p_shape, (v for _f, vals in fvn for v in vals))
            for f, vals in fvn:
                for v in vals:
                    if v in bad:
                        failed.add(f)
                    out.extend(rep.rerooted(f) for rep in by_root.get(v, EMPTY))
        return failed

    return _Check(comp, run, nested)


def _build_node(c: _Compiler, pyshape: object, comp: based.NodeConstraintComponent,
                stack: tuple) -> _Check:
    nested = c.shapes_of(pyshape, comp.node_shapes, stack)

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        for n_shape in nested:
            bad, by_root = r.validate_each(n_shape, (v for _f, vals in fvn for v in vals))
            for f, vals in fvn:
                for v in vals:
                    details = by_root.get(v)
                    if v in bad or details:
                        out.append(_Report(f, f, v, shape, check, details=list(details or ())))
                        failed.add(f)
        return failed

    return _Check(comp, run, nested)


def _logic_builder(attr: str, is_list: bool, passes: Callable[[int, int], bool]) -> Callable:
    """sh:or, sh:and, sh:xone (lists of shapes) and sh:not (a shape): `passes(conforming, of)`."""

    def build(c: _Compiler, pyshape: object, comp: object, stack: tuple) -> _Check:
        groups = []
        for node in getattr(comp, attr):
            members = c.list_items(node) if is_list else [node]
            if is_list:
                members = list(dict.fromkeys(members))  # pySHACL takes a set (xone a list)
            groups.append(c.shapes_of(pyshape, members, stack))

        def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
            failed = set()
            all_values = [v for _f, vals in fvn for v in vals]
            for members in groups:
                bads = [r.validate_each(m, all_values)[0] for m in members]
                for f, vals in fvn:
                    for v in vals:
                        conforming = sum(1 for bad in bads if v not in bad)
                        if not passes(conforming, len(members)):
                            out.append(_Report(f, f, v, shape, check))
                            failed.add(f)
            return failed

        return _Check(comp, run, groups)

    return build


def _build_xone(c: _Compiler, pyshape: object, comp: object, stack: tuple) -> _Check:
    # pySHACL keeps the members of an sh:xone list as a list (a shape listed twice counts twice)
    groups = [c.shapes_of(pyshape, c.list_items(node), stack) for node in comp.xone_nodes]

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        all_values = [v for _f, vals in fvn for v in vals]
        for members in groups:
            bads = [r.validate_each(m, all_values)[0] for m in members]
            for f, vals in fvn:
                for v in vals:
                    if sum(1 for bad in bads if v not in bad) != 1:
                        out.append(_Report(f, f, v, shape, check))
                        failed.add(f)
        return failed

    return _Check(comp, run, groups)


# ---------------------------------------------------------------------------- SPARQL

_THIS = ox.Variable("this")


@dataclass(frozen=True)
class _Query:
    text: str
    bind_this: bool
    node: Node
    messages: frozenset | None


def _build_sparql(c: _Compiler, pyshape: object, comp: SPARQLBasedConstraint,
                  stack: tuple) -> _Check:
    if pyshape.is_property_shape:
        raise Unsupported("sh:sparql on a property shape")
    queries = []
    probe = ox.Store()
    for helper in comp.sparql_constraints:
        if helper.deactivated:
            continue
        text = helper.select_text
        try:
            helper.check_invalid_sparql(text)
        except Exception as exc:  # noqa: BLE001 - left to pySHACL
            raise Unsupported(f"sh:select: {exc}") from None
        for regex in (helper.bind_cs_regex, helper.bind_sg_regex, helper.bind_path_regex):
            if regex.search(text):
                raise Unsupported("sh:select with $currentShape, $shapesGraph or $PATH")
        bind_this = bool(helper.bind_this_regex.search(text))
        full = helper.apply_prefixes(text)
        try:  # it parses, and $this is in the projection (pyoxigraph binds only those)
            list(probe.query(full, substitutions={_THIS: ox.NamedNode("urn:x:probe")} if bind_this
                             else None))
        except Exception as exc:  # noqa: BLE001 - left to pySHACL
            raise Unsupported(f"sh:select not run by pyoxigraph: {exc}") from None
        queries.append(_Query(full, bind_this, helper.node, frozenset(helper.messages) or None))
    c.has_sparql = True

    def run(r: _Run, shape: _Shape, check: _Check, fvn: list, out: list) -> set:
        failed = set()
        view = r.ox_view()
        for q in queries:
            for f, _vals in fvn:
                for t, p, v, rest, failure in view.select(q, f):
                    failed.add(f)
                    if failure:
                        out.append(_Report(f, f, f, shape, check, bound=rest, extra=q.messages))
                    else:
                        value = v if v is not None else f
                        out.append(_Report(f, t or f, value, shape, check, path=p,
                                           bound=(t, p, value, rest), extra=q.messages))
        return failed

    return _Check(comp, run, extra=queries)


class _OxView:
    """The mixed data graph in an in-memory pyoxigraph store, terms mapped back to rdflib's."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.store = ox.Store()
        lines: list[str] = []
        add = lines.append
        literals: set[str] = set()
        iris: list[str] = []  # every IRI written, checked at once below
        iri = iris.append
        n3, lit = self._n3, self._literal
        for spo in (run.data.spo, run.mixin.index.spo):
            for s, d in spo.items():
                ss = n3(s)
                if type(s) is URIRef:
                    iri(s)
                for p, objs in d.items():
                    ps = n3(p)
                    iri(p)
                    prefix = f"{ss} {ps} "
                    for o in objs:
                        kind = type(o)
                        if kind is URIRef:
                            iri(o)
                            add(f"{prefix}<{o}> .\n")
                        elif kind is Literal or isinstance(o, Literal):
                            if o.datatype is not None:
                                iri(o.datatype)
                            text = lit(o)
                            literals.add(text)
                            add(prefix + text + " .\n")
                        else:
                            add(prefix + n3(o) + " .\n")
        if _BAD_IRI_LINES.search("\n".join(iris)):
            raise NeedsReference("an IRI N-Triples cannot carry as it is")
        text = "".join(lines)
        try:
            self.store.load(text, ox.RdfFormat.N_TRIPLES, lenient=True)
        except Exception as exc:  # noqa: BLE001 - left to pySHACL
            raise NeedsReference(f"pyoxigraph cannot load the graph: {exc}") from None
        distinct = next(iter(self.store.query(
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")))[0]
        if int(distinct.value) != len(literals):
            raise NeedsReference("pyoxigraph merges literals the graph keeps apart")
        self._literals: dict[tuple, Literal] | None = None
        self._canonical: dict[tuple, Literal] | None = None

    @staticmethod
    def _literal(term: Literal) -> str:
        lex = str(term)
        if '"' in lex or "\\" in lex or "\n" in lex or "\r" in lex:
            lex = (lex.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\r", "\\r"))
        lang = term.language
        if lang:
            return f'"{lex}"@{lang}'
        dt = term.datatype
        if dt is not None:
            return f'"{lex}"^^<{dt}>'
        return f'"{lex}"'

    def _n3(self, term: Node) -> str:
        kind = type(term)
        if kind is URIRef:
            return f"<{term}>"
        if isinstance(term, Literal):
            return self._literal(term)
        if isinstance(term, BNode):
            if not _BNODE_ID.match(term):
                raise NeedsReference(f"a blank node id pyoxigraph cannot take: {term}")
            return f"_:{term}"
        if isinstance(term, URIRef):
            return f"<{term}>"
        raise NeedsReference(f"not an RDF term: {term!r}")

    def literals(self) -> dict[tuple, Literal]:
        """The data's literals by (lexical form, datatype, language) as pyoxigraph writes them."""
        if self._literals is None:
            self._literals = {}
            for spo in (self.run.data.spo, self.run.mixin.index.spo):
                for d in spo.values():
                    for objs in d.values():
                        for o in objs:
                            if isinstance(o, Literal):
                                key = ((str(o), _LANG_STRING, o.language) if o.language else
                                       (str(o), str(o.datatype or _XSD_STRING), None))
                                self._literals.setdefault(key, o)
        return self._literals

    def select(self, q: _Query, focus: Node) -> Iterator[tuple]:
        """pySHACL's violations of one sh:select query for one focus node:
        (this, path, value, other variables, is-a-failure)."""
        subs = {_THIS: self._to_ox(focus)} if q.bind_this else None
        solutions = self.store.query(q.text, substitutions=subs)
        names = [v.value for v in solutions.variables]
        seen: list = []
        failure_seen = False
        for sol in solutions:
            row = {}
            for i, name in enumerate(names):
                term = sol[i]
                if term is not None:
                    row[name] = self._from_ox(term)
            if row.pop("failure", None) is not None:
                if failure_seen:
                    continue
                failure_seen = True
                yield None, None, None, row, True
                continue
            p = row.pop("path", None)
            v = row.pop("value", None)
            t = row.pop("this", None)
            if p is None and v is None and t is None:
                continue
            key = (t, p, v, row)
            if key in seen:
                continue
            seen.append(key)
            yield t, p, v, row, False

    def _to_ox(self, term: Node) -> object:
        try:
            return ox_term(term)
        except ValueError as exc:
            raise NeedsReference(str(exc)) from None

    def _from_ox(self, term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            key = (term.value, term.datatype.value, term.language)
            got = self.literals().get(key)
            if got is None:
                got = self._canonicals().get(key)
            if got is not None:
                return got
            # computed by the query (STR, CONCAT, ...): as rdflib's engine would write it
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise NeedsReference(f"unexpected term from pyoxigraph: {term!r}")

    def _canonicals(self) -> dict[tuple, Literal]:
        """The data's literals by the form pyoxigraph gives them ("17.0"^^xsd:decimal -> "17")."""
        if self._canonical is None:
            self._canonical = {}
            items = list(self.literals().values())
            for start in range(0, len(items), 500):
                chunk = items[start:start + 500]
                rows = " ".join(f"({i} {self._literal(lit)})" for i, lit in enumerate(chunk, start))
                for sol in self.store.query(f"SELECT ?i ?x WHERE {{ VALUES (?i ?x) {{ {rows} }} }}"):
                    x = sol[1]
                    self._canonical[(x.value, x.datatype.value, x.language)] = items[int(sol[0].value)]
        return self._canonical


# ---------------------------------------------------------------------------- registry

_BUILDERS: dict[type, Callable] = {
    values.ClassConstraintComponent: _build_class,
    values.DatatypeConstraintComponent: _build_datatype,
    values.NodeKindConstraintComponent: _build_nodekind,
    card.MinCountConstraintComponent: _build_min_count,
    card.MaxCountConstraintComponent: _build_max_count,
    ranges.MinExclusiveConstraintComponent: _range_builder("min_vals", lambda c: c > 0),
    ranges.MinInclusiveConstraintComponent: _range_builder("min_vals", lambda c: c >= 0),
    ranges.MaxExclusiveConstraintComponent: _range_builder("max_vals", lambda c: c < 0),
    ranges.MaxInclusiveConstraintComponent: _range_builder("max_vals", lambda c: c <= 0),
    strings.MinLengthConstraintComponent: _build_length(longest=False),
    strings.MaxLengthConstraintComponent: _build_length(longest=True),
    strings.PatternConstraintComponent: _build_pattern,
    strings.LanguageInConstraintComponent: _build_language_in,
    other.InConstraintComponent: _build_in,
    other.HasValueConstraintComponent: _build_has_value,
    pair.LessThanOrEqualsConstraintComponent: _build_less_than_or_equals,
    based.PropertyConstraintComponent: _build_property,
    based.NodeConstraintComponent: _build_node,
    logic.OrConstraintComponent: _logic_builder("or_list", True, lambda n, _of: n > 0),
    logic.AndConstraintComponent: _logic_builder("and_list", True, lambda n, of: n == of),
    logic.NotConstraintComponent: _logic_builder("not_list", False, lambda n, _of: n == 0),
    logic.XoneConstraintComponent: _build_xone,
    SPARQLBasedConstraint: _build_sparql,
}
