"""The online resolver against a local server speaking the Wikidata API format."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from diplokg.errors import NetworkError
from diplokg.link import Gazetteer, WikidataLinker, link_record
from diplokg.records import Actor, Record

# A fictional person with a made-up identifier: the tests never need a real one.
FAKE_QID = "Q999999001"
FAKE_NAME = "Rudolf Rassendyll"


def _search(name: str) -> dict[str, Any]:
    hits = []
    if name == FAKE_NAME:
        hits = [
            {
                "id": FAKE_QID,
                "label": FAKE_NAME,
                "description": "fictional diplomat",
                "match": {"type": "label", "language": "en", "text": FAKE_NAME},
            }
        ]
    return {"searchinfo": {"search": name}, "search": hits, "success": 1}


def _entity(qid: str) -> dict[str, Any]:
    return {
        "type": "item",
        "id": qid,
        "labels": {"en": {"language": "en", "value": FAKE_NAME}},
        "aliases": {"en": [{"language": "en", "value": "Rassendyll"}]},
        "claims": {
            "P31": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "property": "P31",
                        "datavalue": {
                            "value": {"entity-type": "item", "id": "Q5"},
                            "type": "wikibase-entityid",
                        },
                    },
                    "type": "statement",
                    "rank": "normal",
                }
            ]
        },
    }


def _api(request: Request) -> Response:
    action = request.args.get("action")
    if action == "wbsearchentities":
        return Response(_json(_search(request.args["search"])), content_type="application/json")
    if action == "wbgetentities":
        ids = request.args["ids"].split("|")
        return Response(
            _json({"entities": {q: _entity(q) for q in ids}, "success": 1}),
            content_type="application/json",
        )
    return Response("{}", status=400)


def _json(doc: dict[str, Any]) -> str:
    import json

    return json.dumps(doc)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _linker(gaz: Gazetteer, url: str, cache: Path | None, **kw: Any) -> WikidataLinker:
    kw.setdefault("sleep", lambda _s: None)
    return WikidataLinker(gaz, url, cache_dir=cache, **kw)


def _api_calls(server: HTTPServer) -> int:
    return sum(1 for request, _ in server.log if request.path == "/w/api.php")


def test_wikidata_lookup_links_an_exact_match(
    httpserver: HTTPServer, gaz: Gazetteer, tmp_path: Path
) -> None:
    httpserver.expect_request("/w/api.php").respond_with_handler(_api)
    linker = _linker(gaz, httpserver.url_for("/w/api.php"), tmp_path)
    matches = linker.lookup(FAKE_NAME, dt.date(2016, 1, 1), "Person")
    assert matches[0].qid == FAKE_QID and matches[0].score >= 0.85
    ua = httpserver.log[0][0].headers["User-Agent"]
    assert "diplokg" in ua


def test_wikidata_asks_nothing_when_the_gazetteer_is_sure(
    httpserver: HTTPServer, gaz: Gazetteer, tmp_path: Path
) -> None:
    httpserver.expect_request("/w/api.php").respond_with_handler(_api)
    linker = _linker(gaz, httpserver.url_for("/w/api.php"), tmp_path)
    assert linker.lookup("Kazakhstan", kind="State")[0].qid == "Q232"
    assert _api_calls(httpserver) == 0


def test_wikidata_cache_second_run_makes_no_request(
    httpserver: HTTPServer, gaz: Gazetteer, tmp_path: Path
) -> None:
    httpserver.expect_request("/w/api.php").respond_with_handler(_api)
    url = httpserver.url_for("/w/api.php")
    record = Record("a.txt", "a", actors=(Actor("a1", FAKE_NAME, "Person"),))
    first = link_record(record, _linker(gaz, url, tmp_path), on=dt.date(2016, 1, 1))
    calls = _api_calls(httpserver)
    assert calls == 2  # one search, one batch of entities
    second = link_record(record, _linker(gaz, url, tmp_path), on=dt.date(2016, 1, 1))
    assert _api_calls(httpserver) == calls
    assert first == second
    assert second.actors[0].qid == FAKE_QID


def test_wikidata_fetches_entities_in_batches_of_50(httpserver: HTTPServer, gaz: Gazetteer) -> None:
    many = [f"Q99990{i:03d}" for i in range(120)]

    def handler(request: Request) -> Response:
        if request.args.get("action") == "wbsearchentities":
            hits = [{"id": q, "label": q} for q in many]
            return Response(_json({"search": hits}), content_type="application/json")
        return _api(request)

    httpserver.expect_request("/w/api.php").respond_with_handler(handler)
    linker = _linker(gaz, httpserver.url_for("/w/api.php"), None)
    linker.prepare(["Somebody Unknown"])
    sizes = [
        len(r.args["ids"].split("|"))
        for r, _ in httpserver.log
        if r.args.get("action") == "wbgetentities"
    ]
    assert sizes == [50, 50, 20]


def test_wikidata_retries_honouring_retry_after(httpserver: HTTPServer, gaz: Gazetteer) -> None:
    state = {"calls": 0}

    def flaky(request: Request) -> Response:
        state["calls"] += 1
        if state["calls"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "3"})
        if state["calls"] == 2:
            return Response("oops", status=503)
        return _api(request)

    httpserver.expect_request("/w/api.php").respond_with_handler(flaky)
    waits: list[float] = []
    linker = _linker(
        gaz, httpserver.url_for("/w/api.php"), None, sleep=waits.append, backoff=0.5, max_wait=10
    )
    matches = linker.lookup(FAKE_NAME, kind="Person")
    assert matches[0].qid == FAKE_QID
    assert waits == [3.0, 1.0]  # Retry-After first, then exponential backoff


def test_wikidata_retry_wait_is_capped(httpserver: HTTPServer, gaz: Gazetteer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_data(
        "busy", status=429, headers={"Retry-After": "120"}
    )
    linker = WikidataLinker(
        gaz, httpserver.url_for("/w/api.php"), max_retries=2, backoff=0.001, max_wait=0.001
    )
    assert linker.lookup(FAKE_NAME, kind="Person") == []
    assert isinstance(linker.errors[0], NetworkError)
    assert _api_calls(httpserver) == 3


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_wikidata_unreachable_falls_back_to_the_offline_result(gaz: Gazetteer) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/w/api.php"
    linker = _linker(gaz, url, None, max_retries=1, backoff=0.001)
    record = Record(
        "a.txt",
        "a",
        actors=(Actor("a1", "Astana", "Place"), Actor("a2", FAKE_NAME, "Person")),
    )
    linked = link_record(record, linker, on=dt.date(2016, 1, 1))
    assert [a.qid for a in linked.actors] == ["Q1520", None]
    assert linker.errors and "could not be reached" in str(linker.errors[0])
    assert not linker.online
