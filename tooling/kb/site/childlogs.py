"""A forked child's log lines, kept instead of printed, and logged again by its parent.

The parent's handlers are the ones that print them and count warnings for `--strict`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

LogLine = tuple[str, int, str]  # logger name, level, message


@contextmanager
def captured() -> Iterator[list[LogLine]]:
    """Every log line of this (child) process, kept instead of printed, to be replayed
    by the parent: its handlers count warnings for `--strict`."""
    lines: list[LogLine] = []
    handler = _Keep(lines)
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for other in logger.handlers[:]:
            logger.removeHandler(other)
        logger.addHandler(handler)
    yield lines


class _Keep(logging.Handler):
    def __init__(self, lines: list[LogLine]) -> None:
        super().__init__()
        self.lines = lines
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record is not self._last:  # kept once, though both loggers hand it over
            self._last = record
            self.lines.append((record.name, record.levelno, record.getMessage()))


def replay(lines: Sequence[LogLine]) -> None:
    """Log a child's lines here, as if this process had written them."""
    for name, level, message in lines:
        logging.getLogger(name).log(level, message)
