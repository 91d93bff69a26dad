"""Plain-text articles: the optional header block and wire-copy structure."""

from __future__ import annotations

import datetime as dt
import re

from diplokg.ingest.dates import MonthDay, first_date
from diplokg.ingest.wire import WireLayout, parse_wire
from diplokg.records import Article, TimeValue

__all__ = [
    "agency_name",
    "article_from_text",
    "clean_publisher",
    "header_url",
    "resolve_published",
    "split_header",
]

_HEADER_LINE = re.compile(r"^[a-z][a-z0-9_-]*:[ \t]?.*$")


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split ``key: value`` lines up to the first blank line from the article text.

    Returns the header (empty when the file has none) and the text after the blank line,
    which is what evidence offsets index. A first paragraph that is not made only of
    ``key: value`` lines is article text, not a header.
    """
    head, sep, rest = raw.partition("\n\n")
    lines = head.split("\n")
    if not sep or not lines or not all(_HEADER_LINE.match(line) for line in lines):
        return {}, raw
    header: dict[str, str] = {}
    for line in lines:
        key, _, value = line.partition(":")
        header[key.strip().lower()] = value.strip()
    return header, rest


_URL = re.compile(r"https?://[^\s<>\"')]+")
_AGENCY_NAMES = {
    "AP": "The Associated Press",
    "AFP": "Agence France-Presse",
    "AA": "Anadolu Agency",
    "UPI": "United Press International",
    "DPA": "Deutsche Presse-Agentur",
}
_NO_YEAR = "no year of publication in the article or its header; pass --published"


def header_url(value: str) -> str | None:
    """The first http(s) URL in a header value ("https://x/y (inferred ...)")."""
    match = _URL.search(value)
    return match.group().rstrip(".,;") if match else None


def clean_publisher(value: str) -> str | None:
    """A publisher's name without the header's commentary.

    "The Associated Press (via Salon)" -> "The Associated Press"; "Anadolu Agency (AA),
    republished by x" -> "Anadolu Agency"; a qualifier that is part of the name, as in
    "The Sunday Times (Sri Lanka)", stays.
    """
    name = re.sub(r",\s+[a-z].*$", "", value.strip())
    match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<note>[^()]*)\)\s*(?P<rest>.*)$", name)
    if match:
        note = match["note"]
        commentary = (
            re.search(r"(?:^|\s)[a-z]", note) is not None
            or re.search(r"[,;:]", note) is not None
            or re.fullmatch(r"[A-Z]{1,6}", note.strip()) is not None
        )
        name = match["name"] if commentary else f"{match['name']} ({note})"
    name = name.strip(" ,;")
    return name or None


def agency_name(agency: str) -> str:
    """The publisher an agency credit names: "AP" -> "The Associated Press"."""
    return _AGENCY_NAMES.get(agency.upper(), agency)


def _month_day_text(day: MonthDay) -> str:
    return f"{dt.date(2000, day.month, 1):%B} {day.day}"


def resolve_published(
    header_value: str | None,
    given: dt.date | None,
    layout: WireLayout,
) -> tuple[TimeValue | None, list[str]]:
    """The publication date and notes: ``given`` wins, then the header, then the page.

    Only dates with a year count (the header, a dateline with a year, a date line above
    the body); a dateline day without a year is combined with a coarser publication date
    as bounds, keeping both facts. Without any year the date stays unknown.
    """
    notes: list[str] = []
    found = first_date(header_value) if header_value else None
    header_date = found[0] if found else None
    published: TimeValue | None
    if given is not None:
        published = TimeValue.day(given)
        if header_date is not None and header_date.value != published.value:
            notes.append(
                f"--published {given.isoformat()} overrides the header's "
                f"published: {header_date.value}"
            )
    elif header_date is not None:
        published = header_date
    elif layout.dateline and layout.dateline.date and layout.dateline.year:
        published = _dateline_day(layout.dateline.date, layout.dateline.year)
    else:
        published = layout.printed_date
    dateline_day = layout.dateline.date if layout.dateline else None
    if published is None or published.value is None:
        note = _NO_YEAR
        if dateline_day is not None:
            note += f" (the dateline gives {_month_day_text(dateline_day)} without a year)"
        return None, [*notes, note]
    if dateline_day is None:
        return published, notes
    year = int(published.value[:4])
    day = dateline_day.in_year(year)
    if published.precision == "day":
        if day is None or day.isoformat() != published.value:
            notes.append(
                f"the dateline gives {_month_day_text(dateline_day)}; the publication "
                f"date is {published.value}"
            )
        return published, notes
    if day is None or (published.precision == "month" and day.month != int(published.value[5:7])):
        notes.append(
            f"the dateline's {_month_day_text(dateline_day)} does not fall in the "
            f"publication date {published.value}; kept {published.value}"
        )
        return published, notes
    notes.append(
        f"published {published.value}; the dateline gives "
        f"{_month_day_text(dateline_day)}, kept as the day bounds {day.isoformat()}"
    )
    return TimeValue(published.value, earliest=day, latest=day), notes


def _dateline_day(day: MonthDay, year: int) -> TimeValue | None:
    date = day.in_year(year)
    return TimeValue.day(date) if date else None


def article_from_text(
    raw: str,
    *,
    stem: str,
    path: str | None = None,
    published: dt.date | None = None,
    source_url: str | None = None,
    metadata: dict[str, str] | None = None,
    header: bool = True,
) -> Article:
    """Build an :class:`Article` from decoded plain text with an optional header block.

    Args:
        raw: the whole file as text, header block included.
        stem: the file name without extension (the key when no URL is known).
        path: where the text came from, for the record.
        published: a publication date that overrides every other.
        source_url: the page's URL when known from elsewhere (HTML metadata, a fetch).
        metadata: fallback ``title``/``date``/``sitename`` values (HTML metadata); the
            header block wins over them.
        header: whether ``raw`` may open with a header block (not for HTML main text).
    """
    fields, text = split_header(raw) if header else ({}, raw)
    extra = {k: v for k, v in (metadata or {}).items() if v}
    layout = parse_wire(text)
    url = header_url(fields.get("source", "")) or source_url
    published_value, notes = resolve_published(
        fields.get("published") or fields.get("date") or extra.get("date"), published, layout
    )
    headline = layout.headline.exact if layout.headline else None
    headline = fields.get("headline") or fields.get("title") or extra.get("title") or headline
    publisher = clean_publisher(fields.get("publisher", "") or extra.get("sitename", ""))
    if publisher is None and layout.dateline and layout.dateline.agency:
        publisher = agency_name(layout.dateline.agency)
    dateline = layout.dateline
    return Article(
        key=url or stem,
        stem=stem,
        text=text,
        path=path,
        source_url=url,
        headline=headline,
        published=published_value,
        publisher=publisher,
        dateline=dateline.place if dateline else None,
        dateline_span=dateline.span if dateline else None,
        body_start=layout.body_start,
        captions=layout.non_content,
        notes=tuple(notes),
    )
