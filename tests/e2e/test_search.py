"""kb's search index read in Chromium, checked against the Python side that wrote it:
the same words (kb.site.searchwords), the same results in the same order and the same
excerpts as the reference reader (kb.site.searchindex.query)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.cli.main import main
from kb.site.searchindex import query
from kb.site.searchwords import query_terms, stem, tokens
from tests.e2e.conftest import OUTPUT, served
from tests.site.conftest import copy_fixture

pytestmark = pytest.mark.e2e

WORDS_MODULE = "assets/javascripts/kb-search-words.js"
INDEX_MODULE = "assets/javascripts/kb-search-index.js"

TRICKY = [
    "migrations queries classes status class boxes caches dies",
    "series species toes aes bees eies aies us ss bus gas his",
    "Café CAFÉS naïve Straße STRASSE ẞ cafe\u0301s",  # the last with a combining accent
    "S3 ec2 x86_64 1234 v1.2.3 IPv6 UTF-8 HTTP/2 ² ½ ٣ Ⅻ",
    "snake_case_name __init__ registry_view don't e-mail",
    "日本語のテキスト 中文搜索 검색 ひらがなカタカナ",
    "İstanbul ΟΔΟΣ ΣΟΦΟΣ. K ﬁles Ǆemals",  # dotted I, final sigma, Kelvin, ligature
    "a" * 64 + " " + "b" * 65 + " " + "𠀀" * 40 + " " + "𠀀" * 65 + " 𠀀𠀀s 𝐀𝐁𝐂𝐃S",
    "🙂 emoji🙂between ",
]


def module(site_url: str, path: str) -> str:
    return f"{site_url}{path}"


def test_words_are_cut_and_stemmed_as_in_python(page: Any, site_url: str) -> None:
    page.goto(site_url)
    found = page.evaluate(
        """async ([url, texts]) => {
          const words = await import(url);
          return texts.map((text) => [
            words.tokens(text), words.tokens(text).map(words.stem), words.terms(text)]);
        }""",
        [module(site_url, WORDS_MODULE), TRICKY],
    )
    expected = [[tokens(t), [stem(w) for w in tokens(t)], query_terms(t)] for t in TRICKY]
    assert found == expected


def test_terms_sort_as_in_python(page: Any, site_url: str) -> None:
    """The shards' first terms are in Python's (code point) order; characters past
    U+FFFF sort after U+E000-U+FFFF there, before them with JavaScript's `<`."""
    page.goto(site_url)
    strings = ["ｚ", "\ue000", "𝐀", "a", "ab", "", "日本", "𠀀", "ﬁ", "z"]
    found = page.evaluate(
        "async ([url, strings]) => strings.slice().sort((await import(url)).compare)",
        [module(site_url, WORDS_MODULE), strings],
    )
    assert found == sorted(strings)


# (text typed, tag chosen): one word, a stem, two words, prefixes, two letters (an
# exact term), with a tag, a tag alone, nothing found.
QUERIES = [
    ("flibbertigibbet", ""),
    ("second", ""),
    ("priorities", ""),
    ("alb rule", ""),
    ("migr", ""),
    ("the", ""),
    ("tf", ""),
    ("created", "deployment"),
    ("rule", "gotcha"),
    ("", "api"),
    ("alb zzz", ""),
]


