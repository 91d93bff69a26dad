"""Reading articles from files: metadata, publication date rules and bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diplokg.errors import ArticleError, UsageError
from diplokg.ingest import (
    ArticleFailure,
    InputItem,
    expand_inputs,
    input_kind,
    iter_articles,
    read_article,
)
from diplokg.records import Article

HEADER = """source: https://news.example.org/world/2016/12/30/syria-talks
publisher: Example Wire (via a partner site)
published: 2016-12-30 (inferred from the URL)
license: CC-BY-4.0

"""

BODY = """Kazakh leader tells diplomats to get ready for Syria meeting

Nazarbayev wants the capital to host the parties before the end of winter
Nursultan Nazarbayev at a cabinet session
© Ivan Petrov/TASS

ASTANA, December 30. /TASS/. The president of Kazakhstan has told his foreign ministry to \
prepare a meeting on Syria in the capital, his office said on Friday.

Two weeks ago the leaders of Russia, Turkey and Kazakhstan discussed holding such a meeting.
"""

XINHUA_BODY = """Chinese and Russian ministers hold talks in Moscow

MOSCOW, June 3 (Xinhua) -- The foreign ministers of China and Russia held talks on Monday \
and agreed to keep in close contact on regional issues, the ministry said.
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_read_article_uses_header_block(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "story.txt", HEADER + BODY))
    assert article.text == BODY
    assert article.key == "https://news.example.org/world/2016/12/30/syria-talks"
    assert article.source_url == article.key
    assert article.stem == "story"
    assert article.publisher == "Example Wire"
    assert article.published is not None and article.published.value == "2016-12-30"
    assert article.headline == "Kazakh leader tells diplomats to get ready for Syria meeting"
    assert article.dateline == "Astana"
    assert article.dateline_span is not None
    assert BODY[article.dateline_span.start : article.dateline_span.end] == (
        "ASTANA, December 30. /TASS/."
    )
    assert article.body_start == BODY.index("ASTANA,")
    assert [c.exact for c in article.captions] == [
        "Nursultan Nazarbayev at a cabinet session",
        "© Ivan Petrov/TASS",
    ]
    assert article.notes == ()


def test_read_article_without_year_leaves_published_unknown(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "noyear.txt", BODY))
    assert article.published is None
    assert article.key == "noyear"
    assert article.publisher == "TASS"  # from the dateline
    assert any("no year of publication" in note and "--published" in note for note in article.notes)


def test_read_article_published_argument_overrides_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", HEADER + BODY)
    article = read_article(path, published=dt.date(2016, 12, 31))
    assert article.published is not None and article.published.value == "2016-12-31"
    assert any("overrides" in note for note in article.notes)


def test_read_article_month_header_keeps_dateline_day_as_bounds(tmp_path: Path) -> None:
    text = "published: 2016-12 (not printed)\n\n" + BODY
    article = read_article(_write(tmp_path, "month.txt", text))
    assert article.published is not None
    assert article.published.value == "2016-12"
    assert article.published.earliest == dt.date(2016, 12, 30)
    assert article.published.latest == dt.date(2016, 12, 30)
    assert any("December 30" in note for note in article.notes)


def test_read_article_agency_in_dateline_is_publisher(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "x.txt", XINHUA_BODY), published=dt.date(2019, 6, 3))
    assert article.publisher == "Xinhua"
    assert article.dateline == "Moscow"
    assert article.notes == ()


def test_read_article_file_without_extension_is_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "STORY", XINHUA_BODY)
    assert input_kind(path) == "text"
    assert read_article(path).stem == "STORY"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"MOSCOW (Reuters) - \x00\x01\x02 binary", "NUL byte at offset 19"),
        ("Caf\u00e9 talks".encode("latin-1"), "byte offset 3"),
        (b"\x01\x02\x03\x04 talks", "non-text"),
        # the same counted on non-ASCII text: C1 controls and private-use characters
        ("\u00e9\x85\x86\ue000\U000f0001 talks".encode(), "non-text"),
    ],
)
def test_read_article_rejects_bad_bytes(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = _write(tmp_path, "bad.txt", content)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_read_article_accepts_page_breaks_and_tabs(tmp_path: Path) -> None:
    # form feeds, tabs and line breaks are layout, not binary noise
    body = XINHUA_BODY.replace("\n", "\n\f\t", 3)
    assert read_article(_write(tmp_path, "ff.txt", body)).stem == "ff"


def test_read_article_rejects_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "absent.txt")


