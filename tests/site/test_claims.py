"""Claims from both ends of a list of pages (kb.site.claims), across a real fork."""

from __future__ import annotations

import os
from pathlib import Path

from kb.site.claims import Claims


def test_each_end_claims_until_the_other_has(tmp_path: Path) -> None:
    with (tmp_path / "lock").open("w+b") as lock:
        claims = Claims(10, lock.fileno())
        assert claims.mine(0) and claims.mine(1)
        assert claims.theirs(9) and claims.theirs(8)
        assert not claims.mine(8)  # the child's, and so is every page after it
        assert not claims.theirs(1)
        assert claims.mine(7) and not claims.theirs(7)


def test_claims_from_both_ends_meet_and_never_overlap(tmp_path: Path) -> None:
    count = 2000
    with (tmp_path / "lock").open("w+b") as lock:
        claims = Claims(count, lock.fileno())
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child claims from the last back, as the build's children do
            status = 1
            try:
                os.close(read)
                lowest = count
                for index in reversed(range(count)):
                    if not claims.theirs(index):
                        break
                    lowest = index
                os.write(write, str(lowest).encode())
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        mine = []
        for index in range(count):
            if not claims.mine(index):
                break
            mine.append(index)
        _, status = os.waitpid(pid, 0)
        first_of_theirs = int(os.read(read, 100))
        os.close(read)
    assert status == 0
    assert mine == list(range(len(mine)))
    assert first_of_theirs == len(mine)  # every page once: the child's run on from there
