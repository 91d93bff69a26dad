"""Per-document token tables shared by the rules.

spaCy builds a new ``Token`` object on every ``doc[i]`` and on every step of ``for tok in
doc``, and each ``.text``/``.lower_``/``.lemma_`` is a string-store look-up. The rules
scan each document many times, so these tables hold the tokens and their strings once per
document (in ``doc.user_data``, like :func:`~diplokg.extract.actorindex.lower_words`).
The tables are read-only: callers must not change them.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "doc_text",
    "lemma_words",
    "sentence_starts",
    "sentence_text",
    "span_chars",
    "span_text",
    "token_deps",
    "token_heads",
    "token_is_space",
    "token_list",
    "token_pos",
    "token_texts",
    "token_whitespace",
]


def token_list(doc: Any) -> list[Any]:
    """The document's tokens, created once (``doc[i]`` is ``token_list(doc)[i]``)."""
    cached: list[Any] | None = doc.user_data.get("diplokg_tokens")
    if cached is None:
        cached = list(doc)
        doc.user_data["diplokg_tokens"] = cached
    return cached


def token_texts(doc: Any) -> list[str]:
    """The verbatim text of every token."""
    cached: list[str] | None = doc.user_data.get("diplokg_texts")
    if cached is None:
        cached = [t.text for t in token_list(doc)]
        doc.user_data["diplokg_texts"] = cached
    return cached


def token_whitespace(doc: Any) -> list[str]:
    """The trailing whitespace of every token."""
    cached: list[str] | None = doc.user_data.get("diplokg_whitespace")
    if cached is None:
        cached = [t.whitespace_ for t in token_list(doc)]
        doc.user_data["diplokg_whitespace"] = cached
    return cached


def lemma_words(doc: Any) -> list[str]:
    """The lower-cased lemma of every token (``tok.lemma_.lower()``)."""
    cached: list[str] | None = doc.user_data.get("diplokg_lemmas")
    if cached is None:
        cached = [t.lemma_.lower() for t in token_list(doc)]
        doc.user_data["diplokg_lemmas"] = cached
    return cached


def token_is_space(doc: Any) -> list[bool]:
    """Whether each token is whitespace (``tok.is_space``)."""
    cached: list[bool] | None = doc.user_data.get("diplokg_is_space")
    if cached is None:
        cached = [t.is_space for t in token_list(doc)]
        doc.user_data["diplokg_is_space"] = cached
    return cached


def token_heads(doc: Any) -> list[int]:
    """The index of every token's syntactic head (a root is its own head)."""
    cached: list[int] | None = doc.user_data.get("diplokg_heads")
    if cached is None:
        cached = [t.head.i for t in token_list(doc)]
        doc.user_data["diplokg_heads"] = cached
    return cached


def token_deps(doc: Any) -> list[str]:
    """The dependency label of every token (``tok.dep_``)."""
    cached: list[str] | None = doc.user_data.get("diplokg_deps")
    if cached is None:
        cached = [t.dep_ for t in token_list(doc)]
        doc.user_data["diplokg_deps"] = cached
    return cached


def token_pos(doc: Any) -> list[str]:
    """The coarse part of speech of every token (``tok.pos_``)."""
    cached: list[str] | None = doc.user_data.get("diplokg_pos")
    if cached is None:
        cached = [t.pos_ for t in token_list(doc)]
        doc.user_data["diplokg_pos"] = cached
    return cached


def doc_text(doc: Any) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access."""
    cached: str | None = doc.user_data.get("diplokg_text")
    if cached is None:
        # What Doc.text joins, from the cached tables instead of new Token objects.
        pairs = zip(token_texts(doc), token_whitespace(doc), strict=True)
        cached = "".join(t + w for t, w in pairs)
        doc.user_data["diplokg_text"] = cached
    return cached


def sentence_text(sent: Any) -> str:
    """``sent.text`` for a sentence (or any span)."""
    return span_text(sent.doc, sent.start, sent.end)


def sentence_starts(doc: Any) -> list[int]:
    """The first token of every sentence, in order."""
    cached: list[int] | None = doc.user_data.get("diplokg_sent_starts")
    if cached is None:
        cached = sorted({s.start for s in doc.sents})
        doc.user_data["diplokg_sent_starts"] = cached
    return cached


def span_chars(doc: Any, start: int, end: int) -> tuple[int, int]:
    """``(doc[start:end].start_char, doc[start:end].end_char)`` of a non-empty span."""
    last = token_list(doc)[end - 1]
    return token_list(doc)[start].idx, last.idx + len(token_texts(doc)[end - 1])


def span_text(doc: Any, start: int, end: int) -> str:
    """``doc[start:end].text`` (without the last token's trailing space), from the doc text."""
    if start >= end:
        return ""
    first, last = span_chars(doc, start, end)
    return doc_text(doc)[first:last]
