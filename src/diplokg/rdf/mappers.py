"""Mappers: one function per kind of record item, each adding its triples to a graph.

The mappers only read records; they never depend on NLP. Every node gets an IRI (no blank
nodes) so serialised output is byte-for-byte deterministic.

A mapper adds to anything with an ``add(triple)`` method: an rdflib ``Graph``, or the plain
list :func:`diplokg.rdf.map_record_graph` collects into before it fills its graph at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from diplokg.errors import RecordError
from diplokg.namespaces import DIP, OA, SCHEMA
from diplokg.rdf.iris import IriMinter
from diplokg.records import Actor, Declaration, Event, Evidence, Record, Series, TimeValue

__all__ = [
    "ACTOR_CLASSES",
    "TripleSink",
    "date_literal",
    "map_actor",
    "map_article",
    "map_declaration",
    "map_event",
    "map_evidence",
    "map_series",
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

# The vocabulary, looked up once: every ``DIP.x`` access builds a new URIRef, and sharing
# one object per term also lets the store's dictionaries match terms by identity.
_TYPE = RDF.type
_LABEL = RDFS.label
_ALT_LABEL = SKOS.altLabel
_PREF_LABEL = SKOS.prefLabel
_CONCEPT = SKOS.Concept
_ARTICLE = DIP.Article
_EVENT_SERIES = DIP.EventSeries
_ABOUT = DIP.about
_ADDRESSEE = DIP.addressee
_ADOPTED_AT = DIP.adoptedAt
_COUNTRY = DIP.country
_DATE = DIP.date
_DATELINE = DIP.dateline
_DECLARED_BY = DIP.declaredBy
_EARLIEST_DATE = DIP.earliestDate
_EVIDENCE = DIP.evidence
_IN_ARTICLE = DIP.inArticle
_LATEST_DATE = DIP.latestDate
_LOCATION = DIP.location
_ORGANIZER = DIP.organizer
_PART_OF_SERIES = DIP.partOfSeries
_PARTICIPANT = DIP.participant
_REPORTED_IN = DIP.reportedIn
_ROUND_NUMBER = DIP.roundNumber
_STATUS = DIP.status
_TEXT = DIP.text
_TEXT_LENGTH = DIP.textLength
_QUOTE_SELECTOR = OA.TextQuoteSelector
_POSITION_SELECTOR = OA.TextPositionSelector
_EXACT = OA.exact
_START = OA.start
_END = OA.end
_DATE_PUBLISHED = SCHEMA.datePublished
_HEADLINE = SCHEMA.headline
_PUBLISHER = SCHEMA.publisher
_URL = SCHEMA.url


class TripleSink(Protocol):
    """Where mappers put triples: an rdflib ``Graph`` or a list-like collector."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object:
        """Add one triple."""


@lru_cache(maxsize=8192)
def _count(value: int) -> Literal:
    # Offsets recur across articles and an integer Literal is slow to build; Literals are
    # immutable, so one object can serve every graph.
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _plain(text: str) -> Literal:
    """A plain string literal (xsd:string)."""
    # normalize=False: normalising a plain string gives back the same lexical form, and
    # rdflib finds that out by scanning its conversion rules, per literal.
    return Literal(text, normalize=False)


@lru_cache(maxsize=1024)
def _dip_term(name: str) -> URIRef:
    # Event and declaration kinds and statuses: a handful of names, each built once.
    return DIP[name]


@lru_cache(maxsize=4096)
def date_literal(value: str) -> Literal:
    """``2016`` -> xsd:gYear, ``2016-12`` -> xsd:gYearMonth, ``2016-12-30`` -> xsd:date."""
    # Cached: dates recur across articles, and a Literal is immutable, so shared safely.
    precision = TimeValue(value).precision
    assert precision is not None
    # normalize=False keeps the lexical form exactly as written, so bytes are stable.
    return Literal(value, datatype=_DATE_TYPES[precision], normalize=False)


def _add_time(graph: TripleSink, node: URIRef, time: TimeValue) -> None:
    if time.value:
        graph.add((node, _DATE, date_literal(time.value)))
    if time.earliest:
        graph.add((node, _EARLIEST_DATE, date_literal(time.earliest.isoformat())))
    if time.latest:
        graph.add((node, _LATEST_DATE, date_literal(time.latest.isoformat())))


def map_evidence(graph: TripleSink, iris: IriMinter, span: Evidence, owner: str) -> URIRef:
    """An ``oa`` selector for one span of the article text."""
    if span.exact is None:
        raise RecordError(
            f"{owner}: evidence [{span.start}, {span.end}) has no exact text and the article "
            "text is not at hand; give 'exact' or keep the article next to the record"
        )
    node = iris.evidence(span.start, span.end)
    graph.add((node, _TYPE, _QUOTE_SELECTOR))
    graph.add((node, _TYPE, _POSITION_SELECTOR))
    graph.add((node, _EXACT, _plain(span.exact)))
    graph.add((node, _START, _count(span.start)))
    graph.add((node, _END, _count(span.end)))
    graph.add((node, _IN_ARTICLE, iris.article()))
    return node


