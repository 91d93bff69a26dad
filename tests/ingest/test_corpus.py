"""Structural facts of the shared corpus, checked by reading every file (skips without it).

Only short fragments of the corpus appear here, as anchors.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diplokg.ingest import expand_inputs, iter_articles, read_article
from diplokg.records import Article

# stem prefix -> (dateline, publisher, published value)
EXPECTED = {
    "000": ("Astana", "TASS", None),
    "002": (None, "People's Daily Online", "2002-02-21"),
    "004": (None, "The Sunday Times (Sri Lanka)", "2004-07-18"),
    "007": ("Nakhchivan", "Trend News Agency (Azerbaijan)", "2012-03-07"),
    "008": ("Beijing", "People's Daily Online", "2013-03-31"),
    "010": ("Lausanne", "The Associated Press", "2015-04-02"),
    "012": ("Geneva", "SANA (Syrian Arab News Agency)", "2016-12"),
    "014": ("St. Petersburg", "TASS", "2016-12-26"),
    "015": ("Moscow", "Reuters", "2016-12-26"),
    "017": (None, "UN News", "2017-12-14"),
    "019": (None, "RT", "2018-04-12"),
    "021": ("Beijing", "Arab News", "2018-05-03"),
    "023": ("Nairobi", "Reuters", "2018-07-09"),
    "024": (None, "China Daily", "2018-11-06"),
    "026": ("Seoul", "The Associated Press", "2019-12-04"),
    "028": ("Nur-Sultan", "TASS", "2021-07-08"),
    "030": ("Moscow", "TASS", "2022-11-28"),
    "032": ("Belgrade", "ANSA", "2024-06-24"),
    "034": ("Ankara/Istanbul", "Anadolu Agency", "2025-02-20"),
    "036": ("Washington", "Arab News", "2025-10-22"),
}


def _articles(corpus_dir: Path) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for result in iter_articles(expand_inputs([corpus_dir])):
        assert isinstance(result, Article), result
        found[result.stem[:3]] = result
    return found


def test_corpus_every_file_reads(corpus_dir: Path) -> None:
    articles = _articles(corpus_dir)
    assert len(articles) == len(list(corpus_dir.glob("*.txt")))
    for article in articles.values():
        raw = (corpus_dir / f"{article.stem}.txt").read_text(encoding="utf-8")
        assert raw.endswith(article.text)
        for span in article.captions:
            assert article.text[span.start : span.end] == span.exact
        if article.dateline_span is not None:
            span = article.dateline_span
            assert article.text[span.start : span.end] == span.exact
            assert span.start == article.body_start


def test_corpus_datelines_publishers_and_dates(corpus_dir: Path) -> None:
    articles = _articles(corpus_dir)
    for prefix, (dateline, publisher, published) in EXPECTED.items():
        if prefix not in articles:
            continue
        article = articles[prefix]
        assert article.dateline == dateline, prefix
        assert article.publisher == publisher, prefix
        got = article.published.value if article.published else None
        assert got == published, prefix
        if article.source_url is not None:
            assert article.key == article.source_url
            assert article.key.startswith("http")


def test_corpus_reference_article_layout(corpus_dir: Path) -> None:
    path = next(corpus_dir.glob("000_*.txt"), None)
    if path is None:
        pytest.skip("the reference article is absent")
    article = read_article(path)
    assert article.key == path.stem
    assert article.headline is not None
    assert article.headline.startswith("Kazakh president orders Foreign Ministry")
    assert article.dateline_span is not None
    assert article.dateline_span.exact == "ASTANA, December 30. /TASS/."
    assert article.published is None
    assert any("--published" in note for note in article.notes)
    captions = [c.exact or "" for c in article.captions]
    assert captions[0] == "All news"
    assert sum("Metzel/TASS" in c for c in captions) == 2
    # Captions sit above the body; the standfirst (no final period) is not one of them.
    assert all(c.end <= article.body_start for c in article.captions)
    assert not any(c.startswith("Two weeks ago") for c in captions)
    dated = read_article(path, published=dt.date(2016, 12, 30))
    assert dated.published is not None and dated.published.value == "2016-12-30"
    assert dated.notes == ()


def test_corpus_sign_offs_are_not_content(corpus_dir: Path) -> None:
    articles = _articles(corpus_dir)
    expected = {
        "005": "Editor:",
        "015": "Reporting by",
        "023": "Reporting By",
        "034": "By ",
    }
    for prefix, start in expected.items():
        if prefix in articles:
            captions = [c.exact or "" for c in articles[prefix].captions]
            assert any(c.startswith(start) for c in captions), prefix
