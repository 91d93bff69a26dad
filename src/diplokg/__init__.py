"""diplokg: news articles about diplomacy -> a linked-data knowledge graph.

The library is the product; ``kg`` is a thin layer over these functions. Names are
imported lazily so that ``import diplokg`` stays cheap (no spaCy, no pyshacl) until a
stage is used.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "diplokg.records",
    "BuildOptions": "diplokg.pipeline",
    "BuildResult": "diplokg.pipeline",
    "Declaration": "diplokg.records",
    "DiplokgError": "diplokg.errors",
    "Event": "diplokg.records",
    "Record": "diplokg.records",
    "Settings": "diplokg.settings",
    "build": "diplokg.pipeline",
    "evaluate": "diplokg.evaluation",
    "extract_article": "diplokg.pipeline",
    "load_output": "diplokg.stores",
    "map_record": "diplokg.rdf",
    "open_store": "diplokg.stores",
    "parse_rdf": "diplokg.validation",
    "read_article": "diplokg.ingest",
    "read_record": "diplokg.recordfile",
    "run_query": "diplokg.stores",
    "serialize_graph": "diplokg.export",
    "validate_graph": "diplokg.validation",
}

__all__ = [
    "Article",
    "BuildOptions",
    "BuildResult",
    "Declaration",
    "DiplokgError",
    "Event",
    "Record",
    "Settings",
    "__version__",
    "build",
    "evaluate",
    "extract_article",
    "load_output",
    "map_record",
    "open_store",
    "parse_rdf",
    "read_article",
    "read_record",
    "run_query",
    "serialize_graph",
    "validate_graph",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'diplokg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
