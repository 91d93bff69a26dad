"""The native SHACL engine at run time: the indexed data graph and the checks on it.

pyshacl builds a report graph node by node and re-reads the shapes for every focus node,
which costs about 0.1 s for one article's 300 triples. The shapes here use a small part
of SHACL, so they are compiled once (:mod:`diplokg.validation.compiler`) into plain Python
checks over a dictionary index of the data graph (:class:`_Data`); SPARQL targets and
constraints run natively when recognised (:mod:`diplokg.validation.sparql`), else in
pyoxigraph. The semantics follow pyshacl's own code line by line
(ill-typed literals, literal comparison, messages), and tests/test_validation_engine.py
checks both engines give the same results. A shapes file using anything else (sh:closed,
sh:languageIn, custom components...) goes to pyshacl (:mod:`diplokg.validation.fallback`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from diplokg.namespaces import XSD
from diplokg.validation.parsing import _term
from diplokg.validation.report import ValidationResult, _show
from diplokg.validation.sparql import NativeQuery

_RDF_TYPE = RDF.type

_SUBCLASS = RDFS.subClassOf


_STRINGISH = (None, RDF.langString, XSD.string)

# Read once: a namespace attribute is a Python-level lookup on every access.
_XSD_STRING = XSD.string
_LANG_STRING = RDF.langString
_RDFS_LITERAL = RDFS.Literal
_RDFS_DATATYPE = RDFS.Datatype


class _Unsupported(Exception):
    """The shapes (or one data graph) need a feature only pyshacl implements."""


class _Hit(NamedTuple):
    """One failed constraint: the value, the component, the default message."""

    value: Node | None
    component: str
    generic: str
    extra: tuple[str, ...] = ()
    path: str | None = None
    focus: Node | None = None


_Check = Callable[["_Data", Node, Sequence[Node]], Iterator[_Hit]]

_Path = tuple[str, Any]


@dataclass(eq=False)
class _NativeShape:
    node: Node
    name: str
    text: str  # how messages name it: its IRI, or its content when it has none
    path: _Path | None
    path_text: str | None
    severity: str
    messages: tuple[str, ...]
    checks: list[_Check] = field(default_factory=list)
    # The checks that can fail when a property has no value at all (most cannot).
    empty_checks: list[_Check] = field(default_factory=list)
    properties: list[_NativeShape] = field(default_factory=list)
    # Some own check calls _conforms or SPARQL (sh:node, sh:or, sh:sparql...).
    nesting: bool = False
    # Set once compiled (see _flatten): the shape, then its property shapes depth first,
    # those with checks only, so a focus node walks one flat list instead of a generator
    # per property shape.
    flat: tuple[_NativeShape, ...] = ()
    # No shape in ``flat`` nests: conformance is cheap and cannot recurse, so it skips
    # the memo (hashing a literal costs more than checking it).
    simple: bool = False
    target_nodes: tuple[Node, ...] = ()
    target_classes: tuple[Node, ...] = ()
    target_subjects_of: tuple[Node, ...] = ()
    target_objects_of: tuple[Node, ...] = ()
    # A SPARQL target: the query, its prefixes, and its native function when recognised.
    target_queries: tuple[tuple[str, dict[str, str], NativeQuery | None], ...] = ()

    @property
    def has_targets(self) -> bool:
        return bool(
            self.target_nodes
            or self.target_classes
            or self.target_subjects_of
            or self.target_objects_of
            or self.target_queries
        )


class _Data:
    """One data graph indexed for the checks: subject -> predicate -> objects."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        out: dict[Node, dict[Node, dict[Node, None]]] = {}
        by_predicate: dict[Node, list[tuple[Node, Node]]] = {}
        count = 0
        # One object per IRI: rdflib compares terms in Python, but a dictionary lookup
        # with the very same object never calls that comparison.
        intern = _interned().setdefault
        for s, p, o in triples:
            if type(s) is URIRef:
                s = intern(s, s)
            p = intern(p, p)
            if type(o) is URIRef:
                o = intern(o, o)
            po = out.get(s)
            if po is None:
                po = out[s] = {}
            objects = po.get(p)
            if objects is None:
                po[p] = {o: None}
            elif o in objects:
                continue  # the same triple from another graph of a union
            else:
                objects[o] = None
            pairs = by_predicate.get(p)
            if pairs is None:
                by_predicate[p] = [(s, o)]
            else:
                pairs.append((s, o))
            count += 1
        self.out = out
        self.by_predicate = by_predicate
        self.triples = count
        self.has_subclasses = _SUBCLASS in by_predicate
        self._inverse: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._supers: dict[Node, frozenset[Node]] = {}
        self._instances: dict[Node, dict[Node, None]] = {}
        self.conforms_memo: dict[tuple[int, Node], bool] = {}
        self.in_progress: set[tuple[int, Node]] = set()
        self._store: ox.Store | None = None
        self._terms_checked = False
        self._to_ox: dict[Node, Any] = {}
        self._from_ox: dict[Any, Node] = {}

    def objects(self, node: Node, predicate: Node) -> Iterable[Node]:
        po = self.out.get(node)
        if po is None:
            return ()
        return po.get(predicate, ())

    def subjects(self, predicate: Node, node: Node) -> Iterable[Node]:
        index = self._inverse.get(predicate)
        if index is None:
            index = {}
            for s, o in self.by_predicate.get(predicate, ()):
                index.setdefault(o, {})[s] = None
            self._inverse[predicate] = index
        return index.get(node, ())

    def supers(self, cls: Node) -> frozenset[Node]:
        """The class and its superclasses through rdfs:subClassOf in the data graph."""
        found = self._supers.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for parent in self.objects(todo.pop(), _SUBCLASS):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._supers[cls] = frozenset(seen)
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        types = self.objects(node, _RDF_TYPE)
        if cls in types:
            return True
        return self.has_subclasses and any(cls in self.supers(t) for t in types)

    def instances(self, cls: Node) -> Iterable[Node]:
        """The SHACL instances of a class: typed with it or with one of its subclasses."""
        if not self._instances:
            index: dict[Node, dict[Node, None]] = {}
            for s, t in self.by_predicate.get(_RDF_TYPE, ()):
                for c in self.supers(t) if self.has_subclasses else (t,):
                    found = index.get(c)
                    if found is None:
                        index[c] = {s: None}
                    else:
                        found[s] = None
            self._instances = index or {RDF.nil: {}}
        return self._instances.get(cls, ())

    def values(self, node: Node, path: _Path) -> list[Node]:
        kind, arg = path
        if kind == "iri":
            return list(self.objects(node, arg))
        if kind == "inverse":
            return list(self.subjects_path(node, arg))
        if kind == "alternative":
            merged: dict[Node, None] = {}
            for member in arg:
                merged.update(dict.fromkeys(self.values(node, member)))
            return list(merged)
        # a sequence
        current: dict[Node, None] = {node: None}
        for member in arg:
            step: dict[Node, None] = {}
            for item in current:
                step.update(dict.fromkeys(self.values(item, member)))
            current = step
        return list(current)

    def subjects_path(self, node: Node, path: _Path) -> Iterable[Node]:
        if path[0] != "iri":
            raise _Unsupported("an inverse of a complex path")
        return self.subjects(path[1], node)

    # -- SPARQL, in pyoxigraph --

    def store(self) -> ox.Store:
        if self._store is None:
            convert = self.to_ox
            from_ox = self._from_ox
            quads = []
            # Each subject and predicate converted once, not once per triple. A literal
            # skips the caches: it rarely recurs, and rdflib hashes literals slowly.
            for s, po in self.out.items():
                s_ox = convert(s)
                for p, objects in po.items():
                    p_ox = convert(p)
                    for o in objects:
                        if type(o) is Literal:
                            o_ox = _to_ox_term(o)
                            from_ox.setdefault(o_ox, o)
                        else:
                            o_ox = convert(o)
                        quads.append(ox.Quad(s_ox, p_ox, o_ox))
            store = ox.Store()
            store.extend(quads)
            self._store = store
        return self._store

    def to_ox(self, term: Node) -> Any:
        found = self._to_ox.get(term)
        if found is not None:
            return found
        if not isinstance(term, BNode):
            found = _OX_TERMS.get(term)
            if found is None:
                found = _to_ox_term(term)
                if len(_OX_TERMS) > _CACHE_MAX:
                    _OX_TERMS.clear()
                _OX_TERMS[term] = found
        else:
            found = ox.BlankNode()  # blank nodes belong to one graph: never shared
        self._to_ox[term] = found
        self._from_ox.setdefault(found, term)
        return found

    def from_ox(self, term: Any) -> Node:
        found = self._from_ox.get(term)
        return found if found is not None else _term(term)

    def check_terms(self) -> None:
        """Raise as :meth:`store` would, without building it: every term pyoxigraph takes.

        A graph pyoxigraph refuses (an IRI or language tag it finds invalid) goes to
        pyshacl as before, even when no query needs the store.
        """
        if not self._terms_checked:
            if not self._takes_all_terms():
                self.store()  # raises as it does for a term pyoxigraph refuses
            self._terms_checked = True

    def _takes_all_terms(self) -> bool:
        for s, po in self.out.items():
            if not (type(s) is BNode or (type(s) is URIRef and _ox_accepts_iri(s))):
                return False
            for p, objects in po.items():
                if not (type(p) is URIRef and _ox_accepts_iri(p)):
                    return False
                for o in objects:
                    if type(o) is URIRef:
                        if not _ox_accepts_iri(o):
                            return False
                    elif type(o) is Literal:
                        if not _ox_accepts_literal(o):
                            return False
                    elif type(o) is not BNode:
                        return False
        return True

    def select(
        self,
        query: str,
        prefixes: dict[str, str],
        this: Node | None = None,
        native: NativeQuery | None = None,
    ) -> list[dict[str, Node]]:
        """The solutions of a SELECT query: natively when recognised, else in pyoxigraph."""
        if native is not None and self._store is None:
            self.check_terms()
            rows = native(self, this)
            if rows is not None:
                return rows
        substitutions = {ox.Variable("this"): self.to_ox(this)} if this is not None else None
        try:
            solutions = self.store().query(query, prefixes=prefixes, substitutions=substitutions)
        except (SyntaxError, OSError) as exc:
            raise _Unsupported(f"SPARQL: {exc}") from exc
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = self.from_ox(value)
            rows.append(row)
        return rows


