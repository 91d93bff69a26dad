"""Actors in an article: names, demonyms, offices, ministries and groups, with coreference.

Every mention of an actor becomes a :class:`Mention` over tokens of the spaCy ``Doc``;
mentions that only modify another actor ("Russian" in "Russian President Vladimir Putin")
are flagged so that they never count as participants. Offices are resolved within the
article first ("Kazakhstan's President Nursultan Nazarbayev" teaches that the Kazakh
president is Nazarbayev, so "the Kazakh leader" is him) and then by the lexicon.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Union

from diplokg.extract.lexicon import (
    FOREIGN_MINISTRY,
    GEOGRAPHIC_NOUNS,
    NAME_TITLES,
    NER_KINDS,
    OFFICE_WORDS,
    UN_AGENCY_FIELDS,
    UN_AGENCY_NOUNS,
    NamePatterns,
)
from diplokg.extract.placenames import place_reading, resolve_metonyms

__all__ = ["ActorIndex", "ActorInfo", "Mention", "find_actors"]

_THE = ("United ", "People's ", "Republic ", "Democratic ", "Kingdom ", "Islamic ", "Federal ")
_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
_TITLE_HEADS = frozenset(
    {w for words in OFFICE_WORDS for w in words if w not in ("of", "affairs")}
    | {"secretary", "spokesman", "spokeswoman", "chief", "head", "ambassador", "official"}
)
_PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his"})
_GROUP_HEADS = frozenset({"group", "groups", "delegation", "delegations", "members", "forces"})
_STATE_METONYMS = frozenset(
    {"government", "authorities", "leadership", "side", "army", "delegation", "administration"}
)


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
        span = doc[start:end]
        for label in actors:
            info = self.actors[label]
            info.spans.append((span.start_char, span.end_char))
            if len(actors) == 1 and span.text != label and source == "name":
                info.aliases.add(span.text)
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
        sent_starts = sorted({s.start for s in doc.sents})
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


def find_actors(
    doc: Any, patterns: NamePatterns, *, publisher: str | None = None, on: dt.date | None = None
) -> ActorIndex:
    """Every actor mention of ``doc``: lexicon names, entities, offices, groups, demonyms.

    ``on`` is the day offices are resolved at ("the Kazakh president" then).
    """
    index = ActorIndex(on=on)
    lexicon = patterns.lexicon
    _titled_people(doc, patterns, index)
    _lexicon_names(doc, patterns, index)
    _entity_names(doc, index, lexicon)
    _surnames(doc, index)
    _bare_surnames(doc, index, lexicon)
    _opposition(doc, index, lexicon)
    _demonyms(doc, index, lexicon)
    _bare_offices(doc, index, lexicon)
    _ministries(doc, index, lexicon)
    resolve_metonyms(doc, index, lexicon)
    if publisher:
        index.add(publisher, "MediaOrganization")
    index.mentions.sort(key=lambda m: m.start)
    return index


# --- names -----------------------------------------------------------------------------


def _lexicon_spans(doc: Any, patterns: NamePatterns) -> list[tuple[int, int, Any]]:
    return patterns.spans(doc)


def _lexicon_names(doc: Any, patterns: NamePatterns, index: ActorIndex) -> None:
    for start, end, entry in _lexicon_spans(doc, patterns):
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


def _un_agency(doc: Any, end: int, label: str, patterns: NamePatterns) -> Any | None:
    """ "the U.N. nuclear agency": the agency of that field, as the lexicon knows it."""
    if label != "United Nations" or end + 1 >= len(doc):
        return None
    field_word, noun = doc[end].lower_, doc[end + 1].lower_
    if noun not in UN_AGENCY_NOUNS or field_word not in UN_AGENCY_FIELDS:
        return None
    entry = patterns.lookup(UN_AGENCY_FIELDS[field_word])
    return entry if entry is not None and entry.kind == "InternationalOrganization" else None


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


def _entity_names(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    for ent in doc.ents:
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
        if not text[:1].isalnum():
            continue
        if text not in index.actors:
            index.add(text, kind).from_ner = True
        index.mention(doc, start, end, (text,))


def _surnames(doc: Any, index: ActorIndex) -> None:
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
        words = _name_words(short.label)
        for longer in full:
            lw = _name_words(longer.label)
            if longer is short or short.label not in index.actors:
                continue
            if _same_name(lw, words) and short.from_ner and not longer.from_ner:
                # "Davutoglu" in the copy, "Davutoğlu" in the lexicon; a typo
                # ("Nazabayev") in one mention: one person.
                _merge_actor(index, short.label, longer.label)
                break
            if len(lw) <= len(words):
                continue
            if all(w in lw for w in words):
                _merge_actor(index, short.label, longer.label)
                break


def _bare_surnames(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """A proper noun the entity tagger missed that is one known person's name ("Wang is
    scheduled to meet") names that person; names shared by two people stay unresolved."""
    owners: dict[str, set[str]] = {}
    for info in index.actors.values():
        if info.kind == "Person":
            for word in _name_words(info.label):
                owners.setdefault(word, set()).add(info.label)
    serving = getattr(lexicon, "serving_person", None) if index.on else None
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in index.by_token or not tok.is_title:
            continue
        people = owners.get(_name_words(tok.text)[0] if tok.text.strip() else "", set())
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
    if tok.lower_ in NAME_TITLES or tok.lower_ in _OFFICES_BY_FIRST:
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


