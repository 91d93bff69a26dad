"""The online resolver (``--online``): Wikidata's API behind the offline gazetteer.

It asks Wikidata only for names the gazetteer cannot link with confidence:
``wbsearchentities`` for candidates, then ``wbgetentities`` in batches of 50 for their
types. Responses are cached on disk (requests-cache), so a rerun makes no request.
429 and 5xx answers are retried with exponential backoff, honouring ``Retry-After``.
When Wikidata cannot be reached the resolver records a :class:`NetworkError`, stops
asking, and every answer is the offline one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import requests
import requests_cache

from diplokg.errors import NetworkError
from diplokg.link.gazetteer import EntityInfo, Gazetteer, Match
from diplokg.link.names import fold_name
from diplokg.settings import Settings

__all__ = ["WikidataLinker"]

_BATCH = 50
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# Instance-of (P31) values that decide an item's kind; anything with coordinates (P625)
# that is no person, state or organisation counts as a place.
_KINDS: dict[str, str] = {
    "Q5": "Person",
    "Q6256": "State",
    "Q3624078": "State",
    "Q484652": "InternationalOrganization",
    "Q245065": "InternationalOrganization",
    "Q1335818": "InternationalOrganization",
    "Q1127126": "InternationalOrganization",
    "Q4120211": "InternationalOrganization",
    "Q515": "Place",
    "Q5119": "Place",
    "Q1549591": "Place",
    "Q1637706": "Place",
    "Q200250": "Place",
    "Q486972": "Place",
}
_COMPATIBLE = {
    "Person": {"Person"},
    "State": {"State"},
    "Place": {"Place", "State"},
    "InternationalOrganization": {"InternationalOrganization"},
    "Organization": {"InternationalOrganization"},
}


class WikidataLinker:
    """An :class:`~diplokg.link.linker.EntityLinker` asking Wikidata after the gazetteer.

    Args:
        offline: the gazetteer consulted first (and the fallback).
        api_url: the API endpoint (``Settings.wikidata_api``; tests use a local server).
        cache_dir: where the HTTP cache lives; ``None`` disables caching.
        user_agent: sent with every request, as Wikimedia's policy asks.
        max_retries: retries on 429/5xx and connection errors.
        backoff: first wait in seconds, doubled each retry.
        max_wait: upper bound on any single wait, ``Retry-After`` included.
        sleep: how to wait (tests may pass a recorder).
    """

    def __init__(
        self,
        offline: Gazetteer,
        api_url: str = Settings.wikidata_api,
        *,
        cache_dir: Path | None = None,
        user_agent: str = Settings.user_agent,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        timeout: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.offline = offline
        self.api_url = api_url
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.timeout = timeout
        self._sleep = sleep
        self.errors: list[NetworkError] = []
        self.requests_sent = 0
        self.session: requests.Session
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self.session = requests_cache.CachedSession(
                str(cache_dir / "wikidata"),
                backend="sqlite",
                expire_after=dt.timedelta(days=30),
                allowable_codes=(200,),
            )
        else:
            self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self._search_cache: dict[str, list[dict[str, Any]]] = {}
        self._items: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_settings(cls, offline: Gazetteer, settings: Settings) -> WikidataLinker:
        """The resolver ``--online`` uses, configured from settings."""
        return cls(
            offline,
            settings.wikidata_api,
            cache_dir=settings.cache_dir / "http",
            user_agent=settings.user_agent,
        )

    # -- HTTP ------------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        """False once Wikidata proved unreachable in this run."""
        return not self.errors

    def _get(self, params: dict[str, str]) -> dict[str, Any]:
        """One API call with retries; raises NetworkError when it cannot succeed."""
        query = {**params, "format": "json"}
        last = "no answer"
        for attempt in range(self.max_retries + 1):
            wait = min(self.backoff * 2**attempt, self.max_wait)
            try:
                response = self.session.get(self.api_url, params=query, timeout=self.timeout)
                if not getattr(response, "from_cache", False):
                    self.requests_sent += 1
            except requests.RequestException as exc:
                self.requests_sent += 1
                last = str(exc)
            else:
                if response.status_code == 200:
                    try:
                        payload: dict[str, Any] = response.json()
                    except ValueError as exc:
                        raise NetworkError(
                            f"Wikidata API at {self.api_url} sent invalid JSON; try again later"
                        ) from exc
                    if "error" in payload:
                        raise NetworkError(
                            f"Wikidata API at {self.api_url} refused the request: "
                            f"{payload['error'].get('info', payload['error'])}"
                        )
                    return payload
                last = f"HTTP {response.status_code}"
                if response.status_code not in _RETRY_STATUS:
                    break
                wait = min(_retry_after(response.headers.get("Retry-After"), wait), self.max_wait)
            if attempt < self.max_retries:
                self._sleep(wait)
        raise NetworkError(
            f"Wikidata API at {self.api_url} could not be reached ({last}); "
            "the offline gazetteer's result is used - rerun with network to link more"
        )

    def _guarded(self, call: Callable[[], None]) -> None:
        if not self.online:
            return
        try:
            call()
        except NetworkError as exc:
            self.errors.append(exc)

    def _search(self, name: str) -> None:
        key = fold_name(name)
        if not key or key in self._search_cache:
            return
        payload = self._get(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": "en",
                "uselang": "en",
                "type": "item",
                "limit": "10",
            }
        )
        self._search_cache[key] = list(payload.get("search", []))

    def _fetch(self, qids: Iterable[str]) -> None:
        missing = sorted({q for q in qids if q not in self._items})
        for i in range(0, len(missing), _BATCH):
            batch = missing[i : i + _BATCH]
            payload = self._get(
                {
                    "action": "wbgetentities",
                    "ids": "|".join(batch),
                    "props": "labels|aliases|claims",
                    "languages": "en",
                }
            )
            for qid, item in payload.get("entities", {}).items():
                self._items[qid] = item

    # -- EntityLinker ----------------------------------------------------------------------

    def prepare(self, names: Iterable[str]) -> None:
        """Search every name the gazetteer cannot link, then fetch types in batches."""
        todo = sorted({n for n in names if n and not _sure(self.offline.lookup(n))})
        if not todo:
            return

        def run() -> None:
            for name in todo:
                self._search(name)
            self._fetch(
                hit["id"]
                for name in todo
                for hit in self._search_cache.get(fold_name(name), [])
                if str(hit.get("id", "")).startswith("Q")
            )

        self._guarded(run)

    def lookup(self, name: str, on: dt.date | None = None, kind: str | None = None) -> list[Match]:
        """The gazetteer's answer when confident, else Wikidata's candidates added."""
        offline = self.offline.lookup(name, on, kind)
        if _sure(offline) or (kind is not None and kind not in _COMPATIBLE) or not self.online:
            return offline
        self._guarded(lambda: self.prepare([name]))
        if not self.online:
            return offline
        return _combine(offline, self._online_matches(name, kind))

    def _online_matches(self, name: str, kind: str | None) -> list[Match]:
        key = fold_name(name)
        allowed = _COMPATIBLE.get(kind or "")
        exact: list[Match] = []
        loose: list[Match] = []
        for hit in self._search_cache.get(key, []):
            qid = str(hit.get("id", ""))
            item = self._items.get(qid)
            if item is None:
                continue
            item_kind = _kind(item)
            if item_kind is None or (allowed is not None and item_kind not in allowed):
                continue
            label = _label(item) or str(hit.get("label", qid))
            names = {fold_name(label), *(fold_name(a) for a in _aliases(item))}
            match = Match(qid, label, item_kind, 0.0, None)
            (exact if key in names else loose).append(match)
        if len(exact) == 1:
            return [_scored(exact[0], 0.9)] + [_scored(m, 0.05) for m in loose[:4]]
        pool = (exact or loose)[:5]
        return [_scored(m, 0.5 / len(pool)) for m in pool]

    def office_holder(self, country_qid: str, office: str, on: dt.date) -> EntityInfo | None:
        """Office holders come from the gazetteer's dated terms."""
        return self.offline.office_holder(country_qid, office, on)

    def state_qid(self, text: str) -> str | None:
        """A state's QID from the gazetteer."""
        return self.offline.state_qid(text)

    def entity(self, qid: str) -> EntityInfo | None:
        """The gazetteer's entity, else what Wikidata sent for it."""
        known = self.offline.entity(qid)
        if known is not None:
            return known
        item = self._items.get(qid)
        if item is None:
            return None
        kind = _kind(item)
        return EntityInfo(qid, _label(item) or qid, kind or "Organization")


