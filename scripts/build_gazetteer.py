#!/usr/bin/env python
"""Build the bundled offline gazetteer ``src/diplokg/data/gazetteer.json.gz``.

Reads the Wikidata-derived files in ``../shared/data/wikidata/`` (see its SOURCES.md):
states with their names, short names and demonyms; capitals and major cities; the
international organisations of confirmordeny/supraverden; heads of state, heads of
government and foreign ministers since 2000 with their terms; the hand-verified
``seed-entities.csv`` and ``extra-verified-entities.csv``. ``gold-verified-qids.csv`` is
never read: it documents the visible gold and would tune the linker to it.

The output is deterministic: sorted keys, compact JSON, gzip with mtime 0. The build
date is ``--built`` (default: ``SOURCE_DATE_EPOCH`` if set, else today).

``--refresh`` adds office holders fetched from Wikidata's SPARQL endpoint
(:mod:`diplokg.link.sparql`) on top of the bundled files; it needs the network.

Usage::

    python scripts/build_gazetteer.py [--data DIR] [--out FILE] [--built YYYY-MM-DD]
                                      [--refresh [--endpoint URL]]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from diplokg.link.names import fold_name  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wikidata"
DEFAULT_OUT = ROOT / "src" / "diplokg" / "data" / "gazetteer.json.gz"
FORMAT = 1
FORBIDDEN = "gold-verified-qids.csv"

# Short names and adjectives newspapers use that the country files lack. Keyed by ISO
# 3166 alpha-3 so the identifier always comes from the data, never from this table.
EXTRA_NAMES: dict[str, list[str]] = {
    "USA": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "RUS": ["Russian Federation"],
    "CHN": ["PRC", "People's Republic of China"],
    "KOR": ["S. Korea", "S.Korea", "ROK", "Republic of Korea"],
    "PRK": ["N. Korea", "N.Korea", "DPRK"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "CIV": ["Ivory Coast"],
    "CZE": ["Czech Republic", "Czechia"],
    "MMR": ["Burma"],
    "NLD": ["Holland"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "SYR": ["Syrian Arab Republic"],
    "VAT": ["Holy See", "Vatican"],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "MKD": ["Macedonia", "North Macedonia"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cape Verde"],
    "TLS": ["East Timor"],
    "VNM": ["Viet Nam"],
    "LAO": ["Laos"],
    "IRN": ["Islamic Republic of Iran"],
    "KAZ": ["Republic of Kazakhstan"],
}
EXTRA_DEMONYMS: dict[str, list[str]] = {
    "KAZ": ["Kazakh", "Kazakhstani"],
    "TUR": ["Turkish"],
    "CHN": ["Chinese"],
    "KOR": ["South Korean", "S. Korean"],
    "PRK": ["North Korean", "N. Korean"],
    "GBR": ["British", "UK", "U.K."],
    "USA": ["American", "U.S.", "US"],
    "RUS": ["Russian"],
    "UZB": ["Uzbek", "Uzbekistani"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "TJK": ["Tajik", "Tajikistani"],
    "TKM": ["Turkmen"],
    "AZE": ["Azerbaijani", "Azeri"],
    "AFG": ["Afghan"],
    "PAK": ["Pakistani"],
    "IRN": ["Iranian"],
    "IRQ": ["Iraqi"],
    "ISR": ["Israeli"],
    "PSE": ["Palestinian"],
    "SAU": ["Saudi", "Saudi Arabian"],
    "ARE": ["Emirati"],
    "NLD": ["Dutch"],
    "CHE": ["Swiss"],
    "DEU": ["German"],
    "FRA": ["French"],
    "ESP": ["Spanish"],
    "DNK": ["Danish"],
    "SWE": ["Swedish"],
    "FIN": ["Finnish"],
    "POL": ["Polish"],
    "GRC": ["Greek"],
    "THA": ["Thai"],
    "PHL": ["Philippine", "Filipino"],
    "LKA": ["Sri Lankan"],
    "BLR": ["Belarusian"],
    "UKR": ["Ukrainian"],
    "IRL": ["Irish"],
    "PRT": ["Portuguese"],
    "SRB": ["Serbian"],
    "SVK": ["Slovak"],
    "CZE": ["Czech"],
    "HUN": ["Hungarian"],
    "VNM": ["Vietnamese"],
    "JPN": ["Japanese"],
    "IND": ["Indian"],
    "SYR": ["Syrian"],
    "ARG": ["Argentine", "Argentinian"],
    "SSD": ["South Sudanese"],
    "ZAF": ["South African"],
    "NZL": ["New Zealand"],
    "UNK": ["Kosovar", "Kosovan"],
}
# The cabinet folders whose country name differs from the folder name.
FOLDER_COUNTRY = {
    "us": "USA",
    "united-kingdom": "GBR",
    "uae": "ARE",
    "saudi": "SAU",
    "swiss-federal": "CHE",
    "south-korea": "KOR",
    "north-korea": "PRK",
    "kosovo": "UNK",
    "turkey": "TUR",
}
# International posts in every-politician-scrapers/world: post -> (organisation QID as
# given by extra-verified-entities.csv, office key).
WORLD_POSTS = {"Secretary-General of the United Nations": ("Q1065", "secretary_general")}

_FM = re.compile(
    r"\b(Minister|Secretary) (of|for) (Foreign|External Affairs|External Relations|"
    r"International Relations|Europe and Foreign)"
)
_FM_EXCLUDE = re.compile(r"^(Deputy|Vice|Assistant|First Deputy|Under|Parliamentary|State)\b")
_HOG = re.compile(
    r"prime minister|premier|chancellor|taoiseach|chief minister|state counsellor|"
    r"chairman of the cabinet of ministers|council of ministers|president of the government",
    re.IGNORECASE,
)
_CABINET_HOG = (
    "Prime Minister",
    "Premier",
    "Premier of the State Council",
    "Chairman of the Cabinet of Ministers (Prime Minister)",
)
_HOS_WORDS = (
    ("supreme leader", "supreme_leader"),
    ("amir al-mu'minin", "supreme_leader"),
    ("president", "president"),
    ("king", "monarch"),
    ("queen", "monarch"),
    ("monarch", "monarch"),
    ("emir", "emir"),
    ("sultan", "monarch"),
    ("grand duke", "monarch"),
    ("emperor", "monarch"),
    ("chairman of the presidential council", "president"),
    ("chairman of the sovereignty council", "president"),
    ("chairman of the transitional military council", "president"),
)
# Words a newspaper uses for each office, by the title the data gives.
ROLE_WORDS = {
    "president": ["president"],
    "monarch": ["king", "queen", "monarch"],
    "emir": ["emir"],
    "supreme_leader": ["supreme leader", "leader"],
    "head_of_government": ["prime minister", "premier"],
    "chancellor": ["chancellor"],
    "foreign_minister": ["foreign minister"],
}
FM_WORDS = {
    "USA": ["secretary of state"],
    "GBR": ["foreign secretary"],
    "IND": ["external affairs minister"],
}


@dataclass
class Gazetteer:
    """What the build collects before writing."""

    entities: dict[str, list[object]] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    surfaces: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    demonyms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    offices: dict[str, dict[str, set[tuple[str, str, str | None]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    role_words: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    capitals: set[str] = field(default_factory=set)
    verified: set[str] = field(default_factory=set)
    sources: list[dict[str, str]] = field(default_factory=list)

    def add_entity(
        self, qid: str, label: str, kind: str, country: str | None = None, population: int = 0
    ) -> None:
        """Add an entity once; the first label wins, a larger population updates."""
        if not re.fullmatch(r"Q[1-9][0-9]*", qid):
            return
        if qid in self.entities:
            current = self.entities[qid]
            if population > int(current[3]):  # type: ignore[call-overload]
                current[3] = population
            if current[2] is None and country:
                current[2] = country
            return
        self.entities[qid] = [label, kind, country, population]
        self.add_name(qid, label)

    def add_name(self, qid: str, name: str, surface: bool = True) -> None:
        """Index a name (folded) and keep its written form for the lexicon."""
        name = name.strip()
        key = fold_name(name)
        if not key or qid not in self.entities or not _latin(name):
            return
        self.names[key].add(qid)
        if surface:
            self.surfaces[name].add(qid)


def _latin(text: str) -> bool:
    """True for names written in Latin script (other scripts only bloat the file)."""
    return all(ord(ch) < 0x250 or ch in "ʻʼ’" for ch in text)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _source(gaz: Gazetteer, data: Path, path: Path, note: str) -> None:
    gaz.sources.append({"file": str(path.relative_to(data)), "content": note})


def read_states(gaz: Gazetteer, data: Path) -> dict[str, str]:
    """States and territories; returns ISO3 -> QID (for the cabinet folders)."""
    path = data / "derived" / "countries_joined.csv"
    _source(gaz, data, path, "states: names, alternative spellings, demonyms, capitals")
    iso3: dict[str, str] = {}
    for row in _read(path):
        qid = row["qid"]
        if not qid.startswith("Q"):
            continue
        iso3[row["iso3"]] = qid
        sovereign = row["independent"] != "0" or row["un_member"] == "1"
        kind = "State" if sovereign else "Place"
        label = row["wikidata_label"] or row["name_common"]
        gaz.add_entity(qid, label, kind)
        for name in (row["name_common"], row["name_official"], *EXTRA_NAMES.get(row["iso3"], [])):
            gaz.add_name(qid, name)
        for alt in row["alt_spellings"].split("|"):
            # Two-letter codes ("KZ") would match ordinary words; keep real spellings.
            if len(alt) > 3 and not alt.isupper():
                gaz.add_name(qid, alt)
        if sovereign:
            for dem in {row["demonym_en_m"], row["demonym_en_f"]} | set(
                EXTRA_DEMONYMS.get(row["iso3"], [])
            ):
                if dem:
                    gaz.demonyms[dem].add(qid)
        if row["capital_qid"].startswith("Q") and row["capital"]:
            gaz.add_entity(row["capital_qid"], row["capital"], "Place", qid)
            gaz.capitals.add(row["capital_qid"])
    return iso3


def read_cities(gaz: Gazetteer, data: Path, iso2_to_qid: dict[str, str]) -> None:
    """Capitals and cities over 100,000 people: Natural Earth first, then dr5hn."""
    ne = data / "martynafford_natural-earth-geojson" / "derived"
    ne_path = ne / "ne_10m_populated_places_capitals_and_pop100k.csv"
    _source(gaz, data, ne_path, "cities: capitals, admin-1 capitals, population >= 100,000")
    ne_names: set[str] = set()
    for row in _read(ne_path):
        qid = row["qid"]
        country = iso2_to_qid.get(row["country_iso2"])
        gaz.add_entity(qid, row["name"], "Place", country, int(float(row["population"] or 0)))
        if row["is_capital"] == "1" and "Admin-0 capital" in row["place_type"]:
            gaz.capitals.add(qid)
        gaz.add_name(qid, row["name"])
        ne_names.add(fold_name(row["name"]))
        for alt in row["alternate_names"].split("|"):
            gaz.add_name(qid, alt, surface=False)
    dr = data / "dr5hn_countrystatecity-npm" / "derived" / "cities_capitals_and_pop100k.csv"
    _source(gaz, data, dr, "cities not in Natural Earth, where no cross-check disagrees")
    for row in _read(dr):
        # Its QIDs for major cities are often wrong (SOURCES.md): only take records that
        # agree with Natural Earth or have no counterpart there, under names it lacks.
        if row["crosscheck"] not in ("agree", ""):
            continue
        if row["crosscheck"] == "" and fold_name(row["name"]) in ne_names:
            continue
        qid = row["qid"]
        country = iso2_to_qid.get(row["country_iso2"])
        gaz.add_entity(qid, row["name"], "Place", country, int(float(row["population"] or 0)))
        gaz.add_name(qid, row["name"])


def read_organisations(gaz: Gazetteer, data: Path) -> None:
    """International organisations: English names and abbreviations."""
    path = data / "confirmordeny_supraverden" / "data" / "general_list.csv"
    _source(gaz, data, path, "international organisations: English names, abbreviations")
    for row in _read(path):
        qid = row["Wikidata_code"].strip()
        if not qid.startswith("Q") or not row["Name_en"]:
            continue
        gaz.add_entity(qid, row["Name_en"], "InternationalOrganization")
        for col in (
            "Abbreviation_en",
            "Name_other_en",
            "Name_other_1_en",
            "Name_other_2_en",
            "Name_other_3_en",
            "Name_other_4_en",
            "Name_former_en",
            "Abbreviation_other_en",
            "Abbreviation_other_2_en",
            "Abbreviation_former_en",
        ):
            for name in row.get(col, "").split("|"):
                gaz.add_name(qid, name)


def read_verified(gaz: Gazetteer, data: Path) -> None:
    """The hand-verified entities (each row names its evidence)."""
    kinds = {
        "person": "Person",
        "state": "State",
        "city": "Place",
        "international_org": "InternationalOrganization",
    }
    for name in ("seed-entities.csv", "extra-verified-entities.csv"):
        path = data / name
        _source(gaz, data, path, "hand-verified entities with evidence")
        for row in _read(path):
            qid, kind = row["qid"].strip(), kinds.get(row["type"])
            if not qid or kind is None:
                continue
            gaz.add_entity(qid, row["label"], kind)
            gaz.verified.add(qid)
            gaz.add_name(qid, row["label"])
            for alias in row["aliases"].split("|"):
                # A bare surname is left to the surname index, which checks the date.
                if alias and (kind != "Person" or " " in alias.strip()):
                    gaz.add_name(qid, alias)


def _source_dates(data: Path) -> dict[str, str]:
    """Folder -> snapshot date, from the '(YYYY-MM-DD)' after a commit in SOURCES.md."""
    dates: dict[str, str] = {}
    for line in (data / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([^/`]+)/", line)
        when = re.search(r"\b[0-9a-f]{40} \((\d{4}-\d{2}-\d{2})\)", line)
        if match and when:
            dates.setdefault(match.group(1), when.group(1))
    return dates


def _classify(title: str, iso3: str) -> str | None:
    """Office key for a post title in a cabinet file, or None for other posts."""
    if title == "Secretary of State" and iso3 == "USA":
        return "foreign_minister"
    if (
        _FM.search(title)
        and not _FM_EXCLUDE.match(title)
        and "Minister of State" not in title
        and "Trade" not in title
    ):
        return "foreign_minister"
    if title.startswith("Secretary of State for Foreign"):
        return "foreign_minister"
    if title in _CABINET_HOG:
        return "head_of_government"
    low = title.lower()
    for word, office in _HOS_WORDS:
        if low == word:
            return office
    if low in (
        "chairman of the presidential council",
        "chairman of the sovereignty council",
        "chairman of the transitional military council",
    ):
        return "president"
    return None


def _close_terms(
    rows: list[tuple[str, str, str, str | None]], current: set[str] | None, snapshot: str
) -> list[tuple[str, str, str | None]]:
    """Give open-ended terms an end: the successor's start, the snapshot, or unknown.

    ``rows`` are ``(office, person, start, end)`` of one office. An empty end does not
    always mean "still in office" (SOURCES.md): a term is open up to the snapshot only
    when ``current.csv`` lists the person (or there is no such file).
    """
    terms: list[tuple[str, str, str | None]] = []
    starts = sorted({(start, person) for _, person, start, _ in rows})
    for _, person, start, end in rows:
        if end:
            terms.append((person, start, end))
            continue
        later = [s for s, p in starts if s > start and p != person]
        if later:
            terms.append((person, start, min(later)))
        elif current is None or person in current:
            terms.append((person, start, snapshot))
        else:
            terms.append((person, start, None))
    return terms


def read_cabinets(gaz: Gazetteer, data: Path, iso3_to_qid: dict[str, str]) -> set[tuple[str, str]]:
    """Per-country cabinet files; returns the (country, office) pairs they cover."""
    dates = _source_dates(data)
    name_to_iso3 = {}
    for row in _read(data / "derived" / "countries_joined.csv"):
        name_to_iso3[fold_name(row["name_common"]).replace(" ", "-")] = row["iso3"]
    covered: set[tuple[str, str]] = set()
    for folder in sorted(data.glob("every-politician-scrapers_*")):
        slug = folder.name.removeprefix("every-politician-scrapers_")
        holders = folder / "html" / "holders21.csv"
        if slug.startswith("world") or not holders.is_file():
            continue
        stem = re.sub(r"-(cabinet|ministers|council)$", "", slug)
        iso3 = FOLDER_COUNTRY.get(stem) or name_to_iso3.get(stem)
        country = iso3_to_qid.get(iso3 or "")
        if country is None:
            raise SystemExit(f"no country for folder {folder.name}; add it to FOLDER_COUNTRY")
        _source(gaz, data, holders, "office holders since 2000 with their terms")
        rows = _read(holders)
        current_path = folder / "html" / "current.csv"
        current = {r["personID"] for r in _read(current_path)} if current_path.is_file() else None
        snapshot = dates.get(folder.name) or max(
            d for r in rows for d in (r.get("start", ""), r.get("end", "")) if d
        )
        by_office: dict[str, list[tuple[str, str, str, str | None]]] = defaultdict(list)
        for row in rows:
            person, title = row["personID"], row["position"]
            if not person.startswith("Q"):
                continue
            gaz.add_entity(person, row["person"], "Person", country)
            office = _classify(title, iso3 or "")
            if office is None or not row["start"]:
                continue
            by_office[office].append((office, person, row["start"], row.get("end") or None))
        if "supreme_leader" in by_office and not {"president", "monarch", "emir"} & set(by_office):
            # A supreme leader is the head of state where no president or monarch is.
            by_office["president"] = by_office["supreme_leader"]
        for office, office_rows in sorted(by_office.items()):
            key = office if office in ("foreign_minister", "head_of_government") else "hos"
            for term in _close_terms(office_rows, current, snapshot):
                _add_term(gaz, country, office, term)
            covered.add((country, key))
    return covered


def _add_term(
    gaz: Gazetteer, country: str, title_office: str, term: tuple[str, str, str | None]
) -> None:
    """File a term under the generic office and the title's words."""
    if title_office in ("president", "monarch", "emir"):
        gaz.offices[country]["head_of_state"].add(term)
        gaz.role_words[country]["head_of_state"].update(ROLE_WORDS[title_office])
        if title_office != "president":
            gaz.offices[country][title_office].add(term)
    elif title_office == "supreme_leader":
        gaz.offices[country]["supreme_leader"].add(term)
        gaz.role_words[country]["supreme_leader"].update(ROLE_WORDS["supreme_leader"])
    else:
        gaz.offices[country][title_office].add(term)
        words = ROLE_WORDS[title_office]
        if title_office == "foreign_minister":
            iso = next((k for k, v in _ISO3.items() if v == country), "")
            words = words + FM_WORDS.get(iso, [])
        gaz.role_words[country][title_office].update(words)
    gaz.entities[term[0]][1] = "Person"