def _name_words(label: str) -> list[str]:
    """Words of a name without diacritics ("Erdoğan" is "Erdogan" in much English copy)."""
    plain = unicodedata.normalize("NFKD", label.replace("-", " ").replace(".", " "))
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).split()


def _merge_actor(index: ActorIndex, old: str, new: str) -> None:
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


def _is_modifier(doc: Any, start: int, end: int) -> bool:
    """True for a name that only qualifies the noun after it ("Syria talks")."""
    last = doc[end - 1]
    if end < len(doc) and doc[end].text in ("'s", "’s", "'", "’"):
        return False
    return last.dep_ in ("compound", "amod", "nmod") and last.head.i >= end


# A runtime alias: "_StateView" is defined below, so the "X | Y" form cannot be used here.
_States = Union[ActorIndex, "_StateView"]

# --- offices ---------------------------------------------------------------------------


_OFFICES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
for _words, _office in sorted(OFFICE_WORDS.items(), key=lambda kv: (-len(kv[0]), kv[0])):
    _OFFICES_BY_FIRST.setdefault(_words[0], []).append((_words, _office))


def lower_words(doc: Any) -> list[str]:
    """The lower-case text of every token, computed once per document."""
    cached: list[str] | None = doc.user_data.get("diplokg_lower")
    if cached is None:
        cached = [t.lower_ for t in doc]
        doc.user_data["diplokg_lower"] = cached
    return cached


def _office_at(doc: Any, i: int) -> tuple[int, str | None] | None:
    """The office word sequence starting at token ``i``: (its length, office)."""
    words = lower_words(doc)
    options = _OFFICES_BY_FIRST.get(words[i])
    if not options:
        return None
    for seq, office in options:
        n = len(seq)
        if tuple(words[i : i + n]) == seq:
            return n, office
    return None


def _countries_before(doc: Any, i: int, index: _States, lexicon: Any) -> tuple[int, list[str]]:
    """States qualifying an office word at ``i``: demonyms, possessives, compounds."""
    j = i
    found: list[str] = []
    while j > 0:
        tok = doc[j - 1]
        if tok.lower_ in ("and", ",", "'s", "’s", "the", "his", "her", "their", "its", "top"):
            j -= 1
            continue
        state = _state_of(doc, j - 1, index, lexicon)
        if state is None:
            break
        found.insert(0, state[1])
        j = state[0]
    while j < i and doc[j].lower_ in ("and", ","):
        j += 1
    return j, list(dict.fromkeys(found))


def _state_of(doc: Any, last: int, index: _States, lexicon: Any) -> tuple[int, str] | None:
    """A state named by tokens ending at ``last``: (first token, state label)."""
    found = index.by_token.get(last)
    if found is not None and len(found.actors) == 1 and index.kind(found.actors[0]) == "State":
        return found.start, found.actors[0]
    label = lexicon.demonym(doc[last].text)
    if label:
        index.add(label, "State")
        return last, label
    return None


def _countries_after(doc: Any, end: int, index: _States, lexicon: Any) -> tuple[int, list[str]]:
    """States after an office word ("of Russia and Turkey"): (end token, state labels)."""
    found: list[str] = []
    if end + 1 >= len(doc) or doc[end].lower_ != "of":
        return end, found
    j = end + 1
    last = end
    while j < len(doc):
        if doc[j].lower_ in ("the",):
            j += 1
            continue
        hit = index.by_token.get(j)
        k = hit.end - 1 if hit is not None else j
        state = _state_of(doc, k, index, lexicon)
        if state is None:
            break
        found.append(state[1])
        last = k + 1
        j = k + 1
        if j < len(doc) and doc[j].lower_ in (",", "and"):
            j += 1
            if j < len(doc) and doc[j].lower_ == "and":
                j += 1
            continue
        break
    return last, found


