"""Link a record's actors to Wikidata: names, surnames, roles at a date, ministries.

Precision first: an actor gets a QID only when one candidate clearly wins
(score >= :data:`CONFIDENT` and a clear margin over the next); otherwise it keeps its
minted IRI and the best candidates with their scores, for a reviewer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from diplokg.link.gazetteer import EntityInfo, Match, ministry_label
from diplokg.link.names import fold_name, name_tokens, strip_titles
from diplokg.records import Actor, Record, Role

__all__ = ["CONFIDENT", "EntityLinker", "link_actors", "link_record"]

CONFIDENT = 0.85
_MARGIN = 0.3
_NEVER_LINKED = frozenset({"GovernmentBody", "MediaOrganization", "NonStateGroup"})
_FOREIGN_MINISTRY = re.compile(
    r"\b(foreign (affairs )?ministry|ministry of foreign affairs|foreign office|mfa|"
    r"ministry of external affairs|foreign ministry)\b"
)


class EntityLinker(Protocol):
    """What :func:`link_record` needs; the gazetteer and the online resolver have it."""

    def lookup(self, name: str, on: dt.date | None = None, kind: str | None = None) -> list[Match]:
        """Candidates for a name, best first."""
        ...

    def office_holder(self, country_qid: str, office: str, on: dt.date) -> EntityInfo | None:
        """Who held an office of a state at a date, if known for sure."""
        ...

    def state_qid(self, text: str) -> str | None:
        """A state's QID from its QID, name or demonym."""
        ...

    def entity(self, qid: str) -> EntityInfo | None:
        """Label, kind and country of a known QID."""
        ...

    def prepare(self, names: Iterable[str]) -> None:
        """Fetch what the names need in bulk before single lookups (may do nothing)."""
        ...


def _confident(matches: list[Match]) -> Match | None:
    if not matches or matches[0].score < CONFIDENT:
        return None
    if len(matches) > 1 and matches[0].score - matches[1].score < _MARGIN:
        return None
    return matches[0]


def _merge(groups: Iterable[list[Match]]) -> list[Match]:
    """Best score per QID over several names, best first (ties by QID, for determinism)."""
    best: dict[str, Match] = {}
    for matches in groups:
        for match in matches:
            if match.qid not in best or match.score > best[match.qid].score:
                best[match.qid] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.qid))


_ROLE_TOKENS = frozenset(
    (
        "president",
        "minister",
        "premier",
        "king",
        "queen",
        "leader",
        "secretary",
        "chancellor",
        "emir",
        "monarch",
        "sultan",
        "prime",
        "foreign",
        "head",
        "chief",
        "spokesman",
    )
)


def _is_role_phrase(label: str) -> bool:
    """True for a description by office ("the Kazakh president"), not a name."""
    return any(token in _ROLE_TOKENS for token in strip_titles(label).split())


def _is_name_fragment(label: str) -> bool:
    """True for a bare surname or a title plus surname ("President Bush")."""
    return len(strip_titles(label).split()) <= 1


class _Context:
    """What one record tells about its own actors: states and full names seen."""

    def __init__(self, record: Record, linker: EntityLinker, on: dt.date | None) -> None:
        self.linker = linker
        self.on = on
        self.by_id = {a.id: a for a in record.actors}
        # token -> QIDs of people the article names in full (for later bare surnames).
        self.full_names: dict[str, set[str]] = {}

    def remember(self, actor: Actor, qid: str) -> None:
        for name in (actor.label, *actor.aliases):
            tokens = strip_titles(name).split()
            if len(tokens) >= 2:
                for token in (tokens[0], tokens[-1]):
                    self.full_names.setdefault(token, set()).add(qid)

    def country_qid(self, ref: str | None) -> str | None:
        """A state's QID from an actor id, a QID, a name or a demonym."""
        if not ref:
            return None
        actor = self.by_id.get(ref)
        if actor is not None:
            return actor.qid or self.linker.state_qid(actor.label)
        return self.linker.state_qid(ref)


def _link_person_by_role(actor: Actor, ctx: _Context) -> tuple[EntityInfo | None, str | None]:
    """The office holder a role names at the date, and the role's state QID."""
    role = actor.role
    if role is None:
        return None, None
    country = ctx.country_qid(role.country)
    if country is None or ctx.on is None:
        return None, country
    return ctx.linker.office_holder(country, role.office, ctx.on), country


