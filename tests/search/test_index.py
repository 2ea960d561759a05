"""The search index: built once, updated only for changed files, rebuilt when stale."""

from __future__ import annotations

import os
from pathlib import Path

from kb.config import Config, load_config
from kb.search.filters import Filters
from kb.search.index import (
    SCHEMA_VERSION,
    SyncStats,
    index_path,
    open_index,
    settings_fingerprint,
    sync,
)
from kb.search.query import search

DJANGO = "entries/2024/2024-03-04-django-migrations-out-of-sync.md"


def ids(config: Config, query: str, filters: Filters | None = None) -> list[str]:
    connection = open_index(config)
    sync(connection, config)
    return [hit.id for hit in search(connection, query, filters or Filters(), 10).hits]


def bump(path: Path, text: str) -> None:
    """Rewrite a file and move its mtime on, as an editor would."""
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_first_sync_reads_every_entry_and_the_second_none(fixture_config: Config) -> None:
    connection = open_index(fixture_config)
    first = sync(connection, fixture_config)
    second = sync(connection, fixture_config)
    assert (first.updated, first.removed, first.broken) == (34, 0, 0)
    assert (second.updated, second.removed, second.broken) == (0, 0, 0)
    assert index_path(fixture_config) == fixture_config.root / ".kb/cache/search.sqlite3"
    assert index_path(fixture_config).is_file()


def test_an_edited_entry_is_reindexed_alone(fixture_config: Config) -> None:
    connection = open_index(fixture_config)
    sync(connection, fixture_config)
    path = fixture_config.root / DJANGO
    bump(path, path.read_text().replace("django_migrations", "zanzibar_ledger"))
    stats = sync(connection, fixture_config)
    assert (stats.updated, stats.removed) == (1, 0)
    assert ids(fixture_config, "zanzibar") == ["2024-03-04-django-migrations-out-of-sync"]
    assert ids(fixture_config, "django_migrations") == []


def test_a_same_size_edit_with_a_new_mtime_is_seen(fixture_config: Config) -> None:
    connection = open_index(fixture_config)
    sync(connection, fixture_config)
    path = fixture_config.root / DJANGO
    bump(path, path.read_text().replace("Solution", "Solutiom"))
    assert sync(connection, fixture_config).updated == 1
    assert ids(fixture_config, "solutiom") == ["2024-03-04-django-migrations-out-of-sync"]


def test_a_deleted_entry_leaves_the_index(fixture_config: Config) -> None:
    assert "2024-03-04-django-migrations-out-of-sync" in ids(fixture_config, "django")
    (fixture_config.root / DJANGO).unlink()
    connection = open_index(fixture_config)
    assert sync(connection, fixture_config).removed == 1
    assert ids(fixture_config, "django") == []


def test_a_broken_entry_is_counted_not_searched_and_recovers(fixture_config: Config) -> None:
    path = fixture_config.root / DJANGO
    good = path.read_text()
    bump(path, good.replace("tags: [gotcha, database]", "tags: [gotcha"))
    connection = open_index(fixture_config)
    assert sync(connection, fixture_config).broken == 1
    assert ids(fixture_config, "django") == []
    bump(path, good)
    assert sync(connection, fixture_config).broken == 0
    assert ids(fixture_config, "django") == ["2024-03-04-django-migrations-out-of-sync"]


def test_an_index_of_another_schema_version_is_rebuilt(fixture_config: Config) -> None:
    connection = open_index(fixture_config)
    sync(connection, fixture_config)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    connection = open_index(fixture_config)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sync(connection, fixture_config).updated == 34


def test_a_damaged_index_file_is_rebuilt(fixture_config: Config) -> None:
    path = index_path(fixture_config)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    assert ids(fixture_config, "redis") == ["2024-04-15-redis-evicts-session-keys"]


def test_changed_settings_rebuild_the_index(fixture_config: Config) -> None:
    sync(open_index(fixture_config), fixture_config)
    kb_yml = fixture_config.root / "kb.yml"
    kb_yml.write_text(kb_yml.read_text().replace("timezone: UTC", "timezone: Europe/Berlin"))
    config = load_config(kb_yml)
    assert sync(open_index(config), config).updated == 34


def test_an_alias_in_an_entry_is_indexed_as_its_tag(fixture_config: Config) -> None:
    path = fixture_config.root / DJANGO
    bump(path, path.read_text().replace("tags: [gotcha, database]", "tags: [gotchas, database]"))
    filters = Filters(tags=("gotcha",))
    assert ids(fixture_config, "django", filters) == ["2024-03-04-django-migrations-out-of-sync"]


