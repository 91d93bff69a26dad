"""Tests of the build pipeline on records: layout, manifest, errors, incremental runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from diplokg.errors import InputError, UsageError
from diplokg.pipeline import ArticleOutcome, BuildOptions, build, expand_inputs
from diplokg.rdf.iris import article_hash

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "geneva-summit-2021.record.json"

# Written for these tests; the places and people are invented.
TEXT = (
    "Ruritania and Borduria held talks in Strelsau on Tuesday.\n\n"
    "The two foreign ministers signed an agreement on river traffic."
)


def _record(article: str, key: str, phrase: str = "held talks in Strelsau") -> dict[str, Any]:
    start = TEXT.index(phrase)
    return {
        "diplokg_record": 1,
        "article": article,
        "key": key,
        "published": "2021-06-15",
        "actors": [
            {"id": "a1", "label": "Ruritania", "kind": "State"},
            {"id": "a2", "label": "Borduria", "kind": "State"},
        ],
        "events": [
            {
                "id": "e1",
                "kind": "Talks",
                "status": "Held",
                "participants": ["a1", "a2"],
                "date": "2021-06-15",
                "evidence": [{"start": start, "end": start + len(phrase)}],
            }
        ],
    }


def _write_pair(folder: Path, stem: str, key: str | None = None, **record: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    data = _record(f"{stem}.txt", key or f"https://example.org/tests/{stem}", **record)
    path = folder / f"{stem}.record.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _options(out: Path, **changes: Any) -> BuildOptions:
    return BuildOptions(out=out, validate=False, **changes)


def _manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _by_stem(out: Path) -> dict[str, dict[str, Any]]:
    return {a["stem"]: a for a in _manifest(out)["articles"]}


def test_build_example_writes_design_layout(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build([EXAMPLE], _options(out))
    assert result.exit_code == 0
    assert [o.status for o in result.outcomes] == ["built"]
    stem = "geneva-summit-2021"
    for suffix in (".ttl", ".jsonld", ".trig", ".record.json"):
        assert (out / stem / f"{stem}{suffix}").is_file(), suffix
    for name in ("all.nq", "manifest.json", "errors.json"):
        assert (out / name).is_file(), name
    assert json.loads((out / "errors.json").read_text(encoding="utf-8")) == {"skipped": []}


def test_build_formats_option_chooses_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], _options(out, formats=("nt", "nquads")))
    files = sorted(p.name for p in (out / "geneva-summit-2021").iterdir())
    assert files == [
        "geneva-summit-2021.nq",
        "geneva-summit-2021.nt",
        "geneva-summit-2021.record.json",
    ]


def test_build_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="xml"):
        build([EXAMPLE], _options(tmp_path / "out", formats=("xml",)))


def test_build_no_input_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError):
        build([tmp_path / "empty"], _options(tmp_path / "out"))


def test_build_written_record_reloads_as_the_same_graph(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], _options(out))
    again = tmp_path / "again"
    build([out / "geneva-summit-2021" / "geneva-summit-2021.record.json"], _options(again))
    first = (out / "all.nq").read_bytes()
    assert (again / "all.nq").read_bytes() == first


def test_build_manifest_entry_per_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], _options(out))
    manifest = _manifest(out)
    (entry,) = manifest["articles"]
    assert entry["input"] == str(EXAMPLE)
    assert entry["status"] == "built"
    assert len(entry["content_hash"]) == 64
    key = "https://example.org/diplokg/examples/geneva-summit-2021"
    assert entry["graph"] == f"https://w3id.org/diplokg/id/graph/{article_hash(key)}"
    assert sorted(entry["files"]) == sorted(
        f"geneva-summit-2021/geneva-summit-2021{s}"
        for s in (".ttl", ".jsonld", ".trig", ".record.json")
    )
    for name in entry["files"]:
        assert (out / name).is_file()
    assert {"diplokg", "ontology", "shapes"} <= set(entry["versions"])
    assert {"diplokg", "model", "gazetteer", "ontology", "shapes"} <= set(manifest["versions"])


def test_build_all_nq_ordered_by_graph_and_sorted_within(tmp_path: Path) -> None:
    inputs = [_write_pair(tmp_path / "in", f"article-{n}") for n in range(4)]
    out = tmp_path / "out"
    result = build([*inputs, EXAMPLE], _options(out))
    assert result.count("built") == 5
    lines = (out / "all.nq").read_text(encoding="utf-8").splitlines()
    graphs = [line.rsplit(" ", 2)[1] for line in lines]
    order = list(dict.fromkeys(graphs))
    assert len(order) == 5
    assert order == sorted(order)
    for graph in order:
        within = [line for line, g in zip(lines, graphs, strict=True) if g == graph]
        assert within == sorted(within)
    # Every article's graph, and nothing else, with each graph contiguous.
    assert graphs == sorted(graphs, key=order.index)
    dataset = Dataset()
    dataset.parse(data=(out / "all.nq").read_bytes(), format="nquads")
    assert sum(o.triples for o in result.outcomes) == len(lines) == len(list(dataset.quads()))


def test_build_all_nq_independent_of_input_order(tmp_path: Path) -> None:
    inputs = [_write_pair(tmp_path / "in", f"article-{n}") for n in range(3)]
    build(inputs, _options(tmp_path / "one"))
    build(list(reversed(inputs)), _options(tmp_path / "two"))
    assert (tmp_path / "one" / "all.nq").read_bytes() == (tmp_path / "two" / "all.nq").read_bytes()


def test_build_broken_record_skipped_and_reported(tmp_path: Path) -> None:
    good = _write_pair(tmp_path / "in", "good")
    bad = _write_pair(tmp_path / "in", "bad")
    data = json.loads(bad.read_text(encoding="utf-8"))
    data["events"][0]["kind"] = "Banquet"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    result = build([bad, good, EXAMPLE], _options(out))
    assert [o.status for o in result.outcomes] == ["skipped", "built", "built"]
    assert result.exit_code == 0
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))["skipped"]
    assert [e["input"] for e in errors] == [str(bad)]
    assert "events/0/kind" in errors[0]["error"]
    assert errors[0]["exit_code"] == 2
    assert _by_stem(out)["bad"]["status"] == "skipped"
    assert not (out / "bad").exists()
    assert (out / "good" / "good.ttl").is_file()


def test_build_broken_record_with_strict_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.record.json"
    bad.write_text("{ not json", encoding="utf-8")
    result = build([bad, EXAMPLE], _options(tmp_path / "out", strict=True))
    assert result.exit_code == 2
    assert result.count("built") == 1


def test_build_invalid_json_reported_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.record.json"
    bad.write_text('{\n  "article": "x.txt",\n  oops\n}', encoding="utf-8")
    out = tmp_path / "out"
    build([bad, EXAMPLE], _options(out))
    (error,) = json.loads((out / "errors.json").read_text(encoding="utf-8"))["skipped"]
    assert "line 3" in error["error"]


def test_build_missing_input_is_skipped_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    result = build([missing, EXAMPLE], _options(tmp_path / "out"))
    assert [o.status for o in result.outcomes] == ["skipped", "built"]
    assert result.exit_code == 0
    assert str(missing) in (result.outcomes[0].error or "")


def test_build_missing_input_with_strict_exits_2(tmp_path: Path) -> None:
    result = build(
        [tmp_path / "absent.record.json", EXAMPLE], _options(tmp_path / "out", strict=True)
    )
    assert result.exit_code == 2


def test_build_fail_fast_stops_at_first_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.record.json"
    bad.write_text("[]", encoding="utf-8")
    result = build([bad, EXAMPLE], _options(tmp_path / "out", fail_fast=True))
    assert [o.status for o in result.outcomes] == ["skipped"]


def test_expand_inputs_stem_clash_gets_path_hash(tmp_path: Path) -> None:
    one = _write_pair(tmp_path / "one", "talks")
    two = _write_pair(tmp_path / "two", "talks")
    items = expand_inputs([one, two])
    stems = [item.stem for item in items]
    assert stems[0] != stems[1]
    for stem in stems:
        prefix, digest = stem.rsplit("-", 1)
        assert prefix == "talks"
        assert len(digest) == 6 and all(c in "0123456789abcdef" for c in digest)


def test_expand_inputs_record_stem_is_its_article_stem(tmp_path: Path) -> None:
    path = _write_pair(tmp_path, "river-talks")
    renamed = path.rename(tmp_path / "reviewed-by-anna.json")
    (item,) = expand_inputs([renamed])
    assert item.kind == "record"
    assert item.stem == "river-talks"


def test_expand_inputs_directory_is_recursive_and_sorted(tmp_path: Path) -> None:
    _write_pair(tmp_path / "b", "second")
    _write_pair(tmp_path / "a", "first")
    (tmp_path / "a" / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("x", encoding="utf-8")
    sources = [Path(item.source) for item in expand_inputs([tmp_path])]
    assert sources == sorted(sources)
    assert {p.name for p in sources} == {
        "first.txt",
        "first.record.json",
        "second.txt",
        "second.record.json",
    }


def test_expand_inputs_glob(tmp_path: Path) -> None:
    _write_pair(tmp_path, "one")
    _write_pair(tmp_path, "two")
    items = expand_inputs([str(tmp_path / "*.record.json")])
    assert [item.stem for item in items] == ["one", "two"]
    assert {item.kind for item in items} == {"record"}


def test_expand_inputs_kinds() -> None:
    kinds = [
        i.kind for i in expand_inputs(["a.txt", "b.html", "https://example.org/x", "c.record.json"])
    ]
    assert kinds == ["text", "html", "url", "record"]


def test_build_stem_clash_builds_both(tmp_path: Path) -> None:
    one = _write_pair(tmp_path / "one", "talks")
    two = _write_pair(tmp_path / "two", "talks", key="https://example.org/tests/other-talks")
    out = tmp_path / "out"
    result = build([one, two], _options(out))
    assert result.count("built") == 2
    stems = [o.stem for o in result.outcomes]
    for stem in stems:
        assert (out / stem / f"{stem}.ttl").is_file()


def test_build_rerun_marks_unchanged_and_rebuilds_changed(tmp_path: Path) -> None:
    first = _write_pair(tmp_path / "in", "first")
    second = _write_pair(tmp_path / "in", "second")
    out = tmp_path / "out"
    build([first, second], _options(out))
    all_nq = (out / "all.nq").read_bytes()
    rerun = build([first, second], _options(out))
    assert [o.status for o in rerun.outcomes] == ["unchanged", "unchanged"]
    assert (out / "all.nq").read_bytes() == all_nq
    assert [a["status"] for a in _manifest(out)["articles"]] == ["unchanged", "unchanged"]

    data = json.loads(second.read_text(encoding="utf-8"))
    data["events"][0]["status"] = "Planned"
    second.write_text(json.dumps(data), encoding="utf-8")
    changed = build([first, second], _options(out))
    assert [o.status for o in changed.outcomes] == ["unchanged", "built"]
    assert "dip:Planned" in (out / "second" / "second.ttl").read_text(encoding="utf-8")
    assert b"#Planned>" in (out / "all.nq").read_bytes()


def test_build_rerun_after_article_text_change_rebuilds(tmp_path: Path) -> None:
    record = _write_pair(tmp_path / "in", "story")
    out = tmp_path / "out"
    build([record], _options(out))
    (tmp_path / "in" / "story.txt").write_text(TEXT + "\n\nA new closing line.", encoding="utf-8")
    assert [o.status for o in build([record], _options(out)).outcomes] == ["built"]


def test_build_rerun_with_other_base_rebuilds(tmp_path: Path) -> None:
    from diplokg.settings import Settings

    out = tmp_path / "out"
    build([EXAMPLE], _options(out))
    other = _options(out, settings=Settings(base="https://data.example.org/kg/"))
    result = build([EXAMPLE], other)
    assert [o.status for o in result.outcomes] == ["built"]
    assert "https://data.example.org/kg/graph/" in (out / "all.nq").read_text(encoding="utf-8")


def test_build_force_rebuilds_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], _options(out))
    assert [o.status for o in build([EXAMPLE], _options(out, force=True)).outcomes] == ["built"]


def test_build_rerun_rebuilds_when_an_output_file_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], _options(out))
    (out / "geneva-summit-2021" / "geneva-summit-2021.ttl").unlink()
    assert [o.status for o in build([EXAMPLE], _options(out)).outcomes] == ["built"]
    assert (out / "geneva-summit-2021" / "geneva-summit-2021.ttl").is_file()


def test_build_interrupted_keeps_finished_and_resumes(tmp_path: Path) -> None:
    inputs = [_write_pair(tmp_path / "in", f"article-{n}") for n in range(3)]
    out = tmp_path / "out"
    seen: list[ArticleOutcome] = []

    def interrupt_after_first(outcome: ArticleOutcome) -> None:
        seen.append(outcome)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(inputs, _options(out), progress=interrupt_after_first)
    assert len(seen) == 1
    manifest = _by_stem(out)
    assert list(manifest) == ["article-0"]
    assert manifest["article-0"]["status"] == "built"
    assert (out / "all.nq").stat().st_size > 0
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []

    resumed = build(inputs, _options(out))
    assert [o.status for o in resumed.outcomes] == ["unchanged", "built", "built"]
    reference = tmp_path / "reference"
    build(inputs, _options(reference))
    assert (out / "all.nq").read_bytes() == (reference / "all.nq").read_bytes()


def test_build_progress_called_once_per_input(tmp_path: Path) -> None:
    inputs = [_write_pair(tmp_path / "in", f"article-{n}") for n in range(3)]
    calls: list[str] = []
    build(inputs, _options(tmp_path / "out"), progress=lambda o: calls.append(o.stem))
    assert calls == ["article-0", "article-1", "article-2"]


def test_build_copy_of_example_in_other_folder_same_graph(tmp_path: Path) -> None:
    # The graph IRI derives from the article key, not from where the files are.
    shutil.copy(EXAMPLES / "geneva-summit-2021.txt", tmp_path)
    shutil.copy(EXAMPLE, tmp_path)
    one = build([EXAMPLE], _options(tmp_path / "one")).outcomes[0]
    two = build([tmp_path / EXAMPLE.name], _options(tmp_path / "two")).outcomes[0]
    assert one.graph == two.graph


# ---- with validation (needs diplokg.validation from helper "shapes") ----------------------


def test_build_validates_example_without_violations(tmp_path: Path) -> None:
    pytest.importorskip("diplokg.validation")
    out = tmp_path / "out"
    result = build([EXAMPLE], BuildOptions(out=out))
    (outcome,) = result.outcomes
    assert outcome.status == "built", outcome.report
    assert outcome.violations == 0
    assert result.exit_code == 0


def test_build_validation_change_is_not_unchanged(tmp_path: Path) -> None:
    pytest.importorskip("diplokg.validation")
    out = tmp_path / "out"
    build([EXAMPLE], _options(out))
    # A rerun that now validates must not reuse the unvalidated result.
    result = build([EXAMPLE], BuildOptions(out=out))
    assert [o.status for o in result.outcomes] == ["built"]
