"""Actors in an article: names, demonyms, offices, ministries and groups, with coreference.

The rule families live in :mod:`~diplokg.extract.names`, :mod:`~diplokg.extract.offices`
and :mod:`~diplokg.extract.groups`; the index they fill is
:class:`~diplokg.extract.actorindex.ActorIndex`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from diplokg.extract.actorindex import ActorIndex, ActorInfo, Mention
from diplokg.extract.groups import demonyms, ministries, opposition
from diplokg.extract.lexicon import NamePatterns
from diplokg.extract.names import bare_surnames, entity_names, lexicon_names, surnames
from diplokg.extract.offices import bare_offices, titled_people
from diplokg.extract.placenames import resolve_metonyms

__all__ = ["ActorIndex", "ActorInfo", "Mention", "find_actors"]


def find_actors(
    doc: Any, patterns: NamePatterns, *, publisher: str | None = None, on: dt.date | None = None
) -> ActorIndex:
    """Every actor mention of ``doc``: lexicon names, entities, offices, groups, demonyms.

    ``on`` is the day offices are resolved at ("the Kazakh president" then).
    """
    index = ActorIndex(on=on)
    lexicon = patterns.lexicon
    titled_people(doc, patterns, index)
    lexicon_names(doc, patterns, index)
    entity_names(doc, index, lexicon)
    surnames(doc, index)
    bare_surnames(doc, index, lexicon)
    opposition(doc, index, lexicon)
    demonyms(doc, index, lexicon)
    bare_offices(doc, index, lexicon)
    # An office resolved to its holder ("S.Korean FM") may be a person the copy names
    # with other spelling ("Song Min-soon"): one person.
    surnames(doc, index)
    ministries(doc, index, lexicon)
    resolve_metonyms(doc, index, lexicon)
    if publisher:
        index.add(publisher, "MediaOrganization")
    index.mentions.sort(key=lambda m: m.start)
    return index
