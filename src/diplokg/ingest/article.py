"""Reading one article from a file or URL, and expanding the inputs of a batch."""

from __future__ import annotations

import datetime as dt
import glob
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from diplokg.errors import ArticleError, DiplokgError, UsageError
from diplokg.ingest.checks import DEFAULT_MAX_BYTES, check_english, decode_article
from diplokg.ingest.fetch import DEFAULT_TIMEOUT, fetch_url
from diplokg.ingest.page import article_from_html, decode_html, looks_like_html
from diplokg.ingest.text import article_from_text
from diplokg.records import Article

__all__ = [
    "ArticleFailure",
    "InputItem",
    "InputKind",
    "expand_inputs",
    "input_kind",
    "iter_articles",
    "read_article",
]

InputKind = Literal["text", "html", "url", "record"]

_URL = re.compile(r"^https?://", re.IGNORECASE)
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml", ".json"})
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class InputItem:
    """One input of a batch: a file path or a URL, and what kind of input it is."""

    source: str
    kind: InputKind

    @property
    def path(self) -> Path | None:
        """The file, or ``None`` for a URL."""
        return None if self.kind == "url" else Path(self.source)


@dataclass(frozen=True)
class ArticleFailure:
    """An input of a batch that could not be read, why, and the exit code it implies."""

    source: str
    message: str
    exit_code: int


def input_kind(source: str | Path) -> InputKind:
    """``url`` for http(s), ``record`` for ``.json``, ``html`` for HTML, else ``text``.

    A file without a known suffix is sniffed: it is ``html`` when it opens like HTML.
    """
    text = str(source)
    if isinstance(source, str) and _URL.match(text):
        return "url"
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "record"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix != ".txt" and path.is_file():
        with path.open("rb") as handle:
            head = handle.read(2048)
        if looks_like_html(head.decode("utf-8", errors="replace")):
            return "html"
    return "text"


def _url_stem(url: str) -> str:
    parts = urlsplit(url)
    raw = f"{parts.hostname or 'page'}{parts.path}"
    raw = re.sub(r"\.(?:s?html?|php|aspx?)$", "", raw.rstrip("/"))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", raw).strip("-").lower()
    return slug[:80].rstrip("-") or "page"


def read_article(
    source: str | Path,
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Article:
    """Read an article from a plain-text file, an HTML file or an http(s) URL.

    Args:
        source: a file path or a URL.
        published: the publication date; it overrides the header and the page.
        max_bytes: the largest accepted file or download.
        timeout: seconds to wait on the network (URLs only).

    Raises:
        ArticleError: the input is missing, empty, binary, not UTF-8, too large, not
            English, or a record rather than an article.
        NetworkError: a URL that cannot be fetched.
    """
    kind = input_kind(source)
    name = str(source)
    if kind == "url":
        return _read_url(name, published=published, max_bytes=max_bytes, timeout=timeout)
    if kind == "record":
        raise ArticleError(
            f"{name}: a record (JSON), not an article; pass it to `kg build` as it is"
        )
    path = Path(source)
    data = _read_bytes(path, max_bytes)
    if kind == "html":
        article = article_from_html(
            _checked_html(data, name, max_bytes, None),
            stem=path.stem,
            path=name,
            published=published,
            name=name,
        )
    else:
        article = article_from_text(
            decode_article(data, name, max_bytes=max_bytes),
            stem=path.stem,
            path=name,
            published=published,
        )
    _check_content(article, name)
    return article


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ArticleError(f"{path}: no such file; check the path") from exc
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror}); check the path") from exc
    if path.is_dir():
        raise ArticleError(f"{path}: a directory, not an article; pass the files in it")
    if size > max_bytes:
        # Checked before reading so a stray multi-gigabyte file is never loaded.
        raise ArticleError(
            f"{path}: {size:,} bytes is far too large for an article (limit {max_bytes:,}); "
            "split it or raise the limit (max_bytes)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror}); check the path") from exc


def _checked_html(data: bytes, name: str, max_bytes: int, charset: str | None) -> str:
    if len(data) > max_bytes or not data.strip() or b"\x00" in data:
        # The same size, emptiness and binary checks as plain text, with their messages.
        decode_article(data, name, max_bytes=max_bytes)
    return decode_html(data, name, charset)


def _read_url(url: str, *, published: dt.date | None, max_bytes: int, timeout: float) -> Article:
    page = fetch_url(url, timeout=timeout, max_bytes=max_bytes)
    stem = _url_stem(url)
    if page.media_type == "text/plain":
        text = decode_article(page.content, url, max_bytes=max_bytes)
        article = article_from_text(
            text, stem=stem, path=None, published=published, source_url=page.url
        )
    else:
        article = article_from_html(
            _checked_html(page.content, url, max_bytes, page.charset),
            stem=stem,
            url=page.url,
            published=published,
            name=url,
        )
    _check_content(article, url)
    return article


def _check_content(article: Article, name: str) -> None:
    if not article.text.strip():
        raise ArticleError(f"{name}: only a header block, no article text; add the text")
    check_english(article.text, name)


def expand_inputs(inputs: Iterable[str | Path]) -> list[InputItem]:
    """Files, directories, glob patterns and URLs -> input items, in a stable order.

    Arguments keep their order; a directory contributes its ``*.txt``, ``*.html``,
    ``*.htm`` and ``*.json`` files (recursively, hidden ones skipped) and a pattern its
    matches, both sorted. A file named twice is listed once. A missing file is kept (its
    reading fails with a clear message); a pattern that matches nothing is a usage error.

    Raises:
        UsageError: a glob pattern matches no file.
    """
    items: list[InputItem] = []
    seen: set[str] = set()

    def add(source: str | Path) -> None:
        kind = input_kind(source)
        key = str(source) if kind == "url" else str(Path(source).resolve())
        if key not in seen:
            seen.add(key)
            items.append(InputItem(str(source), kind))

    for raw in inputs:
        text = str(raw)
        if isinstance(raw, str) and _URL.match(text):
            add(text)
        elif Path(text).is_dir():
            for path in _directory_files(Path(text)):
                add(path)
        elif not Path(text).exists() and _GLOB_CHARS.search(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                raise UsageError(f"{text}: no file matches this pattern; check it")
            for match in files:
                add(Path(match))
        else:
            add(Path(text))
    return items


def _directory_files(folder: Path) -> list[Path]:
    found = [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in _ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def iter_articles(
    sources: Iterable[str | Path | InputItem],
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Article | ArticleFailure]:
    """Read each source as an article; a source that fails yields an :class:`ArticleFailure`.

    The iteration goes on after a failure, so one bad file does not stop a batch. Records
    (``.json``) are not articles: expand inputs with :func:`expand_inputs` and pass only
    the ``text``, ``html`` and ``url`` items here.
    """
    for source in sources:
        target: str | Path = source.source if isinstance(source, InputItem) else source
        try:
            yield read_article(target, published=published, max_bytes=max_bytes, timeout=timeout)
        except DiplokgError as exc:
            yield ArticleFailure(str(target), str(exc), exc.exit_code)
