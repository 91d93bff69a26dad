"""Tests of the typed records (invariants of TimeValue, Evidence and Record)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from diplokg.records import (
    ACTOR_KINDS,
    DECLARATION_KINDS,
    EVENT_KINDS,
    EVENT_STATUSES,
    Actor,
    Evidence,
    Record,
    TimeValue,
)


@pytest.mark.parametrize(
    ("value", "precision"),
    [("2016", "year"), ("2016-12", "month"), ("2016-12-30", "day"), (None, None)],
)
def test_timevalue_precision_follows_the_value(value: str | None, precision: str | None) -> None:
    assert TimeValue(value).precision == precision


@pytest.mark.parametrize(
    "value", ["16", "2016-1", "2016/12/30", "December 2016", "2016-12-30T10:00"]
)
def test_timevalue_rejects_malformed_values(value: str) -> None:
    with pytest.raises(ValueError, match="YYYY"):
        TimeValue(value)


def test_timevalue_rejects_earliest_after_latest() -> None:
    with pytest.raises(ValueError, match="after"):
        TimeValue(None, dt.date(2021, 6, 20), dt.date(2021, 6, 10))


def test_timevalue_is_empty_only_without_value_and_bounds() -> None:
    assert TimeValue().is_empty
    assert not TimeValue("2021").is_empty
    assert not TimeValue(None, earliest=dt.date(2021, 6, 16)).is_empty
    assert not TimeValue(None, latest=dt.date(2021, 6, 16)).is_empty


def test_timevalue_day_is_iso_at_day_precision() -> None:
    value = TimeValue.day(dt.date(2021, 6, 16))
    assert value.value == "2021-06-16"
    assert value.precision == "day"


@pytest.mark.parametrize(("start", "end"), [(5, 5), (5, 4), (-1, 3)])
def test_evidence_rejects_empty_or_negative_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="empty or negative"):
        Evidence(start, end)


def test_records_are_frozen() -> None:
    actor = Actor("a1", "Joe Biden", "Person", qid="Q6279")
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.label = "someone else"  # type: ignore[misc]


def test_record_actor_finds_by_local_id() -> None:
    biden = Actor("a1", "Joe Biden", "Person", qid="Q6279")
    record = Record("x.txt", "x", actors=(biden,))
    assert record.actor("a1") is biden
    with pytest.raises(KeyError):
        record.actor("a2")


def test_record_kind_tuples_match_the_design_contract() -> None:
    assert set(ACTOR_KINDS) == {
        "Person",
        "State",
        "GovernmentBody",
        "InternationalOrganization",
        "NonStateGroup",
        "MediaOrganization",
        "Organization",
        "Place",
    }
    assert set(EVENT_KINDS) == {"Meeting", "Talks", "Summit", "Visit", "PhoneCall"}
    assert set(DECLARATION_KINDS) == {
        "JointStatement",
        "Statement",
        "Directive",
        "Request",
        "Agreement",
        "Demand",
    }
    assert set(EVENT_STATUSES) == {"Held", "Planned", "Proposed", "Cancelled"}
