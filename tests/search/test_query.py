"""Queries: all words first then any word, filters, prefixes, corrections, snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.config import Config
from kb.errors import KbError
from kb.schema import STATUSES
from kb.search.filters import Filters
from kb.search.index import open_index, sync
from kb.search.query import MARK_END, MARK_START, SearchResult, parse_query, search


def run(
    config: Config, query: str, filters: Filters | None = None, limit: int = 10
) -> SearchResult:
    connection = open_index(config)
    sync(connection, config)
    return search(connection, query, filters or Filters(), limit)


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


def test_entries_with_every_word_come_before_entries_with_some(fixture_config: Config) -> None:
    found = ids(run(fixture_config, "load balancer idle"))
    assert found[:2] == ["2025-01-06-websocket-idle-timeout", "2024-12-02-rate-limit-behind-proxy"]
    assert len(found) == 7  # all but the first match only some of the words


def test_the_title_outranks_the_body(fixture_config: Config) -> None:
    # "pool" is in one title and in another entry's body only.
    assert ids(run(fixture_config, "pool"))[0] == "2024-04-02-postgres-connection-pool-exhausted"


def test_the_snippet_marks_the_matched_words(fixture_config: Config) -> None:
    hit = run(fixture_config, "visibility timeout").hits[0]
    assert hit.snippet == (
        f"Details With `acks_late` and a {MARK_START}visibility{MARK_END} "
        f"{MARK_START}timeout{MARK_END} shorter than the task runtime, the…"
    )


def test_a_match_only_in_the_files_shows_the_files(fixture_config: Config) -> None:
    hit = run(fixture_config, "pgbouncer.ini").hits[0]
    assert hit.snippet == (f"api/settings.py infra/pgbouncer/{MARK_START}pgbouncer.ini{MARK_END}")


def test_a_misspelled_word_is_corrected_and_reported(fixture_config: Config) -> None:
    result = run(fixture_config, "terrafrom")
    assert result.corrections == {"terrafrom": "terraform"}
    assert ids(result) == ["2024-06-03-terraform-state-lock"]


def test_a_correct_word_is_not_corrected(fixture_config: Config) -> None:
    assert run(fixture_config, "terraform").corrections == {}


def test_a_word_nothing_resembles_finds_nothing(fixture_config: Config) -> None:
    result = run(fixture_config, "xylophone")
    assert (result.hits, result.corrections) == ([], {})


def test_short_words_are_not_guessed(fixture_config: Config) -> None:
    assert run(fixture_config, "ngx").corrections == {}


def test_prefix(fixture_config: Config) -> None:
    assert ids(run(fixture_config, "idempot*")) == ["2024-07-01-celery-retry-duplicates"]


def test_filters_apply_inside_the_query(fixture_config: Config) -> None:
    tz = dt.UTC
    assert ids(run(fixture_config, "migrations", Filters(statuses=("superseded",)))) == [
        "2025-07-07-old-migration-squash"
    ]
    assert ids(run(fixture_config, "migrations", Filters(tags=("gotcha",)))) == [
        "2024-03-04-django-migrations-out-of-sync"
    ]
    since = dt.datetime(2025, 1, 1, tzinfo=tz)
    assert ids(run(fixture_config, "migrations", Filters(since=since))) == [
        "2025-07-07-old-migration-squash"
    ]
    by_file = Filters(files=("api/registry",))
    assert sorted(ids(run(fixture_config, "migrations", by_file))) == [
        "2024-03-04-django-migrations-out-of-sync",
        "2025-07-07-old-migration-squash",
    ]
    assert ids(run(fixture_config, "migrations", Filters(files=("web",)))) == []


def test_limit(fixture_config: Config) -> None:
    assert len(run(fixture_config, "the", limit=2).hits) == 2


@pytest.mark.parametrize("query", ["", "   ", "-- * ?"])
def test_a_query_without_words_is_an_error(query: str) -> None:
    with pytest.raises(KbError, match="has no words to search for"):
        parse_query(query)


def test_quotes_in_the_query_cannot_break_the_expression(fixture_config: Config) -> None:
    assert ids(run(fixture_config, 'say "No migrations')) != []


def test_equal_scores_rank_the_newest_first_even_at_the_cut(fixture_config: Config) -> None:
    source = fixture_config.root / "entries/2024/2024-03-04-django-migrations-out-of-sync.md"
    text = source.read_text().replace("django_migrations", "wallaby_rows")
    for day in ("05", "07", "06"):  # the same text, so the same score, on three days
        copy = fixture_config.root / f"entries/2025/2025-02-{day}-wallaby.md"
        copy.write_text(text.replace("2024-03-04T10:00", f"2025-02-{day}T10:00"))
    newest_first = ["2025-02-07-wallaby", "2025-02-06-wallaby", "2025-02-05-wallaby"]
    assert ids(run(fixture_config, "wallaby_rows")) == newest_first
    assert ids(run(fixture_config, "wallaby_rows", limit=2)) == newest_first[:2]
    assert ids(run(fixture_config, "wallaby_rows", limit=1)) == newest_first[:1]


@pytest.mark.parametrize(
    "query", ["the", "pool", "load balancer idle", "redis session", "migrat*", "timeout"]
)
def test_ranking_without_filters_is_ranking_with_filters_that_keep_all(
    fixture_config: Config, query: str
) -> None:
    # Without filters the ranking reads the text table alone (see query._ranked_by_text).
    keep_all = Filters(statuses=STATUSES)
    for limit in (1, 3, 10):
        plain, filtered = (
            run(fixture_config, query, limit=limit),
            run(fixture_config, query, keep_all, limit),
        )
        assert [(hit.id, hit.score) for hit in plain.hits] == [
            (hit.id, hit.score) for hit in filtered.hits
        ]
