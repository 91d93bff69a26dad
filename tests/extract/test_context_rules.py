"""Rules that read beyond one clause: delegations, series, hosts, occasions, documents.

Sentences written for these tests (facts may be real).
"""

from __future__ import annotations

import pytest

from diplokg.extract import load_model
from diplokg.records import Record
from tests.extract.test_rules import _extract, _labels


@pytest.fixture(scope="module")
def nlp() -> object:
    return load_model()


def test_events_officials_from_a_body_stand_for_the_body(nlp: object) -> None:
    text = (
        "Kazakhstan's President Nursultan Nazarbayev held a meeting with senior officials "
        "from the foreign ministry in Astana on Monday."
    )
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.kind == "Meeting")
    assert _labels(record, meeting.participants) == {
        "Nursultan Nazarbayev",
        "Ministry of Foreign Affairs of Kazakhstan",
    }


def test_events_later_round_inherits_the_series_parties(nlp: object) -> None:
    text = (
        "In March 2015, the first round of talks, involving Iran and Turkey, was held in "
        "Geneva. The second round of the talks took place in June 2015."
    )
    record = _extract(nlp, text)
    second = next(e for e in record.events if e.round == 2)
    assert _labels(record, second.participants) == {"Iran", "Turkey"}
    assert second.location is not None and record.actor(second.location).label == "Geneva"


def test_events_state_preparing_talks_on_its_soil_organizes_them(nlp: object) -> None:
    text = (
        "President Nursultan Nazarbayev of Kazakhstan instructed the Foreign Ministry to "
        "prepare the peace talks in Kazakhstan next month."
    )
    record = _extract(nlp, text)
    talks = next(e for e in record.events if e.kind == "Talks")
    assert _labels(record, talks.organizer) == {"Kazakhstan"}


def test_events_preparing_talks_abroad_organizes_nothing(nlp: object) -> None:
    text = "Russia's President Vladimir Putin has ordered diplomats to prepare talks in Japan."
    record = _extract(nlp, text)
    talks = next(e for e in record.events if e.kind == "Talks")
    assert talks.organizer == ()


def test_events_meeting_on_the_sidelines_takes_the_occasions_place(nlp: object) -> None:
    text = "Wang Yi met Vladimir Putin on Monday on the sidelines of a regional forum in Tokyo."
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.kind == "Meeting")
    assert meeting.location is not None and record.actor(meeting.location).label == "Tokyo"


def test_events_topic_place_is_not_the_meeting_place(nlp: object) -> None:
    record = _extract(nlp, "Wang Yi will hold talks on the conflict in Syria next week.")
    talks = next(e for e in record.events if e.kind == "Talks")
    assert talks.location is None or record.actor(talks.location).label != "Syria"


def test_events_place_compound_of_a_series_names_its_place(nlp: object) -> None:
    record = _extract(nlp, "The latest round of Geneva talks ended on Friday.")
    talks = next(e for e in record.events if e.kind == "Talks")
    assert talks.location is not None and record.actor(talks.location).label == "Geneva"


def test_events_body_kind_wins_over_standfirst_summary(nlp: object) -> None:
    text = (
        "Iran and Turkey discussed a meeting in Geneva\n\n"
        "Iran and Turkey will hold talks in Geneva next month."
    )
    record = _extract(nlp, text)
    assert "Talks" in {e.kind for e in record.events}


def _kinds(record: Record) -> list[str]:
    return sorted(d.kind for d in record.declarations)


def test_declarations_document_content_is_not_a_separate_demand(nlp: object) -> None:
    text = (
        "Iran and Turkey held talks in Geneva on Monday. The participants adopted a joint "
        "declaration urging the withdrawal of foreign forces."
    )
    record = _extract(nlp, text)
    assert "Demand" not in _kinds(record)
    assert "JointStatement" in _kinds(record)


def test_declarations_called_for_is_a_demand(nlp: object) -> None:
    text = "Besides, Turkey called for a new government to be formed after the elections."
    record = _extract(nlp, text)
    assert _kinds(record) == ["Demand"]


def test_declarations_request_addressed_through_governing_verb(nlp: object) -> None:
    text = (
        "In April 2015, Iran turned to Kazakhstan's authorities once again asking them "
        "to host talks on the crisis."
    )
    record = _extract(nlp, text)
    request = next(d for d in record.declarations if d.kind == "Request")
    assert _labels(record, request.addressee) == {"Kazakhstan"}
