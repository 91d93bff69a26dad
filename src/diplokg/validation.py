"""Validating RDF against the diplokg shapes, and parsing contributed RDF safely.

Validation runs on the data graph alone: no ontology is mixed in, no inference, no
``owl:imports`` followed. Shapes are parsed and compiled once per file version. The bundled
shapes run on a native engine (plain Python checks over a dictionary index of the graph,
SPARQL targets and constraints in pyoxigraph): about 5 ms for one article's 300 triples,
where pyshacl takes 120 ms. It reproduces pyshacl's results exactly
(tests/test_validation_engine.py); a shapes file using SHACL features it does not know
(sh:closed, sh:languageIn, SHACL rules...) runs on pyshacl instead. A dataset with several
named graphs (one per article) is validated graph by graph, so the cost stays linear.

Untrusted input is parsed with pyoxigraph, never rdflib: pyoxigraph refuses remote JSON-LD
contexts and caps token sizes, and RDF/XML is first checked with defusedxml so no DTD,
entity expansion or external entity reaches any parser. Non-conformance is a result (a
:class:`ValidationReport`), never an exception.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, NamedTuple

import pyoxigraph as ox
from pyshacl import Validator
from pyshacl.graph_abstraction import RdfLibDataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from diplokg.errors import InputError, RDFSyntaxError, UsageError
from diplokg.namespaces import PREFIXES, XSD
from diplokg.resources import shapes_path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INPUT_FORMATS",
    "InputOutcome",
    "ValidationOutcome",
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "parse_rdf",
    "validate_graph",
    "validate_paths",
]

SH = Namespace("http://www.w3.org/ns/shacl#")
DSH = Namespace("https://w3id.org/diplokg/shapes#")

# 256 MiB: several hundred thousand articles' worth of triples, yet small enough that a
# hostile file cannot exhaust memory once expanded into rdflib terms.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

INPUT_FORMATS: Mapping[str, ox.RdfFormat | None] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
    "record": None,
}
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "rdf": "xml",
}
_EXTENSIONS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
    ".json": "json",  # a record or JSON-LD: decided by content
}
_XSD_STRING = str(XSD.string)
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


# ---- parsing ---------------------------------------------------------------------------


def _format_name(fmt: str | None, name: str) -> str:
    """The input format from ``fmt`` or the file extension."""
    if fmt:
        key = _ALIASES.get(fmt.lower(), fmt.lower())
        if key not in INPUT_FORMATS:
            raise UsageError(
                f"unknown input format {fmt!r}; use one of {', '.join(sorted(INPUT_FORMATS))}"
            )
        return key
    suffix = Path(name).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    raise UsageError(
        f"{name}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; "
        "pass --input-format (turtle, trig, nt, nquads, json-ld, xml, record)"
    )


def _read_limited(source: Path | bytes | IO[bytes], name: str, max_bytes: int) -> bytes:
    limit_text = f"{max_bytes / 1024 / 1024:.0f} MiB"
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, Path):
        try:
            size = source.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{name}: {size / 1024 / 1024:.1f} MiB is over the {limit_text} size limit; "
                    "split the data (one file per article) or raise the limit (--max-size)"
                )
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read the file ({exc.strerror})") from exc
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: more than the {limit_text} size limit; split the data (one file per "
            "article) or raise the limit (--max-size)"
        )
    return data


def _check_xml(data: bytes, name: str) -> None:
    """Refuse DTDs (and with them entity expansion and external entities) before parsing."""
    import xml.sax

    import defusedxml
    import defusedxml.sax

    try:
        defusedxml.sax.parseString(
            data,
            xml.sax.ContentHandler(),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
    except defusedxml.DefusedXmlException as exc:
        raise RDFSyntaxError(
            f"{name}: RDF/XML with a DTD or entity declarations is refused for safety "
            f"({type(exc).__name__}); expand the entities or send Turtle instead"
        ) from exc
    except xml.sax.SAXParseException as exc:
        raise RDFSyntaxError(
            f"{name}: line {exc.getLineNumber()}, column {exc.getColumnNumber()}: "
            f"not well-formed XML ({exc.getMessage()})"
        ) from exc


def _term(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # A plain string stays plain, as rdflib's own parsers and our mappers make it.
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise RDFSyntaxError(f"unsupported RDF term {term!r} (RDF 1.2 triple terms are not accepted)")


@contextmanager
def _quiet_ill_typed_literals() -> Iterator[None]:
    """Silence rdflib's traceback for each ill-typed literal; the shapes report them."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _to_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    with _quiet_ill_typed_literals():
        return _fill_dataset(quads)


