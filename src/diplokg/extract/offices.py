"""Offices: "Russian President Vladimir Putin", "the Kazakh leader", "his counterpart".

Offices are resolved within the article first ("Kazakhstan's President Nursultan
Nazarbayev" teaches that the Kazakh president is Nazarbayev, so "the Kazakh leader" is
him) and then by the lexicon, at the article's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Union

from diplokg.extract.actorindex import ActorIndex, ActorInfo, Mention, lower_words, name_words
from diplokg.extract.lexicon import OFFICE_WORDS, NamePatterns
from diplokg.extract.tokens import doc_ents

__all__ = ["OFFICES_BY_FIRST", "bare_offices", "countries_before", "office_at", "titled_people"]

# A runtime alias: "_StateView" is defined below, so the "X | Y" form cannot be used here.
_States = Union[ActorIndex, "_StateView"]

OFFICES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
for _words, _office in sorted(OFFICE_WORDS.items(), key=lambda kv: (-len(kv[0]), kv[0])):
    OFFICES_BY_FIRST.setdefault(_words[0], []).append((_words, _office))


def office_at(doc: Any, i: int) -> tuple[int, str | None] | None:
    """The office word sequence starting at token ``i``: (its length, office)."""
    words = lower_words(doc)
    options = OFFICES_BY_FIRST.get(words[i])
    if not options:
        return None
    for seq, office in options:
        n = len(seq)
        if tuple(words[i : i + n]) == seq:
            return n, office
    return None


def countries_before(doc: Any, i: int, index: _States, lexicon: Any) -> tuple[int, list[str]]:
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


def titled_people(doc: Any, patterns: NamePatterns, index: ActorIndex) -> None:
    """Learn offices from titled names ("Russian President Vladimir Putin") and claim them."""
    lexicon = patterns.lexicon
    lex_people = {(s, e): entry for s, e, entry in patterns.spans(doc)}
    people: dict[int, tuple[int, str]] = {}
    for (s, e), entry in lex_people.items():
        if entry.kind == "Person":
            people[s] = (e, entry.label)
    for ent in doc_ents(doc):
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
    words = lower_words(doc)
    for i in range(len(doc)):
        # Most tokens start no office: a dictionary test skips them before office_at.
        hit = office_at(doc, i) if words[i] in OFFICES_BY_FIRST else None
        if hit is None or i in index.by_token:
            continue
        n, office = hit
        named = _names_after(doc, i + n, people)
        if not named:
            continue
        first, countries = countries_before(doc, i, _StateView(index, lex_people), lexicon)
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


def bare_offices(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Resolve office phrases without a name ("the Kazakh leader") to the holder."""
    last_office: str | None = None
    words = [w[:-1] if w in ("leaders",) else w for w in lower_words(doc)]
    lowered = lower_words(doc)
    for i in range(len(doc)):
        hit = office_at(doc, i) if lowered[i] in OFFICES_BY_FIRST else None
        if hit is None:
            continue
        n, office = hit
        if any(k in index.by_token for k in range(i, i + n)):
            continue
        first, countries = countries_before(doc, i, index, lexicon)
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
            if holder is not None and index.actors[holder].country is None:
                # "the foreign ministers of A and B": each holds the office for their state.
                index.actors[holder].country = country
                index.actors[holder].role = index.actors[holder].role or (office, country)
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
    words = [w.lower() for w in name_words(label)]
    for info in index.actors.values():
        if info.kind != "Person":
            continue
        mine = [w.lower() for w in name_words(info.label)]
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
