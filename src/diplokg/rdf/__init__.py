"""Mapping records to RDF: one named graph per article, deterministic IRIs."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from diplokg.namespaces import DEFAULT_BASE, PREFIXES
from diplokg.rdf.iris import IriMinter, article_hash, slugify
from diplokg.rdf.mappers import (
    TripleSink,
    map_actor,
    map_article,
    map_declaration,
    map_event,
    map_series,
)
from diplokg.records import Record

__all__ = [
    "IriMinter",
    "Triple",
    "article_hash",
    "bind_prefixes",
    "map_record",
    "map_record_graph",
    "map_record_into",
    "map_record_triples",
    "slugify",
]


def bind_prefixes(graph: Graph) -> None:
    """Bind the contract's prefixes (``schema:`` to the http form, as Wikidata uses)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


Triple = tuple[Node, Node, Node]


def map_record_triples(record: Record, base: str = DEFAULT_BASE) -> tuple[URIRef, list[Triple]]:
    """Map a record to its triples; returns the named graph's IRI and the triples.

    The triples come in mapping order, each once. A build hands this list to validation
    and export directly: an rdflib graph in between cost more than either of them.
    Evidence ``exact`` text must be filled (``recordfile.read_record`` does this from the
    article); ``record.text_length`` must be known.
    """
    triples: list[Triple] = []
    name = map_record_into(_ListSink(triples), record, base)
    return name, list(dict.fromkeys(triples))


def map_record_into(sink: TripleSink, record: Record, base: str = DEFAULT_BASE) -> URIRef:
    """Add a record's triples to ``sink`` (an rdflib graph, or anything with ``add``).

    Returns the named graph's IRI. A triple may be added more than once.
    """
    iris = IriMinter(base, record.key)
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
    return iris.graph()


def map_record_graph(record: Record, base: str = DEFAULT_BASE) -> tuple[URIRef, Graph]:
    """Map a record to an rdflib graph (see :func:`map_record_triples`)."""
    name, triples = map_record_triples(record, base)
    graph = Graph(store="SimpleMemory")  # context-free, faster to fill than the default
    bind_prefixes(graph)
    add = graph.store.add
    for triple in triples:
        add(triple, graph)  # Graph.add re-checks every term; the mappers' never need it
    return name, graph


class _ListSink:
    """A :class:`~diplokg.rdf.mappers.TripleSink` that appends to a list, in order."""

    def __init__(self, triples: list[Triple]) -> None:
        self.add = triples.append


def map_record(record: Record, base: str = DEFAULT_BASE) -> Dataset:
    """Map a record to a dataset holding its one named graph."""
    name, triples = map_record_triples(record, base)
    dataset = Dataset()
    bind_prefixes(dataset)
    named = dataset.graph(name)
    for triple in triples:
        named.add(triple)
    return dataset
