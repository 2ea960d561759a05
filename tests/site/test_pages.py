"""The page generators against golden files (KB_UPDATE_GOLDEN=1 refreshes them)."""

from __future__ import annotations

from pathlib import Path

from kb.config import load_config
from kb.project import load_project
from kb.site.model import build_model
from kb.site.pages import generate
from kb.site.settings import load_settings
from tests.site.conftest import FIXTURE
from tests.site.golden import check_tree

GOLDEN = Path(__file__).parent / "golden"


def fixture_pages(**options: object) -> dict[str, str]:
    config = load_config(FIXTURE / "kb.yml")
    project = load_project(config)
    assert project.diagnostics == []
    model = build_model(config, load_settings(config), project.entries)
    return {page.uri: page.content for page in generate(model, **options)}  # type: ignore[arg-type]


def test_pages_match_golden_files() -> None:
    check_tree(GOLDEN, fixture_pages(base_url="https://kb.example.com/shop/"))
