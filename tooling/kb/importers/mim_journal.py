"""Parsing one Mím v1 session journal (the format: docs/guide/importing.md) into entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

HEADER = re.compile(r"^# Knowledge Capture Session - (?P<date>\d{4}-\d{2}-\d{2})\s*$")
HEADING = re.compile(
    r"^### \[(?P<hour>\d{1,2}):(?P<minute>\d{2})\] \[(?P<category>[^\]\n]*)\] "
    r"(?P<topic>[^\n]*\S)[ \t]*$",
    re.MULTILINE,
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

    @functools.cached_property
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


# Parsed entries by their exact text: successive versions of a journal share most of
# their entries, so each distinct entry text is parsed once (None: impossible time).
EntryCache = dict[str, "JournalEntry | None"]


def parse(text: str, cache: EntryCache | None = None) -> Journal:
    """Split a journal into entries; nothing is dropped without being listed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    cache = {} if cache is None else cache
    starts = [match.start() for match in HEADING.finditer(text)]
    journal = Journal(date=None)
    preamble = text[: starts[0]] if starts else text
    for number, line in enumerate(preamble.split("\n"), start=1):
        header = HEADER.match(line)
        if header and journal.date is None:
            journal.date = dt.date.fromisoformat(header["date"])
        elif line.strip():
            journal.stray.append((number, line))
    line_number = preamble.count("\n") + 1
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(text)
        chunk = text[start:end]
        if chunk not in cache:
            cache[chunk] = _entry(chunk, line_number)
        entry = cache[chunk]
        if entry is None:
            journal.bad_headings.append((line_number, chunk.split("\n", 1)[0]))
        else:
            if entry.line != line_number:
                entry = dataclasses.replace(entry, line=line_number)
            journal.entries.append(entry)
        line_number += chunk.count("\n")
    return journal


def _entry(chunk: str, line_number: int) -> JournalEntry | None:
    """The entry of one heading and the lines up to the next heading."""
    heading, *block = chunk.split("\n")
    match = HEADING.match(heading)
    assert match is not None  # chunks start where HEADING matched
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
        heading=heading.rstrip(),
        time=dt.time(hour, minute),
        category=match["category"].strip(),
        topic=match["topic"].strip(),
        details="\n".join(line.rstrip() for line in block).strip("\n"),
        files=files or None,
        line=line_number,
    )


def _trim(block: list[str]) -> list[str]:
    """Drop blank lines at both ends."""
    start, end = 0, len(block)
    while start < end and not block[start].strip():
        start += 1
    while end > start and not block[end - 1].strip():
        end -= 1
    return block[start:end]
