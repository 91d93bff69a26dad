"""Clause-level helpers shared by event and declaration rules: heads, tense, times, spans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from diplokg.extract.tokens import children, span_text, token_deps, token_heads, token_pos
from diplokg.records import TimeValue

__all__ = [
    "DocContext",
    "TimeAt",
    "clause_chain",
    "clause_head",
    "is_present_perfect",
    "sentence_span",
]

_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis"})


@dataclass(frozen=True)
class TimeAt:
    """A resolved time expression and the tokens it covers."""

    start: int  # first token
    end: int  # token after the last
    value: TimeValue
    surface: str


@dataclass
class DocContext:
    """What every rule needs about the document besides actors."""

    doc: Any
    times: list[TimeAt]
    reference_day: dt.date | None
    published: TimeValue | None
    body_start_token: int
    dateline_place: str | None
    skip_tokens: frozenset[int]
    _heads: list[tuple[TimeAt, int]] | None = None
    _reach: dict[bool, list[tuple[TimeAt, frozenset[int]]]] = field(default_factory=dict)

    def _time_heads(self) -> list[tuple[TimeAt, int]]:
        """Each time with the index of its head token, found once (callers only read it)."""
        if self._heads is None:
            self._heads = [(t, _time_head(self.doc, t).i) for t in self.times]
        return self._heads

    def times_under(self, token: Any, *, stop_at_clause: bool = True) -> list[TimeAt]:
        """Times whose head attaches to ``token`` or sits in its subtree (not in sub-clauses)."""
        target = token.i
        return [t for t, reach in self._reaches(stop_at_clause) if target in reach]

    def _reaches(self, stop_at_clause: bool) -> list[tuple[TimeAt, frozenset[int]]]:
        """Each time with the tokens its head climbs through, found once per document.

        The climb runs on index tables (following ``.head`` would build a Token per step)
        from the time's head up to the root, ending early at a clause verb (which still
        counts) when ``stop_at_clause``.
        """
        cached = self._reach.get(stop_at_clause)
        if cached is None:
            heads, deps, pos = token_heads(self.doc), token_deps(self.doc), token_pos(self.doc)
            cached = []
            for t, node in self._time_heads():
                reach = {node}
                while node != heads[node]:
                    if (
                        stop_at_clause
                        and deps[node] in _CLAUSE_DEPS
                        and pos[node] in ("VERB", "AUX")
                    ):
                        break
                    node = heads[node]
                    reach.add(node)
                cached.append((t, frozenset(reach)))
            self._reach[stop_at_clause] = cached
        return cached

    def times_attached(self, token: Any) -> list[TimeAt]:
        """Times whose head token's parent is ``token`` itself."""
        out = []
        heads, pos = token_heads(self.doc), token_pos(self.doc)
        target = token.i
        for t, head in self._time_heads():
            parent = heads[head]
            if pos[parent] == "ADP":
                parent = heads[parent]
            if parent == target or head == target:
                out.append(t)
        return out


def _time_head(doc: Any, t: TimeAt) -> Any:
    span = doc[t.start : t.end]
    root = span.root
    # "on Monday": the preposition governs the time phrase.
    if root.head.pos_ == "ADP" and root.head.i < t.start:
        return root.head
    return root


def clause_head(token: Any) -> Any:
    """The verb heading the clause that contains ``token``."""
    node = token
    while node.i != node.head.i:
        if node.pos_ in ("VERB", "AUX") and (
            node.dep_ in _CLAUSE_DEPS
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in children(node))
        ):
            return node
        node = node.head
    return node


def clause_chain(token: Any) -> list[Any]:
    """Tokens from ``token`` up to its clause head, plus the heads of infinitive chains."""
    chain = [token]
    node = token
    while node.i != node.head.i:
        if node.pos_ in ("VERB", "AUX") and (
            node.dep_ in _CLAUSE_DEPS
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in children(node))
        ):
            break
        node = node.head
        chain.append(node)
    # "is scheduled to meet", "ordered ... to prepare": the governing verb sets the mood.
    while node.dep_ in ("xcomp", "acomp", "oprd") and node.head.i != node.i:
        node = node.head
        chain.append(node)
    if node.dep_ == "ccomp" and node.head.lemma_ in ("ready", "prepared", "willing"):
        chain.append(node.head)
    return chain


def is_present_perfect(verb: Any) -> bool:
    """``has ordered``, ``have met``, ``is on a visit``, ``has been meeting``."""
    aux = [c for c in children(verb) if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("has", "have") for a in aux):
        return True
    if verb.tag_ in ("VBZ", "VBP") and not any(a.lower_ in ("will", "would") for a in aux):
        return True
    return any(a.lower_ in ("is", "are", "am") for a in aux) and verb.tag_ == "VBG"


def sentence_span(sent: Any) -> tuple[int, int]:
    """Character offsets of a sentence without surrounding whitespace."""
    text = span_text(sent.doc, sent.start, sent.end)
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return start, end
