"""`kb build`: MkDocs with the kb plugin, with or without the user's mkdocs.yml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.site.conftest import copy_fixture

RunKb = Callable[..., Result]


def test_build_writes_the_site(tmp_path: Path, run_kb: RunKb) -> None:
    root = copy_fixture(tmp_path / "shop")
    result = run_kb(root, "build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Built the site in site\n"
    assert (root / "site" / "entries" / "2025" / "2025-07-04-imported-til" / "index.html").is_file()
    assert "INFO    -  entries/2025/2025-12-01-alb-rule-priorities-are-allocated.md:4:1: KB202" in (
        result.stderr
    )


def test_build_fails_on_an_entry_with_errors(tmp_path: Path, run_kb: RunKb) -> None:
    root = copy_fixture(tmp_path / "shop")
    (root / "entries" / "2025" / "2025-12-02-broken.md").write_text("---\ntitle: [\n---\n")
    result = run_kb(root, "build")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == ("Error: the site was not built: Aborted with 1 warnings in strict mode!")
    assert [line for line in lines if line.startswith("WARNING")] == [
        "WARNING -  entries/2025/2025-12-02-broken.md:3:1: KB103 "
        "invalid YAML: did not find expected node content"
    ]
    built = run_kb(root, "build", "--no-strict", "--site-dir", "public")
    assert built.exit_code == 0
    assert built.stdout == "Built the site in public\n"


def test_build_without_mkdocs_yml_uses_the_default_settings(tmp_path: Path, run_kb: RunKb) -> None:
    root = copy_fixture(tmp_path / "shop")
    (root / "mkdocs.yml").unlink()
    result = run_kb(root, "build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Built the site in site\n"
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "8 entries" in home
    assert (root / "site" / "tags" / "gotcha" / "index.html").is_file()


def test_mkdocs_yml_without_the_kb_plugin_is_an_error(tmp_path: Path, run_kb: RunKb) -> None:
    root = copy_fixture(tmp_path / "shop")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("  - kb\n", ""), encoding="utf-8")
    result = run_kb(root, "build")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: mkdocs.yml: the kb plugin is not enabled (add `- kb` to plugins)"
    )
    assert not (root / "site").exists()
