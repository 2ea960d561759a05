"""Relative links in entry bodies and docs pages must reach a file and its `#anchor`.

Links resolve on disk from the linking file's folder, the way MkDocs resolves them;
anchors are heading slugs as the site renders them (kb.anchors). External links are
collected here too but only checked by kb.checks.external, with `--external`.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

from kb import codes
from kb.anchors import anchors
from kb.checks.context import Check, CheckContext, Parts
from kb.codeblank import blank_code
from kb.diagnostics import Diagnostic
from kb.entry import Entry

# `[text](target "title")`; an image's `!` before the `[` changes nothing here.
_INLINE = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+[^)]*)?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DOCS_DIR = re.compile(r"^docs_dir:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


class Link(NamedTuple):  # a tuple: twice as fast to make as a frozen dataclass
    target: str
    line: int  # 1-based, in the file
    column: int


def extract(text: str, first_line: int = 1) -> list[Link]:
    """Every link target in Markdown `text` outside code, with its position."""
    if "](" not in text and "]:" not in text and "<" not in text:
        return []
    text = blank_code(text)
    found = [(m.start(), m.group(1)) for m in _INLINE.finditer(text)]
    if "]:" in text:  # a multi-line regex tries every line start: only where it can match
        found += [(m.start(1), m.group(1)) for m in _REFERENCE.finditer(text)]
    if "<" in text:
        found += [(m.start(), m.group(1)) for m in _AUTOLINK.finditer(text)]
    links = []
    for start, target in sorted(found):
        line_start = text.rfind("\n", 0, start) + 1
        line = first_line + text.count("\n", 0, start)
        links.append(Link(target.strip("<>"), line, start - line_start + 1))
    return links


def docs_dir(root: Path) -> Path | None:
    """The MkDocs docs folder next to kb.yml (mkdocs.yml's `docs_dir`, default docs/)."""
    name = "docs"
    try:
        match = _DOCS_DIR.search((root / "mkdocs.yml").read_text(encoding="utf-8"))
        if match:
            name = match.group(1)
    except (OSError, UnicodeDecodeError):
        pass
    folder = (root / name).resolve()
    inside = folder == root.resolve() or root.resolve() in folder.parents
    return folder if inside and folder.is_dir() else None


def pages(ctx: CheckContext) -> Iterator[tuple[str, str, int]]:
    """(path, Markdown text, line of its first line) for each entry body and docs page."""
    for entry in ctx.entries:
        yield entry.path, entry.body, entry.body_line
    yield from docs_pages(ctx)


def docs_pages(ctx: CheckContext) -> Iterator[tuple[str, str, int]]:
    """(path, Markdown text, 1) for each page under the docs folder."""
    folder = docs_dir(ctx.root)
    if folder is None:
        return
    for path in sorted(folder.rglob("*.md")):
        if path.is_file() and not any(p.startswith(".") for p in path.parts):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            yield ctx.config.relative(path), text, 1


class _Targets:
    """Existence and anchors of link targets, each looked up once per run."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.root = ctx.root.resolve()
        self.entries = {entry.path: entry for entry in ctx.entries}
        self.entry_files = set(ctx.project.paths)
        self._anchors: dict[str, set[str] | None] = {}
        self._exists: dict[str, bool] = {}

    def exists(self, path: str) -> bool:
        if path in self.entry_files:
            return True  # entry files are listed (and fingerprinted) already
        if path not in self._exists:
            full = os.path.join(self.root, path)
            self.ctx.observe(full)
            self._exists[path] = os.path.exists(full)
        return self._exists[path]

    def anchors(self, path: str) -> set[str] | None:
        """The anchors of a Markdown page (None: not a page kb can read)."""
        if path not in self._anchors:
            self._anchors[path] = self._read(path)
        return self._anchors[path]

    def _read(self, path: str) -> set[str] | None:
        entry = self.entries.get(path)
        if entry is not None:
            return anchors(entry.body, entry.title)
        full = Path(os.path.realpath(os.path.join(self.root, path)))
        if not path.endswith(".md") or self.root not in full.parents:
            return None
        try:
            text = full.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = "\n" * text.count("\n", 0, end + 4) + text[end + 4 :] if end > 0 else text
        return anchors(text)


def _each(ctx: CheckContext, entries: list[Entry], state: dict[str, Any]) -> Iterator[Diagnostic]:
    """The links in the bodies of `entries`."""
    targets = _targets(ctx, state)
    for entry in entries:
        yield from _check_page(targets, entry.path, entry.body, entry.body_line)


def _rest(ctx: CheckContext, state: dict[str, Any]) -> Iterator[Diagnostic]:
    """The links in the docs pages."""
    targets = _targets(ctx, state)
    for path, text, first_line in docs_pages(ctx):
        yield from _check_page(targets, path, text, first_line)


def _targets(ctx: CheckContext, state: dict[str, Any]) -> _Targets:
    if "links" not in state:
        state["links"] = _Targets(ctx)
    targets: _Targets = state["links"]
    return targets


def _check_page(targets: _Targets, path: str, text: str, first_line: int) -> Iterator[Diagnostic]:
    folder = posixpath.dirname(path)
    for link in extract(text, first_line):
        found = check_link(targets, path, link, folder)
        if found is not None:
            yield found


def check_link(
    targets: _Targets, source: str, link: Link, folder: str | None = None
) -> Diagnostic | None:
    """The finding for one link from page `source` (in `folder`), or None when it resolves."""
    target = link.target
    if not target or _SCHEME.match(target) or target.startswith(("/", "//")):
        return None  # external, absolute to the site, or mail: not a file link
    raw_path, _, fragment = target.partition("#")
    raw_path = unquote(raw_path.partition("?")[0])
    if raw_path:
        if folder is None:
            folder = posixpath.dirname(source)
        joined = posixpath.normpath(posixpath.join(folder, raw_path))
        if joined == ".." or joined.startswith("../"):
            return codes.BROKEN_LINK.at(
                source, link.line, link.column, f"link leaves the knowledge base: {target}"
            )
        if not targets.exists(joined):
            return codes.BROKEN_LINK.at(
                source, link.line, link.column, f"link target not found: {raw_path}"
            )
    else:
        joined = source
    if not fragment:
        return None
    found = targets.anchors(joined)
    if found is None or unquote(fragment) in found:
        return None
    return codes.BROKEN_ANCHOR.at(
        source, link.line, link.column, f"no heading #{fragment} in {joined}"
    )


PARTS = Parts(_each, _rest)
CHECK = Check(
    "links", PARTS.whole, codes=(codes.BROKEN_LINK.code, codes.BROKEN_ANCHOR.code), parts=PARTS
)
