"""What every store shares: the ``GraphStore`` protocol and the values it exchanges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from pyoxigraph import BlankNode, NamedNode, Quad, Triple
from pyoxigraph import Literal as RdfLiteral

from diplokg.errors import PartialLoadError, StoreError

__all__ = [
    "ArticleGraph",
    "GraphStore",
    "PartialLoadError",
    "QueryResult",
    "Term",
]

# A term a query can bind: what pyoxigraph parses from any store's answer.
Term = NamedNode | BlankNode | RdfLiteral | Triple


@dataclass(frozen=True)
class ArticleGraph:
    """One article's named graph, parsed and checked locally before any store sees it.

    Attributes:
        iri: The graph IRI (``<base>graph/<h>``).
        quads: Every quad of the graph, each with ``graph_name == NamedNode(iri)``.
        label: What names the article in messages: its URL, file stem or the graph IRI.
    """

    iri: str
    quads: tuple[Quad, ...]
    label: str = ""

    @property
    def triple_count(self) -> int:
        """Number of triples in the graph."""
        return len(self.quads)

    def describe(self) -> str:
        """``<iri>`` plus the article label when it says more than the IRI."""
        if self.label and self.label != self.iri:
            return f"<{self.iri}> ({self.label})"
        return f"<{self.iri}>"


@dataclass(frozen=True)
class QueryResult:
    """A SPARQL result, materialised: solutions, a boolean, or triples.

    Exactly one of the three shapes is filled; ``kind`` says which.
    """

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = ()


@runtime_checkable
class GraphStore(Protocol):
    """A SPARQL store that holds one named graph per article.

    ``replace_graphs`` gives each graph replace semantics: after it returns, each given
    graph holds exactly the given triples, and graphs not given are untouched, so
    reloading a build is idempotent and an updated article replaces only its own graph.
    """

    def replace_graphs(self, graphs: Iterable[ArticleGraph]) -> None:
        """Replace each given named graph with its triples.

        Raises:
            StoreError: The store cannot be reached or refused the data.
            PartialLoadError: Some graphs did not load; the error names them.
        """
        ...

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Triples in the named graphs, or in one named graph when ``graph`` is given."""
        ...

    def close(self) -> None:
        """Release the store (files, connections)."""
        ...


def count_query(graph: str | None) -> str:
    """The SPARQL that counts triples in all named graphs or in one of them."""
    target = f"<{graph}>" if graph is not None else "?g"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {target} {{ ?s ?p ?o }} }}"


def count_from(result: QueryResult) -> int:
    """Read the single integer of a :func:`count_query` answer."""
    value = result.rows[0][0] if result.rows else None
    if not isinstance(value, RdfLiteral):
        raise StoreError(f"the store answered a COUNT query with {value!r}, not a number")
    return int(value.value)


def summarize_failures(failed: Sequence[str], limit: int = 10) -> str:
    """A readable list of failed graphs, cut after ``limit`` entries."""
    shown = "\n  ".join(failed[:limit])
    more = f"\n  ... and {len(failed) - limit} more" if len(failed) > limit else ""
    return f"  {shown}{more}"


@dataclass
class _Batch:
    """Graphs gathered for one request or one write, with their triple total."""

    graphs: list[ArticleGraph] = field(default_factory=list)
    triples: int = 0

    def add(self, graph: ArticleGraph) -> None:
        self.graphs.append(graph)
        self.triples += graph.triple_count


def batched(graphs: Iterable[ArticleGraph], max_triples: int) -> Iterable[list[ArticleGraph]]:
    """Group graphs into batches of about ``max_triples`` (a big graph goes alone)."""
    batch = _Batch()
    for graph in graphs:
        if batch.graphs and batch.triples + graph.triple_count > max_triples:
            yield batch.graphs
            batch = _Batch()
        batch.add(graph)
    if batch.graphs:
        yield batch.graphs
