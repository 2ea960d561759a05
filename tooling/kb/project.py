"""A knowledge base loaded once per run: config, entries and their parse findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb import codes
from kb.config import Config
from kb.diagnostics import Diagnostic
from kb.entry import Entry, ParsedEntry, parse_entry


@dataclass
class Project:
    config: Config
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Every entry file seen, parsed or not, relative to the root.
    paths: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}


def entry_files(config: Config) -> list[Path]:
    """Every `*.md` under the entries folder, sorted; hidden files and folders skipped."""
    if not config.entries_dir.is_dir():
        return []
    return sorted(_walk(config.entries_dir))


def _walk(folder: Path) -> Iterator[Path]:
    for child in folder.iterdir():
        if child.name.startswith("."):
            continue
        if child.suffix == ".md":
            yield child  # a directory named `x.md` is reported by read_entry
        elif child.is_dir() and not child.is_symlink():
            yield from _walk(child)


def read_entry(config: Config, path: Path) -> ParsedEntry:
    """Read and parse one entry file; every failure is a finding, never an exception."""
    label = config.relative(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            return ParsedEntry(
                None, [codes.UNREADABLE.at(label, 1, 1, "a directory is named like an entry")]
            )
        if size > config.max_entry_bytes:
            return ParsedEntry(
                None,
                [
                    codes.TOO_LARGE.at(
                        label,
                        1,
                        1,
                        f"the entry is {size:,} bytes; the limit is {config.max_entry_bytes:,}",
                    )
                ],
            )
        data = path.read_bytes()
    except OSError as error:
        return ParsedEntry(
            None, [codes.UNREADABLE.at(label, 1, 1, f"cannot read: {error.strerror or error}")]
        )
    return parse_bytes(config, label, data)


def parse_bytes(config: Config, label: str, data: bytes) -> ParsedEntry:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ParsedEntry(
            None,
            [codes.NOT_UTF8.at(label, line, 1, f"byte 0x{data[error.start]:02x} is not UTF-8")],
        )
    return parse_entry(label, text, config.timezone)


def load_project(config: Config, paths: Iterable[Path] | None = None) -> Project:
    """Load the entries (all of them, or `paths`) and collect their parse findings."""
    project = Project(config)
    for path in entry_files(config) if paths is None else paths:
        parsed = read_entry(config, path)
        project.paths.append(config.relative(path))
        project.diagnostics.extend(parsed.diagnostics)
        if parsed.entry is not None:
            project.entries.append(parsed.entry)
    return project