def _sure(matches: list[Match]) -> bool:
    return (
        bool(matches)
        and matches[0].score >= 0.85
        and (len(matches) == 1 or matches[0].score - matches[1].score >= 0.3)
    )


def _scored(match: Match, score: float) -> Match:
    return Match(match.qid, match.label, match.kind, score, match.country)


def _combine(offline: list[Match], online: list[Match]) -> list[Match]:
    best: dict[str, Match] = {m.qid: m for m in online}
    for m in offline:
        if m.qid not in best or m.score > best[m.qid].score:
            best[m.qid] = m
    return sorted(best.values(), key=lambda m: (-m.score, m.qid))


def _label(item: dict[str, Any]) -> str | None:
    value = item.get("labels", {}).get("en", {}).get("value")
    return str(value) if value else None


def _aliases(item: dict[str, Any]) -> list[str]:
    return [str(a.get("value", "")) for a in item.get("aliases", {}).get("en", [])]


def _kind(item: dict[str, Any]) -> str | None:
    claims = item.get("claims", {})
    kinds = set()
    for claim in claims.get("P31", []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        if isinstance(value, dict) and value.get("id") in _KINDS:
            kinds.add(_KINDS[value["id"]])
    for kind in ("Person", "State", "InternationalOrganization", "Place"):
        if kind in kinds:
            return kind
    return "Place" if "P625" in claims else None


def _retry_after(header: str | None, default: float) -> float:
    """Seconds a ``Retry-After`` header asks for (seconds or an HTTP date)."""
    if not header:
        return default
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())
