"""Native evaluation of the SPARQL queries the engine recognises, without a SPARQL store.

Building a pyoxigraph store and running the bundled shapes' three target queries costs
more than all other checks of an article together. Their queries are few and simple, so
:func:`native_query` recognises them (token by token, after expanding prefixed names, so
another prefix name or layout of the same query matches too; the namespace and the list
of known terms of the unknown-term queries are parameters) and returns a Python function
giving the same solutions over the engine's index of the graph. Any other query, and any
graph whose values leave the plain cases (a numeric literal other than a short run of
digits typed xsd:integer or xsd:nonNegativeInteger, an odd datatype for a quote...),
runs on pyoxigraph as before: a native function returns None to say so, rather than
guess at SPARQL's rules for them. tests/test_validation_sparql.py checks both give the
same solutions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from diplokg.namespaces import XSD

if TYPE_CHECKING:
    from diplokg.validation.engine import _Data

_Rows = list[dict[str, Node]]

# Solutions of a query on a graph, with ``$this`` bound (or None for a target query);
# None when this graph needs the SPARQL engine.
NativeQuery = Callable[["_Data", "Node | None"], "_Rows | None"]

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>"[^"\\\n]*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)
    | (?P<pname>[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9_-]*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>&&|\|\||!=|<=|>=|[{}().,;|<>=!+\-*/])
    )""",
    re.VERBOSE,
)


def _tokens(text: str, prefixes: Mapping[str, str]) -> list[str] | None:
    """The query as tokens: keywords upper-cased, ``$x`` as ``?x``, prefixed names expanded.

    None when the text holds anything the templates never use (escapes in strings,
    numbers, an unknown prefix...): such a query is not recognised.
    """
    out = []
    position, end = 0, len(text.rstrip())
    while position < end:
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        position = match.end()
        kind, token = match.lastgroup, match.group(match.lastgroup or 0)
        if kind == "var":
            token = "?" + token[1:]
        elif kind == "word":
            token = token.upper()
        elif kind == "pname":
            prefix, local = token.split(":", 1)
            namespace = prefixes.get(prefix)
            if namespace is None:
                return None
            token = f"<{namespace}{local}>"
        out.append(token)
    return out


# Placeholders in the templates: one string literal, and a comma-separated list of IRIs.
_STRING = "@string"
_IRIS = "@iris"

_TEMPLATE_PREFIXES = {
    "rdf": str(RDF),
    "dip": "https://w3id.org/diplokg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
}


def _template(text: str) -> list[str]:
    tokens = _tokens(text.replace(_STRING, '"@"').replace(_IRIS, "<@>"), _TEMPLATE_PREFIXES)
    assert tokens is not None
    return [{'"@"': _STRING, "<@>": _IRIS}.get(t, t) for t in tokens]


def _match(template: Sequence[str], tokens: Sequence[str]) -> list[object] | None:
    """The placeholders' values when the tokens follow the template, else None."""
    found: list[object] = []
    i = 0
    for expected in template:
        if expected == _STRING:
            if i >= len(tokens) or not tokens[i].startswith('"'):
                return None
            found.append(tokens[i][1:-1])
            i += 1
        elif expected == _IRIS:
            iris = []
            while i < len(tokens) and tokens[i].startswith("<") and len(tokens[i]) > 1:
                iris.append(tokens[i][1:-1])
                i += 1
                if i < len(tokens) and tokens[i] == ",":
                    i += 1
                else:
                    break
            if not iris or tokens[i - 1] == ",":
                return None
            found.append(iris)
        elif i < len(tokens) and tokens[i] == expected:
            i += 1
        else:
            return None
    return found if i == len(tokens) else None


_XSD_INTEGER = URIRef(str(XSD.integer))
_INTEGER_TYPES = frozenset({XSD.integer, XSD.nonNegativeInteger})
_DIGITS = re.compile(r"[0-9]{1,18}")  # within pyoxigraph's 64-bit integers
_IN_ARTICLE = URIRef("https://w3id.org/diplokg/ontology#inArticle")
_TEXT_LENGTH = URIRef("https://w3id.org/diplokg/ontology#textLength")
_STATUS = URIRef("https://w3id.org/diplokg/ontology#status")
_EXACT = URIRef("http://www.w3.org/ns/oa#exact")
_START = URIRef("http://www.w3.org/ns/oa#start")
_END = URIRef("http://www.w3.org/ns/oa#end")


