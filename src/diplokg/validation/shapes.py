"""Loading the shapes: parsed, and compiled for both engines, once per file version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph

from diplokg.errors import InputError
from diplokg.resources import shapes_path
from diplokg.validation.compiler import _Compiler
from diplokg.validation.engine import _NativeShape, _Unsupported
from diplokg.validation.parsing import parse_rdf


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
