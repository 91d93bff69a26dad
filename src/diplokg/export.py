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
from collections.abc import Collection, Iterable
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from diplokg.errors import UsageError
from diplokg.jsontext import dumps_indented, encode_string
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
    fd, tmp = _temporary(path)
    try:
        # Straight to the descriptor: a buffered file object around it costs more than
        # the write itself for the small files a build writes thousands of.
        try:
            if isinstance(data, (bytes, bytearray)):
                _write_all(fd, data)
            else:
                for chunk in data:
                    _write_all(fd, chunk)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]  # a write may take only part of the data


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, its folder made when missing.

    The name is fixed per process (one build writes thousands of files; mkstemp's random
    names and retries cost more than the write), and mkstemp's when that name is taken,
    left behind by a killed run. Files get 0o666 & ~umask as open() gives, except in
    that rare case (mkstemp makes them 0o600).
    """
    folder, name = os.path.split(path)  # not Path.parent / ...: this runs per file
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        return os.open(tmp, flags, 0o666), tmp
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(tmp, flags, 0o666), tmp
    except FileExistsError:
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)


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
        self._iris: dict[str, str] = {}
        # predicate -> its short key and coercion (see _values)
        self._predicates: dict[Node, tuple[str | None, str | None]] = {}
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
        # The same IRIs (the article, its actors, the vocabulary) recur in every node and
        # every article: remember the compact form instead of rescanning the prefixes.
        compact = self._iris.get(iri)
        if compact is None:
            compact = self._compact(iri)
            if len(self._iris) >= _MEMO_SIZE:
                self._iris.clear()  # bounded: a long build must not grow without limit
            self._iris[iri] = compact
        return compact

    def _compact(self, iri: str) -> str:
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

    def key(self, predicate: str) -> tuple[str, str | None]:
        """The short key of a predicate and the coercion its term definition asks for."""
        return self.properties.get(predicate) or (self.iri(predicate), None)

    def node_text(self, iri: str, pairs: list[tuple[Node, Node]]) -> str:
        """The node object of a subject (compact IRI ``iri``) with its values, as
        ``dumps_indented(..., sort_keys=True, indent="    ")`` would write it (a single value
        bare, several as a sorted list).

        Written here for the values a node holds (strings, and value objects of strings),
        one line each, rather than by the general writer's call per value.
        """
        out: dict[str, str] = {"@id": encode_string(iri)}
        for key, items in self._values(pairs).items():
            if len(items) == 1:
                out[key] = _item_text(items[0], "      ")
            else:
                out[key] = (
                    "[\n"
                    + ",\n".join(
                        "        " + _item_text(item, "        ") for item in _sorted_values(items)
                    )
                    + "\n      ]"
                )
        body = ",\n".join(f"      {encode_string(k)}: {out[k]}" for k in sorted(out))
        return "{\n" + body + "\n    }"

    def _values(self, pairs: list[tuple[Node, Node]]) -> dict[str, list[Any]]:
        """A node's values by short key, in the order given (``@type`` for rdf:type)."""
        values: dict[str, list[Any]] = {}
        keys = self._predicates
        for predicate, obj in pairs:
            # Keyed by the predicate itself: the mappers use one object per predicate,
            # which a dictionary finds by identity, skipping str() and the key lookups.
            found = keys.get(predicate)
            if found is None:
                if len(keys) >= _MEMO_SIZE:
                    keys.clear()  # bounded, as the other memos
                iri = str(predicate)
                # A str comparison: rdflib's term equality is slow Python.
                found = keys[predicate] = (None, None) if iri == _RDF_TYPE else self.key(iri)
            term, coercion = found
            if term is None:  # rdf:type
                values.setdefault("@type", []).append(self.vocab(str(obj)))
                continue
            bucket = values.get(term)
            if bucket is None:
                bucket = values[term] = []
            if type(obj) is URIRef and coercion == "@id":
                bucket.append(self.iri(str(obj)))  # most values: what value() gives them
                continue
            if coercion in ("@id", "@vocab") and isinstance(obj, Literal):
                coercion = None  # a literal under an IRI-typed term needs a value object
            bucket.append(self.value(obj, coercion))
        return values


def _item_text(item: Any, indent: str) -> str:
    """One JSON-LD value as dumps_indented writes it, starting on a line at ``indent``."""
    if type(item) is str:
        return encode_string(item)
    return dumps_indented(item, sort_keys=True, indent=indent)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = str(RDF.type)
# Bound on the per-process memos of compact IRIs and converted terms (a long build sees
# ever new evidence IRIs; the recurring ones are refilled right after a clear).
_MEMO_SIZE = 50_000


@cache
def _compactor() -> _Compactor:
    """One compactor per process: the context is fixed, so are its lookup tables."""
    return _Compactor(jsonld_context())


