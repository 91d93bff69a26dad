"""Validating RDF against the diplokg shapes, and parsing contributed RDF safely.

Validation runs on the data graph alone: no ontology is mixed in, no inference, no
``owl:imports`` followed. Shapes are parsed and compiled once per file version. The bundled
shapes run on a native engine (plain Python checks over a dictionary index of the graph;
the bundled SPARQL queries evaluated natively too, any other in pyoxigraph): about 3 ms
for one article's 300 triples,
where pyshacl takes 120 ms. It reproduces pyshacl's results exactly
(tests/test_validation_engine.py); a shapes file using SHACL features it does not know
(sh:closed, sh:languageIn, SHACL rules...) runs on pyshacl instead. A dataset with several
named graphs (one per article) is validated graph by graph, so the cost stays linear.

Untrusted input is parsed with pyoxigraph, never rdflib: pyoxigraph refuses remote JSON-LD
contexts and caps token sizes, and RDF/XML is first checked with defusedxml so no DTD,
entity expansion or external entity reaches any parser. Non-conformance is a result (a
:class:`ValidationReport`), never an exception.

Modules, from input to report:

- :mod:`~diplokg.validation.parsing`: safe RDF parsing, input formats, the size limit.
- :mod:`~diplokg.validation.shapes`: loading and caching the shapes for both engines.
- :mod:`~diplokg.validation.compiler`: compiling shapes into native checks.
- :mod:`~diplokg.validation.engine`: the native engine (indexed data graph, checks).
- :mod:`~diplokg.validation.sparql`: recognised SPARQL queries, evaluated natively.
- :mod:`~diplokg.validation.fallback`: the pyshacl engine for other shapes files.
- :mod:`~diplokg.validation.validator`: :func:`validate_graph`, graph by graph.
- :mod:`~diplokg.validation.inputs`: :func:`validate_paths` over files, folders, stdin.
- :mod:`~diplokg.validation.report`: results, reports and their renderings.
"""

from __future__ import annotations

from diplokg.validation.inputs import validate_paths
from diplokg.validation.parsing import DEFAULT_MAX_BYTES, INPUT_FORMATS, parse_rdf
from diplokg.validation.report import DSH as DSH
from diplokg.validation.report import SH as SH
from diplokg.validation.report import (
    InputOutcome,
    ValidationOutcome,
    ValidationReport,
    ValidationResult,
)
from diplokg.validation.report import _path_text as _path_text
from diplokg.validation.shapes import _shapes as _shapes
from diplokg.validation.shapes import load_shapes
from diplokg.validation.validator import _validate as _validate
from diplokg.validation.validator import validate_graph

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INPUT_FORMATS",
    "InputOutcome",
    "ValidationOutcome",
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "parse_rdf",
    "validate_graph",
    "validate_paths",
]
