from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplokg.cli import app

from .helpers import graphs_of, write_all_nq

runner = CliRunner()


def test_load_command_then_query_command(tmp_path: Path, articles_trig: Path) -> None:
    out = write_all_nq(graphs_of(articles_trig), tmp_path / "out")
    store = tmp_path / "kg-store"
    loaded = runner.invoke(app, ["load", str(out), "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 3 article graphs (183 triples)" in loaded.output
    queried = runner.invoke(
        app,
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--store",
            str(store),
            "--format",
            "csv",
        ],
    )
    assert queried.exit_code == 0, queried.output
    assert queried.output.replace("\r\n", "\n") == "n\n183\n"


@pytest.mark.server
def test_load_command_against_server(
    tmp_path: Path, articles_trig: Path, oxigraph_server: str
) -> None:
    out = write_all_nq(graphs_of(articles_trig), tmp_path / "out")
    loaded = runner.invoke(app, ["load", str(out), "--endpoint", oxigraph_server])
    assert loaded.exit_code == 0, loaded.output
    queried = runner.invoke(
        app,
        [
            "query",
            "ASK { GRAPH ?g { ?s ?p ?o } }",
            "--endpoint",
            oxigraph_server,
            "--format",
            "json",
        ],
    )
    assert queried.exit_code == 0, queried.output
    assert '"boolean": true' in queried.output


def test_load_command_server_down_exits_3(tmp_path: Path, articles_trig: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = write_all_nq(graphs_of(articles_trig), tmp_path / "out")
    result = runner.invoke(app, ["load", str(out), "--endpoint", f"http://127.0.0.1:{port}"])
    assert result.exit_code == 3
    assert "cannot reach the SPARQL server" in result.output


def test_query_command_missing_store_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "kg load" in result.output


def test_load_command_store_and_endpoint_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["load", str(tmp_path), "--store", "x", "--endpoint", "http://localhost:1"]
    )
    assert result.exit_code == 2
