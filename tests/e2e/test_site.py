"""The built site in Chromium: search, tag and file pages, the superseded banner, dark mode."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

UNIQUE_WORD = "flibbertigibbet"  # only in the body of the Django entry
DJANGO = "Django says no migrations but the tables are missing"


def heading(page: Any) -> str:
    """The page's h1 without the permalink mark that follows it."""
    return str(page.locator("article h1").evaluate("h => h.firstChild.textContent")).strip()


def search(page: Any, text: str) -> None:
    """Type into the header's search box (kb's index behind Material's search dialog)."""
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(text, delay=20)


def result_titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".md-search-result__item h1").all_inner_texts()]


def test_results_show_in_rank_order_as_they_arrive(page: Any, site_url: str) -> None:
    """The top result shows without waiting for the page files of those below it."""
    page.add_init_script(RENDERS)
    page.goto(site_url)
    held = HeldBack(page)
    search(page, "second")
    while len(held.routes) < 2:  # both results' page files
        page.wait_for_timeout(50)
    top = next(route for route in held.routes if "second cookie" in page_title(route))
    held.routes.remove(top)
    top.continue_()
    page.wait_for_function("window.__renders.length === 1")
    assert result_titles(page) == ["The old admin login needs a second cookie"]
    held.release()
    page.locator(".md-search-result__item").nth(1).wait_for()
    assert result_titles(page) == [
        "The old admin login needs a second cookie",
        "Deploys are frozen over the new year",
    ]


def page_title(route: Any) -> str:
    """The title in a held page file (search/p/ID.json), fetched outside the page."""
    return str(route.fetch().json()["t"]).lower()


def test_search_finds_an_entry_by_a_word_of_its_body(page: Any, site_url: str) -> None:
    page.goto(site_url)
    search(page, UNIQUE_WORD)
    result = page.locator(".md-search-result__item", has_text=DJANGO).first
    result.wait_for()
    assert result_titles(page) == [DJANGO]
    assert page.locator(".md-search-result__meta").inner_text().startswith("1 matching document")
    assert result.locator("mark").inner_text().lower() == UNIQUE_WORD  # highlighted
    result.locator("a").first.click()
    page.wait_for_url("**/entries/2025/2025-11-24-django-migrations-out-of-sync/")
    assert heading(page) == DJANGO


def test_search_ranks_title_matches_first_and_leaves_index_pages_out(
    page: Any, site_url: str
) -> None:
    """The word is in one title and in another entry's body; index pages list it."""
    page.goto(site_url)
    search(page, "second")
    page.locator(".md-search-result__item").nth(1).wait_for()
    assert result_titles(page) == [
        "The old admin login needs a second cookie",
        "Deploys are frozen over the new year",
    ]
    links = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    assert links and all("/entries/20" in link for link in links)


def test_search_leaves_related_entries_out(page: Any, site_url: str) -> None:
    """Entries that list the cookie entry among their related entries do not match its
    title's words: they would make every title word match many pages."""
    page.goto(site_url + "entries/2025/2025-11-24-django-migrations-out-of-sync/")
    related = page.locator("#related-entries + ul")
    assert "The old admin login needs a second cookie" in related.inner_text()
    search(page, "cookie")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)
    assert result_titles(page) == ["The old admin login needs a second cookie"]


def test_search_filters_by_tag(page: Any, site_url: str) -> None:
    page.goto(site_url)
    search(page, "created")  # on every entry's page: "Created <date>"
    tag = page.locator("select.kb-search__tag")
    tag.locator("option[value=deployment]").wait_for(state="attached")
    assert tag.locator("option").all_inner_texts()[:3] == ["All tags", "api (3)", "database (2)"]
    tag.select_option("deployment")
    page.wait_for_function(
        "[...document.querySelectorAll('.md-search-result__item h1')].length === 3"
    )
    assert sorted(result_titles(page)) == [
        "ALB rule priorities are allocated from a table",
        "ALB rule priority is already taken",
        "Deploys are frozen over the new year",
    ]
    marks = page.locator(".md-search-result__item mark").all_inner_texts()
    assert [mark.lower() for mark in marks] == ["created"] * 3  # highlighted here too


