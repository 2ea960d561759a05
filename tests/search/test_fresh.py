"""A query runs while the entry files are scanned, and again only when they changed."""

from __future__ import annotations

import pytest

from kb.config import Config
from kb.search import fresh
from kb.search.filters import Filters
from kb.search.fresh import BackgroundScan, query_fresh
from kb.search.index import SyncStats, open_index, sync
from kb.search.query import search
from kb.search.scan import Scan
from tests.search.test_index import DJANGO, bump

DJANGO_ID = "2024-03-04-django-migrations-out-of-sync"


def fresh_ids(config: Config, words: str, calls: list[int]) -> list[str]:
    """Ids `query_fresh` answers with; `calls` gains one item per run of the query."""
    connection = open_index(config)

    def query() -> list[str]:
        calls.append(1)
        return [hit.id for hit in search(connection, words, Filters(), 10).hits]

    try:
        found, _stats = query_fresh(connection, config, query)
    finally:
        connection.close()
    return found


def test_an_index_in_step_answers_with_one_query(fixture_config: Config) -> None:
    fresh_ids(fixture_config, "zanzibar", [])  # builds the index
    calls: list[int] = []
    assert DJANGO_ID in fresh_ids(fixture_config, "django migrations", calls)
    assert len(calls) == 1


def test_an_edit_since_the_last_search_is_answered_from_the_new_text(
    fixture_config: Config,
) -> None:
    fresh_ids(fixture_config, "zanzibar", [])
    path = fixture_config.root / DJANGO
    bump(path, path.read_text().replace("django_migrations", "zanzibar_ledger"))
    calls: list[int] = []
    assert fresh_ids(fixture_config, "zanzibar", calls) == [DJANGO_ID]
    assert len(calls) == 2  # the stale answer was thrown away
    path.unlink()
    assert fresh_ids(fixture_config, "zanzibar", calls) == []


def test_a_commit_by_another_process_during_the_query_runs_it_again(
    fixture_config: Config,
) -> None:
    fresh_ids(fixture_config, "zanzibar", [])
    connection = open_index(fixture_config)
    calls: list[int] = []

    def query() -> list[str]:
        calls.append(1)
        if len(calls) == 1:  # another kb commits while this one's answer is being found
            other = open_index(fixture_config)
            other.execute("INSERT INTO meta VALUES ('test', 'another kb was here')")
            other.close()
        return [hit.id for hit in search(connection, "django", Filters(), 10).hits]

    found, stats = query_fresh(connection, fixture_config, query)
    assert DJANGO_ID in found
    assert (stats, len(calls)) == (SyncStats(0, 0, 0), 2)


def test_an_index_synced_by_another_kb_after_the_scan_answers_with_the_edit(
    fixture_config: Config,
) -> None:
    fresh_ids(fixture_config, "zanzibar", [])
    scanning = BackgroundScan(fixture_config)
    scanning.result()
    path = fixture_config.root / DJANGO
    bump(path, path.read_text().replace("django_migrations", "zanzibar_ledger"))
    sync(open_index(fixture_config), fixture_config)  # another kb saw the edit first
    connection = open_index(fixture_config)
    calls: list[int] = []

    def query() -> list[str]:
        calls.append(1)
        return [hit.id for hit in search(connection, "zanzibar", Filters(), 10).hits]

    assert query_fresh(connection, fixture_config, query, scanning)[0] == [DJANGO_ID]


def test_a_failed_scan_fails_the_search(
    fixture_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_scan(config: Config) -> Scan:
        raise PermissionError("entries")

    monkeypatch.setattr(fresh, "scan", broken_scan)
    with pytest.raises(PermissionError):
        fresh_ids(fixture_config, "django", [])
