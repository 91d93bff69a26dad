"""The native evaluation of recognised SPARQL queries gives pyoxigraph's solutions.

Each graph here is written for these tests: unknown terms in every position the queries
look at (predicates, classes, statuses, literals, blank nodes) and evidence with spans
past the article, quotes of the wrong length, several values per property, non-numeric
and non-string values. Every recognised query is run both ways on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from diplokg.validation import SH, _shapes, _validate
from diplokg.validation.compiler import _prefixes
from diplokg.validation.engine import _Data, _Unsupported
from diplokg.validation.sparql import native_query
from diplokg.validation.validator import _check_graph

_PREFIXES = """
@prefix dip: <https://w3id.org/diplokg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

# Plain values only: every recognised query runs natively on it.
PLAIN = (
    _PREFIXES
    + """
ex:a a dip:Meeting, dip:Meetin ; dip:status dip:Held, dip:Helt ;
    dip:particpant ex:b ; dip:participant ex:c, ex:d .
ex:b a "https://w3id.org/diplokg/ontology#Person" ;
    dip:status "https://w3id.org/diplokg/ontology#Held"@en .
_:x dip:foo _:y, _:z ; a dip:Bogus .
ex:c ex:p dip:Unknown ; ex:q "https://w3id.org/diplokg/ontology#Zed" ; ex:r dip:Person .
ex:d a dip:Person ; dip:country <https://w3id.org/diplokg/ontology> .
ex:art dip:textLength "100"^^xsd:integer .
ex:art2 dip:textLength "50"^^xsd:integer, "007"^^xsd:integer .
ex:e1 oa:exact "abc" ; oa:start "10"^^xsd:nonNegativeInteger ;
    oa:end "13"^^xsd:nonNegativeInteger ; dip:inArticle ex:art .
ex:e2 oa:exact "abcd" ; oa:start "10"^^xsd:nonNegativeInteger ;
    oa:end "120"^^xsd:nonNegativeInteger, "13"^^xsd:nonNegativeInteger ;
    dip:inArticle ex:art, ex:art2 .
ex:e3 oa:exact "h\u00e9llo w\u00f6rld"@en ; oa:start "0" ; oa:end "5"^^xsd:integer ;
    dip:inArticle ex:art .
ex:e4 oa:exact ex:iri ; oa:start "1"^^xsd:integer ; oa:end "3"^^xsd:integer .
ex:e5 oa:exact "x", "yy", "\U0001f600z" ; oa:start "0"^^xsd:integer, "1"^^xsd:integer ;
    oa:end "2"^^xsd:integer ; dip:inArticle ex:noLength .
ex:e6 oa:exact "" ; oa:start "9"^^xsd:integer ; oa:end "4"^^xsd:integer ;
    dip:inArticle ex:art2 .
"""
)

# Values whose SPARQL reading the native functions leave to pyoxigraph.
ODD = (
    _PREFIXES
    + """
ex:art dip:textLength "1.5E1"^^xsd:double .
ex:e1 oa:exact "abc" ; oa:start "-1"^^xsd:nonNegativeInteger ;
    oa:end "20.5"^^xsd:decimal ; dip:inArticle ex:art .
ex:e2 oa:exact "abc"^^xsd:token ; oa:start "abc"^^xsd:integer ; oa:end "+4"^^xsd:integer ;
    dip:inArticle ex:art .
ex:e3 oa:exact "abcd" ; oa:start "0"^^xsd:int ; oa:end "99999999999999999999"^^xsd:integer .
"""
)


_DIP = URIRef("https://w3id.org/diplokg/ontology#")


# The odd graph holds ill-typed literals on purpose.
pytestmark = pytest.mark.usefixtures("quiet_rdflib")


def _bundled_queries() -> list[tuple[str, dict[str, str]]]:
    graph = _shapes(None).graph
    return [(str(text), _prefixes(graph, node)) for node, text in graph.subject_objects(SH.select)]


def _data(turtle: str) -> _Data:
    return _Data(Graph().parse(data=turtle, format="turtle"))


def _solutions(rows: list[dict[str, Node]]) -> list[tuple[tuple[str, str], ...]]:
    """Rows comparable across engines: blank nodes as such, other terms in N3."""
    return sorted(
        tuple(sorted((k, "_:" if v.n3().startswith("_:") else v.n3()) for k, v in row.items()))
        for row in rows
    )


def _runs(data: _Data) -> Iterator[tuple[str, dict[str, str], Node | None]]:
    for text, prefixes in _bundled_queries():
        if "$this" not in text:
            yield text, prefixes, None
        else:
            for focus in list(data.out):
                yield text, prefixes, focus


def test_native_query_recognises_every_bundled_query() -> None:
    queries = _bundled_queries()
    assert len(queries) == 6
    assert all(native_query(text, prefixes) is not None for text, prefixes in queries)


@pytest.mark.parametrize("turtle", [PLAIN, ODD], ids=["plain", "odd"])
def test_native_query_gives_the_sparql_solutions(turtle: str) -> None:
    graph = Graph().parse(data=turtle, format="turtle")
    native_data, sparql_data = _Data(graph), _Data(graph)  # the same blank nodes
    natively = 0
    for text, prefixes, this in _runs(native_data):
        native = native_query(text, prefixes)
        assert native is not None
        rows = native(native_data, this)
        expected = sparql_data.select(text, prefixes, this)
        if rows is not None:
            natively += 1
            assert _solutions(rows) == _solutions(expected), (text, this)
        # Through select, with or without a native function, the answer is the same.
        assert _solutions(native_data.select(text, prefixes, this, native)) == _solutions(expected)
    assert natively > 0


