"""Expected failures: each becomes one `Error: ...` line and exit 1 in the CLI."""

from __future__ import annotations


class KbError(Exception):
    """A problem the user can fix; the message names the file (and line) involved."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(KbError):
    """kb.yml is missing or invalid: the run cannot start (exit 2, like a usage error)."""

    exit_code = 2
