"""Edit-to-reload time of the preview: `kb serve` against `mkdocs serve`, same run.

A synthetic knowledge base (bench/synth.py) is served by each in turn; headless
Chromium (Debian's) has an entry's page open; the entry's title is edited on disk, and
the clock runs until the browser shows the new title (the live-reload script reloads
the page) and until the entry's timeline page (an index page) lists it.

- kb serve: edit to the entry's new title in the browser, target <= 1.5 s at 5,000
- the index page following, and the same two times for `mkdocs serve` (full rebuilds)

Usage: python bench/preview_bench.py [--entries 5000] [--edits 3] [--skip-mkdocs]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import synth
from browser_search_bench import ARGS
from site_bench import THEME

CONFIG = "site_name: Synthetic\ndocs_dir: site-docs\n{theme}plugins: [kb]\n"
TIMEOUT = 600.0


def prepare(root: Path, n_entries: int, seed: int) -> Path:
    files = synth.make_repo(root, 2000, seed)
    synth.make_kb(root, n_entries, seed, repo_files=files)
    (root / "site-docs").mkdir()
    (root / "site-docs" / "index.md").write_text("# Synthetic\n\nThe knowledge base.\n")
    (root / "mkdocs.yml").write_text(CONFIG.format(theme=THEME))
    entries = sorted((root / "entries").rglob("*.md"))
    return entries[len(entries) // 2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def text_of(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def until(condition: Callable[[], bool], started: float) -> float:
    """Seconds from `started` until `condition()` holds (polled every 20 ms)."""
    while not condition():
        if time.perf_counter() - started > TIMEOUT:
            raise SystemExit("the preview did not follow the edit in time")
        time.sleep(0.02)
    return time.perf_counter() - started


@contextmanager
def server(command: list[str], root: Path, url: str) -> Iterator[float]:
    """The server running (yields its start-up seconds), stopped afterwards."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    out = subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=out)
    try:
        yield until(lambda: bool(text_of(url)), started)
    finally:
        process.terminate()
        process.wait(timeout=60)


def heading(page: Any) -> str:
    try:
        return str(page.evaluate("document.querySelector('article h1')?.textContent || ''"))
    except Exception:  # the page is reloading: no document to ask for a moment
        return ""


def edit_times(browser: Any, base: str, entry: Path, edits: int) -> list[tuple[float, float]]:
    """For each edit: seconds until the browser shows it, until the index page lists it."""
    rel = entry.relative_to(entry.parents[2]).with_suffix("").as_posix()  # entries/YYYY/ID
    page_url, index_url = f"{base}{rel}/", f"{base}timeline/{entry.stem[:4]}/"
    page = browser.new_page()
    page.goto(page_url)
    original = entry.read_text(encoding="utf-8")
    times = []
    try:
        for number in range(1, edits + 1):
            title = f"Edited title number {number}"
            text = original.replace('title: "', f'title: "{title} ', 1)
            time.sleep(1.0)  # let the server settle after the previous round
            started = time.perf_counter()
            entry.write_text(text, encoding="utf-8")
            shown = until(lambda t=title: t in heading(page), started)
            listed = until(lambda t=title: t in text_of(index_url), started)
            times.append((shown, listed))
    finally:
        entry.write_text(original, encoding="utf-8")
        page.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-mkdocs", action="store_true", help="only time kb serve")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-preview-bench-"))
    from playwright.sync_api import sync_playwright

    try:
        entry = prepare(work, args.entries, args.seed)
        servers = {"kb serve": [str(Path(sys.executable).parent / "kb"), "serve", "-a"]}
        if not args.skip_mkdocs:
            servers["mkdocs serve"] = [sys.executable, "-m", "mkdocs", "serve", "-a"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=ARGS
            )
            print(f"{args.entries:,} entries; editing {entry.name}")
            for name, command in servers.items():
                address = f"127.0.0.1:{free_port()}"
                with server([*command, address], work, f"http://{address}/") as startup:
                    times = edit_times(browser, f"http://{address}/", entry, args.edits)
                shown = ", ".join(f"{s:.2f}" for s, _ in times)
                listed = ", ".join(f"{li:.2f}" for _, li in times)
                print(f"{name:>12}: start-up {startup:.1f} s; edit shown in {shown} s; "
                      f"index page in {listed} s", flush=True)  # fmt: skip
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
