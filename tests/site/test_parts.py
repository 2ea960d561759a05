"""The small parts of the site: code host links, escaping, URLs, settings, empty sites."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.config import load_config
from kb.errors import ConfigError
from kb.project import load_project
from kb.refs import parse_ref
from kb.site import urls
from kb.site.codehost import CodeHost
from kb.site.listing import entry_item
from kb.site.markup import escape
from kb.site.model import build_model
from kb.site.pages import generate
from kb.site.settings import SiteSettings, load_settings
from tests.conftest import KnowledgeBase

GITHUB = CodeHost("https://github.com/example/shop", "main")
GITLAB = CodeHost("https://gitlab.example.com/group/infra", "release/2")


@pytest.mark.parametrize(
    ("host", "raw", "url"),
    [
        (GITHUB, "api/admin.py", "https://github.com/example/shop/blob/main/api/admin.py"),
        (GITHUB, "api/admin.py:7", "https://github.com/example/shop/blob/main/api/admin.py#L7"),
        (
            GITHUB,
            "api/admin.py:40-62",
            "https://github.com/example/shop/blob/main/api/admin.py#L40-L62",
        ),
        (GITHUB, "api/", "https://github.com/example/shop/tree/main/api"),
        (
            GITLAB,
            "main.tf:10-20",
            "https://gitlab.example.com/group/infra/-/blob/release/2/main.tf#L10-20",
        ),
        (GITLAB, "main.tf:3", "https://gitlab.example.com/group/infra/-/blob/release/2/main.tf#L3"),
        (GITLAB, "modules/", "https://gitlab.example.com/group/infra/-/tree/release/2/modules"),
        (GITHUB, "api/**/*.py", None),
        (GITHUB, "docs/a b.md", "https://github.com/example/shop/blob/main/docs/a%20b.md"),
    ],
)
def test_code_host_links(host: CodeHost, raw: str, url: str | None) -> None:
    assert host.link(parse_ref(raw)) == url


def test_code_host_names() -> None:
    assert (GITHUB.name, GITLAB.name) == ("GitHub", "GitLab")
    assert CodeHost("https://codeberg.org/x/y").name == "codeberg.org"


def test_escape_keeps_titles_literal() -> None:
    assert escape("a <b> & c|d *x* [y] #1 `z`") == (
        r"a &lt;b\> &amp; c&#124;d \*x\* \[y\] \#1 \`z\`"
    )


def test_urls() -> None:
    assert urls.folder_page(None, "") == "files/home.md"
    assert urls.folder_page(None, "index") == "files/home/index-dir.md"
    assert urls.folder_page("infra repo", "modules") == "files/repos/infra-repo/modules.md"
    assert urls.tag("odd tag") == "tags/odd-tag.md"
    assert urls.relative("entries/2025/a.md", "tags/x.md") == "../../tags/x.md"
    assert urls.file_anchor("api/**/*.py") == "file-api-.py"


def test_site_settings_from_kb_yml(kb: KnowledgeBase) -> None:
    kb.write("kb.yml", "title: T\nsite:\n  repo_url: https://github.com/a/b/\n")
    settings = load_settings(load_config(kb.root / "kb.yml"))
    assert settings.home == CodeHost("https://github.com/a/b", "main")
    assert settings.repos == {}


def test_site_settings_must_be_a_mapping(kb: KnowledgeBase) -> None:
    kb.write("kb.yml", "title: T\nsite: yes\n")
    with pytest.raises(ConfigError, match=r"^kb.yml:2: site: must be a mapping$"):
        load_settings(load_config(kb.root / "kb.yml"))


def pages_of(root: Path) -> dict[str, str]:
    config = load_config(root / "kb.yml")
    model = build_model(config, SiteSettings(), load_project(config).entries)
    return {page.uri: page.content for page in generate(model)}


def test_an_empty_knowledge_base_still_has_its_index_pages(kb: KnowledgeBase) -> None:
    pages = pages_of(kb.root)
    assert sorted(pages) == [
        "feed.xml",
        "files/index.md",
        "index.md",
        "tags/api.md",
        "tags/database.md",
        "tags/gotcha.md",
        "tags/index.md",
        "tags/testing.md",
        "timeline/index.md",
    ]
    assert pages["timeline/index.md"] == "# Timeline\n\nNo entries yet.\n"
    assert "No entries yet." in pages["tags/api.md"]


def test_entry_pages_follow_a_custom_entries_folder(
    make_kb: Callable[..., KnowledgeBase],
) -> None:
    kb = make_kb(config="title: T\nentries: journal\ntags:\n  gotcha: Surprises.\n")
    kb.write(
        "journal/2024/2024-05-01-one.md",
        "---\ntitle: One\ncreated: 2024-05-01\ntags: [gotcha, made-up]\n---\n\nBody.\n",
    )
    pages = pages_of(kb.root)
    assert "entries/2024/2024-05-01-one.md" in pages
    assert "tags/made-up.md" in pages
    assert "*Not in the vocabulary of kb.yml.*" in pages["tags/made-up.md"]


URIS = [
    "index.md",
    "tags/index.md",
    "tags/api.md",
    "timeline/2025.md",
    "entries/2025/a.md",
    "entries/2024/b.md",
    "files/home.md",
    "files/home/api.md",
    "files/home/index-dir.md",
    "files/repos/infra/modules.md",
    "feed.xml",
]


def href_by_definition(from_uri: str, to_uri: str, directory_urls: bool) -> str:
    """Relative URL: up from the source page's folders to the common ones, then down."""
    here = [p for p in urls.page_url(from_uri, directory_urls).split("/")[:-1] if p]
    there = urls.page_url(to_uri, directory_urls).split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "./"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_href_between_every_kind_of_page(directory_urls: bool) -> None:
    for source in URIS:
        for target in URIS:
            expected = href_by_definition(source, target, directory_urls)
            assert urls.href(source, target, directory_urls) == expected, (source, target)
    assert urls.href("tags/api.md", "entries/2025/a.md", True) == "../../entries/2025/a/"
    assert urls.href("entries/2025/a.md", "entries/2024/b.md", True) == "../../2024/b/"
    assert urls.href("index.md", "index.md", True) == "./"


def test_an_edited_entry_is_listed_with_its_new_title(site_kb: Path) -> None:
    config = load_config(site_kb / "kb.yml")
    model = build_model(config, SiteSettings(), load_project(config).entries)
    entry = model.entries[0]
    assert f">{entry.title}</a>" in entry_item(model, urls.TAGS, entry)
    edited = dataclasses.replace(entry, title="Edited & new")  # as kb serve reads it again
    assert ">Edited &amp; new</a>" in entry_item(model, urls.TAGS, edited)
