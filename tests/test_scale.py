"""Corpus-scale builds: parallel and distributed runs give the bytes of a serial run."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from diplokg.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_story  # noqa: E402


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    rng = random.Random(11)
    for i in range(5):
        (folder / f"story-{i}.txt").write_text(make_story(rng, i), encoding="utf-8")
    # One unusable article in the batch: reported and skipped, never the end of the run.
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    return folder


def _tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


@pytest.fixture(scope="module")
def serial(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    result = build([small_corpus], BuildOptions(out=out, chunk_size=2))
    assert result.exit_code == 0
    assert result.count("skipped") == 1
    assert result.count("built") + result.count("nonconforming") == 5
    return out


def test_build_batch_skips_bad_article_and_reports_it(serial: Path) -> None:
    errors = json.loads((serial / "errors.json").read_text())["skipped"]
    assert [Path(e["input"]).name for e in errors] == ["broken.txt"]
    assert "broken.txt" in errors[0]["error"]
    manifest = json.loads((serial / "manifest.json").read_text())
    statuses = {a["stem"]: a["status"] for a in manifest["articles"]}
    assert statuses["broken"] == "skipped"


def test_build_strict_batch_with_bad_article_exits_2(small_corpus: Path, tmp_path: Path) -> None:
    result = build([small_corpus], BuildOptions(out=tmp_path, strict=True, validate=False))
    assert result.exit_code == 2


def test_build_jobs_two_matches_serial_bytes(
    small_corpus: Path, serial: Path, tmp_path: Path
) -> None:
    result = build([small_corpus], BuildOptions(out=tmp_path, jobs=2, chunk_size=2))
    assert result.count("skipped") == 1
    assert _tree(tmp_path) == _tree(serial)


def test_build_rerun_rebuilds_only_changed_articles(small_corpus: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(small_corpus.glob("story-*.txt"))[:3]:
        (corpus / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    first = build([corpus], BuildOptions(out=out))
    assert first.count("built") + first.count("nonconforming") == 3
    changed = corpus / "story-1.txt"
    changed.write_text(changed.read_text() + "\nThe talks ended late in the evening.\n")
    second = build([corpus], BuildOptions(out=out))
    statuses = {o.stem: o.status for o in second.outcomes}
    assert statuses["story-0"] == statuses["story-2"] == "unchanged"
    assert statuses["story-1"] in {"built", "nonconforming"}


def test_build_on_dask_cluster_matches_serial_bytes(
    small_corpus: Path, serial: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        options = BuildOptions(out=tmp_path, scheduler=cluster.scheduler_address, chunk_size=2)
        result = build([small_corpus], options)
    assert result.count("skipped") == 1
    assert _tree(tmp_path) == _tree(serial)
