"""Actors named by name: lexicon names, entities, surnames and one-word names."""

from __future__ import annotations

from typing import Any

from diplokg.extract.actorindex import (
    ActorIndex,
    claim,
    lower_words,
    merge_actor,
    name_words,
)
from diplokg.extract.lexicon import (
    FOREIGN_MINISTRY,
    NAME_TITLES,
    NER_KINDS,
    OFFICE_WORDS,
    UN_AGENCY_FIELDS,
    UN_AGENCY_NOUNS,
    NamePatterns,
)
from diplokg.extract.offices import OFFICES_BY_FIRST
from diplokg.extract.placenames import place_reading
from diplokg.extract.tokens import doc_ents, token_list, token_pos

__all__ = ["bare_surnames", "entity_names", "lexicon_names", "surnames"]

_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
_TITLE_HEADS = frozenset(
    {w for words in OFFICE_WORDS for w in words if w not in ("of", "affairs")}
    | {"secretary", "spokesman", "spokeswoman", "chief", "head", "ambassador", "official"}
)


def lexicon_names(doc: Any, patterns: NamePatterns, index: ActorIndex) -> None:
    """Claim every name the lexicon knows, unless the name is not read as an actor here."""
    for start, end, entry in patterns.spans(doc):
        agency = _un_agency(doc, end, entry.label, patterns)
        if agency is not None:
            claim(index, doc, start, end + 2, agency.label, agency.kind)
            continue
        if entry.kind in ("Place", "State") and not place_reading(
            doc, start, end, entry.label, patterns.lexicon
        ):
            continue
        modifier = _is_modifier(doc, start, end) and (
            entry.kind == "State"
            # "EU High Representative X", "UN Special Envoy X": the title, not a party.
            or (
                entry.kind == "InternationalOrganization"
                and (lower_words(doc)[doc[end - 1].head.i] in _TITLE_HEADS)
            )
        )
        claim(index, doc, start, end, entry.label, entry.kind, modifier=modifier)


#: Last words that make a proper name the name of an event ("Munich Security Conference").
EVENT_NAME_HEADS = frozenset({"meeting", "meetings", "summit", "talks", "conference"})


def _acronym(text: str) -> bool:
    """ "G20", "ASEAN", "BRICS": short, upper case, perhaps with digits."""
    return 2 <= len(text) <= 6 and text.isalnum() and text.upper() == text and text[0].isalpha()


def _un_agency(doc: Any, end: int, label: str, patterns: NamePatterns) -> Any | None:
    """ "the U.N. nuclear agency": the agency of that field, as the lexicon knows it."""
    if label != "United Nations" or end + 1 >= len(doc):
        return None
    field_word, noun = doc[end].lower_, doc[end + 1].lower_
    if noun not in UN_AGENCY_NOUNS or field_word not in UN_AGENCY_FIELDS:
        return None
    entry = patterns.lookup(UN_AGENCY_FIELDS[field_word])
    return entry if entry is not None and entry.kind == "InternationalOrganization" else None


