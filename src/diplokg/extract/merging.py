"""Folding the mentions of one event (headline, standfirst, body, "the talks") together."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from diplokg.extract.mentions import EventMention
from diplokg.extract.tokens import children
from diplokg.records import TimeValue

__all__ = ["EventCluster", "fold_same_sentence", "merge_mentions"]


@dataclass
class EventCluster:
    """Mentions of one event, with the attributes they agree on."""

    mentions: list[EventMention]

    @property
    def first(self) -> EventMention:
        strong = [m for m in self.mentions if not m.weak]
        return min(strong or self.mentions, key=lambda m: (m.heading, m.trigger))

    @property
    def kind(self) -> str:
        # The body names the event more carefully than a standfirst's summary.
        ordered = sorted(self.mentions, key=lambda m: (m.heading, m.trigger))
        strong = [m for m in ordered if not m.weak] or ordered
        return strong[0].kind

    @property
    def status(self) -> str:
        statuses = {m.status for m in self.mentions}
        for status in ("Cancelled", "Held", "Planned", "Proposed"):
            if status in statuses:
                return status
        return "Held"

    @property
    def participants(self) -> list[str]:
        out: list[str] = []
        for m in sorted(self.mentions, key=lambda m: (m.heading, m.trigger)):
            for p in m.participants:
                if p not in out:
                    out.append(p)
        # The heads named stand for their delegations (ANNOTATION): "talks between Serbia
        # and Kosovo" and "Vucic and Kurti will meet" give the two leaders.
        led = {s for m in self.mentions for p, s in m.party_of.items() if p in out}
        return [p for p in out if p not in led]

    @property
    def organizer(self) -> list[str]:
        return list(dict.fromkeys(o for m in self.mentions for o in m.organizer))

    @property
    def location(self) -> str | None:
        # A city in the state another mention names is the more precise place.
        ordered = sorted(self.mentions, key=lambda m: (m.heading, m.trigger))
        places = [m for m in ordered if m.location]
        regions = {m.region for m in places if m.region}
        for m in places:
            if m.location not in regions:
                return m.location
        return places[0].location if places else None

    @property
    def date(self) -> TimeValue | None:
        ordered = sorted(self.mentions, key=lambda m: (m.heading, m.default_date, m.trigger))
        for m in ordered:
            if m.date and not m.date.is_empty:
                return m.date
        return None

    @property
    def round(self) -> int | None:
        return next((m.round for m in self.mentions if m.round), None)


def _topic_of(a: EventMention, b: EventMention, doc: Any) -> bool:
    """True when one mention is what the other (a discussion) is about."""
    for weak, strong in ((a, b), (b, a)):
        if not weak.weak:
            continue
        verb = doc[weak.trigger]
        for c in children(verb):
            if c.dep_ in ("dobj", "ccomp", "xcomp") and strong.trigger in {t.i for t in c.subtree}:
                return True
    return False


def _purpose_of(a: EventMention, b: EventMention, doc: Any) -> bool:
    """ "will meet X to discuss Y": the discussion is the purpose of the meeting, one event
    (whose mood is the meeting's, though the infinitive carries none of its own)."""
    for weak, strong in ((a, b), (b, a)):
        verb = doc[weak.trigger]
        if (
            weak.weak
            and verb.head.i == strong.trigger
            and verb.dep_ in ("advcl", "xcomp")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))
        ):
            return True
    return False


def fold_same_sentence(mentions: list[EventMention], doc: Any) -> list[EventMention]:
    """Merge a weak trigger into a strong one of the same sentence ("held a meeting, during
    which they discussed"); keep the rest."""
    out: list[EventMention] = []
    for m in mentions:
        host = next(
            (
                o
                for o in out
                if o.sent_start == m.sent_start
                and (m.weak or o.weak)
                and (_compatible(o, m, loose=True) or _purpose_of(o, m, doc))
                and not _topic_of(o, m, doc)
            ),
            None,
        )
        if host is None and m.kind == "Visit":
            host = next(
                (
                    o
                    for o in out
                    if o.sent_start == m.sent_start and o.kind == "Visit" and _compatible(o, m)
                ),
                None,
            )
        if host is not None:
            if host.weak and not m.weak:
                out[out.index(host)] = _absorb(m, host)
            else:
                _absorb(host, m)
            continue
        out.append(m)
    return out


def _absorb(into: EventMention, other: EventMention) -> EventMention:
    into.participants.extend(p for p in other.participants if p not in into.participants)
    into.organizer.extend(p for p in other.organizer if p not in into.organizer)
    into.location = into.location or other.location
    into.apart_from |= other.apart_from
    if into.date is None or into.default_date:
        if other.date is not None and not other.default_date:
            into.date, into.default_date = other.date, False
        elif into.date is None:
            into.date, into.default_date = other.date, other.default_date
    return into


_KIND_GROUPS = ({"Meeting", "Talks", "Summit", "PhoneCall"}, {"Visit"})


