"""The one type every check returns: a finding with a code, a severity and a position."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that `max()` of a run's severities is its worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding. `path` is relative to the knowledge base root (POSIX separators)."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str | None = None
    # What the finding is about (a file reference's path), so one finding can stand in
    # for another about the same thing; not part of its identity or order.
    subject: str | None = field(default=None, compare=False)

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def one_line(self) -> str:
        """`path:line:col: CODE message (hint)`, as `kb check` prints it."""
        text = f"{self.location()}: {self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def worst(diagnostics: list[Diagnostic]) -> Severity | None:
    return max((d.severity for d in diagnostics), default=None)
