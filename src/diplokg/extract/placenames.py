"""Place names read as places, as states, or not at all.

Two judgements of the language of diplomacy:

- a lexicon place name is not always a place: "George" inside "George W. Bush" is part of
  a person's name and "Reading out a statement" is an ordinary word;
- a capital that acts stands for its state's government (metonymy): "Moscow said",
  "Seoul's decision", "talks between Seoul and Beijing", "pressure Moscow" name Russia
  and the two Koreas' and China's governments, while "in Moscow", "to Moscow" stay the
  city. A capital that names a group ("the Moscow group of the opposition") is neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diplokg.extract.tokens import children, doc_cached, doc_ents

if TYPE_CHECKING:
    from diplokg.extract.actorindex import ActorIndex, Mention

__all__ = ["place_reading", "resolve_metonyms"]

#: Verbs whose subject is a place, not an actor ("Geneva hosts", "Astana is ready").
_PLACE_PREDICATES = frozenset({"be", "lie", "host", "remain", "become", "see", "welcome"})
#: Verbs that take a government as their object ("pressure Moscow", "urged Beijing").
_ACTOR_OBJECT_VERBS = frozenset(
    {
        "urge",
        "pressure",
        "press",
        "warn",
        "accuse",
        "criticize",
        "criticise",
        "ask",
        "sanction",
        "punish",
        "blame",
        "condemn",
        "support",
        "back",
        "persuade",
        "invite",
        "thank",
        "engage",
        "isolate",
        "reassure",
        "call",
        "tell",
        "inform",
        "join",
    }
)
#: Prepositions whose object is a party ("talks with Moscow", "sanctions against Tokyo").
_PARTY_PREPS = frozenset({"with", "against", "between", "among", "toward", "towards", "on", "by"})
#: Nouns of a relation between parties ("Seoul-Tokyo relations").
_RELATION_NOUNS = frozenset({"relations", "ties", "rapprochement", "rift"})
#: Nouns of a process that a pair of capitals names by its parties ("Belgrade-Pristina
#: dialogue") and a single capital by its venue ("the Astana talks").
_PROCESS_NOUNS = frozenset({"talks", "dialogue", "negotiations", "summit", "meeting"})
#: Nouns of a group named after a place ("the Moscow group", "the Riyadh opposition").
_GROUP_NOUNS = frozenset({"group", "opposition", "platform", "faction", "bloc", "delegation"})
#: Things a city has that its state does not ("Moscow's mayor", "Beijing's airport").
_LOCAL_NOUNS = frozenset(
    {
        "mayor",
        "airport",
        "streets",
        "street",
        "residents",
        "outskirts",
        "centre",
        "center",
        "suburbs",
        "district",
        "districts",
        "population",
        "people",
        "skyline",
    }
)


def place_reading(doc: Any, start: int, end: int, label: str, lexicon: Any) -> bool:
    """Whether a lexicon place name at tokens ``[start, end)`` is read as a name here.

    Not when the one word is an ordinary word of the sentence (a verb, an adjective) the
    entity tagger does not see as a place. A place that is no capital is not read either
    inside a longer person's name ("George" in "George W. Bush") or as the first name of
    a person the article names in full ("I spoke with Vladimir").
    """
    first = doc[start]
    if end - start == 1 and first.pos_ != "PROPN":
        return first.ent_type_ in ("GPE", "LOC", "FAC")
    capital_of = getattr(lexicon, "capital_of", None)
    if capital_of is not None and capital_of(label):
        return True
    if first.ent_type_ == "PERSON" and (
        first.ent_iob_ == "I"
        or (end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "PERSON")
    ):
        return False
    if end - start == 1 and first.ent_type_ not in ("GPE", "LOC", "FAC"):
        return first.text not in _first_names(doc)
    return True


def _first_names(doc: Any) -> frozenset[str]:
    return doc_cached(doc, "diplokg_first_names", _person_first_names)


def _person_first_names(doc: Any) -> frozenset[str]:
    return frozenset(e[0].text for e in doc_ents(doc) if e.label_ == "PERSON" and len(e) > 1)


def resolve_metonyms(doc: Any, index: ActorIndex, lexicon: Any) -> None:
    """Replace capitals that stand for their state's government by that state."""
    capital_of = getattr(lexicon, "capital_of", None)
    if capital_of is None:
        return
    for label, info in index.actors.items():
        if info.kind == "Place" and info.country is None:
            # The state a capital lies in: "in Moscow" and "in Russia" may be one place.
            info.country = capital_of(label)
    touched: set[str] = set()
    for found in list(index.mentions):
        if found.modifier or len(found.actors) != 1:
            continue
        city = found.actors[0]
        if index.kind(city) != "Place":
            continue
        reading = _capital_reading(doc, found, index)
        if reading == "place":
            continue
        state = capital_of(city)
        if not state:
            continue
        touched.add(city)
        _forget_span(index, city, doc[found.start : found.end])
        if reading == "group":
            index.mentions.remove(found)
            for i in range(found.start, found.end):
                del index.by_token[i]
            continue
        index.add(state, "State")
        found.actors = (state,)
        span = doc[found.start : found.end]
        index.actors[state].spans.append((span.start_char, span.end_char))
    for city in touched:
        if not any(city in m.actors for m in index.mentions):
            del index.actors[city]


