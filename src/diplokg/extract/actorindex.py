"""The actor index of one document: actors, their mentions over tokens, and helpers.

Every mention of an actor becomes a :class:`Mention` over tokens of the spaCy ``Doc``;
mentions that only modify another actor ("Russian" in "Russian President Vladimir Putin")
are flagged so that they never count as participants.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from diplokg.extract.tokens import doc_cached, sentence_starts, span_chars, span_text, token_list

__all__ = [
    "ActorIndex",
    "ActorInfo",
    "Mention",
    "claim",
    "lower_words",
    "merge_actor",
    "name_words",
]


@dataclass
class ActorInfo:
    """What the article says of one actor while it is being read."""

    label: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    country: str | None = None
    role: tuple[str, str] | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    from_ner: bool = False


@dataclass
class Mention:
    """Tokens ``[start, end)`` that name one or more actors."""

    start: int
    end: int
    actors: tuple[str, ...]
    modifier: bool = False
    source: str = "name"


@dataclass
class ActorIndex:
    """Actors of one document and where they are mentioned."""

    actors: dict[str, ActorInfo] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    roles: dict[tuple[str, str], str] = field(default_factory=dict)
    on: dt.date | None = None

    def add(self, label: str, kind: str, country: str | None = None) -> ActorInfo:
        """The actor with ``label``, created if new."""
        info = self.actors.get(label)
        if info is None:
            info = ActorInfo(label, kind, country=country)
            self.actors[label] = info
        elif country and not info.country:
            info.country = country
        return info

    def mention(
        self,
        doc: Any,
        start: int,
        end: int,
        actors: tuple[str, ...],
        *,
        modifier: bool = False,
        source: str = "name",
        absorb: bool = False,
    ) -> Mention | None:
        """Record a mention unless its tokens are taken (modifiers inside it are absorbed)."""
        taken = {
            id(self.by_token[i]): self.by_token[i] for i in range(start, end) if i in self.by_token
        }
        if not actors or any(
            (not m.modifier and not absorb) or m.start < start or m.end > end
            for m in taken.values()
        ):
            return None
        for old in taken.values():
            self.mentions.remove(old)
            for i in range(old.start, old.end):
                del self.by_token[i]
        found = Mention(start, end, actors, modifier, source)
        self.mentions.append(found)
        for i in range(start, end):
            self.by_token[i] = found
        if start < end:
            # Offsets and text from the per-document tables (no Span, no Token objects).
            chars = span_chars(doc, start, end)
            text = span_text(doc, start, end)
        else:
            span = doc[start:end]
            chars, text = (span.start_char, span.end_char), span.text
        for label in actors:
            info = self.actors[label]
            info.spans.append(chars)
            if len(actors) == 1 and text != label and source == "name":
                info.aliases.add(text)
        return found

    def actors_in(self, tokens: Any, *, kinds: tuple[str, ...] | None = None) -> list[str]:
        """Actors mentioned (not as modifiers) in ``tokens``, in text order, once each."""
        seen: list[str] = []
        done: set[int] = set()
        for i in sorted({t if isinstance(t, int) else t.i for t in tokens}):
            found = self.by_token.get(i)
            if found is None or found.modifier or id(found) in done:
                continue
            done.add(id(found))
            for label in found.actors:
                if label not in seen and (kinds is None or self.actors[label].kind in kinds):
                    seen.append(label)
        return seen

    def kind(self, label: str) -> str:
        """The kind of the actor with ``label``."""
        return self.actors[label].kind

    def last_person_before(self, doc: Any, token_index: int, *, window: int = 3) -> str | None:
        """The most salient person mentioned before a token (subjects first), for pronouns."""
        sent_starts = sentence_starts(doc)
        limit = token_index
        earlier = [s for s in sent_starts if s <= token_index]
        floor = earlier[-window] if len(earlier) >= window else 0
        best: str | None = None
        for found in sorted(self.mentions, key=lambda m: m.start, reverse=True):
            if found.start >= limit or found.start < floor or found.modifier:
                continue
            people = [a for a in found.actors if self.actors[a].kind == "Person"]
            if len(people) != 1:
                continue
            dep = doc[found.end - 1].dep_
            if dep in ("nsubj", "nsubjpass"):
                return people[0]
            if best is None:
                best = people[0]
        return best


def claim(
    index: ActorIndex,
    doc: Any,
    start: int,
    end: int,
    label: str,
    kind: str,
    *,
    modifier: bool = False,
    source: str = "name",
) -> Mention | None:
    """Mention an actor, creating it only when the tokens are free for it."""
    new = label not in index.actors
    index.add(label, kind)
    found = index.mention(doc, start, end, (label,), modifier=modifier, source=source)
    if found is None and new:
        del index.actors[label]
    return found


def lower_words(doc: Any) -> list[str]:
    """The lower-case text of every token, computed once per document."""
    return doc_cached(doc, "diplokg_lower", _lower_words)


def _lower_words(doc: Any) -> list[str]:
    return [t.lower_ for t in token_list(doc)]


def name_words(label: str) -> list[str]:
    """Words of a name without diacritics ("Erdoğan" is "Erdogan" in much English copy)."""
    return list(_name_words(label))


@lru_cache(maxsize=8192)
def _name_words(label: str) -> tuple[str, ...]:
    # Name rules compare every pair of actors: the same labels come back many times.
    plain = unicodedata.normalize("NFKD", label.replace("-", " ").replace(".", " "))
    return tuple("".join(ch for ch in plain if not unicodedata.combining(ch)).split())


def merge_actor(index: ActorIndex, old: str, new: str) -> None:
    """Fold actor ``old`` into ``new``: aliases, spans, role and every mention."""
    gone = index.actors.pop(old)
    keep = index.actors[new]
    keep.aliases |= gone.aliases | {old}
    keep.spans.extend(gone.spans)
    keep.role = keep.role or gone.role
    for found in index.mentions:
        found.actors = tuple(new if a == old else a for a in found.actors)
    for key, holder in list(index.roles.items()):
        if holder == old:
            index.roles[key] = new
