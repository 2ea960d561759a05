"""Search in a real browser: kb's static index against Material's built-in search.

For each size, one synthetic knowledge base (bench/synth.py) is built twice in the same
run: with the kb plugin's own search index (`plugins: [kb]`) and with Material's search
plugin (`plugins: [search, {kb: {search: false}}]`). Each site is served on 127.0.0.1
and opened in headless Chromium (Debian's, never downloaded) in a fresh context (empty
cache); as soon as the page has loaded, a word is typed into the header's search box.

- first results: first keystroke to the first result in the DOM (target <= 0.3 s). The
  word is typed at 40 ms a key; kb's box searches from the second letter on (two
  letters as an exact term, three and more as a prefix), so its first results are those
  of the word's first letters, shown while the next letters are typed. keys: the keys
  typed by then; after key: from the last of them to the first results (the search's
  own share: the keys' pace is Playwright's, slower on a loaded machine)
- word results: first keystroke to the last change of the results (the whole word's);
  matched: the entries the word's results count
- page bytes: what the opened page downloads by itself (kb's scripts and index.json,
  Material's whole index); query bytes: what it downloads from the click on the search
  box until the word's results show (kb: shards, page files); their sum is the first
  query's cost (target < 1 MB at 20,000)
- build: the `mkdocs build` of each site (child process: wall time, peak RSS incl.
  the index writer), the built site's bytes per entry

kb's search is measured --repeat times (3; the median by first results is shown, and
the range), Material's once (its seconds of downloading and indexing vary little).

Usage: python bench/browser_search_bench.py [--sizes 5000 20000] [--repeat 3]
       [--keep DIR [--reuse]]
(--reuse measures the sites a previous --keep run left in DIR again, with the theme's
current kb-search*.js copied in, without generating or building anything.)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import synth
from kb.site.search import THEME_DIR
from site_bench import THEME, Run, build

SITES = {
    "kb": "plugins: [kb]\n",
    "material": "plugins: [search, {kb: {search: false}}]\n",
}
CONFIG = "site_name: Synthetic\ndocs_dir: site-docs\nsite_dir: site-{name}\n{theme}{plugins}"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
# Set on the first keydown and on the first result, in the page's own clock.
PROBE = """
window.__kb = { keys: [] };
document.addEventListener("keydown", () => {
  window.__kb.key ??= performance.now();
  window.__kb.keys.push(performance.now());
}, true);
new MutationObserver(() => {
  const items = document.querySelectorAll(".md-search-result__item");
  if (!items.length || window.__kb.key === undefined) return;
  if (window.__kb.first === undefined) {
    window.__kb.first = performance.now();
    window.__kb.keysBefore = window.__kb.keys.length;
  }
  window.__kb.last = performance.now();
}).observe(document, { childList: true, subtree: true });
"""


@dataclass(frozen=True)
class Search:
    first_s: float
    word_s: float
    page_bytes: int
    query_bytes: int
    matched: str  # the results' count as the page shows it
    keys: int  # keys typed when the first results showed
    after_key_s: float  # from the last of those keys to the first results


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def prepare(root: Path, n_entries: int, seed: int) -> None:
    """The knowledge base with one mkdocs file per search."""
    files = synth.make_repo(root, 2000, seed)
    synth.make_kb(root, n_entries, seed, repo_files=files)
    (root / "site-docs").mkdir()
    (root / "site-docs" / "index.md").write_text("# Synthetic\n\nThe knowledge base.\n")
    for name, plugins in SITES.items():
        text = CONFIG.format(name=name, theme=THEME, plugins=plugins)
        (root / f"mkdocs-{name}.yml").write_text(text)


def sought(root: Path) -> tuple[str, str]:
    """A word to type (the first of a title's two words) and that title."""
    entries = sorted((root / "entries").rglob("*.md"))
    sought = entries[len(entries) // 2].read_text(encoding="utf-8")
    title = sought.split('title: "', 1)[1].split('"', 1)[0]  # "The WORD verb the WORD (N)"
    return title.split()[1], title


def measure(browser: Any, url: str, word: str) -> Search:
    """Open the home page in a fresh context, type `word`, time the results."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(PROBE)
    loaded: list[int] = []  # dedicated workers' fetches too, unlike the Performance API
    page.on("requestfinished", lambda r: loaded.append(r.sizes()["responseBodySize"]))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")  # what the page fetches by itself, before a query
    page_bytes = sum(loaded)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=40)
    page.wait_for_function("window.__kb.first !== undefined", timeout=300_000)
    settled = "window.__kb.last !== undefined && performance.now() - window.__kb.last > 2000"
    page.wait_for_function(settled, timeout=300_000, polling=200)
    times = page.evaluate("window.__kb")
    page.wait_for_load_state("networkidle")
    found = Search(
        (times["first"] - times["key"]) / 1000,
        (times["last"] - times["key"]) / 1000,
        page_bytes,
        sum(loaded) - page_bytes,
        page.locator(".md-search-result__meta").first.inner_text().split()[0],
        times["keysBefore"],
        (times["first"] - times["keys"][times["keysBefore"] - 1]) / 1000,
    )
    context.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="measurements of kb's search")
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument("--reuse", action="store_true", help="measure the sites kept in --keep")
    args = parser.parse_args(argv)
    if args.reuse and args.keep is None:
        parser.error("--reuse needs --keep DIR")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-browser-bench-"))
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = shutil.which("chromium")
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            for n in args.sizes:
                report(browser, work / str(n), n, args.seed, args.reuse, args.repeat)
            browser.close()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def report(browser: Any, root: Path, n: int, seed: int, reuse: bool, repeat: int) -> None:
    """Build both sites of `n` entries, search each in the browser, print one block."""
    if not reuse:
        prepare(root, n, seed)
    word, title = sought(root)
    results: dict[str, tuple[Run, list[Search]]] = {}
    for name in SITES:
        built = reused(root, name) if reuse else build_one(root, name)
        times = repeat if name == "kb" else 1
        with served(root / f"site-{name}") as url:
            results[name] = (built, [measure(browser, url, word) for _ in range(times)])
    print(f"\n{n:,} entries, typing {word!r} (from the title {title!r})")
    print(f"{'search':>9} {'first s':>8} {'keys':>5} {'after key':>10} {'word s':>8} "
          f"{'matched':>8} {'page KB':>8} {'query KB':>9} {'build s':>8} {'peak MB':>8} "
          f"{'site B/entry':>13}")  # fmt: skip
    for name, (run, runs) in results.items():
        found = median(runs)
        print(f"{name:>9} {found.first_s:>8.3f} {found.keys:>5} {found.after_key_s:>10.3f} "
              f"{found.word_s:>8.3f} {found.matched:>8} {found.page_bytes / 1024:>8.0f} "
              f"{found.query_bytes / 1024:>9.0f} {run.seconds:>8.1f} {run.peak_mb:>8.0f} "
              f"{run.site_bytes / n:>13,.0f}")  # fmt: skip
    kb_runs, material = results["kb"][1], median(results["material"][1])
    kb = median(kb_runs)
    firsts = sorted(found.first_s for found in kb_runs)
    print(f"first results, kb / Material: {kb.first_s / material.first_s:.3f} "
          f"({kb.first_s:.3f} s, median of {len(firsts)}: {firsts[0]:.3f}-{firsts[-1]:.3f} s; "
          "target <= 0.3 s)")  # fmt: skip
    total = {name: median(runs).page_bytes + median(runs).query_bytes
             for name, (_, runs) in results.items()}  # fmt: skip
    print(f"page + first query bytes, kb: {total['kb'] / 1e6:.2f} MB (target < 1 MB);"
          f" Material: {total['material'] / 1e6:.2f} MB", flush=True)  # fmt: skip


def median(runs: list[Search]) -> Search:
    """The run whose first results took the median time (the lower one of an even count)."""
    ordered = sorted(runs, key=lambda found: found.first_s)
    return ordered[(len(ordered) - 1) // 2]


def reused(root: Path, name: str) -> Run:
    """A kept site with the theme's current search scripts; no build, so no build numbers."""
    site = root / f"site-{name}"
    scripts = Path("assets") / "javascripts"
    if (site / scripts / "kb-search.js").exists():
        for script in (THEME_DIR / scripts).glob("kb-search*.js"):
            shutil.copyfile(script, site / scripts / script.name)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    unknown = {field.name: float("nan") for field in fields(Run)}
    return Run(**{**unknown, "site_bytes": size})


def build_one(root: Path, name: str) -> Run:
    """site_bench's child-process build, pointed at mkdocs-NAME.yml."""
    config = root / "mkdocs.yml"
    shutil.copyfile(root / f"mkdocs-{name}.yml", config)
    run = build(root)
    site = root / f"site-{name}"
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return replace(run, site_bytes=size)


if __name__ == "__main__":
    raise SystemExit(main())
