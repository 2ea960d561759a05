"""kb's static search index, format v1: the writer, and `query()`, the reference reader.

Written by a lean process beside MkDocs (kb.site.searchservice), read by kb-search.js,
which fetches only the files a query needs. The bundle folder (`site/search/`) holds:

- `index.json`: `{"v": 1, "build": 16 hex chars, "pages": N, "shards": [first term of
  each shard], "tags": [[name, pages with it], ...]}`, tags sorted by name.
- `s/<i>.json`: shard i, `{"term": [gap, score, gap, score, ...], ...}`, terms sorted
  (code point order); it holds every term t with shards[i] <= t < shards[i+1]. A shard
  is closed before it would pass about 48 KB; one term's postings past that are alone.
- `t/<i>.json`: the pages of tag i, `[gap, gap, ...]`.
- `p/<id>.json`: `{"u": page.url, "t": title, "g": [tags], "d": "YYYY-MM-DD" or "",
  "x": text}`; text with whitespace collapsed, cut at 20,000 characters, no title.

Page ids 0..N-1: dated pages newest first, then ties and undated pages by URL. Postings
and tag pages are page ids ascending, delta-encoded (first gap = first id). Terms are
kb.site.searchwords' (stemmed tokens of the title and the text). A score is 1000 when
the term is in the title, plus round(10 * BM25) clamped to 1..999 when it is in the
text (k1 1.2, b 0.75, length = tokens of the text, idf = ln(1 + (N - df + .5) / (df +
.5)), df = pages with the term anywhere).

Reading (see `query`): a query term of 3+ characters matches the terms it begins, at
half their score unless equal; shorter ones only themselves. A page's value for a
query term is its best match; results match every term (AND), ranked by the sum, then
by id. Shards for a term q: the last whose first term <= q, then each next one whose
first term starts with q (exact terms: only the first).
"""

from __future__ import annotations

import bisect
import html
import json
import math
import secrets
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.site.searchwords import (
    MAX_TOKEN,
    MIN_PREFIX,
    TOKEN,
    Stemmer,
    matches,
    query_terms,
    stem,
)

VERSION = 1
SHARD_CHARS = 48 * 1024
TEXT_LIMIT = 20_000
K1, B = 1.2, 0.75
TITLE_SCORE = 1000
EXCERPT_TOKENS, EXCERPT_BEFORE = 30, 10


