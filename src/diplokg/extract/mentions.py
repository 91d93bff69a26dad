"""An event mention and the actor look-ups that event and declaration rules share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diplokg.extract.actors import ActorIndex
from diplokg.extract.clauses import DocContext
from diplokg.extract.tokens import children
from diplokg.records import TimeValue

__all__ = ["EventMention", "actors_of", "subject_of"]

_PLURAL_ANAPHORS = frozenset(
    {
        "they",
        "their",
        "them",
        "sides",
        "participants",
        "ministers",
        "leaders",
        "parties",
        "both",
        "we",
    }
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
    region: str | None = None  # the state a city location lies in, when known
    date: TimeValue | None = None
    default_date: bool = False
    round: int | None = None
    series_label: str | None = None
    weak: bool = False
    definite: bool = False
    plural_anaphor: bool = False
    heading: bool = False
    label: str = ""
    party_of: dict[str, str] = field(default_factory=dict)  # person -> their state
    past_plan: bool = False  # "was going to meet", "would meet": a plan seen from before
    apart_from: set[int] = field(default_factory=set)  # triggers of events told apart from it


def _resolve_pronoun(tok: Any, ctx: DocContext, actors: ActorIndex) -> list[str]:
    if tok.lower_ in ("he", "she", "his", "her", "him"):
        person = actors.last_person_before(ctx.doc, tok.i)
        return [person] if person else []
    return []


#: Prepositions whose objects say where, when or about what, never who takes part.
_CIRCUMSTANCE_PREPS = frozenset(
    {"in", "at", "on", "about", "over", "to", "for", "during", "after", "since", "regarding"}
)


def phrase_tokens(node: Any) -> list[Any]:
    """The tokens of ``node``'s phrase without circumstances and clauses hanging off it.

    "Wang Yi in Beijing", "leaders who were invited to Shanghai", "talks on Syria": only
    the head noun phrase names the actors.
    """
    out = [node]
    for c in children(node):
        if c.dep_ == "prep" and c.lower_ in _CIRCUMSTANCE_PREPS and c is not node:
            continue
        if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct"):
            continue
        out.extend(phrase_tokens(c))
    return out


def actors_of(node: Any, ctx: DocContext, actors: ActorIndex, mention: EventMention) -> list[str]:
    """Actors a phrase names (resolving pronouns), not places, not the media."""
    found = actors.actors_in(phrase_tokens(node))
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
        # Of two subjects ("Editor's note: X held talks"), the one next to the verb.
        subjects = [c for c in children(node) if c.dep_ == "nsubj"]
        if node is not verb:
            # "X is scheduled to meet": the passive subject of the governing verb.
            subjects += [c for c in children(node) if c.dep_ == "nsubjpass"]
        if subjects:
            return subjects[-1]
        agent = next((c for c in children(node) if c.dep_ == "agent"), None)
        if agent is not None:
            return agent
        if node.head.i == node.i:
            break
        if not climb and node.dep_ not in ("xcomp", "conj", "advcl", "acomp", "ccomp", "acl"):
            break
        node = node.head
    return None
