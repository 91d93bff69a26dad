"""Tests of the ``kg`` command line: help, README coverage, exit codes, output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from diplokg.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "geneva-summit-2021.record.json"

runner = CliRunner()


def _command_names() -> list[str]:
    command = get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return sorted(command.commands)


def test_cli_has_the_core_commands() -> None:
    assert {"build", "extract"} <= set(_command_names())


def test_cli_top_level_help_lists_commands_and_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in _command_names():
        assert name in result.output
    assert "130" in result.output


@pytest.mark.parametrize("name", _command_names())
def test_cli_every_command_has_help(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"kg {name} has no help text"


@pytest.mark.parametrize("name", _command_names())
def test_cli_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"kg {name}" in readme, f"README.md does not mention `kg {name}`"


def test_cli_build_example_exits_0(tmp_path: Path) -> None:
    pytest.importorskip("diplokg.validation")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "1 built" in result.output
    assert (out / "geneva-summit-2021" / "geneva-summit-2021.ttl").is_file()
    assert (out / "all.nq").is_file()


def test_cli_build_format_option(tmp_path: Path) -> None:
    pytest.importorskip("diplokg.validation")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(EXAMPLE), "-o", str(out), "-f", "nt", "-f", "nquads", "-q"]
    )
    assert result.exit_code == 0, result.output
    folder = out / "geneva-summit-2021"
    assert (folder / "geneva-summit-2021.nt").is_file()
    assert not (folder / "geneva-summit-2021.ttl").exists()


def test_cli_build_missing_file_strict_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "absent.record.json"
    result = runner.invoke(app, ["build", str(missing), "-o", str(out), "--strict", "-q"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "absent.record.json" in result.output


def test_cli_build_missing_file_without_strict_exits_0_and_reports(tmp_path: Path) -> None:
    pytest.importorskip("diplokg.validation")
    out = tmp_path / "out"
    missing = tmp_path / "absent.record.json"
    result = runner.invoke(app, ["build", str(missing), str(EXAMPLE), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "1 skipped" in result.output
    skipped = json.loads((out / "errors.json").read_text(encoding="utf-8"))["skipped"]
    assert [s["input"] for s in skipped] == [str(missing)]


def test_cli_build_broken_record_strict_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.record.json"
    bad.write_text('{"article": "x.txt", "events": [{"id": "e1"}]}', encoding="utf-8")
    result = runner.invoke(app, ["build", str(bad), "-o", str(tmp_path / "out"), "--strict", "-q"])
    assert result.exit_code == 2, result.output
    assert "events/0" in result.output


@pytest.mark.parametrize("value", ["30/12/2016", "2016-13-01", "yesterday"])
def test_cli_build_bad_published_exits_2(tmp_path: Path, value: str) -> None:
    result = runner.invoke(
        app, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--published", value]
    )
    assert result.exit_code == 2, result.output
    assert "--published" in result.output


def test_cli_build_unknown_format_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "rdfxml"]
    )
    assert result.exit_code == 2, result.output


def test_cli_build_without_inputs_is_a_usage_error() -> None:
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2


def test_cli_extract_record_prints_json() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (Path.cwd() / data["article"]).resolve() == EXAMPLE.with_name("geneva-summit-2021.txt")
    assert [e["id"] for e in data["events"]] == ["e1", "e2"]
    # The exact text is filled from the article next to the record.
    assert (
        data["events"][0]["evidence"][0]["exact"] == "Putin and Biden hold first summit in Geneva"
    )


def test_cli_extract_to_file(tmp_path: Path) -> None:
    target = tmp_path / "copy.record.json"
    result = runner.invoke(app, ["extract", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["key"] == (
        "https://example.org/diplokg/examples/geneva-summit-2021"
    )


def test_cli_extract_broken_record_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.record.json"
    bad.write_text("{oops", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2
    assert "bad.record.json" in result.output
