"""Ingest: files, HTML pages, URLs -> :class:`diplokg.records.Article`."""

from __future__ import annotations

from diplokg.ingest.article import (
    ArticleFailure,
    InputItem,
    InputKind,
    expand_inputs,
    input_kind,
    iter_articles,
    read_article,
)
from diplokg.ingest.checks import DEFAULT_MAX_BYTES
from diplokg.ingest.fetch import DEFAULT_TIMEOUT
from diplokg.ingest.text import split_header
from diplokg.ingest.wire import WireLayout, parse_wire

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "ArticleFailure",
    "InputItem",
    "InputKind",
    "WireLayout",
    "expand_inputs",
    "input_kind",
    "iter_articles",
    "parse_wire",
    "read_article",
    "split_header",
]
