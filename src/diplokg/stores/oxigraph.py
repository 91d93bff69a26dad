"""Stores backed by pyoxigraph in this process: on disk (the default) and in memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, Store

from diplokg.errors import InputError, StoreError
from diplokg.stores.base import (
    ArticleGraph,
    PartialLoadError,
    QueryResult,
    batched,
    count_from,
    count_query,
    summarize_failures,
)

__all__ = ["DEFAULT_STORE_PATH", "EmbeddedStore", "MemoryStore", "result_from_oxigraph"]

DEFAULT_STORE_PATH = Path("kg-store")

# Quads written per batch. Below BULK_MIN a transactional ``extend`` is cheap enough;
# above it the bulk writer (sorted files, no transaction) is about 3x faster.
_BATCH_TRIPLES = 200_000
_BULK_MIN = 20_000


class _OxigraphStore:
    """Shared code of the embedded and in-memory stores."""

    def __init__(self, store: Store, name: str) -> None:
        self._store = store
        self._name = name

    def replace_graphs(self, graphs: Iterable[ArticleGraph]) -> None:
        """Replace each given named graph with its triples (remove it, then add)."""
        stream = iter(graphs)
        loaded = 0
        for batch in batched(stream, _BATCH_TRIPLES):
            try:
                self._write_batch(batch)
            except OSError as exc:
                failed = [g.describe() for g in batch] + [g.describe() for g in stream]
                raise PartialLoadError(
                    f"writing to {self._name} failed after {loaded} graphs ({exc}); "
                    f"{len(failed)} graphs did not load:\n{summarize_failures(failed)}\n"
                    "Free disk space or fix the store, then run the load again "
                    "(it replaces graphs, so rerunning is safe).",
                    failed=failed,
                    loaded=loaded,
                ) from exc
            loaded += len(batch)

    def _write_batch(self, batch: list[ArticleGraph]) -> None:
        for graph in batch:
            name = NamedNode(graph.iri)
            if self._store.contains_named_graph(name):
                self._store.remove_graph(name)
        quads: Iterator[Quad] = (quad for graph in batch for quad in graph.quads)
        if sum(g.triple_count for g in batch) >= _BULK_MIN:
            self._store.bulk_extend(quads)
        else:
            self._store.extend(quads)

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query against the store."""
        try:
            answer = self._store.query(sparql)
        except SyntaxError as exc:
            raise InputError(f"the SPARQL query does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"querying {self._name} failed: {exc}") from exc
        return result_from_oxigraph(answer)

    def count(self, graph: str | None = None) -> int:
        """Triples in the named graphs, or in one named graph."""
        return count_from(self.query(count_query(graph)))

    def close(self) -> None:
        """Flush pending writes; the files are released when the store is dropped."""
        try:
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"flushing {self._name} failed: {exc}") from exc


class EmbeddedStore(_OxigraphStore):
    """An on-disk pyoxigraph store (RocksDB), the default target of ``kg load``.

    Args:
        path: The store folder (created when ``create`` is true).
        create: Create the store if the folder does not exist; when false, a missing
            folder is an input error (querying a store that was never loaded).
    """

    def __init__(self, path: Path = DEFAULT_STORE_PATH, *, create: bool = True) -> None:
        if not create and not path.is_dir():
            raise InputError(
                f"no store at {path}; load one first with `kg load OUT --store {path}`"
            )
        try:
            store = Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {path}: {exc}. Another process (kg, "
                "oxigraph serve) may hold it open; stop it or use another --store."
            ) from exc
        super().__init__(store, f"the store at {path}")
        self.path = path


class MemoryStore(_OxigraphStore):
    """An in-memory pyoxigraph store, for tests and for callers that query once."""

    def __init__(self) -> None:
        super().__init__(Store(), "the in-memory store")


def result_from_oxigraph(answer: QuerySolutions | QueryBoolean | Iterable[object]) -> QueryResult:
    """Materialise a pyoxigraph query answer as a :class:`QueryResult`."""
    from pyoxigraph import Triple

    if isinstance(answer, QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if isinstance(answer, QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
        return QueryResult(kind="select", variables=variables, rows=rows)
    triples = tuple(t for t in answer if isinstance(t, Triple))
    return QueryResult(kind="graph", triples=triples)
