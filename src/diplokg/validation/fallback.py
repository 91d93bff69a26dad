"""The pyshacl engine, for shapes files using SHACL features the native engine lacks.

It runs without inference or ``owl:imports``, parses each SPARQL constraint once, and
turns pyshacl's report graph into :class:`ValidationResult` values like the native ones.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyshacl import Validator
from pyshacl.graph_abstraction import RdfLibDataGraph
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from diplokg.validation.report import SH, ValidationResult, _path_text, _show
from diplokg.validation.shapes import _Shapes


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
