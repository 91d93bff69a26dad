"""Where the bundled ontology, shapes, context and gazetteer live.

In a wheel they sit under ``diplokg/resources/``; in a source checkout (editable
install) they are the top-level ``ontology/`` and ``shapes/`` folders, so the same
files serve both without copies in the repository.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["context_path", "gazetteer_path", "ontology_path", "record_schema_path", "shapes_path"]

_PACKAGE = Path(__file__).resolve().parent


def _resource(folder: str, name: str) -> Path:
    installed = _PACKAGE / "resources" / folder / name
    if installed.exists():
        return installed
    checkout = _PACKAGE.parent.parent / folder / name
    return checkout


def ontology_path() -> Path:
    """The OWL ontology (Turtle)."""
    return _resource("ontology", "diplokg.ttl")


def context_path() -> Path:
    """The JSON-LD context with the short keys."""
    return _resource("ontology", "context.jsonld")


def shapes_path() -> Path:
    """The bundled SHACL shapes."""
    return _resource("shapes", "diplokg-shapes.ttl")


def record_schema_path() -> Path:
    """The published JSON Schema of a record."""
    return _PACKAGE / "data" / "record.schema.json"


def gazetteer_path() -> Path:
    """The bundled offline gazetteer."""
    return _PACKAGE / "data" / "gazetteer.json.gz"
