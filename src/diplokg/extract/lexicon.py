"""Name patterns for the extractor, built from a :class:`~diplokg.records.Lexicon`.

The lexicon (the gazetteer, passed in by the pipeline) gives surface forms with their
canonical labels and kinds; this module turns them into look-up tables (no tokenizer
runs over the lexicon, so building them is cheap) and holds the closed word lists of
diplomatic language (offices, ministries, groups).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from diplokg.extract.tokens import token_is_space, token_texts, token_whitespace
from diplokg.records import Lexicon, LexiconEntry

__all__ = [
    "GEOGRAPHIC_NOUNS",
    "OFFICE_WORDS",
    "UN_AGENCY_FIELDS",
    "UN_AGENCY_NOUNS",
    "NamePatterns",
    "build_patterns",
]

#: Office words (lower-case token sequences) and the office they name. ``None`` means the
#: office is relative ("his counterpart": the office of the person it is compared with).
OFFICE_WORDS: dict[tuple[str, ...], str | None] = {
    ("president",): "head_of_state",
    ("presidents",): "head_of_state",
    ("leader",): "head_of_state",
    ("leaders",): "head_of_state",
    ("head", "of", "state"): "head_of_state",
    ("heads", "of", "state"): "head_of_state",
    ("king",): "head_of_state",
    ("emir",): "head_of_state",
    ("prime", "minister"): "head_of_government",
    ("prime", "ministers"): "head_of_government",
    ("premier",): "head_of_government",
    ("chancellor",): "head_of_government",
    ("foreign", "minister"): "foreign_minister",
    ("foreign", "ministers"): "foreign_minister",
    ("minister", "of", "foreign", "affairs"): "foreign_minister",
    ("foreign", "secretary"): "foreign_minister",
    ("secretary", "of", "state"): "foreign_minister",
    ("top", "diplomat"): "foreign_minister",
    ("top", "foreign", "diplomat"): "foreign_minister",
    ("fm",): "foreign_minister",
    ("fms",): "foreign_minister",
    ("special", "envoy"): "envoy",
    ("envoy",): "envoy",
    ("special", "representative"): "envoy",
    ("high", "representative"): "high_representative",
    ("foreign", "policy", "chief"): "high_representative",
    ("information", "minister"): "information_minister",
    ("counterpart",): None,
    ("counterparts",): None,
}

#: Lower-case forms of titles that may precede a name and are not part of it.
NAME_TITLES: frozenset[str] = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "president", "minister", "premier"}
)

#: Words after a ministry's name that make it the foreign ministry.
FOREIGN_MINISTRY: tuple[tuple[str, ...], ...] = (
    ("foreign", "ministry"),
    ("ministry", "of", "foreign", "affairs"),
    ("foreign", "office"),
    ("state", "department"),
    ("foreign", "affairs", "ministry"),
)

#: Common nouns for a place; a demonym qualifying one ("the Swiss city") names no actor.
GEOGRAPHIC_NOUNS: frozenset[str] = frozenset(
    {
        "city",
        "capital",
        "town",
        "village",
        "port",
        "resort",
        "region",
        "province",
        "island",
        "coast",
    }
)

#: UN agencies that wire copy names by their field ("the U.N. nuclear agency"): the
#: field word and the abbreviation the lexicon knows the agency by.
UN_AGENCY_FIELDS: dict[str, str] = {
    "nuclear": "IAEA",
    "atomic": "IAEA",
    "health": "WHO",
    "refugee": "UNHCR",
    "food": "WFP",
}
UN_AGENCY_NOUNS: frozenset[str] = frozenset({"agency", "watchdog", "body"})

#: Kinds of spaCy entities worth keeping when the lexicon does not know the name.
NER_KINDS: dict[str, str] = {
    "PERSON": "Person",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "ORG": "Organization",
}


@dataclass(frozen=True)
class NamePatterns:
    """The lexicon's surfaces, folded, with the entry each one names.

    Matching compares the text of token runs with the surfaces, so building needs no
    tokenizer: names are found by dictionary look-ups over each document's tokens.
    """

    lower: dict[str, LexiconEntry]
    exact: dict[str, LexiconEntry]
    lexicon: Lexicon
    max_chars: int = 0
    #: Every surface lower-cased, sorted: which text can still grow into a match.
    _keys: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = set(self.lower) | {surface.lower() for surface in self.exact}
        object.__setattr__(self, "_keys", tuple(sorted(keys)))

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry a written surface names, as a match in text would find it."""
        key = " ".join(surface.split())
        return self.exact.get(key) or self.lower.get(key.lower())

    def spans(self, doc: Any) -> list[tuple[int, int, LexiconEntry]]:
        """Longest non-overlapping lexicon matches that start with a capital letter.

        Cached on the document: several actor rules ask for them.
        """
        key = (_SPANS_KEY, id(self))
        cached = doc.user_data.get(key)
        if cached is not None:
            return list(cached)
        found: list[tuple[int, int, LexiconEntry]] = []
        texts = token_texts(doc)
        n = len(texts)
        i = 0
        while i < n:
            hit = self._longest_at(doc, i, n) if texts[i][:1].isupper() else None
            if hit is None:
                i += 1
                continue
            found.append(hit)
            i = hit[1]
        doc.user_data[key] = tuple(found)
        return found

    def _longest_at(self, doc: Any, i: int, n: int) -> tuple[int, int, LexiconEntry] | None:
        best: tuple[int, int, LexiconEntry] | None = None
        texts = token_texts(doc)
        spaces = token_whitespace(doc)
        blank = token_is_space(doc)
        text = plain = ""
        for j in range(i, n):
            word = texts[j]
            if blank[j]:
                break
            text += word
            # "U.N. Security Council" is the lexicon's "UN Security Council".
            plain += word.replace(".", "") if _INITIALS.match(word) else word
            if len(text) > self.max_chars:
                break
            entry = self._get(text) or (self._get(plain) if plain != text else None)
            if entry is None and len(word) > 2 and _POSSESSIVE.search(word):
                # Tokenizers leave "DPRK´s" whole when the apostrophe is unusual.
                entry = self._get(_POSSESSIVE.sub("", plain))
            if entry is not None:
                best = (i, j + 1, entry)
            space = spaces[j]
            if "\n" in space:
                break
            text += " " if space else ""
            plain += " " if space else ""
            if not (self._extends(text) or self._extends(plain)):
                # Every later look-up starts with ``text`` or ``plain``: none can match.
                break
        return best

    def _extends(self, prefix: str) -> bool:
        """Whether some surface may start with ``prefix`` (then a longer match may follow)."""
        if "Σ" in prefix:
            # str.lower() maps a final sigma differently: lower-casing is not per prefix.
            return True
        folded = prefix.lower()
        keys = self._keys
        k = bisect_left(keys, folded)
        return k < len(keys) and keys[k].startswith(folded)

    def _get(self, text: str) -> LexiconEntry | None:
        return self.exact.get(text) or self.lower.get(text.lower())


