"""The native validation engine gives exactly pyshacl's results.

The bundled shapes run on a native engine (compiled Python checks, SPARQL in pyoxigraph);
pyshacl stays the engine for shapes using other SHACL features. Every graph here is
validated by both and the reports must be equal: focus node, shape, severity, message,
path, value and constraint component of every result.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from diplokg.namespaces import DIP, OA, SCHEMA, WD
from diplokg.resources import shapes_path
from diplokg.validation import (
    SH,
    _path_text,
    _shapes,
    _validate,
    parse_rdf,
    validate_graph,
)

HERE = Path(__file__).resolve().parent / "shapes"
SUITE = sorted(HERE.rglob("*.ttl"))
VALID = sorted((HERE / "valid").glob("*.ttl"))


pytestmark = pytest.mark.usefixtures("quiet_rdflib")  # mutants hold ill-typed literals on purpose


def _both(data: Graph | Dataset, shapes: Path | None = None, per_graph: bool = True) -> None:
    compiled = _shapes(shapes)
    assert compiled.native is not None, compiled.native_problem
    native = _validate(data, compiled, per_graph, "native")
    reference = _validate(data, compiled, per_graph, "pyshacl")
    assert native == reference, (native.to_text(), reference.to_text())


def _graph(path: Path) -> Graph:
    graph = Graph()
    for triple in parse_rdf(path).triples((None, None, None)):
        graph.add(triple)
    return graph


@pytest.mark.parametrize("path", SUITE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_validate_native_engine_matches_pyshacl_on_the_shapes_suite(path: Path) -> None:
    _both(parse_rdf(path))


def test_validate_bundled_shapes_run_natively() -> None:
    compiled = _shapes(None)
    assert compiled.native is not None, compiled.native_problem


def test_validate_native_engine_matches_pyshacl_on_a_dataset_of_graphs() -> None:
    dataset = Dataset()
    for n, path in enumerate(SUITE[:12]):
        graph = dataset.graph(URIRef(f"https://w3id.org/diplokg/id/graph/{n:016x}"))
        for triple in parse_rdf(path).triples((None, None, None)):
            graph.add(triple)
    _both(dataset, per_graph=True)
    _both(dataset, per_graph=False)
    report = validate_graph(dataset)
    assert report.graphs == 12
    assert {r.graph for r in report.results} <= {
        f"<https://w3id.org/diplokg/id/graph/{n:016x}>" for n in range(12)
    }


_LITERALS = (
    Literal("x"),
    Literal(""),
    Literal("x", lang="en"),
    Literal("3", datatype=XSD.integer),
    Literal("abc", datatype=XSD.integer),
    Literal("2019-02-30", datatype=XSD.date),
    Literal("2019-03", datatype=XSD.gYearMonth),
    Literal("2019-03-01T10:00:00", datatype=XSD.dateTime),
    Literal("-5", datatype=XSD.nonNegativeInteger),
    Literal("12", datatype=XSD.nonNegativeInteger),
    Literal("9000", datatype=XSD.nonNegativeInteger),
)
_CLASSES = (
    DIP.Person,
    DIP.State,
    DIP.Place,
    DIP.Organization,
    DIP.Talks,
    DIP.Visit,
    DIP.Statement,
    DIP.Declaration,
    DIP.DiplomaticEvent,
    DIP.EventSeries,
    DIP.Article,
    DIP.Town,
    OA.TextQuoteSelector,
    SKOS.Concept,
)
_PREDICATES = (
    DIP.participant,
    DIP.location,
    DIP.status,
    DIP.date,
    DIP.earliestDate,
    DIP.latestDate,
    DIP.country,
    DIP.declaredBy,
    DIP.adoptedAt,
    DIP.about,
    DIP.evidence,
    DIP.reportedIn,
    DIP.textLength,
    OA.start,
    OA.end,
    OA.exact,
    RDFS.label,
    DIP.roundNumber,
    SCHEMA.publisher,
    DIP.particpant,
)


def _mutant(rng: random.Random, base: Graph) -> Graph:
    """The graph with one to three random edits: drop, retype, rewire, add."""
    graph = Graph()
    for triple in base:
        graph.add(triple)
    nodes: list[URIRef | BNode] = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})
    nodes += [WD.Q0123, URIRef("https://www.wikidata.org/wiki/Q5"), BNode("mutant")]
    for _ in range(rng.randint(1, 3)):
        s, p, o = rng.choice(sorted(graph))
        edit = rng.randrange(6)
        if edit in (0, 1, 2):
            graph.remove((s, p, o))
        if edit == 1:
            graph.add((s, p, rng.choice(_LITERALS)))
        elif edit == 2:
            graph.add((s, p, rng.choice(nodes)))
        elif edit == 3:
            graph.add((s, RDF.type, rng.choice(_CLASSES)))
        elif edit == 4:
            graph.add((s, rng.choice(_PREDICATES), rng.choice(nodes + list(_LITERALS))))
        elif edit == 5:
            graph.add((DIP.Town, RDFS.subClassOf, rng.choice(_CLASSES)))
            graph.add((s, RDF.type, DIP.Town))
    return graph


@pytest.mark.parametrize("seed", range(8))
def test_validate_native_engine_matches_pyshacl_on_mutated_graphs(seed: int) -> None:
    rng = random.Random(seed)
    bases = [_graph(path) for path in VALID]
    for _ in range(10):
        _both(_mutant(rng, rng.choice(bases)))


def test_validate_engines_agree_without_messages_but_for_wording(tmp_path: Path) -> None:
    """Shapes without sh:message: same results; the default wording is the engine's own."""
    text = shapes_path().read_text(encoding="utf-8")
    text = re.sub(r'\s*sh:message "[^"]*" ;', "", text)
    text = re.sub(r' ;\s*sh:message "[^"]*" \.', " .", text)
    shapes = tmp_path / "quiet-shapes.ttl"
    shapes.write_text(text, encoding="utf-8")
    compiled = _shapes(shapes)
    assert compiled.native is not None
    for path in SUITE:
        data = parse_rdf(path)
        native = _validate(data, compiled, True, "native").results
        reference = _validate(data, compiled, True, "pyshacl").results

        def key(r: object) -> tuple[object, ...]:
            return (r.focus_node, r.source_shape, r.severity, r.path, r.value, r.constraint)  # type: ignore[attr-defined]

        assert sorted(map(key, native)) == sorted(map(key, reference)), path.name
        assert all(r.message and r.message != "(no message)" for r in native)


