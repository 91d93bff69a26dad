"""Name folding shared by the gazetteer builder, the gazetteer and the linker.

A folded name is the key every index uses: accents stripped, lower-cased, every
character that is not a letter or digit turned into a space, runs of spaces collapsed
and a leading "the " dropped (DESIGN's folding, plus accent stripping so "Erdoğan"
and "Erdogan" meet).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_name", "name_tokens", "strip_titles"]

# Letters NFKD does not decompose into a base letter plus a mark.
_EXTRA = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"}
)
_NON_WORD = re.compile(r"[\W_]+")
# Runs of single letters are one abbreviation: "U.N." and "UN" both fold to "un".
_INITIALS = re.compile(r"\b[a-z](?: [a-z])+\b")
# Words a newspaper puts before a name; stripped to reach the name itself.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "president",
        "vice",
        "prime",
        "premier",
        "minister",
        "foreign",
        "secretary",
        "general",
        "gen",
        "chancellor",
        "king",
        "queen",
        "emir",
        "sheikh",
        "shaikh",
        "prince",
        "crown",
        "state",
        "chairman",
        "leader",
        "supreme",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "senator",
        "governor",
        "mayor",
        "counterpart",
        "deputy",
        "opposition",
        "first",
        "lady",
        "acting",
        "former",
        "late",
        "colonel",
        "col",
        "his",
        "her",
        "excellency",
        "of",
        "for",
        "affairs",
        "external",
        "u",
        "s",
        "us",
        "un",
        "special",
        "representative",
        "top",
        "diplomat",
        "defense",
        "defence",
        "chief",
    ]
)


# The linker folds the same few labels, aliases and gazetteer keys over and over (about a
# hundred calls per article); folding is pure, so remember a bounded number of results.
@lru_cache(maxsize=1 << 14)
def fold_name(text: str) -> str:
    """Fold a name for matching: no accents, lower case, words separated by one space."""
    lowered = text.lower().translate(_EXTRA)
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _INITIALS.sub(_join_initials, _NON_WORD.sub(" ", bare).strip())
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def _join_initials(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def name_tokens(text: str) -> list[str]:
    """The folded words of a name."""
    folded = fold_name(text)
    return folded.split() if folded else []


@lru_cache(maxsize=1 << 14)
def strip_titles(text: str) -> str:
    """The folded name without leading titles ("President Bush" -> "bush")."""
    tokens = name_tokens(text)
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens.pop(0)
    return " ".join(tokens)
