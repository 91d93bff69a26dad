"""Online linking that cannot reach Wikidata keeps the offline links and exits 3."""

from __future__ import annotations

import socket
from pathlib import Path

from diplokg.pipeline import BuildOptions, build
from diplokg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_build_online_with_wikidata_down_keeps_offline_links_and_exits_3(tmp_path: Path) -> None:
    article = tmp_path / "talks.txt"
    article.write_text(
        "published: 2019-05-14\n\n"
        "Lavrov and Pompeo meet in Sochi\n\n"
        "SOCHI, May 14 -- Russian Foreign Minister Sergey Lavrov held talks with US Secretary "
        "of State Mike Pompeo in Sochi on Tuesday, the Foreign Ministry said. An adviser to the "
        "Zorblatt Institute for Maritime Dialogue also attended the talks.\n",
        encoding="utf-8",
    )
    settings = Settings(
        online=True,
        wikidata_api=f"http://127.0.0.1:{_closed_port()}/w/api.php",
        cache_dir=tmp_path / "cache",
    )
    result = build([article], BuildOptions(out=tmp_path / "out", settings=settings))
    (outcome,) = result.outcomes
    assert outcome.status == "built"
    assert outcome.network_error is not None
    assert "could not be reached" in outcome.network_error
    assert result.exit_code == 3
    ttl = (tmp_path / "out" / "talks" / "talks.ttl").read_text(encoding="utf-8")
    assert "wd:Q58217" in ttl  # Sergey Lavrov, linked offline
