"""The managed tag vocabulary: canonical tags, their descriptions and aliases."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

TAG_FORM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER_DESCRIPTION = "TODO: describe this tag"


@dataclass(frozen=True)
class Tag:
    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """Tags by name, and every alias mapped to its canonical tag."""

    tags: dict[str, Tag] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_tags(cls, tags: Iterable[Tag]) -> Vocabulary:
        vocabulary = cls()
        for tag in tags:
            vocabulary.tags[tag.name] = tag
            for alias in tag.aliases:
                vocabulary.aliases.setdefault(alias, tag.name)
        return vocabulary

    def canonical(self, name: str) -> str | None:
        """The tag `name` stands for (itself or its alias target), or None if unknown."""
        if name in self.tags:
            return name
        return self.aliases.get(name)

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Canonical tags close to `name`, closest first, drawn from tags and aliases."""
        candidates = list(self.tags) + list(self.aliases)
        lowered = normalise_tag(name)
        if self.canonical(lowered):
            return [self.canonical(lowered) or lowered]
        found: list[str] = []
        for match in difflib.get_close_matches(lowered, candidates, n=limit * 2, cutoff=0.6):
            tag = self.canonical(match) or match
            if tag not in found:
                found.append(tag)
        return found[:limit]


def normalise_tag(name: str) -> str:
    """`DB_Setup ` -> `db-setup`: what a tag would look like in kebab-case."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")


def did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return "did you mean " + " or ".join(options) + "?"
