"""Scoring a build against gold annotations (DESIGN.md, "Gold annotations and evaluation").

The protocol is fixed by DESIGN.md; the choices it leaves open are made here, once:

- **Folding**: ``str.lower()``; every character whose Unicode category is not a letter
  (``L*``) or a decimal digit (``Nd``) becomes a space; runs of spaces collapse; for
  labels, one leading ``"the "`` is dropped. No other normalisation.
- **Candidates**: a predicted node is a candidate for a gold item when one of its
  ``dip:evidence/oa:exact`` strings, folded, contains (on word boundaries) a run of
  ``min(4, n)`` consecutive folded words of one of the item's anchors (``n`` = words in
  that anchor). Any longer run contains such a run, so the shortest one is checked.
- **Pairing**: candidates are taken one to one, best score first; ties go to the earlier
  gold item, then to the prediction whose IRI sorts first. Score = 1 + kind right +
  0.5 x status right (events only) + participant (events) or ``by`` (declarations) F1; a
  component the gold item does not score (``null``) adds 0.
- **Set F1** (participants, organizer, by, addressee): gold entries are paired one to one
  with predicted nodes they match (maximum matching); both sides empty -> 1.0; one side
  empty -> 0.0.
- **Single values**: location, date, status, adopted_at are right only when the node
  carries exactly one value and it is right. ``about`` is right when the event-valued
  ``dip:about`` objects are exactly the matched prediction (topic concepts are ignored).
- **Dates**: the one ``dip:date`` literal must be at the gold precision or finer and agree
  with the gold value at the gold precision (``2016-12-16`` is right for ``2016-12``,
  ``2016`` is not). Bounds (gold ``earliest``/``latest``, ``dip:earliestDate``/
  ``dip:latestDate``) are not scored: a gold item with bounds but no ``date`` does not
  score the date, and a prediction with only bounds is wrong where gold has a ``date``.
- **Kind**: the node's set of kind classes (the ``dip:`` event or declaration kinds among
  its ``rdf:type`` values) must be exactly the gold kind.
- **Detection and entities P/R/F1**: nothing predicted and nothing in gold -> 1.0 each;
  one side empty -> 0.0 each. Attribute scores are means over the matched pairs whose
  gold field is scored; with no such pair the score is ``None`` (JSON ``null``).
- **Micro-averages**: the overall figures sum the per-article counts (true positives,
  predictions, gold items, and the sums and counts behind each mean).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from diplokg.errors import InputError, RDFSyntaxError
from diplokg.namespaces import DIP, OA, WD

__all__ = [
    "DECLARATION_KINDS",
    "EVENT_KINDS",
    "EVENT_STATUSES",
    "ActorRef",
    "ArticleResult",
    "Detection",
    "EvalResult",
    "GoldArticle",
    "GoldDeclaration",
    "GoldEntity",
    "GoldEvent",
    "Mean",
    "Scores",
    "anchor_matches",
    "evaluate",
    "fold_label",
    "fold_text",
    "gold_files",
    "read_gold",
    "read_output_graph",
]

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

_EVENT_CLASSES = frozenset(DIP[k] for k in EVENT_KINDS)
_DECLARATION_CLASSES = frozenset(DIP[k] for k in DECLARATION_KINDS)
_RDF_FORMATS = {
    ".ttl": "turtle",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
}
_QID = re.compile(r"Q[1-9][0-9]*")
_GOLD_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
# A predicted literal may carry a time or a timezone; only the date part is compared.
_PREDICTED_DATE = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T[0-9:.]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)


# ---- folding and matching --------------------------------------------------------------


def fold_text(text: str) -> str:
    """Fold as DESIGN says: lower-case, non letters/digits -> space, spaces collapsed."""
    chars = [
        ch if unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "Nd" else " "
        for ch in text.lower()
    ]
    return " ".join("".join(chars).split())


def fold_label(text: str) -> str:
    """Fold a label: :func:`fold_text`, then one leading ``"the "`` dropped."""
    folded = fold_text(text)
    return folded[4:] if folded.startswith("the ") else folded


def _anchor_runs(anchors: Iterable[str]) -> frozenset[str]:
    runs: set[str] = set()
    for anchor in anchors:
        words = fold_text(anchor).split()
        size = min(4, len(words))
        runs.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1) if size)
    return frozenset(runs)


def anchor_matches(exact: str, anchors: Iterable[str]) -> bool:
    """True when ``exact`` holds a run of ``min(4, n)`` words of one anchor, after folding."""
    padded = f" {fold_text(exact)} "
    return any(f" {run} " in padded for run in _anchor_runs(anchors))


# ---- gold files --------------------------------------------------------------------------


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


# ---- predicted graph ----------------------------------------------------------------------


def _refuse_remote_contexts(value: object, path: Path) -> None:
    # rdflib would fetch a remote @context; evaluation must stay offline (DESIGN).
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                contexts = item if isinstance(item, list) else [item]
                if any(isinstance(c, str) for c in contexts):
                    raise RDFSyntaxError(
                        f"{path}: JSON-LD with a remote @context is refused; inline the context"
                    )
            _refuse_remote_contexts(item, path)
    elif isinstance(value, list):
        for item in value:
            _refuse_remote_contexts(item, path)


def read_output_graph(folder: Path) -> Graph | None:
    """Merge every RDF file of one article's output folder into one graph.

    Named graphs are flattened. Files whose extension is not an RDF syntax (the
    ``.record.json``, notes) are skipped. Returns ``None`` when the folder is missing or
    holds no RDF file.

    Raises:
        RDFSyntaxError: a file cannot be parsed.
    """
    if not folder.is_dir():
        return None
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in _RDF_FORMATS)
    if not files:
        return None
    merged = Graph()
    for path in files:
        syntax = _RDF_FORMATS[path.suffix]
        dataset = Dataset()
        try:
            data = path.read_text(encoding="utf-8")
            if syntax == "json-ld":
                _refuse_remote_contexts(json.loads(data), path)
            dataset.parse(data=data, format=syntax, publicID=path.resolve().as_uri())
        except RDFSyntaxError:
            raise
        except Exception as exc:  # rdflib parsers raise many unrelated types
            raise RDFSyntaxError(
                f"{path}: cannot parse as {syntax}: {exc}; fix or remove the file"
            ) from exc
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
    return merged


# ---- score counters ------------------------------------------------------------------


def _ratio(part: int, whole: int, other: int) -> float:
    # Nothing on either side is perfect agreement; one side empty is total failure.
    if whole:
        return part / whole
    return 1.0 if other == 0 else 0.0


@dataclass(frozen=True)
class Detection:
    """Counts behind a precision / recall / F1."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """True positives over predictions (1.0 when both sides are empty)."""
        return _ratio(self.tp, self.predicted, self.gold)

    @property
    def recall(self) -> float:
        """True positives over gold items (1.0 when both sides are empty)."""
        return _ratio(self.tp, self.gold, self.predicted)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Detection) -> Detection:
        return Detection(
            self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold
        )

    def to_json(self) -> dict[str, float]:
        """``{"precision", "recall", "f1"}`` rounded to 6 places."""
        return {
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
        }


@dataclass(frozen=True)
class Mean:
    """A running mean over scored pairs."""

    total: float = 0.0
    n: int = 0

    @property
    def value(self) -> float | None:
        """The mean, or ``None`` when no pair was scored."""
        return self.total / self.n if self.n else None

    def add(self, score: float) -> Mean:
        """This mean with one more scored pair."""
        return Mean(self.total + score, self.n + 1)

    def __add__(self, other: Mean) -> Mean:
        return Mean(self.total + other.total, self.n + other.n)


_MEANS = (
    "participants_f1",
    "organizer_f1",
    "location_acc",
    "date_acc",
    "status_acc",
    "event_kind_acc",
    "by_f1",
    "addressee_f1",
    "decl_date_acc",
    "decl_kind_acc",
    "adopted_at_acc",
    "about_acc",
)


@dataclass(frozen=True)
class Scores:
    """All DESIGN scores of an article or a gold set, as additive counts."""

    events: Detection = field(default_factory=Detection)
    declarations: Detection = field(default_factory=Detection)
    participants_f1: Mean = field(default_factory=Mean)
    organizer_f1: Mean = field(default_factory=Mean)
    location_acc: Mean = field(default_factory=Mean)
    date_acc: Mean = field(default_factory=Mean)
    status_acc: Mean = field(default_factory=Mean)
    event_kind_acc: Mean = field(default_factory=Mean)
    by_f1: Mean = field(default_factory=Mean)
    addressee_f1: Mean = field(default_factory=Mean)
    decl_date_acc: Mean = field(default_factory=Mean)
    decl_kind_acc: Mean = field(default_factory=Mean)
    adopted_at_acc: Mean = field(default_factory=Mean)
    about_acc: Mean = field(default_factory=Mean)
    events_exact: Detection = field(default_factory=Detection)
    declarations_exact: Detection = field(default_factory=Detection)
    entities: Detection = field(default_factory=Detection)

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def to_json(self) -> dict[str, Any]:
        """The DESIGN ``--json`` keys, in DESIGN order."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Detection):
                out[f.name] = value.to_json()
            else:
                mean = value.value
                out[f.name] = None if mean is None else round(mean, 6)
        return out


