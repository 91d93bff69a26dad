"""Per-document token tables and the lexicon's prefix pruning, on sentences written here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from diplokg.extract import load_model
from diplokg.extract.lexicon import build_patterns
from diplokg.extract.tokens import (
    children,
    doc_cached,
    doc_ents,
    doc_text,
    lemma_words,
    sentence_of,
    sentence_starts,
    sentence_text,
    span_chars,
    span_text,
    token_deps,
    token_heads,
    token_is_space,
    token_list,
    token_pos,
    token_texts,
    token_whitespace,
)
from diplokg.records import LexiconEntry

_TEXT = (
    "Talks in Geneva\n\nThe U.N. Security Council  met on Monday, and Kazakhstan's "
    "President hosted the Organization for Security and Co-operation in Europe."
)


@pytest.fixture(scope="module")
def doc() -> Any:
    return load_model()(_TEXT)


def test_token_tables_equal_spacy_attributes(doc: Any) -> None:
    tokens = list(doc)
    assert [t.i for t in token_list(doc)] == [t.i for t in tokens]
    assert token_texts(doc) == [t.text for t in tokens]
    assert token_whitespace(doc) == [t.whitespace_ for t in tokens]
    assert token_is_space(doc) == [t.is_space for t in tokens]
    assert lemma_words(doc) == [t.lemma_.lower() for t in tokens]
    assert token_heads(doc) == [t.head.i for t in tokens]
    assert token_deps(doc) == [t.dep_ for t in tokens]
    assert token_pos(doc) == [t.pos_ for t in tokens]
    assert doc_text(doc) == doc.text == _TEXT
    assert sentence_starts(doc) == [s.start for s in doc.sents]
    assert [[c.i for c in children(t)] for t in tokens] == [
        [c.i for c in t.children] for t in tokens
    ]
    # Cached: the same list on every call.
    assert token_texts(doc) is token_texts(doc)


def test_sentence_of_and_doc_ents_equal_spacy_attributes(doc: Any) -> None:
    for tok in doc:
        sent = sentence_of(tok)
        assert (sent.start, sent.end) == (tok.sent.start, tok.sent.end)
    assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [
        (e.start, e.end, e.label_) for e in doc.ents
    ]
    assert doc_ents(doc) is doc_ents(doc)


def test_doc_cached_builds_once_per_key(doc: Any) -> None:
    calls: list[int] = []

    def build(_: Any) -> list[int]:
        calls.append(1)
        return []

    first = doc_cached(doc, "test_doc_cached", build)
    assert doc_cached(doc, "test_doc_cached", build) is first
    assert calls == [1]


def test_span_text_equals_span_attributes(doc: Any) -> None:
    n = len(doc)
    for start in range(n):
        for end in range(start + 1, min(n, start + 8) + 1):
            span = doc[start:end]
            assert span_text(doc, start, end) == span.text
            assert span_chars(doc, start, end) == (span.start_char, span.end_char)
    assert span_text(doc, 3, 3) == ""
    for sent in doc.sents:
        assert sentence_text(sent) == sent.text


class _Lexicon:
    def entries(self) -> Iterable[LexiconEntry]:
        yield LexiconEntry("UN Security Council", "InternationalOrganization", "UNSC")
        yield LexiconEntry("Kazakhstan", "State", "Kazakhstan")
        yield LexiconEntry("Geneva", "Place", "Geneva")
        yield LexiconEntry(
            "Organization for Security and Co-operation in Europe",
            "InternationalOrganization",
            "OSCE",
        )
        yield LexiconEntry("Organization for Security", "Organization", "a shorter name")

    def demonym(self, word: str) -> str | None:
        return None


def test_spans_find_longest_names_past_shorter_ones(doc: Any) -> None:
    patterns = build_patterns(load_model(), _Lexicon())
    found = [(span_text(doc, s, e), entry.label) for s, e, entry in patterns.spans(doc)]
    assert found == [
        ("Geneva", "Geneva"),
        ("U.N. Security Council", "UNSC"),
        ("Kazakhstan", "Kazakhstan"),
        ("Organization for Security and Co-operation in Europe", "OSCE"),
    ]