def test_the_index_holds_no_row_for_hidden_or_non_markdown_files(
    fixture_config: Config,
) -> None:
    (fixture_config.root / "entries/2024/.draft.md").write_text("---\ntitle: x\n---\n")
    (fixture_config.root / "entries/2024/notes.txt").write_text("x")
    connection = open_index(fixture_config)
    sync(connection, fixture_config)
    paths = [row[0] for row in connection.execute("SELECT path FROM docs")]
    assert len(paths) == 34
    assert all(p.startswith("entries/") and p.endswith(".md") for p in paths)


def test_two_connections_can_sync_in_turn(fixture_config: Config) -> None:
    first, second = open_index(fixture_config), open_index(fixture_config)
    assert sync(first, fixture_config).updated == 34
    assert sync(second, fixture_config).updated == 0


def test_the_spelling_vocabulary_is_built_on_first_need_then_kept_up_to_date(
    fixture_config: Config,
) -> None:
    connection = open_index(fixture_config)
    sync(connection, fixture_config)

    def words_state() -> str:
        return str(connection.execute("SELECT value FROM meta WHERE key = 'words'").fetchone()[0])

    assert words_state() == "pending"
    search(connection, "redis", Filters(), 3)  # no misspelling: nothing built
    assert words_state() == "pending"
    assert search(connection, "terrafrom", Filters(), 3).corrections == {"terrafrom": "terraform"}
    assert words_state() == "ready"
    path = fixture_config.root / DJANGO
    bump(path, path.read_text().replace("django_migrations", "zanzibarledger"))
    sync(connection, fixture_config)
    result = search(connection, "zanzibarleger", Filters(), 3)
    assert result.corrections == {"zanzibarleger": "zanzibarledger"}
    assert [hit.id for hit in result.hits] == ["2024-03-04-django-migrations-out-of-sync"]


def test_nothing_changed_costs_the_scan_and_no_row_reads(fixture_config: Config) -> None:
    connection = open_index(fixture_config)
    sync(connection, fixture_config)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    assert sync(connection, fixture_config) == SyncStats(0, 0, 0)
    assert not any("FROM docs" in statement for statement in statements)
    path = fixture_config.root / DJANGO
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # one nanosecond later
    assert sync(connection, fixture_config) == SyncStats(1, 0, 0)
    assert any("FROM docs" in statement for statement in statements)


def test_an_edit_in_place_between_two_searches_is_searched(fixture_config: Config) -> None:
    assert "2024-03-04-django-migrations-out-of-sync" not in ids(fixture_config, "quokka")
    path = fixture_config.root / DJANGO
    with path.open("a", encoding="utf-8") as stream:  # same inode, same folder listing
        stream.write("\nA quokka was involved.\n")
    assert ids(fixture_config, "quokka") == ["2024-03-04-django-migrations-out-of-sync"]


def test_entries_in_a_new_folder_are_indexed_and_dangling_links_are_not(
    fixture_config: Config,
) -> None:
    source = (fixture_config.root / DJANGO).read_text()
    new = fixture_config.root / "entries/2026/2026-01-02-wombat.md"
    new.parent.mkdir()
    new.write_text(source.replace("django_migrations", "wombat_tables"))
    (fixture_config.root / "entries/2026/2026-01-03-gone.md").symlink_to("nowhere.md")
    connection = open_index(fixture_config)
    assert sync(connection, fixture_config) == SyncStats(35, 0, 0)
    paths = {row[0] for row in connection.execute("SELECT path FROM docs")}
    assert "entries/2026/2026-01-02-wombat.md" in paths
    assert "entries/2026/2026-01-03-gone.md" not in paths


def test_settings_with_a_quote_are_stored_and_recognised(fixture_config: Config) -> None:
    kb_yml = fixture_config.root / "kb.yml"
    kb_yml.write_text(kb_yml.read_text().replace("aliases: [gotchas]", "aliases: [gotchas, it's]"))
    config = load_config(kb_yml)
    assert "it's" in settings_fingerprint(config)
    assert sync(open_index(config), config).updated == 34
    assert sync(open_index(config), config).updated == 0


def test_a_name_beyond_ascii_is_stored_as_text(fixture_config: Config) -> None:
    source = (fixture_config.root / DJANGO).read_text()
    (fixture_config.root / "entries/2024/2024-05-06-café-crème.md").write_text(source)
    connection = open_index(fixture_config)
    assert sync(connection, fixture_config).updated == 35
    paths = {row[0] for row in connection.execute("SELECT path FROM docs")}
    assert "entries/2024/2024-05-06-café-crème.md" in paths
    assert sync(connection, fixture_config).updated == 0