_ISO3: dict[str, str] = {}


def read_world_leaders(gaz: Gazetteer, data: Path, covered: set[tuple[str, str]]) -> None:
    """Heads of state and government of every state in office 2021-2022 (years only)."""
    path = (
        data
        / "every-politician-scrapers_world-leaders-2021"
        / "derived"
        / "heads_of_state_and_government_union_of_history.csv"
    )
    _source(gaz, data, path, "heads of state and government of every state (2021-2022)")
    merged: dict[tuple[str, str, str], list[str]] = {}
    for row in _read(path):
        country, person = row["countryid"], row["officeholder"]
        if not person.startswith("Q") or country not in gaz.entities:
            continue
        label = row["positionLabel"]
        low = label.lower()
        if low.startswith(("member", "governor-general", "captain regent", "co-prince")):
            continue
        if "co-prince" in low or low.startswith(("head", "minister", "chairman")):
            continue
        if _HOG.search(label):
            office = "chancellor" if "chancellor" in low else "head_of_government"
        else:
            office = next((o for w, o in _HOS_WORDS if w in low), None)
            if office is None:
                continue
        key_office = (
            "head_of_government" if office in ("head_of_government", "chancellor") else "hos"
        )
        if (country, key_office) in covered:
            continue
        gaz.add_entity(person, row["officeholderLabel"], "Person", country)
        key = (country, office, person)
        start = row["start_year"]
        end = row["end_year"] or row["last_seen"]
        if not start:
            continue
        old = merged.get(key)
        if old is None:
            merged[key] = [start, end]
        else:
            merged[key] = [min(old[0], start), max(old[1], end)]
    for (country, office, person), (start, end) in sorted(merged.items()):
        if office == "chancellor":
            gaz.offices[country]["head_of_government"].add((person, start, end))
            gaz.role_words[country]["head_of_government"].update(ROLE_WORDS["chancellor"])
        else:
            _add_term(gaz, country, office, (person, start, end))


