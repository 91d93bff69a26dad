"""Mapping records to RDF: one named graph per article, deterministic IRIs."""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from diplokg.namespaces import DEFAULT_BASE, DIP, PREFIXES
from diplokg.rdf.iris import IriMinter, article_hash, slugify
from diplokg.rdf.mappers import (
    map_actor,
    map_article,
    map_declaration,
    map_event,
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
    # SimpleMemory: a context-free store, about a third faster to fill than the default.
    graph = Graph(store="SimpleMemory")
    bind_prefixes(graph)
    actors = {a.id: iris.actor(a.kind, a.label, a.qid) for a in record.actors}
    map_article(graph, iris, record, actors)
    for actor in record.actors:
        map_actor(graph, iris, actor, actors)
    for series in record.series:
        node = iris.series(series.id)
        graph.add((node, RDF.type, DIP.EventSeries))
        graph.add((node, RDFS.label, Literal(series.label)))
        graph.add((node, DIP.reportedIn, iris.article()))
    for event in record.events:
        map_event(graph, iris, event, actors)
    for declaration in record.declarations:
        map_declaration(graph, iris, declaration, actors)
    return iris.graph(), graph


def map_record(record: Record, base: str = DEFAULT_BASE) -> Dataset:
    """Map a record to a dataset holding its one named graph."""
    name, graph = map_record_graph(record, base)
    dataset = Dataset()
    bind_prefixes(dataset)
    named = dataset.graph(name)
    for triple in graph:
        named.add(triple)
    return dataset
