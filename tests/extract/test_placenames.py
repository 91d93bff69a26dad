"""Place names, metonymy, name variants and event merging on sentences written here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from diplokg.extract import extract_record, load_model
from diplokg.records import Article, LexiconEntry, Record, TimeValue

_STATES = {"Russia": "Russian", "China": "Chinese", "Japan": "Japanese", "Serbia": "Serbian"}
_CAPITALS = {"Moscow": "Russia", "Beijing": "China", "Tokyo": "Japan", "Belgrade": "Serbia"}


class CapitalLexicon:
    """States, capitals, a few towns that are also common words, people in office."""

    def entries(self) -> Iterable[LexiconEntry]:
        for state in _STATES:
            yield LexiconEntry(state, "State", state)
        for city in (*_CAPITALS, "Reading", "George", "Vladimir", "Geneva"):
            yield LexiconEntry(city, "Place", city)
        for person in ("Vladimir Putin", "Wang Yi", "Xi Jinping"):
            yield LexiconEntry(person, "Person", person)
        yield LexiconEntry("United Nations", "InternationalOrganization", "United Nations")
        yield LexiconEntry("U.N.", "InternationalOrganization", "United Nations")
        yield LexiconEntry(
            "IAEA", "InternationalOrganization", "International Atomic Energy Agency"
        )

    def demonym(self, word: str) -> str | None:
        return next((s for s, d in _STATES.items() if d == word), None)

    def capital_of(self, place: str) -> str | None:
        return _CAPITALS.get(place)

    def serving_person(self, surname: str, on: dt.date) -> str | None:
        return "Hassan Rouhani" if surname == "Rouhani" else None


@pytest.fixture(scope="module")
def nlp() -> object:
    return load_model()


def _extract(nlp: object, text: str, published: str = "2019-06-10") -> Record:
    body = text.find("\n\n") + 2 if "\n\n" in text else 0
    article = Article(key="t", stem="t", text=text, published=TimeValue(published), body_start=body)
    return extract_record(article, nlp, CapitalLexicon())


def _labels(record: Record) -> set[str]:
    return {a.label for a in record.actors}


def test_metonymy_acting_capital_is_its_state(nlp: object) -> None:
    record = _extract(nlp, "Moscow said on Monday that the new sanctions were unfair.")
    assert "Russia" in _labels(record)
    assert "Moscow" not in _labels(record)


def test_metonymy_capitals_between_parties_are_states(nlp: object) -> None:
    text = "The ministers prepared a summit between Tokyo, Beijing and Moscow for the autumn."
    labels = _labels(_extract(nlp, text))
    assert {"Japan", "China", "Russia"} <= labels
    assert not {"Tokyo", "Beijing", "Moscow"} & labels


def test_metonymy_possessive_capital_is_its_state(nlp: object) -> None:
    record = _extract(nlp, "Analysts questioned Beijing's decision to cancel the forum.")
    assert "China" in _labels(record)
    assert "Beijing" not in _labels(record)


def test_metonymy_capital_after_in_stays_a_city(nlp: object) -> None:
    record = _extract(nlp, "Wang Yi held talks with Vladimir Putin in Moscow on Monday.")
    talks = next(e for e in record.events if e.kind == "Talks")
    assert talks.location is not None and record.actor(talks.location).label == "Moscow"


def test_metonymy_capital_naming_a_group_is_no_actor(nlp: object) -> None:
    text = "A member of the Moscow group of the opposition spoke to reporters."
    labels = _labels(_extract(nlp, text))
    assert "Moscow" not in labels and "Russia" not in labels


def test_place_ordinary_word_at_sentence_start_is_no_place(nlp: object) -> None:
    record = _extract(nlp, "Reading out the statement, the minister called for calm.")
    assert "Reading" not in _labels(record)


def test_place_inside_a_persons_name_is_no_place(nlp: object) -> None:
    record = _extract(nlp, "Visiting Chinese President George W.Smith met Wang Yi on Monday.")
    assert "George" not in _labels(record)


def test_place_first_name_of_a_named_person_is_that_person(nlp: object) -> None:
    text = (
        "Wang Yi met Vladimir Putin in Moscow on Monday. "
        '"Every time I talk with Vladimir, we agree," Wang said.'
    )
    record = _extract(nlp, text)
    assert "Vladimir" not in _labels(record)


def test_demonym_of_a_city_names_no_state(nlp: object) -> None:
    record = _extract(nlp, "Talks resumed on Monday in the Serbian city of Nis.")
    assert "Serbia" not in _labels(record)


def test_un_agency_by_its_field(nlp: object) -> None:
    text = "Sanctions will be lifted after the U.N. nuclear agency confirms compliance."
    assert "International Atomic Energy Agency" in _labels(_extract(nlp, text))


def test_bare_surname_of_the_office_holder(nlp: object) -> None:
    text = "Putin said on Monday that he had discussed the plan with Xi Jinping and Rouhani."
    assert "Hassan Rouhani" in _labels(_extract(nlp, text))


def test_event_habitual_conversation_is_no_event(nlp: object) -> None:
    text = '"Every time I speak with Xi Jinping, the talk is good," Vladimir Putin said.'
    record = _extract(nlp, text)
    assert not record.events


def test_event_dated_after_writing_is_planned(nlp: object) -> None:
    text = "Wang Yi and Vladimir Putin will hold talks in Moscow on Wednesday."
    record = _extract(nlp, text, published="2019-06-10")
    talks = next(e for e in record.events if e.kind == "Talks")
    assert talks.status == "Planned"
    assert talks.date.value == "2019-06-12"


def test_merging_city_and_its_state_are_one_place(nlp: object) -> None:
    text = (
        "Xi Jinping arrives in Russia for a visit\n\n"
        "Xi Jinping has arrived for a state visit to Russia. "
        "Xi Jinping is on a state visit to Moscow, his first this year."
    )
    record = _extract(nlp, text)
    visits = [e for e in record.events if e.kind == "Visit"]
    assert len(visits) == 1
    assert visits[0].location is not None
    assert record.actor(visits[0].location).label == "Moscow"


def test_merging_their_talks_joins_the_named_talks(nlp: object) -> None:
    text = (
        "The leaders signed the document in Moscow following their talks on Monday. "
        "During his talks with Xi Jinping, Vladimir Putin praised the agreement."
    )
    record = _extract(nlp, text)
    talks = [e for e in record.events if e.kind == "Talks"]
    assert len(talks) == 1
    assert {record.actor(p).label for p in talks[0].participants} == {
        "Xi Jinping",
        "Vladimir Putin",
    }
