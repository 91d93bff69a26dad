"""Fetching an article from a URL with requests: timeout, size cap, type check, redirects."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from diplokg import __version__
from diplokg.errors import ArticleError, NetworkError

__all__ = ["DEFAULT_TIMEOUT", "MAX_REDIRECTS", "USER_AGENT", "FetchedPage", "fetch_url"]

DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
USER_AGENT = (
    f"diplokg/{__version__} (news articles to a diplomacy knowledge graph; "
    "+https://w3id.org/diplokg)"
)
_ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: the final URL after redirects, its media type, charset and bytes."""

    url: str
    media_type: str
    charset: str | None
    content: bytes


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int,
    session: requests.Session | None = None,
) -> FetchedPage:
    """Download ``url``, refusing what is not an article page.

    Args:
        url: an http(s) URL.
        timeout: seconds to wait for the connection and for each read.
        max_bytes: the largest accepted body; the download stops past it.
        session: a session to reuse (a fresh one by default).

    Raises:
        NetworkError: the server cannot be reached, times out, fails (5xx) or redirects
            more than five times.
        ArticleError: the page is missing (4xx), not HTML or plain text, or too large.
    """
    own = session is None
    http = session or requests.Session()
    http.max_redirects = MAX_REDIRECTS
    try:
        response = http.get(
            url,
            timeout=timeout,
            stream=True,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"},
        )
    except requests.TooManyRedirects as exc:
        raise NetworkError(
            f"{url}: more than {MAX_REDIRECTS} redirects; open it in a browser and pass the "
            "final URL"
        ) from exc
    except requests.Timeout as exc:
        raise NetworkError(
            f"{url}: no answer within {timeout:g} s; try again later or raise the timeout"
        ) from exc
    except requests.RequestException as exc:
        raise NetworkError(
            f"{url}: cannot be reached ({type(exc).__name__}); check the URL and the network"
        ) from exc
    try:
        return _read(response, url, timeout, max_bytes)
    finally:
        response.close()
        if own:
            http.close()


def _read(response: requests.Response, url: str, timeout: float, max_bytes: int) -> FetchedPage:
    status = response.status_code
    if status >= 500:
        raise NetworkError(
            f"{url}: the server failed ({status} {response.reason}); try again later"
        )
    if status >= 400:
        raise ArticleError(f"{url}: the server answered {status} {response.reason}; check the URL")
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in _ACCEPTED_TYPES:
        raise ArticleError(
            f"{url}: content type {media_type or '(none)'!s} is not an article page "
            "(text/html or text/plain); save the article text and pass the file"
        )
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise ArticleError(_too_large(url, int(length), max_bytes))
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise ArticleError(_too_large(url, size, max_bytes))
            chunks.append(chunk)
    except requests.Timeout as exc:
        raise NetworkError(f"{url}: the download stalled for {timeout:g} s; try again") from exc
    except requests.RequestException as exc:
        raise NetworkError(f"{url}: the download failed ({type(exc).__name__}); try again") from exc
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    return FetchedPage(response.url or url, media_type, charset, b"".join(chunks))


def _too_large(url: str, size: int, max_bytes: int) -> str:
    return (
        f"{url}: more than {max_bytes:,} bytes ({size:,} seen), far too large for an "
        "article; raise the limit (max_bytes) if it really is one"
    )
