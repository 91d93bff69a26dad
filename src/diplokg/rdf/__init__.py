"""Mapping records to RDF: one named graph per article, deterministic IRIs."""

from __future__ import annotations

from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from diplokg.namespaces import DEFAULT_BASE, PREFIXES
from diplokg.rdf.iris import IriMinter, article_hash, slugify
from diplokg.rdf.mappers import (
    map_actor,
    map_article,
    map_declaration,
    map_event,
    map_series,
)
from diplokg.records import Record

__all__ = [
    "IriMinter",
    "article_hash",
    "bind_prefixes",
    "map_record",
    "map_record_graph",
    "slugify",
]


def bind_prefixes(graph: Graph) -> None:
    """Bind the contract's prefixes (``schema:`` to the http form, as Wikidata uses)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def map_record_graph(record: Record, base: str = DEFAULT_BASE) -> tuple[URIRef, Graph]:
    """Map a record to its triples; returns the named graph's IRI and the graph.

    Evidence ``exact`` text must be filled (``recordfile.read_record`` does this from the
    article); ``record.text_length`` must be known.
    """
    iris = IriMinter(base, record.key)
    # The mappers collect into a list and the store is filled in one loop: Graph.add
    # re-checks every term, which the mappers' own terms never need.
    triples: list[tuple[Node, Node, Node]] = []
    sink = _ListSink(triples)
    actors = {a.id: iris.actor(a.kind, a.label, a.qid) for a in record.actors}
    map_article(sink, iris, record, actors)
    for actor in record.actors:
        map_actor(sink, iris, actor, actors)
    for series in record.series:
        map_series(sink, iris, series)
    for event in record.events:
        map_event(sink, iris, event, actors)
    for declaration in record.declarations:
        map_declaration(sink, iris, declaration, actors)
    # SimpleMemory: a context-free store, about a third faster to fill than the default.
    graph = _ArticleGraph(store="SimpleMemory")
    add = graph.store.add
    for triple in triples:
        add(triple, graph)
    return iris.graph(), graph


class _ArticleGraph(Graph):
    """An article's graph, binding the contract's prefixes when they are first needed.

    Binding makes rdflib set up a namespace manager with its ~30 default prefixes, a
    sizeable part of mapping, yet a build never reads a data graph's prefixes (validation
    and export bring their own). Whoever does look sees what :func:`bind_prefixes` gives.
    """

    _prefixes_bound = False

    @property
    def namespace_manager(self) -> NamespaceManager:
        """This graph's namespace manager, with the contract's prefixes bound."""
        manager = super().namespace_manager
        if not self._prefixes_bound:
            self._prefixes_bound = True  # first: binding reads this property again
            bind_prefixes(self)
        return manager

    @namespace_manager.setter
    def namespace_manager(self, manager: NamespaceManager) -> None:
        _ = self.namespace_manager  # bind first, as an eagerly bound graph would have
        Graph.namespace_manager.fset(self, manager)  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[type[Graph], tuple[Any, ...]]:
        _ = self.namespace_manager  # a pickled store carries its prefixes
        return super().__reduce__()


class _ListSink:
    """A :class:`~diplokg.rdf.mappers.TripleSink` that appends to a list, in order."""

    def __init__(self, triples: list[tuple[Node, Node, Node]]) -> None:
        self.add = triples.append


def map_record(record: Record, base: str = DEFAULT_BASE) -> Dataset:
    """Map a record to a dataset holding its one named graph."""
    name, graph = map_record_graph(record, base)
    dataset = Dataset()
    bind_prefixes(dataset)
    named = dataset.graph(name)
    for triple in graph:
        named.add(triple)
    return dataset
