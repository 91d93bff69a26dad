"""Extraction: from an article's text to a record of actors, events and declarations."""
