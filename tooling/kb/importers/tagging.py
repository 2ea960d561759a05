"""Source categories to vocabulary tags: aliases resolve, unknown ones stop or get added."""

from __future__ import annotations

from collections.abc import Iterable

from kb.config import Config, load_config
from kb.errors import KbError
from kb.newentry import resolve_tags
from kb.vocabulary import PLACEHOLDER_DESCRIPTION, Vocabulary, normalise_tag
from kb.vocabulary_edit import add_tag


def tag_name(vocabulary: Vocabulary, category: str) -> str | None:
    """The vocabulary's tag for a category (`gotchas` -> `gotcha`), None when unknown."""
    return vocabulary.canonical(category.strip()) or vocabulary.canonical(normalise_tag(category))


def unknown_categories(vocabulary: Vocabulary, categories: Iterable[str]) -> list[str]:
    """Categories the vocabulary does not know, as kebab-case tags, first seen first."""
    unknown: list[str] = []
    for category in categories:
        name = normalise_tag(category)
        if name and tag_name(vocabulary, category) is None and name not in unknown:
            unknown.append(name)
    return unknown


def resolve(
    vocabulary: Vocabulary, categories: list[str], pending: Iterable[str] = ()
) -> list[str]:
    """Canonical tags of `categories`; `pending` are tags a dry run would have added."""
    waiting = set(pending)
    known = [tag_name(vocabulary, c) or normalise_tag(c) for c in categories]
    usable = [name for name in known if name and name not in waiting]
    resolved = resolve_tags(vocabulary, usable) if usable else []
    return resolved + [n for n in known if n in waiting and n not in resolved]


def ensure_tags(config: Config, categories: Iterable[str], add: bool, dry_run: bool) -> Config:
    """Stop on unknown categories, or add them to kb.yml (placeholder description).

    Returns the config to use from now on (reloaded when kb.yml changed).
    """
    unknown = unknown_categories(config.vocabulary, categories)
    if not unknown:
        return config
    if not add:
        raise KbError(
            f"{len(unknown)} categor{'y is' if len(unknown) == 1 else 'ies are'} not in the "
            f"vocabulary: {', '.join(unknown)}; add aliases in kb.yml, or pass --add-tags "
            "to add them with a placeholder description"
        )
    if dry_run:
        return config
    for name in unknown:
        # The names are distinct and unknown, so the vocabulary loaded once still applies.
        add_tag(config.path, config.vocabulary, name, PLACEHOLDER_DESCRIPTION)
    return load_config(config.path)
