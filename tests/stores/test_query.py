from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplokg.errors import InputError, UsageError
from diplokg.stores import (
    MemoryStore,
    load_output,
    read_query,
    render_csv,
    render_json,
    render_result,
    render_table,
    render_turtle,
    run_query,
)

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
EXPECTED = Path(__file__).parent / "data" / "expected"
EXAMPLE_EXPECTED = ROOT / "examples" / "queries" / "expected"


@pytest.fixture()
def loaded(articles_trig: Path) -> MemoryStore:
    store = MemoryStore()
    load_output(articles_trig, store)
    return store


def test_example_queries_exist() -> None:
    names = {q.stem for q in QUERIES}
    assert {
        "who-met-whom",
        "declarations-by-actor",
        "events-in-date-range",
        "actors-with-wikidata",
    } <= names
    for query in QUERIES:
        assert "GRAPH ?g" in query.read_text(), f"{query.name} must match data in named graphs"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_example_query_on_hand_made_articles(loaded: MemoryStore, query: Path) -> None:
    expected = (EXPECTED / f"{query.stem}.csv").read_text(encoding="utf-8")
    got = render_csv(run_query(loaded, read_query(str(query))))
    assert got.replace("\r\n", "\n") == expected.replace("\r\n", "\n")


def test_who_met_whom_names_pairs_place_and_date(loaded: MemoryStore) -> None:
    rows = run_query(loaded, (ROOT / "examples/queries/who-met-whom.rq").read_text()).rows
    pairs = {(str(r[2].value), str(r[3].value), r[4].value if r[4] else None) for r in rows}  # type: ignore[union-attr]
    assert ("Nursultan Nazarbayev", "Vladimir Putin", "Moscow") in pairs
    assert ("Recep Tayyip Erdogan", "Vladimir Putin", None) in pairs


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> MemoryStore:
    """The bundled example, built once and loaded into memory."""
    store = MemoryStore()
    load_output(_example_build(tmp_path_factory), store)
    return store


def _example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled example with `kg build`, or skip while the pipeline is not wired.

    The reviewed records are built when present (their output does not depend on the NLP
    model); else the example articles.
    """
    examples_dir = ROOT / "examples"
    inputs = sorted(examples_dir.glob("*.record.json")) or sorted(examples_dir.glob("*.txt"))
    if not inputs:
        pytest.skip("no bundled example under examples/ yet")
    try:
        from diplokg.cli import app
        from diplokg.pipeline import build  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"diplokg.pipeline.build is not importable yet ({exc})")
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("example-build")
    done = CliRunner().invoke(app, ["build", *map(str, inputs), "-o", str(out), "-q"])
    if not (out / "all.nq").is_file():
        pytest.skip(f"`kg build` on the example wrote no all.nq yet: {done.output[-500:]}")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_example_query_on_bundled_example(
    example_store: MemoryStore, update_goldens: bool, query: Path
) -> None:
    got = render_csv(run_query(example_store, read_query(str(query)))).replace("\r\n", "\n")
    expected = EXAMPLE_EXPECTED / f"{query.stem}.csv"
    if update_goldens:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(got, encoding="utf-8")
    if not expected.is_file():
        pytest.skip(f"{expected} not recorded yet; run pytest --update-goldens and review it")
    assert got == expected.read_text(encoding="utf-8")


def test_read_query_reads_file_or_keeps_text(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK {}")
    assert read_query(str(path)) == "ASK {}"
    assert read_query("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(InputError, match="cannot read the query file"):
        read_query(str(tmp_path / "missing.rq"))


def test_run_query_syntax_error_is_input_error(loaded: MemoryStore) -> None:
    with pytest.raises(InputError, match="does not parse"):
        run_query(loaded, "SELECT WHERE {")


def test_render_json_is_sparql_results_json(loaded: MemoryStore) -> None:
    result = run_query(
        loaded,
        "SELECT ?n ?l WHERE { GRAPH ?g { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        'FILTER(?l = "Astana") } BIND(1 AS ?n) } LIMIT 1',
    )
    document = json.loads(render_json(result))
    assert document["head"]["vars"] == ["n", "l"]
    binding = document["results"]["bindings"][0]
    assert binding["l"] == {"type": "literal", "value": "Astana"}
    assert binding["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_render_ask_in_every_format(loaded: MemoryStore) -> None:
    result = run_query(loaded, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert render_csv(result) == "true\r\n"
    assert json.loads(render_json(result)) == {"head": {}, "boolean": True}
    assert render_table(result).row_count == 1


def test_render_turtle_is_deterministic_with_prefixes(loaded: MemoryStore) -> None:
    query = (
        "CONSTRUCT { ?e ?p ?o } WHERE { GRAPH ?g { ?e a "
        "<https://w3id.org/diplokg/ontology#Meeting> ; ?p ?o } }"
    )
    first = render_turtle(run_query(loaded, query))
    assert first.startswith("@prefix dip: <https://w3id.org/diplokg/ontology#> .\n")
    assert "dip:Meeting" in first
    assert all(render_turtle(run_query(loaded, query)) == first for _ in range(5))


def test_render_result_refuses_mismatched_format(loaded: MemoryStore) -> None:
    select = run_query(loaded, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
    graph = run_query(loaded, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    with pytest.raises(UsageError, match="turtle is for CONSTRUCT"):
        render_result(select, "turtle")
    with pytest.raises(UsageError, match="use --format turtle"):
        render_result(graph, "csv")
    assert isinstance(render_result(graph), str)
