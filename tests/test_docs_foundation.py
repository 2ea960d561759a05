"""The reference pages list exactly the keys the code accepts."""

from __future__ import annotations

import re
from pathlib import Path

from kb.config import KNOWN_KEYS
from kb.schema import FIELDS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "reference"


def table_keys(page: str) -> set[str]:
    return set(re.findall(r"^\| `([a-z_-]+)` \|", (DOCS / page).read_text(), re.MULTILINE))


def test_entry_format_page_lists_every_field() -> None:
    assert table_keys("entry-format.md") == {field.key for field in FIELDS}


def test_kb_yml_page_lists_every_key() -> None:
    assert table_keys("kb-yml.md") == set(KNOWN_KEYS)
