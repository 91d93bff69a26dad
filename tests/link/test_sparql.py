"""The SPARQL client behind ``build_gazetteer.py --refresh``, against a local server."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from diplokg.errors import NetworkError
from diplokg.link.sparql import fetch_office_holders, query_sparql

ENTITY = "http://www.wikidata.org/entity/"
DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def _binding(country: str, office: str, person: str, name: str, start: str) -> dict[str, object]:
    return {
        "country": {"type": "uri", "value": ENTITY + country},
        "office": {"type": "literal", "value": office},
        "person": {"type": "uri", "value": ENTITY + person},
        "personLabel": {"type": "literal", "xml:lang": "en", "value": name},
        "start": {"type": "literal", "datatype": DATETIME, "value": start + "T00:00:00Z"},
    }


def test_fetch_office_holders_reads_sparql_json(httpserver: HTTPServer) -> None:
    results = {
        "head": {"vars": ["country", "office", "person", "personLabel", "start", "end"]},
        "results": {
            "bindings": [
                _binding("Q232", "head_of_state", "Q200881", "Kassym-Jomart Tokayev", "2019-03-20"),
                _binding("Q232", "head_of_state", "Q57394", "Nursultan Nazarbayev", "1991-12-16"),
            ]
        },
    }
    httpserver.expect_request("/sparql", method="POST").respond_with_json(results)
    rows = fetch_office_holders(httpserver.url_for("/sparql"))
    assert rows[0] == {
        "country": "Q232",
        "office": "head_of_state",
        "person": "Q57394",
        "name": "Nursultan Nazarbayev",
        "start": "1991-12-16",
        "end": "",
    }
    request = httpserver.log[0][0]
    assert "application/sparql-results+json" in request.headers["Accept"]
    assert "diplokg" in request.headers["User-Agent"]
    assert "P39" in request.form["query"]


def test_query_sparql_error_is_a_network_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/sparql").respond_with_data("down", status=503)
    with pytest.raises(NetworkError, match="could not answer"):
        query_sparql("SELECT * WHERE {}", httpserver.url_for("/sparql"))