def _titled_people(doc: Any, patterns: NamePatterns, index: ActorIndex) -> None:
    """Learn offices from titled names ("Russian President Vladimir Putin") and claim them."""
    lexicon = patterns.lexicon
    lex_people = {(s, e): entry for s, e, entry in _lexicon_spans(doc, patterns)}
    people: dict[int, tuple[int, str]] = {}
    for (s, e), entry in lex_people.items():
        if entry.kind == "Person":
            people[s] = (e, entry.label)
    for ent in doc.ents:
        if (
            ent.label_ == "PERSON"
            and ent.start not in people
            and not any(s <= ent.start < e for (s, e) in lex_people)
        ):
            people[ent.start] = (ent.end, ent.text)
    # States must be known before offices look for them.
    for entry in lex_people.values():
        if entry.kind == "State":
            index.add(entry.label, "State")
    anchor_office: str | None = None
    for i in range(len(doc)):
        hit = _office_at(doc, i)
        if hit is None or i in index.by_token:
            continue
        n, office = hit
        named = _names_after(doc, i + n, people)
        if not named:
            continue
        first, countries = _countries_before(doc, i, _StateView(index, lex_people), lexicon)
        if office is None:
            office = anchor_office or "head_of_state"
        for k, (s, e, label) in enumerate(named):
            _, after = _countries_after(doc, e, _StateView(index, lex_people), lexicon)
            country = (
                after[0]
                if after
                else (
                    countries[k]
                    if len(countries) == len(named)
                    else countries[0]
                    if len(countries) == 1
                    else None
                )
            )
            index.add(label, "Person")
            if country:
                index.add(country, "State")
                index.roles.setdefault((office, country), label)
                index.actors[label].role = index.actors[label].role or (office, country)
                index.actors[label].country = country
            start = first if k == 0 else s
            index.mention(doc, start, e, (label,), source="name")
            if country and after:
                index.mention(doc, e + 1, e + 2, (country,), modifier=True)
        anchor_office = office


class _StateView:
    """A read-only view for looking up states among lexicon spans before they are claimed."""

    def __init__(self, index: ActorIndex, spans: dict[tuple[int, int], Any]) -> None:
        self._index = index
        self.by_token: dict[int, Mention] = dict(index.by_token)
        for (s, e), entry in spans.items():
            if entry.kind == "State":
                found = Mention(s, e, (entry.label,))
                for k in range(s, e):
                    self.by_token.setdefault(k, found)

    def kind(self, label: str) -> str:
        return self._index.kind(label) if label in self._index.actors else "State"

    def add(self, label: str, kind: str) -> ActorInfo:
        return self._index.add(label, kind)


def _names_after(
    doc: Any, i: int, people: dict[int, tuple[int, str]]
) -> list[tuple[int, int, str]]:
    """People named right after an office word, with coordination ("A, B and C")."""
    named: list[tuple[int, int, str]] = []
    j = i
    if j < len(doc) and doc[j].text == ",":
        j += 1
    while j in people:
        end, label = people[j]
        named.append((j, end, label))
        k = end
        if k + 2 < len(doc) and doc[k].lower_ == "of" and doc[k + 1].ent_type_ == "GPE":
            k += 2
        if (k < len(doc) and doc[k].text == "," and k + 1 in people) or (
            k < len(doc) and doc[k].lower_ == "and" and k + 1 in people
        ):
            j = k + 1
        elif k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "and":
            j = k + 2
        else:
            break
    return named