def map_article(
    graph: TripleSink, iris: IriMinter, record: Record, actors: Mapping[str, URIRef]
) -> URIRef:
    """The ``dip:Article`` node with the metadata the article gives."""
    node = iris.article()
    graph.add((node, _TYPE, _ARTICLE))
    if record.headline:
        graph.add((node, _HEADLINE, _plain(record.headline)))
    if record.published and record.published.value:
        graph.add((node, _DATE_PUBLISHED, date_literal(record.published.value)))
    if record.publisher:
        graph.add((node, _PUBLISHER, actors[record.publisher]))
    if record.dateline:
        graph.add((node, _DATELINE, actors[record.dateline]))
    if record.source_url:
        graph.add((node, _URL, Literal(record.source_url, datatype=XSD.anyURI)))
    if record.text_length is None:
        raise RecordError(
            f"{record.article}: the text length is unknown; keep the article next to the "
            "record or give 'text_length'"
        )
    graph.add((node, _TEXT_LENGTH, Literal(record.text_length, datatype=XSD.integer)))
    return node


def map_actor(
    graph: TripleSink, iris: IriMinter, actor: Actor, actors: Mapping[str, URIRef]
) -> URIRef:
    """An actor or place: typed, labelled, and reported in the article."""
    node = actors[actor.id]
    for cls in ACTOR_CLASSES[actor.kind]:
        graph.add((node, _TYPE, cls))
    graph.add((node, _LABEL, _plain(actor.label)))
    for alias in actor.aliases:
        if alias != actor.label:
            graph.add((node, _ALT_LABEL, _plain(alias)))
    if actor.country and actors[actor.country] != node:
        graph.add((node, _COUNTRY, actors[actor.country]))
    graph.add((node, _REPORTED_IN, iris.article()))
    return node


def map_series(graph: TripleSink, iris: IriMinter, series: Series) -> URIRef:
    """An event series named in the article, with its label."""
    node = iris.series(series.id)
    graph.add((node, _TYPE, _EVENT_SERIES))
    graph.add((node, _LABEL, _plain(series.label)))
    graph.add((node, _REPORTED_IN, iris.article()))
    return node


def map_event(
    graph: TripleSink, iris: IriMinter, event: Event, actors: Mapping[str, URIRef]
) -> URIRef:
    """A diplomatic event with exactly one kind, its status, actors, place and time."""
    node = iris.event(event.id)
    graph.add((node, _TYPE, _dip_term(event.kind)))
    graph.add((node, _STATUS, _dip_term(event.status)))
    if event.label:
        graph.add((node, _LABEL, _plain(event.label)))
    for actor_id in event.participants:
        graph.add((node, _PARTICIPANT, actors[actor_id]))
    for actor_id in event.organizer:
        graph.add((node, _ORGANIZER, actors[actor_id]))
    if event.location:
        graph.add((node, _LOCATION, actors[event.location]))
    _add_time(graph, node, event.date)
    if event.series:
        graph.add((node, _PART_OF_SERIES, iris.series(event.series)))
    if event.round is not None:
        graph.add((node, _ROUND_NUMBER, Literal(event.round, datatype=XSD.integer)))
    for span in event.evidence:
        graph.add((node, _EVIDENCE, map_evidence(graph, iris, span, f"event {event.id}")))
    graph.add((node, _REPORTED_IN, iris.article()))
    return node


def map_declaration(
    graph: TripleSink, iris: IriMinter, declaration: Declaration, actors: Mapping[str, URIRef]
) -> URIRef:
    """A declaration with exactly one kind, who made it, to whom, where and about what."""
    node = iris.declaration(declaration.id)
    graph.add((node, _TYPE, _dip_term(declaration.kind)))
    for actor_id in declaration.by:
        graph.add((node, _DECLARED_BY, actors[actor_id]))
    for actor_id in declaration.addressee:
        graph.add((node, _ADDRESSEE, actors[actor_id]))
    if declaration.adopted_at:
        graph.add((node, _ADOPTED_AT, iris.event(declaration.adopted_at)))
    if declaration.about:
        graph.add((node, _ABOUT, iris.event(declaration.about)))
    for topic in declaration.topics:
        concept = iris.topic(topic)
        graph.add((concept, _TYPE, _CONCEPT))
        graph.add((concept, _PREF_LABEL, _plain(topic)))
        graph.add((node, _ABOUT, concept))
    _add_time(graph, node, declaration.date)
    if declaration.text:
        graph.add((node, _TEXT, _plain(declaration.text)))
    for span in declaration.evidence:
        owner = f"declaration {declaration.id}"
        graph.add((node, _EVIDENCE, map_evidence(graph, iris, span, owner)))
    graph.add((node, _REPORTED_IN, iris.article()))
    return node
