"""Mappers: one function per kind of record item, each adding its triples to a graph.

The mappers only read records; they never depend on NLP. Every node gets an IRI (no blank
nodes) so serialised output is byte-for-byte deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from diplokg.errors import RecordError
from diplokg.namespaces import DIP, OA, SCHEMA
from diplokg.rdf.iris import IriMinter
from diplokg.records import Actor, Declaration, Event, Evidence, Record, TimeValue

__all__ = [
    "ACTOR_CLASSES",
    "date_literal",
    "map_actor",
    "map_article",
    "map_declaration",
    "map_event",
    "map_evidence",
]

# A state is both an actor and a place (DESIGN ontology contract).
ACTOR_CLASSES: Mapping[str, tuple[URIRef, ...]] = {
    "Person": (DIP.Person,),
    "State": (DIP.State, DIP.Place),
    "GovernmentBody": (DIP.GovernmentBody,),
    "InternationalOrganization": (DIP.InternationalOrganization,),
    "NonStateGroup": (DIP.NonStateGroup,),
    "MediaOrganization": (DIP.MediaOrganization,),
    "Organization": (DIP.Organization,),
    "Place": (DIP.Place,),
}

_DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}


def date_literal(value: str) -> Literal:
    """``2016`` -> xsd:gYear, ``2016-12`` -> xsd:gYearMonth, ``2016-12-30`` -> xsd:date."""
    precision = TimeValue(value).precision
    assert precision is not None
    # normalize=False keeps the lexical form exactly as written, so bytes are stable.
    return Literal(value, datatype=_DATE_TYPES[precision], normalize=False)


def _add_time(graph: Graph, node: URIRef, time: TimeValue) -> None:
    if time.value:
        graph.add((node, DIP.date, date_literal(time.value)))
    if time.earliest:
        graph.add((node, DIP.earliestDate, date_literal(time.earliest.isoformat())))
    if time.latest:
        graph.add((node, DIP.latestDate, date_literal(time.latest.isoformat())))


def map_evidence(graph: Graph, iris: IriMinter, span: Evidence, owner: str) -> URIRef:
    """An ``oa`` selector for one span of the article text."""
    if span.exact is None:
        raise RecordError(
            f"{owner}: evidence [{span.start}, {span.end}) has no exact text and the article "
            "text is not at hand; give 'exact' or keep the article next to the record"
        )
    node = iris.evidence(span.start, span.end)
    graph.add((node, RDF.type, OA.TextQuoteSelector))
    graph.add((node, RDF.type, OA.TextPositionSelector))
    graph.add((node, OA.exact, Literal(span.exact)))
    graph.add((node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, DIP.inArticle, iris.article()))
    return node


def map_article(
    graph: Graph, iris: IriMinter, record: Record, actors: Mapping[str, URIRef]
) -> URIRef:
    """The ``dip:Article`` node with the metadata the article gives."""
    node = iris.article()
    graph.add((node, RDF.type, DIP.Article))
    if record.headline:
        graph.add((node, SCHEMA.headline, Literal(record.headline)))
    if record.published and record.published.value:
        graph.add((node, SCHEMA.datePublished, date_literal(record.published.value)))
    if record.publisher:
        graph.add((node, SCHEMA.publisher, actors[record.publisher]))
    if record.dateline:
        graph.add((node, DIP.dateline, actors[record.dateline]))
    if record.source_url:
        graph.add((node, SCHEMA.url, Literal(record.source_url, datatype=XSD.anyURI)))
    if record.text_length is None:
        raise RecordError(
            f"{record.article}: the text length is unknown; keep the article next to the "
            "record or give 'text_length'"
        )
    graph.add((node, DIP.textLength, Literal(record.text_length, datatype=XSD.integer)))
    return node


def map_actor(graph: Graph, iris: IriMinter, actor: Actor, actors: Mapping[str, URIRef]) -> URIRef:
    """An actor or place: typed, labelled, and reported in the article."""
    node = actors[actor.id]
    for cls in ACTOR_CLASSES[actor.kind]:
        graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(actor.label)))
    for alias in actor.aliases:
        if alias != actor.label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if actor.country and actors[actor.country] != node:
        graph.add((node, DIP.country, actors[actor.country]))
    graph.add((node, DIP.reportedIn, iris.article()))
    return node


def map_event(graph: Graph, iris: IriMinter, event: Event, actors: Mapping[str, URIRef]) -> URIRef:
    """A diplomatic event with exactly one kind, its status, actors, place and time."""
    node = iris.event(event.id)
    graph.add((node, RDF.type, DIP[event.kind]))
    graph.add((node, DIP.status, DIP[event.status]))
    if event.label:
        graph.add((node, RDFS.label, Literal(event.label)))
    for actor_id in event.participants:
        graph.add((node, DIP.participant, actors[actor_id]))
    for actor_id in event.organizer:
        graph.add((node, DIP.organizer, actors[actor_id]))
    if event.location:
        graph.add((node, DIP.location, actors[event.location]))
    _add_time(graph, node, event.date)
    if event.series:
        graph.add((node, DIP.partOfSeries, iris.series(event.series)))
    if event.round is not None:
        graph.add((node, DIP.roundNumber, Literal(event.round, datatype=XSD.integer)))
    for span in event.evidence:
        graph.add((node, DIP.evidence, map_evidence(graph, iris, span, f"event {event.id}")))
    graph.add((node, DIP.reportedIn, iris.article()))
    return node


def map_declaration(
    graph: Graph, iris: IriMinter, declaration: Declaration, actors: Mapping[str, URIRef]
) -> URIRef:
    """A declaration with exactly one kind, who made it, to whom, where and about what."""
    node = iris.declaration(declaration.id)
    graph.add((node, RDF.type, DIP[declaration.kind]))
    for actor_id in declaration.by:
        graph.add((node, DIP.declaredBy, actors[actor_id]))
    for actor_id in declaration.addressee:
        graph.add((node, DIP.addressee, actors[actor_id]))
    if declaration.adopted_at:
        graph.add((node, DIP.adoptedAt, iris.event(declaration.adopted_at)))
    if declaration.about:
        graph.add((node, DIP.about, iris.event(declaration.about)))
    for topic in declaration.topics:
        concept = iris.topic(topic)
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.prefLabel, Literal(topic)))
        graph.add((node, DIP.about, concept))
    _add_time(graph, node, declaration.date)
    if declaration.text:
        graph.add((node, DIP.text, Literal(declaration.text)))
    for span in declaration.evidence:
        owner = f"declaration {declaration.id}"
        graph.add((node, DIP.evidence, map_evidence(graph, iris, span, owner)))
    graph.add((node, DIP.reportedIn, iris.article()))
    return node
