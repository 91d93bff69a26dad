"""The one error tree of diplokg.

Every error the library raises on purpose derives from :class:`DiplokgError`; third-party
errors are translated at the boundary (``raise ... from exc``). The CLI catches
``DiplokgError`` in one place and turns ``exit_code`` into the process exit status::

    DiplokgError                      exit 2 unless a subclass says otherwise
    ├── UsageError                    2  bad option values, incompatible flags
    ├── InputError                    2  an input that cannot be used
    │   ├── ArticleError              2  empty, binary, not UTF-8, too large, not English
    │   ├── RecordError               2  a record that breaks the record schema
    │   └── RDFSyntaxError            2  RDF that cannot be parsed (file, line, column)
    ├── ModelError                    2  the spaCy model cannot be loaded
    ├── ExternalError                 3  a failure outside the data
    │   ├── StoreError                3  store unreachable or refused the data
    │   │   └── PartialLoadError      3  some article graphs did not load (``failed``)
    │   └── NetworkError              3  Wikidata / a URL unreachable
    └── NonConformanceError           1  only raised where a caller asks for it

Non-conformance to the shapes is normally a *result* (a validation report), not an
exception. Messages name the file, article or shape and say what to do next.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ArticleError",
    "DiplokgError",
    "ExternalError",
    "InputError",
    "ModelError",
    "NetworkError",
    "NonConformanceError",
    "PartialLoadError",
    "RDFSyntaxError",
    "RecordError",
    "StoreError",
    "UsageError",
]


class DiplokgError(Exception):
    """Base of every error diplokg raises on purpose."""

    exit_code: int = 2


class UsageError(DiplokgError):
    """Options or arguments that do not make sense together."""


class InputError(DiplokgError):
    """An input (file, URL, record, RDF) that cannot be used."""


class ArticleError(InputError):
    """An article that cannot be read: empty, binary, not UTF-8, too large, not English."""


class RecordError(InputError):
    """A record that does not follow the record schema."""


class RDFSyntaxError(InputError):
    """RDF data that cannot be parsed."""


class ModelError(DiplokgError):
    """The spaCy pipeline cannot be loaded."""


class ExternalError(DiplokgError):
    """A failure outside the data: a store, a server or the network."""

    exit_code = 3


class StoreError(ExternalError):
    """A store that cannot be reached, refuses data or loaded only part of it."""


class PartialLoadError(StoreError):
    """Some article graphs did not load; ``failed`` names them (graph IRI and label)."""

    def __init__(self, message: str, failed: Sequence[str], loaded: int) -> None:
        super().__init__(message)
        self.failed = tuple(failed)
        self.loaded = loaded


class NetworkError(ExternalError):
    """A remote service (Wikidata, a web page) that cannot be reached."""


class NonConformanceError(DiplokgError):
    """Data that does not conform to the shapes, where a caller wants an exception."""

    exit_code = 1