@dataclass(frozen=True)
class ArticleResult:
    """The scores of one gold file against its output folder."""

    stem: str
    gold_path: Path
    output_found: bool
    scores: Scores


@dataclass(frozen=True)
class EvalResult:
    """Per-article scores and their micro-average."""

    per_article: tuple[ArticleResult, ...]

    @property
    def overall(self) -> Scores:
        """Micro-average: the per-article counts summed."""
        total = Scores()
        for article in self.per_article:
            total = total + article.scores
        return total

    @property
    def missing_outputs(self) -> tuple[str, ...]:
        """Stems whose output folder is missing or holds no RDF (all their gold missed)."""
        return tuple(a.stem for a in self.per_article if not a.output_found)

    def to_json(self) -> dict[str, Any]:
        """``{"overall": {...}, "per_article": {stem: {...}}, "missing_outputs": [...]}``."""
        return {
            "overall": self.overall.to_json(),
            "per_article": {a.stem: a.scores.to_json() for a in self.per_article},
            "missing_outputs": list(self.missing_outputs),
        }

    def to_text(self) -> str:
        """A readable table: overall figures, then one line per article."""
        return _render_text(self)


# ---- scoring one article -------------------------------------------------------------------


@dataclass(frozen=True)
class _Prediction:
    node: URIRef
    kinds: frozenset[Node]
    exacts: tuple[str, ...]


