"""External links (KB403) against a real HTTP server on 127.0.0.1 started by the tests."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kb.checks import external
from tests.checks.helpers import lines
from tests.conftest import KnowledgeBase

CONFIG = """\
tags:
  gotcha: Surprises.
links:
  timeout_seconds: 0.5
  concurrency: 4
  skip: ["http://127.0.0.1:*/skipped*"]
"""


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /moved 301 -> /ok, /gone 404, /busy 429 once then 200, /slow 2 s,
    /no-head 405 on HEAD; every request is logged on the server."""

    server: Server

    def do_HEAD(self) -> None:
        self.answer(with_body=False)

    def do_GET(self) -> None:
        self.answer(with_body=True)

    def answer(self, with_body: bool) -> None:
        self.server.log.append((self.command, self.path, time.monotonic()))
        path = self.path
        if path == "/moved":
            self.send(301, {"Location": "/ok"})
        elif path == "/gone":
            self.send(404)
        elif path == "/busy":
            first = sum(1 for _, p, _ in self.server.log if p == "/busy") == 1
            self.send(429, {"Retry-After": "1"}) if first else self.send(200)
        elif path == "/slow":
            time.sleep(2)
            self.send(200)
        elif path == "/no-head" and not with_body:
            self.send(405)
        else:
            self.send(200 if path in ("/ok", "/no-head") or path.startswith("/skipped") else 404)

    def send(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class Server(ThreadingHTTPServer):
    log: list[tuple[str, str, float]]


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.log = []
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_every_kind_of_answer(make_kb: Callable[..., KnowledgeBase], server: Server) -> None:
    kb = make_kb(config=CONFIG)
    url = base(server)
    dead = f"http://127.0.0.1:{closed_port()}/x"
    first = f"[ok]({url}/ok) [moved]({url}/moved) [gone]({url}/gone#part)"
    third = f"[skipped]({url}/skipped/page) [dead]({dead}) [again]({url}/gone)"
    kb.entry(
        "2025-11-24-x",
        body=f"{first}\n[busy]({url}/busy) [slow]({url}/slow) <{url}/no-head>\n{third}\n",
    )
    started = time.monotonic()
    found = lines(kb.root, external=True)
    assert time.monotonic() - started < 20
    p = "entries/2025/2025-11-24-x.md"
    assert [line for line in found if "/slow" not in line and dead not in line] == [
        f"{p}:7:{first.index('[gone]') + 1}: KB403 external link answers 404: {url}/gone",
        f"{p}:9:{third.index('[again]') + 1}: KB403 external link answers 404: {url}/gone",
    ]
    [slow] = [line for line in found if "/slow" in line]
    assert slow.startswith(f"{p}:8:") and "KB403 external link failed (" in slow
    [refused] = [line for line in found if dead in line]
    assert refused.startswith(f"{p}:9:") and "Connection refused" in refused
    busy = [at for _, path, at in server.log if path == "/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 1.0  # Retry-After: 1 honoured
    assert not any(path.startswith("/skipped") for _, path, _ in server.log)
    assert [m for m, path, _ in server.log if path == "/no-head"] == ["HEAD", "GET"]
    assert ("HEAD", "/ok") in {(m, path) for m, path, _ in server.log}


def test_external_links_are_never_fetched_by_default(
    make_kb: Callable[..., KnowledgeBase], server: Server
) -> None:
    kb = make_kb(config=CONFIG)
    kb.entry("2025-11-24-x", body=f"[gone]({base(server)}/gone)\n")
    assert lines(kb.root) == []
    assert server.log == []


def test_answers_are_cached_for_the_ttl(
    make_kb: Callable[..., KnowledgeBase], server: Server
) -> None:
    kb = make_kb(config=CONFIG)
    kb.entry("2025-11-24-x", body=f"[gone]({base(server)}/gone) [ok]({base(server)}/ok)\n")
    first = lines(kb.root, external=True, use_cache=True)
    requests = len(server.log)
    assert lines(kb.root, external=True, use_cache=True) == first
    assert len(server.log) == requests  # nothing fetched again
    cached = json.loads((kb.root / ".kb" / "cache" / "links.json").read_text())
    assert cached[f"{base(server)}/gone"]["status"] == 404
    for record in cached.values():
        record["checked"] -= 25 * 3600  # older than the 24-hour TTL
    (kb.root / ".kb" / "cache" / "links.json").write_text(json.dumps(cached))
    assert lines(kb.root, external=True, use_cache=True) == first
    assert len(server.log) == 2 * requests


def test_progress_is_reported(make_kb: Callable[..., KnowledgeBase], server: Server) -> None:
    kb = make_kb(config=CONFIG)
    kb.entry("2025-11-24-x", body=f"[a]({base(server)}/ok) [b]({base(server)}/moved)\n")
    seen: list[tuple[int, int]] = []
    lines(kb.root, external=True, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_retry_after_forms() -> None:
    assert external.retry_after("3") == 3.0
    assert external.retry_after(None) == 1.0
    assert external.retry_after("soon") == 1.0
    assert external.retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_server_errors_are_retried_with_backoff(server: Server) -> None:
    waits: list[float] = []
    answer = external.fetch(f"{base(server)}/gone", 1.0, sleep=waits.append)
    assert (answer.status, waits) == (404, [])  # a 404 is final
    dead = f"http://127.0.0.1:{closed_port()}/x"
    answer = external.fetch(dead, 1.0, sleep=waits.append)
    assert answer.status is None and waits == [0.5, 1.0]
