"""kb's static search index: the files written, and the reference reader's ranking."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.site.searchindex import IndexWriter, excerpt, query
from kb.site.searchwords import query_terms


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def files(folder: Path) -> dict[str, Any]:
    """Every file of a bundle, parsed, by its path in the bundle."""
    return {p.relative_to(folder).as_posix(): read(p) for p in sorted(folder.rglob("*.json"))}


def small(folder: Path, shard_chars: int = 48 * 1024) -> Path:
    """Three pages: an undated guide page and two entries, added oldest last."""
    writer = IndexWriter(folder, shard_chars)
    writer.add("guide/site/", "The site", "Search  the site\n with migrations.", [], "")
    writer.add(
        "entries/a/",
        "Django migrations",
        "Django says no migrations but tables are missing.",
        ["gotcha", "database"],
        "2025-11-24",
    )
    writer.add("entries/b/", "ALB rules", "Rule priorities are allocated; migrate later.",
               ["gotcha"], "2025-12-01")  # fmt: skip
    writer.write()
    return folder


def test_a_small_index_exactly(tmp_path: Path) -> None:
    found = files(small(tmp_path / "out"))
    build = found["index.json"].pop("build")
    assert re.fullmatch("[0-9a-f]{16}", build)
    assert found == {
        "index.json": {
            "v": 1,
            "pages": 3,
            "shards": ["alb"],
            "tags": [["database", 1], ["gotcha", 2]],
        },
        "p/0.json": {
            "u": "entries/b/",
            "t": "ALB rules",
            "g": ["gotcha"],
            "d": "2025-12-01",
            "x": "Rule priorities are allocated; migrate later.",
        },
        "p/1.json": {
            "u": "entries/a/",
            "t": "Django migrations",
            "g": ["gotcha", "database"],
            "d": "2025-11-24",
            "x": "Django says no migrations but tables are missing.",
        },
        "p/2.json": {
            "u": "guide/site/",
            "t": "The site",
            "g": [],
            "d": "",
            "x": "Search the site with migrations.",
        },
        "s/0.json": {
            "alb": [0, 1000],
            "allocated": [0, 10],
            "are": [0, 5, 1, 4],
            "but": [1, 9],
            "django": [1, 1009],
            "later": [0, 10],
            "migrate": [0, 10],
            "migration": [1, 1004, 1, 5],
            "missing": [1, 9],
            "no": [1, 9],
            "priority": [0, 10],
            "rule": [0, 1010],
            "say": [1, 9],
            "search": [2, 11],
            "site": [2, 1011],
            "table": [1, 9],
            "the": [2, 1011],
            "with": [2, 11],
        },
        "t/0.json": [1],
        "t/1.json": [0, 1],
    }
    assert list(found["s/0.json"]) == sorted(found["s/0.json"])  # the file's own order
    assert not list((tmp_path / "out" / "p").glob("*.tmp"))
    assert read(small(tmp_path / "again") / "index.json")["build"] != build


def test_scores_are_bm25_tenths_plus_1000_for_the_title(tmp_path: Path) -> None:
    """ "migration" in entry a (8 tokens, title too) and the guide (5 tokens), of 3 pages
    with 19 tokens in all."""
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))

    def bm25(tf: int, length: int) -> float:
        return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / (19 / 3)))

    shard = read(small(tmp_path / "out") / "s" / "0.json")
    assert shard["migration"] == [1, 1000 + round(10 * bm25(1, 8)), 1, round(10 * bm25(1, 5))]


def test_title_only_terms_score_1000_and_body_scores_are_clamped(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out")
    writer.add("a/", "Quokka", "rare common", [], "2025-01-01")
    for number in range(19):
        writer.add(f"b{number:02}/", "Other", "common " + "filler " * number, [], "2025-01-02")
    writer.write()
    shard = read(tmp_path / "out" / "s" / "0.json")
    assert shard["quokka"] == [19, 1000]  # the oldest page: id 19, no body part
    assert shard["rare"] == [19, 39]  # idf ln(14) = 2.64; 2 tokens, 9.6 on average
    # On all 20 pages: idf ln(1 + 0.5 / 20.5) makes each 10 * BM25 round to 0: 1.
    assert shard["common"] == [0, 1] + [1, 1] * 19


def test_ids_are_newest_first_then_by_url(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out")
    for url, date in [("z/", ""), ("b/", "2024-05-01"), ("a/", ""), ("c/", "2024-05-01"),
                      ("d/", "2025-01-01")]:  # fmt: skip
        writer.add(url, url, "word", [], date)
    writer.write()
    urls = [read(tmp_path / "out" / "p" / f"{i}.json")["u"] for i in range(5)]
    assert urls == ["d/", "b/", "c/", "a/", "z/"]
    assert read(tmp_path / "out" / "s" / "0.json")["word"] == [0, 1, 1, 1, 1, 1, 1, 1, 1, 1]


def test_shards_split_by_size_and_a_big_term_stands_alone(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out", shard_chars=40)
    for number in range(30):
        writer.add(f"p{number:02}/", "", f"alpha beta{number % 3} zeta", [], "")
    writer.write()
    found = files(tmp_path / "out")
    shards = found["index.json"]["shards"]
    assert shards == ["alpha", "beta0", "beta1", "beta2", "zeta"]
    assert list(found["s/0.json"]) == ["alpha"]  # 30 postings: past 40 characters, alone
    assert list(found["s/4.json"]) == ["zeta"]
    for number, first in enumerate(shards):
        terms = list(found[f"s/{number}.json"])
        assert terms[0] == first
        following = shards[number + 1] if number + 1 < len(shards) else None
        assert all(first <= term and (following is None or term < following) for term in terms)
    assert sum(len(found[f"s/{n}.json"]) for n in range(len(shards))) == 5


def test_shards_hold_several_terms_up_to_the_size(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out", shard_chars=30)
    writer.add("a/", "", "aa ab ac ad ae af ag", [], "")
    writer.write()
    found = files(tmp_path / "out")
    # Each term is `"aa":[0,3]`, 10 characters and a comma: two fit, a third would pass 30.
    assert found["index.json"]["shards"] == ["aa", "ac", "ae", "ag"]
    assert found["s/0.json"] == {"aa": [0, 3], "ab": [0, 3]}


def test_text_is_cut_at_20000_characters_and_indexed_as_cut(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out")
    writer.add("a/", "T", "x " * 9997 + "kept yyyyy gone", [], "")
    writer.write()
    page = read(tmp_path / "out" / "p" / "0.json")
    assert len(page["x"]) == 20_000 and page["x"].endswith("kept y")
    assert query(tmp_path / "out", "kept") and not query(tmp_path / "out", "gone")


def test_a_page_after_the_write_is_refused(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out")
    writer.write()
    with pytest.raises(ValueError, match=r"^late/: a page after the index was written$"):
        writer.add("late/", "Late", "text")


def test_an_empty_index(tmp_path: Path) -> None:
    IndexWriter(tmp_path / "out").write()
    found = files(tmp_path / "out")
    del found["index.json"]["build"]
    assert found == {"index.json": {"v": 1, "pages": 0, "shards": [], "tags": []}}
    assert query(tmp_path / "out", "anything") == []


def ranked(folder: Path, text: str, tag: str | None = None) -> list[tuple[str, float]]:
    return [(result["u"], result["rank"]) for result in query(folder, text, tag)]


def test_query_prefixes_count_half_exact_terms_in_full(tmp_path: Path) -> None:
    folder = small(tmp_path / "out")
    # "migra" begins "migration" (half of 1004, of 5) and "migrate" (half of 10).
    assert ranked(folder, "migra") == [("entries/a/", 502), ("entries/b/", 5), ("guide/site/", 2.5)]
    assert ranked(folder, "migrations") == [("entries/a/", 1004), ("guide/site/", 5)]
    assert ranked(folder, "migrate") == [("entries/b/", 10)]  # not a prefix of "migration"


def test_a_page_counts_its_best_matching_term(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out")
    writer.add("a/", "Cached", "the cache", [], "")
    writer.add("b/", "Other", "cache", [], "")
    writer.write()
    shard = read(tmp_path / "out" / "s" / "0.json")
    assert shard["cache"] == [0, 2, 1, 2] and shard["cached"] == [0, 1000]
    # a/: "cached" halved (500) beats "cache" exact (2); b/ has only "cache".
    assert ranked(tmp_path / "out", "cache") == [("a/", 500), ("b/", 2)]


def test_short_query_terms_match_only_themselves(tmp_path: Path) -> None:
    folder = small(tmp_path / "out")
    assert ranked(folder, "no") == [("entries/a/", 9)]
    assert ranked(folder, "mi") == []  # not a prefix: "migration" is not matched


def test_every_query_term_must_match_and_ranks_add_up(tmp_path: Path) -> None:
    folder = small(tmp_path / "out")
    assert ranked(folder, "site migrations") == [("guide/site/", 1011 + 5)]
    assert ranked(folder, "django rule") == []
    assert ranked(folder, "are") == [("entries/b/", 5), ("entries/a/", 4)]


def test_ties_rank_the_newer_page_first(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out")
    writer.add("old/", "Old", "same words", [], "2024-01-01")
    writer.add("new/", "New", "same words", [], "2025-01-01")
    writer.write()
    assert [url for url, _ in ranked(tmp_path / "out", "same")] == ["new/", "old/"]


def test_tags_filter_results_and_list_their_pages_alone(tmp_path: Path) -> None:
    folder = small(tmp_path / "out")
    assert ranked(folder, "migra", "gotcha") == [("entries/a/", 502), ("entries/b/", 5)]
    assert ranked(folder, "migra", "database") == [("entries/a/", 502)]
    assert ranked(folder, "", "gotcha") == [("entries/b/", 0), ("entries/a/", 0)]
    assert ranked(folder, "migra", "nosuchtag") == []
    assert ranked(folder, "") == []


def test_query_reads_only_the_shards_a_term_needs(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path / "out", shard_chars=20)
    writer.add("a/", "", "cat catalog catalogue cattle dog", [], "")
    writer.write()
    folder = tmp_path / "out"
    shards = read(folder / "index.json")["shards"]
    assert shards == ["cat", "catalog", "catalogue", "cattle", "dog"]
    for number in range(len(shards)):
        if shards[number] != "dog":  # damage the shards "cat" needs: the query must fail
            continue
        (folder / "s" / f"{number}.json").write_text("not json")
    assert [url for url, _ in ranked(folder, "cat")] == ["a/"]
    assert [url for url, _ in ranked(folder, "catalogue")] == ["a/"]
    with pytest.raises(json.JSONDecodeError):
        query(folder, "dog")


def test_excerpts_mark_matches_in_a_window_around_the_first(tmp_path: Path) -> None:
    text = " ".join(f"w{n}" for n in range(50)) + " Migrations & <b> w50 migrated"
    assert excerpt(text, ["migr"]) == (
        "… " + " ".join(f"w{n}" for n in range(40, 50))
        + " <mark>Migrations</mark> &amp; &lt;b&gt; w50 <mark>migrated</mark>"
    )  # fmt: skip
    long = " ".join(f"w{n}" for n in range(100))
    assert excerpt(long, ["w20"]) == "… " + " ".join(f"w{n}" for n in range(10, 20)) + (
        " <mark>w20</mark> " + " ".join(f"w{n}" for n in range(21, 40)) + " …"
    )
    assert excerpt(long, ["title"]) == " ".join(f"w{n}" for n in range(30)) + " …"
    assert excerpt("", ["x"]) == ""


def test_query_results_carry_the_page_and_its_excerpt(tmp_path: Path) -> None:
    result = query(small(tmp_path / "out"), "tables")[0]
    assert result == {
        "id": 1,
        "rank": 9,
        "u": "entries/a/",
        "t": "Django migrations",
        "g": ["gotcha", "database"],
        "d": "2025-11-24",
        "x": "Django says no migrations but tables are missing.",
        "excerpt": "Django says no migrations but <mark>tables</mark> are missing",
    }


WORDS = ["ca", "cat", "cats", "catalog", "cattle", "dog", "dogs", "do", "d", "zebra", "é", "éa"]


def brute_force(folder: Path, text: str) -> list[tuple[int, float]]:
    """The ranking rules applied to every term of every shard, no shard chosen."""
    index = read(folder / "index.json")
    terms: dict[str, list[int]] = {}
    for number in range(len(index["shards"])):
        terms.update(read(folder / "s" / f"{number}.json"))
    ranks: dict[int, float] | None = None
    for wanted in query_terms(text):
        best: dict[int, float] = {}
        for term, postings in terms.items():
            if term == wanted or (len(wanted) >= 3 and term.startswith(wanted)):
                page = 0
                for gap, score in zip(postings[::2], postings[1::2], strict=True):
                    page += gap
                    best[page] = max(best.get(page, 0), score if term == wanted else score / 2)
        ranks = best if ranks is None else {p: r + best[p] for p, r in ranks.items() if p in best}
    return sorted((ranks or {}).items(), key=lambda item: (-item[1], item[0]))


@settings(max_examples=60, deadline=None)
@given(
    pages=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=1, max_size=12
    ),
    wanted=st.lists(st.sampled_from([*WORDS, "cata", "catt", "zzz", "a"]), min_size=1, max_size=3),
    shard_chars=st.sampled_from([10, 30, 100, 48 * 1024]),
)
def test_the_shards_a_query_reads_give_the_ranking_of_all_terms(
    tmp_path_factory: pytest.TempPathFactory,
    pages: list[list[str]],
    wanted: list[str],
    shard_chars: int,
) -> None:
    folder = tmp_path_factory.mktemp("index") / "out"
    writer = IndexWriter(folder, shard_chars)
    for number, words in enumerate(pages):
        writer.add(f"p{number}/", words[0], " ".join(words[1:]), [], f"2025-01-{number + 1:02}")
    writer.write()
    text = " ".join(wanted)
    assert [(r["id"], r["rank"]) for r in query(folder, text)] == brute_force(folder, text)
