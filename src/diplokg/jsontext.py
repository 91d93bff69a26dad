"""Indented JSON text, fast: the bytes ``json.dumps(value, ensure_ascii=False, indent=2)``
gives, written without the standard library's indenting encoder.

That encoder is pure Python (only the compact one is in C) and was the largest cost of
writing an article's JSON-LD and record. Here strings go through the C string encoder and
numbers, booleans and null through the compact encoder; only the layout is Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps_indented", "encode_string"]

#: A JSON string literal with non-ASCII characters kept (json.dumps' ensure_ascii=False).
encode_string: Callable[[str], str] = json.encoder.encode_basestring


def dumps_indented(value: Any, *, sort_keys: bool = False, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)``.

    ``indent`` is the indentation of the line ``value`` starts on, for text that is placed
    inside a larger document. Values json.dumps would reject or convert (non-string keys,
    objects) are handed to json.dumps, so the text is always what it would write.
    """
    if isinstance(value, str):
        return encode_string(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(k, str) for k in value):
            return _fallback(value, sort_keys, indent)
        items = sorted(value.items()) if sort_keys else value.items()
        # Plain strings and integers, most of the values, are written here rather than by
        # a call per value: the calls were most of the cost.
        body = ",\n".join(
            f"{inner}{encode_string(k)}: "
            + (
                encode_string(v)
                if type(v) is str
                else int.__repr__(v)
                if type(v) is int
                else dumps_indented(v, sort_keys=sort_keys, indent=inner)
            )
            for k, v in items
        )
        return "{\n" + body + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        body = ",\n".join(
            inner
            + (
                encode_string(v)
                if type(v) is str
                else dumps_indented(v, sort_keys=sort_keys, indent=inner)
            )
            for v in value
        )
        return "[\n" + body + "\n" + indent + "]"
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)  # reads the same at any depth
    return _fallback(value, sort_keys, indent)


def _fallback(value: Any, sort_keys: bool, indent: str) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    # Raw newlines in JSON text only separate tokens, so re-indenting lines is exact.
    return text.replace("\n", "\n" + indent)