def _fill_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    graphs: dict[str, Graph] = {}
    default = dataset.default_graph
    batch: list[tuple[Node, Node, Node, Graph]] = []
    for quad in quads:
        name = quad.graph_name
        if isinstance(name, ox.DefaultGraph):
            context = default
        else:
            key = name.value
            context = graphs.get(key) or graphs.setdefault(key, dataset.graph(_term(name)))  # type: ignore[arg-type]
        batch.append((_term(quad.subject), _term(quad.predicate), _term(quad.object), context))
        if len(batch) >= 10000:
            dataset.addN(batch)
            batch.clear()
    dataset.addN(batch)
    return dataset


def parse_rdf(
    source: Path | bytes | IO[bytes],
    format: str | None = None,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Dataset:
    """Parse untrusted RDF into an rdflib dataset, safely.

    Nothing is fetched (remote JSON-LD contexts are refused, ``owl:imports`` is data),
    RDF/XML with a DTD is refused, and input over ``max_bytes`` is refused.

    Args:
        source: a file path, the bytes, or a binary stream.
        format: turtle, trig, nt, nquads, json-ld, xml or n3; from the extension if None.
        name: how to name the input in messages (default: the path or ``<stdin>``).
        max_bytes: the size limit.

    Raises:
        RDFSyntaxError: the data cannot be parsed (the message gives line and column).
        InputError: the input cannot be read or is too large.
        UsageError: the format is unknown.
    """
    label = name or (str(source) if isinstance(source, Path) else "<stdin>")
    key = _format_name(format, label)
    if key == "json":
        key = "json-ld"
    rdf_format = INPUT_FORMATS.get(key)
    if rdf_format is None:
        raise UsageError(f"{label}: {key!r} is not an RDF format; records go to validate_paths")
    data = _read_limited(source, label, max_bytes)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _check_xml(data, label)
    try:
        return _to_dataset(ox.parse(data, rdf_format))
    except SyntaxError as exc:
        where = f"line {exc.lineno}, column {exc.offset}: " if exc.lineno else ""
        message = str(exc.msg if exc.msg else exc)
        if "LoadDocumentCallback" in message:
            message = (
                "a remote JSON-LD @context is referenced and is never fetched; "
                "inline the context in the document"
            )
        raise RDFSyntaxError(f"{label}: {where}{message}") from exc
    except (ValueError, OSError) as exc:
        raise RDFSyntaxError(f"{label}: {exc}") from exc


# ---- shapes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shapes:
    graph: Graph
    compiled: ShapesGraph
    # The shapes compiled for the native engine; None when they need pyshacl.
    native: tuple[_NativeShape, ...] | None = None
    native_problem: str | None = None


@lru_cache(maxsize=8)
def _load_shapes_cached(path: Path, mtime_ns: int) -> _Shapes:
    dataset = parse_rdf(path)
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    try:
        native: tuple[_NativeShape, ...] | None = tuple(_Compiler(graph).compile())
        problem = None
    except _Unsupported as exc:
        native, problem = None, str(exc)
    return _Shapes(graph, ShapesGraph(graph), native, problem)


def load_shapes(shapes: Path | None = None) -> Graph:
    """The shapes graph (the bundled shapes by default), parsed once per file version."""
    return _shapes(shapes).graph


def _shapes(shapes: Path | None) -> _Shapes:
    path = (shapes or shapes_path()).resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise InputError(f"{path}: cannot read the shapes file ({exc.strerror})") from exc
    return _load_shapes_cached(path, mtime)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Any:
    return prepareQuery(text)


class _CachedQueryGraph(RdfLibDataGraph):
    """A pyshacl data graph that parses each SPARQL constraint once, not once per node."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Result:  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        result: Result = super().query(query_object, *args, **kwargs)
        return result


# ---- reports ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One problem the shapes found: where, what, and how bad."""

    focus_node: str
    source_shape: str
    severity: str  # Violation, Warning or Info
    message: str
    path: str | None = None
    value: str | None = None
    constraint: str = ""
    graph: str | None = None


def _namespaces() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace)
    manager.bind("dsh", DSH)
    manager.bind("sh", SH)
    return manager