def _link_one(actor: Actor, ctx: _Context) -> Actor:
    names = [actor.label, *actor.aliases]
    holder, role_country = (None, None)
    if actor.kind == "Person":
        holder, role_country = _link_person_by_role(actor, ctx)
    if actor.role is not None and role_country is not None:
        actor = replace(actor, role=Role(actor.role.office, role_country))
    if actor.kind == "Person":
        names = [n for n in names if not _is_role_phrase(n)]
    full = [n for n in names if not _is_name_fragment(n)]
    fragments = [n for n in names if _is_name_fragment(n)]
    matches = _merge(ctx.linker.lookup(n, ctx.on, actor.kind) for n in full)
    chosen = _confident(matches)
    if chosen is None and actor.kind == "Person":
        chosen, matches = _link_fragments(fragments, matches, holder, ctx)
    elif chosen is None and fragments:
        more = _merge([matches, *(ctx.linker.lookup(n, ctx.on, actor.kind) for n in fragments)])
        chosen, matches = _confident(more), more
    if chosen is None and holder is not None and not full and not fragments:
        chosen = Match(holder.qid, holder.label, holder.kind, 1.0, holder.country)
    if chosen is None:
        top = tuple(m.candidate() for m in matches[:5])
        return replace(actor, qid=None, candidates=top)
    ctx.remember(actor, chosen.qid)
    label = actor.label
    if _is_name_fragment(label) or (actor.role is not None and not full):
        label = chosen.label
    aliases = actor.aliases
    if label != actor.label and actor.label not in aliases:
        aliases = (*aliases, actor.label)
    return replace(actor, qid=chosen.qid, label=label, aliases=aliases, candidates=())


def _link_fragments(
    fragments: list[str], matches: list[Match], holder: EntityInfo | None, ctx: _Context
) -> tuple[Match | None, list[Match]]:
    """Resolve a bare surname: the article's own full names first, then the office data."""
    for fragment in fragments:
        tokens = strip_titles(fragment).split()
        if not tokens:
            continue
        seen = ctx.full_names.get(tokens[-1], set())
        if len(seen) == 1:
            qid = next(iter(seen))
            info = ctx.linker.entity(qid)
            label = info.label if info else fragment
            return Match(qid, label, "Person", 0.95), matches
    if holder is not None and fragments:
        surname = {strip_titles(f) for f in fragments}
        if surname & set(name_tokens(holder.label)):
            return Match(holder.qid, holder.label, "Person", 0.95, holder.country), matches
    more = _merge([matches, *(ctx.linker.lookup(f, ctx.on, "Person") for f in fragments)])
    return _confident(more), more


def _normalise_body(actor: Actor, ctx: _Context, state_ids: dict[str, str]) -> Actor:
    """A ministry or agency stays unlinked; a foreign ministry gets its reader's label."""
    if actor.kind != "GovernmentBody":
        return replace(actor, qid=None)
    country = ctx.country_qid(actor.country)
    folded = [fold_name(n) for n in (actor.label, *actor.aliases)]
    if country is None:
        for name in (actor.label, *actor.aliases):
            country = _state_in(name, ctx)
            if country:
                break
    country_id = actor.country if actor.country in ctx.by_id else state_ids.get(country or "")
    if country_id is not None:
        actor = replace(actor, country=country_id)
    if country is None or not any(_FOREIGN_MINISTRY.search(f) for f in folded):
        return replace(actor, qid=None)
    info = ctx.linker.entity(country)
    if info is None:
        return replace(actor, qid=None)
    label = ministry_label(info.label)
    aliases = actor.aliases
    if label != actor.label and actor.label not in aliases:
        aliases = (*aliases, actor.label)
    return replace(actor, qid=None, label=label, aliases=aliases)


def _state_in(name: str, ctx: _Context) -> str | None:
    """The state a ministry's name mentions ("Kazakhstan's Foreign Ministry")."""
    words = re.sub(r"['’]s\b", "", name).split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            qid = ctx.linker.state_qid(" ".join(words[i : i + size]))
            if qid:
                return qid
    return None


def link_actors(actors: Iterable[Actor], linker: EntityLinker, on: dt.date | None) -> list[Actor]:
    """Link actors outside a record (no context from other actors)."""
    record = Record(article="", key="", actors=tuple(actors))
    return list(link_record(record, linker, on).actors)


def link_record(record: Record, linker: EntityLinker, on: dt.date | None = None) -> Record:
    """Fill ``qid``, ``candidates`` and role states of a record's actors at date ``on``.

    People named in full are linked first so that bare surnames elsewhere in the article
    resolve to them; roles ("the Kazakh president") resolve to the office holder at
    ``on``; ministries, agencies and non-state groups stay unlinked but labelled.
    """
    ctx = _Context(record, linker, on)
    linker.prepare(n for a in record.actors for n in (a.label, *a.aliases))
    order = sorted(
        range(len(record.actors)),
        key=lambda i: (
            record.actors[i].kind in _NEVER_LINKED,
            _is_name_fragment(record.actors[i].label),
            i,
        ),
    )
    linked: dict[int, Actor] = {}
    for i in order:
        actor = record.actors[i]
        if actor.kind in _NEVER_LINKED:
            continue
        linked[i] = _link_one(actor, ctx)
        ctx.by_id[actor.id] = linked[i]
    state_ids: dict[str, str] = {}
    for i in sorted(linked):
        if linked[i].qid and linked[i].kind == "State":
            state_ids.setdefault(str(linked[i].qid), linked[i].id)
    for i in order:
        actor = record.actors[i]
        if actor.kind in _NEVER_LINKED:
            linked[i] = _normalise_body(actor, ctx, state_ids)
    actors = tuple(linked[i] for i in range(len(record.actors)))
    return replace(record, actors=actors)
