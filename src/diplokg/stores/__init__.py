"""SPARQL stores: an embedded on-disk default, any SPARQL 1.1 server, and memory.

Every store follows the :class:`GraphStore` protocol and holds one named graph per
article. :func:`load_output` loads a ``kg build`` output into a store (replacing each
article's graph, so reloading is idempotent); :func:`run_query` queries it and the
``render_*`` functions format the answer. Server presets and load methods are described
in :mod:`diplokg.stores.http`.
"""

from __future__ import annotations

from pathlib import Path

from diplokg.errors import UsageError
from diplokg.stores.base import ArticleGraph, GraphStore, PartialLoadError, QueryResult
from diplokg.stores.http import (
    SERVER_PRESETS,
    Endpoints,
    HttpStore,
    LoadMethod,
    StoreCredentials,
    credentials_from_settings,
    endpoints_for,
)
from diplokg.stores.loading import LoadResult, find_load_files, load_output, read_article_graphs
from diplokg.stores.oxigraph import DEFAULT_STORE_PATH, EmbeddedStore, MemoryStore
from diplokg.stores.query import (
    QUERY_FORMATS,
    QueryFormat,
    read_query,
    render_csv,
    render_json,
    render_result,
    render_table,
    render_turtle,
    run_query,
)

__all__ = [
    "DEFAULT_STORE_PATH",
    "QUERY_FORMATS",
    "SERVER_PRESETS",
    "ArticleGraph",
    "EmbeddedStore",
    "Endpoints",
    "GraphStore",
    "HttpStore",
    "LoadMethod",
    "LoadResult",
    "MemoryStore",
    "PartialLoadError",
    "QueryFormat",
    "QueryResult",
    "StoreCredentials",
    "credentials_from_settings",
    "endpoints_for",
    "find_load_files",
    "load_output",
    "open_store",
    "read_article_graphs",
    "read_query",
    "render_csv",
    "render_json",
    "render_result",
    "render_table",
    "render_turtle",
    "run_query",
]


def open_store(
    store: Path | None = None,
    endpoint: str | None = None,
    *,
    server: str = "oxigraph",
    query_url: str | None = None,
    update_url: str | None = None,
    gsp_url: str | None = None,
    credentials: StoreCredentials | None = None,
    method: str = "auto",
    timeout: float = 60.0,
    retries: int = 3,
    create: bool = True,
) -> GraphStore:
    """The store the options name: ``--endpoint`` (a server) or ``--store`` (a folder).

    Args:
        store: Embedded store folder; the default ``./kg-store`` when neither is given.
        endpoint: Base URL of a SPARQL 1.1 server (see the presets).
        server: Preset deriving the query, update and GSP URLs from ``endpoint``.
        query_url: Explicit query URL (overrides the preset).
        update_url: Explicit update URL.
        gsp_url: Explicit Graph Store Protocol URL.
        credentials: For the server; ``None`` leaves ``~/.netrc`` to apply.
        method: Load method for servers (``auto``, ``gsp``, ``update``, ``bulk``).
        timeout: Seconds per HTTP request.
        retries: Extra attempts on connection errors and 5xx answers.
        create: Create a missing embedded store (``kg load``) or refuse (``kg query``).

    Raises:
        UsageError: Both ``store`` and ``endpoint``, or bad server options.
    """
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if endpoint is None and (query_url or update_url or gsp_url):
        endpoint = query_url or update_url or gsp_url
    if endpoint is not None:
        endpoints = endpoints_for(
            endpoint, server, query_url=query_url, update_url=update_url, gsp_url=gsp_url
        )
        return HttpStore(
            endpoints, credentials=credentials, method=method, timeout=timeout, retries=retries
        )
    return EmbeddedStore(store if store is not None else DEFAULT_STORE_PATH, create=create)
