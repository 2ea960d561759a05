"""Where each generated page lives, declared once: source URIs relative to docs_dir.

Links between generated pages are relative `.md` links, so MkDocs checks them and adapts
them to `use_directory_urls` and to a site served under a sub-path.
"""

from __future__ import annotations

import re

HOME = "index.md"
TAGS = "tags/index.md"
TIMELINE = "timeline/index.md"
FILES = "files/index.md"
FEED = "feed.xml"
HOME_REPO = "home"  # the folder name of the home repo under files/

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def entry(within_entries: str) -> str:
    """An entry's page mirrors its place in the entries folder (`2025/ID.md`), so links
    between entries written as relative file paths work on the site as in an editor."""
    return f"entries/{within_entries}"


def tag(name: str) -> str:
    return f"tags/{_segment(name)}.md"  # unknown tags may hold any character


def year(number: int) -> str:
    return f"timeline/{number}.md"


def top_folder(folder: str) -> str:
    """The top-level folder holding `folder` (a folder path, "" for the repo root)."""
    return folder.split("/", 1)[0]


def folder_page(repo: str | None, top: str) -> str:
    """The page of a top-level folder of a repo (None: the home repo); "" is the root."""
    base = f"files/{HOME_REPO}" if repo is None else f"files/repos/{_segment(repo)}"
    if not top:
        return f"{base}.md"
    # A folder named `index` would land on its parent's page; give it its own.
    return f"{base}/{_segment(top)}{'-dir' if top == 'index' else ''}.md"


def folder_anchor(folder: str) -> str:
    """The HTML id of a folder's section on its top-level folder's page."""
    return "dir-" + (_UNSAFE.sub("-", folder).strip("-") or "root")


def file_anchor(path: str) -> str:
    """The HTML id of a path's section on its folder page (`api/*.py` -> `file-api-.py`)."""
    return "file-" + (_UNSAFE.sub("-", path).strip("-") or "root")


def relative(from_uri: str, to_uri: str) -> str:
    """The relative link from the page `from_uri` to `to_uri` (both docs-relative).

    Plain string work: posixpath.relpath asks the OS for the working directory on every
    call, and the site makes several calls per entry.
    """
    here = from_uri.split("/")[:-1]
    there = to_uri.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def _segment(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-") or "-"


def page_url(uri: str, directory_urls: bool) -> str:
    """The site URL (relative to the site root) MkDocs gives the page at `uri`."""
    if not uri.endswith(".md"):
        return uri
    stem = uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_uri: str, to_uri: str, directory_urls: bool) -> str:
    """The finished relative URL from one page to another, as MkDocs would write it.

    For lists inside raw HTML, which MkDocs passes through untouched: Python-Markdown
    and MkDocs spend about 0.1 ms on each Markdown link, and the site has several per
    entry on every index page.
    """
    here = folders(page_url(from_uri, directory_urls))
    return between(here, page_url(to_uri, directory_urls))


def folders(url: str) -> list[str]:
    """The folders of a page's site URL, from the top (`tags/api/` -> tags, api)."""
    return [part for part in url.split("/")[:-1] if part]


def between(here: list[str], url: str) -> str:
    """The relative URL to the site URL `url` from a page in the folders `here`."""
    if not here or not url.startswith(here[0] + "/"):  # nothing in common: most links
        return "../" * len(here) + url or "./"
    there = url.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "./"
