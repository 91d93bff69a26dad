"""Per-document token tables shared by the rules.

spaCy builds a new ``Token`` object on every ``doc[i]`` and on every step of ``for tok in
doc``, and each ``.text``/``.lower_``/``.lemma_`` is a string-store look-up. The rules
scan each document many times, so these tables hold the tokens and their strings once per
document (in ``doc.user_data``, like :func:`~diplokg.extract.actorindex.lower_words`).
The tables are read-only: callers must not change them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "children",
    "doc_cached",
    "doc_ents",
    "doc_text",
    "lemma_words",
    "sentence_of",
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

_T = TypeVar("_T")


def doc_cached(doc: Any, key: str, build: Callable[[Any], _T]) -> _T:
    """``doc.user_data[key]``, built by ``build(doc)`` on the first call for this document.

    ``build`` must not return ``None`` (that reads as "not built yet"). The rules call
    these tables thousands of times per document: pass a module-level function rather
    than a closure made on every call.
    """
    found: _T | None = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = build(doc)
    return found


def token_list(doc: Any) -> list[Any]:
    """The document's tokens, created once (``doc[i]`` is ``token_list(doc)[i]``)."""
    return doc_cached(doc, "diplokg_tokens", list)


def token_texts(doc: Any) -> list[str]:
    """The verbatim text of every token."""
    return doc_cached(doc, "diplokg_texts", _texts)


def _texts(doc: Any) -> list[str]:
    return [t.text for t in token_list(doc)]


def token_whitespace(doc: Any) -> list[str]:
    """The trailing whitespace of every token."""
    return doc_cached(doc, "diplokg_whitespace", _whitespace)


def _whitespace(doc: Any) -> list[str]:
    return [t.whitespace_ for t in token_list(doc)]


def lemma_words(doc: Any) -> list[str]:
    """The lower-cased lemma of every token (``tok.lemma_.lower()``)."""
    return doc_cached(doc, "diplokg_lemmas", _lemmas)


def _lemmas(doc: Any) -> list[str]:
    return [t.lemma_.lower() for t in token_list(doc)]


def token_is_space(doc: Any) -> list[bool]:
    """Whether each token is whitespace (``tok.is_space``)."""
    return doc_cached(doc, "diplokg_is_space", _is_space)


def _is_space(doc: Any) -> list[bool]:
    return [t.is_space for t in token_list(doc)]


def token_heads(doc: Any) -> list[int]:
    """The index of every token's syntactic head (a root is its own head)."""
    return doc_cached(doc, "diplokg_heads", _heads)


def _heads(doc: Any) -> list[int]:
    # ``tok.head.i`` makes two Token objects per token; the HEAD array holds each head as
    # an offset from its token (negative offsets wrapped to uint64, hence the view).
    offsets = doc.to_array("HEAD").view("int64")
    return [i + int(offset) for i, offset in enumerate(offsets)]


def token_deps(doc: Any) -> list[str]:
    """The dependency label of every token (``tok.dep_``)."""
    return doc_cached(doc, "diplokg_deps", _deps)


def _deps(doc: Any) -> list[str]:
    return [t.dep_ for t in token_list(doc)]


def token_pos(doc: Any) -> list[str]:
    """The coarse part of speech of every token (``tok.pos_``)."""
    return doc_cached(doc, "diplokg_pos", _pos)


def _pos(doc: Any) -> list[str]:
    return [t.pos_ for t in token_list(doc)]


def doc_text(doc: Any) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access."""
    return doc_cached(doc, "diplokg_text", _text)


def _text(doc: Any) -> str:
    # What Doc.text joins, from the cached tables instead of new Token objects.
    return "".join(t + w for t, w in zip(token_texts(doc), token_whitespace(doc), strict=True))


def children(tok: Any) -> list[Any]:
    """``tok.children`` in the same order, from a per-document table of Token objects.

    spaCy's ``children`` walks the tree and makes new Token objects on every call.
    """
    return doc_cached(tok.doc, "diplokg_children", _children)[tok.i]


def _children(doc: Any) -> list[list[Any]]:
    # Left children then right ones, each in text order, is plain index order.
    tokens = token_list(doc)
    kids: list[list[Any]] = [[] for _ in tokens]
    for i, head in enumerate(token_heads(doc)):
        if head != i:
            kids[head].append(tokens[i])
    return kids


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """``doc.ents``, which spaCy rebuilds (a Span per entity) on every access."""
    return doc_cached(doc, "diplokg_ents", _ents)


def _ents(doc: Any) -> tuple[Any, ...]:
    return tuple(doc.ents)


def sentence_text(sent: Any) -> str:
    """``sent.text`` for a sentence (or any span)."""
    return span_text(sent.doc, sent.start, sent.end)


def sentence_of(tok: Any) -> Any:
    """``tok.sent``, from a per-document list of sentence spans (``tok.sent`` builds a new
    span and walks to the sentence's edges on every access)."""
    doc = tok.doc
    sentences = doc_cached(doc, "diplokg_sents", _sentences)
    return sentences[bisect_right(sentence_starts(doc), tok.i) - 1]


def _sentences(doc: Any) -> list[Any]:
    return list(doc.sents)


def sentence_starts(doc: Any) -> list[int]:
    """The first token of every sentence, in order."""
    return doc_cached(doc, "diplokg_sent_starts", _sentence_starts)


def _sentence_starts(doc: Any) -> list[int]:
    return sorted({s.start for s in doc_cached(doc, "diplokg_sents", _sentences)})


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