def test_a_tag_alone_lists_its_entries_newest_first(page: Any, site_url: str) -> None:
    """A tag chosen with no words typed lists the tag's pages from its page list alone:
    no shard of the index is fetched."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    tag = page.locator("select.kb-search__tag")
    tag.locator("option[value=deployment]").wait_for(state="attached")
    tag.select_option("deployment")
    page.locator(".md-search-result__item").nth(2).wait_for()
    assert result_titles(page) == [
        "ALB rule priorities are allocated from a table",  # 2025-12-01
        "ALB rule priority is already taken",  # 2025-10-02
        "Deploys are frozen over the new year",  # 2024-12-31
    ]
    assert page.locator("[data-kb-search-meta]").inner_text() == "3 matching documents"
    assert page.locator(".md-search-result__item mark").count() == 0  # no words to mark
    assert not [url for url in requested if "/search/s/" in url]
    search(page, "created")  # the tag still filters what is typed
    page.wait_for_function(
        "[...document.querySelectorAll('.md-search-result__item mark')].length === 3"
    )
    assert len(result_titles(page)) == 3


def test_search_downloads_no_material_index(page: Any, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url)
    search(page, UNIQUE_WORD)
    page.locator(".md-search-result__item").first.wait_for()
    assert not [url for url in requested if "search_index.json" in url or "/workers/" in url]
    assert any(url.endswith("/search/index.json") for url in requested)
    assert not [url for url in requested if "pagefind" in url]


def test_tag_page_lists_its_entries_newest_first(page: Any, site_url: str) -> None:
    page.goto(site_url + "tags/")
    page.locator("article a", has_text="gotcha").first.click()
    page.wait_for_url("**/tags/gotcha/")
    titles = page.locator("article li a").all_inner_texts()
    assert titles == [
        "ALB rule priorities are allocated from a table",
        DJANGO,
        "Don't pass *args & <kwargs> through [the] registry_view",
    ]


def test_file_page_lists_the_entries_that_refer_to_it(page: Any, site_url: str) -> None:
    page.goto(site_url + "files/")
    page.locator("article a", has_text="api/registry/").click()
    page.wait_for_url("**/files/home/api/#dir-api-registry")
    anchor = page.locator("#file-api-registry-admin\\.py")
    assert anchor.count() == 1
    # The entries listed under the file's heading, up to the next heading.
    listed = "xpath=//h3[contains(., 'api/registry/admin.py')]/following-sibling::ul[1]//a"
    entries = page.locator(listed).all_inner_texts()
    assert entries == [DJANGO, "The old admin login needs a second cookie"]


def test_entry_links_a_file_to_its_folder_page_and_the_code_host(page: Any, site_url: str) -> None:
    page.goto(site_url + "entries/2025/2025-11-24-django-migrations-out-of-sync/")
    host = page.locator("a", has_text="on GitHub").nth(1)
    assert host.get_attribute("href") == (
        "https://github.com/example/shop/blob/trunk/api/registry/admin.py#L40-L62"
    )
    page.locator("article a", has_text="api/registry/admin.py:40-62").click()
    page.wait_for_url("**/files/home/api/#file-api-registry-admin.py")
    assert heading(page) == "api/"


def test_superseded_entry_shows_the_banner_and_links_the_successor(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "entries/2025/2025-10-02-alb-rule-priority-taken/")
    banner = page.locator(".admonition.warning")
    assert banner.locator(".admonition-title").inner_text().strip() == "Superseded"
    banner.locator("a").click()
    page.wait_for_url("**/entries/2025/2025-12-01-alb-rule-priorities-are-allocated/")
    title = heading(page)
    assert title == "ALB rule priorities are allocated from a table"


def test_dark_palette(page: Any, site_url: str) -> None:
    page.goto(site_url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert body.get_attribute("data-md-color-scheme") == "slate"


def test_home_page_shows_counts_newest_entries_and_the_feed(page: Any, site_url: str) -> None:
    page.goto(site_url)
    article = page.locator("article")
    assert "8 entries · 5 tags in use" in article.inner_text()
    newest = article.locator("li a").first.inner_text()
    assert newest == "ALB rule priorities are allocated from a table"
    feed = page.request.get(article.locator("a", has_text="Atom feed").evaluate("a => a.href"))
    assert feed.status == 200
    assert '<feed xmlns="http://www.w3.org/2005/Atom">' in feed.text()


def test_slash_opens_the_search_box(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type(UNIQUE_WORD)
    page.locator(".md-search-result__item", has_text=DJANGO).wait_for()
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


# The order in which result lists were rendered, each as its titles, for the tests below.
RENDERS = """
window.__renders = [];
addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("[data-kb-search-results]");
  new MutationObserver(() => {
    const titles = [...list.querySelectorAll("h1")].map((h) => h.textContent.trim());
    if (titles.length) window.__renders.push(titles);
  }).observe(list, { childList: true });
});
"""


class HeldBack:
    """Holds back the files kb-search.js fetches: by default the page files (each
    result's URL, title and text), which it fetches once a query is ranked."""

    def __init__(self, page: Any, pattern: str = "**/search/p/*") -> None:
        self.routes: list[Any] = []
        self.holding = True
        self.page = page
        page.route(pattern, self.arrived)

    def arrived(self, route: Any) -> None:
        if self.holding:
            self.routes.append(route)
        else:
            route.continue_()

    def wait(self) -> None:
        """Until the first file is asked for (a page file: until a query is ranked)."""
        while not self.routes:
            self.page.wait_for_timeout(50)

    def release(self) -> None:
        self.holding = False
        for route in self.routes:
            route.continue_()


def test_one_letter_is_not_searched_two_are_an_exact_term(page: Any, site_url: str) -> None:
    """One letter would match nearly every page; two letters are looked up as a whole
    term, at once: "tf" finds the entries about infra/alb.tf, not words that begin with
    "tf"."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url)
    search(page, "t")
    page.wait_for_timeout(1000)
    assert page.locator(".md-search-result__item").count() == 0
    assert page.locator("[data-kb-search-meta]").inner_text() == "Type to start searching"
    assert not [url for url in requested if "/search/s/" in url]
    page.locator("input.md-search__input").press("f")
    page.locator(".md-search-result__item").nth(1).wait_for()
    assert result_titles(page) == [
        "ALB rule priorities are allocated from a table",
        "ALB rule priority is already taken",
    ]
    marks = page.locator(".md-search-result__item mark").all_inner_texts()
    assert marks and set(marks) == {"tf"}


def test_a_stale_query_never_replaces_the_latest_ones_results(page: Any, site_url: str) -> None:
    """The first query's page files are held back until the second query is typed: its
    results, when they arrive, belong to a query that is no longer asked."""
    page.add_init_script(RENDERS)
    page.goto(site_url)
    held = HeldBack(page)
    search(page, "cookie")
    held.wait()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(UNIQUE_WORD, delay=10)
    held.release()
    page.locator(".md-search-result__item", has_text=DJANGO).wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__renders") == [[DJANGO]]  # never the cookie entry
    assert result_titles(page) == [DJANGO]


def test_results_of_a_query_the_latest_extends_show_while_it_waits(
    page: Any, site_url: str
) -> None:
    """Typed faster than the page files come: "alb" is answered while the page of "alb
    hand"'s result is on its way (its results contain those of "alb hand", so they are
    worth showing), then "alb hand" replaces them."""
    page.add_init_script(RENDERS)
    page.goto(site_url)
    held = HeldBack(page)
    search(page, "alb")
    while len(held.routes) < 2:  # both results' page files
        page.wait_for_timeout(50)
    page.locator("input.md-search__input").press_sequentially(" hand", delay=10)
    taken = next(route for route in held.routes if "taken" in page_title(route))
    held.routes.remove(taken)
    taken.continue_()  # "alb"'s top result; "alb hand"'s is still held
    page.wait_for_function("window.__renders.length === 1")
    assert page.evaluate("window.__renders") == [["ALB rule priority is already taken"]]
    held.release()
    page.wait_for_function("window.__renders.length >= 2")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__renders")[-1] == [
        "ALB rule priorities are allocated from a table"
    ]


def test_search_works_once_the_index_appears(browser: Any, site_url: str) -> None:
    """kb serve writes the index after the pages: a page opened before it is there finds
    the index at its next search instead of failing until it is reloaded."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    missing = [True]

    def index_json(route: Any) -> None:
        if missing[0]:
            route.fulfill(status=404, body="not yet")
        else:
            route.continue_()

    try:
        page.route("**/search/index.json*", index_json)
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        missing[0] = False
        search(page, UNIQUE_WORD)
        page.locator(".md-search-result__item", has_text=DJANGO).wait_for()
        assert all("404" in error for error in errors)  # only the missing index.json
    finally:
        context.close()