class _ArticleScorer:
    """Scores one gold article against its merged output graph."""

    def __init__(self, gold: GoldArticle, graph: Graph) -> None:
        self.gold = gold
        self.graph = graph

    def values(self, node: URIRef, prop: URIRef) -> list[Node]:
        return sorted(set(self.graph.objects(node, prop)), key=str)

    def predictions(self, classes: frozenset[URIRef], umbrella: URIRef) -> list[_Prediction]:
        nodes = {
            s
            for s, o in self.graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and (o in classes or o == umbrella)
        }
        out = []
        for node in sorted(nodes, key=str):
            exacts = tuple(
                str(exact)
                for evidence in self.values(node, DIP.evidence)
                for exact in self.values(evidence, OA.exact)  # type: ignore[arg-type]
            )
            kinds = frozenset(t for t in self.graph.objects(node, RDF.type) if t in classes)
            out.append(_Prediction(node, kinds, exacts))
        return out

    def matches(self, ref: ActorRef, node: Node) -> bool:
        if ref.qid is not None:
            return node == WD[ref.qid]
        names = ref.folded_names()
        return any(
            fold_label(str(label)) in names for label in self.graph.objects(node, RDFS.label)
        )

    def set_f1(self, gold: Sequence[ActorRef], node: URIRef, prop: URIRef) -> float:
        predicted = self.values(node, prop)
        tp = _max_matching(
            len(gold), len(predicted), lambda i, j: self.matches(gold[i], predicted[j])
        )
        return Detection(tp, len(predicted), len(gold)).f1

    def single_right(self, node: URIRef, prop: URIRef, check: Callable[[Node], bool]) -> bool:
        values = self.values(node, prop)
        return len(values) == 1 and check(values[0])

    def date_right(self, gold_date: str, node: URIRef) -> bool:
        return self.single_right(node, DIP.date, lambda value: _date_agrees(gold_date, str(value)))

    def pair(
        self,
        golds: Sequence[GoldEvent | GoldDeclaration],
        preds: Sequence[_Prediction],
        score: Callable[[Any, _Prediction], float],
    ) -> dict[int, _Prediction]:
        ranked: list[tuple[float, int, int]] = []
        for gi, item in enumerate(golds):
            runs = _anchor_runs(item.anchors)
            for pi, pred in enumerate(preds):
                padded = [f" {fold_text(e)} " for e in pred.exacts]
                if any(f" {run} " in text for run in runs for text in padded):
                    ranked.append((-round(score(item, pred), 9), gi, pi))
        ranked.sort()
        pairs: dict[int, _Prediction] = {}
        taken: set[int] = set()
        for _, gi, pi in ranked:
            if gi not in pairs and pi not in taken:
                pairs[gi] = preds[pi]
                taken.add(pi)
        return pairs

    def kind_right(self, gold_type: str, pred: _Prediction) -> bool:
        return pred.kinds == {DIP[gold_type]}

    def event_score(self, item: GoldEvent, pred: _Prediction) -> float:
        score = 1.0 + self.kind_right(item.type, pred)
        if item.status is not None:
            score += 0.5 * self.single_right(pred.node, DIP.status, DIP[item.status].__eq__)
        if item.participants is not None:
            score += self.set_f1(item.participants, pred.node, DIP.participant)
        return score

    def declaration_score(self, item: GoldDeclaration, pred: _Prediction) -> float:
        score = 1.0 + self.kind_right(item.type, pred)
        if item.by is not None:
            score += self.set_f1(item.by, pred.node, DIP.declaredBy)
        return score

    def score(self) -> Scores:
        acc: dict[str, Mean] = {name: Mean() for name in _MEANS}

        def record(name: str, value: float | bool) -> bool:
            acc[name] = acc[name].add(float(value))
            return float(value) == 1.0

        event_preds = self.predictions(_EVENT_CLASSES, DIP.DiplomaticEvent)
        event_pairs = self.pair(self.gold.events, event_preds, self.event_score)
        matched_events = {self.gold.events[gi].id: p.node for gi, p in event_pairs.items()}
        events_exact = 0
        for gi, pred in sorted(event_pairs.items()):
            ev, node = self.gold.events[gi], pred.node
            right = [record("event_kind_acc", self.kind_right(ev.type, pred))]
            if ev.status is not None:
                status = self.single_right(node, DIP.status, DIP[ev.status].__eq__)
                right.append(record("status_acc", status))
            if ev.participants is not None:
                f1 = self.set_f1(ev.participants, node, DIP.participant)
                right.append(record("participants_f1", f1))
            if ev.organizer is not None:
                right.append(record("organizer_f1", self.set_f1(ev.organizer, node, DIP.organizer)))
            if ev.location is not None:
                located = self.single_right(
                    node, DIP.location, functools.partial(self.matches, ev.location)
                )
                right.append(record("location_acc", located))
            if ev.date is not None:
                right.append(record("date_acc", self.date_right(ev.date, node)))
            events_exact += all(right)

        decl_preds = self.predictions(_DECLARATION_CLASSES, DIP.Declaration)
        decl_pairs = self.pair(self.gold.declarations, decl_preds, self.declaration_score)
        event_nodes = {p.node for p in event_preds}
        decls_exact = 0
        for gi, pred in sorted(decl_pairs.items()):
            decl, node = self.gold.declarations[gi], pred.node
            right = [record("decl_kind_acc", self.kind_right(decl.type, pred))]
            if decl.by is not None:
                right.append(record("by_f1", self.set_f1(decl.by, node, DIP.declaredBy)))
            if decl.addressee is not None:
                right.append(
                    record("addressee_f1", self.set_f1(decl.addressee, node, DIP.addressee))
                )
            if decl.date is not None:
                right.append(record("decl_date_acc", self.date_right(decl.date, node)))
            if decl.adopted_at is not None:
                target = matched_events.get(decl.adopted_at)
                adopted = target is not None and self.values(node, DIP.adoptedAt) == [target]
                right.append(record("adopted_at_acc", adopted))
            if decl.about is not None:
                target = matched_events.get(decl.about)
                about = [o for o in self.values(node, DIP.about) if o in event_nodes]
                right.append(record("about_acc", target is not None and about == [target]))
            decls_exact += all(right)

        return Scores(
            events=Detection(len(event_pairs), len(event_preds), len(self.gold.events)),
            declarations=Detection(len(decl_pairs), len(decl_preds), len(self.gold.declarations)),
            events_exact=Detection(events_exact, len(event_preds), len(self.gold.events)),
            declarations_exact=Detection(decls_exact, len(decl_preds), len(self.gold.declarations)),
            entities=self.entities(),
            **acc,
        )

    def entities(self) -> Detection:
        gold = {WD[e.qid] for e in self.gold.entities if e.qid is not None}
        unverified = frozenset().union(
            *(
                ActorRef(label=e.label, aliases=e.aliases).folded_names()
                for e in self.gold.entities
                if e.qid is None
            )
        )
        predicted = set()
        for s, o in self.graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and str(s).startswith(str(WD)) and str(o).startswith(str(DIP)):
                predicted.add(s)
        # An identifier for an entity gold could not verify is neither right nor wrong.
        predicted = {
            s
            for s in predicted
            if s in gold
            or not any(
                fold_label(str(label)) in unverified for label in self.graph.objects(s, RDFS.label)
            )
        }
        return Detection(len(predicted & gold), len(predicted), len(gold))


