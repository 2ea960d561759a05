"""Links from a file reference to the code host: GitHub and GitLab URL shapes.

GitHub anchors a line range as `#L10-L20`, GitLab as `#L10-20`; any other host gets the
GitHub shape, which Gitea and Forgejo share.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from kb.refs import FileRef, RefKind


@dataclass(frozen=True)
class CodeHost:
    """A repo on a code host: its web URL (no trailing slash) and the branch to link."""

    url: str
    branch: str = "main"

    @property
    def is_gitlab(self) -> bool:
        return "gitlab" in (urlsplit(self.url).hostname or "")

    @property
    def name(self) -> str:
        host = urlsplit(self.url).hostname or self.url
        if host == "github.com":
            return "GitHub"
        if self.is_gitlab:
            return "GitLab"
        return host

    def link(self, ref: FileRef) -> str | None:
        """The web URL of a reference; None for a glob, which names no single place."""
        if ref.kind is RefKind.GLOB:
            return None
        gitlab = "/-" if self.is_gitlab else ""
        kind = "tree" if ref.kind is RefKind.DIRECTORY else "blob"
        base = f"{self.url}{gitlab}/{kind}/{quote(self.branch)}/{quote(ref.path)}"
        if ref.start is None:
            return base
        if ref.end is None or ref.end == ref.start:
            return f"{base}#L{ref.start}"
        return f"{base}#L{ref.start}-{'' if self.is_gitlab else 'L'}{ref.end}"
