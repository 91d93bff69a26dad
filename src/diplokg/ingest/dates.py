"""Dates as wire copy and header blocks write them: ISO forms, "December 30, 2016", "JUN 24"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from diplokg.records import TimeValue

__all__ = ["MONTH_PATTERN", "MonthDay", "first_date", "month_day", "month_number"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

#: A month name or its abbreviation, in any case ("December", "Dec.", "DEC", "Sept").
MONTH_PATTERN = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# Each pattern yields a date at the precision it states; the earliest match in a string
# wins, and at one position the longest (most precise) one.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)(?:-(?P<day>[0-3]\d))?(?!\d)"),
    re.compile(rf"\b(?P<month>{MONTH_PATTERN})\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+(?P<month>{MONTH_PATTERN}),?\s+{_YEAR}\b"),
    re.compile(rf"\b(?P<month>{MONTH_PATTERN}),?\s+{_YEAR}\b"),
    re.compile(rf"(?<![\d-]){_YEAR}(?![\d-])"),
)


@dataclass(frozen=True)
class MonthDay:
    """A day of a month without a year, as a dateline gives it ("December 30")."""

    month: int
    day: int

    def in_year(self, year: int) -> dt.date | None:
        """That day in ``year``; ``None`` when it does not exist (February 30)."""
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation in any case, else ``None``."""
    key = name.strip().rstrip(".").lower()[:3]
    return _MONTHS.get(key) if len(name.strip().rstrip(".")) >= 3 else None


def month_day(text: str) -> MonthDay | None:
    """The month and day of "December 30", "Dec. 30th", "30 Dec" or "JUN 24", if valid."""
    match = re.search(rf"(?P<month>{MONTH_PATTERN})\s+{_DAY}\b", text) or re.search(
        rf"\b{_DAY}\s+(?P<month>{MONTH_PATTERN})", text
    )
    if not match:
        return None
    month = month_number(match["month"])
    day = int(match["day"])
    if month is None or MonthDay(month, day).in_year(2000) is None:  # 2000 has 29 Feb
        return None
    return MonthDay(month, day)


def _value(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    raw_month = groups.get("month")
    if raw_month is None:
        return f"{year:04d}"
    month = int(raw_month) if raw_month.isdigit() else month_number(raw_month)
    if month is None or not 1 <= month <= 12:
        return None
    raw_day = groups.get("day")
    if raw_day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(raw_day)).isoformat()
    except ValueError:
        return None


def first_date(text: str) -> tuple[TimeValue, int, int] | None:
    """The first date with a year in ``text``, at its stated precision, and its span.

    "2016-12 (not printed; c. 19-20 December 2016)" gives ``2016-12``: the first date
    given wins, at its own precision.
    """
    best: tuple[int, int, str] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _value(match)
            if value is None:
                continue
            key = (match.start(), -(match.end() - match.start()))
            if best is None or key < (best[0], -(best[1] - best[0])):
                best = (match.start(), match.end(), value)
            break
    if best is None:
        return None
    return TimeValue(best[2]), best[0], best[1]
