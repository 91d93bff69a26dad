"""Name patterns for the extractor, built from a :class:`~diplokg.records.Lexicon`.

The lexicon (the gazetteer, passed in by the pipeline) gives surface forms with their
canonical labels and kinds; this module turns them into a spaCy ``PhraseMatcher`` and
holds the closed word lists of diplomatic language (offices, ministries, groups).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diplokg.records import Lexicon, LexiconEntry

__all__ = [
    "OFFICE_WORDS",
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
    """A matcher over the lexicon's surfaces and the entry for each match id."""

    matcher: Any
    entries: dict[str, LexiconEntry]
    lexicon: Lexicon
    exact: Any = None

    def spans(self, doc: Any) -> list[tuple[int, int, LexiconEntry]]:
        """Longest non-overlapping lexicon matches that start with a capital letter."""
        from spacy.util import filter_spans

        hits: dict[tuple[int, int], LexiconEntry] = {}
        for matcher in (self.matcher, self.exact):
            if matcher is None:
                continue
            for match_id, start, end in matcher(doc):
                if not doc[start].text[:1].isupper():
                    continue
                hits.setdefault((start, end), self.entries[doc.vocab.strings[match_id]])
        keep = filter_spans([doc[s:e] for s, e in hits])
        return sorted((sp.start, sp.end, hits[(sp.start, sp.end)]) for sp in keep)


_CACHE: dict[tuple[int, int], NamePatterns] = {}


def build_patterns(nlp: Any, lexicon: Lexicon) -> NamePatterns:
    """A ``PhraseMatcher`` over every surface in ``lexicon`` (cached per nlp and lexicon)."""
    key = (id(nlp), id(lexicon))
    cached = _CACHE.get(key)
    if cached is not None and cached.lexicon is lexicon:
        return cached
    from spacy.matcher import PhraseMatcher

    # Abbreviations ("UN") match as written, other names in any case (the gazetteer's
    # contract); a match must still start with a capital, see :func:`lexicon_spans`.
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    entries: dict[str, LexiconEntry] = {}
    by_surface: dict[str, LexiconEntry] = {}
    for entry in lexicon.entries():
        surface = entry.surface.strip()
        if len(surface) < 2 or entry.office:
            continue
        previous = by_surface.get(surface)
        # A person's or state's reading of a surface wins over a place's.
        if previous is None or _rank(entry) < _rank(previous):
            by_surface[surface] = entry
    for surface in sorted(by_surface):
        match_id = f"LEX{len(entries)}"
        entries[match_id] = by_surface[surface]
        target = exact if surface.isupper() else matcher
        target.add(match_id, [nlp.make_doc(surface)])
    patterns = NamePatterns(matcher, entries, lexicon, exact)
    _CACHE[key] = patterns
    return patterns


def _rank(entry: LexiconEntry) -> int:
    order = ("Person", "State", "InternationalOrganization", "GovernmentBody", "Place")
    return order.index(entry.kind) if entry.kind in order else len(order)