def test_native_query_finds_the_problems_in_the_plain_graph() -> None:
    graph = Graph().parse(data=PLAIN, format="turtle")
    data = _Data(graph)
    found = {}
    for text, prefixes in _bundled_queries():
        if "$this" not in text:
            native = native_query(text, prefixes)
            assert native is not None
            rows = native(data, None)
            assert rows is not None
            key = "unknown" if "STRSTARTS" in text else "past" if "textLength" in text else "length"
            found[key] = {row["this"] for row in rows}
    ex = "http://example.org/"
    blank = next(s for s, _ in graph.subject_objects(URIRef(str(_DIP) + "foo")))
    # A misspelt class, status and property, a literal class, a blank node's terms; ex:c
    # only points at an unknown term and ex:d at the ontology IRI itself.
    assert found["unknown"] == {URIRef(ex + "a"), URIRef(ex + "b"), blank}
    assert found["past"] == {URIRef(ex + "e2")}
    assert found["length"] == {URIRef(ex + "e2"), URIRef(ex + "e5"), URIRef(ex + "e6")}


def test_native_query_leaves_odd_values_to_sparql() -> None:
    data = _data(ODD)
    for text, prefixes in _bundled_queries():
        native = native_query(text, prefixes)
        assert native is not None
        if "oa:" in text and "$this" not in text:
            assert native(data, None) is None


@pytest.mark.parametrize(
    "text",
    [
        # another variable name in the projection: the messages name ?length
        "SELECT $this ?len ?span WHERE { $this oa:exact ?exact ; oa:start ?start ;"
        " oa:end ?end . FILTER(isNumeric(?start) && isNumeric(?end))"
        " BIND(STRLEN(?exact) AS ?len) BIND(?end - ?start AS ?span) FILTER(?len != ?span) }",
        # one more condition
        "SELECT ?this WHERE { ?this dip:inArticle ?article ; oa:end ?end ."
        " ?article dip:textLength ?length . FILTER(isNumeric(?end) && isNumeric(?length)"
        " && ?end > ?length && ?end > 3) }",
        # >= instead of >
        "SELECT ?this WHERE { ?this dip:inArticle ?article ; oa:end ?end ."
        " ?article dip:textLength ?length ."
        " FILTER(isNumeric(?end) && isNumeric(?length) && ?end >= ?length) }",
        # a prefix the shapes do not declare
        "SELECT ?this WHERE { ?this foo:inArticle ?article ; oa:end ?end ."
        " ?article dip:textLength ?length ."
        " FILTER(isNumeric(?end) && isNumeric(?length) && ?end > ?length) }",
        # an empty NOT IN list, and a trailing comma
        "SELECT $this ?value WHERE { { $this ?value ?object . } UNION { $this ?predicate ?value"
        ' . FILTER(isIRI(?value)) } FILTER(STRSTARTS(STR(?value), "x") && ?value NOT IN ()) }',
        "SELECT $this ?value WHERE { { $this ?value ?object . } UNION { $this ?predicate ?value"
        ' . FILTER(isIRI(?value)) } FILTER(STRSTARTS(STR(?value), "x") && ?value NOT IN (dip:a,'
        " )) }",
    ],
)
def test_native_query_refuses_other_queries(text: str) -> None:
    prefixes = {
        "dip": "https://w3id.org/diplokg/ontology#",
        "oa": "http://www.w3.org/ns/oa#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    }
    assert native_query(text, prefixes) is None


def test_native_query_recognises_another_layout_and_prefix() -> None:
    text = (
        "select   $this ?end ?length where {\n  $this <http://www.w3.org/ns/oa#end> ?end ;"
        " d:inArticle ?article .\n ?article d:textLength ?length .\n"
        " filter(ISNUMERIC(?end) && isNumeric(?length) && ?end > ?length) }"
    )
    native = native_query(text, {"d": "https://w3id.org/diplokg/ontology#"})
    assert native is not None
    data, reference = _data(PLAIN), _data(PLAIN)
    this = URIRef("http://example.org/e2")
    rows = native(data, this)
    assert rows is not None and len(rows) == 4  # 120 past 100, 50, 7; 13 past 7
    assert _solutions(rows) == _solutions(reference.select(text, {"d": str(_DIP)}, this))


def test_validate_native_builds_no_store_and_matches_pyshacl() -> None:
    shapes = _shapes(None)
    assert shapes.native is not None
    graph = Graph().parse(data=PLAIN, format="turtle")
    data = _Data(graph)
    _check_graph(graph, shapes, None, "native")
    native = _validate(graph, shapes, True, "native")
    assert native == _validate(graph, shapes, True, "pyshacl")
    assert native.results  # the unknown terms and spans are reported
    from diplokg.validation.engine import _native_results

    _native_results(shapes.native, data, None)
    assert data._store is None


def test_validate_native_refuses_what_pyoxigraph_refuses() -> None:
    graph = Graph().parse(data=PLAIN, format="turtle")
    graph.add((URIRef("http://example.org/a b"), URIRef("http://example.org/p"), Literal(1)))
    with pytest.raises(_Unsupported):
        _check_graph(graph, _shapes(None), None, "native")