def _bare_offices(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Resolve office phrases without a name ("the Kazakh leader") to the holder."""
    last_office: str | None = None
    words = [w[:-1] if w in ("leaders",) else w for w in lower_words(doc)]
    for i in range(len(doc)):
        hit = _office_at(doc, i)
        if hit is None:
            continue
        n, office = hit
        if any(k in index.by_token for k in range(i, i + n)):
            continue
        first, countries = _countries_before(doc, i, index, lexicon)
        end, after = _countries_after(doc, i + n, index, lexicon)
        countries = countries + [c for c in after if c not in countries]
        relative = office is None
        if relative:
            anchor = index.last_person_before(doc, i, window=1)
            role = index.actors[anchor].role if anchor else None
            office = role[0] if role else (last_office or "head_of_state")
        office = office or "head_of_state"
        holders: list[str] = []
        for country in countries:
            holder = index.roles.get((office, country))
            if holder is None and office == "head_of_state":
                holder = index.roles.get(("head_of_government", country))
            if holder is None:
                holder = _named_holder(index, lexicon, office, country, words[i] == "leader")
            holders.append(holder or country)
        while first > 0 and doc[first - 1].lower_ in ("the", "his", "her", "its", "their"):
            first -= 1
        if holders:
            index.mention(
                doc, first, end, tuple(dict.fromkeys(holders)), source="office", absorb=True
            )
        elif office in ("envoy", "high_representative") and not relative:
            holder = index.roles.get((office, "")) or index.last_person_before(doc, i)
            if holder:
                index.mention(doc, first, end, (holder,), source="office")
        last_office = office


def _named_holder(
    index: ActorIndex, lexicon: Any, office: str, country: str, leader: bool
) -> str | None:
    """The office holder per the lexicon, as the article names them.

    "The leaders of A and B" are the heads of state or of government: whichever the
    article names ("Prime Minister Abiy Ahmed" makes Ethiopia's leader its premier).
    """
    offices = [office, "head_of_government"] if leader else [office]
    found: list[str] = []
    for candidate in offices:
        holder = _lexicon_holder(lexicon, candidate, country, index.on)
        if holder is None:
            continue
        named = _person_named(index, holder)
        if named is not None:
            return named
        found.append(holder)
    if not found:
        return None
    index.add(found[0], "Person")
    return found[0]


def _person_named(index: ActorIndex, label: str) -> str | None:
    """The person of the article whose name is ``label`` or part of it ("Abiy Ahmed")."""
    words = [w.lower() for w in _name_words(label)]
    for info in index.actors.values():
        if info.kind != "Person":
            continue
        mine = [w.lower() for w in _name_words(info.label)]
        if mine == words or (len(mine) > 1 and all(w in words for w in mine)):
            return info.label
    return None


def _lexicon_holder(lexicon: Any, office: str, country: str, on: dt.date | None) -> str | None:
    """The holder of an office on a day per the lexicon, when it offers that (optional API)."""
    holder = getattr(lexicon, "office_holder", None)
    state_qid = getattr(lexicon, "state_qid", None)
    if holder is None or state_qid is None or on is None:
        return None
    qid = state_qid(country)
    result = holder(qid, office, on) if qid else None
    label = getattr(result, "label", None)
    return str(label) if label else None


# --- bodies and groups -----------------------------------------------------------------


def _ministries(doc: Any, index: ActorIndex, lexicon: Any) -> None:
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
            first, countries = _countries_before(doc, i, index, lexicon)
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
    sent = doc[i].sent
    for found in index.mentions:
        if sent.start <= found.start < sent.end:
            for label in found.actors:
                info = index.actors[label]
                if info.kind == "Person" and info.country:
                    return info.country
    return _main_state(index)


def _main_state(index: ActorIndex) -> str | None:
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


def _opposition(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Opposition groups: "the Syrian opposition", "opposition groups", "the opposition"."""
    group: str | None = None
    for tok in doc:
        if tok.lower_ != "opposition" or tok.i in index.by_token:
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
            main = _main_state(index)
            demonym = _demonym_for(doc, main, index, lexicon) if main else None
            label = f"{demonym} opposition" if demonym else "opposition"
        index.add(label, "NonStateGroup")
        if group is None or qualifier:
            group = group or label
        index.mention(doc, start, end, (label,), source="name")
        index.actors[label].aliases.add(doc[start:end].text)


def _demonym_for(doc: Any, state: str, index: ActorIndex, lexicon: Any) -> str | None:
    for tok in doc:
        if tok.is_title and lexicon.demonym(tok.text) == state and tok.text != state:
            return str(tok.text)
    return None


def _demonyms(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Adjectives and nouns of nationality ("Kazakh", "the Chinese") as their state."""
    for tok in doc:
        if tok.i in index.by_token or not tok.text[:1].isupper():
            continue
        label = lexicon.demonym(tok.text)
        if label is None or (tok.dep_ == "amod" and tok.head.lower_ in GEOGRAPHIC_NOUNS):
            # "the Swiss city" names a city, not Switzerland.
            continue
        index.add(label, "State")
        modifier = (
            tok.dep_ in ("amod", "compound", "nmod") and tok.head.lower_ not in _STATE_METONYMS
        )
        index.mention(doc, tok.i, tok.i + 1, (label,), modifier=modifier, source="demonym")
