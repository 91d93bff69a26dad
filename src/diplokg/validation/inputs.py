"""Validating files, folders and standard input: the library side of ``kg validate``.

Each input is parsed safely, or, for a record JSON file, checked and mapped; an input that
cannot be used is reported in the outcome and the others are still validated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from rdflib import Dataset

from diplokg.errors import InputError, UsageError
from diplokg.validation.parsing import (
    _EXTENSIONS,
    DEFAULT_MAX_BYTES,
    _format_name,
    _read_limited,
    parse_rdf,
)
from diplokg.validation.report import InputOutcome, ValidationOutcome
from diplokg.validation.shapes import _shapes
from diplokg.validation.validator import validate_graph


def _expand(paths: Sequence[Path | str]) -> list[Path | str]:
    """Files as given; directories walked for RDF and record files, in sorted order."""
    out: list[Path | str] = []
    for item in paths:
        if item == "-":
            out.append("-")
            continue
        path = Path(item)
        if path.is_dir():
            out.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _EXTENSIONS
                )
            )
        else:
            out.append(path)
    return out


def _looks_like_record(data: bytes) -> bool:
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return False
    return (
        isinstance(parsed, dict)
        and "@context" not in parsed
        and ("diplokg_record" in parsed or "article" in parsed)
    )


def _record_dataset(path: Path | None, data: bytes, name: str) -> Dataset:
    """Check a record against the record schema, then map it (the lead's mapper)."""
    from diplokg.rdf import map_record
    from diplokg.recordfile import read_record, record_from_dict

    if path is not None:
        record, _ = read_record(path)
    else:
        try:
            parsed = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: not a JSON record ({exc})") from exc
        record = record_from_dict(parsed, None, source=name)
    return map_record(record)


def _load_input(
    item: Path | str, fmt: str | None, stdin: IO[bytes] | None, max_bytes: int
) -> tuple[str, Dataset]:
    if item == "-":
        if stdin is None:
            raise UsageError("'-' names standard input, but none was given")
        name = "<stdin>"
        data = _read_limited(stdin, name, max_bytes)
        key = (
            _format_name(fmt, name)
            if fmt
            else ("json" if data.lstrip()[:1] in (b"{", b"[") else "turtle")
        )
        path = None
    else:
        path = Path(item)
        name = str(path)
        key = _format_name(fmt, name)
        data = _read_limited(path, name, max_bytes)
    if key == "record" or (key == "json" and _looks_like_record(data)):
        return name, _record_dataset(path, data, name)
    return name, parse_rdf(
        data, "json-ld" if key == "json" else key, name=name, max_bytes=max_bytes
    )


def validate_paths(
    paths: Sequence[Path | str],
    shapes: Path | None = None,
    fmt: str | None = None,
    strict: bool = False,
    *,
    stdin: IO[bytes] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ValidationOutcome:
    """Validate files, folders or standard input (``-``) against the shapes.

    Each input is parsed safely (see :func:`parse_rdf`); a record JSON file is checked
    against the record schema, then mapped. An input that cannot be used is reported in
    the outcome, and the others are still validated.

    Args:
        paths: files, directories (walked for known extensions) or ``-`` for ``stdin``.
        shapes: a shapes file; the bundled shapes by default.
        fmt: the input format for every input; guessed per file when None.
        strict: warnings count as failures in the exit code.
        stdin: the binary stream ``-`` reads from.
        max_bytes: the size limit per input.

    Raises:
        UsageError: no inputs, or an unknown format name.
        InputError: the shapes file cannot be read.
    """
    items = _expand(paths)
    if not items:
        raise UsageError("no input to validate: give files, folders or '-' for stdin")
    _shapes(shapes)  # fail early, before any input, when the shapes cannot be loaded
    outcomes = []
    for item in items:
        label = "<stdin>" if item == "-" else str(item)
        try:
            name, dataset = _load_input(item, fmt, stdin, max_bytes)
        except UsageError:
            raise
        except InputError as exc:
            outcomes.append(InputOutcome(label, error=str(exc)))
            continue
        outcomes.append(InputOutcome(name, report=validate_graph(dataset, shapes)))
    return ValidationOutcome(tuple(outcomes), strict=strict)
