from __future__ import annotations

from pathlib import Path

import pytest

from diplokg.errors import InputError, RDFSyntaxError
from diplokg.stores import MemoryStore, find_load_files, load_output
from diplokg.stores.loading import check_rdf_file, read_article_graphs

from .helpers import GRAPH_1, GRAPH_2, graphs_of, write_all_nq, write_per_article


def test_find_load_files_prefers_all_nq(tmp_path: Path, articles_trig: Path) -> None:
    graphs = graphs_of(articles_trig)
    write_per_article(graphs, tmp_path)
    write_all_nq(graphs, tmp_path)
    assert find_load_files(tmp_path) == [tmp_path / "all.nq"]


def test_find_load_files_reads_per_article_trig(tmp_path: Path, articles_trig: Path) -> None:
    write_per_article(graphs_of(articles_trig), tmp_path)
    names = [p.relative_to(tmp_path).as_posix() for p in find_load_files(tmp_path)]
    assert names == [f"article-{n}/article-{n}.trig" for n in (1, 2, 3)]


def test_find_load_files_refuses_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run `kg build` first"):
        find_load_files(tmp_path)


def test_find_load_files_refuses_turtle(tmp_path: Path) -> None:
    turtle = tmp_path / "a.ttl"
    turtle.write_text("<http://a> <http://b> <http://c> .\n")
    with pytest.raises(InputError, match="named graph"):
        find_load_files(turtle)


def test_check_rdf_file_reports_syntax_error_position(tmp_path: Path) -> None:
    bad = tmp_path / "all.nq"
    bad.write_text(
        '<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> "x <http://g> .\n'
    )
    with pytest.raises(RDFSyntaxError, match=r"all\.nq: .*line 2.*nothing from this file"):
        check_rdf_file(bad)


def test_check_rdf_file_refuses_default_graph(tmp_path: Path) -> None:
    bad = tmp_path / "all.nq"
    bad.write_text("<http://a> <http://b> <http://c> .\n")
    with pytest.raises(InputError, match="outside any named graph"):
        check_rdf_file(bad)


def test_read_article_graphs_groups_non_contiguous_graphs(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.nq"
    mixed.write_text(
        "<http://a> <http://p> <http://x> <http://g1> .\n"
        "<http://a> <http://p> <http://x> <http://g2> .\n"
        "<http://b> <http://p> <http://y> <http://g1> .\n"
    )
    summary = check_rdf_file(mixed)
    assert not summary.contiguous
    graphs = list(read_article_graphs(summary))
    assert [(g.iri, g.triple_count) for g in graphs] == [("http://g1", 2), ("http://g2", 1)]


def test_read_article_graphs_labels_with_article_url(articles_trig: Path) -> None:
    graphs = {g.iri: g for g in read_article_graphs(check_rdf_file(articles_trig))}
    assert graphs[GRAPH_1].label == "https://news.example.org/2016/12/29/phone-call-syria"


def test_load_output_refuses_graph_in_two_files(tmp_path: Path, articles_trig: Path) -> None:
    graphs = graphs_of(articles_trig)
    write_all_nq({GRAPH_1: graphs[GRAPH_1]}, tmp_path / "a")
    write_all_nq({GRAPH_1: graphs[GRAPH_1], GRAPH_2: graphs[GRAPH_2]}, tmp_path / "b")
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "all.nq").rename(tmp_path / "c" / "one.nq")
    (tmp_path / "b" / "all.nq").rename(tmp_path / "c" / "two.nq")
    with pytest.raises(InputError, match="is in both"):
        load_output(tmp_path / "c", MemoryStore())


def test_load_output_syntax_error_sends_nothing(tmp_path: Path, articles_trig: Path) -> None:
    out = write_all_nq(graphs_of(articles_trig), tmp_path)
    with (out / "all.nq").open("a") as handle:
        handle.write("<http://a> <http://b> .\n")
    store = MemoryStore()
    with pytest.raises(RDFSyntaxError):
        load_output(out, store)
    assert store.count() == 0


def test_load_output_counts_graphs_and_triples(tmp_path: Path, articles_trig: Path) -> None:
    out = write_all_nq(graphs_of(articles_trig), tmp_path)
    store = MemoryStore()
    result = load_output(out, store)
    assert (result.graphs, result.triples) == (3, 183)
    assert store.count() == 183
