"""Tests of IRI minting: deterministic, derived from the article key, under a base."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import URIRef

from diplokg.namespaces import DEFAULT_BASE
from diplokg.rdf.iris import IriMinter, article_hash, slugify

KEY = "https://example.org/news/2021/06/16/summit"


def test_article_hash_is_first_16_hex_of_sha256() -> None:
    assert article_hash(KEY) == hashlib.sha256(KEY.encode("utf-8")).hexdigest()[:16]
    assert len(article_hash("x")) == 16


def test_iriminter_graph_and_article_derive_from_the_key() -> None:
    h = article_hash(KEY)
    iris = IriMinter(DEFAULT_BASE, KEY)
    assert iris.graph() == URIRef(f"{DEFAULT_BASE}graph/{h}")
    assert iris.article() == URIRef(f"{DEFAULT_BASE}article/{h}")
    assert iris.event("e1") == URIRef(f"{DEFAULT_BASE}event/{h}/e1")
    assert iris.declaration("d2") == URIRef(f"{DEFAULT_BASE}declaration/{h}/d2")
    assert iris.series("s1") == URIRef(f"{DEFAULT_BASE}series/{h}/s1")
    assert iris.evidence(10, 25) == URIRef(f"{DEFAULT_BASE}evidence/{h}/10-25")


def test_iriminter_is_deterministic_across_instances() -> None:
    one, two = IriMinter(DEFAULT_BASE, KEY), IriMinter(DEFAULT_BASE, KEY)
    assert one.graph() == two.graph()
    assert one.event("e1") == two.event("e1")
    assert one.actor("NonStateGroup", "Syrian opposition", None) == two.actor(
        "NonStateGroup", "Syrian opposition", None
    )


def test_iriminter_different_keys_give_different_graphs() -> None:
    assert IriMinter(DEFAULT_BASE, KEY).graph() != IriMinter(DEFAULT_BASE, KEY + "-2").graph()


def test_iriminter_linked_actor_is_its_wikidata_iri() -> None:
    iris = IriMinter(DEFAULT_BASE, KEY)
    assert iris.actor("Person", "Vladimir Putin", "Q7747") == URIRef(
        "http://www.wikidata.org/entity/Q7747"
    )


def test_iriminter_unlinked_actor_is_minted_from_kind_and_label() -> None:
    iris = IriMinter(DEFAULT_BASE, KEY)
    node = iris.actor("GovernmentBody", "Ministry of Foreign Affairs of Kazakhstan", None)
    assert node == URIRef(
        f"{DEFAULT_BASE}actor/governmentbody/ministry-of-foreign-affairs-of-kazakhstan"
    )
    # Shared across articles: the same unlinked group is one node in the store.
    other = IriMinter(DEFAULT_BASE, "another-article")
    assert other.actor("GovernmentBody", "Ministry of Foreign Affairs of Kazakhstan", None) == node


def test_iriminter_topic_is_shared_and_slugged() -> None:
    iris = IriMinter(DEFAULT_BASE, KEY)
    assert iris.topic("Strategic stability") == URIRef(f"{DEFAULT_BASE}topic/strategic-stability")


@pytest.mark.parametrize("base", ["https://data.example.org/kg/", "https://data.example.org/kg"])
def test_iriminter_custom_base_gets_a_trailing_slash(base: str) -> None:
    iris = IriMinter(base, KEY)
    assert str(iris.graph()).startswith("https://data.example.org/kg/graph/")


def test_iriminter_hash_base_is_kept() -> None:
    iris = IriMinter("https://data.example.org/kg#", KEY)
    assert str(iris.article()).startswith("https://data.example.org/kg#article/")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ministry of Foreign Affairs", "ministry-of-foreign-affairs"),
        ("  Recep Tayyip Erdoğan ", "recep-tayyip-erdogan"),
        ("U.S.-Russia talks", "u-s-russia-talks"),
        ("Côte d'Ivoire", "cote-d-ivoire"),
    ],
)
def test_slugify_makes_lowercase_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_non_latin_falls_back_to_a_stable_hash() -> None:
    first, second = slugify("Москва"), slugify("Москва")
    assert first == second
    assert first.startswith("x") and len(first) == 13
    assert slugify("Москва") != slugify("北京")
