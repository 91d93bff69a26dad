"""Validation results and reports, and their text, JSON and SHACL (Turtle) forms.

:class:`ValidationReport` is the outcome of one graph or dataset; :class:`ValidationOutcome`
collects the reports of many inputs (``kg validate``). Also how RDF terms and SHACL paths
are displayed in results, and read back into a standard ``sh:ValidationReport`` graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from diplokg.namespaces import PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")

DSH = Namespace("https://w3id.org/diplokg/shapes#")


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


# How each IRI shows: rdflib finds the prefix by a slow trie walk, and the same IRIs (the
# vocabulary, the focus nodes of many results) are shown again and again.
_SHOWN: dict[Node, str] = {}


def _show(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        shown = _SHOWN.get(node)
        if shown is None:
            if len(_SHOWN) > 100_000:
                _SHOWN.clear()
            shown = _SHOWN[node] = node.n3(_NAMES)
        return shown
    if isinstance(node, Literal):
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
