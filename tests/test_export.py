"""Tests of export: deterministic bytes, every format parsed by rdflib and pyoxigraph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from diplokg.errors import UsageError
from diplokg.export import (
    FORMATS,
    jsonld_context,
    nquad_lines,
    serialize_graph,
    serialize_graphs,
    write_atomic,
)
from diplokg.namespaces import PREFIXES
from diplokg.pipeline import BuildOptions, build
from diplokg.rdf import map_record_graph
from diplokg.recordfile import read_record

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "geneva-summit-2021.record.json"

RDFLIB_FORMATS = {
    "turtle": "turtle",
    "json-ld": "json-ld",
    "nt": "nt",
    "trig": "trig",
    "nquads": "nquads",
}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
DATASET_FORMATS = {"json-ld", "trig", "nquads"}


@pytest.fixture(scope="module")
def example() -> tuple[URIRef, Graph]:
    return map_record_graph(read_record(EXAMPLE)[0])


@pytest.fixture(scope="module")
def tricky() -> tuple[URIRef, Graph]:
    """A graph with literals that stress every syntax: newlines, quotes, non-ASCII."""
    graph = Graph()
    node = URIRef("https://w3id.org/diplokg/id/evidence/abc/0-40")
    prop = URIRef("http://www.w3.org/ns/oa#exact")
    graph.add((node, prop, Literal('Talks in Astana\n\nThe "second" round, Erdoğan said')))
    graph.add(
        (node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("back\\slash\ttab"))
    )
    return URIRef("https://w3id.org/diplokg/id/graph/abc"), graph


def _rdflib_triples(data: bytes, fmt: str) -> Graph:
    """Parse with rdflib; for dataset syntaxes, the union of every graph's triples."""
    if fmt in DATASET_FORMATS:
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
        union = Graph()
        for s, p, o, _ in dataset.quads():
            union.add((s, p, o))
        return union
    return Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])


