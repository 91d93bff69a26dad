"""Tests of record JSON I/O: schema checks, field-named errors, exact filling, round trip."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from diplokg.errors import RecordError
from diplokg.recordfile import (
    dump_record,
    load_record,
    read_record,
    record_from_dict,
    record_to_dict,
    write_record,
)

# Written for these tests; the facts are invented.
HEADER = "source: https://example.org/tests/recordfile\npublished: 2021-06-16\n\n"
TEXT = (
    "Ruritania and Borduria held talks in Strelsau on Tuesday.\n\n"
    "The two foreign ministers signed an agreement on river traffic."
)
TALKS = "held talks in Strelsau"
SIGNED = "signed an agreement on river traffic"
T0, S0 = TEXT.index(TALKS), TEXT.index(SIGNED)


def _record() -> dict[str, Any]:
    return {
        "diplokg_record": 1,
        "article": "river-talks.txt",
        "key": "https://example.org/tests/recordfile",
        "source_url": "https://example.org/tests/recordfile",
        "headline": "River talks",
        "published": "2021-06-16",
        "dateline": "a3",
        "actors": [
            {"id": "a1", "label": "Ruritania", "kind": "State", "aliases": ["the kingdom"]},
            {"id": "a2", "label": "Borduria", "kind": "State", "qid": "Q123456"},
            {"id": "a3", "label": "Strelsau", "kind": "Place", "country": "a1"},
        ],
        "events": [
            {
                "id": "e1",
                "kind": "Talks",
                "status": "Held",
                "participants": ["a1", "a2"],
                "location": "a3",
                "date": {"value": "2021-06", "earliest": "2021-06-14", "latest": "2021-06-16"},
                "series": "s1",
                "round": 2,
                "evidence": [{"start": T0, "end": T0 + len(TALKS)}],
            }
        ],
        "declarations": [
            {
                "id": "d1",
                "kind": "Agreement",
                "by": ["a1", "a2"],
                "adopted_at": "e1",
                "topics": ["river traffic"],
                "date": "2021-06-15",
                "text": "an agreement on river traffic",
                "evidence": [{"start": S0, "end": S0 + len(SIGNED), "exact": SIGNED}],
            }
        ],
        "series": [{"id": "s1", "label": "Ruritania-Borduria river talks"}],
    }


def _error(data: dict[str, Any], text: str | None = TEXT) -> str:
    with pytest.raises(RecordError) as info:
        record_from_dict(data, text, source="river.record.json")
    return str(info.value)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    (tmp_path / "river-talks.txt").write_text(HEADER + TEXT, encoding="utf-8")
    path = tmp_path / "river.record.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_record_from_dict_reads_a_valid_record() -> None:
    record = record_from_dict(_record(), TEXT)
    assert record.key == "https://example.org/tests/recordfile"
    assert [a.id for a in record.actors] == ["a1", "a2", "a3"]
    assert record.events[0].date.precision == "month"
    assert record.events[0].round == 2
    assert record.declarations[0].topics == ("river traffic",)
    assert record.text_length == len(TEXT)


def test_record_from_dict_wrong_kind_names_field_and_choices() -> None:
    data = _record()
    data["events"][0]["kind"] = "Banquet"
    message = _error(data)
    assert "river.record.json" in message
    assert "events/0/kind" in message
    assert "'Banquet'" in message and "Talks" in message


def test_record_from_dict_wrong_actor_kind_names_field() -> None:
    data = _record()
    data["actors"][1]["kind"] = "Country"
    assert "actors/1/kind" in _error(data)


def test_record_from_dict_missing_evidence_names_field() -> None:
    data = _record()
    del data["declarations"][0]["evidence"]
    message = _error(data)
    assert "declarations/0" in message and "'evidence'" in message


def test_record_from_dict_empty_evidence_list_is_refused() -> None:
    data = _record()
    data["events"][0]["evidence"] = []
    assert "events/0/evidence" in _error(data)


def test_record_from_dict_unknown_actor_reference_names_item_and_id() -> None:
    data = _record()
    data["events"][0]["participants"] = ["a1", "a9"]
    message = _error(data)
    assert "e1" in message and "'a9'" in message and "unknown actor" in message


def test_record_from_dict_unknown_event_reference_names_declaration() -> None:
    data = _record()
    data["declarations"][0]["about"] = "e7"
    message = _error(data)
    assert "d1" in message and "'e7'" in message and "unknown event" in message


def test_record_from_dict_unknown_publisher_is_refused() -> None:
    data = _record()
    data["publisher"] = "a42"
    assert "'a42'" in _error(data)


def test_record_from_dict_exact_mismatch_names_span_and_shows_both_texts() -> None:
    data = _record()
    data["declarations"][0]["evidence"][0]["exact"] = "signed a treaty"
    message = _error(data)
    assert "declarations/0/evidence/0" in message
    assert "'signed a treaty'" in message and repr(SIGNED) in message


def test_record_from_dict_exact_mismatch_names_the_file() -> None:
    data = _record()
    data["declarations"][0]["evidence"][0]["exact"] = "signed a treaty"
    assert "river.record.json" in _error(data)


def test_record_from_dict_offsets_past_article_end_name_span_and_length() -> None:
    data = _record()
    data["events"][0]["evidence"].append({"start": len(TEXT) - 2, "end": len(TEXT) + 5})
    message = _error(data)
    assert "events/0/evidence/1" in message
    assert str(len(TEXT)) in message and "past" in message


@pytest.mark.parametrize("bad", ["16 June 2021", "2021-6-16", "21-06-16"])
def test_record_from_dict_malformed_date_names_field(bad: str) -> None:
    data = _record()
    data["declarations"][0]["date"] = bad
    message = _error(data)
    assert "declarations/0/date" in message


@pytest.mark.parametrize("bad", ["2021-13-01", "2021-02-30", "2021-00"])
def test_record_from_dict_impossible_date_value_is_refused(bad: str) -> None:
    data = _record()
    data["declarations"][0]["date"] = bad
    message = _error(data)
    assert "declarations/0" in message and bad in message


def test_record_from_dict_impossible_bound_names_field() -> None:
    data = _record()
    data["events"][0]["date"] = {"earliest": "2021-02-30"}
    message = _error(data)
    assert "events/0" in message and "2021-02-30" in message


def test_record_from_dict_earliest_after_latest_names_field() -> None:
    data = _record()
    data["events"][0]["date"] = {"earliest": "2021-06-20", "latest": "2021-06-10"}
    message = _error(data)
    assert "after" in message
    assert "events/0" in message


def test_record_from_dict_empty_span_names_field() -> None:
    data = _record()
    data["events"][0]["evidence"] = [{"start": 10, "end": 10}]
    message = _error(data)
    assert "events/0/evidence/0" in message


@pytest.mark.parametrize(
    ("section", "item"),
    [
        ("actors", {"id": "a1", "label": "Someone", "kind": "Person"}),
        (
            "events",
            {"id": "a1", "kind": "Meeting", "status": "Held", "evidence": [{"start": 0, "end": 3}]},
        ),
        ("series", {"id": "e1", "label": "another series"}),
    ],
)
def test_record_from_dict_duplicate_id_names_the_id(section: str, item: dict[str, Any]) -> None:
    data = _record()
    data[section].append(item)
    message = _error(data)
    assert repr(item["id"]) in message and "unique" in message


def test_record_from_dict_unknown_field_is_refused() -> None:
    data = _record()
    data["events"][0]["venue"] = "a3"
    message = _error(data)
    assert "events/0" in message and "venue" in message


def test_record_from_dict_bad_qid_names_field() -> None:
    data = _record()
    data["actors"][1]["qid"] = "P31"
    assert "actors/1/qid" in _error(data)


def test_record_from_dict_fills_exact_from_text() -> None:
    record = record_from_dict(_record(), TEXT)
    span = record.events[0].evidence[0]
    assert span.exact == TALKS


def test_record_from_dict_without_text_keeps_exact_as_given() -> None:
    record = record_from_dict(_record(), None)
    assert record.events[0].evidence[0].exact is None
    assert record.declarations[0].evidence[0].exact == SIGNED
    assert record.text_length is None


def test_record_from_dict_key_defaults_to_url_then_stem() -> None:
    data = _record()
    del data["key"]
    assert record_from_dict(data, TEXT).key == "https://example.org/tests/recordfile"
    del data["source_url"]
    assert record_from_dict(data, TEXT).key == "river-talks"


def test_record_to_dict_round_trips() -> None:
    record = record_from_dict(_record(), TEXT)
    again = record_from_dict(record_to_dict(record), TEXT)
    assert again == record


def test_record_to_dict_round_trips_without_text() -> None:
    data = _record()
    data["text_length"] = len(TEXT)
    record = record_from_dict(data, None)
    assert record_from_dict(record_to_dict(record), None) == record


def test_record_to_dict_validates_against_the_schema() -> None:
    # record_from_dict checks the schema first, so a dict it accepts is schema-valid.
    record = record_from_dict(_record(), TEXT)
    data = record_to_dict(record)
    assert data["diplokg_record"] == 1
    assert data["events"][0]["evidence"][0]["exact"] == TALKS
    assert data["events"][0]["date"] == {
        "value": "2021-06",
        "earliest": "2021-06-14",
        "latest": "2021-06-16",
    }


def test_record_to_dict_keeps_bounds_without_value() -> None:
    data = _record()
    data["events"][0]["date"] = {"earliest": "2021-06-16"}
    record = record_from_dict(data, TEXT)
    again = record_from_dict(record_to_dict(record), TEXT)
    assert again.events[0].date == record.events[0].date


def test_dump_record_is_stable_text() -> None:
    record = record_from_dict(_record(), TEXT)
    assert dump_record(record) == dump_record(record_from_dict(_record(), TEXT))
    assert dump_record(record).endswith("\n")
    assert json.loads(dump_record(record)) == record_to_dict(record)


def test_read_record_fills_exact_from_the_article_file(tmp_path: Path) -> None:
    record, text = read_record(_write(tmp_path, _record()))
    assert text == TEXT  # the header block is not part of the text
    assert record.events[0].evidence[0].exact == TALKS
    assert record.text_length == len(TEXT)


def test_read_record_offsets_index_the_text_after_the_header(tmp_path: Path) -> None:
    data = _record()
    # Offsets into the raw file (header included) are wrong by the header's length.
    shifted = T0 + len(HEADER)
    data["events"][0]["evidence"] = [{"start": shifted, "end": shifted + 4, "exact": TALKS[:4]}]
    with pytest.raises(RecordError, match="does not match"):
        read_record(_write(tmp_path, data))


def test_read_record_without_article_file_keeps_given_exact(tmp_path: Path) -> None:
    data = _record()
    data["article"] = "elsewhere.txt"
    path = tmp_path / "river.record.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    record, text = read_record(path)
    assert text is None
    assert record.events[0].evidence[0].exact is None


def test_read_record_invalid_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.record.json"
    path.write_text('{\n  "article": "x.txt",\n  "actors": [,]\n}\n', encoding="utf-8")
    with pytest.raises(RecordError) as info:
        read_record(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 3" in message and "column" in message


def test_read_record_missing_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "absent.record.json"
    with pytest.raises(RecordError, match=r"absent\.record\.json"):
        read_record(path)


def test_read_record_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.record.json"
    path.write_bytes('{"article": "caf\xe9.txt"}'.encode("latin-1"))
    with pytest.raises(RecordError, match="UTF-8"):
        read_record(path)


@pytest.mark.parametrize("document", ["[]", '"a string"', '{"actors": []}'])
def test_read_record_needs_an_object_with_article(tmp_path: Path, document: str) -> None:
    path = tmp_path / "odd.record.json"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(RecordError, match="article"):
        read_record(path)


def test_write_record_then_load_record_round_trips(tmp_path: Path) -> None:
    record = record_from_dict(_record(), TEXT)
    target = tmp_path / "out" / "river.record.json"
    write_record(record, target)
    assert load_record(target) == record
    assert [p.name for p in target.parent.iterdir()] == ["river.record.json"]


def test_record_from_dict_does_not_mutate_input() -> None:
    data = _record()
    before = copy.deepcopy(data)
    record_from_dict(data, TEXT)
    assert data == before
