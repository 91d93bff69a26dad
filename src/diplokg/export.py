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
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from diplokg.errors import UsageError
from diplokg.namespaces import PREFIXES
from diplokg.resources import context_path

__all__ = [
    "FORMATS",
    "jsonld_context",
    "nquad_lines",
    "serialize_graph",
    "serialize_graphs",
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


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or an iterable of chunks) to ``path`` via a temporary file.

    A reader never sees half a file, and an interrupted run leaves the old file intact.
    Chunks are written as they come, so large outputs never sit in memory whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, (bytes, bytearray)):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
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


class _Compactor:
    """Compacts triples with one JSON-LD context: short keys, coerced values, CURIEs.

    Written here rather than delegated to rdflib, whose serializer ignores term
    definitions and orders values by insertion; this one is fast and deterministic.
    """

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.prefixes = {
            k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))
        }
        # Longest namespace first, so the most specific prefix wins.
        self._ordered = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.properties: dict[str, tuple[str, str | None]] = {}
        self.terms: dict[str, str] = {}
        for term, definition in sorted(context.items()):
            if term.startswith("@") or term in self.prefixes:
                continue
            if isinstance(definition, str):
                iri = self.expand(definition)
                self.terms.setdefault(iri, term)
                self.properties.setdefault(iri, (term, None))
            elif isinstance(definition, dict) and "@id" in definition:
                coercion = definition.get("@type")
                if coercion not in (None, "@id", "@vocab"):
                    coercion = self.expand(coercion)
                self.properties.setdefault(self.expand(definition["@id"]), (term, coercion))

    def expand(self, curie: str) -> str:
        prefix, sep, local = curie.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return curie

    def iri(self, iri: str) -> str:
        for prefix, namespace in self._ordered:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace) :]
                if not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri

    def vocab(self, iri: str) -> str:
        return self.terms.get(iri) or self.iri(iri)

    def value(self, term: Node, coercion: str | None) -> Any:
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype else None
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if coercion is not None and coercion == datatype:
                return str(term)
            if datatype in (None, _XSD_STRING) and coercion is None:
                return str(term)
            return {"@value": str(term), "@type": self.iri(datatype or _XSD_STRING)}
        if coercion == "@id":
            return self.iri(str(term))
        if coercion == "@vocab":
            return self.vocab(str(term))
        return {"@id": self.iri(str(term))}

    def node(self, subject: Node, pairs: list[tuple[Node, Node]]) -> dict[str, Any]:
        out: dict[str, Any] = {"@id": self.iri(str(subject))}
        values: dict[str, list[Any]] = {}
        for predicate, obj in pairs:
            if predicate == RDF.type:
                values.setdefault("@type", []).append(self.vocab(str(obj)))
                continue
            term, coercion = self.properties.get(str(predicate), (self.iri(str(predicate)), None))
            if isinstance(obj, Literal) and coercion in ("@id", "@vocab"):
                coercion = None  # a literal under an IRI-typed term needs a value object
            values.setdefault(term, []).append(self.value(obj, coercion))
        for key, items in values.items():
            ordered = _sorted_values(items)
            out[key] = ordered[0] if len(ordered) == 1 else ordered
        return out


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _sorted_lines(text: str) -> bytes:
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _ox_term(term: Node) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UsageError(f"cannot export the blank node {term}: diplokg mints an IRI for every node")


def _ox_triples(graph: Graph) -> list[Any]:
    triples = [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in graph]
    # Sorted input gives grouped, stable Turtle: pyoxigraph writes in the order given.
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return triples


def _ox_serialize(items: list[Any], **options: Any) -> bytes:
    data = ox.serialize(items, **options)
    assert data is not None  # without an output argument pyoxigraph returns the bytes
    return bytes(data)


def _prefix_block() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def _without_prefixes(data: bytes) -> str:
    return "".join(
        line + "\n" for line in data.decode("utf-8").splitlines() if not line.startswith("@prefix")
    )


def _nt_lines(triples: list[Any]) -> list[str]:
    text = _ox_serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return sorted(line for line in text.splitlines() if line.strip())


def _quad_lines(name: URIRef, triples: list[Any]) -> list[str]:
    # An N-Triples line ends " ."; the graph name goes in between, and order is kept.
    return [f"{line[:-2]} <{name}> ." for line in _nt_lines(triples)]


def nquad_lines(name: URIRef, graph: Graph) -> list[str]:
    """The graph's triples as sorted N-Quads lines in the named graph ``name``."""
    return _quad_lines(name, _ox_triples(graph))


def _jsonld(name: URIRef, graph: Graph) -> bytes:
    context = jsonld_context()
    compactor = _Compactor(context)
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((p, o))
    nodes = [compactor.node(s, pairs) for s, pairs in by_subject.items()]
    nodes.sort(key=lambda node: str(node["@id"]))
    out = {"@context": context, "@id": str(name), "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _sorted_values(value: Any) -> Any:
    """Order a node's multiple values, so bytes depend on the graph, not insertion order."""
    if isinstance(value, list):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialize_graphs(name: URIRef, graph: Graph, formats: Iterable[str]) -> dict[str, bytes]:
    """Serialise one article's graph in several formats, converting its triples once.

    Turtle, TriG and the line formats are written by pyoxigraph (two orders of magnitude
    faster than rdflib here) from sorted triples; JSON-LD by a small compactor.

    Args:
        name: the named graph IRI (used by TriG, N-Quads and the JSON-LD ``@id``).
        graph: the article's triples.
        formats: names from :data:`FORMATS`.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose one of {', '.join(FORMATS)}")
    triples = _ox_triples(graph) if any(f != "json-ld" for f in wanted) else []
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    out: dict[str, bytes] = {}
    for fmt in wanted:
        if fmt == "turtle":
            body = _ox_serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
            out[fmt] = (_prefix_block() + "\n" + _without_prefixes(body)).encode("utf-8")
        elif fmt in ("nt", "nquads"):
            lines = _nt_lines(triples) if fmt == "nt" else _quad_lines(name, triples)
            out[fmt] = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        elif fmt == "trig":
            named = ox.NamedNode(str(name))
            quads = [ox.Quad(t.subject, t.predicate, t.object, named) for t in triples]
            body = _ox_serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
            out[fmt] = (_prefix_block() + "\n" + _without_prefixes(body)).encode("utf-8")
        else:
            out[fmt] = _jsonld(name, graph)
    return out


def serialize_graph(name: URIRef, graph: Graph, fmt: str) -> bytes:
    """Serialise one article's graph in one format (see :func:`serialize_graphs`)."""
    return serialize_graphs(name, graph, [fmt])[fmt]