_SPANS_KEY = "diplokg_lexicon_spans"
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")
_POSSESSIVE = re.compile(r"[´`'’]s$")
_CACHE: dict[tuple[int, int], NamePatterns] = {}


def build_patterns(nlp: Any, lexicon: Lexicon) -> NamePatterns:
    """Surface tables for every name in ``lexicon`` (built once per process and lexicon).

    ``nlp`` is accepted for symmetry with the pipeline; matching needs only the documents.
    """
    key = (id(nlp), id(lexicon))
    cached = _CACHE.get(key)
    if cached is not None and cached.lexicon is lexicon:
        return cached
    # Abbreviations ("UN") match as written, other names in any case (the gazetteer's
    # contract); a match must still start with a capital, see :meth:`NamePatterns.spans`.
    by_surface: dict[str, LexiconEntry] = {}
    for entry in lexicon.entries():
        surface = " ".join(entry.surface.split())
        if len(surface) < 2 or entry.office:
            continue
        previous = by_surface.get(surface)
        # A person's or state's reading of a surface wins over a place's; among equals,
        # the entity the surface is the name of wins over one that has it as an alias.
        if previous is None or _rank(entry, surface) < _rank(previous, surface):
            by_surface[surface] = entry
    lower: dict[str, LexiconEntry] = {}
    exact: dict[str, LexiconEntry] = {}
    for surface in sorted(by_surface):
        if surface.isupper():
            exact.setdefault(surface, by_surface[surface])
        else:
            lower.setdefault(surface.lower(), by_surface[surface])
    longest = max((len(s) for s in by_surface), default=0)
    patterns = NamePatterns(lower, exact, lexicon, longest)
    _CACHE[key] = patterns
    return patterns


def _rank(entry: LexiconEntry, surface: str) -> tuple[int, bool]:
    order = ("Person", "State", "InternationalOrganization", "GovernmentBody", "Place")
    kind = order.index(entry.kind) if entry.kind in order else len(order)
    return kind, entry.label.lower() != surface.lower()
