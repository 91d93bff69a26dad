"""Folding text and labels, and matching evidence against gold anchors and dates.

The choices DESIGN.md leaves open (folding, the ``min(4, n)`` word runs, dates at the gold
precision) are described in the :mod:`diplokg.evaluation` docstring.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

# A predicted literal may carry a time or a timezone; only the date part is compared.
_PREDICTED_DATE = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T[0-9:.]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)


def fold_text(text: str) -> str:
    """Fold as DESIGN says: lower-case, non letters/digits -> space, spaces collapsed."""
    chars = [
        ch if unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "Nd" else " "
        for ch in text.lower()
    ]
    return " ".join("".join(chars).split())


def fold_label(text: str) -> str:
    """Fold a label: :func:`fold_text`, then one leading ``"the "`` dropped."""
    folded = fold_text(text)
    return folded[4:] if folded.startswith("the ") else folded


def _anchor_runs(anchors: Iterable[str]) -> frozenset[str]:
    runs: set[str] = set()
    for anchor in anchors:
        words = fold_text(anchor).split()
        size = min(4, len(words))
        runs.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1) if size)
    return frozenset(runs)


def anchor_matches(exact: str, anchors: Iterable[str]) -> bool:
    """True when ``exact`` holds a run of ``min(4, n)`` words of one anchor, after folding."""
    padded = f" {fold_text(exact)} "
    return any(f" {run} " in padded for run in _anchor_runs(anchors))


def _max_matching(n_gold: int, n_pred: int, edge: Callable[[int, int], bool]) -> int:
    """Size of a maximum one-to-one matching (augmenting paths; the sets are tiny)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(n_pred):
            if j not in seen and edge(i, j):
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(n_gold))


def _date_agrees(gold: str, predicted: str) -> bool:
    match = _PREDICTED_DATE.fullmatch(predicted.strip())
    if match is None:
        return False
    parts = [p for p in match.groups() if p is not None]
    wanted = gold.split("-")
    return len(parts) >= len(wanted) and parts[: len(wanted)] == wanted
