"""The JSON Schemas shipped in the package match the code that validates."""

from __future__ import annotations

import json
from importlib import resources

from kb.config import KNOWN_KEYS
from kb.schema import FIELDS, json_schema


def shipped(name: str) -> dict:
    return json.loads(resources.files("kb").joinpath("schemas", name).read_text())


def test_entry_schema_is_generated_from_fields() -> None:
    # Regenerate: python -m kb.schema > tooling/kb/schemas/entry.schema.json
    assert shipped("entry.schema.json") == json_schema()
    assert set(shipped("entry.schema.json")["properties"]) == {f.key for f in FIELDS}


def test_config_schema_covers_every_key() -> None:
    assert set(shipped("kb.schema.json")["properties"]) == set(KNOWN_KEYS)
