"""Failures of a SPARQL server: down, refusing some graphs, flaky, or without update.

A real ``oxigraph serve`` cannot be made to refuse one graph or to fail on purpose, so
these tests use pytest-httpserver to play a misbehaving server.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from diplokg.errors import StoreError, UsageError
from diplokg.settings import Settings
from diplokg.stores import (
    HttpStore,
    PartialLoadError,
    credentials_from_settings,
    endpoints_for,
    load_output,
)

from .helpers import GRAPH_2, graphs_of, write_all_nq


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_http_store_server_down_is_clear_store_error(tmp_path: Path, articles_trig: Path) -> None:
    store = HttpStore(
        endpoints_for(f"http://127.0.0.1:{_closed_port()}", "oxigraph"), retries=1, backoff=0
    )
    out = write_all_nq(graphs_of(articles_trig), tmp_path)
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL server.*Nothing was loaded"):
        load_output(out, store)
    with pytest.raises(StoreError, match="cannot reach"):
        store.count()


def test_http_store_partial_load_names_failed_graphs(
    httpserver: HTTPServer, tmp_path: Path, articles_trig: Path
) -> None:
    def put(request: Request) -> Response:
        if request.args.get("graph") == GRAPH_2:
            return Response("quota exceeded for this graph", status=403)
        return Response(status=204)

    httpserver.expect_request("/store", method="PUT").respond_with_handler(put)
    store = HttpStore(endpoints_for(httpserver.url_for("/"), "oxigraph"), method="gsp")
    out = write_all_nq(graphs_of(articles_trig), tmp_path)
    with pytest.raises(PartialLoadError) as caught:
        load_output(out, store)
    assert caught.value.exit_code == 3
    assert caught.value.loaded == 2
    assert len(caught.value.failed) == 1
    assert GRAPH_2 in caught.value.failed[0]
    assert "nazarbayev-moscow" in str(caught.value)
    assert "HTTP 403" in str(caught.value)


def test_http_store_retries_5xx(
    httpserver: HTTPServer, tmp_path: Path, articles_trig: Path
) -> None:
    answers = iter([503, 502] + [204] * 10)
    httpserver.expect_request("/store", method="PUT").respond_with_handler(
        lambda _request: Response(status=next(answers))
    )
    store = HttpStore(
        endpoints_for(httpserver.url_for("/"), "oxigraph"), method="gsp", retries=2, backoff=0
    )
    result = load_output(write_all_nq(graphs_of(articles_trig), tmp_path), store)
    assert result.graphs == 3
    assert len(httpserver.log) == 5


def test_http_store_auto_falls_back_to_gsp(
    httpserver: HTTPServer, tmp_path: Path, articles_trig: Path
) -> None:
    httpserver.expect_request("/update", method="POST").respond_with_data("no", status=404)
    httpserver.expect_request("/store", method="PUT").respond_with_data("", status=201)
    store = HttpStore(endpoints_for(httpserver.url_for("/"), "oxigraph"))
    assert store.method == "bulk"
    load_output(write_all_nq(graphs_of(articles_trig), tmp_path), store)
    assert store.method == "gsp"
    assert store.fallback_reason is not None and "HTTP 404" in store.fallback_reason
    assert httpserver.log[0][0].method == "POST"
    assert sum(1 for r, _ in httpserver.log if r.method == "PUT") == 3


def test_http_store_sends_credentials_but_never_shows_them(
    httpserver: HTTPServer, tmp_path: Path, articles_trig: Path
) -> None:
    httpserver.expect_request("/store", method="PUT").respond_with_data("denied", status=401)
    settings = Settings(store_user="loader", store_password="s3cret-pw")
    credentials = credentials_from_settings(settings)
    assert "s3cret-pw" not in repr(credentials)
    store = HttpStore(
        endpoints_for(httpserver.url_for("/"), "oxigraph"), method="gsp", credentials=credentials
    )
    with pytest.raises(PartialLoadError) as caught:
        load_output(write_all_nq(graphs_of(articles_trig), tmp_path), store)
    request, _ = httpserver.log[0]
    assert request.authorization is not None
    assert request.authorization.username == "loader"
    assert "s3cret-pw" not in str(caught.value)


def test_endpoints_for_presets() -> None:
    fuseki = endpoints_for("http://localhost:3030/kg/", "fuseki")
    assert (fuseki.query, fuseki.update, fuseki.gsp) == (
        "http://localhost:3030/kg/sparql",
        "http://localhost:3030/kg/update",
        "http://localhost:3030/kg/data",
    )
    graphdb = endpoints_for("http://localhost:7200/repositories/kg", "graphdb")
    assert graphdb.update == "http://localhost:7200/repositories/kg/statements"
    virtuoso = endpoints_for("http://localhost:8890", "virtuoso", gsp_url="http://h/crud")
    assert (virtuoso.gsp, virtuoso.auth_scheme) == ("http://h/crud", "digest")


def test_endpoints_for_refuses_unknown_preset_and_redacts_url() -> None:
    with pytest.raises(UsageError, match="choose one of"):
        endpoints_for("http://localhost:1", "blazegraph")
    with pytest.raises(UsageError) as caught:
        endpoints_for("ftp://user:pw@host/x", "oxigraph")
    assert "pw" not in str(caught.value)