def _compatible(a: EventMention, b: EventMention, *, loose: bool = False) -> bool:
    if a.trigger in b.apart_from or b.trigger in a.apart_from:
        return False
    if a.kind != b.kind and not any(a.kind in g and b.kind in g for g in _KIND_GROUPS):
        return False
    if a.kind != b.kind and not (a.weak or b.weak or loose) and "PhoneCall" in (a.kind, b.kind):
        return False
    held = {a.status == "Held", b.status == "Held"}
    same_people = bool(a.participants) and set(a.participants) == set(b.participants)
    if len(held) == 2 and not ((a.past_plan or b.past_plan) and same_people):
        return False
    if a.round and b.round and a.round != b.round:
        return False
    if a.location and b.location and not _same_place(a, b):
        return False
    # A headline's present tense says little about the day; the body's dates do.
    guessed = (a.default_date and a.heading) or (b.default_date and b.heading)
    if a.date and b.date and not guessed and not _overlap(a.date, b.date):
        return False
    pa, pb = _parties(a), _parties(b)
    if (
        a.kind != b.kind
        and not (a.weak or b.weak or loose)
        and pa
        and pb
        and pa != pb
        and not (a.heading or b.heading)
        and not (a.status == b.status == "Cancelled" and (pa <= pb or pb <= pa))
    ):
        # (A call-off is of the whole event: "cancelled the summit ... the meeting with X".)
        # "held talks with the leaders ... while meeting with X": a part, not the whole.
        return False
    if a.heading or b.heading:
        # A headline or standfirst sums the story up; it names whom it pleases.
        return True
    return not (pa and pb and not (pa <= pb or pb <= pa) and len(pa & pb) * 2 < len(pa | pb))


def _parties(m: EventMention) -> set[str]:
    """The sides of an event: a person with a known state counts as that state."""
    return {m.party_of.get(p, p) for p in m.participants}


def _same_place(a: EventMention, b: EventMention) -> bool:
    """Same location, or a city and the state it lies in ("in Moscow", "to Russia")."""
    return a.location == b.location or a.region == b.location or b.region == a.location


def _interval(value: TimeValue) -> tuple[dt.date, dt.date] | None:
    """The days a value may stand for: its bounds, else its whole day, month or year."""
    lo = value.earliest
    hi = value.latest
    if value.value:
        parts = [int(p) for p in value.value.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            lo, hi = lo or day, hi or day
        elif len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            lo, hi = lo or dt.date(parts[0], parts[1], 1), hi or dt.date(parts[0], parts[1], last)
        else:
            lo, hi = lo or dt.date(parts[0], 1, 1), hi or dt.date(parts[0], 12, 31)
    if lo is None and hi is None:
        return None
    return lo or dt.date.min, hi or dt.date.max


def _overlap(a: TimeValue, b: TimeValue) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def merge_mentions(mentions: list[EventMention]) -> list[EventCluster]:
    """Fold mentions of one event into clusters; body mentions first, then headlines."""
    clusters: list[EventCluster] = []
    body = [m for m in mentions if not m.heading]
    heads = [m for m in mentions if m.heading]
    for m in body + heads:
        best: EventCluster | None = None
        best_score = 0.0
        for c in clusters:
            if not all(_compatible(o, m) for o in c.mentions):
                continue
            score = _affinity(c, m)
            if _anaphoric(m) and not m.heading:
                # "the meeting", "the talks": the latest event mentioned before it.
                before = [o.trigger for o in c.mentions if o.trigger < m.trigger and not o.heading]
                score = 0.25 + (max(before) / 1e6 if before else 0.0)
            if score > best_score or (
                score == best_score
                and best is not None
                and score > 0
                and not m.heading  # a headline tells the story's first event
                and c.mentions[-1].trigger > best.mentions[-1].trigger
            ):
                best, best_score = c, score
        if best is not None and (best_score >= 1 or _anaphoric(m)):
            if m.plural_anaphor and not m.participants:
                m.participants = list(best.participants)
                for o in best.mentions:
                    m.party_of.update(o.party_of)
            best.mentions.append(m)
            continue
        if best is None and _anaphoric(m) and m.definite:
            continue
        clusters.append(EventCluster([m]))
    return clusters


def _anaphoric(m: EventMention) -> bool:
    if m.plural_anaphor and not m.participants and not m.round:
        return True
    return (
        not m.participants and not m.location and (m.date is None or m.default_date) and not m.round
    )


def _affinity(c: EventCluster, m: EventMention) -> float:
    score = 0.0
    shared = set(c.participants) & set(m.participants)
    sides = {p for o in c.mentions for p in _parties(o)} & _parties(m)
    score += max(len(shared), len(sides)) + len(set(c.organizer) & set(m.organizer))
    if m.round and m.round == c.round:
        score += 1
    if m.location and m.location == c.location:
        score += 1
    cd = c.date
    if (
        m.date
        and cd
        and m.date.value
        and cd.value
        and not m.default_date
        and m.date.value == cd.value
    ):
        score += 1
    elif m.heading and m.date and cd and not m.default_date and _overlap(m.date, cd):
        # "talks to resume in February" over a body's "talks on February 8": one event.
        score += 0.5
    if m.kind == c.kind:
        score += 0.5
    if not m.weak and any(not o.weak for o in c.mentions):
        score += 0.1
    if m.weak and shared:
        score += 0.5
    if (
        m.participants
        and not c.participants
        and m.kind == c.kind
        and any(o.plural_anaphor for o in c.mentions)
    ):
        # "signed after their talks" ... "during his talks with X": the one event.
        score += 1
    if _anaphoric(m):
        score += 0.25
    return score