class IndexWriter:
    """One bundle, written into `folder` (fresh, made here): `add()` pages, then `write()`.

    Memory stays small: each page's record goes to disk as it arrives (under a temporary
    name), and each term keeps one array of (page, frequency * 2 + in-title) pairs."""

    def __init__(self, folder: Path, shard_chars: int = SHARD_CHARS) -> None:
        self.folder, self.shard_chars = folder, shard_chars
        folder.mkdir(parents=True)  # fresh: no stale page of an earlier bundle in it
        (folder / "p").mkdir()
        self.urls: list[str] = []
        self.dates: list[str] = []
        self.lengths = array("I")  # tokens in each page's text
        self.postings: dict[str, array[int]] = {}
        self.tag_pages: dict[str, array[int]] = {}
        self.stemmer = Stemmer()
        self.written = False

    def add(
        self, url: str, title: str, text: str, tags: Iterable[str] = (), date: str = ""
    ) -> None:
        """One page: its URL (as MkDocs gives page.url), title, plain text, tags, date."""
        if self.written:
            raise ValueError(f"{url}: a page after the index was written")
        page = len(self.urls)
        text = " ".join(text.split())[:TEXT_LIMIT].rstrip()
        names = list(dict.fromkeys(tags))
        record = {"u": url, "t": title, "g": names, "d": date, "x": text}
        (self.folder / "p" / f"{page}.tmp").write_text(_dumps(record), encoding="utf-8")
        self.urls.append(url)
        self.dates.append(date)
        body = self.stemmer.counts(text)
        self.lengths.append(sum(body.values()))
        titled = self.stemmer.counts(title)
        postings = self.postings
        for term in body.keys() | titled.keys():
            found = postings.get(term)
            if found is None:
                found = postings[term] = array("I")
            found.append(page)
            found.append(body.get(term, 0) * 2 + (term in titled))
        for name in names:
            self.tag_pages.setdefault(name, array("I")).append(page)

    def write(self) -> None:
        """Number the pages newest first, write shards, tags and index.json (once)."""
        self.written = True
        order = sorted(range(len(self.urls)), key=self.urls.__getitem__)
        order.sort(key=self.dates.__getitem__, reverse=True)  # stable: URL order kept
        ids = array("I", bytes(4 * len(order)))
        for new, old in enumerate(order):
            ids[old] = new
            (self.folder / "p" / f"{old}.tmp").rename(self.folder / "p" / f"{new}.json")
        index = {
            "v": VERSION,
            "build": secrets.token_hex(8),
            "pages": len(order),
            "shards": self._write_shards(ids),
            "tags": self._write_tags(ids),
        }
        (self.folder / "index.json").write_text(_dumps(index), encoding="utf-8")

    def _write_shards(self, ids: array[int]) -> list[str]:
        """Every term's postings in term order, cut into shards; their first terms."""
        folder = self.folder / "s"
        folder.mkdir()
        firsts: list[str] = []
        parts: list[str] = []
        size = 0

        def close() -> None:
            nonlocal size
            (folder / f"{len(firsts)}.json").write_text(
                "{" + ",".join(parts) + "}", encoding="utf-8"
            )
            firsts.append(first)
            parts.clear()
            size = 0

        first = ""
        for term, values in self._scored(ids):
            part = f"{_dumps(term)}:[{','.join(map(str, values))}]"
            if parts and size + len(part) + 1 > self.shard_chars:
                close()
            if not parts:
                first = term
            parts.append(part)
            size += len(part) + 1
            if size > self.shard_chars:  # one term alone past the size
                close()
        if parts:
            close()
        return firsts

    def _scored(self, ids: array[int]) -> Iterator[tuple[str, list[int]]]:
        """(term, [gap, score, ...]) in term order; each term's array freed once written."""
        pages = len(ids)
        average = sum(self.lengths) / pages if pages else 0.0
        average = average or 1.0  # no page has text: no body part is computed
        norms = [K1 * (1 - B + B * length / average) for length in self.lengths]
        for term in sorted(self.postings):
            found = self.postings.pop(term)
            df = len(found) // 2
            idf = math.log(1 + (pages - df + 0.5) / (df + 0.5))
            pairs = sorted((ids[old], old, packed) for old, packed in _pairs(found))
            values: list[int] = []
            previous = 0
            for page, old, packed in pairs:
                frequency = packed >> 1
                score = TITLE_SCORE if packed & 1 else 0
                if frequency:
                    bm25 = idf * frequency * (K1 + 1) / (frequency + norms[old])
                    score += min(999, max(1, round(10 * bm25)))
                values += (page - previous, score)
                previous = page
            yield term, values

    def _write_tags(self, ids: array[int]) -> list[list[str | int]]:
        """Each tag's pages (`t/<i>.json`, tags by name); [[name, count], ...]."""
        folder = self.folder / "t"
        folder.mkdir()
        listed: list[list[str | int]] = []
        for number, name in enumerate(sorted(self.tag_pages)):
            pages = sorted(ids[page] for page in self.tag_pages[name])
            (folder / f"{number}.json").write_text(_dumps(_gaps(pages)), encoding="utf-8")
            listed.append([name, len(pages)])
        return listed


def _pairs(found: array[int]) -> Iterator[tuple[int, int]]:
    """A term's array as (page, frequency * 2 + in-title) pairs."""
    return zip(found[::2], found[1::2], strict=True)


def _gaps(ids: list[int]) -> list[int]:
    """Ascending ids as gaps: the first id, then each minus the one before."""
    return [page - previous for page, previous in zip(ids, [0, *ids], strict=False)]


