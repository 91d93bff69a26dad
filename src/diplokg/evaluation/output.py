"""Reading one article's build output (every RDF file in its folder) as one graph, offline."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from diplokg.errors import RDFSyntaxError

_RDF_FORMATS = {
    ".ttl": "turtle",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
}


def _refuse_remote_contexts(value: object, path: Path) -> None:
    # rdflib would fetch a remote @context; evaluation must stay offline (DESIGN).
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                contexts = item if isinstance(item, list) else [item]
                if any(isinstance(c, str) for c in contexts):
                    raise RDFSyntaxError(
                        f"{path}: JSON-LD with a remote @context is refused; inline the context"
                    )
            _refuse_remote_contexts(item, path)
    elif isinstance(value, list):
        for item in value:
            _refuse_remote_contexts(item, path)


def read_output_graph(folder: Path) -> Graph | None:
    """Merge every RDF file of one article's output folder into one graph.

    Named graphs are flattened. Files whose extension is not an RDF syntax (the
    ``.record.json``, notes) are skipped. Returns ``None`` when the folder is missing or
    holds no RDF file.

    Raises:
        RDFSyntaxError: a file cannot be parsed.
    """
    if not folder.is_dir():
        return None
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in _RDF_FORMATS)
    if not files:
        return None
    merged = Graph()
    for path in files:
        syntax = _RDF_FORMATS[path.suffix]
        dataset = Dataset()
        try:
            data = path.read_text(encoding="utf-8")
            if syntax == "json-ld":
                _refuse_remote_contexts(json.loads(data), path)
            dataset.parse(data=data, format=syntax, publicID=path.resolve().as_uri())
        except RDFSyntaxError:
            raise
        except Exception as exc:  # rdflib parsers raise many unrelated types
            raise RDFSyntaxError(
                f"{path}: cannot parse as {syntax}: {exc}; fix or remove the file"
            ) from exc
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
    return merged
