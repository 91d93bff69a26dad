"""An event mention and the actor look-ups that event and declaration rules share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diplokg.extract.actors import ActorIndex
from diplokg.extract.clauses import DocContext
from diplokg.records import TimeValue

__all__ = ["EventMention", "actors_of", "subject_of"]

_PLURAL_ANAPHORS = frozenset(
    {"they", "sides", "participants", "ministers", "leaders", "parties", "both", "we"}
)


@dataclass
class EventMention:
    """One textual mention of an event."""

    kind: str
    status: str
    trigger: int
    sent_start: int
    span: tuple[int, int]
    participants: list[str] = field(default_factory=list)
    organizer: list[str] = field(default_factory=list)
    location: str | None = None
    date: TimeValue | None = None
    default_date: bool = False
    round: int | None = None
    series_label: str | None = None
    weak: bool = False
    definite: bool = False
    plural_anaphor: bool = False
    heading: bool = False
    label: str = ""


def _resolve_pronoun(tok: Any, ctx: DocContext, actors: ActorIndex) -> list[str]:
    if tok.lower_ in ("he", "she", "his", "her", "him"):
        person = actors.last_person_before(ctx.doc, tok.i)
        return [person] if person else []
    return []


def actors_of(node: Any, ctx: DocContext, actors: ActorIndex, mention: EventMention) -> list[str]:
    found = actors.actors_in(node.subtree)
    if not found:
        for t in node.subtree:
            found.extend(a for a in _resolve_pronoun(t, ctx, actors) if a not in found)
            if t.lower_ in _PLURAL_ANAPHORS and t.i == node.i:
                mention.plural_anaphor = True
    return [a for a in found if actors.kind(a) not in ("Place", "MediaOrganization")]


def subject_of(verb: Any, *, climb: bool = False) -> Any | None:
    """The subject of a verb, else of the verb it depends on ("meet" in "is scheduled to
    meet"); with ``climb``, of any verb above it ("asking" in "X turned to Y asking")."""
    node = verb
    for _ in range(5):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            return agent
        if node.head.i == node.i:
            break
        if not climb and node.dep_ not in ("xcomp", "conj", "advcl", "acomp", "ccomp", "acl"):
            break
        node = node.head
    return None
