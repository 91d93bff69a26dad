"""Score counters (detection P/R/F1, means over matched pairs) and evaluation results.

The counters add up, so overall figures are micro-averages; results render as the
DESIGN ``--json`` keys or as a text table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


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
