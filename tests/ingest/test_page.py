"""HTML pages, from files and from URLs served by a real local HTTP server."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from diplokg.errors import ArticleError, NetworkError
from diplokg.ingest import read_article
from diplokg.ingest.fetch import MAX_REDIRECTS, USER_AGENT

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Kazakh leader receives UN envoy | Steppe Wire</title>
<link rel="canonical" href="https://steppe-wire.example.org/world/kazakh-leader-envoy">
<meta property="og:site_name" content="Steppe Wire">
<meta property="og:title" content="Kazakh leader receives UN envoy">
<meta property="article:published_time" content="2017-01-20T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Kazakh leader receives UN envoy</h1>
<p>ASTANA, January 20. /TASS/. The president of Kazakhstan received the United Nations \
envoy for Syria on Friday and the two discussed the agenda of the talks planned in the \
capital next week, the presidential press service said.</p>
<p>The envoy thanked Kazakhstan for offering to host the meeting and said the delegations \
of the government and the armed opposition had confirmed that they would attend.</p>
</article>
<footer>Contact us</footer>
</body></html>
"""


def test_read_article_html_file_uses_trafilatura_metadata(tmp_path: Path) -> None:
    path = tmp_path / "envoy.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.key == "https://steppe-wire.example.org/world/kazakh-leader-envoy"
    assert article.source_url == article.key
    assert article.stem == "envoy"
    assert article.headline == "Kazakh leader receives UN envoy"
    assert article.publisher == "Steppe Wire"
    assert article.published is not None and article.published.value == "2017-01-20"
    assert article.dateline == "Astana"
    assert article.text.startswith("Kazakh leader receives UN envoy")
    assert "Contact us" not in article.text
    assert article.text[article.body_start :].startswith("ASTANA, January 20.")


def test_read_article_html_without_date_has_no_published(tmp_path: Path) -> None:
    page = PAGE.replace(
        '<meta property="article:published_time" content="2017-01-20T09:30:00Z">', ""
    )
    path = tmp_path / "nodate.htm"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    assert article.published is None
    assert read_article(path, published=dt.date(2017, 1, 20)).published is not None


def test_read_article_html_declared_charset(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Steppe Wire</title>", "Steppe Wire \u00e9dition</title>"
    )
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("latin-1"))
    assert read_article(path).dateline == "Astana"


def test_read_article_url_fetches_html(httpserver: HTTPServer) -> None:
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("User-Agent", ""))
        return Response(PAGE, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/world/story").respond_with_handler(handler)
    article = read_article(httpserver.url_for("/world/story"))
    assert article.key == "https://steppe-wire.example.org/world/kazakh-leader-envoy"
    assert article.dateline == "Astana"
    assert article.stem.endswith("world-story")
    assert seen == [USER_AGENT]


def test_read_article_url_plain_text(httpserver: HTTPServer) -> None:
    body = (
        "MOSCOW (Reuters) - Russia and Turkey agreed on Tuesday to hold another round of "
        "talks on Syria next month, the Kremlin said.\n"
    )
    httpserver.expect_request("/flash.txt").respond_with_data(body, content_type="text/plain")
    url = httpserver.url_for("/flash.txt")
    article = read_article(url)
    assert article.key == url
    assert article.publisher == "Reuters"


def test_read_article_url_follows_a_few_redirects(httpserver: HTTPServer) -> None:
    for hop in range(3):
        httpserver.expect_request(f"/r{hop}").respond_with_data(
            "", status=302, headers={"Location": httpserver.url_for(f"/r{hop + 1}")}
        )
    httpserver.expect_request("/r3").respond_with_data(PAGE, content_type="text/html")
    assert read_article(httpserver.url_for("/r0")).dateline == "Astana"


def test_read_article_url_refuses_too_many_redirects(httpserver: HTTPServer) -> None:
    for hop in range(MAX_REDIRECTS + 2):
        httpserver.expect_request(f"/loop{hop}").respond_with_data(
            "", status=302, headers={"Location": httpserver.url_for(f"/loop{hop + 1}")}
        )
    with pytest.raises(NetworkError, match="redirects"):
        read_article(httpserver.url_for("/loop0"))


def test_read_article_url_refuses_other_content_types(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/doc.pdf").respond_with_data(
        b"%PDF-1.7", content_type="application/pdf"
    )
    with pytest.raises(ArticleError, match="application/pdf"):
        read_article(httpserver.url_for("/doc.pdf"))


def test_read_article_url_caps_size_while_streaming(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        # A generator body has no Content-Length, so only the streaming cap can stop it.
        chunks = (b"<p>" + b"talks " * 1000 + b"</p>" for _ in range(100))
        return Response(chunks, content_type="text/html")

    httpserver.expect_request("/huge").respond_with_handler(handler)
    with pytest.raises(ArticleError, match="too large"):
        read_article(httpserver.url_for("/huge"), max_bytes=50_000)


def test_read_article_url_missing_page_is_article_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(ArticleError, match="404"):
        read_article(httpserver.url_for("/gone"))


def test_read_article_url_server_error_is_network_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("oops", status=503)
    with pytest.raises(NetworkError, match="503"):
        read_article(httpserver.url_for("/down"))


def test_read_article_url_unreachable_is_network_error() -> None:
    # A port that was just free and is now closed: the connection is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError, match="cannot be reached") as info:
        read_article(f"http://127.0.0.1:{port}/story", timeout=2)
    assert info.value.exit_code == 3


def test_read_article_url_timeout_is_network_error(httpserver: HTTPServer) -> None:
    release = threading.Event()

    def handler(request: Request) -> Response:
        release.wait(5)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(handler)
    try:
        with pytest.raises(NetworkError, match="no answer"):
            read_article(httpserver.url_for("/slow"), timeout=0.2)
    finally:
        release.set()
