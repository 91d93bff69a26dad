"""The tuned spaCy pipeline predicts exactly what the stock one predicts.

"Stock" is the package as spaCy loads it, blis multiplying; ours multiplies with OpenBLAS
where numpy has it, so these comparisons also cover that change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.pipeline.attributeruler import AttributeRuler

from diplokg.extract import load_model
from diplokg.extract.model import (
    DEFAULT_MODELS,
    IndexedRulerMatcher,
    Unsupported,
    _add_line_breaks,
    _index_attribute_ruler,
    _LemmaTable,
    _openblas,
    _table_lemmatizer,
    one_blas_thread,
)
from diplokg.ingest.text import split_header

# Written for these tests: contractions, colloquial forms, auxiliaries, expletives,
# negation, double spaces and line breaks exercise the ruler's multi-token, REGEX,
# IN / NOT_IN and DEP patterns.
TEXTS = [
    "Ministers meet in Vienna\n\nThe talks, which began on Monday, ended late. "
    "Y'all know it ain't over; we're gonna keep talking, the envoy said.",
    "Let's not pretend.  There are  two drafts and there is no deal yet. "
    "I told you it was done, but it wasn't. Nothin' was signed, though they'd hoped.",
    "C'mon, she got ta see the text! He gets the point and got the memo. Do you have it? "
    "It does. Whether or not the summit is held, they have agreed that it should be.",
    '\n  \nThe foreign minister, who has visited Ankara twice, said: "We won\'t give up."',
]


@pytest.fixture(scope="module")
def tuned() -> Any:
    return load_model()


@pytest.fixture(scope="module")
def stock() -> Any:
    # The same package, loaded without the indexed matcher, the lemma table and numpy's
    # BLAS (line breaks added as ours are).
    for name in DEFAULT_MODELS:
        try:
            return _add_line_breaks(spacy.load(name))
        except OSError:
            continue
    pytest.skip("no English pipeline installed")


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
         t.ent_type_, t.is_sent_start)
        for t in doc
    ]  # fmt: skip


def test_load_model_uses_the_indexed_matcher(tuned: Any) -> None:
    assert isinstance(tuned.get_pipe("attribute_ruler").match, IndexedRulerMatcher)


def test_load_model_uses_the_lemma_table(tuned: Any) -> None:
    assert isinstance(tuned.get_pipe("lemmatizer").pipe.__self__, _LemmaTable)


def test_load_model_multiplies_with_numpy(tuned: Any) -> None:
    from thinc.api import get_current_ops

    if not _openblas():
        pytest.skip("numpy's BLAS is not OpenBLAS: thinc's default ops are kept")
    # The encoders and the parsers' lower layers hold nearly all the matrix products;
    # spaCy makes their output layers apart, under its own ops.
    expected = {"tok2vec": [], "parser": ["linear"], "ner": ["linear"]}
    for name, left_on_blis in expected.items():
        layers = tuned.get_pipe(name).model.walk()
        assert [layer.name for layer in layers if layer.ops.use_blis] == left_on_blis, name
    assert getattr(get_current_ops(), "use_blis", True)  # the caller's ops are untouched


def test_one_blas_thread_limits_and_restores() -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    if not blas_threads():
        pytest.skip("numpy has no BLAS library loaded")
    with threadpool_limits(limits=2, user_api="blas"):  # not 1 already, whatever the runner
        before = blas_threads()
        assert before == [2] * len(before)
        with one_blas_thread():
            assert blas_threads() == [1] * len(before)
        assert blas_threads() == before


def test_lemma_table_overwrites_when_the_lemmatizer_does(stock: Any) -> None:
    # The attribute ruler sets some lemmas itself; with overwrite=True the lemmatizer's win.
    lemmatizer = stock.get_pipe("lemmatizer")
    texts = [*TEXTS, "They're saying they'd been told, and we'll see."]
    try:
        lemmatizer.overwrite = True
        expected = [[t.lemma_ for t in doc] for doc in stock.pipe(texts)]
        table = _LemmaTable(lemmatizer)
        with stock.select_pipes(disable=["lemmatizer"]):
            docs = [table(doc) for doc in stock.pipe(texts)]
    finally:
        lemmatizer.overwrite = False
    assert [[t.lemma_ for t in doc] for doc in docs] == expected


def test_lemma_table_keeps_spacys_error_for_missing_tables() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})  # never initialised: no tables
    with pytest.raises(ValueError, match="E1004"):
        list(nlp.pipe(["Talks were held."]))
    _table_lemmatizer(nlp)
    assert isinstance(nlp.get_pipe("lemmatizer").pipe.__self__, _LemmaTable)
    with pytest.raises(ValueError, match="E1004"):
        list(nlp.pipe(["Talks were held."]))


def test_lemma_table_leaves_other_lemmatizers() -> None:
    from spacy.pipeline import Lemmatizer

    class Contextual(Lemmatizer):  # a subclass may read more than the token
        pass

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipe = nlp.get_pipe("lemmatizer")
    pipe.__class__ = Contextual
    _table_lemmatizer(nlp)
    assert not isinstance(getattr(pipe.pipe, "__self__", None), _LemmaTable)


def test_indexed_matcher_finds_spacys_matches(tuned: Any) -> None:
    ruler = tuned.get_pipe("attribute_ruler")
    for doc in tuned.pipe(TEXTS):
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc)


def test_tuned_pipeline_annotates_as_stock(tuned: Any, stock: Any) -> None:
    for ours, theirs in zip(tuned.pipe(TEXTS), stock.pipe(TEXTS), strict=True):
        assert _annotations(ours) == _annotations(theirs)


def test_tuned_pipeline_annotates_corpus_as_stock(tuned: Any, stock: Any, corpus_dir: Path) -> None:
    texts = [
        split_header(p.read_text(encoding="utf-8"))[1] for p in sorted(corpus_dir.glob("*.txt"))
    ]
    ruler = tuned.get_pipe("attribute_ruler")
    for ours, theirs in zip(tuned.pipe(texts), stock.pipe(texts), strict=True):
        assert _annotations(ours) == _annotations(theirs)
        assert ruler.match(ours) == AttributeRuler.match(ruler, ours)


def test_indexed_matcher_refuses_operators() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    with pytest.raises(Unsupported):
        IndexedRulerMatcher(ruler)
    _index_attribute_ruler(nlp)  # keeps spaCy's matcher rather than failing
    assert not isinstance(ruler.match, IndexedRulerMatcher)
    assert nlp("very very good")[0].lemma_ == "very"


def test_indexed_matcher_on_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["gov", "govt"]}}], [{"ORTH": "Dept"}]], {"NORM": "government"})
    ruler.add([[{"LOWER": "u"}, {"LOWER": {"REGEX": "^s\\.?$"}}]], {"LEMMA": "US"}, index=1)
    ruler.add([[{"IS_PUNCT": True, "ORTH": {"NOT_IN": ["!"]}}]], {"LEMMA": "PUNCT"})
    _index_attribute_ruler(nlp)
    assert isinstance(ruler.match, IndexedRulerMatcher)
    doc = nlp("The govt and the Dept met u s officials, gov. said!")
    assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
    assert [t.norm_ for t in doc][1] == "government"
    assert doc[7].lemma_ == "US"  # index=1: the second token of "u s"
    assert [t.text for t in doc if t.lemma_ == "PUNCT"] == [",", "."]
    assert doc[-1].text == "!"


def test_line_breaks_start_sentences(tuned: Any) -> None:
    doc = tuned("Envoys gather in Oslo\nThe meeting opened on Tuesday")
    assert [s.text for s in doc.sents] == [
        "Envoys gather in Oslo\n",
        "The meeting opened on Tuesday",
    ]
