"""Split an entry file into its YAML frontmatter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass


class DocumentError(Exception):
    """The file has no usable frontmatter block; `line` is 1-based."""

    def __init__(self, kind: str, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.kind = kind  # "missing" or "unclosed"
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Document:
    frontmatter: str
    body: str
    # 1-based file line of the first frontmatter line and of the first body line.
    frontmatter_line: int
    body_line: int


def split(text: str) -> Document:
    """Split `---`-delimited frontmatter from the body. Accepts a BOM and CRLF endings.

    Walks the frontmatter's lines only: the body is sliced off whole, never split."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_end = text.find("\n")
    if (text if first_end == -1 else text[:first_end]).rstrip() != "---":
        raise DocumentError("missing", "the entry has no frontmatter (first line must be `---`)")
    start = position = first_end + 1
    number = 2  # of the line at `position`
    while first_end != -1:
        end = text.find("\n", position)
        if (text[position:] if end == -1 else text[position:end]).rstrip() in ("---", "..."):
            body, skipped = _body(None if end == -1 else text[end + 1 :])
            return Document(
                frontmatter=text[start:position] or "\n",
                body=body,
                frontmatter_line=2,
                body_line=number + 1 + skipped,
            )
        if end == -1:
            break
        position = end + 1
        number += 1
    raise DocumentError(
        "unclosed",
        "the frontmatter opened on line 1 is never closed with `---`",
        text.count("\n") + 1,
    )


def _body(rest: str | None) -> tuple[str, int]:
    """The body after the closing fence (None: the file ends on it), and how many lines
    were skipped: one blank line after the fence is layout, not content."""
    if rest is None:
        return "", 0
    first_end = rest.find("\n")
    if (rest if first_end == -1 else rest[:first_end]).strip():
        return rest, 0
    return ("" if first_end == -1 else rest[first_end + 1 :]), 1
