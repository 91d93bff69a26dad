"""Typed, frozen records that flow between the pipeline stages.

The :class:`Record` is the seam between the NLP half (ingest, extract, link) and the
linked-data half (rdf, validation, export). Its JSON form is what ``kg extract`` prints,
what reviewers correct and what ``kg build`` accepts; ``data/record.schema.json`` is its
published schema. Identifiers inside a record (``a1``, ``e1``, ``d1``, ``s1``) are local to
that record; IRIs are minted later, in :mod:`diplokg.rdf.iris`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol

__all__ = [
    "ACTOR_KINDS",
    "DECLARATION_KINDS",
    "EVENT_KINDS",
    "EVENT_STATUSES",
    "Actor",
    "Article",
    "Candidate",
    "Declaration",
    "Event",
    "Evidence",
    "Lexicon",
    "LexiconEntry",
    "Record",
    "Role",
    "Series",
    "TimeValue",
]

ActorKind = Literal[
    "Person",
    "State",
    "GovernmentBody",
    "InternationalOrganization",
    "NonStateGroup",
    "MediaOrganization",
    "Organization",
    "Place",
]
EventKind = Literal["Meeting", "Talks", "Summit", "Visit", "PhoneCall"]
DeclarationKind = Literal[
    "JointStatement", "Statement", "Directive", "Request", "Agreement", "Demand"
]
EventStatus = Literal["Held", "Planned", "Proposed", "Cancelled"]

ACTOR_KINDS: tuple[str, ...] = (
    "Person",
    "State",
    "GovernmentBody",
    "InternationalOrganization",
    "NonStateGroup",
    "MediaOrganization",
    "Organization",
    "Place",
)
EVENT_KINDS: tuple[str, ...] = ("Meeting", "Talks", "Summit", "Visit", "PhoneCall")
DECLARATION_KINDS: tuple[str, ...] = (
    "JointStatement",
    "Statement",
    "Directive",
    "Request",
    "Agreement",
    "Demand",
)
EVENT_STATUSES: tuple[str, ...] = ("Held", "Planned", "Proposed", "Cancelled")

_DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
Precision = Literal["year", "month", "day"]


@dataclass(frozen=True)
class TimeValue:
    """A date at the precision the text supports, with optional bounds.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or ``None`` when only bounds
    are known); ``earliest`` and ``latest`` are full dates.
    """

    value: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None

    def __post_init__(self) -> None:
        if self.value is not None:
            if not _DATE_VALUE.match(self.value):
                raise ValueError(f"date {self.value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            # An impossible month or day would become an invalid xsd literal downstream.
            try:
                self.first_day  # noqa: B018 - parsing is the check
            except ValueError as exc:
                raise ValueError(f"date {self.value!r} is not a calendar date") from exc
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"earliest {self.earliest} is after latest {self.latest}")

    @property
    def precision(self) -> Precision | None:
        """``year``, ``month`` or ``day``; ``None`` without a value."""
        if self.value is None:
            return None
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]  # type: ignore[return-value]

    @property
    def first_day(self) -> dt.date | None:
        """The first day the value covers (``2016-12`` -> 2016-12-01); ``None`` without one."""
        if self.value is None:
            return None
        return dt.date.fromisoformat(self.value + "-01" * ((10 - len(self.value)) // 3))

    @property
    def is_empty(self) -> bool:
        """True when neither a value nor a bound is known."""
        return self.value is None and self.earliest is None and self.latest is None

    @classmethod
    def day(cls, day: dt.date) -> TimeValue:
        """A value at day precision."""
        return cls(day.isoformat())


@dataclass(frozen=True)
class Evidence:
    """A span of the article text: code-point offsets ``[start, end)`` and its text."""

    start: int
    end: int
    exact: str | None = None

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise ValueError(f"evidence span [{self.start}, {self.end}) is empty or negative")


@dataclass(frozen=True)
class Candidate:
    """A Wikidata identifier an unlinked or ambiguous actor might be, with a score."""

    qid: str
    label: str
    score: float


@dataclass(frozen=True)
class Role:
    """An office by which an article names a person ("the Kazakh president").

    ``office`` is ``head_of_state``, ``head_of_government`` or ``foreign_minister``
    (or another office the gazetteer knows); ``country`` is the state's QID or, before
    linking, its surface form ("Kazakh").
    """

    office: str
    country: str


@dataclass(frozen=True)
class Actor:
    """An actor or a place the article names.

    Places are actors of kind ``Place``; a ``State`` is both an actor and a place.
    ``qid`` is set only when linked with confidence; otherwise ``candidates`` keep the
    linker's best guesses for a reviewer.
    """

    id: str
    label: str
    kind: ActorKind
    qid: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None  # actor id of the state it belongs to (a ministry, a city)
    role: Role | None = None
    candidates: tuple[Candidate, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Event:
    """A meeting-like happening the article reports or announces."""

    id: str
    kind: EventKind
    status: EventStatus
    evidence: tuple[Evidence, ...]
    participants: tuple[str, ...] = ()
    organizer: tuple[str, ...] = ()
    location: str | None = None
    date: TimeValue = field(default_factory=TimeValue)
    series: str | None = None
    round: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Declaration:
    """A position put on record by an actor."""

    id: str
    kind: DeclarationKind
    evidence: tuple[Evidence, ...]
    by: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    adopted_at: str | None = None
    about: str | None = None  # an event id
    topics: tuple[str, ...] = ()  # skos:Concept labels when it is about no event
    date: TimeValue = field(default_factory=TimeValue)
    text: str | None = None


@dataclass(frozen=True)
class Series:
    """A series of events (rounds of one process)."""

    id: str
    label: str


@dataclass(frozen=True)
class Article:
    """An article as ingested: its text (without header block) and metadata.

    ``key`` is the article's stable identity: its source URL when known, else its file
    stem. ``published`` is ``None`` when the article gives no year.
    """

    key: str
    stem: str
    text: str
    path: str | None = None
    source_url: str | None = None
    headline: str | None = None
    published: TimeValue | None = None
    publisher: str | None = None
    dateline: str | None = None  # the place name the dateline gives, as written
    dateline_span: Evidence | None = None
    body_start: int = 0  # offset where the article body (after headline, captions) starts
    captions: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    """Everything extracted from one article, ready to map to RDF."""

    article: str  # path of the article file (relative to the record file) or its stem
    key: str
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    series: tuple[Series, ...] = ()
    source_url: str | None = None
    headline: str | None = None
    published: TimeValue | None = None
    publisher: str | None = None  # actor id
    dateline: str | None = None  # actor id of a place
    text_length: int | None = None
    notes: tuple[str, ...] = ()

    def actor(self, actor_id: str) -> Actor:
        """The actor with that local id."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)


@dataclass(frozen=True)
class LexiconEntry:
    """A name the extractor should recognise: a surface form, its kind and canonical label.

    ``office`` and ``country`` are set for role words the gazetteer can resolve at a date
    (surface "Kazakh president" -> office ``head_of_state``, country "Kazakhstan").
    """

    surface: str
    kind: ActorKind
    label: str
    office: str | None = None
    country: str | None = None


class Lexicon(Protocol):
    """What extraction may know of names without depending on the linking stage.

    The pipeline passes the gazetteer (which implements this) to the extractor, so
    ``extract`` never imports ``link``.
    """

    def entries(self) -> Iterable[LexiconEntry]:
        """Every surface form worth matching in text (names, aliases, short names)."""
        ...

    def demonym(self, word: str) -> str | None:
        """The state a demonym or adjective names ("Kazakh" -> "Kazakhstan"), if any."""
        ...