class _NeedsSparql(Exception):
    """A value whose SPARQL reading the native functions do not reproduce."""


def _number(term: Node) -> int | None:
    """The integer value for ``isNumeric`` and arithmetic; None when not numeric."""
    if type(term) is not Literal:
        if isinstance(term, Literal):
            raise _NeedsSparql
        return None  # an IRI or a blank node
    datatype = term.datatype
    if datatype in _INTEGER_TYPES:
        text = str(term)
        if _DIGITS.fullmatch(text):
            return int(text)
    elif term.language is not None or datatype is None or datatype == XSD.string:
        return None
    raise _NeedsSparql


def _string_length(term: Node) -> int | None:
    """STRLEN: code points of a string literal; None (an error) for any other term."""
    if type(term) is not Literal:
        if isinstance(term, Literal):
            raise _NeedsSparql
        return None
    if term.language is not None or term.datatype is None or term.datatype == XSD.string:
        return len(str(term))
    if term.datatype == RDF.langString:
        raise _NeedsSparql  # rdf:langString without a language: leave it to SPARQL
    return None


def _integer(value: int) -> Literal:
    """An integer as pyoxigraph's answer reads back (see parsing._term).

    pyoxigraph stores integers in canonical form, typed xsd:integer: ``"007"`` of type
    xsd:nonNegativeInteger in the graph comes back as ``"7"^^xsd:integer``.
    """
    return Literal(str(value), datatype=_XSD_INTEGER)


def _unknown_term_test(namespace: str, known: Sequence[str]) -> Callable[[Node], bool]:
    """``STRSTARTS(STR(?t), namespace) && ?t NOT IN (known)`` for an IRI or a literal."""
    known_iris = frozenset(URIRef(iri) for iri in known)

    def unknown(term: Node) -> bool:
        if isinstance(term, URIRef):
            return term.startswith(namespace) and term not in known_iris
        # STR of a literal is its lexical form; a literal never equals an IRI of the list.
        return isinstance(term, Literal) and str(term).startswith(namespace)

    return unknown


def _unknown_target(namespace: str, known: Sequence[str]) -> NativeQuery:
    unknown = _unknown_term_test(namespace, known)

    def run(data: _Data, this: Node | None) -> _Rows | None:
        if this is not None:
            return None
        found: dict[Node, None] = {}
        for predicate, pairs in data.by_predicate.items():
            if unknown(predicate):
                found.update((s, None) for s, _ in pairs)
        for predicate in (RDF.type, _STATUS):
            for s, o in data.by_predicate.get(predicate, ()):
                if unknown(o):
                    found[s] = None
        return [{"this": s} for s in found]

    return run


def _unknown_constraint(namespace: str, known: Sequence[str]) -> NativeQuery:
    unknown = _unknown_term_test(namespace, known)

    def run(data: _Data, this: Node | None) -> _Rows | None:
        if this is None:
            return None
        rows: _Rows = []
        po = data.out.get(this, {})
        for predicate, objects in po.items():
            if unknown(predicate):
                rows.extend({"this": this, "value": predicate} for _ in objects)
        for objects in po.values():
            for o in objects:
                if isinstance(o, URIRef) and unknown(o):
                    rows.append({"this": this, "value": o})
        return rows

    return run


def _past_end(this: Node, articles: Iterable[Node], data: _Data) -> list[tuple[int, int]]:
    """(end, length) pairs of one evidence node where the span ends past its article."""
    pairs = []
    for article in articles:
        for end in data.objects(this, _END):
            end_value = _number(end)
            for length in data.objects(article, _TEXT_LENGTH):
                length_value = _number(length)
                if end_value is not None and length_value is not None and end_value > length_value:
                    pairs.append((end_value, length_value))
    return pairs


def _past_end_target(data: _Data, this: Node | None) -> _Rows | None:
    if this is not None:
        return None
    rows: _Rows = []
    for s, article in data.by_predicate.get(_IN_ARTICLE, ()):
        rows.extend({"this": s} for _ in _past_end(s, (article,), data))
    return rows


def _past_end_constraint(data: _Data, this: Node | None) -> _Rows | None:
    if this is None:
        return None
    articles = data.objects(this, _IN_ARTICLE)
    return [
        {"this": this, "end": _integer(e), "length": _integer(n)}
        for e, n in _past_end(this, articles, data)
    ]


