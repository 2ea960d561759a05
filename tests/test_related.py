"""Related entries: shared files first, then shared tags, then similar text."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kb import related
from kb.entry import Entry
from kb.refs import parse_ref
from kb.related import (
    MAX_LISTED,
    MIN_SIMILARITY,
    TOP_TERMS,
    Related,
    RelatedIndex,
    bitset,
    members,
    related_entries,
    stem,
    words,
)

UTC = dt.UTC


def make(
    entry_id: str,
    title: str = "Untitled",
    *,
    tags: tuple[str, ...] = ("gotcha",),
    files: tuple[str, ...] = (),
    body: str = "",
    repo: str | None = None,
    day: int = 1,
) -> Entry:
    return Entry(
        id=entry_id,
        path=f"entries/2025/{entry_id}.md",
        title=title,
        created=dt.datetime(2025, 1, day, tzinfo=UTC),
        tags=list(tags),
        body=body,
        files=[parse_ref(f) for f in files],
        repo=repo,
    )


def ids(found: list[Related]) -> list[str]:
    return [r.entry.id for r in found]


def test_shared_files_then_shared_tags_then_text() -> None:
    me = make(
        "me",
        "Redis sessions evicted",
        tags=("gotcha", "backend"),
        files=("api/s.py",),
        body="Redis evicted the session keys under memory pressure.",
    )
    file_mate = make("file-mate", "Unrelated words", tags=("frontend",), files=("api/s.py",))
    two_tags = make("two-tags", "Other things", tags=("gotcha", "backend"))
    one_tag_similar = make(
        "one-tag-similar",
        "Redis evicts sessions",
        tags=("backend",),
        body="Session keys evicted by Redis when memory is full.",
    )
    one_tag = make("one-tag", "Nothing alike", tags=("gotcha",), body="Cron and daylight saving.")
    text_only = make(
        "text-only",
        "Redis memory pressure evicts session keys",
        tags=("frontend",),
        body="Evicted session keys in Redis.",
    )
    stranger = make("stranger", "Webpack chunks", tags=("frontend",), body="Bundles split badly.")
    index = RelatedIndex([me, file_mate, two_tags, one_tag_similar, one_tag, text_only, stranger])
    found = index.related(me, limit=10)
    assert ids(found) == ["file-mate", "two-tags", "one-tag-similar", "one-tag", "text-only"]
    by_id = {r.entry.id: r for r in found}
    assert by_id["file-mate"].shared_files == ("api/s.py",)
    assert by_id["two-tags"].shared_tags == ("backend", "gotcha")
    assert by_id["text-only"].similarity >= MIN_SIMILARITY
    assert by_id["one-tag"].similarity == 0.0
    assert by_id["one-tag-similar"].similarity > 0.0
    assert [r.reason() for r in found[:1] + found[-1:]] == [
        "shares files: api/s.py",
        "similar text",
    ]
    assert by_id["two-tags"].reason() == "shares tags: backend, gotcha"


def test_text_breaks_ties_between_equal_tag_counts() -> None:
    me = make("me", "Celery retries duplicate emails", tags=("backend",))
    plain = make("plain", "Unrelated title", tags=("backend",), day=9)
    alike = make("alike", "Duplicate emails from celery retries", tags=("backend",), day=1)
    assert ids(RelatedIndex([me, plain, alike]).related(me)) == ["alike", "plain"]


def test_limit_self_and_newest_first_on_ties() -> None:
    me = make("me", tags=("x",))
    older, newer = make("older", tags=("x",), day=1), make("newer", tags=("x",), day=9)
    index = RelatedIndex([me, older, newer])
    assert ids(index.related(me)) == ["newer", "older"]
    assert ids(index.related(me, limit=1)) == ["newer"]


def test_files_only_count_within_the_same_repo() -> None:
    me = make("me", "Alpha", tags=("a",), files=("x.py",))
    elsewhere = make("elsewhere", "Beta", tags=("b",), files=("x.py",), repo="other")
    assert RelatedIndex([me, elsewhere]).related(me) == []


def test_words_most_entries_use_are_not_a_signal() -> None:
    entries = [
        make(f"e{n}", f"Kubernetes thing {n}", tags=(f"t{n}",), body="kubernetes pods")
        for n in range(60)
    ]
    assert RelatedIndex(entries).related(entries[0]) == []


def test_related_entries_is_the_same_as_the_index() -> None:
    a, b = make("a", "Postgres pool", tags=("db",)), make("b", "Postgres pool size", tags=("db",))
    assert related_entries([a, b], a) == RelatedIndex([a, b]).related(a)


def test_stem() -> None:
    words = ("migrations", "queries", "caching", "evicted", "class")
    assert [stem(w) for w in words] == ["migration", "query", "cach", "evict", "class"]


def reference_related(index: RelatedIndex, entry: Entry, limit: int) -> list[Related]:
    """The ranking by its definition: every other entry scored in full, then sorted."""
    text = index.text
    mine = set(entry.tags)
    my_paths = {ref.path for ref in entry.files}
    position = text.number.get(entry.id)
    vector = text.vectors[position] if position is not None else {}
    top = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:TOP_TERMS]
    scored = []
    for other in index.order:
        if other.id == entry.id:
            continue
        files = my_paths & {ref.path for ref in other.files} if other.repo == entry.repo else set()
        tags = mine & set(other.tags)
        theirs = text.vectors[text.number[other.id]]
        score = sum(weight * theirs.get(word, 0.0) for word, weight in top)
        if files or tags or score >= MIN_SIMILARITY:
            key = (-len(files), -len(tags), -round(score, 6), -other.created.timestamp(), other.id)
            scored.append(
                (key, Related(other, tuple(sorted(files)), tuple(sorted(tags)), round(score, 4)))
            )
    return [found for _, found in sorted(scored, key=lambda pair: pair[0])[:limit]]


def synthetic(count: int, seed: int) -> list[Entry]:
    """Entries with few tags, shared paths in two repos, same-day ties and a vocabulary of
    common and rare words, so every part of the ranking decides some orders."""
    rng = random.Random(seed)
    vocabulary = [f"word{n}" for n in range(400)]
    entries = []
    for n in range(count):
        body = " ".join(rng.choice(vocabulary[: rng.choice((20, 400))]) for _ in range(30))
        entries.append(
            make(
                f"e{n:04}",
                " ".join(rng.sample(vocabulary, 3)),
                tags=tuple(rng.sample(("a", "b", "c", "d", "e", "f"), rng.randint(0, 4))),
                files=tuple(rng.sample([f"src/m{k}.py" for k in range(12)], rng.randint(0, 2))),
                body=body,
                repo=rng.choice((None, "other")),
                day=rng.randint(1, 28),
            )
        )
    return entries


@pytest.mark.parametrize("listed", [0, 16, MAX_LISTED])
def test_the_index_ranks_as_the_definition_does(
    listed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0: the entries sharing any tag always stand in for those sharing enough.
    monkeypatch.setattr(related, "MAX_LISTED", listed)
    entries = synthetic(400, seed=7)
    index = RelatedIndex(entries)
    outsider = make("outsider", "word1 word2 word399", tags=("a", "b"), files=("src/m1.py",))
    checked = 0
    for entry in [*entries[::7], outsider]:
        for limit in (1, 5, 40):
            expected = reference_related(index, entry, limit)
            assert index.related(entry, limit) == expected
            checked += len(expected)
    assert checked > 1000  # the synthetic set has plenty of related entries to order


def test_scores_among_some_entries_are_their_full_scores() -> None:
    entries = synthetic(300, seed=3)
    text = RelatedIndex(entries).text
    among = [frozenset(range(0, 300, 3)), {1, 2, 299}]
    for entry in entries[::10]:
        full = text.similar(entry)
        wanted = {n: score for n, score in full.items() if any(n in s for s in among)}
        assert text.similar(entry, among) == wanted
        assert text.similar(entry, []) == {}


def test_members_are_the_set_bits() -> None:
    rng = random.Random(5)
    for bits in [0, 1, 6, 1 << 4999 | 1, *(rng.getrandbits(3000) for _ in range(20))]:
        assert members(bits) == {n for n in range(bits.bit_length()) if bits >> n & 1}
    assert members(bitset([3, 0, 70])) == {0, 3, 70}


def test_words_count_the_title_thrice_in_order_of_first_use() -> None:
    entry = make("x", "Migrations fail", body="The migration failed again. Caching, caching.")
    counted = words(entry)
    assert list(counted.items()) == [("migration", 4), ("fail", 4), ("cach", 2)]
