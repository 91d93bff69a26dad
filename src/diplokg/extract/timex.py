"""Temporal expressions in wire stories: find them and resolve them to dates.

Every expression is resolved against a *reference*: the dateline's day when the caller
knows it, else the publication date at whatever precision it has. The result keeps the
precision the text supports (ANNOTATION.md, ``date``):

- a day ("on Monday", "yesterday", "December 30", "2016-12-30") -> ``YYYY-MM-DD``;
- a week ("last week", "two weeks ago", "next week") -> the Monday-to-Sunday week, as
  month precision with that week's bounds. A week that straddles two months takes the
  month of its Wednesday, which holds most of the week's working days (when diplomacy
  happens);
- part of a month ("early/mid/late May" = days 1-10, 11-20, 21-end; "the first/second
  half of" = 1-15, 16-end; "the beginning/middle/end of" = early/mid/late) -> ``YYYY-MM``
  with bounds; "earlier/later this month" -> bounds up to / from the reference day;
- a month ("in October 2015", "last month", "next February") -> ``YYYY-MM``;
- a year ("in 2015", "this year") -> ``YYYY``; its parts: early = Jan-Apr, mid = May-Aug,
  late = Sep-Dec, end = Oct-Dec, halves = Jan-Jun / Jul-Dec;
- "before/by/until the end of this year" -> the period's value, earliest = the
  reference day when it falls in the period, latest = the period's last day;
- vague ("in the near future", "soon", "in the coming weeks", "within three months",
  "recently") -> no value, only the bound(s) the phrase gives.

Bounds are set only when they say more than the value (a plain month has none).

Direction: a weekday or a date without a year can lie before or after the reference.
``past`` picks the nearest one on or before it (the same day counts), ``future`` the
nearest on or after it, ``nearest`` the closest either way. :func:`find_times` guesses
the direction from the tense cue nearest to the mention in its sentence ("will",
"scheduled" -> future; "said", "-ed", "was" -> past); without a cue a weekday is taken
as past (wire stories report what happened) and a date without a year as nearest.
``last Monday`` / ``next Monday`` are always strictly before / after the reference.
A bare weekday takes the date the text spells out for that weekday, when it spells one
out within a week of the reference ("On Wednesday, June 26").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from diplokg.records import TimeValue

__all__ = [
    "Direction",
    "TimeKind",
    "TimeMention",
    "dateline_date",
    "find_times",
    "resolve_time",
]

Direction = Literal["past", "future", "nearest"]
TimeKind = Literal["absolute", "relative", "vague"]
_Unit = Literal["week", "month", "year"]

_DAY = dt.timedelta(days=1)
_EMPTY = TimeValue()


@dataclass(frozen=True)
class TimeMention:
    """A temporal expression in a text and its resolved value.

    ``start``/``end`` are code-point offsets into the text given to :func:`find_times`;
    leading prepositions ("on", "in") are outside the span. ``value`` is empty when the
    reference needed to resolve the phrase is unknown (no publication date). ``direction``
    is the tense used to place a weekday or a yearless date, ``None`` when it did not
    matter.
    """

    start: int
    end: int
    surface: str
    value: TimeValue
    kind: TimeKind
    direction: Direction | None = None


# --- the reference ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """The interval the text is written at: one day, a month or a year (or unknown)."""

    lo: dt.date | None = None
    hi: dt.date | None = None

    @property
    def day(self) -> dt.date | None:
        return self.lo if self.lo is not None and self.lo == self.hi else None

    @property
    def month(self) -> tuple[int, int] | None:
        if self.lo is None or self.hi is None:
            return None
        if (self.lo.year, self.lo.month) != (self.hi.year, self.hi.month):
            return None
        return self.lo.year, self.lo.month

    @property
    def year(self) -> int | None:
        if self.lo is None or self.hi is None or self.lo.year != self.hi.year:
            return None
        return self.lo.year


def _reference(published: TimeValue | None, dateline_day: dt.date | None) -> _Ref:
    if dateline_day is not None:
        return _Ref(dateline_day, dateline_day)
    if published is None:
        return _Ref()
    if published.value is not None:
        parts = [int(p) for p in published.value.split("-")]
        if len(parts) == 3:
            day = dt.date(parts[0], parts[1], parts[2])
            return _Ref(day, day)
        if len(parts) == 2:
            return _Ref(*_month_span(parts[0], parts[1]))
        return _Ref(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))
    if published.earliest is not None and published.latest is not None:
        return _Ref(published.earliest, published.latest)
    return _Ref()


# --- calendar arithmetic ----------------------------------------------------------------


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _add_months(day: dt.date, n: int) -> dt.date:
    year, month = _shift_month(day.year, day.month, n)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _day_value(day: dt.date) -> TimeValue:
    return TimeValue(day.isoformat())


def _period_value(
    unit: _Unit, lo: dt.date, hi: dt.date, full: tuple[dt.date, dt.date]
) -> TimeValue:
    """Value of a week, month or year (``full``), narrowed to ``lo``..``hi``."""
    if unit == "week":
        wednesday = full[0] + dt.timedelta(days=2)
        return TimeValue(f"{wednesday.year:04d}-{wednesday.month:02d}", lo, hi)
    value = f"{full[0].year:04d}" if unit == "year" else f"{full[0].year:04d}-{full[0].month:02d}"
    if (lo, hi) == full:
        return TimeValue(value)
    return TimeValue(value, lo, hi)


# --- vocabulary -------------------------------------------------------------------------

_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_FULL_MONTH = "|".join(_MONTHS + [m.upper() for m in _MONTHS])
# Abbreviations only count before a day or a year ("Dec. 30"), never alone ("Jan Kubis").
_ABBR_MONTH = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_ABBR_MONTH += "|" + _ABBR_MONTH.upper()
_ANY_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})\.?"
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY = "|".join(_WEEKDAYS + [w.upper() for w in _WEEKDAYS])
_YEAR = r"(?:1[89]|20)\d\d(?![\d-])"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUMBER = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + ")"
_PREPOSITIONS = frozenset([
    "in", "since", "by", "until", "till", "from", "during", "through", "throughout",
    "before", "after", "around", "and", "or", "to", "between",
])  # fmt: skip


def _month_number(word: str) -> int:
    return [m[:3].lower() for m in _MONTHS].index(word.rstrip(".")[:3].lower()) + 1


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _day_of(word: str) -> int:
    return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


# --- direction --------------------------------------------------------------------------

_FUTURE_CUES = frozenset([
    "will", "would", "shall", "won't", "'ll", "scheduled", "slated", "planned", "plans",
    "plan", "expected", "expects", "due", "upcoming", "forthcoming", "set", "going",
    "intends", "intend", "intended", "hopes", "hope", "next", "coming", "tomorrow",
])  # fmt: skip
_PAST_CUES = frozenset([
    "was", "were", "had", "has", "have", "did", "said", "says", "met", "held", "took",
    "made", "told", "spoke", "came", "went", "gave", "began", "saw", "sent", "won", "led",
    "left", "brought", "paid", "sat", "ago", "last", "earlier", "previously", "yesterday",
    "followed",
])  # fmt: skip
_NOT_PAST = frozenset(["need", "united", "hundred", "red", "speed", "seed", "indeed"])
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z\"“‘(])|\n")


def _cue(word: str) -> Direction | None:
    if word in _FUTURE_CUES or word.endswith("'ll"):
        return "future"
    if word in _PAST_CUES or (len(word) > 4 and word.endswith("ed") and word not in _NOT_PAST):
        return "past"
    return None


def _cue_at(words: list[str], i: int) -> Direction | None:
    cue = _cue(words[i])
    # "will be held", "is to be signed": a participle after "be" is not a past event.
    if cue == "past" and i > 0 and words[i - 1] == "be":
        return "future"
    return cue


def _guess_direction(text: str, start: int, end: int) -> Direction | None:
    """The tense cue nearest the mention in its sentence: left first, then right."""
    left_edge = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    right_edge = right.start() if right else len(text)
    left = re.findall(r"[a-z']+", text[left_edge:start].lower().replace("’", "'"))
    for i in reversed(range(len(left))):
        if (cue := _cue_at(left, i)) is not None:
            return cue
    right_words = re.findall(r"[a-z']+", text[end:right_edge].lower().replace("’", "'"))
    for i in range(len(right_words)):
        if (cue := _cue_at(right_words, i)) is not None:
            return cue
    return None


def _pick(
    span_of: Callable[[int], tuple[dt.date, dt.date] | None],
    ref: _Ref,
    direction: Direction,
) -> tuple[dt.date, dt.date] | None:
    """The occurrence of a yearless date or month that ``direction`` points at."""
    if ref.lo is None or ref.hi is None:
        return None
    spans = [s for y in range(ref.lo.year - 1, ref.hi.year + 2) if (s := span_of(y))]
    if direction == "past":
        before = [s for s in spans if s[0] <= ref.hi]
        return max(before) if before else None
    if direction == "future":
        after = [s for s in spans if s[1] >= ref.lo]
        return min(after) if after else None

    def distance(span: tuple[dt.date, dt.date]) -> int:
        assert ref.lo is not None and ref.hi is not None
        if span[1] < ref.lo:
            return (ref.lo - span[1]).days
        if span[0] > ref.hi:
            return (span[0] - ref.hi).days
        return 0

    # Ties go to the earlier occurrence: news more often looks back.
    return min(spans, key=lambda s: (distance(s), s)) if spans else None


# --- the patterns -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    text: str
    ref: _Ref
    direction: Direction | None  # forced by the caller, else guessed per mention


_Result = tuple[TimeValue, TimeKind, Direction | None]
_Handler = Callable[[re.Match[str], _Context], _Result | None]


def _direction(match: re.Match[str], ctx: _Context, default: Direction) -> Direction:
    if ctx.direction is not None:
        return ctx.direction
    return _guess_direction(ctx.text, match.start("t"), match.end("t")) or default


def _on_iso(match: re.Match[str], ctx: _Context) -> _Result | None:
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return _day_value(day), "absolute", None


def _on_calendar_day(match: re.Match[str], ctx: _Context) -> _Result | None:
    """``December 30``, ``30 December 2016``, ``Feb 20, 2025``, ``July 7-8``."""
    month = _month_number(match["mon"])
    first = _day_of(match["d1"])
    last = _day_of(match["d2"]) if match["d2"] else first
    if last < first:
        return None

    def span_of(year: int) -> tuple[dt.date, dt.date] | None:
        try:
            return dt.date(year, month, first), dt.date(year, month, last)
        except ValueError:
            return None

    direction: Direction | None = None
    if match["y"]:
        span = span_of(int(match["y"]))
    else:
        direction = _direction(match, ctx, "nearest")
        span = _pick(span_of, ctx.ref, direction)
        if span is None and ctx.ref.lo is None:
            return _EMPTY, "absolute", direction
    if span is None:
        return None
    if span[0] == span[1]:
        return _day_value(span[0]), "absolute", direction
    return _period_value("month", *span, _month_span(span[0].year, month)), "absolute", direction


_MONTH_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10), "beginning": (1, 10), "start": (1, 10),
    "mid": (11, 20), "middle": (11, 20),
    "late": (21, 31), "end": (21, 31),
    "first half": (1, 15), "second half": (16, 31),
}  # fmt: skip
_YEAR_PARTS: dict[str, tuple[int, int]] = {  # first and last month
    "early": (1, 4), "beginning": (1, 4), "start": (1, 4),
    "mid": (5, 8), "middle": (5, 8),
    "late": (9, 12), "end": (10, 12),
    "first half": (1, 6), "second half": (7, 12),
}  # fmt: skip
_WEEK_PARTS: dict[str, tuple[int, int]] = {  # first and last weekday, Monday = 0
    "early": (0, 2), "beginning": (0, 2), "start": (0, 2),
    "mid": (1, 3), "middle": (1, 3),
    "late": (3, 6), "end": (3, 6),
    "first half": (0, 3), "second half": (3, 6),
}  # fmt: skip


def _part_key(part: str) -> str:
    words = re.sub(r"\b(the|very|of)\b", " ", part.lower()).replace("-", " ").split()
    return " ".join(words)


def _narrow(unit: _Unit, lo: dt.date, hi: dt.date, part: str, ref: _Ref) -> tuple[dt.date, dt.date]:
    """Apply "early", "the end of", "earlier", ... to the period ``lo``..``hi``."""
    key = _part_key(part)
    if key in ("earlier", "later"):
        if ref.day is None or not lo <= ref.day <= hi:
            return lo, hi
        return (lo, ref.day) if key == "earlier" else (ref.day, hi)
    if unit == "month":
        first, last = _MONTH_PARTS[key]
        return lo.replace(day=first), min(hi, lo.replace(day=min(last, hi.day)))
    if unit == "year":
        first, last = _YEAR_PARTS[key]
        return dt.date(lo.year, first, 1), _month_span(lo.year, last)[1]
    first, last = _WEEK_PARTS[key]
    return lo + dt.timedelta(days=first), lo + dt.timedelta(days=last)


def _week_span(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = _monday(day)
    return monday, monday + dt.timedelta(days=6)


_REL_SHIFT = {
    "last": -1, "the previous": -1, "this": 0, "the current": 0, "the": 0,
    "next": 1, "the next": 1, "the coming": 1,
}  # fmt: skip


def _on_period(match: re.Match[str], ctx: _Context) -> _Result | None:
    """Months, years and weeks, named or relative, with an optional part and "before"."""
    part, before, ref = match["part"], match["bef"], ctx.ref
    kind: TimeKind = "absolute"
    direction: Direction | None = None
    unit: _Unit
    full: tuple[dt.date, dt.date] | None
    if match["unit"]:
        unit = match["unit"].lower()  # type: ignore[assignment]
        rel = " ".join(match["rel"].lower().split())
        kind = "relative"
        if rel == "the" and not part:
            return None  # "the week" alone says nothing
        if rel in ("the past", "the last"):
            if part or before:
                return None
            if ref.day is None:
                return _EMPTY, "vague", None
            start = {"week": ref.day - 7 * _DAY, "month": _add_months(ref.day, -1)}.get(
                unit, _add_months(ref.day, -12)
            )
            return TimeValue(None, start, ref.day), "vague", None
        if rel not in _REL_SHIFT:
            return None  # "the following week" counts from another event, not the text
        shift = _REL_SHIFT[rel]
        if unit == "week":
            full = _week_span(ref.day + 7 * shift * _DAY) if ref.day else None
        elif unit == "month":
            full = _month_span(*_shift_month(*ref.month, shift)) if ref.month else None
        else:
            full = (
                (dt.date(ref.year + shift, 1, 1), dt.date(ref.year + shift, 12, 31))
                if ref.year
                else None
            )
    elif match["mon2"]:
        unit, kind = "month", "relative"
        month = _month_number(match["mon2"])
        rel = match["mrel"].lower().split()[-1]
        if ref.month is None:
            full = None
        else:
            here = ref.month
            if rel == "this":
                full = _month_span(here[0], month)
            elif rel == "last":
                full = _month_span(here[0] - (month >= here[1]), month)
            else:  # next, coming
                full = _month_span(here[0] + (month <= here[1]), month)
    elif match["mon"]:
        unit = "month"
        month = _month_number(match["mon"])
        if match["my"]:
            full = _month_span(int(match["my"]), month)
        else:
            if match["mon"].rstrip(".") not in _FULL_MONTH.split("|"):
                return None  # "Jan" alone is more often a name
            if not (part or before or _after_preposition(ctx.text, match.start("t"))):
                return None  # a bare "May" may be a modal verb or a name
            if re.match(r"\s*['’]s\b", ctx.text[match.end("t") :]):
                return None  # "May's government"
            direction = _direction(match, ctx, "nearest")
            full = _pick(lambda y: _month_span(y, month), ref, direction)
    else:
        unit = "year"
        year = int(match["yr"])
        if not (part or before or _after_preposition(ctx.text, match.start("t"))):
            return None
        full = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if full is None:
        return _EMPTY, kind, direction
    lo, hi = _narrow(unit, *full, part, ref) if part else full
    if before:
        lo = ref.day if ref.day is not None and full[0] <= ref.day <= full[1] else full[0]
        hi = full[1]
    return _period_value(unit, lo, hi, full), kind, direction


def _after_preposition(text: str, start: int) -> bool:
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
    return bool(words) and words[-1].lower() in _PREPOSITIONS


_DAY_WORDS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1,
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "tomorrow": 1, "the day after tomorrow": 2,
}  # fmt: skip


def _on_day_word(match: re.Match[str], ctx: _Context) -> _Result | None:
    if ctx.ref.day is None:
        return _EMPTY, "relative", None
    shift = _DAY_WORDS[" ".join(match["t"].lower().split())]
    return _day_value(ctx.ref.day + shift * _DAY), "relative", None


def _on_weekday(match: re.Match[str], ctx: _Context) -> _Result | None:
    """``on Monday``; ``last Monday`` / ``next Monday`` are strictly before / after."""
    weekday = [w.lower() for w in _WEEKDAYS].index(match["wd"].lower())
    rel = " ".join((match["wrel"] or "").lower().split())
    day = ctx.ref.day
    direction: Direction
    if rel in ("last", "this past", "past"):
        direction = "past"
    elif rel in ("next", "this coming", "coming"):
        direction = "future"
    else:
        direction = _direction(match, ctx, "past")
    if day is None:
        return _EMPTY, "relative", direction
    back = (day.weekday() - weekday) % 7
    ahead = (weekday - day.weekday()) % 7
    if rel == "this":
        return _day_value(_monday(day) + weekday * _DAY), "relative", None
    if rel in ("last", "this past", "past"):
        back = back or 7
    if rel in ("next", "this coming", "coming"):
        ahead = ahead or 7
    if direction == "past" or (direction == "nearest" and back <= ahead):
        return _day_value(day - back * _DAY), "relative", direction
    return _day_value(day + ahead * _DAY), "relative", direction


def _on_ago(match: re.Match[str], ctx: _Context) -> _Result | None:
    """``three days ago``, ``two weeks ago``, ``a month ago``, ``a year ago``."""
    n, unit, ref = _number(match["n"]), match["unit"].lower(), ctx.ref
    if unit == "day":
        return (_day_value(ref.day - n * _DAY) if ref.day else _EMPTY), "relative", None
    if unit == "week":
        if ref.day is None:
            return _EMPTY, "relative", None
        full = _week_span(ref.day - 7 * n * _DAY)
        return _period_value("week", *full, full), "relative", None
    if unit == "month":
        if ref.month is None:
            return _EMPTY, "relative", None
        year, month = _shift_month(*ref.month, -n)
        return TimeValue(f"{year:04d}-{month:02d}"), "relative", None
    return (TimeValue(f"{ref.year - n:04d}") if ref.year else _EMPTY), "relative", None


def _on_within(match: re.Match[str], ctx: _Context) -> _Result | None:
    """``within three months``, ``in the next two weeks`` -> reference .. reference + n."""
    if ctx.ref.day is None:
        return _EMPTY, "vague", None
    n, unit, day = _number(match["n"]), match["unit"].lower(), ctx.ref.day
    if unit in ("day", "week"):
        last = day + n * (7 if unit == "week" else 1) * _DAY
    else:
        last = _add_months(day, n * (12 if unit == "year" else 1))
    return TimeValue(None, day, last), "vague", None


def _on_in_n(match: re.Match[str], ctx: _Context) -> _Result | None:
    """``in three days`` -> that day; ``in two weeks`` -> that week."""
    if ctx.ref.day is None:
        return _EMPTY, "relative", None
    n, unit = _number(match["n"]), match["unit"].lower()
    if unit == "day":
        return _day_value(ctx.ref.day + n * _DAY), "relative", None
    full = _week_span(ctx.ref.day + 7 * n * _DAY)
    return _period_value("week", *full, full), "relative", None


def _on_vague(match: re.Match[str], ctx: _Context) -> _Result | None:
    """``in the near future``, ``soon`` (from the reference on); ``recently`` (up to it)."""
    if ctx.ref.lo is None or ctx.ref.hi is None:
        return _EMPTY, "vague", None
    if match["back"]:
        return TimeValue(None, None, ctx.ref.hi), "vague", None
    return TimeValue(None, ctx.ref.lo, None), "vague", None


_WD_PREFIX = rf"(?:(?:{_WEEKDAY}),?\s+)?"
_PART = (
    r"(?P<part>(?i:(?:the\s+)?(?:very\s+)?(?:beginning|start|middle|end)\s+of"
    r"|(?:the\s+)?(?:first|second)\s+half\s+of|early|mid|late|earlier|later))"
)
_BEFORE = r"(?P<bef>(?i:before|by|until|till|no\s+later\s+than)\s+)"
_PERIOD = (
    r"(?:(?P<rel>(?i:last|next|this|the\s+(?:previous|past|current|coming|following|next|last)"
    r"|the))\s+(?P<unit>(?i:week|month|year))\b(?!\s+(?:of|before|after)\b)"
    rf"|(?P<mrel>(?i:last|next|this|the\s+coming|coming))\s+(?P<mon2>{_FULL_MONTH})\b(?!\s*\d)"
    rf"|(?P<mon>{_FULL_MONTH}|(?:{_ABBR_MONTH})\.?)(?:,?\s+(?:of\s+)?(?P<my>{_YEAR}))?\b(?![\s.]*\d)"
    rf"|(?P<yr>{_YEAR}))"
)

# Each rule: the characters a match can start with (a class, under the pattern's own case
# rules), the pattern, its handler. Python's engine tries every alternative of a pattern
# at every position; the look-ahead on the first character (see ``_PATTERNS``) rejects
# most positions at one test. A class that left out a possible first character would lose
# matches: tests/extract/test_timex.py checks gated and plain patterns agree.
# The classes spell out both cases instead of using (?i:...): a case-blind class test costs
# more at every position. Case-blind "i", "s" also match U+0130, U+0131 and U+017F
# (see the ``re`` docs on IGNORECASE), so those stay in the classes.
_RULES: tuple[tuple[str, str, _Handler], ...] = (
    (r"\d", r"\b(?P<t>(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d))\b", _on_iso),
    (
        r"[ADFJMNOSTW]",
        rf"\b(?P<t>{_WD_PREFIX}(?P<mon>{_ANY_MONTH})\s+(?P<d1>{_DAYNUM})"
        rf"(?:\s*(?:-|–|and)\s*(?P<d2>{_DAYNUM}))?(?:,?\s+(?P<y>{_YEAR}))?)",
        _on_calendar_day,
    ),
    (
        r"[FMSTWt0-9]",
        rf"(?<![\d.,])\b(?P<t>{_WD_PREFIX}(?:the\s+)?(?P<d1>{_DAYNUM})"
        rf"(?:\s*(?:-|–)\s*(?P<d2>{_DAYNUM}))?\s+(?:of\s+)?(?P<mon>{_ANY_MONTH})"
        rf"(?:,?\s+(?P<y>{_YEAR}))?)(?![\w])",
        _on_calendar_day,
    ),
    (
        r"[12ABCDEFIJLMNOSTUVbcefilmnstuv\u0130\u0131\u017f]",
        rf"\b(?P<t>{_BEFORE}?(?:{_PART}[\s-]+)?{_PERIOD})",
        _on_period,
    ),
    (
        r"[ELTYelty]",
        r"\b(?P<t>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today"
        r"|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night"
        r"|earlier\s+today|later\s+today))\b",
        _on_day_word,
    ),
    (
        r"[CFLMNPSTWclnpt]",
        r"\b(?P<t>(?:(?P<wrel>(?i:last|next|this\s+coming|this\s+past|this|coming|past))\s+)?"
        rf"(?P<wd>{_WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night))?)\b",
        _on_weekday,
    ),
    (
        r"[\dAEFNOSTaefnost\u017f]",
        rf"\b(?P<t>(?P<n>(?i:{_NUMBER}))\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago))\b",
        _on_ago,
    ),
    (
        r"[IOWiow\u0130\u0131]",
        r"\b(?P<t>(?i:within|in\s+the\s+next|over\s+the\s+next|in\s+the\s+coming)\s+"
        rf"(?P<n>(?i:{_NUMBER}))\s+(?P<unit>(?i:day|week|month|year))s?)\b",
        _on_within,
    ),
    (
        r"[Ii\u0130\u0131]",
        rf"\b(?P<t>(?i:in)\s+(?P<n>(?i:{_NUMBER}))\s+(?P<unit>(?i:day|week))s?)\b"
        r"(?!\s+(?i:of|in|after|before|since)\b)",
        _on_in_n,
    ),
    (
        r"[AIRSairs\u0130\u0131\u017f]",
        r"\b(?P<t>(?i:(?P<ahead>in\s+the\s+(?:near|foreseeable|very\s+near)\s+future"
        r"|in\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months)"
        r"|in\s+the\s+(?:days|weeks|months)\s+ahead|as\s+soon\s+as\s+possible"
        r"|(?<!as\s)soon(?!\s+(?:after|before|as)\b)|shortly(?!\s+(?:after|before)\b))"
        r"|(?P<back>recently|in\s+recent\s+(?:days|weeks|months))))\b",
        _on_vague,
    ),
)

_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(f"(?={first}){source}"), handler) for first, source, handler in _RULES
)


def _candidates(ctx: _Context) -> Iterator[TimeMention]:
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(ctx.text):
            result = handler(match, ctx)
            if result is None:
                continue
            value, kind, direction = result
            if value.value is None and not value.is_empty:
                kind = "vague"
            start, end = match.span("t")
            yield TimeMention(start, end, ctx.text[start:end], value, kind, direction)


def find_times(
    text: str,
    published: TimeValue | None,
    *,
    dateline_day: dt.date | None = None,
    direction: Direction | None = None,
) -> list[TimeMention]:
    """Every temporal expression in ``text``, resolved, in text order.

    Args:
        text: The article text (offsets index it).
        published: The publication date at its known precision, or ``None``.
        dateline_day: The day the dateline gives ("ASTANA, December 30."), which
            relative phrases count from when known.
        direction: Force ``past``, ``future`` or ``nearest`` for weekdays and
            yearless dates; ``None`` guesses from each mention's sentence.

    Returns:
        Non-overlapping mentions, longest first where two start together. A mention whose
        reference is unknown has an empty value.
    """
    ctx = _Context(text, _reference(published, dateline_day), direction)
    chosen: list[TimeMention] = []
    taken_until = -1
    for mention in sorted(_candidates(ctx), key=lambda m: (m.start, -m.end)):
        if mention.start >= taken_until:
            chosen.append(mention)
            taken_until = mention.end
    if direction is None and ctx.ref.day is not None:
        chosen = _agree_weekdays(chosen, ctx.ref.day)
    return chosen


def _agree_weekdays(mentions: list[TimeMention], ref_day: dt.date) -> list[TimeMention]:
    """Give a bare weekday the date the text spells out for that weekday, if any.

    A story that says "On Wednesday, June 26" means that day by every other bare
    "Wednesday", whatever the tense of the sentence (a headline often has none).
    """
    spelled: dict[int, set[dt.date]] = {}
    for mention in mentions:
        if mention.kind == "absolute" and mention.value.precision == "day":
            day = dt.date.fromisoformat(mention.value.value or "")
            if abs((day - ref_day).days) <= 6:
                spelled.setdefault(day.weekday(), set()).add(day)
    result = []
    for mention in mentions:
        words = mention.surface.split()
        if mention.kind == "relative" and words and words[0].title() in _WEEKDAYS:
            days = spelled.get(_WEEKDAYS.index(words[0].title()), set())
            if len(days) == 1:
                day = next(iter(days))
                tense: Direction = "past" if day <= ref_day else "future"
                mention = replace(mention, value=_day_value(day), direction=tense)
        result.append(mention)
    return result


def resolve_time(
    surface: str,
    published: TimeValue | None,
    *,
    direction: Direction | None = None,
    dateline_day: dt.date | None = None,
) -> TimeValue | None:
    """The value of one temporal phrase ("on Monday", "late May, 2015").

    Returns ``None`` when the phrase holds no temporal expression or it cannot be
    resolved (a relative phrase without a publication date). The longest expression in
    the phrase wins.
    """
    mentions = find_times(surface, published, dateline_day=dateline_day, direction=direction)
    if not mentions:
        return None
    best = max(mentions, key=lambda m: (m.end - m.start, -m.start))
    return None if best.value.is_empty else best.value


_DATELINE_DAY = re.compile(
    rf"(?P<mon>{_ANY_MONTH})\s+(?P<d1>{_DAYNUM})|(?P<d2>{_DAYNUM})\s+(?:of\s+)?(?P<mon2>{_ANY_MONTH})"
)


def dateline_date(month_day_surface: str, published: TimeValue | None) -> dt.date | None:
    """The day a dateline gives ("December 30", "JUN 24", "30 December").

    The year comes from ``published`` (the occurrence nearest to it); ``None`` when the
    surface holds no month and day or no year is known.
    """
    match = _DATELINE_DAY.search(month_day_surface)
    if match is None:
        return None
    month = _month_number(match["mon"] or match["mon2"])
    day = _day_of(match["d1"] or match["d2"])

    def span_of(year: int) -> tuple[dt.date, dt.date] | None:
        try:
            return dt.date(year, month, day), dt.date(year, month, day)
        except ValueError:
            return None

    span = _pick(span_of, _reference(published, None), "nearest")
    return span[0] if span else None
