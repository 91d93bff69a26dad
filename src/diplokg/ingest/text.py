"""Plain-text articles: the optional header block and wire-copy structure."""

from __future__ import annotations

import re

__all__ = ["split_header"]

_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:[ \t]?.*$")


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split ``key: value`` lines up to the first blank line from the article text.

    Returns the header (empty when the file has none) and the text after the blank line,
    which is what evidence offsets index. A first paragraph that is not made only of
    ``key: value`` lines is article text, not a header.
    """
    head, sep, rest = raw.partition("\n\n")
    lines = head.split("\n")
    if not sep or not lines or not all(_HEADER_LINE.match(line) for line in lines):
        return {}, raw
    header: dict[str, str] = {}
    for line in lines:
        key, _, value = line.partition(":")
        header[key.strip().lower()] = value.strip()
    return header, rest