# pyoxigraph terms of IRIs and literals already converted, shared by all graphs: the
# vocabulary and linked actors recur in every article.
_OX_TERMS: dict[Node, Any] = {}

# The datatype IRIs of literals, converted: a few recur in every graph.
_OX_DATATYPES: dict[Node, Any] = {}

# The IRIs seen so far, each as one object (see _Data), starting with the shapes' own.
_INTERNED: dict[Node, Node] = {}

# Most IRIs belong to one article: a small cap keeps memory flat over thousands of
# articles (and full garbage collections short), while the shapes' and shared actors'
# IRIs are back in the caches within an article of each clearing.
_CACHE_MAX = 20_000

_VOCABULARY: set[Node] = set()


def _interned() -> dict[Node, Node]:
    if len(_INTERNED) > _CACHE_MAX:
        _INTERNED.clear()
        _OX_TERMS.clear()
    if not _INTERNED:
        _INTERNED.update((term, term) for term in _VOCABULARY)
    return _INTERNED


def _ox_accepts_iri(term: URIRef) -> bool:
    """Whether pyoxigraph takes the IRI (it checks its syntax); conversions are shared."""
    if term in _OX_TERMS:
        return True
    try:
        converted = ox.NamedNode(str(term))
    except ValueError:
        return False
    if len(_OX_TERMS) > _CACHE_MAX:
        _OX_TERMS.clear()
    _OX_TERMS[term] = converted
    return True


