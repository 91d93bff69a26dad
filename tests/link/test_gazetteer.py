"""The bundled gazetteer: loading, names, demonyms, dated offices."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from diplokg.link import Gazetteer
from diplokg.link.linker import _confident
from diplokg.resources import gazetteer_path


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _top(gaz: Gazetteer, name: str, on: dt.date | None = None, kind: str | None = None) -> str:
    match = _confident(gaz.lookup(name, on, kind))
    return match.qid if match else ""


def test_gazetteer_file_is_small_deterministic_and_sourced() -> None:
    payload = gazetteer_path().read_bytes()
    assert len(payload) < 2_000_000
    assert payload[4:8] == b"\0\0\0\0"  # gzip mtime 0: same input, same bytes
    doc = json.loads(gzip.decompress(payload))
    assert doc["built"] and doc["data_until"].startswith(("2022", "2023"))
    files = [s["file"] for s in doc["sources"]]
    assert "derived/countries_joined.csv" in files
    assert not any("gold-verified" in f for f in files)


def test_gazetteer_load_is_cached(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz
    assert len(gaz) > 10_000


def test_office_holder_depends_on_the_date(gaz: Gazetteer) -> None:
    kazakhstan = gaz.state_qid("Kazakh")
    assert kazakhstan == "Q232"
    before = gaz.office_holder(kazakhstan, "head_of_state", dt.date(2016, 12, 30))
    after = gaz.office_holder(kazakhstan, "head_of_state", dt.date(2020, 6, 1))
    assert before is not None and before.qid == "Q57394"
    assert after is not None and after.qid == "Q200881"


def test_office_holder_after_the_data_date_is_unresolved(gaz: Gazetteer) -> None:
    usa = gaz.state_qid("U.S.")
    assert usa == "Q30"
    assert gaz.office_holder(usa, "head_of_state", dt.date(2019, 5, 1)) is not None
    assert gaz.office_holder(usa, "head_of_state", dt.date(2025, 3, 1)) is None


def test_office_holder_handover_day_is_unresolved(gaz: Gazetteer) -> None:
    assert gaz.office_holder("Q232", "head_of_state", dt.date(2019, 3, 20)) is None


def test_office_holder_foreign_minister(gaz: Gazetteer) -> None:
    holder = gaz.office_holder("Q30", "foreign_minister", dt.date(2006, 12, 29))
    assert holder is not None and holder.label == "Condoleezza Rice"


def test_lookup_city_under_both_names(gaz: Gazetteer) -> None:
    assert _top(gaz, "Astana", kind="Place") == "Q1520"
    assert _top(gaz, "Nur-Sultan", kind="Place") == "Q1520"


def test_lookup_short_names_and_aliases(gaz: Gazetteer) -> None:
    assert _top(gaz, "U.S.", kind="State") == "Q30"
    assert _top(gaz, "US", kind="State") == "Q30"
    assert _top(gaz, "Britain", kind="State") == "Q145"
    assert _top(gaz, "UK", kind="State") == "Q145"
    assert _top(gaz, "Türkiye", kind="State") == "Q43"
    assert _top(gaz, "Recep Tayyip Erdogan", kind="Person") == "Q39259"


def test_demonym_resolves_unique_adjectives_only(gaz: Gazetteer) -> None:
    assert gaz.demonym("Kazakh") == "Kazakhstan"
    assert gaz.demonym("Kazakhstani") == "Kazakhstan"
    assert gaz.state_qid("Turkish") == "Q43"
    assert gaz.state_qid("South Korean") == "Q884"
    assert gaz.state_qid("Chinese") == "Q148"
    assert gaz.demonym("Congolese") is None  # two Congos: no coin toss


def test_lookup_state_government_is_the_state(gaz: Gazetteer) -> None:
    assert _top(gaz, "the Syrian government", kind="State") == "Q858"
    assert _top(gaz, "Syrian opposition", kind="NonStateGroup") == ""


def test_lookup_international_organisation_abbreviations(gaz: Gazetteer) -> None:
    assert _top(gaz, "ICRC", kind="InternationalOrganization") == "Q5987345"
    assert _top(gaz, "U.N.", kind="InternationalOrganization") == "Q1065"
    assert _top(gaz, "U.N. Security Council") == "Q37470"


def test_lookup_surname_needs_an_office_at_the_date(gaz: Gazetteer) -> None:
    assert _top(gaz, "Putin", dt.date(2016, 12, 30), "Person") == "Q7747"
    assert _top(gaz, "President Putin", dt.date(2016, 12, 30), "Person") == "Q7747"
    # Past the data's date nobody is known to hold an office: no link.
    assert _top(gaz, "Putin", dt.date(2025, 10, 1), "Person") == ""


def test_lookup_ministries_are_never_linked(gaz: Gazetteer) -> None:
    assert gaz.lookup("Ministry of Foreign Affairs of Kazakhstan", kind="GovernmentBody") == []


def test_entries_cover_names_roles_and_ministries(gaz: Gazetteer) -> None:
    entries = list(gaz.entries())
    by_surface = {(e.surface, e.kind): e for e in entries}
    assert ("Nur-Sultan", "Place") in by_surface
    assert ("ICRC", "InternationalOrganization") in by_surface
    role = by_surface[("Kazakh president", "Person")]
    assert (role.office, role.country) == ("head_of_state", "Kazakhstan")
    body = by_surface[("Kazakh Foreign Ministry", "GovernmentBody")]
    assert body.label == "Ministry of Foreign Affairs of Kazakhstan"


def test_capital_of_names_the_state_of_a_capital_only(gaz: Gazetteer) -> None:
    assert gaz.capital_of("Moscow") == "Russia"
    assert gaz.capital_of("Seoul") == "South Korea"
    assert gaz.capital_of("Geneva") is None


def test_serving_person_needs_one_office_holder(gaz: Gazetteer) -> None:
    assert gaz.serving_person("Rouhani", dt.date(2016, 12, 20)) == "Hassan Rouhani"
    assert gaz.serving_person("Rouhani", dt.date(2005, 1, 10)) is None


def test_lookup_shortened_or_respelt_name_of_an_office_holder(gaz: Gazetteer) -> None:
    # Wikidata: Abiy Ahmed Ali (Q50365049), Ethiopian prime minister from April 2018;
    # Kang Kyung-hwa (Q6362240), South Korean foreign minister 2017-2021.
    assert _top(gaz, "Abiy Ahmed", dt.date(2018, 7, 9), "Person") == "Q50365049"
    assert _top(gaz, "Kang Kyung-wha", dt.date(2017, 11, 21), "Person") == "Q6362240"
    assert _top(gaz, "Abiy Ahmed", dt.date(2010, 1, 1), "Person") == ""
