"""From an :class:`~diplokg.records.Article` to a :class:`~diplokg.records.Record`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any

from diplokg.extract.actors import ActorIndex, find_actors
from diplokg.extract.clauses import DocContext, TimeAt
from diplokg.extract.declarations import DeclMention, find_declarations
from diplokg.extract.events import find_event_mentions
from diplokg.extract.lexicon import NamePatterns, build_patterns
from diplokg.extract.merging import EventCluster, merge_mentions
from diplokg.extract.model import one_blas_thread
from diplokg.extract.timex import dateline_date, find_times
from diplokg.extract.tokens import token_list, token_texts, token_whitespace
from diplokg.records import (
    Actor,
    Article,
    Declaration,
    Event,
    Evidence,
    Lexicon,
    Record,
    Series,
    TimeValue,
)

__all__ = ["extract_record", "extract_records"]


def extract_record(article: Article, nlp: Any, lexicon: Lexicon) -> Record:
    """Actors, events and declarations of one article, with evidence spans.

    Args:
        article: the ingested article (its text without header block).
        nlp: a loaded spaCy pipeline (see :func:`diplokg.extract.load_model`).
        lexicon: names to recognise (the gazetteer); QIDs are set later by linking.
    """
    return next(extract_records([article], nlp, lexicon))


def extract_records(
    articles: Iterable[Article], nlp: Any, lexicon: Lexicon, *, batch_size: int = 16
) -> Iterator[Record]:
    """Records of many articles, parsing them in batches with ``nlp.pipe``."""
    patterns = build_patterns(nlp, lexicon)
    pairs = ((_nlp_text(a), a) for a in articles)
    docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    while True:
        # One BLAS thread while spaCy parses, not while the caller has the generator
        # suspended: the limit is process-wide.
        with one_blas_thread():
            found = next(docs, None)
        if found is None:
            return
        doc, article = found
        yield _record(doc, article, patterns)


def _nlp_text(article: Article) -> str:
    """The text spaCy reads: captions blanked (same length, so offsets hold)."""
    text = article.text
    for cap in article.captions:
        text = text[: cap.start] + re.sub(r"\S", " ", text[cap.start : cap.end]) + text[cap.end :]
    return text


def _record(doc: Any, article: Article, patterns: NamePatterns) -> Record:
    text = article.text
    day = _reference_day(article)  # parses the dateline: once per article
    actors = find_actors(doc, patterns, publisher=article.publisher, on=day)
    dateline_place = _dateline_place(article, actors, patterns)
    ctx = DocContext(
        doc=doc,
        times=_times(doc, article, day),
        reference_day=day,
        published=article.published,
        body_start_token=_token_at(doc, article.body_start),
        dateline_place=dateline_place,
        skip_tokens=_caption_tokens(doc, article),
    )
    mentions = find_event_mentions(ctx, actors)
    clusters = [c for c in merge_mentions(mentions) if _informative(c)]
    _inherit_dates(clusters)
    _inherit_series(clusters)
    paragraphs = _paragraph_starts(doc)
    declarations = find_declarations(ctx, actors, clusters, paragraphs)
    _fill_locations(clusters, ctx)
    ids = _actor_ids(actors, clusters, declarations, dateline_place, article.publisher)
    series, series_of = _series(clusters)
    events = [_event(k, c, ids, text, doc, series_of.get(k)) for k, c in enumerate(clusters)]
    decls = [_declaration(k, d, ids, text, doc) for k, d in enumerate(declarations)]
    stem = PurePath(article.path).name if article.path else article.stem
    return Record(
        article=stem,
        key=article.key,
        actors=tuple(_actor(a, label, actors, ids, text) for label, a in ids.items()),
        events=tuple(events),
        declarations=tuple(decls),
        series=tuple(series),
        source_url=article.source_url,
        headline=article.headline,
        published=article.published,
        publisher=ids[article.publisher].id if article.publisher in ids else None,
        dateline=ids[dateline_place].id if dateline_place in ids else None,
        text_length=len(text),
        notes=article.notes,
    )


# --- context ---------------------------------------------------------------------------


def _times(doc: Any, article: Article, day: dt.date | None) -> list[TimeAt]:
    out: list[TimeAt] = []
    dateline = article.dateline_span
    for m in find_times(article.text, article.published, dateline_day=day):
        if dateline is not None and m.start < dateline.end and m.end > dateline.start:
            # The dateline's day is the day of writing, not of what the sentence reports.
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(TimeAt(span.start, span.end, m.value, m.surface))
    return out


def _reference_day(article: Article) -> dt.date | None:
    if article.dateline_span is not None:
        line = article.text[article.dateline_span.start : article.dateline_span.end + 40]
        day = dateline_date(line.split("\n")[0], article.published)
        if day is not None:
            return day
    pub = article.published
    if pub is not None and pub.value and len(pub.value) == 10:
        return dt.date.fromisoformat(pub.value)
    return None


def _token_at(doc: Any, offset: int) -> int:
    for tok in token_list(doc):
        if tok.idx >= offset:
            return int(tok.i)
    return len(doc)


def _caption_tokens(doc: Any, article: Article) -> frozenset[int]:
    skip: set[int] = set()
    for cap in article.captions:
        span = doc.char_span(cap.start, cap.end, alignment_mode="expand")
        if span is not None:
            skip.update(range(span.start, span.end))
    return frozenset(skip)


def _dateline_place(article: Article, actors: ActorIndex, patterns: NamePatterns) -> str | None:
    if not article.dateline:
        return None
    written = re.split(r"[/,]", article.dateline)[0].strip()
    if not written:
        return None
    for variant in (written, written.title(), written.capitalize()):
        entry = patterns.lookup(variant)
        if entry is not None and entry.kind in ("Place", "State"):
            actors.add(entry.label, entry.kind)
            return entry.label
    for label, info in actors.actors.items():
        if info.kind in ("Place", "State") and (
            label.lower() == written.lower() or written.lower() in {a.lower() for a in info.aliases}
        ):
            return label
    label = written.title() if written.isupper() else written
    actors.add(label, "Place")
    return label


def _inherit_dates(clusters: list[EventCluster]) -> None:
    """A held meeting reported right after a dated one with the same people took place
    that day ("held talks on Monday ... said while meeting with X")."""

    def first_body(c: EventCluster) -> int | None:
        body = [m.trigger for m in c.mentions if not m.heading]
        return min(body) if body else None

    for c in clusters:
        start = first_body(c)
        if c.status != "Held" or c.date is not None or start is None:
            continue
        before = [
            (s, o)
            for o in clusters
            if o is not c
            and o.status == "Held"
            and (s := first_body(o)) is not None
            and start - 250 < s < start
            and o.date is not None
            and len(o.date.value or "") == 10
            and set(o.participants) & set(c.participants)
        ]
        if before:
            source = max(before, key=lambda pair: pair[0])[1]
            c.mentions[0].date = source.date
            c.mentions[0].default_date = True


def _is_round(c: EventCluster) -> bool:
    return bool(c.round or any(m.series_label == "round" for m in c.mentions))


def _inherit_series(clusters: list[EventCluster]) -> None:
    """A later round of a series takes the series' parties unless the text names others
    ("the first round, involving X ... The second round was held in October")."""
    rounds = [c for c in clusters if _is_round(c)]
    parties = next((c.participants for c in rounds if c.participants), [])
    for c in rounds:
        if not c.participants and parties:
            c.mentions[0].participants = list(parties)


def _paragraph_starts(doc: Any) -> list[int]:
    """Token indices that open a line (0 first), in order."""
    starts = [0]
    after_break = False
    for i, (text, space) in enumerate(zip(token_texts(doc), token_whitespace(doc), strict=True)):
        if "\n" in text or after_break:
            starts.append(i)
        after_break = "\n" in space
    return starts


def _informative(c: EventCluster) -> bool:
    """An event needs someone, somewhere, some time or a number to be worth a node."""
    return bool(
        c.participants
        or c.location
        or c.organizer
        or c.round
        or any(
            m.date is not None and not m.date.is_empty and not m.default_date for m in c.mentions
        )
    )


def _fill_locations(clusters: list[EventCluster], ctx: DocContext) -> None:
    """Places the text implies: a visit in the same sentence, the series, the dateline."""
    for c in clusters:
        if c.location:
            continue
        for m in c.mentions:
            for other in clusters:
                if other is c or other.kind != "Visit" or not other.location:
                    continue
                if any(o.sent_start == m.sent_start for o in other.mentions):
                    m.location = other.location
                    break
            if m.location:
                break
    # "He is scheduled to meet X" during a visit: the meeting is where the visitor is.
    visits = [c for c in clusters if c.kind == "Visit" and c.location and c.participants]
    for c in clusters:
        if c.location or c.kind == "Visit":
            continue
        hosts = [v for v in visits if v.participants[0] in c.participants]
        if hosts:
            # The story's visit is the one it opens with, not a tour it mentions later.
            main = min(hosts, key=lambda v: (min(m.heading for m in v.mentions), v.first.trigger))
            c.mentions[0].location = main.location
    # "He will visit X next week ... He will meet Y": the meeting takes the visit's days.
    for c in clusters:
        if c.date is not None or c.kind == "Visit" or not c.participants:
            continue
        trips = [
            v
            for v in visits
            if v.participants[0] in c.participants
            and v.status == c.status
            and v.date is not None
            and 0 < c.first.trigger - v.first.trigger < 120
        ]
        if trips:
            c.mentions[0].date = trips[0].date
    rounds = [c for c in clusters if c.round or any(m.series_label == "round" for m in c.mentions)]
    places = [c.location for c in rounds if c.location]
    for c in rounds:
        if not c.location and places:
            c.mentions[0].location = places[0]
    day = ctx.reference_day
    for c in clusters:
        if c.location or not ctx.dateline_place or c.status != "Held":
            continue
        date = c.date
        if date is None or (day is not None and date.value == day.isoformat()):
            c.mentions[0].location = ctx.dateline_place


def _series(clusters: list[EventCluster]) -> tuple[list[Series], dict[int, str]]:
    members = [
        k
        for k, c in enumerate(clusters)
        if c.round or any(m.series_label == "round" for m in c.mentions)
    ]
    if not members:
        return [], {}
    first = clusters[members[0]].first
    label = re.sub(r"^(the|a|an)\s+", "", first.label, flags=re.IGNORECASE)
    label = (
        re.sub(
            r"\b(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|next|latest|new)\b\s*",
            "",
            label,
            flags=re.IGNORECASE,
        ).strip()
        or "talks"
    )
    return [Series("s1", label)], {k: "s1" for k in members}


# --- record assembly -------------------------------------------------------------------


def _actor_ids(
    actors: ActorIndex,
    clusters: list[EventCluster],
    decls: list[DeclMention],
    dateline: str | None,
    publisher: str | None,
) -> dict[str, Actor]:
    order: list[str] = []
    for found in sorted(actors.mentions, key=lambda m: m.start):
        order.extend(a for a in found.actors if a not in order)
    for label in list(actors.actors):
        if label not in order:
            order.append(label)
    ids: dict[str, Actor] = {}
    for n, label in enumerate(order, start=1):
        info = actors.actors[label]
        ids[label] = Actor(id=f"a{n}", label=label, kind=info.kind)  # type: ignore[arg-type]
    return ids


def _actor(a: Actor, label: str, actors: ActorIndex, ids: dict[str, Actor], text: str) -> Actor:
    from diplokg.records import Role

    info = actors.actors[label]
    aliases = tuple(sorted(x for x in info.aliases if x != label and len(x) < 80))
    country = ids[info.country].id if info.country in ids and info.kind != "Person" else None
    role = Role(info.role[0], info.role[1]) if info.role else None
    evidence = tuple(Evidence(s, e, text[s:e]) for s, e in sorted(set(info.spans))[:5] if e > s)
    return Actor(
        id=a.id,
        label=label,
        kind=a.kind,
        aliases=aliases,
        country=country,
        role=role,
        evidence=evidence,
    )


def _line_clip(text: str, start: int, end: int, trigger_char: int) -> tuple[int, int]:
    """Keep the part of a sentence on the trigger's line (headlines have no full stop)."""
    line_start = text.rfind("\n", 0, trigger_char) + 1
    line_end = text.find("\n", trigger_char)
    line_end = len(text) if line_end < 0 else line_end
    s, e = max(start, line_start), min(end, line_end)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else (start, end)