def _forget_span(index: ActorIndex, city: str, span: Any) -> None:
    info = index.actors[city]
    key = (span.start_char, span.end_char)
    info.spans = [s for s in info.spans if s != key]


def _capital_reading(doc: Any, found: Mention, index: ActorIndex) -> str:
    """ "state", "group" or "place": how a city name at ``found`` is read."""
    root = doc[found.start : found.end].root
    head = root.head
    dep = root.dep_
    if (dep in ("nsubj", "nsubjpass") or (dep == "compound" and head.i > root.i)) and head.pos_ in (
        "VERB",
        "AUX",
    ):
        # "Beijing perceives" is sometimes parsed as a compound of the verb.
        return "place" if head.lemma_.lower() in _PLACE_PREDICATES else "state"
    if dep == "poss" or (found.end < len(doc) and doc[found.end].tag_ == "POS"):
        return "place" if head.lower_ in _LOCAL_NOUNS else "state"
    if dep in ("compound", "nmod", "amod") or (dep == "punct" and head.i > root.i):
        noun = _modified_noun(root)
        if noun.lower_ in _GROUP_NOUNS:
            return "group"
        if noun.lower_ in _RELATION_NOUNS:
            return "state"
        # "the Moscow talks" are held in Moscow; "the Belgrade-Pristina dialogue" is
        # between two governments.
        if noun.lower_ in _PROCESS_NOUNS and _paired(noun, root, index):
            return "state"
    if dep == "dobj" and head.lemma_.lower() in _ACTOR_OBJECT_VERBS:
        return "state"
    if dep in ("conj", "appos") or any(c.dep_ == "conj" for c in children(root)):
        return _coordination_reading(root, index)
    if dep == "pobj" and head.lower_ in _PARTY_PREPS:
        return "state"
    return "place"


def _paired(noun: Any, root: Any, index: ActorIndex) -> bool:
    """Whether another place or state name also qualifies ``noun``."""
    for tok in doc_range(noun.doc, noun.left_edge.i, noun.i):
        found = index.by_token.get(tok)
        if found is None or root.i in range(found.start, found.end):
            continue
        if any(index.kind(a) in ("Place", "State") for a in found.actors):
            return True
    return False


def doc_range(doc: Any, start: int, end: int) -> range:
    """Token indices ``[start, end)`` clipped to the document."""
    return range(max(start, 0), min(end, len(doc)))


def _modified_noun(tok: Any) -> Any:
    """The noun a chain of modifiers ("Belgrade - Pristina dialogue") qualifies."""
    node = tok
    for _ in range(4):
        if node.dep_ not in ("compound", "nmod", "amod", "punct") or node.head.i <= node.i:
            break
        node = node.head
    return node


def _coordination_reading(root: Any, index: ActorIndex) -> str:
    """Capitals coordinated with states, or among parties, are states."""
    top = root
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    members = [top] + [t for t in top.subtree if t.dep_ == "conj" and t.head.i != t.i]
    for tok in members:
        found = index.by_token.get(tok.i)
        if found is not None and any(index.kind(a) == "State" for a in found.actors):
            return "state"
    if top.dep_ == "pobj" and top.head.lower_ in _PARTY_PREPS:
        return "state"
    if top.dep_ in ("nsubj", "nsubjpass") and top.head.lemma_.lower() not in _PLACE_PREDICATES:
        return "state"
    return "place"
