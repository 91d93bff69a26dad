"""Fixtures shared by every test module (the one global conftest)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden RDF files from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    return corpus


@pytest.fixture(scope="session")
def gold_dir(shared_dir: Path) -> Path:
    gold = shared_dir / "gold"
    if not gold.is_dir():
        pytest.skip("../shared/gold is absent")
    return gold


@pytest.fixture(scope="session")
def wikidata_dir(shared_dir: Path) -> Path:
    data = shared_dir / "data" / "wikidata"
    if not data.is_dir():
        pytest.skip("../shared/data/wikidata is absent")
    return data


@pytest.fixture
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's traceback per ill-typed literal, for tests that hold them on purpose."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)