_NAMES = _namespaces()


def _show(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, (URIRef, Literal)):
        return node.n3(_NAMES)
    return f"_:{node}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph or dataset: conforms, results and counts."""

    conforms: bool
    results: tuple[ValidationResult, ...] = ()
    triples: int = 0
    graphs: int = 1

    @property
    def counts(self) -> dict[str, int]:
        """Results per severity (Violation, Warning, Info)."""
        counts = {"Violation": 0, "Warning": 0, "Info": 0}
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts

    @property
    def has_warnings(self) -> bool:
        """True when a warning or info result is present."""
        return any(r.severity != "Violation" for r in self.results)

    def grouped(self) -> dict[tuple[str, str], list[ValidationResult]]:
        """Results grouped by (focus node, source shape), in a stable order."""
        groups: dict[tuple[str, str], list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault((result.focus_node, result.source_shape), []).append(result)
        return groups

    def summary(self) -> str:
        """One line: conforms or not, with counts."""
        c = self.counts
        nodes = len({r.focus_node for r in self.results})
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{verdict}: {c['Violation']} violation(s), {c['Warning']} warning(s), "
            f"{c['Info']} info on {nodes} node(s); {self.triples} triples in "
            f"{self.graphs} graph(s) checked"
        )

    def to_text(self) -> str:
        """A report for people: problems grouped by node and shape, then a summary."""
        lines: list[str] = []
        last_focus = None
        for (focus, shape), results in self.grouped().items():
            if focus != last_focus:
                graph = results[0].graph
                lines.append(f"{focus}" + (f"  (in graph {graph})" if graph else ""))
                last_focus = focus
            lines.append(f"  {shape}")
            for r in results:
                lines.append(f"    [{r.severity}] {r.message}")
                detail = []
                if r.path:
                    detail.append(f"path {r.path}")
                if r.value:
                    detail.append(f"value {r.value}")
                if detail:
                    lines.append(f"      {', '.join(detail)}")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "conforms": self.conforms,
            "counts": self.counts,
            "triples": self.triples,
            "graphs": self.graphs,
            "results": [
                {
                    "focus_node": r.focus_node,
                    "source_shape": r.source_shape,
                    "severity": r.severity,
                    "message": r.message,
                    "path": r.path,
                    "value": r.value,
                    "constraint": r.constraint,
                    "graph": r.graph,
                }
                for r in self.results
            ],
        }

    def to_json(self) -> str:
        """The report as stable, indented JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_graph(self) -> Graph:
        """The standard ``sh:ValidationReport`` as an RDF graph."""
        graph = Graph()
        graph.bind("sh", SH)
        graph.bind("dsh", DSH)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        _add_report(graph, self.conforms, self.results, "report")
        return graph

    def to_turtle(self) -> str:
        """The standard ``sh:ValidationReport`` in Turtle."""
        return self.to_graph().serialize(format="turtle")


def _from_text(text: str | None) -> Node | None:
    """Turn a result's display form back into an RDF term for the report graph."""
    if text is None:
        return None
    from rdflib.util import from_n3

    try:
        node = from_n3(text, nsm=_NAMES)
    except Exception:  # a display form rdflib cannot read back: keep the text
        return Literal(text)
    return node if isinstance(node, (URIRef, Literal, BNode)) else Literal(text)


