"""Bodies and groups: ministries, opposition groups and demonyms standing for states."""

from __future__ import annotations

from collections import Counter
from typing import Any

from diplokg.extract.actorindex import ActorIndex, lower_words
from diplokg.extract.lexicon import FOREIGN_MINISTRY, GEOGRAPHIC_NOUNS
from diplokg.extract.offices import countries_before
from diplokg.extract.tokens import sentence_of, token_list, token_texts

__all__ = ["demonyms", "main_state", "ministries", "opposition"]

_THE = ("United ", "People's ", "Republic ", "Democratic ", "Kingdom ", "Islamic ", "Federal ")
_GROUP_HEADS = frozenset({"group", "groups", "delegation", "delegations", "members", "forces"})
_STATE_METONYMS = frozenset(
    {"government", "authorities", "leadership", "side", "army", "delegation", "administration"}
)


def ministries(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """ "Kazakhstan's Foreign Ministry", "the foreign ministry" -> the state's ministry."""
    lowered = lower_words(doc)
    firsts = {words[0] for words in FOREIGN_MINISTRY}
    for i in range(len(doc)):
        if lowered[i] not in firsts:
            continue
        for words in FOREIGN_MINISTRY:
            n = len(words)
            if tuple(lowered[i : i + n]) != words:
                continue
            if any(k in index.by_token for k in range(i, i + n)):
                continue
            first, countries = countries_before(doc, i, index, lexicon)
            country = countries[-1] if countries else _context_state(doc, i, index)
            if country is None:
                continue
            article = "the " if country.startswith(_THE) else ""
            label = f"Ministry of Foreign Affairs of {article}{country}"
            index.add(label, "GovernmentBody", country=country)
            index.mention(doc, first if countries else i, i + n, (label,), absorb=True)
            index.actors[label].aliases.add(doc[i : i + n].text)


def _context_state(doc: Any, i: int, index: ActorIndex) -> str | None:
    """The state a bare institution belongs to: its sentence's person's, else the article's."""
    sent = sentence_of(token_list(doc)[i])
    for found in index.mentions:
        if sent.start <= found.start < sent.end:
            for label in found.actors:
                info = index.actors[label]
                if info.kind == "Person" and info.country:
                    return info.country
    return main_state(index)


def main_state(index: ActorIndex) -> str | None:
    """The state the article is most about (people count double, by their country)."""
    counts = Counter(
        label
        for found in index.mentions
        for label in found.actors
        if index.actors[label].kind == "State"
    )
    for info in index.actors.values():
        if info.kind == "Person" and info.country:
            counts[info.country] += 2
    return counts.most_common(1)[0][0] if counts else None


def opposition(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Opposition groups: "the Syrian opposition", "opposition groups", "the opposition"."""
    group: str | None = None
    lowered = lower_words(doc)
    for i, tok in enumerate(token_list(doc)):
        if lowered[i] != "opposition" or i in index.by_token or _in_title(tok):
            continue
        start = tok.i
        j = tok.i
        while j > 0 and doc[j - 1].pos_ == "ADJ" and not lexicon.demonym(doc[j - 1].text):
            j -= 1
        qualifier = None
        if j > 0:
            prev = doc[j - 1]
            state = lexicon.demonym(prev.text)
            found = index.by_token.get(j - 1)
            if state:
                qualifier = prev.text
                start = j - 1
            elif (
                found is not None
                and len(found.actors) == 1
                and index.kind(found.actors[0]) == "State"
            ):
                qualifier = None
            elif prev.pos_ == "PROPN" and prev.i not in index.by_token:
                qualifier = prev.text
                start = j - 1
        end = tok.i + 1
        if end < len(doc) and doc[end].lower_ in _GROUP_HEADS:
            end += 1
        if qualifier:
            words = [t.text for t in doc[start : tok.i + 1]]
            label = " ".join(words)
        elif group:
            label = group
        else:
            main = main_state(index)
            demonym = _demonym_for(doc, main, index, lexicon) if main else None
            label = f"{demonym} opposition" if demonym else "opposition"
        index.add(label, "NonStateGroup")
        if group is None or qualifier:
            group = group or label
        index.mention(doc, start, end, (label,), source="name")
        index.actors[label].aliases.add(doc[start:end].text)


#: Offices held within a group: "Opposition Leader X" is a person's title, not the group.
_GROUP_OFFICES = frozenset({"leader", "chief", "head", "spokesman", "spokeswoman", "spokesperson"})


def _in_title(tok: Any) -> bool:
    """ "Opposition Leader Ranil Wickremesinghe": the word names an office before a name."""
    doc = tok.doc
    k = tok.i + 1
    return k + 1 < len(doc) and doc[k].lower_ in _GROUP_OFFICES and doc[k + 1].ent_type_ == "PERSON"


def _demonym_for(doc: Any, state: str, index: ActorIndex, lexicon: Any) -> str | None:
    for tok in doc:
        if tok.is_title and lexicon.demonym(tok.text) == state and tok.text != state:
            return str(tok.text)
    return None


def demonyms(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Adjectives and nouns of nationality ("Kazakh", "the Chinese") as their state."""
    texts = token_texts(doc)
    for i, tok in enumerate(token_list(doc)):
        if i in index.by_token or not texts[i][:1].isupper():
            continue
        label = lexicon.demonym(texts[i])
        if label is None or (tok.dep_ == "amod" and tok.head.lower_ in GEOGRAPHIC_NOUNS):
            # "the Swiss city" names a city, not Switzerland.
            continue
        index.add(label, "State")
        modifier = (
            tok.dep_ in ("amod", "compound", "nmod") and tok.head.lower_ not in _STATE_METONYMS
        )
        index.mention(doc, tok.i, tok.i + 1, (label,), modifier=modifier, source="demonym")
