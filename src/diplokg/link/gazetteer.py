"""The bundled offline gazetteer: Wikidata identifiers for names, dates for offices.

The file ``diplokg/data/gazetteer.json.gz`` is built by ``scripts/build_gazetteer.py``
from Wikidata-derived files (it lists them under ``sources``). Every lookup goes through
dict indexes built once at load; nothing scans the entries.

Office terms are ``[person, start, end]`` with dates at day, month or year precision. An
open term ends at its source's snapshot date (the office-holder data stops in 2022):
after it a role is not resolved, because the data cannot say who held it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diplokg.errors import InputError
from diplokg.link.names import fold_name, strip_titles
from diplokg.records import Candidate, LexiconEntry
from diplokg.resources import gazetteer_path

__all__ = ["OFFICES", "EntityInfo", "Gazetteer", "Match"]

OFFICES = ("head_of_state", "head_of_government", "foreign_minister")

# Which gazetteer kinds an actor kind may link to. Ministries, media and non-state groups
# have no verified identifiers in the data: they are never linked offline.
_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "Person": ("Person",),
    "State": ("State",),
    "Place": ("Place", "State"),
    "InternationalOrganization": ("InternationalOrganization",),
    "Organization": ("InternationalOrganization",),
    "GovernmentBody": (),
    "MediaOrganization": (),
    "NonStateGroup": (),
}
_GOVERNMENT_WORDS = frozenset(["government", "leadership", "authorities"])
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "van",
        "von",
        "der",
        "al",
        "el",
        "bin",
        "ibn",
        "le",
        "la",
        "du",
        "ben",
        "abu",
    ]
)


@dataclass(frozen=True)
class EntityInfo:
    """What the gazetteer knows of one Wikidata item."""

    qid: str
    label: str
    kind: str
    country: str | None = None


@dataclass(frozen=True)
class Match:
    """A candidate identifier for a name, with a score in [0, 1]."""

    qid: str
    label: str
    kind: str
    score: float
    country: str | None = None

    def candidate(self) -> Candidate:
        """The record form of this match."""
        return Candidate(qid=self.qid, label=self.label, score=round(self.score, 3))


def _bounds(value: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day a date at year, month or day precision can mean."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(parts[0], parts[1], parts[2])
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


@dataclass(frozen=True)
class _Term:
    person: str
    start: tuple[dt.date, dt.date]
    end: tuple[dt.date, dt.date] | None  # None: the end is unknown

    def possible(self, on: dt.date) -> bool:
        return self.start[0] <= on and (self.end is None or on <= self.end[1])

    def certain(self, on: dt.date) -> bool:
        return self.start[1] <= on and self.end is not None and on < self.end[0]


class Gazetteer:
    """Offline names, aliases, demonyms and office terms; implements ``Lexicon``.

    Load it once with :meth:`load` (cached per path) and share it.
    """

    def __init__(self, doc: dict[str, Any], path: Path | None = None) -> None:
        self.path = path
        self.built: str = doc.get("built", "")
        self.data_until: str | None = doc.get("data_until")
        self.sources: list[dict[str, str]] = doc.get("sources", [])
        self._entities: dict[str, list[Any]] = doc["entities"]
        self._names: dict[str, list[str]] = doc["names"]
        self._surfaces: dict[str, list[str]] = doc.get("surfaces", {})
        self._demonym_surfaces: dict[str, list[str]] = doc.get("demonyms", {})
        self._raw_offices: dict[str, dict[str, list[list[Any]]]] = doc.get("offices", {})
        self._role_words: dict[str, dict[str, list[str]]] = doc.get("role_words", {})
        self._capitals = frozenset(doc.get("capitals", []))
        self._verified = frozenset(doc.get("verified", []))
        self._demonyms: dict[str, set[str]] = defaultdict(set)
        for surface, qids in self._demonym_surfaces.items():
            self._demonyms[fold_name(surface)].update(qids)
        # One pass over the (already folded) names builds every derived index.
        self._states: dict[str, set[str]] = defaultdict(set)
        self._surnames: dict[str, set[str]] = defaultdict(set)
        self._compact: dict[str, set[str]] = defaultdict(set)
        for key, qids in self._names.items():
            tokens = key.split()
            for qid in qids:
                kind = self._entities[qid][1]
                if kind == "State":
                    self._states[key].add(qid)
                elif kind == "Person" and len(tokens) >= 2:
                    self._surnames[tokens[-1]].add(qid)
                    self._surnames[tokens[0]].add(qid)
                    self._compact["".join(tokens)].add(qid)
        self._person_offices: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for country, offices in self._raw_offices.items():
            for office, terms in offices.items():
                for term in terms:
                    self._person_offices[term[0]].append((country, office))
        self._terms_cache: dict[tuple[str, str], list[_Term]] = {}

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str | None = None) -> Gazetteer:
        """The gazetteer at ``path`` (default: the bundled one), loaded once per path.

        Raises:
            InputError: the file is missing or not a gazetteer.
        """
        return _load(str(Path(path) if path is not None else gazetteer_path()))

    @classmethod
    def from_bytes(cls, payload: bytes, path: Path | None = None) -> Gazetteer:
        """A gazetteer from the gzip bytes the builder writes."""
        return cls(json.loads(gzip.decompress(payload)), path)

    # -- the Lexicon protocol --------------------------------------------------------------

    def entries(self) -> Iterator[LexiconEntry]:
        """Names, aliases, short names, abbreviations, demonym role phrases and ministries.

        Surfaces are as written; all-capital abbreviations ("UN", "ICRC") should be
        matched case-sensitively, the rest case-insensitively.
        """
        for surface in sorted(self._surfaces):
            seen: set[tuple[str, str]] = set()
            for qid in self._surfaces[surface]:
                label, kind = self._entities[qid][0], self._entities[qid][1]
                if (kind, label) not in seen:
                    seen.add((kind, label))
                    yield LexiconEntry(surface=surface, kind=kind, label=label)
        for country in sorted(self._role_words):
            entity = self._entities.get(country)
            if entity is None:
                continue
            label = entity[0]
            forms = self._country_forms(country)
            for office, words in sorted(self._role_words[country].items()):
                for word in words:
                    for form in forms:
                        yield LexiconEntry(
                            f"{form} {word}", "Person", f"{form} {word}", office, label
                        )
                    yield LexiconEntry(
                        f"{word.title()} of {label}", "Person", f"{word} of {label}", office, label
                    )
            if entity[1] == "State":
                body = ministry_label(label)
                for form in forms:
                    for noun in (
                        "Foreign Ministry",
                        "foreign ministry",
                        "Foreign Affairs Ministry",
                    ):
                        yield LexiconEntry(f"{form} {noun}", "GovernmentBody", body, None, label)
                yield LexiconEntry(body, "GovernmentBody", body, None, label)

    def _country_forms(self, country: str) -> list[str]:
        """The adjectives and short names that name one state unambiguously."""
        forms = {
            s
            for s, qids in self._demonym_surfaces.items()
            if qids == [country] and len(self._demonyms[fold_name(s)]) == 1
        }
        forms.add(str(self._entities[country][0]))
        return sorted(forms)

    def demonym(self, word: str) -> str | None:
        """The state a demonym or adjective names ("Kazakh" -> "Kazakhstan"), if unique."""
        qid = self.demonym_qid(word)
        return str(self._entities[qid][0]) if qid else None

    def capital_of(self, place: str) -> str | None:
        """The label of the state whose capital ``place`` names, if exactly one is."""
        states = {
            str(self._entities[self._entities[q][2]][0])
            for q in self._names.get(fold_name(place), [])
            if q in self._capitals
            and self._entities[q][2] in self._entities
            and self._entities[self._entities[q][2]][1] == "State"
        }
        return states.pop() if len(states) == 1 else None

    def serving_person(self, surname: str, on: dt.date) -> str | None:
        """The label of the one key office holder at ``on`` with that surname, if unique."""
        holders = self.surname_holders(surname, on)
        return str(self._entities[holders[0]][0]) if len(holders) == 1 else None

    # -- lookups ---------------------------------------------------------------------------

    def demonym_qid(self, word: str) -> str | None:
        """The QID of the state a demonym or adjective names, if unique."""
        qids = self._demonyms.get(fold_name(word), set())
        return next(iter(qids)) if len(qids) == 1 else None

    def state_qid(self, text: str) -> str | None:
        """A state's QID from its QID, name, short name or demonym; None when unsure."""
        if text in self._entities and self._entities[text][1] == "State":
            return text
        key = fold_name(text)
        qids = self._states.get(key, set())
        if len(qids) == 1:
            return next(iter(qids))
        if key.endswith(" s") and len(self._states.get(key[:-2], set())) == 1:
            return next(iter(self._states[key[:-2]]))
        return self.demonym_qid(text)

    def entity(self, qid: str) -> EntityInfo | None:
        """Label, kind and country of a QID the gazetteer knows."""
        entity = self._entities.get(qid)
        if entity is None:
            return None
        return EntityInfo(qid, str(entity[0]), str(entity[1]), entity[2])

    def prepare(self, names: Iterable[str]) -> None:
        """Nothing to fetch offline (the online linker batches its requests here)."""

    def lookup(self, name: str, on: dt.date | None = None, kind: str | None = None) -> list[Match]:
        """Candidates for a name, best first; ``kind`` restricts them to an actor kind.

        Scores: 1.0 for the only exact match; a clear winner among several (a capital,
        a verified entity, a much larger city, the one person in office at ``on``) gets
        0.9; otherwise the candidates share the score. Surname-only names give at most
        0.9 and only for a person holding a key office at ``on``.
        """
        allowed = _COMPATIBLE.get(kind, ()) if kind is not None else None
        key = fold_name(name)
        qids = self._filter(self._names.get(key, []), allowed)
        person = allowed is None or "Person" in allowed
        stripped = strip_titles(name)
        if not qids and person:
            qids = self._filter(self._names.get(stripped, []), ("Person",))
            if not qids:
                qids = self._filter(self._compact.get(stripped.replace(" ", ""), set()), None)
        if not qids and (allowed is None or "State" in allowed):
            # "Kazakh", "the Syrian government": the state itself.
            words = key.split()
            if len(words) > 1 and words[-1] in _GOVERNMENT_WORDS:
                key = " ".join(words[:-1])
            state = self.state_qid(key)
            if state:
                return [self._match(state, 0.9)]
        if not qids and person:
            return self._surname_matches(stripped, on)
        return self._rank(sorted(qids), on)

    def _filter(self, qids: Iterable[str], allowed: tuple[str, ...] | None) -> list[str]:
        return [q for q in qids if allowed is None or self._entities[q][1] in allowed]

    def _match(self, qid: str, score: float) -> Match:
        e = self._entities[qid]
        return Match(qid, str(e[0]), str(e[1]), score, e[2])

    def _rank(self, qids: list[str], on: dt.date | None) -> list[Match]:
        if not qids:
            return []
        if len(qids) == 1:
            return [self._match(qids[0], 1.0)]
        winner = self._winner(qids, on)
        if winner is not None:
            rest = [q for q in qids if q != winner]
            share = 0.1 / len(rest)
            return [self._match(winner, 0.9)] + [self._match(q, share) for q in rest]
        return [self._match(q, 1.0 / len(qids)) for q in qids]

    def _winner(self, qids: list[str], on: dt.date | None) -> str | None:
        """The one candidate that clearly stands out, or None."""
        verified = [q for q in qids if q in self._verified]
        if len(verified) == 1:
            return verified[0]
        kinds = {self._entities[q][1] for q in qids}
        if kinds <= {"Place", "State"}:
            states = [q for q in qids if self._entities[q][1] == "State"]
            if len(states) == 1:
                return states[0]
            capitals = [q for q in qids if q in self._capitals]
            if len(capitals) == 1:
                return capitals[0]
            weights = sorted(((int(self._entities[q][3] or 0), q) for q in qids), reverse=True)
            if weights[0][0] >= 5 * max(weights[1][0], 1):
                return weights[0][1]
        if kinds == {"Person"} and on is not None:
            serving = [q for q in qids if self.holds_office(q, on)]
            if len(serving) == 1:
                return serving[0]
        return None

    def _surname_matches(self, stripped: str, on: dt.date | None) -> list[Match]:
        tokens = stripped.split()
        if len(tokens) == 2 and tokens[0] in _PARTICLES:
            tokens = tokens[1:]
        if len(tokens) > 1:
            return self._variant_matches(tokens, on)
        if len(tokens) != 1:
            return []
        qids = sorted(self._surnames.get(tokens[0], set()))
        if not qids:
            return []
        serving = [q for q in qids if on is not None and self.holds_office(q, on)]
        if len(serving) == 1:
            return [self._match(serving[0], 0.9)]
        pool = serving or qids
        if len(pool) > 5:
            pool = pool[:5]
        return [self._match(q, 0.5 / len(pool)) for q in pool]

    def _variant_matches(self, tokens: list[str], on: dt.date | None) -> list[Match]:
        """A key office holder at ``on`` whose name the written one is a variant of.

        Wire copy shortens names ("Abiy Ahmed" for "Abiy Ahmed Ali") and romanises them
        differently ("Kang Kyung-wha", "Kang Kyung-hwa"): every written word must match a
        word of the name, in order, exactly or by one letter or by swapped letters.
        """
        if on is None:
            return []
        pool = self._surnames.get(tokens[0], set()) | self._surnames.get(tokens[-1], set())
        found = sorted(
            q
            for q in pool
            if self.holds_office(q, on) and _variant_of(tokens, fold_name(self._entities[q][0]))
        )
        if len(found) == 1:
            return [self._match(found[0], 0.9)]
        return [self._match(q, 0.5 / len(found)) for q in found[:5]]

    def surname_holders(self, surname: str, on: dt.date) -> list[str]:
        """People with that surname (or family name) holding a key office at ``on``."""
        return [
            q
            for q in sorted(self._surnames.get(fold_name(surname), set()))
            if self.holds_office(q, on)
        ]

    # -- offices ---------------------------------------------------------------------------

    def _terms(self, country: str, office: str) -> list[_Term]:
        key = (country, office)
        if key not in self._terms_cache:
            raw = self._raw_offices.get(country, {}).get(office, [])
            self._terms_cache[key] = [
                _Term(t[0], _bounds(t[1]), _bounds(t[2]) if t[2] else None) for t in raw
            ]
        return self._terms_cache[key]

    def office_holder(self, country_qid: str, office: str, on: dt.date) -> EntityInfo | None:
        """Who held ``office`` of ``country_qid`` on ``on``; None when unknown or unsure.

        ``office`` is ``head_of_state``, ``head_of_government`` or ``foreign_minister``
        (also ``supreme_leader``, ``monarch``, ``emir``, and ``secretary_general`` of the
        UN where the data has them). Past the data's date nothing is resolved; a date
        where two terms may overlap (a handover day, a year-precision term) neither.
        """
        terms = self._terms(country_qid, office)
        possible = [t for t in terms if t.possible(on)]
        people = {t.person for t in possible}
        if len(people) != 1 or not any(t.certain(on) for t in possible):
            return None
        return self.entity(people.pop())

    def holds_office(self, person_qid: str, on: dt.date) -> bool:
        """True when the person certainly held a key office at ``on``."""
        for country, office in self._person_offices.get(person_qid, []):
            for term in self._terms(country, office):
                if term.person == person_qid and term.certain(on):
                    return True
        return False

    def role_words(self, country_qid: str) -> dict[str, list[str]]:
        """The words articles use for each office of a country ("president", ...)."""
        return {o: list(w) for o, w in self._role_words.get(country_qid, {}).items()}

    def __len__(self) -> int:
        return len(self._entities)


def _variant_of(written: list[str], name: str) -> bool:
    """Whether every written word matches a word of ``name`` in order (see above)."""
    words = name.split()
    k = 0
    for token in written:
        while k < len(words) and not _similar(token, words[k]):
            k += 1
        if k == len(words):
            return False
        k += 1
    return True


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b) and sorted(a) == sorted(b):
        return True
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


_THE = ("United ", "People's ", "Republic ", "Democratic ", "Kingdom ", "Islamic ", "Federal ")


def ministry_label(state_label: str) -> str:
    """The label a reader uses for a state's foreign ministry."""
    article = "the " if state_label.startswith(_THE) else ""
    return f"Ministry of Foreign Affairs of {article}{state_label}"


@cache
def _load(path: str) -> Gazetteer:
    file = Path(path)
    try:
        payload = file.read_bytes()
        return Gazetteer.from_bytes(payload, file)
    except FileNotFoundError as exc:
        raise InputError(
            f"gazetteer {file} not found; run scripts/build_gazetteer.py or reinstall diplokg"
        ) from exc
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(
            f"gazetteer {file} cannot be read ({exc}); rebuild it with scripts/build_gazetteer.py"
        ) from exc
