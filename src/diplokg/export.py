"""Export: one article's graph as Turtle, JSON-LD, N-Triples, TriG or N-Quads.

Every serialisation is deterministic: the mappers mint IRIs for every node (no blank
nodes), line-based formats are sorted, and JSON-LD nodes are ordered by ``@id``. JSON-LD
is compacted with the bundled context *inlined*, never referenced remotely, so it parses
offline to a graph isomorphic to the Turtle.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from diplokg.errors import UsageError
from diplokg.namespaces import PREFIXES
from diplokg.resources import context_path

__all__ = [
    "FORMATS",
    "jsonld_context",
    "nquad_lines",
    "serialize_graph",
    "write_atomic",
]

# format name -> file suffix
FORMATS: dict[str, str] = {
    "turtle": ".ttl",
    "json-ld": ".jsonld",
    "nt": ".nt",
    "trig": ".trig",
    "nquads": ".nq",
}


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees half a file, and an interrupted run leaves the old file intact.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@cache
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context to inline: the bundled one, else the contract's prefixes."""
    path = context_path()
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        context = data.get("@context", data)
        if isinstance(context, dict):
            return context
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _sorted_lines(text: str) -> bytes:
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def nquad_lines(name: URIRef, graph: Graph) -> list[str]:
    """The graph's triples as sorted N-Quads lines in the named graph ``name``."""
    nt = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    suffix = f" <{name}> .".replace("\\", "\\\\")
    return sorted(line[: -len(" .")] + suffix for line in nt.splitlines() if line.strip())


def _jsonld(name: URIRef, graph: Graph) -> bytes:
    context = jsonld_context()
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    data = json.loads(text)
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = [{k: _sorted_values(v) for k, v in node.items() if k != "@context"} for node in nodes]
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    out = {"@context": context, "@id": str(name), "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _sorted_values(value: Any) -> Any:
    """Order a node's multiple values, so bytes depend on the graph, not insertion order."""
    if isinstance(value, list):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialize_graph(name: URIRef, graph: Graph, fmt: str) -> bytes:
    """Serialise one article's graph; ``name`` is its named-graph IRI.

    Args:
        name: the named graph IRI (used by TriG, N-Quads and the JSON-LD ``@id``).
        graph: the article's triples.
        fmt: one of :data:`FORMATS`.
    """
    if fmt == "turtle":
        return graph.serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        return _sorted_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
    if fmt == "nquads":
        lines = nquad_lines(name, graph)
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if fmt == "trig":
        turtle = graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")
        prefixes, body = _split_prefixes(turtle)
        # Not indented: indenting would change the content of multi-line literals.
        inner = "".join(f"{line}\n" for line in body)
        return f"{prefixes}\n<{name}> {{\n{inner}}}\n".encode()
    if fmt == "json-ld":
        return _jsonld(name, graph)
    raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _split_prefixes(turtle: str) -> tuple[str, list[str]]:
    lines = turtle.splitlines()
    head = [line for line in lines if line.startswith("@prefix")]
    body = [line for line in lines if not line.startswith("@prefix")]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return "\n".join(head) + "\n", body
