"""Any SPARQL 1.1 server over HTTP: Graph Store Protocol, SPARQL Update and Query.

``--endpoint`` is the base URL of the server, dataset or repository; ``--server`` picks a
preset that derives the query, update and Graph Store (GSP) URLs from it. Any URL can be
overridden (``--query-url``, ``--update-url``, ``--gsp-url``).

=========  ==========================================  ========================================
preset     ``--endpoint`` example                       derived URLs (``{e}`` = the endpoint)
=========  ==========================================  ========================================
oxigraph   ``http://localhost:7878``                    query ``{e}/query``, update
                                                        ``{e}/update``, GSP ``{e}/store``; bulk
                                                        ``{e}/store?no_transaction``
fuseki     ``http://localhost:3030/diplokg``            query ``{e}/sparql``, update
                                                        ``{e}/update``, GSP ``{e}/data``
graphdb    ``http://localhost:7200/repositories/kg``    query ``{e}``, update ``{e}/statements``,
                                                        GSP ``{e}/rdf-graphs/service``
rdf4j      ``http://localhost:8080/rdf4j-server/``      as graphdb
           ``repositories/kg``
virtuoso   ``http://localhost:8890``                    query ``{e}/sparql``, update
                                                        ``{e}/sparql-auth``, GSP
                                                        ``{e}/sparql-graph-crud-auth`` (digest)
generic    the query URL itself                         update = the same URL, no GSP unless
                                                        ``--gsp-url``
=========  ==========================================  ========================================

Load methods, each replacing one named graph per article so a reload is idempotent:

- ``gsp``: one ``PUT {gsp}?graph=<g>`` per article (atomic per article on every server).
- ``update``: ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {...} }`` for several
  articles per request (atomic per request).
- ``bulk``: ``DROP SILENT GRAPH`` for a batch, then one N-Quads ``POST`` of the batch to
  the dataset URL (Oxigraph's bulk loader; about 4x faster than ``gsp`` there). Not
  atomic: if the POST fails, the batch's articles are reported as not loaded and a rerun
  restores them.
- ``auto`` (default): the preset's method; when the server answers 404, 405, 415 or 501
  to it, the load falls back to ``gsp`` for the rest of the run.

Credentials come from ``DIPLOKG_STORE_USER`` / ``DIPLOKG_STORE_PASSWORD`` (through
:class:`~diplokg.settings.Settings` and :func:`credentials_from_settings`) or else from
``~/.netrc``; they are never
put in a message. Requests time out; connection errors and 5xx answers are retried with
exponential backoff.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, cast, get_args
from urllib.parse import quote

import requests
from pyoxigraph import (
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from diplokg.errors import InputError, StoreError, UsageError
from diplokg.settings import USER_AGENT, Settings
from diplokg.stores.base import (
    ArticleGraph,
    PartialLoadError,
    QueryResult,
    batched,
    count_from,
    count_query,
    summarize_failures,
)
from diplokg.stores.oxigraph import result_from_oxigraph

__all__ = [
    "SERVER_PRESETS",
    "Endpoints",
    "HttpStore",
    "LoadMethod",
    "StoreCredentials",
    "credentials_from_settings",
    "endpoints_for",
]

LoadMethod = Literal["auto", "gsp", "update", "bulk"]
LOAD_METHODS: tuple[str, ...] = get_args(LoadMethod)

# Statuses that mean "this server does not do that", not "this data is wrong".
_UNSUPPORTED = frozenset({404, 405, 415, 501})
# Triples per request: Oxigraph's update transactions grow slower than linearly with
# size, while its bulk loader likes big batches.
_UPDATE_TRIPLES = 5_000
_BULK_TRIPLES = 50_000


@dataclass(frozen=True)
class Endpoints:
    """The URLs and habits of one server.

    Attributes:
        query: SPARQL 1.1 Query endpoint.
        update: SPARQL 1.1 Update endpoint, if the server has one.
        gsp: Graph Store Protocol endpoint (``?graph=`` is appended), if any.
        dataset: URL that accepts a POST of N-Quads and adds them, if any.
        method: The load method ``auto`` resolves to.
        graph_media_type: Media type of GSP bodies (N-Triples is also valid Turtle).
        auth_scheme: ``basic`` or ``digest`` (Virtuoso's ``-auth`` endpoints).
    """

    query: str
    update: str | None = None
    gsp: str | None = None
    dataset: str | None = None
    method: LoadMethod = "gsp"
    graph_media_type: str = "application/n-triples"
    auth_scheme: Literal["basic", "digest"] = "basic"


# Templates use ``{e}``, the --endpoint base URL without a trailing slash.
SERVER_PRESETS: dict[str, Endpoints] = {
    "oxigraph": Endpoints(
        query="{e}/query",
        update="{e}/update",
        gsp="{e}/store",
        dataset="{e}/store?no_transaction",
        method="bulk",
    ),
    "fuseki": Endpoints(query="{e}/sparql", update="{e}/update", gsp="{e}/data", method="update"),
    "graphdb": Endpoints(
        query="{e}", update="{e}/statements", gsp="{e}/rdf-graphs/service", method="update"
    ),
    "rdf4j": Endpoints(
        query="{e}", update="{e}/statements", gsp="{e}/rdf-graphs/service", method="update"
    ),
    "virtuoso": Endpoints(
        query="{e}/sparql",
        update="{e}/sparql-auth",
        gsp="{e}/sparql-graph-crud-auth",
        method="gsp",
        graph_media_type="text/turtle",
        auth_scheme="digest",
    ),
    "generic": Endpoints(query="{e}", update="{e}", method="update"),
}


def endpoints_for(
    endpoint: str,
    server: str = "oxigraph",
    *,
    query_url: str | None = None,
    update_url: str | None = None,
    gsp_url: str | None = None,
) -> Endpoints:
    """Derive a server's URLs from ``endpoint`` and a preset; explicit URLs win.

    Raises:
        UsageError: Unknown preset or a URL that is not http(s).
    """
    preset = SERVER_PRESETS.get(server)
    if preset is None:
        known = ", ".join(sorted(SERVER_PRESETS))
        raise UsageError(f"unknown --server {server!r}; choose one of {known}")
    base = endpoint.rstrip("/")
    if not re.match(r"^https?://", base):
        raise UsageError(f"--endpoint must be an http(s) URL, not {_redact(endpoint)!r}")

    def fill(template: str | None) -> str | None:
        return template.replace("{e}", base) if template is not None else None

    query = query_url or fill(preset.query)
    assert query is not None  # every preset has a query template
    return replace(
        preset,
        query=query,
        update=update_url or fill(preset.update),
        gsp=gsp_url or fill(preset.gsp),
        dataset=fill(preset.dataset),
    )


@dataclass(frozen=True)
class StoreCredentials:
    """A user name and password for the store; the password never shows in ``repr``."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"StoreCredentials(user={self.user!r}, password='***')"


def credentials_from_settings(settings: Settings) -> StoreCredentials | None:
    """The store credentials of ``settings`` (from ``DIPLOKG_STORE_USER`` / ``_PASSWORD``).

    Returns ``None`` when no user is set, so that ``~/.netrc`` applies (requests reads it
    for any host without explicit credentials).
    """
    if not settings.store_user:
        return None
    return StoreCredentials(user=settings.store_user, password=settings.store_password or "")


class _Unreachable(Exception):
    """The server did not answer, after retries."""


def _short_reason(exc: Exception) -> str:
    """``Connection refused`` rather than urllib3's nested repr."""
    errno = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(exc))
    if errno:
        return errno.group(1).strip()
    if isinstance(exc, requests.Timeout):
        return "timed out"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _redact(text: str, secret: str | None = None) -> str:
    """Drop ``user:password@`` from URLs and any occurrence of the secret."""
    text = re.sub(r"//[^/@\s]+@", "//***@", text)
    if secret:
        text = text.replace(secret, "***")
    return text