def test_read_article_rejects_too_large(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", XINHUA_BODY * 20)
    with pytest.raises(ArticleError, match="far too large"):
        read_article(path, max_bytes=1000)
    assert read_article(path).stem == "big"


def test_read_article_rejects_header_without_text(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="only a header block"):
        read_article(_write(tmp_path, "h.txt", HEADER))


def test_read_article_rejects_cyrillic(tmp_path: Path) -> None:
    text = "Президент Казахстана поручил МИД подготовить переговоры по Сирии в Астане.\n"
    with pytest.raises(ArticleError, match="not English"):
        read_article(_write(tmp_path, "ru.txt", text))


def test_read_article_rejects_latin_script_foreign_language(tmp_path: Path) -> None:
    text = (
        "Le président du Kazakhstan a demandé au ministère des Affaires étrangères de préparer "
        "des pourparlers sur la Syrie dans la capitale. Selon le service de presse, la réunion "
        "doit se tenir prochainement avec les représentants du gouvernement syrien et de "
        "l'opposition, sous l'égide de la Russie, de la Turquie et de l'Iran, qui garantissent "
        "le cessez-le-feu depuis la fin du mois de décembre.\n"
    )
    with pytest.raises(ArticleError, match="not English"):
        read_article(_write(tmp_path, "fr.txt", text))


def test_read_article_accepts_short_english_flash(tmp_path: Path) -> None:
    text = "BEIJING, May 3 (Xinhua) -- Wang Yi met Kim Jong Un in Pyongyang on Thursday.\n"
    article = read_article(_write(tmp_path, "flash.txt", text))
    assert article.dateline == "Beijing"


def test_read_article_rejects_record(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="record"):
        read_article(_write(tmp_path, "r.json", "{}"))


def test_input_kind_dispatches_on_suffix_and_content(tmp_path: Path) -> None:
    assert input_kind("https://example.org/a") == "url"
    assert input_kind("HTTP://example.org/a") == "url"
    assert input_kind(tmp_path / "a.json") == "record"
    assert input_kind(tmp_path / "a.htm") == "html"
    assert input_kind(tmp_path / "a.txt") == "text"
    sniffed = _write(tmp_path, "page", "<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert input_kind(sniffed) == "html"


def test_expand_inputs_is_sorted_and_deduplicated(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for name in ("b.txt", "a.html", "sub/c.json", "notes.md", ".hidden/d.txt"):
        _write(folder, name, XINHUA_BODY)
    items = expand_inputs([folder, str(folder / "b.txt"), "https://example.org/x"])
    assert items == [
        InputItem(str(folder / "a.html"), "html"),
        InputItem(str(folder / "b.txt"), "text"),
        InputItem(str(folder / "sub" / "c.json"), "record"),
        InputItem("https://example.org/x", "url"),
    ]
    assert expand_inputs([str(folder / "*.txt")]) == [InputItem(str(folder / "b.txt"), "text")]
    with pytest.raises(UsageError, match="no file matches"):
        expand_inputs([str(folder / "*.xml")])


def test_iter_articles_reports_failures_and_goes_on(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", XINHUA_BODY)
    bad = _write(tmp_path, "bad.txt", b"")
    results = list(iter_articles([bad, InputItem(str(good), "text")]))
    assert isinstance(results[0], ArticleFailure)
    assert results[0].source == str(bad)
    assert results[0].exit_code == 2
    assert "empty" in results[0].message
    assert isinstance(results[1], Article)


def test_read_article_is_deterministic(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", HEADER + BODY)
    assert read_article(path) == read_article(path)
