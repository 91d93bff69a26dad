"""Builds into an existing output folder keep the articles earlier runs put there."""

from __future__ import annotations

import json
from pathlib import Path

from diplokg.pipeline import BuildOptions, build

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "geneva-summit-2021.record.json"


def _second_record(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    article = tmp_path / "summit-copy.txt"
    article.write_bytes((EXAMPLE.parent / data["article"]).read_bytes())
    data.update(article=article.name, key="https://example.org/diplokg/summit-copy")
    data.pop("source_url", None)
    record = tmp_path / "summit-copy.record.json"
    record.write_text(json.dumps(data), encoding="utf-8")
    return record


def _graphs(all_nq: Path) -> list[str]:
    names = [line.rsplit(" ", 2)[-2] for line in all_nq.read_text().splitlines()]
    return sorted(set(names))


def test_build_second_run_keeps_earlier_articles_in_all_nq_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([EXAMPLE], BuildOptions(out=out, validate=False))
    second = build([_second_record(tmp_path)], BuildOptions(out=out, validate=False))
    graphs = _graphs(out / "all.nq")
    assert len(graphs) == 2
    assert {first.outcomes[0].graph, second.outcomes[0].graph} == {g.strip("<>") for g in graphs}
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(a["stem"] for a in manifest["articles"]) == ["geneva-summit-2021", "summit-copy"]
    # all.nq stays ordered by graph IRI.
    lines = (out / "all.nq").read_text().splitlines()
    order = [line.rsplit(" ", 2)[-2] for line in lines]
    assert order == sorted(order, key=lambda g: graphs.index(g))
