"""Validation reports, exit codes, and safe parsing of untrusted RDF.

Each hostile input runs in a child process with a time limit, so a regression (an entity
expansion, a fetch that hangs) fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from rdflib import Graph
from typer.testing import CliRunner

from diplokg.cli import app
from diplokg.errors import InputError, RDFSyntaxError
from diplokg.validation import SH, parse_rdf, validate_graph, validate_paths

SHAPES = Path(__file__).resolve().parent / "shapes"
VALID = SHAPES / "valid" / "minimal_article.ttl"
BROKEN = SHAPES / "invalid" / "status_outside_enumeration.ttl"
WARNING_ONLY = SHAPES / "invalid" / "held_without_participant.ttl"
LIMIT_SECONDS = 60


def _run_isolated(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, killed after LIMIT_SECONDS."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        check=False,
    )


_PARSE_CHILD = """
import sys
from pathlib import Path
from diplokg.errors import DiplokgError
from diplokg.validation import parse_rdf
try:
    dataset = parse_rdf(Path(sys.argv[1]), sys.argv[2])
except DiplokgError as exc:
    print("REFUSED", exc)
else:
    print("PARSED", len(dataset))
"""


# ---- safe parsing ----------------------------------------------------------------------


def test_parse_rdf_never_fetches_a_remote_jsonld_context(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/context.jsonld").respond_with_json({"@context": {}})
    doc = {"@context": httpserver.url_for("/context.jsonld"), "@id": "http://e.org/a", "p": "x"}
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(RDFSyntaxError, match="remote JSON-LD @context"):
        parse_rdf(path)
    assert httpserver.log == []


def test_validate_paths_never_follows_owl_imports(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/ontology.ttl").respond_with_data("", content_type="text/turtle")
    url = httpserver.url_for("/ontology.ttl")
    data = tmp_path / "imports.ttl"
    imports = "<http://www.w3.org/2002/07/owl#imports>"
    data.write_text(
        VALID.read_text(encoding="utf-8")
        + f"\n<https://w3id.org/diplokg/id/article/m1> {imports} <{url}> .\n",
        encoding="utf-8",
    )
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        (SHAPES.parent.parent / "shapes" / "diplokg-shapes.ttl").read_text(encoding="utf-8")
        + f"\n<https://w3id.org/diplokg/shapes> {imports} <{url}> .\n",
        encoding="utf-8",
    )
    outcome = validate_paths([data], shapes=shapes)
    assert outcome.exit_code == 0, outcome.to_text()
    assert httpserver.log == []


def test_parse_rdf_refuses_billion_laughs_quickly(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol "lol">']
    for n in range(1, 10):
        entities.append(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">')
    doc = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )
    path = tmp_path / "laughs.rdf"
    path.write_text(doc, encoding="utf-8")
    assert len(doc) < 2048
    done = _run_isolated(_PARSE_CHILD, str(path), "xml")
    assert done.stdout.startswith("REFUSED"), done.stdout + done.stderr
    assert "DTD" in done.stdout


def test_parse_rdf_refuses_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    doc = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )
    path = tmp_path / "xxe.rdf"
    path.write_text(doc, encoding="utf-8")
    done = _run_isolated(_PARSE_CHILD, str(path), "xml")
    assert done.stdout.startswith("REFUSED"), done.stdout + done.stderr
    assert "TOP-SECRET-VALUE" not in done.stdout + done.stderr


def test_parse_rdf_accepts_plain_rdfxml() -> None:
    doc = (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        b"<ex:p>plain</ex:p></rdf:Description></rdf:RDF>"
    )
    assert len(parse_rdf(doc, "xml")) == 1


def test_parse_rdf_handles_a_long_escaped_literal_quickly(tmp_path: Path) -> None:
    # rdflib's own Turtle parser is quadratic on this; pyoxigraph is linear.
    path = tmp_path / "long.ttl"
    path.write_text('<http://e.org/a> <http://e.org/p> "' + "\\n\\t" * 1_000_000 + '" .\n')
    done = _run_isolated(_PARSE_CHILD, str(path), "turtle")
    assert done.stdout.strip() == "PARSED 1", done.stdout + done.stderr


def test_parse_rdf_enforces_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_bytes(VALID.read_bytes())
    with pytest.raises(InputError, match="size limit"):
        parse_rdf(path, max_bytes=100)
    with pytest.raises(InputError, match="size limit"):
        parse_rdf(VALID.read_bytes(), "turtle", max_bytes=100)


def test_parse_rdf_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(
        '<http://e.org/a> <http://e.org/p> "ok" .\n<http://e.org/b> <http://e.org/p> .\n'
    )
    with pytest.raises(RDFSyntaxError, match=r"bad\.ttl: line 2, column \d+"):
        parse_rdf(path)


def test_parse_rdf_keeps_named_graphs() -> None:
    trig = (
        b"<http://e.org/g1> { <http://e.org/a> <http://e.org/p> 1 . }\n"
        b"<http://e.org/a> <http://e.org/p> 2 ."
    )
    dataset = parse_rdf(trig, "trig")
    assert len(dataset) == 2
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} >= {"http://e.org/g1"}


# ---- reports and exit codes ------------------------------------------------------------


def test_validate_graph_groups_results_and_counts() -> None:
    report = validate_graph(parse_rdf(BROKEN))
    assert not report.conforms
    assert report.counts["Violation"] == 1
    ((_focus, shape), results) = next(iter(report.grouped().items()))
    assert shape == "dsh:Event-status-in"
    assert results[0].path == "dip:status" and results[0].value == "dip:Talks"
    text = report.to_text()
    assert "dip:status must be one of" in text and "does not conform: 1 violation(s)" in text


def test_validate_graph_report_formats_agree() -> None:
    report = validate_graph(parse_rdf(BROKEN))
    data = json.loads(report.to_json())
    assert data["conforms"] is False and data["results"][0]["source_shape"] == "dsh:Event-status-in"
    graph = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(SH.conforms, None)
    assert len(list(graph.objects(node, SH.result))) == 1
    assert report.to_turtle() == validate_graph(parse_rdf(BROKEN)).to_turtle()


def test_validate_graph_per_graph_and_whole_find_the_same(tmp_path: Path) -> None:
    body = BROKEN.read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in body.splitlines() if line.startswith("@prefix"))
    triples = "".join(
        line + "\n" for line in body.splitlines() if not line.startswith(("@prefix", "#"))
    )
    trig = prefixes + "<https://w3id.org/diplokg/id/graph/a> {\n" + triples + "}\n"
    dataset = parse_rdf(trig.encode(), "trig")
    per_graph = validate_graph(dataset)
    whole = validate_graph(dataset, per_graph=False)
    assert [r.source_shape for r in per_graph.results] == [r.source_shape for r in whole.results]
    assert per_graph.results[0].graph == "<https://w3id.org/diplokg/id/graph/a>"


def test_validate_paths_exit_codes(tmp_path: Path) -> None:
    assert validate_paths([VALID]).exit_code == 0
    assert validate_paths([BROKEN]).exit_code == 1
    assert validate_paths([WARNING_ONLY]).exit_code == 0
    assert validate_paths([WARNING_ONLY], strict=True).exit_code == 1
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    outcome = validate_paths([BROKEN, bad])
    assert outcome.exit_code == 2  # the highest applicable wins
    assert outcome.inputs[1].error is not None and "bad.ttl" in outcome.inputs[1].error


def test_validate_paths_walks_a_folder() -> None:
    outcome = validate_paths([SHAPES / "valid"])
    assert len(outcome.inputs) == len(list((SHAPES / "valid").glob("*.ttl")))
    assert outcome.exit_code == 0


def test_validate_paths_maps_a_record(project_root: Path) -> None:
    record = project_root / "examples" / "geneva-summit-2021.record.json"
    if not record.exists():
        pytest.skip("the example record is absent")
    outcome = validate_paths([record])
    assert outcome.exit_code == 0, outcome.to_text()
    assert outcome.inputs[0].report is not None and outcome.inputs[0].report.triples > 20


def test_validate_paths_reports_a_bad_record(tmp_path: Path) -> None:
    record = tmp_path / "bad.record.json"
    record.write_text(json.dumps({"article": "x.txt", "events": [{"id": 3}]}), encoding="utf-8")
    outcome = validate_paths([record])
    assert outcome.exit_code == 2
    assert "bad.record.json" in (outcome.inputs[0].error or "")


# ---- the command -----------------------------------------------------------------------


def test_validate_command_exit_codes_and_formats() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(VALID)])
    assert ok.exit_code == 0, ok.output
    broken = runner.invoke(app, ["validate", str(BROKEN), "--format", "json"])
    assert broken.exit_code == 1
    assert json.loads(broken.stdout)["exit_code"] == 1
    turtle = runner.invoke(app, ["validate", str(BROKEN), "--format", "turtle"])
    assert "sh:ValidationReport" in turtle.stdout
    strict = runner.invoke(app, ["validate", str(WARNING_ONLY), "--strict"])
    assert strict.exit_code == 1


def test_validate_command_reads_stdin() -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["validate", "-", "--input-format", "turtle"], input=BROKEN.read_bytes()
    )
    assert result.exit_code == 1
    assert "dsh:Event-status-in" in result.stdout