def _oxigraph_triples(data: bytes, fmt: str) -> tuple[Graph, set[str]]:
    """Parse with pyoxigraph; return the triples (as an rdflib graph) and graph names."""
    quads = list(ox.parse(data, format=OX_FORMATS[fmt]))
    names = {str(q.graph_name) for q in quads}
    triples = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES
    )
    return Graph().parse(data=triples or b"", format="nt"), names


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_graph_is_deterministic(example: tuple[URIRef, Graph], fmt: str) -> None:
    name, graph = example
    assert serialize_graph(name, graph, fmt) == serialize_graph(name, graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_graph_independent_of_insertion_order(
    example: tuple[URIRef, Graph], fmt: str
) -> None:
    name, graph = example
    reversed_graph = Graph()
    for prefix, namespace in graph.namespaces():
        reversed_graph.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(graph, reverse=True):
        reversed_graph.add(triple)
    assert serialize_graph(name, reversed_graph, fmt) == serialize_graph(name, graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_graph_parses_with_rdflib(example: tuple[URIRef, Graph], fmt: str) -> None:
    name, graph = example
    parsed = _rdflib_triples(serialize_graph(name, graph, fmt), fmt)
    assert isomorphic(parsed, graph)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_graph_parses_with_pyoxigraph(example: tuple[URIRef, Graph], fmt: str) -> None:
    name, graph = example
    parsed, names = _oxigraph_triples(serialize_graph(name, graph, fmt), fmt)
    assert isomorphic(parsed, graph)
    if fmt in DATASET_FORMATS:
        assert names == {f"<{name}>"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_graph_keeps_tricky_literals(tricky: tuple[URIRef, Graph], fmt: str) -> None:
    name, graph = tricky
    data = serialize_graph(name, graph, fmt)
    assert isomorphic(_rdflib_triples(data, fmt), graph)
    assert isomorphic(_oxigraph_triples(data, fmt)[0], graph)


def test_serialize_graph_jsonld_isomorphic_to_turtle(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    turtle = Graph().parse(data=serialize_graph(name, graph, "turtle"), format="turtle")
    jsonld = _rdflib_triples(serialize_graph(name, graph, "json-ld"), "json-ld")
    assert len(jsonld) == len(turtle)
    assert isomorphic(jsonld, turtle)


def _contexts(value: Any) -> list[Any]:
    if isinstance(value, dict):
        found = [value["@context"]] if "@context" in value else []
        return found + [c for v in value.values() for c in _contexts(v)]
    if isinstance(value, list):
        return [c for v in value for c in _contexts(v)]
    return []


def test_serialize_graph_jsonld_context_is_inlined(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    data = json.loads(serialize_graph(name, graph, "json-ld"))
    contexts = _contexts(data)
    assert contexts, "the JSON-LD has no @context"
    for context in contexts:
        assert isinstance(context, dict), f"remote or string @context: {context!r}"
    assert data["@context"] == jsonld_context()
    assert data["@context"]["schema"] == "http://schema.org/"


def test_serialize_graph_jsonld_names_its_graph(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    data = json.loads(serialize_graph(name, graph, "json-ld"))
    assert data["@id"] == str(name)
    ids = [node["@id"] for node in data["@graph"]]
    assert ids == sorted(ids)


def test_serialize_graph_nt_lines_are_sorted(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    lines = serialize_graph(name, graph, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(graph)


def test_serialize_graph_turtle_uses_contract_prefixes(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    text = serialize_graph(name, graph, "turtle").decode("utf-8")
    assert "@prefix schema: <http://schema.org/> ." in text
    assert "@prefix dip: <https://w3id.org/diplokg/ontology#> ." in text
    assert "_:" not in text


def test_serialize_graph_unknown_format_is_a_usage_error(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    with pytest.raises(UsageError, match="rdfxml"):
        serialize_graph(name, graph, "rdfxml")


def test_nquad_lines_sorted_in_the_named_graph(example: tuple[URIRef, Graph]) -> None:
    name, graph = example
    lines = nquad_lines(name, graph)
    assert lines == sorted(lines)
    assert len(lines) == len(graph)
    assert all(line.endswith(f" <{name}> .") for line in lines)


def _writer_trig(name: URIRef, graph: Graph) -> bytes:
    """TriG straight from pyoxigraph's writer, with the header export puts on every file."""
    quads = sorted(
        (ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(str(name))) for q in _ox(graph)),
        key=lambda q: (str(q.subject), str(q.predicate), str(q.object)),
    )
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b""
    block = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    return (block + "\n" + _body(data.decode("utf-8"))).encode("utf-8")


def _body(text: str) -> str:
    # Lines end at line feeds only: U+2028 and U+0085 stay inside their literals.
    return "".join(line + "\n" for line in text.split("\n")[:-1] if not line.startswith("@prefix"))


def _ox(graph: Graph) -> list[Any]:
    nt = graph.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))


def test_serialize_graph_trig_is_what_the_trig_writer_gives(
    example: tuple[URIRef, Graph], tricky: tuple[URIRef, Graph]
) -> None:
    # export builds TriG from the Turtle; it must stay what pyoxigraph's TriG writer writes,
    # also with line separators the writer leaves unescaped inside literals.
    odd = Graph()
    node = URIRef("https://w3id.org/diplokg/id/evidence/abc/1-2")
    odd.add((node, URIRef("http://www.w3.org/ns/oa#exact"), Literal("one\u2028two\x85three")))
    odd.add((node, URIRef("http://www.w3.org/ns/oa#start"), Literal(1)))
    odd_name = URIRef("https://w3id.org/diplokg/id/graph/odd")
    under_prefix = URIRef("https://w3id.org/diplokg/ontology#graph")  # the writer shortens it
    for name, graph in [example, tricky, (odd_name, odd), (under_prefix, odd)]:
        assert serialize_graph(name, graph, "trig") == _writer_trig(name, graph)


@pytest.fixture(scope="module")
def odd_literals() -> tuple[URIRef, Graph]:
    """Literals of every kind, some with line separators the writers leave unescaped."""
    graph = Graph()
    node = URIRef("https://w3id.org/diplokg/id/evidence/abc/1-2")
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    for text in ["one\u2028two\x85three", "a\rb\x0bc\x1cd", 'say "hi" \\ é', ""]:
        graph.add((node, exact, Literal(text)))
    graph.add((node, exact, Literal("Gipfel", lang="de")))
    graph.add((node, URIRef("http://www.w3.org/ns/oa#start"), Literal(1)))
    graph.add(
        (node, URIRef("http://schema.org/url"), Literal("http://x.org/a", datatype=XSD.anyURI))
    )
    return URIRef("https://w3id.org/diplokg/id/graph/odd"), graph


def _writer(graph: Graph, fmt: Any) -> str:
    """pyoxigraph's own writer on the triples sorted by their N-Triples text."""
    triples = sorted(_ox(graph), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    data = ox.serialize([t.triple for t in triples], format=fmt, prefixes=prefixes) or b""
    return data.decode("utf-8")


def test_serialize_graph_turtle_and_nt_are_what_the_writers_give(
    example: tuple[URIRef, Graph],
    tricky: tuple[URIRef, Graph],
    odd_literals: tuple[URIRef, Graph],
) -> None:
    # export writes N-Triples lines itself and hands literal triples to the writer through
    # the parser; the bytes must stay the writers' own.
    block = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    for name, graph in [example, tricky, odd_literals]:
        turtle = _writer(graph, ox.RdfFormat.TURTLE)
        body = _body(turtle)
        assert serialize_graph(name, graph, "turtle") == (block + "\n" + body).encode("utf-8")
        nt = sorted(line for line in _writer(graph, ox.RdfFormat.N_TRIPLES).split("\n") if line)
        assert serialize_graph(name, graph, "nt") == ("\n".join(nt) + "\n").encode("utf-8")
        quads = serialize_graph(name, graph, "nquads").decode("utf-8").split("\n")[:-1]
        assert quads == [f"{line[:-2]} <{name}> ." for line in nt]


def test_serialize_graphs_keep_line_separators_inside_literals(
    odd_literals: tuple[URIRef, Graph],
) -> None:
    # pyoxigraph leaves U+0085, U+2028 and U+2029 unescaped (legal in literals): a file cut
    # at them would not parse. Every format must read back as the same triples.
    name, graph = odd_literals
    outputs = serialize_graphs(name, graph, ["turtle", "trig", "nt", "nquads"])
    expected = {quad.triple for quad in _ox(graph)}
    for fmt, rdf_format in [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)]:
        assert {q.triple for q in ox.parse(outputs[fmt], format=rdf_format)} == expected
    for fmt, rdf_format in [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)]:
        quads = list(ox.parse(outputs[fmt], format=rdf_format))
        assert {q.triple for q in quads} == expected
        assert {q.graph_name for q in quads} == {ox.NamedNode(str(name))}


def test_serialize_graph_trig_of_an_empty_graph_is_the_prefixes() -> None:
    data = serialize_graph(URIRef("https://w3id.org/diplokg/id/graph/none"), Graph(), "trig")
    assert data == _writer_trig(URIRef("https://w3id.org/diplokg/id/graph/none"), Graph())


def test_serialize_graph_jsonld_is_the_json_module_layout(
    example: tuple[URIRef, Graph], tricky: tuple[URIRef, Graph]
) -> None:
    # The JSON-LD text is written by hand; it must read as json.dumps would lay it out.
    for name, graph in [example, tricky]:
        data = serialize_graph(name, graph, "json-ld")
        again = json.dumps(json.loads(data), ensure_ascii=False, indent=2, sort_keys=True)
        assert data == (again + "\n").encode("utf-8")


def test_serialize_graphs_same_bytes_as_one_format_at_a_time(
    example: tuple[URIRef, Graph],
) -> None:
    name, graph = example
    together = serialize_graphs(name, graph, list(FORMATS))
    assert together == {fmt: serialize_graph(name, graph, fmt) for fmt in FORMATS}


def test_write_atomic_writes_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "folder" / "out.ttl"
    write_atomic(target, b"first\n")
    write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.ttl"]


def test_write_atomic_past_a_stale_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "a.ttl"
    write_atomic(target, b"first\n")  # makes the folder
    stale = target.parent / f".a.ttl.{os.getpid()}.tmp"
    stale.write_bytes(b"left by a killed run")
    write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert stale.read_bytes() == b"left by a killed run"


def test_write_atomic_does_not_clobber_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    write_atomic(target, b"good\n")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"good\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_twice_in_two_folders_gives_same_bytes(tmp_path: Path) -> None:
    options = dict(formats=tuple(sorted(FORMATS)), validate=False)
    build([EXAMPLE], BuildOptions(out=tmp_path / "one", **options))  # type: ignore[arg-type]
    build([EXAMPLE], BuildOptions(out=tmp_path / "two", **options))  # type: ignore[arg-type]
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert set(one) == set(two)
    for name in one:
        assert one[name] == two[name], name


_BUILD_SCRIPT = """
import sys
from pathlib import Path
from diplokg.export import FORMATS
from diplokg.pipeline import BuildOptions, build
build([sys.argv[1]], BuildOptions(out=Path(sys.argv[2]), formats=tuple(FORMATS), validate=False))
"""


def test_build_same_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    # String hashing is randomised per process; output must not depend on set order.
    for seed, folder in (("1", "one"), ("2", "two")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", _BUILD_SCRIPT, str(EXAMPLE), str(tmp_path / folder)],
            check=True,
            env=env,
        )
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert set(one) == set(two)
    for name in one:
        assert one[name] == two[name], name