def ask(page: Any, site_url: str, text: str, tag: str) -> list[str]:
    """The URLs of the results the search box lists for `text` (and `tag`), once the
    list shows as many results as its count says (ten at most before "more")."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    select = page.locator("select.kb-search__tag")
    select.locator("option[value=api]").wait_for(state="attached")
    if text:
        # The tag set without a change event, so that typing asks one query, not two.
        select.evaluate("(s, tag) => { s.value = tag; }", tag)
        box.fill(text)
    else:
        select.select_option(tag)
    page.wait_for_function(
        """() => {
          const meta = document.querySelector("[data-kb-search-meta]").textContent;
          const count = /^No matching/.test(meta) ? 0 : parseInt(meta, 10);
          const items = document.querySelectorAll(".md-search-result__item a");
          return !isNaN(count) && items.length === Math.min(count, 10);
        }"""
    )
    return [
        str(href)
        for href in page.locator(".md-search-result__item a").evaluate_all(
            "links => links.map((a) => a.href)"
        )
    ]


@pytest.mark.parametrize(("text", "tag"), QUERIES)
def test_the_box_lists_the_reference_readers_results(
    page: Any, site_url: str, built_site: Path, text: str, tag: str
) -> None:
    expected = query(built_site / "search", text, tag or None)
    assert ask(page, site_url, text, tag) == [site_url + r["u"] for r in expected[:10]]
    count = page.locator("[data-kb-search-meta]").inner_text()
    assert count.startswith(f"{len(expected)} matching" if expected else "No matching")


def test_ranks_and_excerpts_equal_the_reference_readers(
    page: Any, site_url: str, built_site: Path
) -> None:
    """Every result (not only the ten shown) and its excerpt's HTML, for every query."""
    page.goto(site_url)
    found = page.evaluate(
        """async ([indexUrl, wordsUrl, folder, queries]) => {
          const { SearchIndex, excerpt } = await import(indexUrl);
          const { terms } = await import(wordsUrl);
          const index = await SearchIndex.load(new URL(folder));
          const answers = [];
          for (const [text, tag] of queries) {
            const ids = await index.rank(terms(text), tag);
            const pages = await Promise.all(ids.map((id) => index.page(id)));
            answers.push(ids.map((id, i) => [id, excerpt(pages[i].x, terms(text))]));
          }
          return answers;
        }""",
        [
            module(site_url, INDEX_MODULE),
            module(site_url, WORDS_MODULE),
            site_url + "search/",
            QUERIES,
        ],
    )
    expected = [
        [[r["id"], r["excerpt"]] for r in query(built_site / "search", text, tag or None)]
        for text, tag in QUERIES
    ]
    assert found == expected
    assert any(len(answer) > 2 for answer in found)  # not only empty or single answers


