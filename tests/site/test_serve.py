"""`kb serve` picks up new, edited and deleted entries and a changed kb.yml, no restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
KB = str(Path(sys.executable).parent / "kb")
NEW = "---\ntitle: {title}\ncreated: 2025-12-03T10:00:00+01:00\ntags: [api]\n---\n\nBody.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def eventually(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the served site did not change in time"
        time.sleep(0.3)


@pytest.fixture
def served(site_kb: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [KB, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site_kb,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        eventually(lambda: fetch(url)[0] == 200)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_follows_entries_and_kb_yml(site_kb: Path, served: str) -> None:
    entry = site_kb / "entries" / "2025" / "2025-12-03-fresh.md"
    page = served + "entries/2025/2025-12-03-fresh/"
    entry.write_text(NEW.format(title="Fresh entry"), encoding="utf-8")
    eventually(lambda: "Fresh entry" in fetch(page)[1])
    entry.write_text(NEW.format(title="Fresh entry, edited"), encoding="utf-8")
    eventually(lambda: "Fresh entry, edited" in fetch(page)[1])
    entry.unlink()
    eventually(lambda: fetch(page)[0] == 404)
    config = site_kb / "kb.yml"
    config.write_text(config.read_text().replace("Shop gotchas", "Shop journal"))
    eventually(lambda: '<h1 id="shop-journal">Shop journal' in fetch(served)[1])
