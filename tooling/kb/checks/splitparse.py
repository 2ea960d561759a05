"""Parse entries on two cores: this process works from the front, a forked child from the back.

A fixed split (55% to the child) left one side waiting for the other whenever the
machine was busy, and the child's share came back as one pickle that this process
then unpacked alone, after everything else (0.065 s for 5,500 entries, after 0.1 s of
pickling in the child). Here the list is cut into chunks; each side takes the next
chunk from its own end until the two meet, so both finish at about the same time,
and the child hands over each chunk as soon as it is parsed: the pickle goes into
shared memory and a note of where it lies goes down a pipe (the pipe also makes
sure the bytes are visible before the note). This process unpacks those between its
own chunks.

Two sides can take the same chunk where they meet (each reads the other's position
a moment late); it is then parsed twice and kept once. Whatever the child did not
deliver (it failed, or ran out of shared memory) is parsed here at the end, so the
result is always every chunk, in order.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import struct
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from kb.forked import Forked, fork

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNK = 200  # entries per chunk: about 15 ms of parsing
_FRONT, _BACK = 0, 8  # positions: the next chunk this process takes; the child's lowest
_DATA = 16  # where the child's pickles start
_NOTE = struct.Struct("<qqq")  # chunk index, offset, length
_BYTES_PER_ITEM = 16 << 10  # shared memory reserved per item (pages are used as written)
_MOST_BYTES = 1 << 30


class SplitParse(Generic[Item, Result]):
    """Parse `items` with `parse` (one call per chunk): `start()`, then `finish()`.

    Between the two, this process may start threads: the fork happens in `start()`."""

    def __init__(self, items: Sequence[Item], parse: Callable[[list[Item]], Result]) -> None:
        self.chunks = [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
        self.parse = parse
        self.done: dict[int, Result] = {}
        self._child: Forked[int] | None = None

    def start(self) -> None:
        """Fork the child that parses from the back; on any failure, none is started."""
        size = min(_DATA + _BYTES_PER_ITEM * CHUNK * len(self.chunks), _MOST_BYTES)
        try:
            self._shared = mmap.mmap(-1, size)  # anonymous and shared with the child
        except (OSError, ValueError):
            return
        _put(self._shared, _FRONT, 0)
        _put(self._shared, _BACK, len(self.chunks))
        self._notes, write = os.pipe()
        self._child = fork(lambda: self._deliver(write))
        os.close(write)
        if self._child is None:
            os.close(self._notes)
            return
        os.set_blocking(self._notes, False)
        self._pending = b""

    def finish(self) -> list[Result]:
        """Every chunk's result, in the order of `items`."""
        if self._child is not None:
            try:
                self._take_from_front()
            except BaseException:
                os.kill(self._child.pid, signal.SIGKILL)  # never left running on its own
                raise
            finally:
                self._child.result()  # the child has exited: every note is in the pipe
                self._receive()
                os.close(self._notes)
                self._shared.close()
        for index, chunk in enumerate(self.chunks):
            if index not in self.done:  # no child, or one that did not deliver it
                self.done[index] = self.parse(chunk)
        return [self.done[index] for index in range(len(self.chunks))]

    def _take_from_front(self) -> None:
        shared = self._shared
        while (front := _get(shared, _FRONT)) < _get(shared, _BACK):
            _put(shared, _FRONT, front + 1)
            self.done[front] = self.parse(self.chunks[front])
            self._receive()

    def _receive(self) -> None:
        """Unpack the chunks the child has noted as delivered so far."""
        try:
            while chunk := os.read(self._notes, 1 << 16):
                self._pending += chunk
        except BlockingIOError:
            pass
        whole = len(self._pending) - len(self._pending) % _NOTE.size
        for index, offset, length in _NOTE.iter_unpack(self._pending[:whole]):
            if index not in self.done:
                self.done[index] = pickle.loads(self._shared[offset : offset + length])
        self._pending = self._pending[whole:]

    def _deliver(self, notes: int) -> int:
        """In the child: parse chunks from the back until the sides meet; the count."""
        os.close(self._notes)
        shared, end, count = self._shared, _DATA, 0
        while (index := _get(shared, _BACK) - 1) >= _get(shared, _FRONT):
            _put(shared, _BACK, index)
            data = pickle.dumps(self.parse(self.chunks[index]), protocol=pickle.HIGHEST_PROTOCOL)
            if end + len(data) > len(shared):
                break  # out of room: this process parses the rest
            shared[end : end + len(data)] = data
            os.write(notes, _NOTE.pack(index, end, len(data)))  # 24 bytes: one write
            end, count = end + len(data), count + 1
        os.close(notes)
        return count


def _get(shared: mmap.mmap, at: int) -> int:
    value: int = struct.unpack_from("<q", shared, at)[0]
    return value


def _put(shared: mmap.mmap, at: int, value: int) -> None:
    struct.pack_into("<q", shared, at, value)
