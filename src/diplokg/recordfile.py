"""Reading and writing records as JSON, checked against the published JSON Schema.

A record file names its article (``"article": "000_x.txt"``, a path relative to the
record file, as gold files do). When the article text can be read, evidence spans may
omit ``exact``: it is filled from the offsets, and given ``exact`` text must match them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, cast

import jsonschema

from diplokg.errors import InputError, RecordError
from diplokg.ingest.text import split_header
from diplokg.jsontext import dumps_indented
from diplokg.records import (
    Actor,
    Candidate,
    Declaration,
    Event,
    Evidence,
    Record,
    Role,
    Series,
    TimeValue,
)
from diplokg.resources import record_schema_path

__all__ = [
    "RECORD_FORMAT",
    "dump_record",
    "load_record",
    "read_record",
    "record_from_dict",
    "record_to_dict",
    "write_record",
]

RECORD_FORMAT = 1


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(record_schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _where(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return "/".join(parts) if parts else "(top level)"


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a calendar date ({exc})") from exc


def _time(data: Mapping[str, Any] | str | None, where: str) -> TimeValue:
    try:
        if data is None:
            return TimeValue()
        if isinstance(data, str):
            return TimeValue(data)
        return TimeValue(data.get("value"), _date(data.get("earliest")), _date(data.get("latest")))
    except ValueError as exc:
        raise RecordError(f"{where}: {exc}") from exc


def _evidence(
    items: Sequence[Mapping[str, Any]], text: str | None, where: str
) -> tuple[Evidence, ...]:
    spans = []
    for n, item in enumerate(items):
        start, end, exact = item["start"], item["end"], item.get("exact")
        if text is not None:
            if end > len(text):
                raise RecordError(
                    f"{where}/evidence/{n}: end {end} is past the article's end ({len(text)} "
                    "code points); offsets index the text after the header block"
                )
            actual = text[start:end]
            if exact is not None and exact != actual:
                raise RecordError(
                    f"{where}/evidence/{n}: exact text {exact!r} does not match the article at "
                    f"[{start}, {end}), which reads {actual!r}"
                )
            exact = actual
        try:
            spans.append(Evidence(start, end, exact))
        except ValueError as exc:
            raise RecordError(f"{where}/evidence/{n}: {exc}") from exc
    return tuple(spans)


def record_from_dict(
    data: Mapping[str, Any], text: str | None = None, source: str = "record"
) -> Record:
    """Build a :class:`Record` from its JSON form, naming the field of any error.

    Args:
        data: the parsed JSON document.
        text: the article text, when at hand, to fill and check ``exact`` spans.
        source: how to name the record in messages (usually its path).
    """
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise RecordError(f"{source}: {_where(first)}: {first.message}{more}")
    try:
        actors = tuple(
            Actor(
                id=a["id"],
                label=a["label"],
                kind=a["kind"],
                qid=a.get("qid"),
                aliases=tuple(a.get("aliases", ())),
                country=a.get("country"),
                role=Role(a["role"]["office"], a["role"]["country"]) if a.get("role") else None,
                candidates=tuple(
                    Candidate(c["qid"], c.get("label", ""), float(c["score"]))
                    for c in a.get("candidates", ())
                ),
                evidence=_evidence(a.get("evidence", ()), text, f"{source}: actors/{i}"),
            )
            for i, a in enumerate(data.get("actors", ()))
        )
        events = tuple(
            Event(
                id=e["id"],
                kind=e["kind"],
                status=e["status"],
                evidence=_evidence(e["evidence"], text, f"{source}: events/{i}"),
                participants=tuple(e.get("participants", ())),
                organizer=tuple(e.get("organizer", ())),
                location=e.get("location"),
                date=_time(e.get("date"), f"{source}: events/{i}/date"),
                series=e.get("series"),
                round=e.get("round"),
                label=e.get("label"),
            )
            for i, e in enumerate(data.get("events", ()))
        )
        declarations = tuple(
            Declaration(
                id=d["id"],
                kind=d["kind"],
                evidence=_evidence(d["evidence"], text, f"{source}: declarations/{i}"),
                by=tuple(d.get("by", ())),
                addressee=tuple(d.get("addressee", ())),
                adopted_at=d.get("adopted_at"),
                about=d.get("about"),
                topics=tuple(d.get("topics", ())),
                date=_time(d.get("date"), f"{source}: declarations/{i}/date"),
                text=d.get("text"),
            )
            for i, d in enumerate(data.get("declarations", ()))
        )
        record = Record(
            article=data["article"],
            key=data.get("key") or data.get("source_url") or Path(data["article"]).stem,
            actors=actors,
            events=events,
            declarations=declarations,
            series=tuple(Series(s["id"], s["label"]) for s in data.get("series", ())),
            source_url=data.get("source_url"),
            headline=data.get("headline"),
            published=_time(data["published"], f"{source}: published")
            if data.get("published")
            else None,
            publisher=data.get("publisher"),
            dateline=data.get("dateline"),
            text_length=len(text) if text is not None else data.get("text_length"),
            notes=tuple(data.get("notes", ())),
        )
    except ValueError as exc:  # anything the per-field checks above did not name
        raise RecordError(f"{source}: {exc}") from exc
    _check_references(record, source)
    return record


def _check_references(record: Record, source: str) -> None:
    """Every local id a record uses must be defined in it, once."""
    actors = {a.id for a in record.actors}
    events = {e.id for e in record.events}
    series = {s.id for s in record.series}
    seen: set[str] = set()
    every = [
        *(a.id for a in record.actors),
        *(e.id for e in record.events),
        *(s.id for s in record.series),
        *(d.id for d in record.declarations),
    ]
    for local in every:
        if local in seen:
            raise RecordError(f"{source}: id {local!r} is used twice; ids must be unique")
        seen.add(local)

    def need(ids: Sequence[str | None], known: set[str], what: str, where: str) -> None:
        for ref in ids:
            if ref is not None and ref not in known:
                raise RecordError(f"{source}: {where} refers to unknown {what} {ref!r}")

    for a in record.actors:
        need([a.country], actors, "actor", f"actor {a.id} country")
    for e in record.events:
        need([*e.participants, *e.organizer, e.location], actors, "actor", f"event {e.id}")
        need([e.series], series, "series", f"event {e.id}")
    for d in record.declarations:
        need([*d.by, *d.addressee], actors, "actor", f"declaration {d.id}")
        need([d.adopted_at, d.about], events, "event", f"declaration {d.id}")
    need([record.publisher, record.dateline], actors, "actor", "the article")


def _time_dict(value: TimeValue) -> dict[str, Any] | None:
    if value.is_empty:
        return None
    out: dict[str, Any] = {"value": value.value}
    if value.earliest:
        out["earliest"] = value.earliest.isoformat()
    if value.latest:
        out["latest"] = value.latest.isoformat()
    return out


def _evidence_list(spans: Sequence[Evidence]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in spans:
        item: dict[str, Any] = {"start": s.start, "end": s.end}
        if s.exact is not None:
            item["exact"] = s.exact
        out.append(item)
    return out


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional fields so reviewed records stay short."""
    return {k: v for k, v in data.items() if v not in (None, [], (), "")}