def _add_report(
    graph: Graph, conforms: bool, results: Sequence[ValidationResult], key: str
) -> None:
    import hashlib

    # Hash-named result nodes rather than blank nodes, so the Turtle output is stable.
    base = f"urn:diplokg:validation:{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    report = URIRef(base)
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for n, r in enumerate(sorted(results)):
        node = URIRef(f"{base}/result/{n}")
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        if r.path is not None:
            graph.add((node, SH.resultPath, _path_node(graph, r.path)))
        for predicate, text in (
            (SH.focusNode, r.focus_node),
            (SH.sourceShape, r.source_shape),
            (SH.value, r.value),
            (SH.sourceConstraintComponent, r.constraint or None),
        ):
            term = _from_text(text)
            if term is not None:
                graph.add((node, predicate, term))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.resultMessage, Literal(r.message)))


_PATH_TOKENS = re.compile(r"\s*(<[^>]*>|[|/()^*+?]|[^\s|/()^*+?<>]+)")


def _path_node(graph: Graph, text: str) -> Node:
    """The SHACL path (blank nodes and lists) for the text :func:`_path_text` writes."""
    tokens: list[str] = _PATH_TOKENS.findall(text)
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def listed(items: list[Node]) -> Node:
        head = BNode()
        Collection(graph, head, items)
        return head

    def alternative() -> Node:
        items = [sequence()]
        while peek() == "|":
            take()
            items.append(sequence())
        if len(items) == 1:
            return items[0]
        node = BNode()
        graph.add((node, SH.alternativePath, listed(items)))
        return node

    def sequence() -> Node:
        items = [unary()]
        while peek() == "/":
            take()
            items.append(unary())
        return items[0] if len(items) == 1 else listed(items)

    def unary() -> Node:
        if peek() == "^":
            take()
            node = BNode()
            graph.add((node, SH.inversePath, unary()))
            return node
        if peek() == "(":
            take()
            inner = alternative()
            if peek() == ")":
                take()
        else:
            inner = _from_text(take()) or Literal(text)
        modifier = {"*": SH.zeroOrMorePath, "+": SH.oneOrMorePath, "?": SH.zeroOrOnePath}
        if peek() in modifier:
            node = BNode()
            graph.add((node, modifier[take()], inner))
            return node
        return inner

    return alternative() if tokens else Literal(text)


def _path_of(report: Graph, node: Node | None) -> str | None:
    return None if node is None else _path_text(report, node)


def _results(report: Graph, graph_name: str | None) -> list[ValidationResult]:
    out = []
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        shape = report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraintComponent)
        out.append(
            ValidationResult(
                focus_node=_show(report.value(node, SH.focusNode)) or "",
                source_shape=_show(shape) or "",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=" ".join(messages) or "(no message)",
                path=_path_of(report, report.value(node, SH.resultPath)),
                value=_show(report.value(node, SH.value)),
                constraint=_show(constraint) or "",
                graph=graph_name,
            )
        )
    return out


# ---- the native engine -----------------------------------------------------------------
#
# pyshacl builds a report graph node by node and re-reads the shapes for every focus node,
# which costs about 0.1 s for one article's 300 triples. The shapes here use a small part
# of SHACL, so they are compiled once into plain Python checks over a dictionary index of
# the data graph; SPARQL targets and constraints run in pyoxigraph. The semantics follow
# pyshacl's own code line by line (ill-typed literals, literal comparison, messages), and
# tests/test_validation_engine.py checks both engines give the same results. A shapes file
# using anything else (sh:closed, sh:languageIn, custom components...) goes to pyshacl.

