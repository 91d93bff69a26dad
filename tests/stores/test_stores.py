"""Load, reload, update one article and query: the same checks on every real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from diplokg.stores import (
    EmbeddedStore,
    GraphStore,
    HttpStore,
    MemoryStore,
    endpoints_for,
    load_output,
    run_query,
)

from .helpers import GRAPH_1, GRAPH_2, GRAPH_3, graphs_of, with_new_headline, write_all_nq

STORE_KINDS = [
    "embedded",
    "memory",
    *(
        pytest.param(kind, marks=pytest.mark.server)
        for kind in ("server-bulk", "server-update", "server-gsp")
    ),
]


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    kind: str = request.param
    graph_store: GraphStore
    if kind == "embedded":
        graph_store = EmbeddedStore(tmp_path / "kg-store")
    elif kind == "memory":
        graph_store = MemoryStore()
    else:
        base: str = request.getfixturevalue("oxigraph_server")
        # The server lives for the whole session: start each test from an empty store.
        requests.post(f"{base}/update", data={"update": "DROP ALL"}, timeout=10).raise_for_status()
        method = kind.removeprefix("server-")
        graph_store = HttpStore(endpoints_for(base, "oxigraph"), method=method, retries=0)
    yield graph_store
    graph_store.close()


def _counts(store: GraphStore) -> dict[str, int]:
    return {iri: store.count(iri) for iri in (GRAPH_1, GRAPH_2, GRAPH_3)}


def test_store_load_counts_every_triple(
    store: GraphStore, tmp_path: Path, articles_trig: Path
) -> None:
    result = load_output(write_all_nq(graphs_of(articles_trig), tmp_path / "out"), store)
    assert result.graphs == 3
    assert store.count() == result.triples == 183
    assert _counts(store) == {GRAPH_1: 74, GRAPH_2: 52, GRAPH_3: 57}


def test_store_reload_leaves_count_unchanged(
    store: GraphStore, tmp_path: Path, articles_trig: Path
) -> None:
    out = write_all_nq(graphs_of(articles_trig), tmp_path / "out")
    load_output(out, store)
    before = _counts(store)
    load_output(out, store)
    assert _counts(store) == before
    assert store.count() == 183


def test_store_update_one_article_changes_only_its_graph(
    store: GraphStore, tmp_path: Path, articles_trig: Path
) -> None:
    graphs = graphs_of(articles_trig)
    load_output(write_all_nq(graphs, tmp_path / "v1"), store)
    before = _counts(store)
    changed = with_new_headline(graphs, GRAPH_2)
    load_output(write_all_nq({GRAPH_2: changed[GRAPH_2]}, tmp_path / "v2"), store)
    after = _counts(store)
    assert after == {**before, GRAPH_2: before[GRAPH_2] + 1}
    answer = run_query(
        store,
        "SELECT ?g ?h WHERE { GRAPH ?g { ?a <http://schema.org/headline> ?h } } ORDER BY ?g",
    )
    headlines = {row[0].value: row[1].value for row in answer.rows}  # type: ignore[union-attr]
    assert headlines[GRAPH_2] == "Corrected headline"
    assert headlines[GRAPH_1] == "Putin and Erdogan discuss Syria talks by phone"


def test_store_query_select_ask_construct(
    store: GraphStore, tmp_path: Path, articles_trig: Path
) -> None:
    load_output(write_all_nq(graphs_of(articles_trig), tmp_path / "out"), store)
    select = run_query(
        store,
        "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
        "SELECT ?e WHERE { GRAPH ?g { ?e a dip:Talks } } ORDER BY ?e",
    )
    assert select.kind == "select"
    assert select.variables == ("e",)
    assert len(select.rows) == 2
    ask = run_query(store, "ASK { GRAPH ?g { ?s a <https://w3id.org/diplokg/ontology#Summit> } }")
    assert (ask.kind, ask.boolean) == ("ask", False)
    graph = run_query(
        store,
        "CONSTRUCT { ?e ?p ?o } WHERE { GRAPH ?g { ?e a "
        "<https://w3id.org/diplokg/ontology#PhoneCall> ; ?p ?o } }",
    )
    assert graph.kind == "graph"
    assert len(graph.triples) == 7
