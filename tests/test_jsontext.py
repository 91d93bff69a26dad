"""dumps_indented writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from diplokg.jsontext import dumps_indented

VALUES: list[Any] = [
    {},
    [],
    "plain",
    'quote " backslash \\ tab \t newline \n nul \x00 line sep \u2028 é 東京 😀',
    0,
    -3,
    2.5,
    1e100,
    float("nan"),
    True,
    None,
    {"b": [1, {"z": [], "a": {}}], "a": "x", "é": None, "nested": [[[]], [{}]]},
    ("tuple", ["in", ("tuple",)]),
    [{"id": "e1", "evidence": [{"start": 0, "end": 12, "text": "Talks \"held\""}]}],
    {1: "int key", "x": 2},  # json.dumps turns the key into a string
]


@pytest.mark.parametrize("sort_keys", [False, True])
@pytest.mark.parametrize("value", VALUES)
def test_dumps_indented_matches_json_dumps(value: Any, sort_keys: bool) -> None:
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    except TypeError:  # mixed key types cannot be sorted: the same error, not other text
        with pytest.raises(TypeError):
            dumps_indented(value, sort_keys=sort_keys)
        return
    assert dumps_indented(value, sort_keys=sort_keys) == expected


def test_dumps_indented_nests_at_an_indent() -> None:
    inner = {"k": [1, "two"]}
    whole = json.dumps({"outer": inner}, ensure_ascii=False, indent=2)
    assert whole == '{\n  "outer": ' + dumps_indented(inner, indent="  ") + "\n}"
