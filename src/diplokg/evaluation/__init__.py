"""Scoring a build against gold annotations (DESIGN.md, "Gold annotations and evaluation").

The protocol is fixed by DESIGN.md; the choices it leaves open are made here, once:

- **Folding**: ``str.lower()``; every character whose Unicode category is not a letter
  (``L*``) or a decimal digit (``Nd``) becomes a space; runs of spaces collapse; for
  labels, one leading ``"the "`` is dropped. No other normalisation.
- **Candidates**: a predicted node is a candidate for a gold item when one of its
  ``dip:evidence/oa:exact`` strings, folded, contains (on word boundaries) a run of
  ``min(4, n)`` consecutive folded words of one of the item's anchors (``n`` = words in
  that anchor). Any longer run contains such a run, so the shortest one is checked.
- **Pairing**: candidates are taken one to one, best score first; ties go to the earlier
  gold item, then to the prediction whose IRI sorts first. Score = 1 + kind right +
  0.5 x status right (events only) + participant (events) or ``by`` (declarations) F1; a
  component the gold item does not score (``null``) adds 0.
- **Set F1** (participants, organizer, by, addressee): gold entries are paired one to one
  with predicted nodes they match (maximum matching); both sides empty -> 1.0; one side
  empty -> 0.0.
- **Single values**: location, date, status, adopted_at are right only when the node
  carries exactly one value and it is right. ``about`` is right when the event-valued
  ``dip:about`` objects are exactly the matched prediction (topic concepts are ignored).
- **Dates**: the one ``dip:date`` literal must be at the gold precision or finer and agree
  with the gold value at the gold precision (``2016-12-16`` is right for ``2016-12``,
  ``2016`` is not). Bounds (gold ``earliest``/``latest``, ``dip:earliestDate``/
  ``dip:latestDate``) are not scored: a gold item with bounds but no ``date`` does not
  score the date, and a prediction with only bounds is wrong where gold has a ``date``.
- **Kind**: the node's set of kind classes (the ``dip:`` event or declaration kinds among
  its ``rdf:type`` values) must be exactly the gold kind.
- **Detection and entities P/R/F1**: nothing predicted and nothing in gold -> 1.0 each;
  one side empty -> 0.0 each. Attribute scores are means over the matched pairs whose
  gold field is scored; with no such pair the score is ``None`` (JSON ``null``).
- **Micro-averages**: the overall figures sum the per-article counts (true positives,
  predictions, gold items, and the sums and counts behind each mean).

Modules:

- :mod:`~diplokg.evaluation.gold`: gold files, read and checked.
- :mod:`~diplokg.evaluation.output`: one article's build output as one graph.
- :mod:`~diplokg.evaluation.matching`: folding, anchors, dates, one-to-one matching.
- :mod:`~diplokg.evaluation.scoring`: scoring an article; :func:`evaluate`.
- :mod:`~diplokg.evaluation.report`: score counters and results, as JSON or text.
"""

from __future__ import annotations

from diplokg.evaluation.gold import (
    DECLARATION_KINDS,
    EVENT_KINDS,
    EVENT_STATUSES,
    ActorRef,
    GoldArticle,
    GoldDeclaration,
    GoldEntity,
    GoldEvent,
    gold_files,
    read_gold,
)
from diplokg.evaluation.matching import anchor_matches, fold_label, fold_text
from diplokg.evaluation.output import read_output_graph
from diplokg.evaluation.report import ArticleResult, Detection, EvalResult, Mean, Scores
from diplokg.evaluation.scoring import evaluate

__all__ = [
    "DECLARATION_KINDS",
    "EVENT_KINDS",
    "EVENT_STATUSES",
    "ActorRef",
    "ArticleResult",
    "Detection",
    "EvalResult",
    "GoldArticle",
    "GoldDeclaration",
    "GoldEntity",
    "GoldEvent",
    "Mean",
    "Scores",
    "anchor_matches",
    "evaluate",
    "fold_label",
    "fold_text",
    "gold_files",
    "read_gold",
    "read_output_graph",
]
