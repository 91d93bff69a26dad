"""Linking stage: Wikidata identifiers for a record's actors, offline first.

``Gazetteer`` (the bundled, date-aware offline gazetteer, also the extractor's
``Lexicon``), ``WikidataLinker`` (the ``--online`` resolver behind it) and
``link_record`` (fills QIDs, candidates and role states of a record).
"""

from __future__ import annotations

from diplokg.link.gazetteer import OFFICES, EntityInfo, Gazetteer, Match, ministry_label
from diplokg.link.linker import CONFIDENT, EntityLinker, link_actors, link_record
from diplokg.link.wikidata import WikidataLinker
from diplokg.settings import Settings

__all__ = [
    "CONFIDENT",
    "OFFICES",
    "EntityInfo",
    "EntityLinker",
    "Gazetteer",
    "Match",
    "WikidataLinker",
    "link_actors",
    "link_record",
    "make_linker",
    "ministry_label",
]


def make_linker(settings: Settings | None = None) -> tuple[Gazetteer, EntityLinker]:
    """The lexicon for extraction and the linker the settings ask for.

    Offline (the default) both are the bundled gazetteer; with ``settings.online`` the
    linker is a :class:`WikidataLinker` in front of it.
    """
    settings = settings or Settings()
    gazetteer = Gazetteer.load()
    if settings.online:
        return gazetteer, WikidataLinker.from_settings(gazetteer, settings)
    return gazetteer, gazetteer
