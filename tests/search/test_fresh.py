"""A query runs while the entry files are scanned, and again only when they changed."""

from __future__ import annotations

from kb.config import Config
from kb.search.filters import Filters
from kb.search.fresh import query_fresh
from kb.search.index import open_index
from kb.search.query import search
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
