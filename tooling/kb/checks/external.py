"""External links (http, https): fetched only with `--external`, a few at a time.

Each distinct URL is asked once per run (HEAD, then GET when HEAD is refused), with a
timeout, retries with backoff on connection errors and 5xx answers, and `Retry-After`
honoured on 429. Answers are kept in `.kb/cache/links.json` for `links.cache_ttl_hours`
so CI does not fetch every link on every run. Only the standard library is used.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kb import codes
from kb.checks.context import Check, CheckContext
from kb.checks.links import extract, pages
from kb.diagnostics import Diagnostic

CACHE_NAME = "links.json"
ATTEMPTS = 3
MAX_RETRY_AFTER = 30.0  # seconds: a server asking for longer is reported, not waited on
USER_AGENT = "kb-check link checker"


@dataclass(frozen=True)
class Answer:
    """How a URL answered: an HTTP status, or None and why there was none."""

    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def describe(self) -> str:
        return f"answers {self.status}" if self.status is not None else f"failed ({self.error})"


def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
    settings = ctx.config.links
    places: dict[str, list[tuple[str, int, int]]] = {}
    for path, text, first_line in pages(ctx):
        for link in extract(text, first_line):
            url = link.target.split("#", 1)[0]
            if url.startswith(("http://", "https://")) and not skipped(url, settings.skip):
                places.setdefault(url, []).append((path, link.line, link.column))
    answers = fetch_all(ctx, sorted(places))
    for url, where in places.items():
        answer = answers[url]
        if not answer.ok:
            for path, line, column in where:
                yield codes.EXTERNAL_LINK.at(
                    path, line, column, f"external link {answer.describe()}: {url}"
                )


def skipped(url: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(url, pattern) for pattern in patterns)


def fetch_all(ctx: CheckContext, urls: list[str]) -> dict[str, Answer]:
    """Answers for `urls`, from the cache when fresh, else fetched concurrently."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from kb.cache import Cache

    settings = ctx.config.links
    cache = Cache(ctx.root) if ctx.options.use_cache else None
    stored: dict[str, Any] = (cache.read(CACHE_NAME) if cache else None) or {}
    now = time.time()
    fresh = settings.cache_ttl_hours * 3600
    answers: dict[str, Answer] = {}
    for url in urls:
        record = stored.get(url)
        if isinstance(record, dict) and now - float(record.get("checked", 0)) < fresh:
            answers[url] = Answer(record.get("status"), record.get("error"))
    todo = [url for url in urls if url not in answers]
    progress = ctx.options.progress
    if todo:
        workers = max(1, min(settings.concurrency, len(todo)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(fetch, url, settings.timeout_seconds): url for url in todo}
            for done, future in enumerate(as_completed(futures), start=1):
                url = futures[future]
                answers[url] = future.result()
                stored[url] = {**vars(answers[url]), "checked": time.time()}
                if progress is not None:
                    progress(done, len(todo))
    if cache is not None and todo:
        cache.write(CACHE_NAME, stored)
    return answers


def fetch(url: str, timeout: float, sleep: Callable[[float], None] = time.sleep) -> Answer:
    """Ask `url` up to ATTEMPTS times; never raises."""
    answer = Answer(None, "not tried")
    for attempt in range(ATTEMPTS):
        answer, wait = _attempt(url, timeout)
        if wait is None:
            return answer
        if attempt < ATTEMPTS - 1:
            sleep(wait if wait >= 0 else 0.5 * 2**attempt)
    return answer


def _attempt(url: str, timeout: float) -> tuple[Answer, float | None]:
    """One try (HEAD, then GET if HEAD is refused): the answer, and how long to wait
    before retrying (None: final; negative: back off by the default schedule)."""
    import urllib.error
    import urllib.request

    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status), None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            if error.code == 429:
                wait = retry_after(error.headers.get("Retry-After"))
                return Answer(429), wait if wait <= MAX_RETRY_AFTER else None
            return Answer(error.code), -1.0 if error.code >= 500 else None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return Answer(None, str(reason) or type(error).__name__), -1.0
    return Answer(None, "no answer"), None


def retry_after(value: str | None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 1 if absent."""
    if not value:
        return 1.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 1.0


CHECK = Check("external", _run, codes=(codes.EXTERNAL_LINK.code,), external=True, cacheable=False)
