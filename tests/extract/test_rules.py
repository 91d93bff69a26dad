"""Extraction rules on sentences written for these tests (facts may be real)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from diplokg.extract import extract_record, load_model
from diplokg.records import Article, LexiconEntry, Record, TimeValue

_STATES = {
    "Kazakhstan": "Kazakh",
    "Russia": "Russian",
    "Turkey": "Turkish",
    "Iran": "Iranian",
    "Syria": "Syrian",
    "China": "Chinese",
    "Japan": "Japanese",
}


class TinyLexicon:
    """A hand-made lexicon: a few states, cities and people."""

    def entries(self) -> Iterable[LexiconEntry]:
        for state in _STATES:
            yield LexiconEntry(state, "State", state)
        for city in ("Astana", "Moscow", "Geneva", "Tokyo", "Beijing"):
            yield LexiconEntry(city, "Place", city)
        for person in (
            "Nursultan Nazarbayev",
            "Vladimir Putin",
            "Recep Tayyip Erdogan",
            "Wang Yi",
            "Hassan Rouhani",
        ):
            yield LexiconEntry(person, "Person", person)

    def demonym(self, word: str) -> str | None:
        return next((s for s, d in _STATES.items() if d == word), None)


@pytest.fixture(scope="module")
def nlp() -> object:
    return load_model()


def _extract(nlp: object, text: str, published: str = "2016-12-30") -> Record:
    body = text.find("\n\n") + 2 if "\n\n" in text else 0
    article = Article(key="t", stem="t", text=text, published=TimeValue(published), body_start=body)
    return extract_record(article, nlp, TinyLexicon())


def _labels(record: Record, ids: Iterable[str]) -> set[str]:
    return {record.actor(i).label for i in ids}


def test_actors_role_phrase_resolves_to_holder_named_in_text(nlp: object) -> None:
    text = (
        "Kazakhstan's President Nursultan Nazarbayev spoke in Astana on Monday. "
        "Later the Kazakh leader met Vladimir Putin in Moscow."
    )
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.kind == "Meeting")
    assert _labels(record, meeting.participants) == {"Nursultan Nazarbayev", "Vladimir Putin"}


def test_actors_counterpart_takes_the_office_of_the_anchor(nlp: object) -> None:
    text = (
        "Russian President Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan "
        "held talks in Moscow on Friday."
    )
    record = _extract(nlp, text)
    erdogan = next(a for a in record.actors if a.label == "Recep Tayyip Erdogan")
    assert erdogan.role is not None and erdogan.role.office == "head_of_state"


def test_actors_demonym_names_the_state(nlp: object) -> None:
    record = _extract(nlp, "The Iranian delegation arrived in Geneva on Monday for a visit.")
    assert "Iran" in {a.label for a in record.actors if a.kind == "State"}


def test_actors_bare_foreign_ministry_belongs_to_the_speakers_state(nlp: object) -> None:
    text = "Kazakhstan's President Nursultan Nazarbayev has instructed the Foreign Ministry to act."
    record = _extract(nlp, text)
    assert "Ministry of Foreign Affairs of Kazakhstan" in {a.label for a in record.actors}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Vladimir Putin held talks with Wang Yi in Moscow on Monday.", "Talks"),
        ("Vladimir Putin met with Wang Yi in Moscow on Monday.", "Meeting"),
        ("Vladimir Putin and Recep Tayyip Erdogan spoke in a phone call on Monday.", "PhoneCall"),
        ("Wang Yi arrived in Tokyo on Monday for a three-day visit.", "Visit"),
        ("Vladimir Putin attended the tenth summit in Beijing on Monday.", "Summit"),
    ],
)
def test_events_kind_from_trigger(nlp: object, sentence: str, kind: str) -> None:
    record = _extract(nlp, sentence)
    assert [e.kind for e in record.events] == [kind]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Vladimir Putin will meet Wang Yi in Moscow next week.", "Planned"),
        ("Vladimir Putin met Wang Yi in Moscow on Monday.", "Held"),
        ("Vladimir Putin cancelled a planned summit with Wang Yi in Geneva.", "Cancelled"),
        (
            "Iran and Turkey discussed the possibility of a meeting with Japan in Geneva.",
            "Proposed",
        ),
    ],
)
def test_events_status_from_modality(nlp: object, sentence: str, status: str) -> None:
    record = _extract(nlp, sentence)
    assert status in {e.status for e in record.events}


def test_events_location_and_date(nlp: object) -> None:
    record = _extract(nlp, "Wang Yi held talks with Vladimir Putin in Moscow on Monday.")
    event = record.events[0]
    assert event.location is not None and record.actor(event.location).label == "Moscow"
    assert event.date.value == "2016-12-26"


def test_events_round_number(nlp: object) -> None:
    record = _extract(nlp, "The third round of the talks was held in Geneva in May 2016.")
    assert record.events[0].round == 3
    assert record.events[0].date.value == "2016-05"


def test_events_mentions_merge_into_one(nlp: object) -> None:
    text = (
        "Putin and Wang meet in Moscow\n\n"
        "Vladimir Putin met with Wang Yi in Moscow on Monday. "
        "The meeting lasted two hours."
    )
    record = _extract(nlp, text)
    assert len(record.events) == 1
    assert len(record.events[0].evidence) >= 2


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Vladimir Putin ordered the Foreign Ministry to prepare the talks.", "Directive"),
        ("Iran and Turkey signed a joint declaration in Geneva on Monday.", "JointStatement"),
        ("Iran demanded that Japan withdraw its proposal.", "Demand"),
        ("Wang Yi stressed that cooperation with Russia must deepen.", "Statement"),
        ("The opposition asked Kazakhstan to host the negotiations.", "Request"),
    ],
)
def test_declarations_kind(nlp: object, sentence: str, kind: str) -> None:
    record = _extract(nlp, sentence)
    assert kind in {d.kind for d in record.declarations}


def test_declarations_by_and_addressee(nlp: object) -> None:
    text = "Russian President Vladimir Putin ordered the Foreign Ministry to prepare the talks."
    record = _extract(nlp, text)
    directive = record.declarations[0]
    assert _labels(record, directive.by) == {"Vladimir Putin"}
    assert _labels(record, directive.addressee) == {"Ministry of Foreign Affairs of Russia"}


def test_declarations_adopted_at_and_about(nlp: object) -> None:
    text = (
        "Iran and Turkey held talks in Geneva on Monday. "
        "During the talks, the two sides signed a joint declaration. "
        "Vladimir Putin ordered the Foreign Ministry to prepare a summit in Moscow next week."
    )
    record = _extract(nlp, text)
    talks = next(e for e in record.events if e.kind == "Talks")
    joint = next(d for d in record.declarations if d.kind == "JointStatement")
    assert joint.adopted_at == talks.id
    directive = next(d for d in record.declarations if d.kind == "Directive")
    summit = next(e for e in record.events if e.kind == "Summit")
    assert directive.about == summit.id


def test_declarations_routine_attribution_is_not_a_statement(nlp: object) -> None:
    record = _extract(nlp, "A ministry spokesman said Wang Yi met Vladimir Putin in Moscow.")
    assert not [d for d in record.declarations if d.kind == "Statement"]


def test_evidence_offsets_index_the_text(nlp: object) -> None:
    text = "Vladimir Putin met with Wang Yi in Moscow on Monday."
    record = _extract(nlp, text)
    for span in record.events[0].evidence:
        assert text[span.start : span.end] == span.exact


def test_load_model_unknown_name_is_a_model_error() -> None:
    from diplokg.errors import ModelError

    with pytest.raises(ModelError):
        load_model("no_such_model_xx")


def test_reference_day_is_today_for_present_perfect(nlp: object) -> None:
    record = _extract(nlp, "Vladimir Putin has met with Wang Yi in Moscow.")
    assert record.events[0].date.value == "2016-12-30"
    assert dt.date(2016, 12, 30).isoformat() == "2016-12-30"
