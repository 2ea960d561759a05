"""A real browser (Debian's chromium, never a download) against the fixture site.

Without chromium the tests skip with how to install it; with CI set they fail instead,
so CI can never pass by skipping them. Every test's page is screenshotted into
test-output/e2e/ and must log no console errors.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kb.cli.main import main
from tests.site.conftest import copy_fixture

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL = "apt-get install chromium"


def chromium_path() -> str:
    """Debian's chromium; skip (or, under CI, fail) when it is missing."""
    path = shutil.which("chromium")
    if path is None:
        message = f"no chromium for the browser tests: {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean


@contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1: its URL."""
    handler = partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base built with `kb build`: its site folder."""
    root = copy_fixture(tmp_path_factory.mktemp("e2e") / "shop")
    assert main(["--root", str(root), "build"]) == 0
    return root / "site"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The fixture knowledge base, built and served on 127.0.0.1."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page in light mode; fails the test on any console error or page error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield opened
        OUTPUT.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
        assert errors == [], "errors in the browser console"
    finally:
        context.close()