def record_to_dict(record: Record) -> dict[str, Any]:
    """The JSON form of a record (what ``kg extract`` prints)."""
    return _prune(
        {
            "diplokg_record": RECORD_FORMAT,
            "article": record.article,
            "key": record.key,
            "source_url": record.source_url,
            "headline": record.headline,
            "published": _time_dict(record.published) if record.published else None,
            "publisher": record.publisher,
            "dateline": record.dateline,
            "text_length": record.text_length,
            "notes": list(record.notes),
            "actors": [
                _prune(
                    {
                        "id": a.id,
                        "label": a.label,
                        "kind": a.kind,
                        "qid": a.qid,
                        "aliases": list(a.aliases),
                        "country": a.country,
                        "role": {"office": a.role.office, "country": a.role.country}
                        if a.role
                        else None,
                        "candidates": [
                            {"qid": c.qid, "label": c.label, "score": round(c.score, 3)}
                            for c in a.candidates
                        ],
                        "evidence": _evidence_list(a.evidence),
                    }
                )
                for a in record.actors
            ],
            "events": [
                _prune(
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "status": e.status,
                        "label": e.label,
                        "participants": list(e.participants),
                        "organizer": list(e.organizer),
                        "location": e.location,
                        "date": _time_dict(e.date),
                        "series": e.series,
                        "round": e.round,
                        "evidence": _evidence_list(e.evidence),
                    }
                )
                for e in record.events
            ],
            "declarations": [
                _prune(
                    {
                        "id": d.id,
                        "kind": d.kind,
                        "by": list(d.by),
                        "addressee": list(d.addressee),
                        "adopted_at": d.adopted_at,
                        "about": d.about,
                        "topics": list(d.topics),
                        "date": _time_dict(d.date),
                        "text": d.text,
                        "evidence": _evidence_list(d.evidence),
                    }
                )
                for d in record.declarations
            ],
            "series": [{"id": s.id, "label": s.label} for s in record.series],
        }
    )


def dump_record(record: Record) -> str:
    """The record as pretty, stable JSON text."""
    return dumps_indented(record_to_dict(record)) + "\n"


def _article_text(record_path: Path, article: str) -> str | None:
    """The text evidence offsets index: plain text without its header, or an HTML page's
    main text as ingest extracts it."""
    candidate = (record_path.parent / article).resolve()
    if not candidate.is_file():
        return None
    if candidate.suffix.lower() in {".html", ".htm"}:
        from diplokg.ingest import read_article

        try:
            return read_article(candidate).text
        except InputError:
            return None
    try:
        raw = candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return split_header(raw)[1]


def read_record(path: Path) -> tuple[Record, str | None]:
    """Read and check a record file; returns the record and its article text if found."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecordError(f"{path}: cannot read the record ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise RecordError(f"{path}: the record is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise RecordError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(data, dict) or "article" not in data:
        raise RecordError(f"{path}: a record is a JSON object with an 'article' field")
    text = _article_text(path, str(data["article"])) if isinstance(data["article"], str) else None
    return record_from_dict(cast(dict[str, Any], data), text, source=str(path)), text


def load_record(path: Path) -> Record:
    """Read and check a record file."""
    return read_record(path)[0]


def write_record(record: Record, path: Path) -> None:
    """Write a record atomically (temporary file, then rename)."""
    from diplokg.export import write_atomic

    write_atomic(path, dump_record(record).encode("utf-8"))
