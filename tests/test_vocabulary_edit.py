"""`kb tags add`: a deliberate way to grow the vocabulary, keeping kb.yml byte for byte."""

from __future__ import annotations

from kb.config import load_config
from tests.conftest import KB_YML, KnowledgeBase


def test_add_tag_appends_to_the_tags_block(kb: KnowledgeBase, run_kb) -> None:
    (kb.root / "kb.yml").write_text(KB_YML + "# trailing comment\nlimits:\n  max_entry_bytes: 99\n")
    result = run_kb(
        kb.root, "tags", "add", "feature-flags", "-d", "Flags: rollouts", "--alias", "flags"
    )
    assert result.exit_code == 0
    assert result.stdout == "Added tag 'feature-flags' to kb.yml.\n"
    text = (kb.root / "kb.yml").read_text()
    assert text == KB_YML + (
        "  feature-flags:\n    description: 'Flags: rollouts'\n    aliases: [flags]\n"
        "# trailing comment\nlimits:\n  max_entry_bytes: 99\n"
    )
    config = load_config(kb.root / "kb.yml")
    assert config.vocabulary.canonical("flags") == "feature-flags"
    assert config.max_entry_bytes == 99
    new = run_kb(kb.root, "new", "Uses it", "-t", "flags", "--created", "2025-11-24", input="")
    assert new.exit_code == 0


def test_add_tag_creates_the_block(make_kb, run_kb) -> None:
    kb = make_kb(config="title: Empty\n")
    assert run_kb(kb.root, "tags", "add", "gotcha", "-d", "Surprises").exit_code == 0
    assert (kb.root / "kb.yml").read_text() == (
        "title: Empty\ntags:\n  gotcha:\n    description: Surprises\n"
    )


def test_add_tag_refuses_existing_names_and_bad_forms(kb: KnowledgeBase, run_kb) -> None:
    before = (kb.root / "kb.yml").read_bytes()
    taken = run_kb(kb.root, "tags", "add", "gotchas", "-d", "again")
    assert (taken.exit_code, taken.stderr) == (
        1,
        "Error: 'gotchas' is already in the vocabulary (as 'gotcha')\n",
    )
    bad = run_kb(kb.root, "tags", "add", "Bad_Tag", "-d", "x")
    assert (bad.exit_code, bad.stderr) == (
        1,
        "Error: tag 'Bad_Tag' is not lowercase kebab-case (e.g. `feature-flags`)\n",
    )
    assert (kb.root / "kb.yml").read_bytes() == before
