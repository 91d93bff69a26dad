"""Deterministic IRIs, minted in one place from stable keys.

Linked actors and places *are* their Wikidata IRIs. Everything else gets an IRI under a
configurable base, derived from the article's key (its source URL, else its file stem) and
the record's local ids, so the same input always gives the same IRIs and an updated article
keeps its graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from diplokg.namespaces import WD

__all__ = ["IriMinter", "article_hash", "slugify"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def article_hash(key: str) -> str:
    """The first 16 hex digits of the SHA-256 of an article key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def slugify(text: str) -> str:
    """A lower-case ASCII slug ("Ministry of Foreign Affairs" -> "ministry-of-foreign-affairs")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    # Names in non-Latin scripts have no ASCII letters left: fall back to a hash.
    return slug or "x" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class IriMinter:
    """Mints the IRIs of one article's nodes under ``base``."""

    def __init__(self, base: str, article_key: str) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base
        self.hash = article_hash(article_key)
        # Built once: nearly every node points at the article, and one shared object
        # lets the graph store match it by identity.
        self._article = URIRef(f"{base}article/{self.hash}")

    def graph(self) -> URIRef:
        """The named graph holding the article's triples."""
        return URIRef(f"{self.base}graph/{self.hash}")

    def article(self) -> URIRef:
        """The article node."""
        return self._article

    def actor(self, kind: str, label: str, qid: str | None) -> URIRef:
        """A Wikidata IRI when linked; otherwise a base IRI shared across articles.

        Unlinked actors are minted from kind and label, not from the article, so the
        same unlinked group named in two articles is one node in the store.
        """
        if qid:
            return WD[qid]
        return URIRef(f"{self.base}actor/{kind.lower()}/{slugify(label)}")

    def event(self, local_id: str) -> URIRef:
        """An event of this article."""
        return URIRef(f"{self.base}event/{self.hash}/{local_id}")

    def declaration(self, local_id: str) -> URIRef:
        """A declaration of this article."""
        return URIRef(f"{self.base}declaration/{self.hash}/{local_id}")

    def series(self, local_id: str) -> URIRef:
        """An event series named in this article."""
        return URIRef(f"{self.base}series/{self.hash}/{local_id}")

    def evidence(self, start: int, end: int) -> URIRef:
        """An evidence span of this article."""
        return URIRef(f"{self.base}evidence/{self.hash}/{start}-{end}")

    def topic(self, label: str) -> URIRef:
        """A topic concept, shared across articles."""
        return URIRef(f"{self.base}topic/{slugify(label)}")
