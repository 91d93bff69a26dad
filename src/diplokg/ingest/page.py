"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from diplokg.errors import ArticleError
from diplokg.ingest.text import article_from_text
from diplokg.records import Article

__all__ = ["article_from_html", "decode_html", "looks_like_html"]

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` opens like an HTML document."""
    return bool(_HTML_START.match(text[:2048]))


def decode_html(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode an HTML page: UTF-8, else the charset the server or a ``<meta>`` declares.

    Raises:
        ArticleError: the page is neither UTF-8 nor in a declared, known encoding.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = charset
        if declared is None:
            match = _META_CHARSET.search(data[:4096])
            declared = match.group(1).decode("ascii") if match else None
        if declared and declared.lower().replace("_", "-") not in {"utf-8", "utf8"}:
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        raise ArticleError(
            f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte offset "
            f"{exc.start}) and no usable charset declared; re-encode the page as UTF-8"
        ) from exc


def article_from_html(
    html: str,
    *,
    stem: str,
    path: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    name: str | None = None,
) -> Article:
    """Build an :class:`Article` from an HTML page's main text and metadata.

    The article text is trafilatura's main text, with the title as its first line when
    the main text does not already open with it; the wire rules then find the dateline
    and captions in it. Metadata: title -> headline, date -> published, sitename ->
    publisher, canonical url -> key and source URL.

    Raises:
        ArticleError: no article text could be found in the page.
    """
    # Imported here: trafilatura pulls in lxml and friends, which plain-text runs never need.
    from trafilatura import bare_extraction

    document = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    label = name or path or url or stem
    if document is None:
        raise ArticleError(f"{label}: no article text found in the HTML page; give the plain text")
    meta: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    body = str(meta.get("text") or "").strip()
    if not body:
        raise ArticleError(f"{label}: no article text found in the HTML page; give the plain text")
    title = str(meta.get("title") or "").strip()
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    canonical = str(meta.get("url") or "") or None
    metadata = {
        "title": title,
        "date": str(meta.get("date") or ""),
        "sitename": str(meta.get("sitename") or ""),
    }
    return article_from_text(
        text + "\n",
        stem=stem,
        path=path,
        published=published,
        source_url=canonical or url,
        metadata=metadata,
        header=False,
    )