_RDF_TYPE = RDF.type
_SUBCLASS = RDFS.subClassOf
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
_STRINGISH = (None, RDF.langString, XSD.string)
_FAIL_WHEN_EMPTY = frozenset({"minCount", "hasValue", "qualifiedValueShape", "sparql"})


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
    target_nodes: tuple[Node, ...] = ()
    target_classes: tuple[Node, ...] = ()
    target_subjects_of: tuple[Node, ...] = ()
    target_objects_of: tuple[Node, ...] = ()
    target_queries: tuple[tuple[str, dict[str, str]], ...] = ()

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
            store = ox.Store()
            convert = self.to_ox
            store.extend(
                ox.Quad(convert(s), convert(p), convert(o))
                for s, po in self.out.items()
                for p, objects in po.items()
                for o in objects
            )
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
                if len(_OX_TERMS) > 200_000:
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

    def select(
        self, query: str, prefixes: dict[str, str], this: Node | None = None
    ) -> list[dict[str, Node]]:
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
# The IRIs seen so far, each as one object (see _Data), starting with the shapes' own.
_INTERNED: dict[Node, Node] = {}
_VOCABULARY: set[Node] = set()


def _interned() -> dict[Node, Node]:
    if len(_INTERNED) > 500_000:
        _INTERNED.clear()
        _OX_TERMS.clear()
    if not _INTERNED:
        _INTERNED.update((term, term) for term in _VOCABULARY)
    return _INTERNED


def _to_ox_term(term: Node) -> Any:
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as exc:  # an IRI or language tag pyoxigraph refuses
        raise _Unsupported(str(exc)) from exc
    raise _Unsupported(f"RDF term {term!r}")


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


def _compile_path(graph: Graph, node: Node) -> _Path:
    if isinstance(node, URIRef):
        return ("iri", node)
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