def test_the_excerpt_marks_the_words_a_prefix_matches(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("migr", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    marks = result.locator("mark").all_inner_texts()
    assert marks and all(mark.lower().startswith("migr") for mark in marks)


WIDGETS = 25


@pytest.fixture(scope="session")
def widgets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The fixture knowledge base with 25 more entries about widgets, built and served:
    more results than the list shows at first."""
    root = copy_fixture(tmp_path_factory.mktemp("e2e-widgets") / "shop")
    for n in range(1, WIDGETS + 1):
        body = " ".join(["The widget"] * (n % 4 + 1)) + f" needs care number {n}."
        (root / "entries" / "2026").mkdir(exist_ok=True)
        (root / "entries" / "2026" / f"2026-01-{n:02}-widget-note-{n}.md").write_text(
            f"---\ntitle: Widget note {n}\ncreated: 2026-01-{n:02}T10:00:00+01:00\n"
            f"tags: [testing]\n---\n\n{body}\n",
            encoding="utf-8",
        )
    assert main(["--root", str(root), "build"]) == 0
    with served(root / "site") as url:
        yield url, root / "site"


def titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".md-search-result__item h1").all_inner_texts()]


def listed(page: Any, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.md-search-result__item h1').length === {count}"
    )


def test_more_results_load_on_request_and_at_the_end_of_the_list(
    browser: Any, widgets: tuple[str, Path]
) -> None:
    """Ten results first, with only their page files fetched; "More results" adds ten;
    scrolling to the end of the list adds the rest."""
    url, site = widgets
    expected = [r["t"] for r in query(site / "search", "widget")]
    assert len(expected) == WIDGETS
    context = browser.new_context(viewport={"width": 1280, "height": 500})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(url)
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill("widget")
        listed(page, 10)
        page.wait_for_timeout(300)
        assert titles(page) == expected[:10]
        assert page.locator("[data-kb-search-meta]").inner_text() == "25 matching documents"
        assert len([u for u in requested if "/search/p/" in u]) == 10
        page.locator(".kb-search__more button").click()
        listed(page, 20)
        assert titles(page) == expected[:20]
        page.locator(".md-search-result__item").nth(19).scroll_into_view_if_needed()
        listed(page, WIDGETS)
        assert titles(page) == expected
        assert page.locator(".kb-search__more").count() == 0
        OUTPUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "more_results.png"), full_page=True)
        assert errors == []
    finally:
        context.close()


def test_a_tag_alone_lists_past_ten_newest_first(page: Any, widgets: tuple[str, Path]) -> None:
    """All of the tag's 26 entries, ten at a time as the list is scrolled to its end."""
    url, site = widgets
    expected = [r["t"] for r in query(site / "search", "", "testing")]
    assert expected[:3] == ["Widget note 25", "Widget note 24", "Widget note 23"]
    page.goto(url)
    page.locator("input.md-search__input").click()
    select = page.locator("select.kb-search__tag")
    select.locator("option[value=testing]").wait_for(state="attached")
    select.select_option("testing")
    page.locator(".md-search-result__item").nth(9).wait_for()
    assert titles(page)[:10] == expected[:10]
    for _ in range(50):  # ten more each time the end scrolls into view
        if len(titles(page)) == len(expected):
            break
        page.locator(".md-search-result__item").last.scroll_into_view_if_needed()
        page.wait_for_timeout(100)
    assert titles(page) == expected
    assert (
        page.locator("[data-kb-search-meta]").inner_text() == f"{len(expected)} matching documents"
    )


def test_a_newer_build_is_searched_when_the_box_opens_again(page: Any, site_url: str) -> None:
    """kb serve writes the index again a little after it reloads the page: opened after
    a while, the box asks index.json again, and searches the build it names."""
    newer = "0123456789abcdef"

    def rebuilt(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, json={**response.json(), "build": newer})

    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.route("**/search/index.json", rebuilt)
    page.wait_for_timeout(2100)  # kb-search.js's RECHECK_MS
    page.locator("input.md-search__input").click()
    page.wait_for_function(
        f"document.querySelector('[data-kb-search-tag]').dataset.build === '{newer}'"
    )
    page.locator("input.md-search__input").press_sequentially("cookie", delay=20)
    page.locator(".md-search-result__item", has_text="second cookie").wait_for()
    files = [url for url in requested if "/search/s/" in url or "/search/p/" in url]
    assert files and all(url.endswith(f"?v={newer}") for url in files)
    assert len([url for url in requested if url.endswith("/search/index.json")]) == 2


def brightness(css_color: str) -> float:
    """0 (black) to 1 (white) for a computed `rgb(...)`/`rgba(...)` color."""
    parts = css_color.split("(")[1].rstrip(")").split(",")
    red, green, blue = (float(part) for part in parts[:3])
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def test_results_and_the_tag_menu_follow_the_dark_palette(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("second", delay=20)
    title = page.locator(".md-search-result__item h1").first
    title.wait_for()
    style = "(e, name) => getComputedStyle(e)[name]"
    assert brightness(page.locator(".md-search__output").evaluate(style, "backgroundColor")) < 0.3
    assert brightness(title.evaluate(style, "color")) > 0.6
    menu = page.locator("select.kb-search__tag")
    assert brightness(menu.evaluate(style, "backgroundColor")) < 0.3
    assert brightness(menu.evaluate(style, "color")) > 0.6


def test_title_words_are_marked_too(page: Any, site_url: str) -> None:
    """A title-only match shows the start of the text: the mark is in the title."""
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("cookie", delay=20)
    title = page.locator(".md-search-result__item h1").first
    title.wait_for()
    assert title.inner_text() == "The old admin login needs a second cookie"
    assert title.locator("mark").all_inner_texts() == ["cookie"]


def test_markup_in_a_title_is_shown_as_text(page: Any, site_url: str) -> None:
    """Titles and excerpts are escaped before the marks go in: `<kwargs>` is text."""
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("kwargs", delay=20)
    title = page.locator(".md-search-result__item h1").first
    title.wait_for()
    assert title.inner_text() == "Don't pass *args & <kwargs> through [the] registry_view"
    assert title.locator("mark").all_inner_texts() == ["kwargs"]
    assert page.locator(".md-search-result__item kwargs").count() == 0  # no such element


@pytest.mark.parametrize("key", ["s", "f"])
def test_a_shortcut_focuses_the_box_and_enter_opens_the_first_result(
    page: Any, site_url: str, key: str
) -> None:
    page.goto(site_url + "tags/")
    page.keyboard.press(key)
    page.keyboard.type("migrations")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_url("**/entries/2025/2025-11-24-django-migrations-out-of-sync/")


def test_the_page_fetches_index_json_as_it_loads_and_nothing_more(page: Any, site_url: str) -> None:
    """index.json is there before the first keystroke; shards, tag lists and page files
    only when a query needs them, each once."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/search/" in url] == [site_url + "search/index.json"]
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("rule", delay=20)
    page.locator(".md-search-result__item").nth(1).wait_for()
    page.locator("input.md-search__input").fill("")
    page.locator("input.md-search__input").press_sequentially("rules", delay=20)
    page.locator(".md-search-result__item").nth(1).wait_for()
    page.wait_for_load_state("networkidle")
    # index.json may be asked again when the box opens (after 2 s on a slow machine).
    files = [url.split("/search/")[1] for url in requested if "/search/" in url]
    files = [name for name in files if name != "index.json"]
    assert len(files) == len(set(files))  # each file fetched once
    assert [f for f in files if f.startswith("p/")]  # the results' page files
