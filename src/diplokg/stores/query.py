"""``kg query``: run SPARQL against a store and render the answer.

SELECT and ASK render as a table, CSV (SPARQL 1.1 CSV) or SPARQL-JSON; CONSTRUCT and
DESCRIBE as Turtle. Renderers return text or a rich ``Table``; they never print.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Literal

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize
from pyoxigraph import Literal as RdfLiteral
from rich.table import Table

from diplokg.errors import InputError, UsageError
from diplokg.namespaces import PREFIXES
from diplokg.stores.base import GraphStore, QueryResult, Term

__all__ = [
    "QUERY_FORMATS",
    "QueryFormat",
    "read_query",
    "render_csv",
    "render_json",
    "render_result",
    "render_table",
    "render_turtle",
    "run_query",
]

QueryFormat = Literal["table", "csv", "json", "turtle"]
QUERY_FORMATS: tuple[str, ...] = ("table", "csv", "json", "turtle")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}


def read_query(text_or_path: str) -> str:
    """The query itself, or the contents of the ``.rq``/``.sparql`` file it names.

    Raises:
        InputError: A file name that cannot be read.
    """
    candidate = Path(text_or_path)
    looks_like_file = "\n" not in text_or_path and (
        candidate.suffix.lower() in {".rq", ".sparql", ".txt"} or candidate.is_file()
    )
    if not looks_like_file:
        return text_or_path
    try:
        return candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query file {candidate}: {exc}") from exc


def run_query(store: GraphStore, sparql: str) -> QueryResult:
    """Run a SPARQL 1.1 query on any store.

    Data lives in one named graph per article, so match it with ``GRAPH ?g { ... }``:
    servers differ on what the default graph holds.
    """
    return store.query(sparql)


def _compact(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _table_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return _compact(term.value)
    if isinstance(term, RdfLiteral):
        if term.language:
            return f"{term.value}@{term.language}"
        if term.datatype.value == _XSD_STRING:
            return term.value
        return f"{term.value} ({_compact(term.datatype.value)})"
    return str(term)


def render_table(result: QueryResult) -> Table:
    """A rich table with prefixed IRIs (``dip:``, ``wd:``...); Turtle is not a table."""
    if result.kind == "graph":
        raise UsageError("a CONSTRUCT/DESCRIBE answer is a graph; use --format turtle")
    if result.kind == "ask":
        table = Table("answer")
        table.add_row("true" if result.boolean else "false")
        return table
    table = Table(*result.variables)
    for row in result.rows:
        table.add_row(*(_table_cell(term) for term in row))
    table.caption = f"{len(result.rows)} rows"
    return table


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | RdfLiteral):
        return term.value
    return str(term)


def render_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (values without types); ASK gives ``true``/``false``."""
    _refuse_graph(result, "csv")
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_cell(term) for term in row])
    return buffer.getvalue()


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, RdfLiteral):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def render_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    _refuse_graph(result, "json")
    if result.kind == "ask":
        document: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {
                name: _json_term(term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_turtle(result: QueryResult) -> str:
    """Turtle with the project's prefixes, for CONSTRUCT and DESCRIBE answers."""
    if result.kind != "graph":
        raise UsageError("--format turtle is for CONSTRUCT/DESCRIBE; use table, csv or json")
    triples: list[Triple] = list(result.triples)
    text = (serialize(triples, format=RdfFormat.TURTLE, prefixes=_PREFIXES) or b"").decode()
    # pyoxigraph writes the prefix lines in hash order; put them in ours so that the
    # same answer gives the same bytes.
    lines = text.splitlines(keepends=True)
    prefix_lines = {line.split()[1]: line for line in lines if line.startswith("@prefix ")}
    body = [line for line in lines if not line.startswith("@prefix ")]
    ordered = [prefix_lines[f"{name}:"] for name in _PREFIXES if f"{name}:" in prefix_lines]
    return "".join(ordered + body)


def render_result(result: QueryResult, fmt: str | None = None) -> str | Table:
    """Render in ``fmt``; ``None`` means table for SELECT/ASK and Turtle for graphs."""
    chosen = fmt or ("turtle" if result.kind == "graph" else "table")
    if chosen == "table":
        return render_table(result)
    if chosen == "csv":
        return render_csv(result)
    if chosen == "json":
        return render_json(result)
    if chosen == "turtle":
        return render_turtle(result)
    raise UsageError(f"unknown --format {chosen!r}; choose one of {', '.join(QUERY_FORMATS)}")


def _refuse_graph(result: QueryResult, fmt: str) -> None:
    if result.kind == "graph":
        raise UsageError(f"a CONSTRUCT/DESCRIBE answer is a graph, not {fmt}; use --format turtle")
