"""Parsing untrusted RDF safely into an rdflib dataset.

Input is parsed with pyoxigraph, never rdflib: pyoxigraph refuses remote JSON-LD contexts
and caps token sizes, and RDF/XML is first checked with defusedxml so no DTD, entity
expansion or external entity reaches any parser. Also the input formats, their aliases and
file extensions, and the size limit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from diplokg.errors import InputError, RDFSyntaxError, UsageError
from diplokg.namespaces import PREFIXES, XSD

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
