"""kb.yml: found by walking up, validated with file and line, problems collected."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.config import find_config, load_config
from kb.errors import ConfigError
from tests.conftest import KB_YML


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kb.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up(tmp_path: Path) -> None:
    path = write(tmp_path, KB_YML)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == path


def test_vocabulary_and_repos(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, KB_YML))
    assert config.vocabulary.canonical("gotchas") == "gotcha"
    assert config.vocabulary.suggest("gotcah") == ["gotcha"]
    assert config.repos["other"].path is None
    assert config.repos["other"].url == "https://github.com/example/other"
    assert config.entries_dir == tmp_path.resolve() / "entries"
    assert config.problems == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timezone: Mars/Olympus\n", "kb.yml:1: timezone: unknown time zone 'Mars/Olympus'"),
        ("title: [x\n", "kb.yml:2:1: invalid YAML: did not find expected ',' or ']'"),
        ("- a\n", "kb.yml:1:1: kb.yml must be a mapping of keys"),
        (
            "title: x\nentries: ../../etc\n",
            "kb.yml:2: entries: '../../etc' is outside the knowledge base",
        ),
        ("tags: [a, b]\n", "kb.yml:1: tags: must be a mapping of tag names to descriptions"),
        (
            "checks:\n  severity: {KB999: info}\n",
            "kb.yml:1: checks: unknown diagnostic code 'KB999'",
        ),
    ],
)
def test_invalid_config_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert caught.value.message == message


def test_vocabulary_problems_are_collected(tmp_path: Path) -> None:
    text = (
        "tags:\n  api:\n    description: x\n    aliases: [gotcha]\n  gotcha: y\n"
        "  db:\n    description: z\n    aliases: [data]\n  store:\n    aliases: [data]\n"
        "  misc: m\n  misc: again\n  Bad_Tag: w\n"
    )
    config = load_config(write(tmp_path, text))
    assert sorted(d.one_line() for d in config.problems) == [
        "kb.yml:12:3: KB203 tag 'misc' is defined twice; the last definition wins",
        "kb.yml:13:3: KB206 tag 'Bad_Tag' is not lowercase kebab-case",
        "kb.yml:4:1: KB204 alias 'gotcha' of 'api' is also a tag",
        "kb.yml:8:1: KB204 alias 'data' points to 2 tags: db, store",
    ]
