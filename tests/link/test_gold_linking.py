"""Linking quality over ../shared/gold (gold is only measured, never a source)."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import sys
from pathlib import Path

from diplokg.link import Gazetteer, link_record
from diplokg.records import Actor, Record
from diplokg.resources import gazetteer_path


def _on(published: str) -> dt.date:
    return dt.date.fromisoformat(published + "-01" * ((10 - len(published)) // 3))


def test_gold_linking_precision_and_recall(gold_dir: Path) -> None:
    gaz = Gazetteer.load()
    right = wrong = missed = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        actors: list[Actor] = []
        expected: list[str | None] = []
        for entity in gold["entities"]:
            kind = entity.get("type") if entity.get("type") != "Actor" else "Organization"
            for name in (entity["label"], *entity.get("aliases", [])):
                actors.append(Actor(f"a{len(actors) + 1}", name, kind))
                expected.append(entity.get("qid"))
        record = Record(path.name, path.stem, actors=tuple(actors))
        linked = link_record(record, gaz, on=_on(gold["published"]))
        for actor, qid in zip(linked.actors, expected, strict=True):
            if qid is None:
                continue
            if actor.qid == qid:
                right += 1
            elif actor.qid is None:
                missed += 1
            else:
                wrong += 1
    assert right / (right + wrong) >= 0.97
    assert right / (right + wrong + missed) >= 0.90


def test_build_script_reproduces_the_bundled_file(wikidata_dir: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script loads.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    bundled = gazetteer_path().read_bytes()
    built = json.loads(gzip.decompress(bundled))["built"]
    assert module.build(wikidata_dir, built) == bundled