# Language tags and datatypes pyoxigraph took: they recur in every graph.
_OX_LANGUAGES: set[str] = set()


def _ox_accepts_literal(term: Literal) -> bool:
    """Whether :func:`_to_ox_term` converts the literal, without converting it."""
    text = str(term)
    if not text.isascii():
        try:
            text.encode("utf-8")  # a lone surrogate: pyoxigraph refuses the string
        except UnicodeEncodeError:
            return False
    language = term.language
    if language:
        if language not in _OX_LANGUAGES:
            try:
                ox.Literal("", language=language)
            except ValueError:
                return False
            _OX_LANGUAGES.add(language)
        return True
    datatype = term.datatype
    if datatype is not None and datatype not in _OX_DATATYPES:
        try:
            _to_ox_term(term)
        except _Unsupported:
            return False
    return True


def _to_ox_term(term: Node) -> Any:
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            datatype = term.datatype
            if datatype is not None:
                found = _OX_DATATYPES.get(datatype)
                if found is None:
                    if len(_OX_DATATYPES) > 10_000:  # made-up datatypes in a large input
                        _OX_DATATYPES.clear()
                    found = _OX_DATATYPES[datatype] = ox.NamedNode(str(datatype))
                return ox.Literal(str(term), datatype=found)
            return ox.Literal(str(term))
    except ValueError as exc:  # an IRI or language tag pyoxigraph refuses
        raise _Unsupported(str(exc)) from exc
    raise _Unsupported(f"RDF term {term!r}")


