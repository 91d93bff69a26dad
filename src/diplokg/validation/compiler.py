"""Compiling a SHACL shapes graph into native shapes and checks.

One builder per constraint parameter (``c_<local name>``) turns it into a check the
engine runs; a feature the engine does not implement raises ``_Unsupported`` and the
shapes then run on pyshacl.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import _NUMERIC_LITERAL_TYPES, Node

from diplokg.validation.engine import (
    _RDF_TYPE,
    _SUBCLASS,
    _VOCABULARY,
    _Check,
    _comparable,
    _conforms,
    _Data,
    _datatype_matches,
    _flatten,
    _Hit,
    _interned,
    _NativeShape,
    _Path,
    _string_of,
    _Unsupported,
)
from diplokg.validation.report import SH, _path_text, _show
from diplokg.validation.sparql import native_query

_SH_LIST_FIRST = RDF.first

_SH_LIST_REST = RDF.rest

# Shape predicates that never change what a shape checks.
_ANNOTATIONS = frozenset(
    SH[name]
    for name in (
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
        "message",
        "severity",
        "deactivated",
        "path",
        "property",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "target",
        "flags",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
    )
)


_FAIL_WHEN_EMPTY = frozenset({"minCount", "hasValue", "qualifiedValueShape", "sparql"})

# The parameters whose checks call _conforms on other shapes or run SPARQL.
_NESTING = frozenset({"node", "not", "or", "and", "qualifiedValueShape", "sparql"})


def _severity_name(node: Node | None) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else "Violation"


def _rdf_list(graph: Graph, node: Node) -> list[Node]:
    items = []
    while node != RDF.nil:
        first = graph.value(node, _SH_LIST_FIRST)
        if first is None:
            raise _Unsupported("a broken RDF list in the shapes")
        items.append(first)
        rest = graph.value(node, _SH_LIST_REST)
        if rest is None:
            raise _Unsupported("a broken RDF list in the shapes")
        node = rest
    return items


def _one(graph: Graph, node: Node, predicate: Node) -> Node | None:
    values = list(graph.objects(node, predicate))
    if len(values) > 1:
        raise _Unsupported(f"several {predicate} on one shape")
    return values[0] if values else None


def _canonical(term: Node) -> Node:
    """An IRI as the one object the data index also uses (see _Data), other terms as is.

    A check's dictionary lookup with that very object never calls rdflib's ``__eq__``;
    the shapes graph may hold several equal objects for one IRI.
    """
    if isinstance(term, URIRef):
        return _interned().setdefault(term, term)
    return term


def _compile_path(graph: Graph, node: Node) -> _Path:
    if isinstance(node, URIRef):
        return ("iri", _canonical(node))
    if (node, RDF.first, None) in graph:
        return ("sequence", tuple(_compile_path(graph, n) for n in _rdf_list(graph, node)))
    alternative = graph.value(node, SH.alternativePath)
    if alternative is not None:
        return (
            "alternative",
            tuple(_compile_path(graph, n) for n in _rdf_list(graph, alternative)),
        )
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return ("inverse", _compile_path(graph, inverse))
    raise _Unsupported("a path with zeroOrMore, oneOrMore or zeroOrOne")


def _shape_text(graph: Graph, node: Node, depth: int = 0) -> str:
    """A shape for messages: its name, or ``[ sh:datatype xsd:date ]`` for a blank node."""
    if not isinstance(node, BNode):
        return _show(node) or ""
    if depth > 2:
        return "[...]"
    parts = []
    for predicate, value in sorted(graph.predicate_objects(node)):
        if (value, RDF.first, None) in graph:
            shown = (
                "( " + " ".join(_shape_text(graph, v, depth + 1) for v in graph.items(value)) + " )"
            )
        else:
            shown = _shape_text(graph, value, depth + 1)
        parts.append(f"{_show(predicate)} {shown}")
    return "[ " + " ; ".join(parts) + " ]"


def _prefixes(graph: Graph, node: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for source in graph.objects(node, SH.prefixes):
        for declaration in graph.objects(source, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                out[str(prefix)] = str(namespace)
    return out


def _check_sparql_text(text: str) -> None:
    for token in (
        "$PATH",
        "$shapesGraph",
        "$currentShape",
        "?PATH",
        "?shapesGraph",
        "?currentShape",
    ):
        if token in text:
            raise _Unsupported(f"SPARQL using {token}")


class _Compiler:
    """Turns a shapes graph into native shapes, or raises _Unsupported."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.shapes: dict[Node, _NativeShape] = {}

    def compile(self) -> list[_NativeShape]:
        g = self.graph
        roots: dict[Node, None] = {}
        for kind in (SH.NodeShape, SH.PropertyShape):
            roots.update(dict.fromkeys(g.subjects(RDF.type, kind)))
        for predicate in (
            SH.targetClass,
            SH.targetNode,
            SH.targetSubjectsOf,
            SH.targetObjectsOf,
            SH.target,
        ):
            roots.update(dict.fromkeys(g.subjects(predicate, None)))
        for kind in (SH.SPARQLTarget, SH.SPARQLConstraint):
            for node in g.subjects(RDF.type, kind):
                roots.pop(node, None)
        for unsupported in (
            SH.rule,
            SH.SPARQLTargetType,
            SH.ConstraintComponent,
            SH.shapesGraph,
            SH.entailment,
            SH.JSConstraint,
            SH.expression,
        ):
            if (None, unsupported, None) in g or (None, RDF.type, unsupported) in g:
                raise _Unsupported(f"{unsupported} in the shapes")
        compiled = [self.shape(node) for node in roots]
        for shape in self.shapes.values():
            _flatten(shape)
        interned = _interned()
        for term in (_RDF_TYPE, _SUBCLASS, *(t for triple in g for t in triple)):
            if isinstance(term, URIRef):
                _VOCABULARY.add(interned.setdefault(term, term))
        return [s for s in compiled if s.has_targets]

    def shape(self, node: Node) -> _NativeShape:
        found = self.shapes.get(node)
        if found is not None:
            return found
        g = self.graph
        path_node = _one(g, node, SH.path)
        severity = _one(g, node, SH.severity)
        deactivated = _one(g, node, SH.deactivated)
        shape = _NativeShape(
            node=node,
            name=_show(node) or "",
            text=_shape_text(g, node),
            path=_compile_path(g, path_node) if path_node is not None else None,
            path_text=_path_text(g, path_node) if path_node is not None else None,
            severity=_severity_name(severity),
            messages=tuple(str(m) for m in g.objects(node, SH.message)),
        )
        self.shapes[node] = shape
        if isinstance(deactivated, Literal) and deactivated.value is True:
            return shape  # no targets, no checks: it conforms and reports nothing
        self.targets(shape)
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.target_classes += (_canonical(node),)
        for predicate, value in g.predicate_objects(node):
            if not isinstance(predicate, URIRef) or not str(predicate).startswith(str(SH)):
                continue
            if predicate in _ANNOTATIONS:
                continue
            name = str(predicate)[len(str(SH)) :]
            build = getattr(self, "c_" + name, None)
            if build is None:
                raise _Unsupported(f"{_show(predicate)} on {shape.name}")
            check = build(shape, _canonical(value))
            if check is not None:
                shape.checks.append(check)
                if name in _FAIL_WHEN_EMPTY:
                    shape.empty_checks.append(check)
                if name in _NESTING:
                    shape.nesting = True
        for prop in g.objects(node, SH.property):
            shape.properties.append(self.shape(prop))
        if (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
            raise _Unsupported("sh:qualifiedValueShapesDisjoint")
        return shape

    def targets(self, shape: _NativeShape) -> None:
        g, node = self.graph, shape.node
        shape.target_nodes = tuple(map(_canonical, g.objects(node, SH.targetNode)))
        shape.target_classes = tuple(map(_canonical, g.objects(node, SH.targetClass)))
        shape.target_subjects_of = tuple(map(_canonical, g.objects(node, SH.targetSubjectsOf)))
        shape.target_objects_of = tuple(map(_canonical, g.objects(node, SH.targetObjectsOf)))
        queries = []
        for target in g.objects(node, SH.target):
            select = _one(g, target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                raise _Unsupported(f"a custom target on {shape.name}")
            _check_sparql_text(str(select))
            prefixes = _prefixes(g, target)
            queries.append((str(select), prefixes, native_query(str(select), prefixes)))
        shape.target_queries = tuple(queries)

    def _int(self, value: Node, name: str) -> int:
        if not isinstance(value, Literal) or not isinstance(value.value, int):
            raise _Unsupported(f"sh:{name} is not an integer")
        return int(value.value)

    # -- one builder per constraint parameter: c_<local name>(shape, value) -> check --

    def c_minCount(self, shape: _NativeShape, value: Node) -> _Check | None:
        n = self._int(value, "minCount")
        if n == 0:
            return None
        generic = f"Less than {n} values on {{focus}}->{shape.path_text}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            if len(values) < n:
                yield _Hit(None, "MinCountConstraintComponent", generic.format(focus=_show(focus)))

        return check

    def c_maxCount(self, shape: _NativeShape, value: Node) -> _Check:
        n = self._int(value, "maxCount")
        generic = f"More than {n} values on {{focus}}->{shape.path_text}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            if len(values) > n:
                yield _Hit(None, "MaxCountConstraintComponent", generic.format(focus=_show(focus)))

        return check

    def c_nodeKind(self, shape: _NativeShape, value: Node) -> _Check:
        allowed = {
            SH.IRI: (URIRef,),
            SH.Literal: (Literal,),
            SH.BlankNode: (BNode,),
            SH.BlankNodeOrIRI: (BNode, URIRef),
            SH.BlankNodeOrLiteral: (BNode, Literal),
            SH.IRIOrLiteral: (URIRef, Literal),
        }.get(value)  # type: ignore[call-overload]
        if allowed is None:
            raise _Unsupported(f"sh:nodeKind {value}")
        kinds: tuple[type, ...] = allowed
        generic = f"Value is not of Node Kind {_show(value)}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if not isinstance(v, kinds):
                    yield _Hit(v, "NodeKindConstraintComponent", generic)

        return check

    def c_datatype(self, shape: _NativeShape, value: Node) -> _Check:
        generic = f"Value is not Literal with datatype {_show(value)}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if not _datatype_matches(v, value):
                    yield _Hit(v, "DatatypeConstraintComponent", generic)

        return check

    def c_class(self, shape: _NativeShape, value: Node) -> _Check:
        generic = f"Value does not have class {_show(value)}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if isinstance(v, Literal) or not data.is_instance(v, value):
                    yield _Hit(v, "ClassConstraintComponent", generic)

        return check

    def c_in(self, shape: _NativeShape, value: Node) -> _Check:
        members = [_canonical(m) for m in _rdf_list(self.graph, value)]
        allowed = set(members)
        listed = "[" + ", ".join(_show(m) or "" for m in members) + "]"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if v not in allowed:
                    yield _Hit(v, "InConstraintComponent", f"Value {_show(v)} not in list {listed}")

        return check

    def c_hasValue(self, shape: _NativeShape, value: Node) -> _Check:
        generic = f"Value does not contain {_show(value)}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            if value not in values:
                yield _Hit(None, "HasValueConstraintComponent", generic)

        return check

    def c_pattern(self, shape: _NativeShape, value: Node) -> _Check:
        flags = 0
        flag_text = str(_one(self.graph, shape.node, SH.flags) or "").lower()
        if "i" in flag_text:
            flags |= re.I
        if "m" in flag_text:
            flags |= re.M
        text = str(value.value) if isinstance(value, Literal) and value.value else str(value)
        matcher = re.compile(text, flags)
        generic = f"Value does not match pattern '{text}'"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if isinstance(v, BNode) or not matcher.search(_string_of(v)):
                    yield _Hit(v, "PatternConstraintComponent", generic)

        return check

    def c_minLength(self, shape: _NativeShape, value: Node) -> _Check | None:
        n = self._int(value, "minLength")
        if n == 0:
            return None
        generic = f"String length not >= {n}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if isinstance(v, BNode) or len(_string_of(v)) < n:
                    yield _Hit(v, "MinLengthConstraintComponent", generic)

        return check

    def c_maxLength(self, shape: _NativeShape, value: Node) -> _Check:
        n = self._int(value, "maxLength")
        generic = f"String length not <= {n}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if isinstance(v, BNode) or len(_string_of(v)) > n:
                    yield _Hit(v, "MaxLengthConstraintComponent", generic)

        return check

    def _range(self, value: Node, name: str, passes: Callable[[int], bool], sign: str) -> _Check:
        from pyshacl.rdfutil.compare import compare_literal as untyped_compare

        # pyshacl's own literal comparison, so both engines order literals alike.
        compare_literal: Callable[[Literal, Literal], int] = untyped_compare

        if not isinstance(value, Literal):
            raise _Unsupported(f"sh:{name} is not a literal")
        bound_is_string = isinstance(value.value, str)
        generic = f"Value is not {sign} {_show(value)}"
        component = name[0].upper() + name[1:] + "ConstraintComponent"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                ok = False
                if isinstance(v, Literal) and isinstance(v.value, str) == bound_is_string:
                    try:
                        order = _numeric_order(v, value)
                        ok = passes(order if order is not None else compare_literal(v, value))
                    except (TypeError, NotImplementedError):
                        ok = False
                if not ok:
                    yield _Hit(v, component, generic)

        return check

    def c_minInclusive(self, shape: _NativeShape, value: Node) -> _Check:
        return self._range(value, "minInclusive", lambda c: c >= 0, ">=")

    def c_maxInclusive(self, shape: _NativeShape, value: Node) -> _Check:
        return self._range(value, "maxInclusive", lambda c: c <= 0, "<=")

    def c_minExclusive(self, shape: _NativeShape, value: Node) -> _Check:
        return self._range(value, "minExclusive", lambda c: c > 0, ">")

    def c_maxExclusive(self, shape: _NativeShape, value: Node) -> _Check:
        return self._range(value, "maxExclusive", lambda c: c < 0, "<")

    def _pair(self, shape: _NativeShape, other: Node, strict: bool) -> _Check:
        if shape.path is None:
            raise _Unsupported("sh:lessThan on a node shape")
        component = (
            "LessThanConstraintComponent" if strict else "LessThanOrEqualsConstraintComponent"
        )
        generic = f"Value of {{focus}}->{shape.path_text} {'<=' if strict else '<'} {_show(other)}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            compare = list(data.objects(focus, other))
            for v in values:
                if isinstance(v, BNode):
                    raise _Unsupported("sh:lessThan on a blank node")
                v_string, v_key = _comparable(v)
                for c in compare:
                    if isinstance(c, BNode):
                        raise _Unsupported("sh:lessThan on a blank node")
                    c_string, c_key = _comparable(c)
                    order = (
                        _numeric_order(v, c)
                        if isinstance(v, Literal) and isinstance(c, Literal) and not v_string
                        else None
                    )
                    if v_string != c_string:
                        ok = False
                    elif order is not None:  # rdflib's < and <= on two numbers, directly
                        ok = order < 0 if strict else order <= 0
                    else:
                        ok = bool(v_key < c_key) if strict else bool(v_key <= c_key)
                    if not ok:
                        yield _Hit(v, component, generic.format(focus=_show(focus)))

        return check

    def c_lessThan(self, shape: _NativeShape, value: Node) -> _Check:
        return self._pair(shape, value, True)

    def c_lessThanOrEquals(self, shape: _NativeShape, value: Node) -> _Check:
        return self._pair(shape, value, False)

    def c_not(self, shape: _NativeShape, value: Node) -> _Check:
        inner = self.shape(value)
        generic = f"Node {{value}} conforms to shape {inner.text}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if _conforms(data, inner, v):
                    yield _Hit(v, "NotConstraintComponent", generic.format(value=_show(v)))

        return check

    def c_node(self, shape: _NativeShape, value: Node) -> _Check:
        inner = self.shape(value)
        generic = f"Value does not conform to shape {inner.text}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if not _conforms(data, inner, v):
                    yield _Hit(v, "NodeConstraintComponent", generic)

        return check

    def c_or(self, shape: _NativeShape, value: Node) -> _Check:
        inners = [self.shape(n) for n in _rdf_list(self.graph, value)]
        listed = ", ".join(s.text for s in inners)
        generic = f"Node {{value}} does not conform to one or more shapes in {listed}"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if not any(_conforms(data, inner, v) for inner in inners):
                    yield _Hit(v, "OrConstraintComponent", generic.format(value=_show(v)))

        return check

    def c_and(self, shape: _NativeShape, value: Node) -> _Check:
        inners = [self.shape(n) for n in _rdf_list(self.graph, value)]
        generic = (
            f"Node {{value}} does not conform to all shapes in {', '.join(s.text for s in inners)}"
        )

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            for v in values:
                if not all(_conforms(data, inner, v) for inner in inners):
                    yield _Hit(v, "AndConstraintComponent", generic.format(value=_show(v)))

        return check

    def c_qualifiedValueShape(self, shape: _NativeShape, value: Node) -> _Check:
        inner = self.shape(value)
        low = _one(self.graph, shape.node, SH.qualifiedMinCount)
        high = _one(self.graph, shape.node, SH.qualifiedMaxCount)
        least = self._int(low, "qualifiedMinCount") if low is not None else None
        most = self._int(high, "qualifiedMaxCount") if high is not None else None
        path = shape.path_text

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            if not values and (least is None or least < 1):
                return
            count = sum(1 for v in values if _conforms(data, inner, v))
            if most is not None and count > most:
                yield _Hit(
                    None,
                    "QualifiedMaxCountConstraintComponent",
                    f"Focus node {_show(focus)} conforms to more than {most} nodes in shape "
                    f"{inner.text} via {path}",
                )
            if least is not None and count < least:
                yield _Hit(
                    None,
                    "QualifiedMinCountConstraintComponent",
                    f"Focus node {_show(focus)} does not conform to {least} or more nodes in "
                    f"shape {inner.text} via {path}",
                )

        return check

    def c_sparql(self, shape: _NativeShape, value: Node) -> _Check | None:
        g = self.graph
        deactivated = _one(g, value, SH.deactivated)
        if isinstance(deactivated, Literal) and deactivated.value is True:
            return None
        select = _one(g, value, SH.select)
        if select is None or shape.path is not None:
            raise _Unsupported(f"a SPARQL constraint of {shape.name} pyshacl must run")
        text = str(select)
        _check_sparql_text(text)
        prefixes = _prefixes(g, value)
        native = native_query(text, prefixes)
        extra = tuple(str(m) for m in g.objects(value, SH.message))
        source = _show(value) if isinstance(value, URIRef) else f"of {shape.name}"
        generic = f"The SPARQL constraint {source} found a problem"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            seen: list[tuple[Any, ...]] = []
            failed = False
            for row in data.select(text, prefixes, focus, native):
                if "failure" in row:
                    if not failed:
                        failed = True
                        yield _Hit(focus, "SPARQLConstraintComponent", generic, _format(extra, row))
                    continue
                this, path, val = (
                    row.pop("this", None),
                    row.pop("path", None),
                    row.pop("value", None),
                )
                if this is None and path is None and val is None:
                    continue
                key = (this, path, val, sorted(row.items()))
                if key in seen:
                    continue
                seen.append(key)
                bound = dict(row)
                for name, term in (
                    ("this", this),
                    ("path", path),
                    ("value", val if val is not None else focus),
                ):
                    if term is not None:
                        bound[name] = term
                yield _Hit(
                    val if val is not None else focus,
                    "SPARQLConstraintComponent",
                    generic,
                    _format(extra, bound),
                    _show(path) if path is not None else None,
                    this,
                )

        return check


# rdflib's numeric datatypes: two well-typed literals of these compare in value space.
_NUMERIC = frozenset(_NUMERIC_LITERAL_TYPES)


def _numeric_order(v: Literal, bound: Literal) -> int | None:
    """What pyshacl's compare_literal gives for two well-typed numeric literals, else None.

    It is what rdflib's ``Literal.eq`` and ``>`` do on them (compare the values), without
    their scans of a tuple of datatype IRIs: the offsets of every evidence node take this.
    """
    a, b = v.value, bound.value
    if (
        a is None
        or b is None
        or v.datatype not in _NUMERIC
        or bound.datatype not in _NUMERIC
        or v.ill_typed
        or bound.ill_typed
    ):
        return None
    if a == b:
        return 0
    return 1 if a > b else -1


def _format(messages: tuple[str, ...], bound: Mapping[str, Node]) -> tuple[str, ...]:
    out = []
    for message in messages:
        for name, term in bound.items():
            text = str(term)
            message = message.replace(f"{{?{name}}}", text).replace(f"{{${name}}}", text)
        out.append(message)
    return tuple(out)