def test_validate_shapes_with_other_features_run_on_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix dip: <https://w3id.org/diplokg/ontology#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        <urn:test:Closed> a sh:NodeShape ; sh:targetClass dip:Article ;
            sh:closed true ; sh:ignoredProperties ( rdf:type ) .
        """,
        encoding="utf-8",
    )
    compiled = _shapes(shapes)
    assert compiled.native is None
    assert "sh:" in (compiled.native_problem or "")
    report = validate_graph(parse_rdf(VALID[0]), shapes)
    assert not report.conforms
    assert {r.constraint for r in report.results} == {"sh:ClosedConstraintComponent"}


def test_validate_report_keeps_a_complex_path_as_a_shacl_path() -> None:
    report = validate_graph(parse_rdf(HERE / "invalid" / "event_with_declared_by.ttl"))
    (result,) = report.results
    assert result.path == "dip:declaredBy|dip:addressee|dip:adoptedAt|dip:text"
    graph = report.to_graph()
    (path,) = graph.objects(None, SH.resultPath)
    assert isinstance(path, BNode)
    assert graph.value(path, SH.alternativePath) is not None
    assert _path_text(graph, path) == result.path


def test_validate_sh_class_follows_subclasses_in_the_data_graph() -> None:
    graph = _graph(HERE / "valid" / "minimal_article.ttl")
    towns = [o for o in graph.objects(None, DIP.location)] + list(graph.objects(None, DIP.dateline))
    for place in towns:
        graph.remove((place, RDF.type, DIP.Place))
        graph.add((place, RDF.type, DIP.Town))
    graph.add((DIP.Town, RDFS.subClassOf, DIP.Place))
    report = validate_graph(graph)
    assert {r.source_shape for r in report.results} == {"dsh:UnknownTermShape"}
    _both(graph)


def test_validate_shapes_compiled_once_per_process() -> None:
    """Each article's validation reuses the shapes compiled for the first one."""
    first = _shapes(None)
    assert _shapes(None) is first
    assert first.native is not None
    assert all(shape.flat for shape in first.native if not shape.target_queries)


