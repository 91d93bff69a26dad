"""Wire-copy layout on stories written for these tests (facts may be real, words are ours)."""

from __future__ import annotations

import pytest

from diplokg.ingest.wire import find_dateline, parse_wire, title_place

TASS_STORY = """All news

Kazakh leader tells diplomats to get ready for Syria meeting

Nazarbayev wants the capital to host the parties before the end of winter
Nursultan Nazarbayev at a cabinet session Ivan Petrov/TASS
Nursultan Nazarbayev at a cabinet session
© Ivan Petrov/TASS

ASTANA, December 30. /TASS/. The president of Kazakhstan has told his foreign ministry to \
prepare a meeting on Syria in the capital, his office said on Friday.

Officials said the date would be set after consultations with Moscow and Ankara.
"""

REUTERS_STORY = """Kremlin says leaders will talk by phone next week

MOSCOW (Reuters) - The presidents of Russia and Turkey will speak by telephone next week \
about the ceasefire, a Kremlin aide told reporters on Tuesday.

The aide gave no exact date for the call.

Reporting by Jane Doe; Editing by John Roe
"""


def test_parse_wire_finds_crumb_headline_standfirst_captions_and_dateline() -> None:
    layout = parse_wire(TASS_STORY)
    assert [c.exact for c in layout.crumbs] == ["All news"]
    assert layout.headline is not None
    assert layout.headline.exact == "Kazakh leader tells diplomats to get ready for Syria meeting"
    assert [s.exact for s in layout.standfirst] == [
        "Nazarbayev wants the capital to host the parties before the end of winter"
    ]
    assert [c.exact for c in layout.captions] == [
        "Nursultan Nazarbayev at a cabinet session Ivan Petrov/TASS",
        "Nursultan Nazarbayev at a cabinet session",
        "© Ivan Petrov/TASS",
    ]
    assert layout.dateline is not None
    assert layout.dateline.place == "Astana"
    assert layout.dateline.agency == "TASS"
    assert layout.dateline.span.exact == "ASTANA, December 30. /TASS/."
    assert layout.dateline.place_span.exact == "ASTANA"
    assert layout.body_start == TASS_STORY.index("ASTANA, December 30.")
    assert layout.dateline.date is not None
    assert (layout.dateline.date.month, layout.dateline.date.day) == (12, 30)


def test_parse_wire_offsets_index_the_text() -> None:
    layout = parse_wire(TASS_STORY)
    for span in (*layout.non_content, *layout.standfirst):
        assert TASS_STORY[span.start : span.end] == span.exact


def test_parse_wire_marks_sign_off_lines() -> None:
    layout = parse_wire(REUTERS_STORY)
    assert [s.exact for s in layout.sign_offs] == ["Reporting by Jane Doe; Editing by John Roe"]
    assert layout.dateline is not None and layout.dateline.place == "Moscow"
    assert layout.dateline.agency == "Reuters"
    assert layout.body_start == REUTERS_STORY.index("MOSCOW (Reuters)")


@pytest.mark.parametrize(
    ("line", "place", "agency", "month_day"),
    [
        ("ASTANA, December 30. /TASS/. The talks", "Astana", "TASS", (12, 30)),
        ("MOSCOW (Reuters) - The Kremlin said", "Moscow", "Reuters", None),
        ("WASHINGTON, June 3 (Xinhua) -- The envoy", "Washington", "Xinhua", (6, 3)),
        ("BEIJING, March 31 -- China said", "Beijing", None, (3, 31)),
        ("UNITED NATIONS (AP) — The council", "United Nations", "AP", None),
        ("ST. PETERSBURG, May 2. /TASS/. Leaders", "St. Petersburg", "TASS", (5, 2)),
        ("NUR-SULTAN, July 8. /TASS/. The round", "Nur-Sultan", "TASS", (7, 8)),
        ("LONDON, Jan 5 (Reuters) - Britain said", "London", "Reuters", (1, 5)),
        ("KYIV, Ukraine (AP) — Ukraine's leader", "Kyiv", "AP", None),
        ("NEW DELHI, Feb. 3 (Xinhua) -- India", "New Delhi", "Xinhua", (2, 3)),
        ("(ANSA) - ROME, OCT 12 - Italy's minister", "Rome", "ANSA", (10, 12)),
        ("PARIS: France's foreign minister", "Paris", None, None),
        ("ANKARA/ISTANBUL (AA) – The minister", "Ankara/Istanbul", "AA", None),
        ("Georgia, Tbilisi, May 4 / Trend A. Aliyev / The ministers", "Tbilisi", "Trend", (5, 4)),
        ("Damascus, SANA – The envoy", "Damascus", "SANA", None),
        ("RIO DE JANEIRO, Nov 18 (Reuters) - Leaders", "Rio de Janeiro", "Reuters", (11, 18)),
    ],
)
def test_find_dateline_reads_agency_styles(
    line: str, place: str, agency: str | None, month_day: tuple[int, int] | None
) -> None:
    found = find_dateline(line)
    assert found is not None
    assert found.place == place
    assert found.agency == agency
    got = (found.date.month, found.date.day) if found.date else None
    assert got == month_day


@pytest.mark.parametrize(
    "line",
    [
        "The minister said talks would resume.",
        "Earlier, The council adopted a resolution.",
        "NOTE: this story was updated.",
        "Putin, Erdogan discuss Syria in phone call",
        "In April 2015, representatives of the opposition met.",
    ],
)
def test_find_dateline_ignores_ordinary_lines(line: str) -> None:
    assert find_dateline(line) is None


def test_parse_wire_without_dateline_starts_body_at_first_sentence() -> None:
    text = (
        "Ministers agree to meet again\n\n"
        "Talks to resume in spring\n\n"
        "The foreign ministers of three neighbours agreed on Monday to meet again in April.\n"
    )
    layout = parse_wire(text)
    assert layout.dateline is None
    assert layout.headline is not None and layout.headline.exact == "Ministers agree to meet again"
    assert [s.exact for s in layout.standfirst] == ["Talks to resume in spring"]
    assert layout.body_start == text.index("The foreign ministers")


def test_parse_wire_reads_byline_and_printed_date_as_non_content() -> None:
    text = (
        "Envoys hold talks in Geneva\n"
        "By Anna Smith and Li Wei\n"
        "Published: 12 March 2019, 14:05 GMT\n"
        "GENEVA (AFP) - Envoys of the two sides met in Geneva on Tuesday for a first round.\n"
    )
    layout = parse_wire(text)
    assert [c.exact for c in layout.captions] == [
        "By Anna Smith and Li Wei",
        "Published: 12 March 2019, 14:05 GMT",
    ]
    assert layout.printed_date is not None and layout.printed_date.value == "2019-03-12"


def test_title_place_keeps_particles_lower_case() -> None:
    assert title_place("DAR ES SALAAM") == "Dar es Salaam"
    assert title_place("Nakhchivan") == "Nakhchivan"
