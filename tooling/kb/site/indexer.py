"""Pagefind fed page by page while MkDocs renders, through the binary's service mode.

Running Pagefind after the build makes it read and parse every full page again, one
step after another. Here each marked page's fragment goes to one `pagefind --service`
process as MkDocs renders it, so the parsing runs on another core meanwhile and only
Pagefind's index writing is left for the end of the build.

The `pagefind` package's own Python API drives the same service, but its reader sleeps
0.1 s before each response: ten pages a second. So this speaks the protocol itself:
each message is base64 JSON ended by a comma, on stdin and stdout. The service reads
stdin in a thread of its own into an unbounded queue, so `add()` never waits on it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO

from kb.errors import KbError

Reply = dict[str, Any]


class Indexer:
    """One Pagefind service and its one index; `add()` pages, then `write()` the bundle."""

    def __init__(self, exclude_selectors: list[str]) -> None:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

        # A file, not a pipe: a pipe nobody reads fills up and stalls the service.
        self._stderr: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [str(get_executable()), "--service"],  # the binary in the wheel
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as error:
            self._stderr.close()
            raise KbError(f"Pagefind could not start: {error}") from None
        self._lock = threading.Condition()
        self._last_id = 0
        self._awaited: dict[int, Reply | None] = {}  # replies someone waits for, by id
        self._pending: dict[int, str] = {}  # pages sent and not yet indexed, by message id
        self._failure: str | None = None  # the first error: raised by write()
        self._added = 0  # pages sent
        # A bundle being written: (message id, folder, pages sent before it).
        self._writing: tuple[int, Path, int] | None = None
        self._ended = False  # the service's stdout is closed: it has exited
        self._reader = threading.Thread(target=self._read, name="kb-pagefind", daemon=True)
        self._reader.start()
        config = {"exclude_selectors": exclude_selectors}
        try:
            self._index = self._call({"type": "NewIndex", "config": config})["index_id"]
        except KbError:
            self.close()
            raise

    def add(self, path: str, html: str) -> None:
        """Index one page; `path` is its file in the site (Pagefind derives the URL)."""
        payload = {"type": "AddFile", "index_id": self._index, "file_path": path}
        self._send({**payload, "url": None, "file_contents": html}, page=path)
        self._added += 1

    def start_write(self, output: Path) -> None:
        """Have the bundle written into `output` after the pages sent so far, without
        waiting: the build goes on rendering pages that are not indexed meanwhile."""
        payload = {"type": "WriteFiles", "index_id": self._index, "output_path": str(output)}
        self._writing = (self._send(payload, awaited=True), output, self._added)

    def write(self, output: Path) -> None:
        """Have the bundle written into `output` with every page, wait, stop the service.
        A bundle started early is used unless pages came after it (then it is redone)."""
        try:
            if self._writing is not None and self._writing[1:] != (output, self._added):
                self._wait(self._writing[0])
                shutil.rmtree(self._writing[1], ignore_errors=True)
                self._writing = None
            if self._writing is None:
                self.start_write(output)
            assert self._writing is not None
            self._wait(self._writing[0])
        finally:
            self.close()

    def close(self) -> None:
        """Stop the service: it exits when its stdin closes; it is killed if it lingers."""
        process = self._process
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError):  # it is gone already
                process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._reader.join()
        self._stderr.close()

    def _send(self, payload: dict[str, Any], page: str | None = None, awaited: bool = False) -> int:
        with self._lock:
            self._last_id += 1
            message_id = self._last_id
            if page is not None:
                self._pending[message_id] = page
            if awaited:
                self._awaited[message_id] = None
        message = json.dumps({"message_id": message_id, "payload": payload})
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            stdin.flush()  # the service answers a message once it has read its comma
        except OSError:
            self._fail("stopped")  # the reason, if any, is on its stderr
        return message_id

    def _call(self, payload: dict[str, Any]) -> Reply:
        return self._wait(self._send(payload, awaited=True))

    def _wait(self, message_id: int) -> Reply:
        """The reply to a message sent; KbError on the first failure seen so far."""
        with self._lock:
            self._lock.wait_for(
                lambda: self._awaited[message_id] is not None or self._ended or bool(self._failure)
            )
            reply = self._awaited.pop(message_id)
            if self._failure is None and reply is None:
                self._failure = "stopped"
            if self._failure is not None:
                raise KbError(f"Pagefind failed: {self._failure}{self._stderr_tail()}")
            assert reply is not None
            return reply

    def _read(self) -> None:
        """The service's replies, in this thread: each is matched to what was sent."""
        stdout = self._process.stdout
        assert stdout is not None
        partial = b""
        try:
            while chunk := os.read(stdout.fileno(), 1 << 16):
                *messages, partial = (partial + chunk).split(b",")
                for message in messages:
                    self._receive(json.loads(base64.b64decode(message)))
        except ValueError as error:  # not the protocol: stop waiting for replies
            self._fail(f"unreadable reply ({error})")
        with self._lock:
            self._ended = True
            self._lock.notify_all()

    def _receive(self, message: dict[str, Any]) -> None:
        payload: Reply = message.get("payload") or {}
        message_id = message.get("message_id")
        with self._lock:
            page = self._pending.pop(message_id, None) if message_id is not None else None
            if payload.get("type") == "Error":
                where = f" on {page}" if page else ""
                self._fail(f"{payload.get('message', 'an error')}{where}")
            if message_id in self._awaited:
                self._awaited[message_id] = payload
            self._lock.notify_all()

    def _fail(self, reason: str) -> None:
        with self._lock:
            if self._failure is None:
                self._failure = reason
            self._lock.notify_all()

    def _stderr_tail(self) -> str:
        """The last line Pagefind wrote on stderr, as `: line`, or nothing."""
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""
