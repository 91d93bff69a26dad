"""Queries to Wikidata's SPARQL endpoint, used to refresh the gazetteer when online.

``scripts/build_gazetteer.py --refresh`` calls :func:`fetch_office_holders`; the rows it
returns have the columns of the every-politician ``holders21.csv`` files plus the country,
so the builder treats refreshed rows like the bundled ones. Tests point ``endpoint`` at a
local server speaking the SPARQL 1.1 JSON results format.
"""

from __future__ import annotations

from typing import Any

import requests

from diplokg.errors import NetworkError
from diplokg.settings import USER_AGENT

__all__ = [
    "DEFAULT_ENDPOINT",
    "OFFICE_HOLDERS_QUERY",
    "fetch_office_holders",
    "query_sparql",
]

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"

# Heads of state and government and foreign ministers of every sovereign state since 2000:
# P1906 (office held by head of state), P1313 (office held by head of government), and
# the foreign-minister offices (instance of Q7330070, minister of foreign affairs) with
# P1001 (applies to jurisdiction). P39 statements give the terms with P580/P582.
OFFICE_HOLDERS_QUERY = """
SELECT ?country ?office ?position ?person ?personLabel ?start ?end WHERE {
  ?country wdt:P31 wd:Q3624078 .
  {
    ?country wdt:P1906 ?position . BIND("head_of_state" AS ?office)
  } UNION {
    ?country wdt:P1313 ?position . BIND("head_of_government" AS ?office)
  } UNION {
    ?position wdt:P31/wdt:P279* wd:Q7330070 ; wdt:P1001 ?country .
    BIND("foreign_minister" AS ?office)
  }
  ?person p:P39 ?statement .
  ?statement ps:P39 ?position .
  OPTIONAL { ?statement pq:P580 ?start . }
  OPTIONAL { ?statement pq:P582 ?end . }
  FILTER(!BOUND(?end) || ?end >= "2000-01-01"^^xsd:dateTime)
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en" . }
}
"""

_ENTITY = "http://www.wikidata.org/entity/"


def query_sparql(
    query: str,
    endpoint: str = DEFAULT_ENDPOINT,
    *,
    session: requests.Session | None = None,
    timeout: float = 120.0,
) -> list[dict[str, str]]:
    """Run a SELECT query; one dict per result row, variable -> plain value.

    Entity IRIs become bare QIDs and ``xsd:dateTime`` values their ``YYYY-MM-DD`` part.

    Raises:
        NetworkError: the endpoint cannot be reached or answers with an error.
    """
    http = session or requests.Session()
    http.headers.setdefault("User-Agent", USER_AGENT)
    try:
        response = http.post(
            endpoint,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json", "User-Agent": USER_AGENT},
            timeout=timeout,
        )
        response.raise_for_status()
        payload: dict[str, Any] = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise NetworkError(
            f"the SPARQL endpoint {endpoint} could not answer ({exc}); "
            "check the network or build from the bundled files without --refresh"
        ) from exc
    rows: list[dict[str, str]] = []
    for binding in payload.get("results", {}).get("bindings", []):
        row: dict[str, str] = {}
        for name, cell in binding.items():
            value = str(cell.get("value", ""))
            if cell.get("type") == "uri" and value.startswith(_ENTITY):
                value = value[len(_ENTITY) :]
            elif str(cell.get("datatype", "")).endswith("#dateTime"):
                value = value[:10]
            row[name] = value
        rows.append(row)
    return rows


def fetch_office_holders(
    endpoint: str = DEFAULT_ENDPOINT, *, session: requests.Session | None = None
) -> list[dict[str, str]]:
    """Office holders since 2000, as rows ``country, office, person, name, start, end``."""
    rows = query_sparql(OFFICE_HOLDERS_QUERY, endpoint, session=session)
    holders = [
        {
            "country": row.get("country", ""),
            "office": row.get("office", ""),
            "person": row.get("person", ""),
            "name": row.get("personLabel", ""),
            "start": row.get("start", ""),
            "end": row.get("end", ""),
        }
        for row in rows
        if row.get("person", "").startswith("Q") and row.get("country", "").startswith("Q")
    ]
    holders.sort(key=lambda r: (r["country"], r["office"], r["start"], r["person"]))
    return holders
