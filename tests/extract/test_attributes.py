"""Attribute rules of events and declarations, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from diplokg.extract import extract_record, load_model
from diplokg.extract.lexicon import build_patterns
from diplokg.records import Article, LexiconEntry, Record, TimeValue

_STATES = {"Kazakhstan": "Kazakh", "Russia": "Russian", "Turkey": "Turkish", "China": "Chinese"}


class SmallLexicon:
    """States, cities and people, one of them written with a diacritic."""

    def entries(self) -> Iterable[LexiconEntry]:
        for state in _STATES:
            yield LexiconEntry(state, "State", state)
        yield LexiconEntry("UN", "InternationalOrganization", "United Nations")
        for city in ("Astana", "Tokyo", "Beijing", "Geneva"):
            yield LexiconEntry(city, "Place", city)
        for person in ("Nursultan Nazarbayev", "Vladimir Putin", "Wang Yi", "Hassan Rouhani"):
            yield LexiconEntry(person, "Person", person)
        yield LexiconEntry("Recep Tayyip Erdoğan", "Person", "Recep Tayyip Erdoğan")

    def demonym(self, word: str) -> str | None:
        return next((s for s, d in _STATES.items() if d == word), None)


@pytest.fixture(scope="module")
def nlp() -> object:
    return load_model()


def _extract(nlp: object, text: str, published: str = "2019-03-15") -> Record:
    article = Article(key="t", stem="t", text=text, published=TimeValue(published))
    return extract_record(article, nlp, SmallLexicon())


def _labels(record: Record, ids: Iterable[str]) -> set[str]:
    return {record.actor(i).label for i in ids}


def test_patterns_built_once_and_matched_without_tokenizer(nlp: object) -> None:
    lexicon = SmallLexicon()
    patterns = build_patterns(nlp, lexicon)
    assert build_patterns(nlp, lexicon) is patterns
    doc = nlp("The UN envoy met Vladimir Putin in Geneva.")  # type: ignore[operator]
    found = [(doc[s:e].text, entry.label) for s, e, entry in patterns.spans(doc)]
    assert found == [
        ("UN", "United Nations"),
        ("Vladimir Putin", "Vladimir Putin"),
        ("Geneva", "Geneva"),
    ]
    # Names match in any case, abbreviations only as written.
    assert patterns.lookup("GENEVA") is not None
    assert patterns.lookup("un") is None


def test_participants_topic_of_a_discussion_is_not_a_party(nlp: object) -> None:
    record = _extract(nlp, "Vladimir Putin and Wang Yi discussed Turkey by phone on Monday.")
    call = next(e for e in record.events if e.kind == "PhoneCall")
    assert _labels(record, call.participants) == {"Vladimir Putin", "Wang Yi"}


def test_participants_place_after_a_name_is_not_a_party(nlp: object) -> None:
    text = "Wang Yi held talks with Hassan Rouhani in Turkey on Monday."
    record = _extract(nlp, text)
    talks = next(e for e in record.events if e.kind == "Talks")
    assert _labels(record, talks.participants) == {"Wang Yi", "Hassan Rouhani"}


def test_participants_spelling_without_diacritics_is_one_person(nlp: object) -> None:
    text = (
        "Recep Tayyip Erdoğan spoke to reporters on Monday. "
        "Later Erdogan met Vladimir Putin in Astana."
    )
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.kind == "Meeting")
    assert _labels(record, meeting.participants) == {"Recep Tayyip Erdoğan", "Vladimir Putin"}


def test_organizer_leader_hosting_talks_hosts_for_the_state(nlp: object) -> None:
    text = "Kazakh President Nursultan Nazarbayev said he was ready to host peace talks in Astana."
    record = _extract(nlp, text)
    talks = next(e for e in record.events if e.kind == "Talks")
    assert _labels(record, talks.organizer) == {"Kazakhstan"}
    assert "Nursultan Nazarbayev" not in _labels(record, talks.participants)


def test_organizer_thanked_for_hosting(nlp: object) -> None:
    text = (
        "Russia and Turkey held a meeting on Syria in Astana on Monday. "
        "The sides expressed their gratitude to Kazakhstan for hosting the meeting."
    )
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.organizer)
    assert _labels(record, meeting.organizer) == {"Kazakhstan"}
    assert meeting.status == "Held"


def test_location_meeting_during_a_visit_is_where_the_visitor_is(nlp: object) -> None:
    text = (
        "Wang Yi arrived in Tokyo on Monday for a two-day visit. "
        "Wang is scheduled to meet Hassan Rouhani on Tuesday."
    )
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.kind == "Meeting")
    assert _labels(record, meeting.participants) == {"Wang Yi", "Hassan Rouhani"}
    assert meeting.location is not None and record.actor(meeting.location).label == "Tokyo"


def test_declarations_said_while_meeting_are_made_at_the_meeting(nlp: object) -> None:
    text = (
        "Wang Yi held talks in Beijing on Monday with several visiting leaders.\n"
        "China and Russia should trade more, Wang Yi said while meeting with Vladimir Putin.\n"
        "Both countries want a stable region, he said.\n"
    )
    record = _extract(nlp, text)
    meeting = next(e for e in record.events if e.kind == "Meeting")
    statements = [d for d in record.declarations if d.kind == "Statement"]
    assert len(statements) == 2
    for statement in statements:
        assert _labels(record, statement.by) == {"Wang Yi"}
        assert statement.adopted_at == meeting.id
    # The meeting follows the dated talks of the same leader: it took place that day.
    assert meeting.date.value == "2019-03-11"
    assert statements[0].date.value == "2019-03-11"


def test_declarations_invited_guests_are_not_a_request(nlp: object) -> None:
    text = "Wang Yi met leaders who were invited to a trade fair in Beijing on Monday."
    record = _extract(nlp, text)
    assert not [d for d in record.declarations if d.kind == "Request"]


def test_merging_reported_plan_joins_the_call_that_happened(nlp: object) -> None:
    text = (
        "Vladimir Putin and Wang Yi discussed trade in a phone call on Thursday. "
        "Earlier, Putin told reporters he was going to speak with Wang Yi."
    )
    record = _extract(nlp, text)
    assert [e.kind for e in record.events] == ["PhoneCall"]
    assert record.events[0].status == "Held"
