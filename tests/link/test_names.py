"""Name folding: the cached functions give what folding gives, call after call."""

from __future__ import annotations

from diplokg.link.names import fold_name, name_tokens, strip_titles


def test_fold_name_strips_accents_punctuation_and_the() -> None:
    assert fold_name("The U.N. Security-Council") == "un security council"
    assert fold_name("Erdoğan") == fold_name("Erdogan") == "erdogan"


def test_fold_name_cached_result_is_the_same_on_repeat() -> None:
    first = fold_name("President Kassym-Jomart Tokayev")
    assert (
        fold_name("President Kassym-Jomart Tokayev") == first == "president kassym jomart tokayev"
    )


def test_strip_titles_cached_result_is_the_same_on_repeat() -> None:
    assert strip_titles("Foreign Minister Sergei Lavrov") == "sergei lavrov"
    assert strip_titles("Foreign Minister Sergei Lavrov") == "sergei lavrov"
    assert strip_titles("President") == "president"  # a lone title stays


def test_name_tokens_returns_a_fresh_list() -> None:
    tokens = name_tokens("Sergei Lavrov")
    tokens.append("changed")
    assert name_tokens("Sergei Lavrov") == ["sergei", "lavrov"]
