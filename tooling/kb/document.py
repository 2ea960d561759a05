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
    """Split `---`-delimited frontmatter from the body. Accepts a BOM and CRLF endings."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise DocumentError("missing", "the entry has no frontmatter (first line must be `---`)")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            body_lines = lines[index + 1 :]
            # One blank line after the closing fence is layout, not content.
            skipped = 1 if body_lines and not body_lines[0].strip() else 0
            return Document(
                frontmatter="\n".join(lines[1:index]) + "\n",
                body="\n".join(body_lines[skipped:]),
                frontmatter_line=2,
                body_line=index + 2 + skipped,
            )
    raise DocumentError(
        "unclosed", "the frontmatter opened on line 1 is never closed with `---`", len(lines)
    )
