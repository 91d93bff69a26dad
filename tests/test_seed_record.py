"""The reviewed record of the seed article: loads, builds, and scores 1.0 against gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from diplokg.pipeline import BuildOptions, build
from diplokg.recordfile import read_record

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "records" / "000_8b71802b9a9b660c.record.json"
STEM = "000_8b71802b9a9b660c"


@pytest.fixture
def seed_path(corpus_dir: Path) -> Path:
    article = corpus_dir / f"{STEM}.txt"
    if not article.is_file():
        pytest.skip(f"{article} is absent")
    return SEED


def test_seed_record_loads_with_exact_text_from_corpus(seed_path: Path) -> None:
    record, text = read_record(seed_path)
    assert text is not None, "the record's article path does not reach ../shared/corpus"
    assert record.text_length == len(text)
    spans = [
        span
        for item in (*record.actors, *record.events, *record.declarations)
        for span in item.evidence
    ]
    assert spans
    for span in spans:
        assert span.exact == text[span.start : span.end]
    assert record.events and record.declarations


def test_seed_record_builds(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build([seed_path], BuildOptions(out=out, validate=False))
    (outcome,) = result.outcomes
    assert outcome.status == "built", outcome.error
    assert outcome.stem == STEM
    graph = Graph().parse(out / STEM / f"{STEM}.ttl", format="turtle")
    assert len(graph) == outcome.triples


def test_seed_record_conforms_to_the_shapes(seed_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("diplokg.validation")
    result = build([seed_path], BuildOptions(out=tmp_path / "out"))
    (outcome,) = result.outcomes
    assert outcome.status == "built", outcome.report or outcome.error
    assert outcome.violations == 0, outcome.report


def _scores(value: object, path: str = "") -> list[tuple[str, float | None]]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _scores(v, f"{path}/{k}")]
    if isinstance(value, (int, float)) or value is None:
        return [(path, value)]
    return []


def test_seed_record_scores_one_on_every_measure(
    seed_path: Path, gold_dir: Path, tmp_path: Path
) -> None:
    evaluation = pytest.importorskip("diplokg.evaluation")
    gold = gold_dir / f"{STEM}.json"
    if not gold.is_file():
        pytest.skip(f"{gold} is absent")
    out = tmp_path / "out"
    build([seed_path], BuildOptions(out=out, validate=False))
    result = evaluation.evaluate(out, gold)
    assert result.missing_outputs == ()
    overall = result.to_json()["overall"]
    scores = _scores(overall)
    assert scores
    wrong = [(name, value) for name, value in scores if value is not None and value != 1.0]
    assert wrong == [], result.to_text()
    # Every measure was actually scored on this article (none left as "no pair").
    assert [name for name, value in scores if value is None] == []
