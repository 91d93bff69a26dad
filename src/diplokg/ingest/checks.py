"""Checks that turn unusable article bytes into an :class:`ArticleError` naming the input."""

from __future__ import annotations

import re
import unicodedata

from diplokg.errors import ArticleError

__all__ = ["DEFAULT_MAX_BYTES", "check_english", "decode_article"]

#: Articles are a few kilobytes; 5 MB is far beyond any news story and stops a stray dump.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Frequent English function words: in English news prose they are about a third of the
# tokens, in other Latin-script languages a few percent (only "a", "in", "on" overlap).
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "against",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "not",
        "of",
        "on",
        "or",
        "over",
        "said",
        "says",
        "she",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
    ]
)
_MIN_TOKENS_FOR_WORDS = 40
_MIN_FUNCTION_SHARE = 0.12
_MIN_LATIN_SHARE = 0.5
_MAX_CONTROL_SHARE = 0.05
# The ASCII characters of category Cc, tab, line feed, carriage return and form feed aside.
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def decode_article(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode article bytes as UTF-8 after checking size, emptiness and binary content.

    Args:
        data: the raw bytes of the file or page.
        name: the file or URL, for messages.
        max_bytes: the largest accepted input.

    Raises:
        ArticleError: the input is too large, empty, binary or not UTF-8.
    """
    if len(data) > max_bytes:
        raise ArticleError(
            f"{name}: {len(data):,} bytes is far too large for an article (limit "
            f"{max_bytes:,}); split it or raise the limit (max_bytes)"
        )
    if not data.strip():
        raise ArticleError(f"{name}: the article is empty; give a file with the article text")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleError(
            f"{name}: binary content (a NUL byte at offset {nul}); give the article as "
            "UTF-8 plain text or HTML"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte offset "
            f"{exc.start}); re-encode it as UTF-8, e.g. `iconv -f LATIN1 -t UTF-8`"
        ) from exc
    if text.isascii():  # most wire copy: the ASCII control characters, by one regex scan
        controls = len(_ASCII_CONTROL.findall(text))
    else:
        controls = sum(
            1
            for ch in text
            if unicodedata.category(ch) in {"Cc", "Co", "Cs"} and ch not in "\t\n\r\f"
        )
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ArticleError(
            f"{name}: mostly non-text characters ({controls} control characters); give "
            "the article as plain text or HTML"
        )
    if not text.strip():
        raise ArticleError(f"{name}: the article holds only whitespace; give the article text")
    return text


def check_english(text: str, name: str) -> None:
    """Raise :class:`ArticleError` when ``text`` is clearly not English.

    Two cheap signals: most letters outside the Latin script (Cyrillic, CJK, Arabic...),
    or, for texts long enough to judge, too few English function words. Short English
    items (a three-line wire flash) pass because the second test needs 40 tokens.
    """
    letters = sum(map(str.isalpha, text))
    if not letters:
        raise ArticleError(f"{name}: the article has no words; give the article text")
    if text.isascii():  # every letter Latin: skip the per-character name lookup
        latin = letters
    else:
        latin = sum(
            1
            for ch in text
            if ch.isalpha() and (ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
        )
    if latin < _MIN_LATIN_SHARE * letters:
        raise ArticleError(
            f"{name}: not English (only {latin * 100 // letters}% of letters are Latin "
            "script); diplokg reads English articles, translate it first"
        )
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    if len(tokens) < _MIN_TOKENS_FOR_WORDS:
        return
    share = sum(1 for t in tokens if t in _FUNCTION_WORDS) / len(tokens)
    if share < _MIN_FUNCTION_SHARE:
        raise ArticleError(
            f"{name}: not English (only {share:.0%} of words are common English words); "
            "diplokg reads English articles, translate it first"
        )