@pytest.mark.parametrize(
    ("value", "bound"),
    [
        (Literal(3), Literal(1)),
        (Literal(1), Literal(1)),
        (Literal(0), Literal(1)),
        (Literal("5", datatype=XSD.nonNegativeInteger), Literal(0)),
        (Literal("0", datatype=XSD.nonNegativeInteger), Literal(0)),
        (Literal("2.5", datatype=XSD.decimal), Literal(2)),
        (Literal("1.0", datatype=XSD.decimal), Literal(1)),
        (Literal("NaN", datatype=XSD.double), Literal(0)),
        (Literal("-1", datatype=XSD.nonNegativeInteger), Literal(0)),
        (Literal("x", datatype=XSD.integer), Literal(0)),
        (Literal("2021-06-16", datatype=XSD.date), Literal(0)),
        (Literal("7"), Literal(0)),
    ],
)
def test_validate_numeric_order_agrees_with_pyshacl(value: Literal, bound: Literal) -> None:
    """The numeric shortcut gives pyshacl's order, or leaves the pair to pyshacl."""
    from pyshacl.rdfutil.compare import compare_literal

    from diplokg.validation.compiler import _numeric_order

    order = _numeric_order(value, bound)
    if order is not None:
        assert order == compare_literal(value, bound)
        assert (order < 0) == bool(value < bound)
        assert (order <= 0) == bool(value <= bound)


def test_validate_range_and_order_checks_on_numbers_match_pyshacl() -> None:
    """Offsets and round numbers of every numeric kind: both engines, same results."""
    graph = _graph(HERE / "valid" / "talks_full.ttl")
    for n, evidence in enumerate(sorted(set(graph.subjects(OA.start, None)))):
        start = graph.value(evidence, OA.start)
        graph.remove((evidence, OA.start, None))
        kinds = [XSD.integer, XSD.nonNegativeInteger, XSD.decimal, XSD.double, XSD.int]
        graph.add((evidence, OA.start, Literal(f"{int(start) - n}", datatype=kinds[n % 5])))
    empty = min(graph.subjects(OA.end, None))  # an empty span: start equals end in value
    end = graph.value(empty, OA.end)
    graph.set((empty, OA.start, Literal(f"{end}", datatype=XSD.int)))
    event = next(iter(graph.subjects(RDF.type, DIP.Talks)))
    graph.add((event, DIP.roundNumber, Literal("0.5", datatype=XSD.decimal)))
    report = validate_graph(graph)
    assert "sh:LessThanConstraintComponent" in {r.constraint for r in report.results}
    _both(graph)


def test_validate_cycle_of_property_shapes_runs_on_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "cycle.ttl"
    shapes.write_text(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix dip: <https://w3id.org/diplokg/ontology#> .
        <urn:test:A> a sh:NodeShape ; sh:targetClass dip:Article ; sh:property <urn:test:B> .
        <urn:test:B> a sh:PropertyShape ; sh:path dip:headline ; sh:property <urn:test:C> .
        <urn:test:C> a sh:PropertyShape ; sh:path dip:headline ; sh:property <urn:test:B> .
        """,
        encoding="utf-8",
    )
    compiled = _shapes(shapes)
    assert compiled.native is None
    assert "cycle" in (compiled.native_problem or "")