def _ox_term(term: Node) -> tuple[Any, str]:
    """The pyoxigraph term for ``term`` and its N-Triples text (the sort key)."""
    if isinstance(term, URIRef):
        return _ox_named(str(term))
    if isinstance(term, Literal):
        if term.language:
            literal = ox.Literal(str(term), language=term.language)
        elif term.datatype:
            literal = ox.Literal(str(term), datatype=_ox_named(str(term.datatype))[0])
        else:
            literal = ox.Literal(str(term))
        return literal, str(literal)
    raise UsageError(f"cannot export the blank node {term}: diplokg mints an IRI for every node")


_NAMED: dict[str, tuple[Any, str]] = {}


def _ox_named(iri: str) -> tuple[Any, str]:
    # Predicates, classes, datatypes and an article's nodes recur: convert each once.
    found = _NAMED.get(iri)
    if found is None:
        if len(_NAMED) >= _MEMO_SIZE:
            _NAMED.clear()  # bounded: a long build must not grow without limit
        # The N-Triples text of an IRI is the IRI in angle brackets (str() of the node).
        found = _NAMED[iri] = (ox.NamedNode(iri), f"<{iri}>")
    return found


def _ox_rows(triples: Iterable[tuple[Node, Node, Node]]) -> list[tuple[Any, ...]]:
    """Per triple, its N-Triples line (without the final " ."), then its pyoxigraph terms.

    Sorted by the line: sorted input gives grouped, stable Turtle (pyoxigraph writes in
    the order given). The line is the terms' N-Triples text, as pyoxigraph's writer
    prints them; the subject and predicate are IRIs ending with ">" (never a prefix of
    another), so the lines sort as the (subject, predicate, object) texts do.
    """
    # One conversion per term object: an article's triples share their subject,
    # predicate and vocabulary objects, and a lookup by id() skips rdflib's slow str()
    # and hashing. The memo keeps each term, so no id is reused while it lives.
    memo: dict[int, tuple[Node, Any, str]] = {}
    get = memo.get
    rows = []
    for s, p, o in triples:
        sx = get(id(s))
        if sx is None:
            sx = memo[id(s)] = (s, *_ox_term(s))
        px = get(id(p))
        if px is None:
            px = memo[id(p)] = (p, *_ox_term(p))
        ox_ = get(id(o))
        if ox_ is None:
            ox_ = memo[id(o)] = (o, *_ox_term(o))
        rows.append((f"{sx[2]} {px[2]} {ox_[2]}", sx[1], px[1], ox_[1]))
    rows.sort(key=_LINE)  # one string comparison per pair, not three
    return rows


_LINE = itemgetter(0)


def _ox_triple_list(rows: list[tuple[Any, ...]]) -> list[Any]:
    """The rows' pyoxigraph triples, in order.

    ``ox.Triple(s, p, literal)`` costs ten times a triple of IRIs (pyoxigraph tries the
    other kinds of term first, and each failed try raises internally), so the triples
    with a literal object come from parsing their N-Triples lines, all at once. (The
    parser gives quads in the default graph, which the writers take as triples.)
    """
    literal_lines = [f"{line} .\n" for line, _, _, obj in rows if type(obj) is _OX_LITERAL]
    parsed = iter(ox.parse("".join(literal_lines), format=ox.RdfFormat.N_TRIPLES))
    return [
        next(parsed) if type(obj) is _OX_LITERAL else ox.Triple(s, p, obj) for _, s, p, obj in rows
    ]


_OX_LITERAL = ox.Literal


def _ox_serialize(items: list[Any], **options: Any) -> bytes:
    data = ox.serialize(items, **options)
    assert data is not None  # without an output argument pyoxigraph returns the bytes
    return bytes(data)


@cache
def _prefix_block() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


@cache
def _ox_prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in PREFIXES.items()}


def _body_lines(text: bytes) -> list[str]:
    """The lines of a pyoxigraph Turtle or TriG text, its ``@prefix`` lines left out.

    Only a line feed ends a line: the writer escapes line feeds and carriage returns in
    literals but leaves U+0085, U+2028 and U+2029 as they are (legal there), and
    ``str.splitlines`` would cut a literal holding one in two.
    """
    lines = text.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line feed ends the last line
    return [line for line in lines if not line.startswith("@prefix")]


def _nt_lines(rows: list[tuple[Any, ...]]) -> list[str]:
    return [f"{line} ." for line, *_ in rows]


def _quad_lines(name: URIRef, rows: list[tuple[Any, ...]]) -> list[str]:
    # An N-Triples line ends " ."; the graph name goes in between.
    graph = f"<{name}> ."
    return [f"{line[:-2]} {graph}" for line in _nt_lines(rows)]


