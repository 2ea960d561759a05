"""Parsing one Mím v1 session journal (the format: docs/guide/importing.md) into entries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

HEADER = re.compile(r"^# Knowledge Capture Session - (?P<date>\d{4}-\d{2}-\d{2})\s*$")
HEADING = re.compile(
    r"^### \[(?P<hour>\d{1,2}):(?P<minute>\d{2})\] \[(?P<category>[^\]]*)\] (?P<topic>.*\S)\s*$"
)
DETAILS_LABEL = "**Details**:"
FILES_LABEL = "**Files**:"


@dataclass(frozen=True)
class JournalEntry:
    """One `### [HH:MM] [CATEGORY] TOPIC` block; `details` has its label removed."""

    heading: str
    time: dt.time
    category: str
    topic: str
    details: str
    files: str | None  # the raw `**Files**:` value
    line: int  # 1-based line of the heading

    @property
    def content(self) -> str:
        """What a later version may have edited: the details and the files."""
        return f"{self.details}\n{self.files or ''}"


@dataclass
class Journal:
    date: dt.date | None  # from the header, when there is one
    entries: list[JournalEntry] = field(default_factory=list)
    # Non-blank lines outside any entry (not the header), with their line numbers.
    stray: list[tuple[int, str]] = field(default_factory=list)
    # Headings that look like an entry's but have an impossible time.
    bad_headings: list[tuple[int, str]] = field(default_factory=list)


def parse(text: str) -> Journal:
    """Split a journal into entries; nothing is dropped without being listed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    journal = Journal(date=None)
    starts: list[tuple[int, re.Match[str]]] = []
    for number, line in enumerate(lines):
        match = HEADING.match(line)
        if match:
            starts.append((number, match))
    first = starts[0][0] if starts else len(lines)
    for number, line in enumerate(lines[:first]):
        header = HEADER.match(line)
        if header and journal.date is None:
            journal.date = dt.date.fromisoformat(header["date"])
        elif line.strip():
            journal.stray.append((number + 1, line))
    for position, (number, match) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        entry = _entry(number, match, lines[number + 1 : end])
        if entry is None:
            journal.bad_headings.append((number + 1, lines[number]))
        else:
            journal.entries.append(entry)
    return journal


def _entry(number: int, match: re.Match[str], block: list[str]) -> JournalEntry | None:
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None
    block = _trim(block)
    if block and block[-1].strip() == "---":
        block = _trim(block[:-1])
    files = None
    if block and block[-1].startswith(FILES_LABEL):
        files = block[-1][len(FILES_LABEL) :].strip()
        block = _trim(block[:-1])
    if block and block[0].startswith(DETAILS_LABEL):
        first = block[0][len(DETAILS_LABEL) :].strip()
        block = [first, *block[1:]] if first else block[1:]
    return JournalEntry(
        heading=match.group(0).rstrip(),
        time=dt.time(hour, minute),
        category=match["category"].strip(),
        topic=match["topic"].strip(),
        details="\n".join(line.rstrip() for line in block).strip("\n"),
        files=files or None,
        line=number + 1,
    )


def _trim(block: list[str]) -> list[str]:
    """Drop blank lines at both ends."""
    start, end = 0, len(block)
    while start < end and not block[start].strip():
        start += 1
    while end > start and not block[end - 1].strip():
        end -= 1
    return block[start:end]
