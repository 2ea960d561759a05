"""The words of kb's search: tokens, the S-stemmer, query terms and the prefix rule."""

from __future__ import annotations

import pytest

from kb.site.searchwords import Stemmer, matches, query_terms, stem, terms, tokens


def test_tokens_are_runs_of_letters_and_digits_lowercased() -> None:
    assert tokens("Django's ALB_rule: S3, 2025-11-24 Größe café→naïve 東京") == [
        "django", "s", "alb", "rule", "s3", "2025", "11", "24", "größe", "café", "naïve", "東京",
    ]  # fmt: skip


def test_tokens_over_64_characters_are_dropped() -> None:
    assert tokens(f"a {'x' * 64} {'y' * 65} b") == ["a", "x" * 64, "b"]
    assert tokens("") == [] and tokens(" -- ") == []


@pytest.mark.parametrize(
    ("token", "stemmed"),
    [
        ("migrations", "migration"),
        ("queries", "query"),
        ("classes", "classe"),
        ("status", "status"),
        ("class", "class"),
        ("boxes", "boxe"),
        ("caches", "cache"),
        ("dies", "dy"),
        ("does", "doe"),  # "oes" keeps its e, then the plain s rule applies
        ("series", "sery"),
        ("zombies", "zomby"),
        ("aies", "aie"),  # "aies": not the ies rule; the es rule drops the s
        ("trees", "tree"),
        ("gas", "gas"),  # three characters: unchanged
        ("its", "its"),
        ("alias", "alia"),
        ("s3", "s3"),
    ],
)
def test_stem(token: str, stemmed: str) -> None:
    assert stem(token) == stemmed


def test_terms_stem_each_token_and_the_cached_stemmer_agrees() -> None:
    text = "Queries on Classes: statuses, boxes and S3 buckets"
    expected = ["query", "on", "classe", "statuse", "boxe", "and", "s3", "bucket"]
    assert terms(text) == expected
    stemmer = Stemmer()
    assert stemmer.terms(text) == expected
    assert stemmer.terms(text) == expected  # from its cache now
    assert stemmer.cache["queries"] == "query"


def test_query_terms_drop_duplicates_in_order() -> None:
    assert query_terms("Migrations migration MIGRATION CORS") == ["migration", "cor"]
    assert query_terms("?!") == []


def test_three_characters_match_as_a_prefix_fewer_only_exactly() -> None:
    assert matches("migration", "mig") and matches("mig", "mig")
    assert not matches("amigo", "mig")
    assert matches("ci", "ci") and not matches("cicd", "ci") and not matches("c", "ci")


def test_counts_add_up_the_tokens_of_each_term() -> None:
    stemmer = Stemmer()
    assert stemmer.counts("Caches cache CACHES cached") == {"cache": 3, "cached": 1}
    assert stemmer.counts("") == {}