def entity_names(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Claim the entity recogniser's names that no lexicon rule took (titles trimmed)."""
    for ent in doc_ents(doc):
        kind = NER_KINDS.get(ent.label_)
        if kind is None:
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ in NAME_TITLES | {"the"}:
            start += 1
        while (
            kind == "Person"
            and end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_lower
        ):
            # "Song Min-soon": the tagger stops at the hyphen of a given name.
            end += 2
        while end > start and (
            doc[end - 1].text in ("'s", "’s", "'", "’", "-") or doc[end - 1].lower_ in _WEEKDAYS
        ):
            # "the Great Hall of the People Thursday": the tagger ran on into the date.
            end -= 1
        if start >= end or any(i in index.by_token for i in range(start, end)):
            continue
        text = doc[start:end].text
        if lexicon.demonym(text) or not any(ch.isupper() for ch in text):
            continue
        lowered = tuple(t.lower_ for t in doc[start:end])
        if any(
            words == lowered[k : k + len(words)]
            for words in FOREIGN_MINISTRY
            for k in range(len(lowered))
        ):
            continue
        if kind == "Organization" and "ministry" in text.lower():
            kind = "GovernmentBody"
        elif kind == "Organization" and "opposition" in text.lower():
            continue
        if kind == "Person" and end - start == 1 and not doc[start].is_title:
            continue
        if doc[end - 1].lower_ in EVENT_NAME_HEADS:
            # "the G20 Foreign Ministers' Meeting": the name of an event, not of an actor;
            # an acronym leading it names the grouping whose meeting it is.
            first = doc[start]
            if end - start > 1 and _acronym(first.text) and first.i not in index.by_token:
                if first.text not in index.actors:
                    index.add(first.text, "InternationalOrganization").from_ner = True
                index.mention(doc, start, start + 1, (first.text,))
            continue
        if not text[:1].isalnum():
            continue
        if text not in index.actors:
            index.add(text, kind).from_ner = True
        index.mention(doc, start, end, (text,))


def surnames(doc: Any, index: ActorIndex) -> None:
    """Fold a person named by part of a fuller name ("Nazarbayev") into the fuller one.

    Names the entity recogniser typed as something else ("Nazarbayev's" as ORG) fold too
    when every word of theirs is in a person's fuller name.
    """
    people = [a for a in index.actors.values() if a.kind == "Person"]
    others = [
        a for a in index.actors.values() if a.kind in ("Organization", "Place") and a.from_ner
    ]
    full = sorted(people, key=lambda a: -len(a.label.split()))
    for short in people + others:
        words = name_words(short.label)
        for longer in full:
            lw = name_words(longer.label)
            if longer is short or short.label not in index.actors:
                continue
            if _same_name(lw, words) and short.from_ner and not longer.from_ner:
                # "Davutoglu" in the copy, "Davutoğlu" in the lexicon; a typo
                # ("Nazabayev") in one mention: one person.
                merge_actor(index, short.label, longer.label)
                break
            if len(lw) <= len(words):
                continue
            if all(w in lw for w in words):
                merge_actor(index, short.label, longer.label)
                break


def bare_surnames(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """A proper noun the entity tagger missed that is one known person's name ("Wang is
    scheduled to meet") names that person; names shared by two people stay unresolved."""
    owners: dict[str, set[str]] = {}
    for info in index.actors.values():
        if info.kind == "Person":
            for word in name_words(info.label):
                owners.setdefault(word, set()).add(info.label)
    serving = getattr(lexicon, "serving_person", None) if index.on else None
    pos = token_pos(doc)
    for i, tok in enumerate(token_list(doc)):
        if pos[i] != "PROPN" or i in index.by_token or not tok.is_title:
            continue
        people = owners.get(name_words(tok.text)[0] if tok.text.strip() else "", set())
        if len(people) == 1:
            index.mention(doc, tok.i, tok.i + 1, (next(iter(people)),), source="surname")
        elif (
            not people
            and serving is not None
            and _lone_name(doc, tok)
            and not lexicon.demonym(tok.text)
        ):
            # "with Erdogan and Rouhani": the one key office holder of that name then.
            holder = serving(tok.text, index.on)
            if holder:
                claim(index, doc, tok.i, tok.i + 1, holder, "Person", source="surname")


def _lone_name(doc: Any, tok: Any) -> bool:
    """A one-word name: no other proper noun beside it, not a place or organisation."""
    # The tagger calls unknown surnames nationalities now and then ("Rouhani" as NORP).
    if tok.ent_type_ not in ("", "PERSON", "NORP") or tok.is_sent_start:
        return False
    if tok.lower_ in NAME_TITLES or tok.lower_ in OFFICES_BY_FIRST:
        return False
    near = [doc[k] for k in (tok.i - 1, tok.i + 1) if 0 <= k < len(doc)]
    return not any(t.pos_ == "PROPN" or t.text[:1].isupper() for t in near if not t.is_punct)


def _same_name(a: list[str], b: list[str]) -> bool:
    """Equal names, allowing one typo of one letter in one long word."""
    if "".join(a).lower() == "".join(b).lower():
        return True  # "Song Min-soon", "Song Minsoon"
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x.lower() != y.lower()]
    return not differ or (
        len(differ) == 1 and min(map(len, differ[0])) >= 5 and _one_edit(*differ[0])
    )


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    a, b = a.lower(), b.lower()
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _is_modifier(doc: Any, start: int, end: int) -> bool:
    """True for a name that only qualifies the noun after it ("Syria talks")."""
    last = doc[end - 1]
    if end < len(doc) and doc[end].text in ("'s", "’s", "'", "’"):
        return False
    return last.dep_ in ("compound", "amod", "nmod") and last.head.i >= end
