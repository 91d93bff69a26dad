"""Extraction: from an article's text to a record of actors, events and declarations.

Rules over a spaCy parse (:func:`load_model`) and the names a lexicon knows (the
gazetteer, passed in by the pipeline: extraction never imports linking)::

    nlp = load_model()
    record = extract_record(article, nlp, lexicon)
"""

from __future__ import annotations

from diplokg.extract.model import DEFAULT_MODELS, load_model, model_version
from diplokg.extract.record import extract_record, extract_records

__all__ = ["DEFAULT_MODELS", "extract_record", "extract_records", "load_model", "model_version"]
