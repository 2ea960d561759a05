"""Search with Pagefind: which HTML it indexes, the theme override, and running it.

Pagefind indexes the built HTML and splits the index into fragments the browser loads
per query, so the first results come after a few kilobytes, not the whole index that
Material's search downloads. Only `data-pagefind-body` content is indexed: entry and
guide pages are marked, the generated index pages (which list every title) are not.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from kb.errors import KbError

# Material's header with the search box kept but wired to Pagefind (see partials/).
THEME_DIR = Path(__file__).parent / "theme"
BUNDLE = "pagefind"  # the folder of the index inside site_dir
TITLE_WEIGHT = 10  # Pagefind's h1 default is 7: a title match ranks above any body match


def mark_for_index(content: str, tags: Iterable[str] = ()) -> str:
    """A page's HTML as Pagefind should index it: the body, the title weighted, tag filters."""
    weighted = content.replace("<h1", f'<h1 data-pagefind-weight="{TITLE_WEIGHT}"', 1)
    filters = "".join(
        f'<span data-pagefind-filter="tag:{html.escape(name)}"></span>' for name in tags
    )
    return f"<div data-pagefind-body>{filters}\n{weighted}\n</div>"


def run_pagefind(site_dir: Path) -> None:
    """Index `site_dir` into `site_dir/pagefind` with the binary bundled in the wheel.

    Pagefind names its files by content and never deletes old ones, so `kb serve` would
    pile up stale fragments: it writes a fresh folder that then replaces the old one."""
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    bundle, fresh, stale = (site_dir / name for name in (BUNDLE, ".pagefind-new", ".pagefind-old"))
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)

    command = [
        str(get_executable()),  # the binary in the wheel: nothing is downloaded
        *("--site", str(site_dir), "--output-path", str(fresh), "--quiet"),
        # The toc extension's permalink mark would end every title with a pilcrow.
        *("--exclude-selectors", ".headerlink"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise KbError(f"Pagefind failed on {site_dir}: {detail[-1] if detail else done.returncode}")
    if bundle.exists():
        bundle.rename(stale)
    fresh.rename(bundle)
    shutil.rmtree(stale, ignore_errors=True)
