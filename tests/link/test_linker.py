"""link_record: roles at a date, surnames, ministries, candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from diplokg.link import Gazetteer, link_record
from diplokg.records import Actor, Record, Role


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _record(*actors: Actor) -> Record:
    return Record(article="a.txt", key="a", actors=actors)


def test_link_record_role_resolves_to_the_holder_at_the_date(gaz: Gazetteer) -> None:
    actor = Actor("a1", "the Kazakh president", "Person", role=Role("head_of_state", "Kazakh"))
    linked_2016 = link_record(_record(actor), gaz, on=dt.date(2016, 12, 30)).actors[0]
    linked_2020 = link_record(_record(actor), gaz, on=dt.date(2020, 2, 1)).actors[0]
    assert linked_2016.qid == "Q57394"
    assert linked_2016.label == "Nursultan Nazarbayev"
    assert "the Kazakh president" in linked_2016.aliases
    assert linked_2016.role == Role("head_of_state", "Q232")
    assert linked_2020.qid == "Q200881"


def test_link_record_role_after_the_data_date_is_not_resolved(gaz: Gazetteer) -> None:
    actor = Actor("a1", "the US president", "Person", role=Role("head_of_state", "US"))
    linked = link_record(_record(actor), gaz, on=dt.date(2025, 5, 1)).actors[0]
    assert linked.qid is None
    assert linked.role == Role("head_of_state", "Q30")


def test_link_record_named_person_links_after_the_data_date(gaz: Gazetteer) -> None:
    actor = Actor("a1", "Vladimir Putin", "Person", aliases=("President Putin",))
    linked = link_record(_record(actor), gaz, on=dt.date(2025, 5, 1)).actors[0]
    assert linked.qid == "Q7747"


def test_link_record_surname_resolves_to_the_full_name_in_the_article(gaz: Gazetteer) -> None:
    # In 2020 Davutoglu held no office: only the article's full name identifies him.
    full = Actor("a1", "Ahmet Davutoglu", "Person")
    bare = Actor("a2", "Davutoglu", "Person")
    alone = link_record(_record(bare), gaz, on=dt.date(2020, 1, 1)).actors[0]
    together = link_record(_record(bare, full), gaz, on=dt.date(2020, 1, 1)).actors
    assert alone.qid is None
    assert [a.qid for a in together] == ["Q58198", "Q58198"]
    assert together[0].label == "Ahmet Davutoğlu"


def test_link_record_surname_resolves_to_the_office_holder(gaz: Gazetteer) -> None:
    actor = Actor("a1", "Erdogan", "Person")
    linked = link_record(_record(actor), gaz, on=dt.date(2016, 12, 30)).actors[0]
    assert linked.qid == "Q39259"
    assert linked.label == "Recep Tayyip Erdoğan"


def test_link_record_ambiguous_name_keeps_scored_candidates(gaz: Gazetteer) -> None:
    actor = Actor("a1", "Kim", "Person")
    linked = link_record(_record(actor), gaz, on=dt.date(2021, 1, 1)).actors[0]
    assert linked.qid is None
    assert len(linked.candidates) >= 2
    assert all(c.score < 0.85 for c in linked.candidates)


def test_link_record_ministry_stays_unlinked_with_a_readers_label(gaz: Gazetteer) -> None:
    state = Actor("a1", "Kazakhstan", "State")
    ministry = Actor("a2", "Kazakhstan's Foreign Ministry", "GovernmentBody")
    actors = link_record(_record(state, ministry), gaz, on=dt.date(2016, 12, 30)).actors
    assert actors[0].qid == "Q232"
    assert actors[1].qid is None
    assert actors[1].kind == "GovernmentBody"
    assert actors[1].label == "Ministry of Foreign Affairs of Kazakhstan"
    assert actors[1].country == "a1"


def test_link_record_non_state_groups_and_media_stay_unlinked(gaz: Gazetteer) -> None:
    group = Actor("a1", "Syrian opposition", "NonStateGroup")
    agency = Actor("a2", "TASS", "MediaOrganization")
    actors = link_record(_record(group, agency), gaz, on=dt.date(2016, 12, 30)).actors
    assert [a.qid for a in actors] == [None, None]
    assert [a.label for a in actors] == ["Syrian opposition", "TASS"]


def test_link_record_places_and_organisations(gaz: Gazetteer) -> None:
    actors = link_record(
        _record(
            Actor("a1", "Nur-Sultan", "Place"),
            Actor("a2", "ICRC", "InternationalOrganization"),
            Actor("a3", "Turkish", "State"),
        ),
        gaz,
        on=dt.date(2021, 7, 8),
    ).actors
    assert [a.qid for a in actors] == ["Q1520", "Q5987345", "Q43"]