class HttpStore:
    """A SPARQL 1.1 server reached over HTTP.

    Args:
        endpoints: The server's URLs (see :func:`endpoints_for`).
        credentials: User and password; ``None`` leaves ``~/.netrc`` to requests.
        method: The load method (module docstring); ``auto`` uses the preset's.
        timeout: Seconds to wait for a connection and for each answer.
        retries: Extra attempts after a connection error or a 5xx answer.
        backoff: First wait between attempts in seconds; doubles each time.
        user_agent: Sent with every request.
    """

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        credentials: StoreCredentials | None = None,
        method: str = "auto",
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        user_agent: str = USER_AGENT,
    ) -> None:
        if method not in LOAD_METHODS:
            raise UsageError(f"unknown load method {method!r}; choose one of {LOAD_METHODS}")
        self.endpoints = endpoints
        self._auto = method == "auto"
        self.method: LoadMethod = endpoints.method if method == "auto" else cast(LoadMethod, method)
        self._check_method(self.method)
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._secret = credentials.password if credentials else None
        self._session = requests.Session()
        self._session.headers["User-Agent"] = user_agent
        if credentials is not None:
            auth_class = (
                requests.auth.HTTPDigestAuth
                if endpoints.auth_scheme == "digest"
                else requests.auth.HTTPBasicAuth
            )
            self._session.auth = auth_class(credentials.user, credentials.password)
        #: Why ``auto`` fell back to GSP during the last load, if it did.
        self.fallback_reason: str | None = None

    def _check_method(self, method: LoadMethod) -> None:
        needs = {
            "gsp": {"GSP": self.endpoints.gsp},
            "update": {"update": self.endpoints.update},
            "bulk": {"update": self.endpoints.update, "dataset": self.endpoints.dataset},
        }[method]
        missing = [name for name, url in needs.items() if url is None]
        if missing:
            raise UsageError(
                f"load method {method!r} needs a {' and '.join(missing)} URL for this server; "
                "give --gsp-url / --update-url or choose another --method"
            )

    # ---- HTTP -------------------------------------------------------------------------

    def _send(
        self, verb: str, url: str, *, body: bytes | dict[str, str], headers: dict[str, str]
    ) -> requests.Response:
        """One request, retried on connection errors and 5xx answers."""
        attempt = 0
        while True:
            try:
                response = self._session.request(
                    verb, url, data=body, headers=headers, timeout=self._timeout
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt >= self._retries:
                    reason = _redact(_short_reason(exc), self._secret)
                    raise _Unreachable(f"{_redact(url)} did not answer ({reason})") from exc
            else:
                if response.status_code < 500 or attempt >= self._retries:
                    return response
            time.sleep(self._backoff * 2**attempt)
            attempt += 1

    def _refusal(self, response: requests.Response) -> str:
        text = _redact(response.text.strip().replace("\n", " ")[:300], self._secret)
        return f"HTTP {response.status_code} from {_redact(response.url)}: {text}"

    # ---- loading ------------------------------------------------------------------------

    def replace_graphs(self, graphs: Iterable[ArticleGraph]) -> None:
        """Replace each given named graph on the server (see the module docstring)."""
        self.fallback_reason = None
        stream = iter(graphs)
        done: list[ArticleGraph] = []
        failed: list[str] = []
        for batch in batched(stream, _BULK_TRIPLES):
            try:
                self._load_batch(batch, done, failed)
            except _Unreachable as exc:
                loaded_iris = {g.iri for g in done}
                rest = [g.describe() for g in batch if g.iri not in loaded_iris]
                rest += [g.describe() for g in stream]
                if not done:
                    raise StoreError(
                        f"cannot reach the SPARQL server: {exc}. Nothing was loaded; start "
                        "the server or check --endpoint and --server."
                    ) from exc
                failed += rest
                raise PartialLoadError(
                    f"the SPARQL server stopped answering after {len(done)} graphs: {exc}. "
                    f"{len(failed)} graphs did not load:\n{summarize_failures(failed)}\n"
                    "Rerun the load when the server is back (it replaces graphs, so "
                    "rerunning is safe).",
                    failed=failed,
                    loaded=len(done),
                ) from exc
        if failed:
            raise PartialLoadError(
                f"{len(failed)} graphs did not load ({len(done)} did):\n"
                f"{summarize_failures(failed)}\nFix the data or the server and rerun the "
                "load (it replaces graphs, so rerunning is safe).",
                failed=failed,
                loaded=len(done),
            )

    def _load_batch(
        self, batch: list[ArticleGraph], done: list[ArticleGraph], failed: list[str]
    ) -> None:
        if self.method == "bulk":
            response = self._bulk(batch)
            if self._accepted(response, "bulk"):
                done += batch
                return
        elif self.method == "update":
            for part in batched(batch, _UPDATE_TRIPLES):
                response = self._send(
                    "POST",
                    self._url("update"),
                    body=_update_text(part),
                    headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                )
                if self._accepted(response, "update"):
                    done += part
                else:
                    self._one_by_one(part, done, failed)
            return
        self._one_by_one(batch, done, failed)

    def _accepted(self, response: requests.Response, method: str) -> bool:
        """True on 2xx; on "not supported" under ``auto``, switch to GSP for the run."""
        if response.ok:
            return True
        if self._auto and response.status_code in _UNSUPPORTED and self.endpoints.gsp:
            self.fallback_reason = f"{method} refused ({self._refusal(response)})"
            self.method = "gsp"
        return False

    def _one_by_one(
        self, graphs: list[ArticleGraph], done: list[ArticleGraph], failed: list[str]
    ) -> None:
        """Load graphs one per request, to load what can be and name what cannot."""
        for graph in graphs:
            if self.endpoints.gsp is not None:
                response = self._send(
                    "PUT",
                    _with_graph(self.endpoints.gsp, graph.iri),
                    body=serialize(
                        [quad.triple for quad in graph.quads], format=RdfFormat.N_TRIPLES
                    )
                    or b"",
                    headers={"Content-Type": f"{self.endpoints.graph_media_type}; charset=utf-8"},
                )
            else:
                response = self._send(
                    "POST",
                    self._url("update"),
                    body=_update_text([graph]),
                    headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                )
            if response.ok:
                done.append(graph)
            else:
                failed.append(f"{graph.describe()}: {self._refusal(response)}")

    def _bulk(self, batch: list[ArticleGraph]) -> requests.Response:
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g.iri}>" for g in batch)
        response = self._send(
            "POST",
            self._url("update"),
            body=drops.encode(),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        if not response.ok:
            return response
        quads = [quad for graph in batch for quad in graph.quads]
        return self._send(
            "POST",
            self._url("dataset"),
            body=serialize(quads, format=RdfFormat.N_QUADS) or b"",
            headers={"Content-Type": "application/n-quads; charset=utf-8"},
        )

    def _url(self, kind: Literal["update", "dataset"]) -> str:
        url = self.endpoints.update if kind == "update" else self.endpoints.dataset
        if url is None:  # _check_method rules this out for the chosen method
            raise UsageError(f"this server has no {kind} URL")
        return url

    # ---- querying -----------------------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        """Run a query through the SPARQL 1.1 Protocol (POST, form-encoded)."""
        try:
            response = self._send(
                "POST",
                self.endpoints.query,
                body={"query": sparql},
                headers={
                    "Accept": "application/sparql-results+json, application/n-triples;q=0.9, "
                    "text/turtle;q=0.8, application/sparql-results+xml;q=0.5"
                },
            )
        except _Unreachable as exc:
            raise StoreError(
                f"cannot reach the SPARQL server: {exc}. Start the server or check "
                "--endpoint and --server."
            ) from exc
        if response.status_code == 400:
            raise InputError(f"the server refused the query: {self._refusal(response)}")
        if not response.ok:
            raise StoreError(f"the query failed: {self._refusal(response)}")
        return _parse_answer(response)

    def count(self, graph: str | None = None) -> int:
        """Triples in the named graphs, or in one named graph."""
        return count_from(self.query(count_query(graph)))

    def close(self) -> None:
        """Close the HTTP session."""
        self._session.close()


def _parse_answer(response: requests.Response) -> QueryResult:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    results_format = QueryResultsFormat.from_media_type(media_type)
    try:
        if results_format is not None:
            return result_from_oxigraph(
                parse_query_results(response.content, format=results_format)
            )
        rdf_format = RdfFormat.from_media_type(media_type)
        if rdf_format is not None:
            triples = tuple(quad.triple for quad in parse(response.content, format=rdf_format))
            return QueryResult(kind="graph", triples=triples)
    except SyntaxError as exc:
        raise StoreError(f"the server sent an unreadable {media_type} answer: {exc}") from exc
    raise StoreError(f"the server answered the query with unsupported type {media_type!r}")


def _with_graph(url: str, graph_iri: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}graph={quote(graph_iri, safe='')}"


def _update_text(graphs: list[ArticleGraph]) -> bytes:
    """``DROP SILENT GRAPH`` + ``INSERT DATA`` for each graph, one request.

    N-Triples lines are valid triples in SPARQL's INSERT DATA, escapes included.
    """
    parts = []
    for graph in graphs:
        body = serialize([quad.triple for quad in graph.quads], format=RdfFormat.N_TRIPLES)
        parts.append(
            f"DROP SILENT GRAPH <{graph.iri}> ;\n"
            f"INSERT DATA {{ GRAPH <{graph.iri}> {{\n{(body or b'').decode()}}} }}"
        )
    return " ;\n".join(parts).encode()