def _evidence(
    text: str, doc: Any, spans: list[tuple[int, int]], triggers: list[int]
) -> tuple[Evidence, ...]:
    out: dict[tuple[int, int], Evidence] = {}
    for (s, e), trig in zip(spans, triggers, strict=False):
        s, e = _line_clip(text, s, e, doc[trig].idx)
        out[(s, e)] = Evidence(s, e, text[s:e])
    return tuple(out[k] for k in sorted(out))


def _event(
    k: int, c: EventCluster, ids: dict[str, Actor], text: str, doc: Any, series: str | None
) -> Event:
    ms = sorted(c.mentions, key=lambda m: m.trigger)
    date = c.date or TimeValue()
    return Event(
        id=f"e{k + 1}",
        kind=c.kind,  # type: ignore[arg-type]
        status=c.status,  # type: ignore[arg-type]
        evidence=_evidence(text, doc, [m.span for m in ms], [m.trigger for m in ms]),
        participants=tuple(ids[p].id for p in c.participants if p in ids),
        organizer=tuple(ids[p].id for p in c.organizer if p in ids),
        location=ids[c.location].id if c.location in ids else None,
        date=date,
        series=series,
        round=c.round,
        label=None,
    )


def _declaration(k: int, d: DeclMention, ids: dict[str, Actor], text: str, doc: Any) -> Declaration:
    return Declaration(
        id=f"d{k + 1}",
        kind=d.kind,  # type: ignore[arg-type]
        evidence=_evidence(text, doc, d.spans, d.triggers),
        by=tuple(ids[b].id for b in d.by if b in ids),
        addressee=tuple(ids[b].id for b in d.addressee if b in ids),
        adopted_at=f"e{d.adopted_at + 1}" if d.adopted_at is not None else None,
        about=f"e{d.about + 1}" if d.about is not None else None,
        date=d.date or TimeValue(),
        text=d.text,
    )
