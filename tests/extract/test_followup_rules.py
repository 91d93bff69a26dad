"""Rules that tie one event's mentions together: call-offs, purposes, headlines, sides.

Sentences written for these tests (facts may be real).
"""

from __future__ import annotations

import pytest

from diplokg.extract import load_model
from tests.extract.test_rules import _extract, _labels


@pytest.fixture(scope="module")
def nlp() -> object:
    return load_model()


def test_events_who_cancels_a_summit_is_one_of_its_sides(nlp: object) -> None:
    text = "US President Donald Trump cancelled a planned summit with Vladimir Putin on Tuesday."
    record = _extract(nlp, text)
    summit = next(e for e in record.events if e.kind == "Summit")
    assert summit.status == "Cancelled"
    assert _labels(record, summit.participants) == {"Donald Trump", "Vladimir Putin"}


def test_events_purpose_infinitive_is_part_of_the_meeting(nlp: object) -> None:
    text = (
        "Recep Tayyip Erdogan will meet Vladimir Putin in Moscow next week to discuss "
        "trade and energy."
    )
    record = _extract(nlp, text)
    assert [(e.kind, e.status) for e in record.events] == [("Meeting", "Planned")]


def test_events_gerund_after_preposition_takes_the_main_subject(nlp: object) -> None:
    text = (
        "Vladimir Putin will meet Recep Tayyip Erdogan on Wednesday before visiting "
        "President Hassan Rouhani on Thursday."
    )
    record = _extract(nlp, text)
    labels = [_labels(record, e.participants) for e in record.events]
    assert {"Vladimir Putin", "Hassan Rouhani"} in labels


def test_events_headline_infinitive_after_colon_is_planned(nlp: object) -> None:
    text = (
        "Envoy: peace talks to resume in February\n\n"
        "The peace talks on Syria will resume in Geneva on February 8, the envoy said."
    )
    record = _extract(nlp, text)
    talks = [e for e in record.events if e.kind == "Talks"]
    assert len(talks) == 1
    assert talks[0].status == "Planned"


def test_events_numbered_countries_are_the_sides_of_the_last_such_meeting(nlp: object) -> None:
    text = (
        "The foreign ministers of Russia, Turkey and Iran met in Astana on Monday. "
        "A further meeting of the three countries' foreign ministers is planned in Tehran."
    )
    record = _extract(nlp, text)
    planned = next(e for e in record.events if e.status == "Planned")
    assert _labels(record, planned.participants) == {"Russia", "Turkey", "Iran"}
