"""Validating a graph, or a dataset one named graph at a time, on the chosen engine."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.term import Node

from diplokg.validation.engine import _Data, _native_results, _Unsupported
from diplokg.validation.fallback import _validate_one
from diplokg.validation.report import ValidationReport, ValidationResult, _show
from diplokg.validation.shapes import _Shapes, _shapes

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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
    data: Graph | Dataset | Collection[tuple[Node, Node, Node]],
    shapes: Path | None = None,
    *,
    per_graph: bool = True,
) -> ValidationReport:
    """Validate a graph (or its triples), or a dataset graph by graph, against the shapes.

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
    data: Graph | Dataset | Collection[tuple[Node, Node, Node]],
    shapes: _Shapes,
    per_graph: bool,
    engine: str,
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