def _path_text(graph: Graph, node: Node, nested: bool = False) -> str:
    """A SHACL path as SPARQL property path text: ``dip:a|dip:b``, ``^dip:a``, ``a/b``."""
    if not isinstance(node, BNode):
        return _show(node) or ""
    if (node, RDF.first, None) in graph:
        text = "/".join(_path_text(graph, n, True) for n in graph.items(node))
        return f"({text})" if nested else text
    for predicate, join in ((SH.alternativePath, "|"),):
        members = graph.value(node, predicate)
        if members is not None:
            text = join.join(_path_text(graph, n, True) for n in graph.items(members))
            return f"({text})" if nested else text
    for predicate, before, after in (
        (SH.inversePath, "^", ""),
        (SH.zeroOrMorePath, "", "*"),
        (SH.oneOrMorePath, "", "+"),
        (SH.zeroOrOnePath, "", "?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return f"{before}{_path_text(graph, inner, True)}{after}"
    return _show(node) or ""


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


def _datatype_matches(value: Node, datatype: Node) -> bool:
    """pyshacl's sh:datatype test: same datatype, and not ill-typed for known ones."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual_datatype(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _actual_datatype(value, datatype)
    if datatype == RDF.langString and value.language:
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
            shape.target_classes += (node,)
        for predicate, value in g.predicate_objects(node):
            if not isinstance(predicate, URIRef) or not str(predicate).startswith(str(SH)):
                continue
            if predicate in _ANNOTATIONS:
                continue
            name = str(predicate)[len(str(SH)) :]
            build = getattr(self, "c_" + name, None)
            if build is None:
                raise _Unsupported(f"{_show(predicate)} on {shape.name}")
            check = build(shape, value)
            if check is not None:
                shape.checks.append(check)
                if name in _FAIL_WHEN_EMPTY:
                    shape.empty_checks.append(check)
        for prop in g.objects(node, SH.property):
            shape.properties.append(self.shape(prop))
        if (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
            raise _Unsupported("sh:qualifiedValueShapesDisjoint")
        return shape

    def targets(self, shape: _NativeShape) -> None:
        g, node = self.graph, shape.node
        shape.target_nodes = tuple(g.objects(node, SH.targetNode))
        shape.target_classes = tuple(g.objects(node, SH.targetClass))
        shape.target_subjects_of = tuple(g.objects(node, SH.targetSubjectsOf))
        shape.target_objects_of = tuple(g.objects(node, SH.targetObjectsOf))
        queries = []
        for target in g.objects(node, SH.target):
            select = _one(g, target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                raise _Unsupported(f"a custom target on {shape.name}")
            _check_sparql_text(str(select))
            queries.append((str(select), _prefixes(g, target)))
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
        members = _rdf_list(self.graph, value)
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
                        ok = passes(compare_literal(v, value))
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
                    if v_string != c_string:
                        ok = False
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
        extra = tuple(str(m) for m in g.objects(value, SH.message))
        source = _show(value) if isinstance(value, URIRef) else f"of {shape.name}"
        generic = f"The SPARQL constraint {source} found a problem"

        def check(data: _Data, focus: Node, values: Sequence[Node]) -> Iterator[_Hit]:
            seen: list[tuple[Any, ...]] = []
            failed = False
            for row in data.select(text, prefixes, focus):
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


def _format(messages: tuple[str, ...], bound: Mapping[str, Node]) -> tuple[str, ...]:
    out = []
    for message in messages:
        for name, term in bound.items():
            text = str(term)
            message = message.replace(f"{{?{name}}}", text).replace(f"{{${name}}}", text)
        out.append(message)
    return tuple(out)


def _hits(data: _Data, shape: _NativeShape, focus: Node) -> Iterator[tuple[_NativeShape, _Hit]]:
    """Every failed constraint of ``shape`` (and its property shapes) on one focus node."""
    if shape.path is None:
        values: Sequence[Node] = (focus,)
        checks = shape.checks
    else:
        values = data.values(focus, shape.path)
        checks = shape.checks if values else shape.empty_checks
    for check in checks:
        for hit in check(data, focus, values):
            yield shape, hit
    for prop in shape.properties:
        yield from _hits(data, prop, focus)


def _conforms(data: _Data, shape: _NativeShape, node: Node) -> bool:
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
    for query, prefixes in shape.target_queries:
        for row in data.select(query, prefixes):
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


def _validate_one(graph: Graph, shapes: _Shapes, graph_name: str | None) -> list[ValidationResult]:
    # SPARQL targets need advanced mode; in place, because no shape has rules that write
    # (a clone would double the cost); never any inference or owl:imports.
    options = {
        "inference": "none",
        "allow_warnings": True,
        "allow_infos": True,
        "advanced": True,
        "inplace": True,
    }
    validator = Validator(
        _CachedQueryGraph.from_rdflib(graph), shacl_graph=shapes.graph, options=options
    )
    # Reuse the compiled shapes: pyshacl would otherwise harvest them for every graph.
    validator.shacl_graph = shapes.compiled
    _, report, _ = validator.run()  # type: ignore[no-untyped-call]
    return _results(report, graph_name)


def _named_graphs(data: Dataset) -> list[tuple[str | None, list[tuple[Node, Node, Node]]]]:
    """The triples of each non-empty graph of a dataset, in one pass over its quads.

    Each graph gets its own triples: rdflib's memory store indexes triples across all
    graphs, so a lookup on one named graph (``?x rdf:type dip:Person``) would scan every
    graph's matches, making per-graph validation quadratic again.
    """
    default = data.default_graph.identifier
    parts: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, context in data.quads((None, None, None, None)):
        key = context.identifier if isinstance(context, Graph) else context
        triples = parts.get(key)  # type: ignore[arg-type]
        if triples is None:
            triples = parts[key] = []  # type: ignore[index]
        triples.append((s, p, o))
    return [(None if key == default else _show(key), parts[key]) for key in sorted(parts, key=str)]


def _check_graph(
    triples: Iterable[tuple[Node, Node, Node]],
    shapes: _Shapes,
    graph_name: str | None,
    engine: str,
) -> tuple[list[ValidationResult], int]:
    """Validate one graph's triples; returns the results and the number of triples."""
    if engine != "pyshacl" and shapes.native is not None:
        data = _Data(triples)
        try:
            return _native_results(shapes.native, data, graph_name), data.triples
        except _Unsupported:
            if engine == "native":
                raise
            triples = (
                (s, p, o)
                for s, po in data.out.items()
                for p, objects in po.items()
                for o in objects
            )
    elif engine == "native":
        raise _Unsupported(shapes.native_problem or "the shapes need pyshacl")
    graph = triples if isinstance(triples, Graph) else _graph_of(triples)
    return _validate_one(graph, shapes, graph_name), len(graph)


def _graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def validate_graph(
    data: Graph | Dataset, shapes: Path | None = None, *, per_graph: bool = True
) -> ValidationReport:
    """Validate a graph, or a dataset one named graph at a time, against the shapes.

    The bundled shapes (and any shapes file using the same SHACL features) run on the
    native engine; other shapes files run on pyshacl. Both give the same results.

    Args:
        data: the data graph; the ontology is not needed (the shapes target concrete classes).
        shapes: a shapes file; the bundled shapes by default.
        per_graph: validate each named graph of a dataset on its own (linear cost); when
            False the union of all graphs is validated at once.

    Returns:
        The report; it conforms when no result has severity Violation.
    """
    return _validate(data, _shapes(shapes), per_graph, "auto")


def _validate(
    data: Graph | Dataset, shapes: _Shapes, per_graph: bool, engine: str
) -> ValidationReport:
    """:func:`validate_graph` with the engine chosen: auto, native or pyshacl."""
    results: list[ValidationResult] = []
    if isinstance(data, Dataset) and per_graph:
        parts = _named_graphs(data)
        count, triples = len(parts), 0
        for name, part in parts:
            found, size = _check_graph(part, shapes, name, engine)
            results.extend(found)
            triples += size
    elif isinstance(data, Dataset):
        parts = _named_graphs(data)
        union = (triple for _, part in parts for triple in part)
        if engine == "pyshacl" or shapes.native is None:
            # A view on the same store whose default graph is the union of all graphs.
            results = _validate_one(Dataset(store=data.store, default_union=True), shapes, None)
        else:
            results, _ = _check_graph(union, shapes, None, engine)
        triples, count = len(data), len(parts)
    else:
        results, triples = _check_graph(data, shapes, None, engine)
        count = 1
    results.sort(
        key=lambda r: (
            r.graph or "",
            r.focus_node,
            r.source_shape,
            _SEVERITY_ORDER.get(r.severity, 3),
            r.message,
            r.path or "",
            r.value or "",
        )
    )
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(
        conforms=conforms, results=tuple(results), triples=triples, graphs=count
    )


# ---- many inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class InputOutcome:
    """What happened to one input: its report, or why it could not be used."""

    source: str
    report: ValidationReport | None = None
    error: str | None = None


@dataclass(frozen=True)
class ValidationOutcome:
    """The reports of every input, and the exit code they add up to."""

    inputs: tuple[InputOutcome, ...] = field(default_factory=tuple)
    strict: bool = False

    @property
    def exit_code(self) -> int:
        """2 if an input was unusable, else 1 on violations (or warnings when strict), else 0."""
        if any(i.error is not None for i in self.inputs):
            return 2
        for i in self.inputs:
            if i.report is not None and (
                not i.report.conforms or (self.strict and i.report.has_warnings)
            ):
                return 1
        return 0

    def summary(self) -> str:
        """One line with totals over all inputs."""
        counts = {"Violation": 0, "Warning": 0, "Info": 0}
        for i in self.inputs:
            if i.report:
                for key, value in i.report.counts.items():
                    counts[key] += value
        unusable = sum(1 for i in self.inputs if i.error is not None)
        return (
            f"{len(self.inputs)} input(s): {counts['Violation']} violation(s), "
            f"{counts['Warning']} warning(s), {unusable} unusable"
        )

    def to_text(self) -> str:
        """Per input: its error or its grouped report; then the totals."""
        parts = []
        for i in self.inputs:
            parts.append(f"== {i.source}\n")
            if i.error is not None:
                parts.append(f"unusable input: {i.error}\n")
            elif i.report is not None:
                parts.append(i.report.to_text())
        parts.append(self.summary() + "\n")
        return "".join(parts)

    def to_json(self) -> str:
        """Every input's report (or error) and the exit code, as JSON."""
        data = {
            "exit_code": self.exit_code,
            "inputs": [
                {
                    "source": i.source,
                    "error": i.error,
                    "report": i.report.to_dict() if i.report else None,
                }
                for i in self.inputs
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_turtle(self) -> str:
        """One standard ``sh:ValidationReport`` per usable input, in one Turtle document."""
        graph = Graph()
        graph.bind("sh", SH)
        graph.bind("dsh", DSH)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for i in self.inputs:
            if i.report is not None:
                _add_report(graph, i.report.conforms, i.report.results, i.source)
        return graph.serialize(format="turtle")


def _expand(paths: Sequence[Path | str]) -> list[Path | str]:
    """Files as given; directories walked for RDF and record files, in sorted order."""
    out: list[Path | str] = []
    for item in paths:
        if item == "-":
            out.append("-")
            continue
        path = Path(item)
        if path.is_dir():
            out.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _EXTENSIONS
                )
            )
        else:
            out.append(path)
    return out


def _looks_like_record(data: bytes) -> bool:
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return False
    return (
        isinstance(parsed, dict)
        and "@context" not in parsed
        and ("diplokg_record" in parsed or "article" in parsed)
    )


def _record_dataset(path: Path | None, data: bytes, name: str) -> Dataset:
    """Check a record against the record schema, then map it (the lead's mapper)."""
    from diplokg.rdf import map_record
    from diplokg.recordfile import read_record, record_from_dict

    if path is not None:
        record, _ = read_record(path)
    else:
        try:
            parsed = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: not a JSON record ({exc})") from exc
        record = record_from_dict(parsed, None, source=name)
    return map_record(record)


def _load_input(
    item: Path | str, fmt: str | None, stdin: IO[bytes] | None, max_bytes: int
) -> tuple[str, Dataset]:
    if item == "-":
        if stdin is None:
            raise UsageError("'-' names standard input, but none was given")
        name = "<stdin>"
        data = _read_limited(stdin, name, max_bytes)
        key = (
            _format_name(fmt, name)
            if fmt
            else ("json" if data.lstrip()[:1] in (b"{", b"[") else "turtle")
        )
        path = None
    else:
        path = Path(item)
        name = str(path)
        key = _format_name(fmt, name)
        data = _read_limited(path, name, max_bytes)
    if key == "record" or (key == "json" and _looks_like_record(data)):
        return name, _record_dataset(path, data, name)
    return name, parse_rdf(
        data, "json-ld" if key == "json" else key, name=name, max_bytes=max_bytes
    )


def validate_paths(
    paths: Sequence[Path | str],
    shapes: Path | None = None,
    fmt: str | None = None,
    strict: bool = False,
    *,
    stdin: IO[bytes] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ValidationOutcome:
    """Validate files, folders or standard input (``-``) against the shapes.

    Each input is parsed safely (see :func:`parse_rdf`); a record JSON file is checked
    against the record schema, then mapped. An input that cannot be used is reported in
    the outcome, and the others are still validated.

    Args:
        paths: files, directories (walked for known extensions) or ``-`` for ``stdin``.
        shapes: a shapes file; the bundled shapes by default.
        fmt: the input format for every input; guessed per file when None.
        strict: warnings count as failures in the exit code.
        stdin: the binary stream ``-`` reads from.
        max_bytes: the size limit per input.

    Raises:
        UsageError: no inputs, or an unknown format name.
        InputError: the shapes file cannot be read.
    """
    items = _expand(paths)
    if not items:
        raise UsageError("no input to validate: give files, folders or '-' for stdin")
    _shapes(shapes)  # fail early, before any input, when the shapes cannot be loaded
    outcomes = []
    for item in items:
        label = "<stdin>" if item == "-" else str(item)
        try:
            name, dataset = _load_input(item, fmt, stdin, max_bytes)
        except UsageError:
            raise
        except InputError as exc:
            outcomes.append(InputOutcome(label, error=str(exc)))
            continue
        outcomes.append(InputOutcome(name, report=validate_graph(dataset, shapes)))
    return ValidationOutcome(tuple(outcomes), strict=strict)
