"""Validating RDF against the diplokg shapes, and parsing contributed RDF safely.

Validation runs pyshacl on the data graph alone: no ontology is mixed in, no inference,
no ``owl:imports`` followed. Shapes are parsed once and their pyshacl form is cached, and
each SPARQL constraint's text is parsed once (rdflib would re-parse it for every focus
node, which costs a quarter of a second each). A dataset with several named graphs (one
per article) is validated graph by graph, so the cost stays linear in its size.

Untrusted input is parsed with pyoxigraph, never rdflib: pyoxigraph refuses remote JSON-LD
contexts and caps token sizes, and RDF/XML is first checked with defusedxml so no DTD,
entity expansion or external entity reaches any parser. Non-conformance is a result (a
:class:`ValidationReport`), never an exception.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from pyshacl import Validator
from pyshacl.graph_abstraction import RdfLibDataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, NamespaceManager
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


@lru_cache(maxsize=8)
def _load_shapes_cached(path: Path, mtime_ns: int) -> _Shapes:
    dataset = parse_rdf(path)
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return _Shapes(graph, ShapesGraph(graph))


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
        for predicate, text in (
            (SH.focusNode, r.focus_node),
            (SH.sourceShape, r.source_shape),
            (SH.resultPath, r.path),
            (SH.value, r.value),
            (SH.sourceConstraintComponent, r.constraint or None),
        ):
            term = _from_text(text)
            if term is not None:
                graph.add((node, predicate, term))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.resultMessage, Literal(r.message)))


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
                path=_show(report.value(node, SH.resultPath)),
                value=_show(report.value(node, SH.value)),
                constraint=_show(constraint) or "",
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


def _named_graphs(data: Dataset) -> Iterator[tuple[str | None, Graph]]:
    """Each non-empty graph of a dataset, copied into a graph of its own.

    The copy matters: rdflib's memory store indexes triples across all graphs, so a
    lookup on one named graph (``?x rdf:type dip:Person``) would scan every graph's
    matches, making per-graph validation quadratic again.
    """
    default = data.default_graph.identifier
    for context in sorted(data.graphs(), key=lambda g: str(g.identifier)):
        own = Graph()
        for triple in context.triples((None, None, None)):
            own.add(triple)
        if len(own) == 0:
            continue
        name = None if context.identifier == default else _show(context.identifier)
        yield name, own


def validate_graph(
    data: Graph | Dataset, shapes: Path | None = None, *, per_graph: bool = True
) -> ValidationReport:
    """Validate a graph, or a dataset one named graph at a time, against the shapes.

    Args:
        data: the data graph; the ontology is not needed (the shapes target concrete classes).
        shapes: a shapes file; the bundled shapes by default.
        per_graph: validate each named graph of a dataset on its own (linear cost); when
            False the union of all graphs is validated at once.

    Returns:
        The report; it conforms when no result has severity Violation.
    """
    compiled = _shapes(shapes)
    results: list[ValidationResult] = []
    if isinstance(data, Dataset) and per_graph:
        count = triples = 0
        for name, graph in _named_graphs(data):
            results.extend(_validate_one(graph, compiled, name))
            count, triples = count + 1, triples + len(graph)
    else:
        union: Graph = data
        if isinstance(data, Dataset):
            # A view on the same store whose default graph is the union of all graphs.
            union = Dataset(store=data.store, default_union=True)
        results = _validate_one(union, compiled, None)
        triples = len(data)
        count = len([g for g in data.graphs() if len(g)]) if isinstance(data, Dataset) else 1
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