def read_foreign_ministers(gaz: Gazetteer, data: Path, covered: set[tuple[str, str]]) -> None:
    """Foreign ministers of every state seen in office 2021-2022 (start date, last seen)."""
    path = (
        data
        / "every-politician-scrapers_world"
        / "derived"
        / "foreign_ministers_union_of_history.csv"
    )
    _source(gaz, data, path, "foreign ministers of every state (2021-2022)")
    merged: dict[tuple[str, str], list[str]] = {}
    for row in _read(path):
        country, person = row["country"], row["person"]
        if not person.startswith("Q") or not row["start"] or country not in gaz.entities:
            continue
        if (country, "foreign_minister") in covered:
            continue
        gaz.add_entity(person, row["name"], "Person", country)
        key = (country, person)
        old = merged.get(key)
        start, end = row["start"][:10], row["last_seen"][:10]
        merged[key] = [min(old[0], start), max(old[1], end)] if old else [start, end]
    for (country, person), (start, end) in sorted(merged.items()):
        _add_term(gaz, country, "foreign_minister", (person, start, end))


def read_world_posts(gaz: Gazetteer, data: Path) -> None:
    """Holders of international posts (UN Secretary-General)."""
    path = data / "every-politician-scrapers_world" / "html" / "holders21.csv"
    _source(gaz, data, path, "holders of international posts since 2000")
    rows = _read(path)
    snapshot = max(d for r in rows for d in (r["start"], r["end"]) if d)
    for post, (org, office) in WORLD_POSTS.items():
        post_rows = [
            (office, r["personID"], r["start"], r["end"] or None)
            for r in rows
            if r["position"] == post and r["personID"].startswith("Q") and r["start"]
        ]
        for r in rows:
            if r["position"] == post and r["personID"].startswith("Q"):
                gaz.add_entity(r["personID"], r["person"], "Person")
        for term in _close_terms(post_rows, None, snapshot):
            gaz.offices[org][office].add(term)
        gaz.role_words[org][office].add("secretary-general")


