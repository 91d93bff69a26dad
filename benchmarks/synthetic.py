"""Synthetic wire stories of realistic length, from templates this project owns.

Facts are drawn from a small table of real office holders and capitals; every sentence
is a template written for diplokg. Stories are deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

LEADERS = [
    ("Russia", "Russian", "President", "Vladimir Putin", "Moscow"),
    ("Kazakhstan", "Kazakh", "President", "Kassym-Jomart Tokayev", "Astana"),
    ("Turkey", "Turkish", "President", "Recep Tayyip Erdogan", "Ankara"),
    ("China", "Chinese", "President", "Xi Jinping", "Beijing"),
    ("France", "French", "President", "Emmanuel Macron", "Paris"),
    ("Germany", "German", "Chancellor", "Olaf Scholz", "Berlin"),
    ("India", "Indian", "Prime Minister", "Narendra Modi", "New Delhi"),
    ("Japan", "Japanese", "Prime Minister", "Fumio Kishida", "Tokyo"),
    ("Egypt", "Egyptian", "President", "Abdel Fattah el-Sisi", "Cairo"),
    ("Brazil", "Brazilian", "President", "Luiz Inacio Lula da Silva", "Brasilia"),
]
MINISTERS = [
    ("Russia", "Sergey Lavrov"),
    ("China", "Wang Yi"),
    ("Turkey", "Mevlut Cavusoglu"),
    ("France", "Catherine Colonna"),
    ("India", "Subrahmanyam Jaishankar"),
    ("Japan", "Yoshimasa Hayashi"),
]
TOPICS = [
    "trade and investment",
    "energy security",
    "the situation in the Middle East",
    "transport corridors",
    "food security",
    "regional security",
]
AGENCIES = ["TASS", "Xinhua", "Reuters", "AP"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

PARAGRAPHS = [
    "{host_adj} President {host} and {guest_title} {guest} held talks in {city} on {weekday}, "
    "the {host_adj} presidential press service said. The two leaders discussed {topic} and "
    "{topic2}, and agreed to meet again later this year.",
    "According to the statement, the sides signed a joint declaration on strategic partnership "
    "and a memorandum on cooperation in {topic}. {guest} said his country was ready to expand "
    "contacts at every level.",
    "{guest} arrived in {city} on {weekday} for an official visit at the invitation of {host}. "
    "It is his first trip to {host_country} since taking office.",
    "Foreign ministers {min1} and {min2} also met on the sidelines of the visit. They noted "
    "that consultations between the two foreign ministries would continue next month.",
    "Earlier, {host} had a telephone conversation with {guest}, during which they exchanged "
    "views on {topic}. {host} stressed that dialogue remained the only way to settle disputes.",
    "The next round of talks is expected to take place in {other_city} in {month}, a diplomatic "
    "source told reporters, adding that the agenda had not yet been agreed.",
    "Observers said the meeting could pave the way for a wider summit of regional leaders. "
    "Officials on both sides declined to say whether new agreements would be signed.",
    "Analysts in {city} noted that trade between {host_country} and {guest_country} had grown "
    "steadily in recent years, although both governments admit that much remains to be done "
    "to remove barriers for companies and to simplify visa rules for business travellers.",
    "{host} called on all parties to refrain from steps that could escalate tensions and urged "
    "the international community to support a political settlement.",
]


def make_story(rng: random.Random, index: int) -> str:
    """One wire story of about 300 words with a header block, headline and dateline."""
    host_country, host_adj, _, host, city = rng.choice(LEADERS)
    guest_country, _, guest_title, guest, other_city = rng.choice(
        [row for row in LEADERS if row[0] != host_country]
    )
    day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(600))
    agency = rng.choice(AGENCIES)
    values = {
        "host": host,
        "host_adj": host_adj,
        "host_country": host_country,
        "guest_country": guest_country,
        "guest": guest,
        "guest_title": guest_title,
        "city": city,
        "other_city": other_city,
        "weekday": day.strftime("%A"),
        "topic": rng.choice(TOPICS),
        "topic2": rng.choice(TOPICS),
        "min1": rng.choice(MINISTERS)[1],
        "min2": rng.choice(MINISTERS)[1],
        "month": MONTHS[(day.month % 12)],
    }
    paragraphs = [p.format(**values) for p in PARAGRAPHS]
    rng.shuffle(paragraphs)
    dateline = f"{city.upper()}, {MONTHS[day.month - 1]} {day.day} ({agency}) -- "
    body = "\n\n".join([dateline + paragraphs[0], *paragraphs[1:]])
    return (
        f"source: https://example.org/synthetic/{index:06d}\n"
        f"publisher: {agency}\npublished: {day.isoformat()}\n\n"
        f"{host} and {guest} hold talks in {city}\n\n{body}\n"
    )


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` stories into ``folder`` (deterministic for a seed)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = folder / f"story-{i:06d}.txt"
        path.write_text(make_story(rng, i), encoding="utf-8")
        paths.append(path)
    return paths