def _wrong_length(this: Node, quotes: Iterable[Node], data: _Data) -> list[tuple[int, int]]:
    """(quote length, span) pairs of one evidence node whose quote and offsets disagree."""
    pairs = []
    for exact in quotes:
        length = _string_length(exact)
        for start in data.objects(this, _START):
            start_value = _number(start)
            for end in data.objects(this, _END):
                end_value = _number(end)
                if length is None or start_value is None or end_value is None:
                    continue
                if length != end_value - start_value:
                    pairs.append((length, end_value - start_value))
    return pairs


def _wrong_length_target(data: _Data, this: Node | None) -> _Rows | None:
    if this is not None:
        return None
    rows: _Rows = []
    for s, exact in data.by_predicate.get(_EXACT, ()):
        rows.extend({"this": s} for _ in _wrong_length(s, (exact,), data))
    return rows


def _wrong_length_constraint(data: _Data, this: Node | None) -> _Rows | None:
    if this is None:
        return None
    return [
        {"this": this, "length": _integer(n), "span": _integer(d)}
        for n, d in _wrong_length(this, data.objects(this, _EXACT), data)
    ]


_UNKNOWN_FILTER = """
    FILTER(STRSTARTS(STR({v}), @string) && {v} NOT IN (@iris))
"""

# The recognised queries, and how to build each one's native function from the
# placeholders' values (in template order).
_KNOWN: list[tuple[list[str], Callable[[list[object]], NativeQuery]]] = [
    (
        _template(
            "SELECT DISTINCT ?this WHERE {"
            " { ?this ?term ?object . } UNION { ?this rdf:type|dip:status ?term . }"
            + _UNKNOWN_FILTER.format(v="?term")
            + "}"
        ),
        lambda found: _unknown_target(str(found[0]), found[1]),  # type: ignore[arg-type]
    ),
    (
        _template(
            "SELECT $this ?value WHERE {"
            " { $this ?value ?object . } UNION { $this ?predicate ?value . FILTER(isIRI(?value)) }"
            + _UNKNOWN_FILTER.format(v="?value")
            + "}"
        ),
        lambda found: _unknown_constraint(str(found[0]), found[1]),  # type: ignore[arg-type]
    ),
    (
        _template(
            "SELECT ?this WHERE { ?this dip:inArticle ?article ; oa:end ?end ."
            " ?article dip:textLength ?length ."
            " FILTER(isNumeric(?end) && isNumeric(?length) && ?end > ?length) }"
        ),
        lambda found: _past_end_target,
    ),
    (
        _template(
            "SELECT $this ?end ?length WHERE { $this oa:end ?end ; dip:inArticle ?article ."
            " ?article dip:textLength ?length ."
            " FILTER(isNumeric(?end) && isNumeric(?length) && ?end > ?length) }"
        ),
        lambda found: _past_end_constraint,
    ),
    (
        _template(
            "SELECT ?this WHERE { ?this oa:exact ?exact ; oa:start ?start ; oa:end ?end ."
            " FILTER(isNumeric(?start) && isNumeric(?end) && STRLEN(?exact) != ?end - ?start) }"
        ),
        lambda found: _wrong_length_target,
    ),
    (
        _template(
            "SELECT $this ?length ?span WHERE { $this oa:exact ?exact ; oa:start ?start ;"
            " oa:end ?end . FILTER(isNumeric(?start) && isNumeric(?end))"
            " BIND(STRLEN(?exact) AS ?length) BIND(?end - ?start AS ?span)"
            " FILTER(?length != ?span) }"
        ),
        lambda found: _wrong_length_constraint,
    ),
]


def native_query(text: str, prefixes: Mapping[str, str]) -> NativeQuery | None:
    """A native function for a recognised query, or None: it then runs in pyoxigraph."""
    tokens = _tokens(text, prefixes)
    if tokens is None:
        return None
    for template, build in _KNOWN:
        found = _match(template, tokens)
        if found is not None:
            return _guarded(build(found))
    return None


def _guarded(run: NativeQuery) -> NativeQuery:
    def guarded(data: _Data, this: Node | None) -> _Rows | None:
        try:
            return run(data, this)
        except _NeedsSparql:
            return None

    return guarded
