"""The search index built in a child process beside MkDocs: the child, and its client.

MkDocs hands each indexed page's HTML to `SearchService.add()` as it converts it; a
thread sends it on, so MkDocs never waits. The child (`python -m
kb.site.searchservice FOLDER`, a fresh interpreter rather than a fork, so no copy of
MkDocs' memory is made) turns the HTML into text and indexes it on the second core,
then writes the bundle into FOLDER when told, while MkDocs renders templates.

Protocol, on the child's stdin: per page a JSON line `{"u": url, "t": title, "g":
tags, "d": date, "n": bytes}` followed by n bytes of UTF-8 HTML; `{"write": true}`
asks for the bundle, answered by `written` on stdout once it is complete. Any failure
in the child is one line on its stderr and exit status 1.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, BinaryIO

from kb.errors import KbError

WRITTEN = b"written\n"
WRITE = b'{"write": true}\n'
EXIT_SECONDS = 10  # a child that has answered but lingers this long is killed
Page = tuple[str, str, str, Sequence[str], str]  # url, title, HTML, tags, date


def child_command() -> list[str]:
    """The child's command line, but for the bundle folder (tests replace it)."""
    return [sys.executable, "-m", "kb.site.searchservice"]


class SearchService:
    """One child process and its one bundle: `add()` pages, `write()`, `close()`."""

    def __init__(self, folder: Path, command: Sequence[str] | None = None) -> None:
        """`command` replaces the child's, for tests (a child that fails, say)."""
        argv = list(command or child_command())
        # A file, not a pipe: a pipe nobody reads fills up and stalls the child.
        self._stderr: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [*argv, str(folder)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=_child_environment(),
            )
        except OSError as error:
            self._stderr.close()
            raise KbError(f"the search index could not start: {error}") from None
        self._queue: queue.SimpleQueue[Page | bytes | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send, name="kb-search-send", daemon=True)
        self._sender.start()
        self.write_sent = False

    def add(self, url: str, title: str, content: str, tags: Sequence[str], date: str) -> None:
        """Queue one page's HTML: the sending thread encodes and writes it."""
        self._queue.put((url, title, content, tags, date))

    def start_write(self) -> None:
        """Have the bundle written after the pages sent so far, without waiting."""
        if not self.write_sent:
            self._queue.put(WRITE)
            self.write_sent = True

    def write(self) -> None:
        """Have the bundle written, wait for it, stop the child; KbError if it failed."""
        self.start_write()
        self._queue.put(None)  # then close its stdin: it exits after writing
        stdout = self._process.stdout
        assert stdout is not None
        answer = stdout.readline()
        self._stop()
        failed = answer != WRITTEN or self._process.returncode != 0
        reason = self._last_words() if failed else ""
        self.close()
        if failed:
            raise KbError(f"the search index failed: {reason}")

    def close(self) -> None:
        """Stop the child (killed, unless it has finished) and let go of its pipes; again
        is harmless. A failed build calls this: no bundle is wanted then."""
        if self._process.poll() is None:
            self._process.kill()
        self._stop()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._stderr.close()

    def _stop(self) -> None:
        """The child exits when its stdin closes; it is killed if it lingers."""
        self._queue.put(None)
        try:
            self._process.wait(timeout=EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._sender.join()

    def _send(self) -> None:
        """The sending thread: each queued page or order to the child's stdin, in order."""
        stdin = self._process.stdin
        assert stdin is not None
        broken = False  # the child is gone: drain the queue, send nothing
        while (item := self._queue.get()) is not None:
            if not broken:
                broken = not _write(stdin, item)
        with contextlib.suppress(OSError):
            stdin.close()

    def _last_words(self) -> str:
        """The last line the child wrote on stderr, or how it ended."""
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"it stopped (exit status {self._process.returncode})"


def _child_environment() -> dict[str, str]:
    """This environment, with the folder this `kb` package is in first on the child's
    path: the child imports the same kb, however this process found it."""
    package_root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, *([path] if path else [])])}


def _write(stdin: IO[bytes], item: Page | bytes) -> bool:
    """Send one page or order; False when the child no longer reads."""
    if isinstance(item, bytes):
        data = [item]
    else:
        url, title, content, tags, date = item
        body = content.encode("utf-8")
        header = {"u": url, "t": title, "g": list(tags), "d": date, "n": len(body)}
        data = [json.dumps(header).encode("utf-8") + b"\n", body]
    try:
        for chunk in data:
            stdin.write(chunk)
        if item is WRITE:
            stdin.flush()
    except (OSError, ValueError):  # a broken pipe, or closed
        return False
    return True


def serve(folder: Path, stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The child's work: index the pages read from `stdin` into a bundle in `folder`."""
    from kb.site.search import page_text
    from kb.site.searchindex import IndexWriter

    writer = IndexWriter(folder)
    while header := stdin.readline():
        message = json.loads(header)
        if message.get("write"):
            writer.write()
            stdout.write(WRITTEN)
            stdout.flush()
            continue
        content = stdin.read(message["n"]).decode("utf-8")
        writer.add(message["u"], message["t"], page_text(content), message["g"], message["d"])


def main(argv: list[str]) -> int:
    """`python -m kb.site.searchservice FOLDER`; a failure is one line on stderr."""
    # At MkDocs' own priority: on a large build a forked child of MkDocs keeps the
    # second core busy (kb.site.twocores), and an index niced below it got its CPU only
    # once both were done (the build then waited 1-7 s for it at 5,000 entries).
    try:
        serve(Path(argv[0]), sys.stdin.buffer, sys.stdout.buffer)
    except Exception as error:  # the parent shows this one line, never a traceback
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
