"""Gold annotation files: the typed gold items, and reading and checking a gold file."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplokg.errors import InputError
from diplokg.evaluation.matching import fold_label

EVENT_KINDS = ("Meeting", "Talks", "Summit", "Visit", "PhoneCall")

DECLARATION_KINDS = (
    "JointStatement",
    "Statement",
    "Directive",
    "Request",
    "Agreement",
    "Demand",
)

EVENT_STATUSES = ("Held", "Planned", "Proposed", "Cancelled")


_QID = re.compile(r"Q[1-9][0-9]*")

_GOLD_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


@dataclass(frozen=True)
class ActorRef:
    """A gold actor or place: a verified QID, or a label with aliases."""

    qid: str | None = None
    label: str | None = None
    aliases: tuple[str, ...] = ()

    def folded_names(self) -> frozenset[str]:
        """The label and aliases, folded as labels."""
        names = (self.label, *self.aliases) if self.label is not None else self.aliases
        return frozenset(fold_label(name) for name in names)


@dataclass(frozen=True)
class GoldEntity:
    """An entry of a gold file's ``entities``."""

    qid: str | None
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldEvent:
    """A gold event; ``None`` fields are not scored."""

    id: str
    type: str
    anchors: tuple[str, ...]
    status: str | None = None
    participants: tuple[ActorRef, ...] | None = None
    organizer: tuple[ActorRef, ...] | None = None
    location: ActorRef | None = None
    date: str | None = None


@dataclass(frozen=True)
class GoldDeclaration:
    """A gold declaration; ``None`` fields are not scored."""

    id: str
    type: str
    anchors: tuple[str, ...]
    by: tuple[ActorRef, ...] | None = None
    addressee: tuple[ActorRef, ...] | None = None
    adopted_at: str | None = None
    about: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class GoldArticle:
    """One gold file, as far as scoring needs it."""

    path: Path
    article: str
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    declarations: tuple[GoldDeclaration, ...]

    @property
    def stem(self) -> str:
        """The output folder name: the article file name without its extension."""
        return Path(self.article).stem


class _GoldReader:
    """Checks one gold document field by field so errors name the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(
            f"{self.path}: malformed gold file at {where}: {problem}; "
            "fix it following DESIGN.md 'Gold annotations and evaluation'"
        )

    def text(self, value: object, where: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "expected a non-empty string")
        return value

    def items(self, value: object, where: str) -> list[Mapping[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, "expected a list of objects")
        return value

    def strings(self, value: object, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "expected a list of strings")
        return tuple(value)

    def date(self, value: object, where: str) -> str | None:
        text = self.text(value, where, optional=True)
        if text is not None and not _GOLD_DATE.fullmatch(text):
            raise self.fail(where, f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return text

    def choice(self, value: object, where: str, allowed: Sequence[str]) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def actor(self, value: object, where: str) -> ActorRef | None:
        if value is None:
            return None
        if isinstance(value, str):
            if not _QID.fullmatch(value):
                raise self.fail(where, f"{value!r} is not a Wikidata QID like Q7747")
            return ActorRef(qid=value)
        if isinstance(value, dict):
            label = self.text(value.get("label"), f"{where}.label")
            return ActorRef(label=label, aliases=self.strings(value.get("aliases"), where))
        raise self.fail(where, "expected a QID string or an object with label and aliases")

    def actors(self, value: object, where: str) -> tuple[ActorRef, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of QIDs or label objects, or null")
        refs = (self.actor(v, f"{where}[{i}]") for i, v in enumerate(value))
        return tuple(ref for ref in refs if ref is not None)

    def anchors(self, value: object, where: str) -> tuple[str, ...]:
        anchors = self.strings(value, where)
        if not anchors:
            raise self.fail(where, "expected at least one anchor phrase")
        return anchors

    def event(self, raw: Mapping[str, Any], where: str) -> GoldEvent:
        status = raw.get("status")
        if status is not None:
            status = self.choice(status, f"{where}.status", EVENT_STATUSES)
        return GoldEvent(
            id=str(self.text(raw.get("id"), f"{where}.id")),
            type=self.choice(raw.get("type"), f"{where}.type", EVENT_KINDS),
            anchors=self.anchors(raw.get("anchors"), f"{where}.anchors"),
            status=status,
            participants=self.actors(raw.get("participants"), f"{where}.participants"),
            organizer=self.actors(raw.get("organizer"), f"{where}.organizer"),
            location=self.actor(raw.get("location"), f"{where}.location"),
            date=self.date(raw.get("date"), f"{where}.date"),
        )

    def declaration(self, raw: Mapping[str, Any], where: str, events: set[str]) -> GoldDeclaration:
        links = {}
        for key in ("adopted_at", "about"):
            link = self.text(raw.get(key), f"{where}.{key}", optional=True)
            if link is not None and link not in events:
                raise self.fail(f"{where}.{key}", f"{link!r} is not the id of a gold event")
            links[key] = link
        return GoldDeclaration(
            id=str(self.text(raw.get("id"), f"{where}.id")),
            type=self.choice(raw.get("type"), f"{where}.type", DECLARATION_KINDS),
            anchors=self.anchors(raw.get("anchors"), f"{where}.anchors"),
            by=self.actors(raw.get("by"), f"{where}.by"),
            addressee=self.actors(raw.get("addressee"), f"{where}.addressee"),
            adopted_at=links["adopted_at"],
            about=links["about"],
            date=self.date(raw.get("date"), f"{where}.date"),
        )

    def entity(self, raw: Mapping[str, Any], where: str) -> GoldEntity:
        qid = raw.get("qid")
        if qid is not None and not (isinstance(qid, str) and _QID.fullmatch(qid)):
            raise self.fail(f"{where}.qid", f"{qid!r} is not a Wikidata QID or null")
        return GoldEntity(
            qid=qid,
            label=str(self.text(raw.get("label"), f"{where}.label")),
            aliases=self.strings(raw.get("aliases"), f"{where}.aliases"),
        )

    def article(self, raw: object) -> GoldArticle:
        if not isinstance(raw, dict):
            raise self.fail("the top level", "expected a JSON object")
        events = tuple(
            self.event(e, f"events[{i}]")
            for i, e in enumerate(self.items(raw.get("events"), "events"))
        )
        event_ids = {e.id for e in events}
        raw_declarations = self.items(raw.get("declarations"), "declarations")
        return GoldArticle(
            path=self.path,
            article=str(self.text(raw.get("article"), "article")),
            entities=tuple(
                self.entity(e, f"entities[{i}]")
                for i, e in enumerate(self.items(raw.get("entities"), "entities"))
            ),
            events=events,
            declarations=tuple(
                self.declaration(d, f"declarations[{i}]", event_ids)
                for i, d in enumerate(raw_declarations)
            ),
        )


def read_gold(path: Path) -> GoldArticle:
    """Read and check one gold file.

    Raises:
        InputError: the file cannot be read, is not JSON or breaks the gold format.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gold file: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}; "
            "fix the gold file"
        ) from exc
    return _GoldReader(path).article(raw)


def gold_files(gold: Path) -> list[Path]:
    """The gold files named by ``gold``: the file itself, or the ``*.json`` in a folder.

    Raises:
        InputError: the path does not exist or the folder holds no ``.json`` file.
    """
    if gold.is_file():
        return [gold]
    if gold.is_dir():
        files = sorted(p for p in gold.glob("*.json") if p.is_file())
        if not files:
            raise InputError(f"{gold}: no gold files (*.json) in this folder")
        return files
    raise InputError(f"{gold}: no such gold file or folder; give a gold .json or a folder")
