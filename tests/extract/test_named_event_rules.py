"""Rules for sequenced events, named events and titles (round 6).

Sentences written for these tests (facts may be real).
"""

from __future__ import annotations

import pytest

from diplokg.extract import load_model
from tests.extract.test_rules import _extract, _labels


@pytest.fixture(scope="module")
def nlp() -> object:
    return load_model()


def test_events_followed_keeps_subject_and_object_apart(nlp: object) -> None:
    text = (
        "Wang Yi met Vladimir Putin in Moscow on Thursday. The meeting with Putin followed "
        "talks Wednesday between Wang and his Russian counterpart Sergei Lavrov."
    )
    record = _extract(nlp, text)
    talks = [e for e in record.events if e.kind == "Talks"]
    assert len(talks) == 1
    assert _labels(record, talks[0].participants) == {"Wang Yi", "Sergei Lavrov"}
    meetings = [e for e in record.events if e.kind == "Meeting"]
    assert len(meetings) == 1
    assert _labels(record, meetings[0].participants) == {"Wang Yi", "Vladimir Putin"}


def test_actors_event_name_is_not_an_actor(nlp: object) -> None:
    text = (
        "Wang Yi met Recep Tayyip Erdogan during the G20 Foreign Ministers' "
        "Meeting in Moscow on Thursday."
    )
    record = _extract(nlp, text)
    labels = {a.label for a in record.actors}
    assert not any(label.endswith("Meeting") for label in labels)
    gathering = [e for e in record.events if "G20" in _labels(record, e.participants)]
    assert len(gathering) == 1
    assert next(a for a in record.actors if a.label == "G20").kind == "InternationalOrganization"


def test_actors_opposition_leader_is_a_title_not_the_group(nlp: object) -> None:
    text = "The Japanese foreign minister will meet Opposition Leader Naoto Kan in Tokyo on Monday."
    record = _extract(nlp, text)
    assert not any("opposition" in a.label.lower() for a in record.actors)