def _ids(gaps: list[int]) -> list[int]:
    total, found = 0, []
    for gap in gaps:
        total += gap
        found.append(total)
    return found


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Reader:
    """A written bundle read as kb-search.js reads it: only the files a query needs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index: dict[str, Any] = _load(folder / "index.json")
        self.shards: dict[int, dict[str, list[int]]] = {}

    def shard_numbers(self, query_term: str) -> list[int]:
        """The shards that may hold the terms `query_term` matches."""
        firsts: list[str] = self.index["shards"]
        if not firsts:
            return []
        start = max(0, bisect.bisect_right(firsts, query_term) - 1)
        if len(query_term) < MIN_PREFIX:
            return [start]
        end = start + 1
        while end < len(firsts) and firsts[end].startswith(query_term):
            end += 1
        return list(range(start, end))

    def values(self, query_term: str) -> dict[int, float]:
        """Each matching page's value for a query term: its best matched term's score,
        halved when the term only begins with the query term."""
        best: dict[int, float] = {}
        for number in self.shard_numbers(query_term):
            shard = self.shards.get(number)
            if shard is None:
                shard = self.shards[number] = _load(self.folder / "s" / f"{number}.json")
            for term, postings in shard.items():
                if not matches(term, query_term):
                    continue
                page = 0
                for gap, score in zip(postings[::2], postings[1::2], strict=True):
                    page += gap
                    value = score if term == query_term else score / 2
                    if value > best.get(page, 0):
                        best[page] = value
        return best

    def tagged(self, tag: str) -> list[int] | None:
        """The pages of `tag`, ascending; None for a tag no page has."""
        names = [name for name, _ in self.index["tags"]]
        if tag not in names:
            return None
        return _ids(_load(self.folder / "t" / f"{names.index(tag)}.json"))

    def page(self, page: int) -> dict[str, Any]:
        record: dict[str, Any] = _load(self.folder / "p" / f"{page}.json")
        return record


def query(folder: Path, text: str, tag: str | None = None) -> list[dict[str, Any]]:
    """The results of a search in a bundle, best first: each page's record with its
    `id`, `rank` (the sum of its values) and `excerpt`."""
    reader = Reader(folder)
    wanted = query_terms(text)
    ranks: dict[int, float] = {}
    if wanted:
        ranks = reader.values(wanted[0])
        for query_term in wanted[1:]:
            found = reader.values(query_term)
            ranks = {page: rank + found[page] for page, rank in ranks.items() if page in found}
    if tag is not None:
        pages = reader.tagged(tag) or []
        ranks = {p: ranks[p] for p in pages if p in ranks} if wanted else dict.fromkeys(pages, 0)
    ranked = sorted(ranks.items(), key=lambda item: (-item[1], item[0]))
    results = []
    for page, rank in ranked:
        record = reader.page(page)
        excerpt_text = excerpt(record["x"], wanted)
        results.append({"id": page, "rank": rank, **record, "excerpt": excerpt_text})
    return results


def excerpt(text: str, wanted: list[str]) -> str:
    """About 30 tokens of `text` around the first that matches a query term (from 10
    before it), HTML-escaped, matches in <mark>; "… " / " …" where text is cut off. No
    match (the title matched): the first 30 tokens."""
    spans = [m for m in TOKEN.finditer(text) if len(m.group().lower()) <= MAX_TOKEN]
    hits = [any(matches(stem(m.group().lower()), q) for q in wanted) for m in spans]
    if not spans:
        return ""
    first = hits.index(True) if True in hits else 0
    start = max(0, first - EXCERPT_BEFORE) if True in hits else 0
    end = min(len(spans), start + EXCERPT_TOKENS)
    out = ["… "] if start > 0 else []
    position = spans[start].start()
    for span, hit in zip(spans[start:end], hits[start:end], strict=True):
        out.append(html.escape(text[position : span.start()]))
        word = html.escape(span.group())
        out.append(f"<mark>{word}</mark>" if hit else word)
        position = span.end()
    if end < len(spans):
        out.append(" …")
    return "".join(out)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