def _max_matching(n_gold: int, n_pred: int, edge: Callable[[int, int], bool]) -> int:
    """Size of a maximum one-to-one matching (augmenting paths; the sets are tiny)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(n_pred):
            if j not in seen and edge(i, j):
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(n_gold))


def _date_agrees(gold: str, predicted: str) -> bool:
    match = _PREDICTED_DATE.fullmatch(predicted.strip())
    if match is None:
        return False
    parts = [p for p in match.groups() if p is not None]
    wanted = gold.split("-")
    return len(parts) >= len(wanted) and parts[: len(wanted)] == wanted


# ---- the public entry point ------------------------------------------------------------------


def evaluate(out_dir: Path, gold: Path) -> EvalResult:
    """Score the build in ``out_dir`` against a gold file or a folder of gold files.

    For each gold file, every RDF file in ``out_dir/<stem>/`` is read, where ``<stem>`` is
    the gold ``article`` without its extension. A missing folder (or one without RDF)
    makes every gold item of that article a miss; :attr:`EvalResult.missing_outputs`
    lists those stems.

    Raises:
        InputError: ``out_dir`` or ``gold`` is missing, or a gold file is malformed
            (two gold files for one article included).
        RDFSyntaxError: an output file cannot be parsed.
    """
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: no such build folder; run `kg build ... -o {out_dir}` first")
    results: list[ArticleResult] = []
    seen: dict[str, Path] = {}
    for path in gold_files(gold):
        article = read_gold(path)
        if article.stem in seen:
            raise InputError(
                f"{path}: article {article.article!r} is already scored by {seen[article.stem]}; "
                "keep one gold file per article"
            )
        seen[article.stem] = path
        graph = read_output_graph(out_dir / article.stem)
        scores = _ArticleScorer(article, graph if graph is not None else Graph()).score()
        results.append(ArticleResult(article.stem, path, graph is not None, scores))
    return EvalResult(tuple(results))


# ---- text rendering ------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _rows(scores: Scores) -> Iterator[str]:
    yield f"  {'detection':<20}{'precision':>10}{'recall':>10}{'f1':>10}{'tp/pred/gold':>16}"
    for name in ("events", "declarations", "events_exact", "declarations_exact", "entities"):
        d: Detection = getattr(scores, name)
        counts = f"{d.tp}/{d.predicted}/{d.gold}"
        yield f"  {name:<20}{_fmt(d.precision):>10}{_fmt(d.recall):>10}{_fmt(d.f1):>10}{counts:>16}"
    yield f"  {'on matched pairs':<20}{'score':>10}{'pairs':>10}"
    for name in _MEANS:
        m: Mean = getattr(scores, name)
        yield f"  {name:<20}{_fmt(m.value):>10}{m.n:>10}"


def _render_text(result: EvalResult) -> str:
    lines = [f"overall ({len(result.per_article)} articles, micro-averaged)"]
    lines.extend(_rows(result.overall))
    if result.missing_outputs:
        lines.append(f"  no output (every gold item missed): {', '.join(result.missing_outputs)}")
    width = max([len("article"), *(len(a.stem) for a in result.per_article)])
    lines += [
        "",
        "per article (F1; entities P/R)",
        f"  {'article':<{width}}  {'events':>7}{'decls':>7}{'ev_ex':>7}{'dc_ex':>7}"
        f"{'ent_p':>7}{'ent_r':>7}",
    ]
    for a in result.per_article:
        s = a.scores
        note = "" if a.output_found else "  (no output)"
        lines.append(
            f"  {a.stem:<{width}}  {_fmt(s.events.f1):>7}{_fmt(s.declarations.f1):>7}"
            f"{_fmt(s.events_exact.f1):>7}{_fmt(s.declarations_exact.f1):>7}"
            f"{_fmt(s.entities.precision):>7}{_fmt(s.entities.recall):>7}{note}"
        )
    return "\n".join(lines)
