"""The layout of plain-text wire copy: crumbs, headline, standfirst, captions, dateline, body.

A news page captured as text usually reads, top to bottom: site crumbs ("All news"), the
headline, a standfirst, photo captions with their credits, the dateline paragraph
("ASTANA, December 30. /TASS/. ..."), the body, and sign-off lines ("Reporting by ...").
:func:`parse_wire` finds those parts with line-level rules that hold for wire copy in
general (TASS, Reuters, AP, Xinhua, AFP, Anadolu, ANSA, Trend styles), not for one site.
Every offset is a code-point index into the text it was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplokg.ingest.dates import MONTH_PATTERN, MonthDay, first_date, month_day
from diplokg.records import Evidence, TimeValue

__all__ = ["Dateline", "WireLayout", "find_dateline", "parse_wire", "title_place"]

# How far down the dateline may sit: below crumbs, headline, standfirst and a few captions.
_DATELINE_MAX_LINE = 15
_HEADLINE_MAX_WORDS = 30

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$|[\"”]$")

# -- datelines -------------------------------------------------------------------------

_CAPS_WORD = r"[A-Z][A-Z'’.\-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,3}}"
_MIXED_WORD = r"[A-Z][a-z][A-Za-z'’\-]*"
_MIXED_PLACE = rf"{_MIXED_WORD}(?: {_MIXED_WORD}){{0,2}}"
_QUALIFIER = r"(?:,\s*[A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,3})"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DATE = (
    rf"{_WEEKDAY}(?:{MONTH_PATTERN}\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d\s+{MONTH_PATTERN})"
    r"(?:,?\s+(?:19|20)\d{2})?"
)
_AGENCY_PAREN = r"\((?P<agency>[A-Za-z][A-Za-z.&\- ]{0,30}?)\)"
_DASH = r"(?:-{1,2}|–|—)"
_SEP = rf"\s*(?:{_DASH}|:)(?=\s)"

_DATELINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (ANSA) - BELGRADE, JUN 24 -
    (
        "first",
        re.compile(
            rf"^{_AGENCY_PAREN}\s*{_DASH}\s*(?P<place>{_CAPS_PLACE})"
            rf"(?:,\s*(?P<date>{_DATE}))?{_SEP}"
        ),
    ),
    # ASTANA, December 30. /TASS/.
    (
        "first",
        re.compile(
            rf"^(?P<place>{_CAPS_PLACE}){_QUALIFIER}*(?:,\s*(?P<date>{_DATE}))?\.?\s*"
            r"/(?P<agency>[A-Z][A-Za-z\- ]{1,20})/\.?(?=\s)"
        ),
    ),
    # MOSCOW (Reuters) -   WASHINGTON, June 3 (Xinhua) --   BEIJING, March 31 --   BEIJING:
    (
        "first",
        re.compile(
            rf"^(?P<place>{_CAPS_PLACE}){_QUALIFIER}*(?:,\s*(?P<date>{_DATE}))?"
            rf"(?:\s*{_AGENCY_PAREN})?{_SEP}"
        ),
    ),
    # Azerbaijan, Nakhchivan, March 7 / Trend E. Huseynov /  (country first, then city)
    (
        "last",
        re.compile(
            rf"^(?P<place>{_MIXED_PLACE}(?:,\s*{_MIXED_PLACE}){{0,2}}),\s*(?P<date>{_DATE})"
            r"\s*/\s*(?P<agency>[A-Z][A-Za-z\-]+)[^/\n]{0,60}/"
        ),
    ),
    # Moscow, March 7 (Reuters) -   Moscow (Reuters) -
    (
        "first",
        re.compile(
            rf"^(?P<place>{_MIXED_PLACE}){_QUALIFIER}*(?:,\s*(?P<date>{_DATE}))?"
            rf"\s*{_AGENCY_PAREN}{_SEP}"
        ),
    ),
    # Moscow, March 7 -
    (
        "first",
        re.compile(rf"^(?P<place>{_MIXED_PLACE}),\s*(?P<date>{_DATE}){_SEP}"),
    ),
    # Geneva, SANA –
    (
        "first",
        re.compile(rf"^(?P<place>{_MIXED_PLACE}),\s*(?P<agency>[A-Z]{{2,8}}){_SEP}"),
    ),
)

# All-caps words that open a line with a colon but are labels, not places.
_NOT_PLACES = frozenset(
    {
        "NOTE",
        "EDITOR'S NOTE",
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "EXCLUSIVE",
        "ANALYSIS",
        "FACTBOX",
        "CORRECTION",
        "PHOTO",
        "VIDEO",
        "WATCH",
        "READ MORE",
        "RELATED",
        "OPINION",
        "Q&A",
    }
)
_PARTICLES = frozenset({"of", "de", "da", "do", "des", "du", "del", "la", "le", "es", "al", "el"})

# -- front matter and sign-off lines ---------------------------------------------------

_CRUMB_WORDS = frozenset(
    {
        "all news",
        "news",
        "latest news",
        "top news",
        "top stories",
        "home",
        "world",
        "politics",
        "world news",
        "international",
        "diplomacy",
        "business",
        "economy",
        "society",
        "opinion",
        "menu",
        "search",
        "share",
        "print",
        "back",
        "more",
        "latest",
        "breaking news",
        "russian politics & diplomacy",
        "world & nation",
        "middle east",
        "asia",
        "europe",
        "africa",
        "americas",
    }
)
_CRUMB_TRAIL = re.compile(r"^[^.!?]{1,60}(?:\s[>›»|/]\s[^.!?]{1,40})+$")
_CREDIT_START = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|photo(?:graph)?s?\s*(?::|by\b|credit\b)|picture:|image:|"
    r"credit:|file photo\b|source:)",
    re.IGNORECASE,
)
# "Mikhail Metzel/TASS", "Getty Images/AFP", "AP Photo/Name": a credit closing the line.
_CREDIT_END = re.compile(
    r"[A-Z][\w.’'\-]+\s?/\s?(?:[A-Z][A-Z\-]{1,12}|Reuters|Getty Images|Xinhua|Sputnik|Anadolu"
    r"(?: Agency)?|Shutterstock|Alamy|Pool|Handout|AP Photo|Imago|Photoshot)$"
)
_BYLINE = re.compile(
    r"^By [A-Z][\w.’'\-]+(?: [A-Z][\w.’'\-]+){0,3}(?:(?:,| and) [A-Z][\w.’'\- ]+)*$"
)
_SIGN_OFF = re.compile(
    r"^(?:(?:additional )?reporting by\b|writing by\b|editing by\b|compiled by\b|"
    r"edited by\b|translated by\b|editor\s*:|read more\s*:|also read\s*:|related\s*:|"
    r"follow (?:us|\w+) on\b)",
    re.IGNORECASE,
)
# "Daniel Johnson has more." closing a broadcast page.
_CUE = re.compile(r"^[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){0,3} has (?:more|the story|this report)\.?$")
_DATE_LINE_START = re.compile(r"^(?:published|updated|posted|date|last updated)\b\s*:?", re.I)


@dataclass(frozen=True)
class Dateline:
    """A dateline: the place as written (title-cased), its agency and date, and spans."""

    place: str
    span: Evidence  # the whole dateline, from the place (or agency) to its separator
    place_span: Evidence
    agency: str | None = None
    date: MonthDay | None = None
    year: int | None = None


@dataclass(frozen=True)
class WireLayout:
    """Where the parts of a wire story sit in its text."""

    headline: Evidence | None = None
    standfirst: tuple[Evidence, ...] = ()
    crumbs: tuple[Evidence, ...] = ()
    captions: tuple[Evidence, ...] = ()  # captions, photo credits, bylines, date lines
    sign_offs: tuple[Evidence, ...] = ()  # "Reporting by ...", "Editor: ...", agency sign-off
    dateline: Dateline | None = None
    body_start: int = 0
    printed_date: TimeValue | None = None  # a date with a year printed above the body

    @property
    def non_content(self) -> tuple[Evidence, ...]:
        """Every span that is not article content, in text order."""
        return tuple(sorted((*self.crumbs, *self.captions, *self.sign_offs), key=_order))


def _order(span: Evidence) -> tuple[int, int]:
    return span.start, span.end


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def span(self) -> Evidence:
        return Evidence(self.start, self.end, self.text)


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def title_place(written: str) -> str:
    """Title-case an all-caps place ("ST. PETERSBURG" -> "St. Petersburg").

    Mixed-case names are kept as written.
    """
    if written != written.upper():
        return written
    words = written.title().split(" ")
    return " ".join(
        w.lower() if i > 0 and w.lower() in _PARTICLES else w for i, w in enumerate(words)
    )


def find_dateline(line: str, offset: int = 0) -> Dateline | None:
    """The dateline opening ``line`` (which starts at ``offset`` in the text), if any."""
    for which, pattern in _DATELINES:
        match = pattern.match(line)
        if not match:
            continue
        written = match["place"]
        if written.rstrip(":").upper() in _NOT_PLACES or not re.search("[A-Za-z]{2}", written):
            continue
        # "Azerbaijan, Nakhchivan": the city is the last part; "LAUSANNE, Switzerland": first.
        parts = [p.strip() for p in written.split(",")]
        place = parts[-1] if which == "last" else parts[0]
        place_start = match.start("place") + written.index(place)
        groups = match.groupdict()
        date_text = groups.get("date")
        year_match = re.search(r"(?:19|20)\d{2}", date_text) if date_text else None
        agency = groups.get("agency")
        end = match.end()
        return Dateline(
            place=title_place(place),
            span=Evidence(offset, offset + end, line[:end]),
            place_span=Evidence(offset + place_start, offset + place_start + len(place), place),
            agency=agency.strip() if agency else None,
            date=month_day(date_text) if date_text else None,
            year=int(year_match.group()) if year_match else None,
        )
    return None


def _is_crumb(line: _Line) -> bool:
    lowered = line.text.lower().rstrip(":")
    return lowered in _CRUMB_WORDS or bool(_CRUMB_TRAIL.match(line.text) and line.words <= 12)


def _is_credit(line: _Line) -> bool:
    if _CREDIT_START.match(line.text):
        return True
    return (
        line.words <= 20
        and not _SENTENCE_END.search(line.text)
        and bool(_CREDIT_END.search(line.text))
    )


def _is_date_line(line: _Line) -> bool:
    if line.words > 12:
        return False
    found = first_date(line.text)
    if found is None:
        return False
    if _DATE_LINE_START.match(line.text):
        return True
    # Mostly the date and a time: "30 December 2016, 14:05 GMT".
    rest = line.text[: found[1]] + line.text[found[2] :]
    return len(re.findall(r"[A-Za-z]{3,}", rest)) <= 2 and not re.search(r"[a-z]{4,}", rest)


def _is_sign_off(line: _Line, agencies: frozenset[str]) -> bool:
    text = line.text
    if _SIGN_OFF.match(text) or _CUE.match(text) or _CREDIT_START.match(text):
        return True
    bare = text.strip("().– -").lower()
    return bare in agencies


def _is_headline(line: _Line) -> bool:
    if line.words > _HEADLINE_MAX_WORDS:
        return False
    return not (_SENTENCE_END.search(line.text) and line.text.endswith(".") and line.words > 12)


_AGENCY_SIGN_OFFS = frozenset(
    {
        "the associated press",
        "associated press",
        "reuters",
        "afp",
        "ap",
        "tass",
        "xinhua",
        "ansa",
        "anadolu agency",
        "aa",
        "sputnik",
        "dpa",
        "upi",
    }
)


def parse_wire(text: str) -> WireLayout:
    """Find crumbs, headline, standfirst, captions, dateline and body start in ``text``."""
    lines = _lines(text)
    if not lines:
        return WireLayout()
    dateline: Dateline | None = None
    dateline_index = None
    for index, line in enumerate(lines[:_DATELINE_MAX_LINE]):
        found = find_dateline(line.text, line.start)
        if found is not None:
            dateline, dateline_index = found, index
            break

    crumbs: list[Evidence] = []
    captions: list[Evidence] = []
    standfirst: list[Evidence] = []
    headline: Evidence | None = None
    printed: TimeValue | None = None
    front_end = dateline_index if dateline_index is not None else len(lines)
    body_index: int | None = dateline_index
    index = 0
    while index < front_end and _is_crumb(lines[index]) and index + 1 < len(lines):
        crumbs.append(lines[index].span)
        index += 1
    headline_index: int | None = None
    for i in range(index, front_end):
        line = lines[i]
        if _is_date_line(line):
            captions.append(line.span)
            stamped = first_date(line.text)
            if printed is None and stamped is not None:
                printed = stamped[0]
            continue
        if _BYLINE.match(line.text) or _is_credit(line):
            captions.append(line.span)
            continue
        if headline_index is None:
            if i + 1 < len(lines) and _is_headline(line):
                headline, headline_index = line.span, i
                continue
            body_index = i
            break
        if _is_caption(lines, i, headline_index, front_end):
            captions.append(line.span)
            continue
        if dateline_index is None and (_SENTENCE_END.search(line.text) or i + 1 >= len(lines)):
            # Without a dateline the first full sentence after the headline opens the body.
            body_index = i
            break
        standfirst.append(line.span)
    if body_index is None:
        body_index = (
            len(lines) - 1 if headline_index is None else min(headline_index + 1, len(lines) - 1)
        )

    sign_offs = [
        line.span for line in lines[body_index + 1 :] if _is_sign_off(line, _AGENCY_SIGN_OFFS)
    ]
    body_line = lines[body_index]
    return WireLayout(
        headline=headline,
        standfirst=tuple(s for s in standfirst if s.start < body_line.start),
        crumbs=tuple(crumbs),
        captions=tuple(captions),
        sign_offs=tuple(sign_offs),
        dateline=dateline,
        body_start=body_line.start,
        printed_date=printed,
    )


def _is_caption(lines: list[_Line], i: int, headline_index: int, front_end: int) -> bool:
    """A short line beside a photo credit, or a caption a credit line repeats."""
    line = lines[i]
    if line.words > 20 or _SENTENCE_END.search(line.text):
        return False
    neighbours = [lines[j] for j in (i - 1, i + 1) if headline_index < j < front_end]
    credits = [n for n in neighbours if _is_credit(n)]
    if not credits:
        return False
    # The line right after the headline is the standfirst unless a credit line repeats it.
    if i == headline_index + 1:
        return any(c.text.startswith(line.text) for c in credits)
    return True
