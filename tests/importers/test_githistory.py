"""One-pass history reading: versions with their parents' texts, dates through renames."""

from __future__ import annotations

import datetime as dt

from kb.importers.githistory import Version, file_dates, file_versions
from kb.importers.mim import dated
from tests.conftest import KnowledgeBase


def test_deleted_then_recreated_file_versions(kb: KnowledgeBase) -> None:
    kb.write("j.md", "one\n")
    kb.commit("one", "2025-01-01T10:00:00+00:00")
    kb.git("rm", "-q", "j.md")
    kb.commit("gone", "2025-01-02T10:00:00+00:00")
    kb.write("j.md", "two\n")
    kb.commit("two", "2025-01-03T10:00:00+00:00")
    versions = file_versions(kb.root, "j.md")
    assert [(v.text, v.parent_texts) for v in versions] == [("one\n", ("",)), ("two\n", ("",))]
    assert [v.author_date.day for v in versions] == [1, 3]


def test_file_dates_follow_renames_and_stop_at_additions(kb: KnowledgeBase) -> None:
    kb.write("notes/a.md", "# A\n\nsome text that stays the same\n")
    kb.commit("add", "2025-01-01T10:00:00+02:00")
    kb.git("mv", "notes/a.md", "notes/b.md")
    kb.commit("rename", "2025-02-01T10:00:00+02:00")
    kb.write("notes/a.md", "# Another A\n")  # a new file under the old name
    kb.commit("new a", "2025-03-01T10:00:00+02:00")
    dates = file_dates(kb.root, "notes", ["notes/a.md", "notes/b.md"])
    assert (dates["notes/b.md"].created.month, dates["notes/b.md"].updated.month) == (1, 2)
    assert (dates["notes/a.md"].created.month, dates["notes/a.md"].updated.month) == (3, 3)


def version_at(stamp: str) -> Version:
    return Version("c0ffee", dt.datetime.fromisoformat(stamp), "", 0)


def test_a_heading_time_up_to_the_commit_time_is_that_day() -> None:
    created, note = dated(dt.time(17, 30), version_at("2025-11-24T17:30:59-05:00"))
    assert (created.isoformat(), note) == ("2025-11-24T17:30:00-05:00", None)


def test_a_heading_time_after_the_commit_time_is_the_day_before() -> None:
    created, note = dated(dt.time(17, 31), version_at("2025-03-01T17:30:59+13:00"))
    assert created.isoformat() == "2025-02-28T17:31:00+13:00"
    assert note == (
        "heading time 17:31 is later than the commit's 17:30 (2025-03-01T17:30:59+13:00); "
        "dated the day before"
    )