def nquad_lines(name: URIRef, graph: Graph) -> list[str]:
    """The graph's triples as sorted N-Quads lines in the named graph ``name``."""
    return _quad_lines(name, _ox_rows(graph.triples((None, None, None))))


def _jsonld(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    compactor = _compactor()
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    nodes = [(compactor.iri(str(s)), pairs) for s, pairs in by_subject.items()]
    nodes.sort(key=itemgetter(0))
    # The same text json.dumps(indent=2, sort_keys=True) gives for
    # {"@context": ..., "@graph": nodes, "@id": name} (keys in that sorted order), written
    # by hand: the stdlib's indenting encoder is pure Python and was most of the cost.
    if nodes:
        graph = (
            "[\n"
            + ",\n".join("    " + compactor.node_text(iri, pairs) for iri, pairs in nodes)
            + "\n  ]"
        )
    else:
        graph = "[]"
    text = (
        '{\n  "@context": '
        + _context_text()
        + ',\n  "@graph": '
        + graph
        + ',\n  "@id": '
        + encode_string(str(name))
        + "\n}\n"
    )
    return text.encode("utf-8")


@cache
def _context_text() -> str:
    """The inlined context as json.dumps writes it one level deep (done once per process)."""
    return dumps_indented(jsonld_context(), sort_keys=True, indent="  ")


def _value_key(value: Any) -> str:
    # json.dumps of a plain string is just its encoding; skip the encoder set-up for it.
    if isinstance(value, str):
        return encode_string(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted_values(value: Any) -> Any:
    """Order a node's multiple values, so bytes depend on the graph, not insertion order."""
    if isinstance(value, list):
        return sorted(value, key=_value_key)
    return value


def serialize_graphs(
    name: URIRef, graph: Graph | Collection[tuple[Node, Node, Node]], formats: Iterable[str]
) -> dict[str, bytes]:
    """Serialise one article's graph in several formats, converting its triples once.

    Turtle, TriG and the line formats are written by pyoxigraph (two orders of magnitude
    faster than rdflib here) from sorted triples; JSON-LD by a small compactor.

    Args:
        name: the named graph IRI (used by TriG, N-Quads and the JSON-LD ``@id``).
        graph: the article's triples: an rdflib graph, or the triples themselves.
        formats: names from :data:`FORMATS`.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose one of {', '.join(FORMATS)}")
    # Read the graph once; every format is written from this list.
    # (Graph.triples, not list(graph): that asks the store for its length, a full scan.)
    items = list(graph.triples((None, None, None)) if isinstance(graph, Graph) else graph)
    rows = _ox_rows(items) if any(f != "json-ld" for f in wanted) else []
    triples: list[Any] = []
    turtle = b""
    if "turtle" in wanted or "trig" in wanted:
        triples = _ox_triple_list(rows)
        turtle = _ox_serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_ox_prefixes())
    turtle_lines = _body_lines(turtle) if turtle else []
    out: dict[str, bytes] = {}
    for fmt in wanted:
        if fmt == "turtle":
            body = "".join(f"{line}\n" for line in turtle_lines)
            out[fmt] = (_prefix_block() + "\n" + body).encode("utf-8")
        elif fmt in ("nt", "nquads"):
            lines = _nt_lines(rows) if fmt == "nt" else _quad_lines(name, rows)
            out[fmt] = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        elif fmt == "trig":
            out[fmt] = (_prefix_block() + "\n" + _trig_text(name, triples, turtle_lines)).encode(
                "utf-8"
            )
        else:
            out[fmt] = _jsonld(name, items)
    return out


def _trig_text(name: URIRef, triples: list[Any], turtle_lines: list[str]) -> str:
    """pyoxigraph's TriG of the triples in the graph ``name``, its prefix lines left out.

    pyoxigraph writes a named graph as its Turtle, each line indented by one tab, inside
    ``<name> {`` and ``}``: building that from the Turtle lines already written skips a
    second conversion and serialisation (tests check it against the TriG writer). A graph
    name the writer would shorten with a prefix, or an empty graph, goes to the writer.
    """
    iri = str(name)
    if triples and not any(iri.startswith(ns) for ns in _ox_prefixes().values()):
        return f"<{iri}> {{\n" + "".join(f"\t{line}\n" for line in turtle_lines) + "}\n"
    named = ox.NamedNode(iri)
    quads = [ox.Quad(t.subject, t.predicate, t.object, named) for t in triples]
    trig = _ox_serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_ox_prefixes())
    return "".join(f"{line}\n" for line in _body_lines(trig))


def serialize_graph(name: URIRef, graph: Graph, fmt: str) -> bytes:
    """Serialise one article's graph in one format (see :func:`serialize_graphs`)."""
    return serialize_graphs(name, graph, [fmt])[fmt]