def read_refresh(gaz: Gazetteer, endpoint: str) -> None:
    """Office holders from Wikidata's SPARQL endpoint (needs the network)."""
    from diplokg.link.sparql import fetch_office_holders

    rows = fetch_office_holders(endpoint)
    gaz.sources.append({"file": endpoint, "content": "office holders (SPARQL, --refresh)"})
    for row in rows:
        if row["country"] not in gaz.entities or not row["start"]:
            continue
        gaz.add_entity(row["person"], row["name"], "Person", row["country"])
        term = (row["person"], row["start"], row["end"] or None)
        gaz.offices[row["country"]][row["office"]].add(term)


def _term_key(term: tuple[str, str, str | None]) -> tuple[str, str, str]:
    return (term[1], term[0], term[2] or "")


def serialise(gaz: Gazetteer, built: str) -> bytes:
    """The gazetteer as deterministic gzip bytes."""
    names = {k: sorted(v) for k, v in gaz.names.items()}
    surfaces = {k: sorted(v) for k, v in gaz.surfaces.items() if fold_name(k)}
    data_until = max(
        (
            t[2]
            for offices in gaz.offices.values()
            for terms in offices.values()
            for t in terms
            if t[2]
        ),
        default=None,
    )
    doc = {
        "format": FORMAT,
        "built": built,
        "data_until": data_until,
        "licence": "Wikidata facts (CC0); city and state names from ODbL-1.0 files "
        "(mledoze/countries, dr5hn) and CC BY-SA 4.0 (confirmordeny/supraverden): see sources",
        "sources": gaz.sources,
        "entities": {q: e for q, e in gaz.entities.items()},
        "names": names,
        "surfaces": surfaces,
        "demonyms": {k: sorted(v) for k, v in gaz.demonyms.items() if fold_name(k)},
        "offices": {
            c: {o: [list(t) for t in sorted(ts, key=_term_key)] for o, ts in offs.items()}
            for c, offs in gaz.offices.items()
        },
        "role_words": {
            c: {o: sorted(w) for o, w in ws.items()} for c, ws in gaz.role_words.items()
        },
        "capitals": sorted(gaz.capitals),
        "verified": sorted(gaz.verified),
    }
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def build(data: Path, built: str, refresh_endpoint: str | None = None) -> bytes:
    """Read every source under ``data`` and return the gazetteer bytes."""
    if not (data / "SOURCES.md").is_file():
        raise SystemExit(f"{data} has no SOURCES.md; pass --data pointing at shared/data/wikidata")
    gaz = Gazetteer()
    _source(gaz, data, data / "SOURCES.md", "provenance of every file below")
    read_verified(gaz, data)
    iso3 = read_states(gaz, data)
    _ISO3.update(iso3)
    iso2 = {
        r["iso2"]: r["qid"] for r in _read(data / "derived" / "countries_joined.csv") if r["qid"]
    }
    read_organisations(gaz, data)
    read_cities(gaz, data, iso2)
    covered = read_cabinets(gaz, data, iso3)
    read_world_leaders(gaz, data, covered)
    read_foreign_ministers(gaz, data, covered)
    read_world_posts(gaz, data)
    if refresh_endpoint:
        read_refresh(gaz, refresh_endpoint)
    assert not any(s["file"].endswith(FORBIDDEN) for s in gaz.sources)
    return serialise(gaz, built)


def _default_built() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--built", default=None, help="build date YYYY-MM-DD")
    parser.add_argument("--refresh", action="store_true", help="also query Wikidata SPARQL")
    parser.add_argument("--endpoint", default="https://query.wikidata.org/sparql")
    args = parser.parse_args(argv)
    built = args.built or _default_built()
    payload = build(args.data, built, args.endpoint if args.refresh else None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(payload)
    counts = Counter(str(e[1]) for e in json.loads(gzip.decompress(payload))["entities"].values())
    print(f"wrote {args.out} ({len(payload):,} bytes): {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