def _datatype_matches(value: Node, datatype: Node) -> bool:
    """pyshacl's sh:datatype test: same datatype, and not ill-typed for known ones."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual_datatype(value, datatype)
    if datatype == _RDFS_LITERAL:
        return True
    if datatype == _RDFS_DATATYPE and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == _XSD_STRING:
        return _actual_datatype(value, datatype)
    if datatype == _LANG_STRING and value.language:
        return _actual_datatype(value, datatype)
    return False


# The Python types pyshacl expects rdflib to give for the datatypes it checks.
_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}


def _actual_datatype(value: Literal, datatype: Node) -> bool:
    kind = _PYTHON_TYPES.get(datatype)
    return True if kind is None else isinstance(value.value, kind)


def _string_of(value: Node) -> str:
    if isinstance(value, Literal) and value.value is not None and value.datatype in _STRINGISH:
        return str(value.value)
    return str(value)


def _comparable(value: Node) -> tuple[bool, Any]:
    if isinstance(value, URIRef):
        return True, str(value)
    if isinstance(value, Literal) and isinstance(value.value, str):
        return True, value.value
    return False, value


def _flatten(shape: _NativeShape, above: tuple[_NativeShape, ...] = ()) -> None:
    """Set ``flat`` and ``simple`` of a compiled shape (and of its property shapes)."""
    if shape in above:
        raise _Unsupported(f"a cycle of sh:property through {shape.name}")
    flat = [shape] if shape.checks else []
    for prop in shape.properties:
        _flatten(prop, (*above, shape))
        flat.extend(prop.flat)
    shape.flat = tuple(flat)
    shape.simple = not any(s.nesting for s in flat)


def _hits(data: _Data, shape: _NativeShape, focus: Node) -> Iterator[tuple[_NativeShape, _Hit]]:
    """Every failed constraint of ``shape`` (and its property shapes) on one focus node."""
    for source in shape.flat:
        path = source.path
        if path is None:
            values: Sequence[Node] = (focus,)
            checks = source.checks
        else:
            if path[0] == "iri":  # most paths: data.values inlined
                po = data.out.get(focus)
                found = po.get(path[1]) if po is not None else None
                values = list(found) if found else []
            else:
                values = data.values(focus, path)
            checks = source.checks if values else source.empty_checks
        for check in checks:
            for hit in check(data, focus, values):
                yield source, hit


def _conforms(data: _Data, shape: _NativeShape, node: Node) -> bool:
    if shape.simple:
        return next(_hits(data, shape, node), None) is None
    key = (id(shape), node)
    found = data.conforms_memo.get(key)
    if found is not None:
        return found
    if key in data.in_progress:
        return True  # a recursive shape: pyshacl stops and lets it pass, as we do
    data.in_progress.add(key)
    try:
        result = next(_hits(data, shape, node), None) is None
    finally:
        data.in_progress.discard(key)
    data.conforms_memo[key] = result
    return result


def _focus_nodes(data: _Data, shape: _NativeShape) -> dict[Node, None]:
    focus: dict[Node, None] = dict.fromkeys(shape.target_nodes)
    for cls in shape.target_classes:
        focus.update(dict.fromkeys(data.instances(cls)))
    for predicate in shape.target_subjects_of:
        focus.update((s, None) for s, _ in data.by_predicate.get(predicate, ()))
    for predicate in shape.target_objects_of:
        focus.update((o, None) for _, o in data.by_predicate.get(predicate, ()))
    for query, prefixes, native in shape.target_queries:
        for row in data.select(query, prefixes, None, native):
            if "this" in row:
                focus[row["this"]] = None
    return focus


def _native_results(
    shapes: Sequence[_NativeShape], data: _Data, graph_name: str | None
) -> list[ValidationResult]:
    out = []
    for shape in shapes:
        for focus in _focus_nodes(data, shape):
            for source, hit in _hits(data, shape, focus):
                if hit.extra:
                    messages = set(hit.extra) | set(source.messages)
                else:
                    messages = set(source.messages) or {hit.generic}
                out.append(
                    ValidationResult(
                        focus_node=_show(hit.focus if hit.focus is not None else focus) or "",
                        source_shape=source.name,
                        severity=source.severity,
                        message=" ".join(sorted(messages)) or "(no message)",
                        path=hit.path or source.path_text,
                        value=_show(hit.value),
                        constraint="sh:" + hit.component,
                        graph=graph_name,
                    )
                )
    return out
