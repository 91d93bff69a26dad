"""The shapes: valid graphs stay clean; each broken graph fails for its stated reason.

Every file in ``tests/shapes/invalid/`` starts with ``# expect:`` and the source shapes
(``dsh:Name`` or ``dsh:Name@Warning``) its one mistake must trigger, and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from diplokg.resources import shapes_path
from diplokg.validation import SH, parse_rdf, validate_graph

HERE = Path(__file__).resolve().parent / "shapes"
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
DSH = "https://w3id.org/diplokg/shapes#"


def _expected(path: Path) -> set[tuple[str, str]]:
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path.name} has no '# expect:' line"
    out = set()
    for item in match.group(1).split():
        shape, _, severity = item.partition("@")
        out.add((shape, severity or "Violation"))
    return out


def test_shapes_suite_has_forty_distinct_broken_graphs() -> None:
    texts = {p.read_text(encoding="utf-8") for p in INVALID}
    assert len(texts) >= 40


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_shapes_valid_graph_has_no_result(path: Path) -> None:
    report = validate_graph(parse_rdf(path))
    assert report.results == (), report.to_text()
    assert report.conforms


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_shapes_invalid_graph_fails_for_its_reason(path: Path) -> None:
    report = validate_graph(parse_rdf(path))
    found = {(r.source_shape, r.severity) for r in report.results}
    assert found == _expected(path), report.to_text()
    assert all(r.message and r.message != "(no message)" for r in report.results)
    if any(severity == "Violation" for _, severity in found):
        assert not report.conforms
    else:
        assert report.conforms and report.has_warnings


def test_shapes_every_constraint_has_a_failing_example() -> None:
    """Every shape with a message (a check a contributor can read) fails somewhere."""
    shapes = Graph().parse(shapes_path())
    checks = set()
    for node in shapes.subjects(SH.message, None):
        if not isinstance(node, URIRef):
            continue
        if (node, RDF.type, SH.SPARQLConstraint) in shapes:
            owner = shapes.value(None, SH.sparql, node)
            node = owner if isinstance(owner, URIRef) else node
        checks.add("dsh:" + str(node).removeprefix(DSH))
    covered = {shape for path in INVALID for shape, _ in _expected(path)}
    assert checks - covered == set()


def test_shapes_unknown_term_message_names_the_term() -> None:
    report = validate_graph(parse_rdf(HERE / "invalid" / "unknown_property_typo.ttl"))
    (result,) = [r for r in report.results if r.source_shape == "dsh:UnknownTermShape"]
    assert "particpant" in result.message
    assert result.value == "dip:particpant"


def test_shapes_evidence_message_gives_offsets() -> None:
    report = validate_graph(parse_rdf(HERE / "invalid" / "evidence_beyond_article.ttl"))
    expected = "Evidence span ends at 74, past the end of its article (60 code points)"
    assert any(r.message.startswith(expected) for r in report.results)
