"""Running a query against the index: BM25 ranking, spelling fallback, snippets.

Every word must match first (`AND`); when that finds fewer than the limit, entries
matching any word follow (`OR`). A word that matches nothing is replaced by the
closest indexed word (trigram candidates, then edit distance), and the result says so.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from dataclasses import dataclass, field

from kb.errors import KbError
from kb.search.filters import Filters
from kb.search.index import read_snapshot
from kb.search.spelling import closest_word, ensure_words

# bm25 weights per column of `text` (title, tags, files, body): the title counts most.
WEIGHTS = (10.0, 4.0, 4.0, 1.0)
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 14
_WEIGHTS = ", ".join(map(str, WEIGHTS))
_TOKEN = re.compile(r"\w+")
_HEADING_MARK = re.compile(r"(?:^|(?<=\s))#{1,6}\s+")


@dataclass(frozen=True)
class Term:
    """One whitespace-separated piece of the query: a word, or a phrase such as a path."""

    text: str
    prefix: bool = False

    def expression(self) -> str:
        words = " ".join(_TOKEN.findall(self.text.lower()))
        return f'"{words}"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Hit:
    id: str
    path: str
    title: str
    created: str
    tags: tuple[str, ...]
    status: str
    files: tuple[str, ...]
    score: float
    snippet: str  # matched words between MARK_START and MARK_END


@dataclass
class SearchResult:
    hits: list[Hit]
    corrections: dict[str, str] = field(default_factory=dict)


def parse_query(query: str) -> list[Term]:
    """Split on whitespace; `word*` is a prefix search; pieces without words are dropped."""
    terms = []
    for piece in query.split():
        prefix = piece.endswith("*")
        if _TOKEN.search(piece):
            terms.append(Term(piece.rstrip("*"), prefix))
    if not terms:
        raise KbError(f"the query {query!r} has no words to search for")
    return terms


def search(
    connection: sqlite3.Connection, query: str, filters: Filters, limit: int = 10
) -> SearchResult:
    """The best `limit` entries for `query` that pass `filters`, best first."""
    terms, corrections = _correct(connection, parse_query(query))
    expressions = [term.expression() for term in terms]
    any_word = " OR ".join(expressions)
    with read_snapshot(connection):  # ranks and rows from one state of the index
        ranked = _ranked(connection, " AND ".join(expressions), filters, limit, [])
        if len(ranked) < limit and len(expressions) > 1:
            seen = [rowid for rowid, _ in ranked]
            ranked += _ranked(connection, any_word, filters, limit - len(ranked), seen)
        hits = _hits(connection, ranked, any_word)
    return SearchResult(hits, corrections)


def _correct(
    connection: sqlite3.Connection, terms: list[Term]
) -> tuple[list[Term], dict[str, str]]:
    """Replace single words that match nothing with the closest word that does."""
    corrected: list[Term] = []
    corrections: dict[str, str] = {}
    for term in terms:
        words = _TOKEN.findall(term.text.lower())
        if len(words) == 1 and not term.prefix and not _matches(connection, term.expression()):
            ensure_words(connection)
            replacement = closest_word(
                connection, words[0], lambda w: _matches(connection, Term(w).expression())
            )
            if replacement is not None:
                corrections[term.text] = replacement
                term = Term(replacement)
        corrected.append(term)
    return corrected, corrections


def _matches(connection: sqlite3.Connection, expression: str) -> bool:
    row = connection.execute("SELECT 1 FROM text WHERE text MATCH ? LIMIT 1", (expression,))
    return row.fetchone() is not None


def _ranked(
    connection: sqlite3.Connection,
    expression: str,
    filters: Filters,
    limit: int,
    exclude: list[int],
) -> list[tuple[int, float]]:
    """(rowid, bm25) of the best matches, best first and newest first among equals;
    snippets come later, only for these."""
    if filters == Filters():
        return _ranked_by_text(connection, expression, limit, exclude)
    where, parameters = _filter_sql(filters)
    if exclude:
        where += f" AND d.rowid NOT IN ({','.join('?' * len(exclude))})"
        parameters += exclude
    rows = connection.execute(
        f"SELECT d.rowid, bm25(text, {_WEIGHTS}) AS score FROM text"
        f" JOIN docs d ON d.rowid = text.rowid WHERE text MATCH ?{where}"
        " ORDER BY score, d.created_ts DESC LIMIT ?",
        [expression, *parameters, limit],
    )
    return [(int(rowid), float(score)) for rowid, score in rows]


def _ranked_by_text(
    connection: sqlite3.Connection, expression: str, limit: int, exclude: list[int]
) -> list[tuple[int, float]]:
    """_ranked without filters, from the text table alone.

    Joining `docs` for every match only to break ties costs more than the ranking
    (1,400 matches of a common word: 3.5 ms instead of 1.4, on a cold connection).
    The dates are read for the rows kept and for those tied in score with the last.
    """
    where = f" AND rowid NOT IN ({','.join('?' * len(exclude))})" if exclude else ""
    cursor = connection.execute(
        f"SELECT rowid, bm25(text, {_WEIGHTS}) AS score FROM text WHERE text MATCH ?{where}"
        " ORDER BY score",
        [expression, *exclude],
    )
    rows: list[tuple[int, float]] = cursor.fetchmany(limit)
    if len(rows) == limit:
        cut = rows[-1][1]
        rows += itertools.takewhile(lambda row: row[1] == cut, cursor)
    cursor.close()
    if not rows:
        return []
    created = dict(
        connection.execute(
            f"SELECT rowid, created_ts FROM docs WHERE rowid IN ({','.join('?' * len(rows))})",
            [rowid for rowid, _ in rows],
        )
    )
    rows.sort(key=lambda row: (row[1], -created[row[0]]))
    return [(int(rowid), float(score)) for rowid, score in rows[:limit]]


def _filter_sql(filters: Filters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    parameters: list[object] = []
    for tag in filters.tags:
        clauses.append("instr(d.tags, ?) > 0")
        parameters.append(f" {tag} ")
    if filters.statuses:
        clauses.append(f"d.status IN ({','.join('?' * len(filters.statuses))})")
        parameters += list(filters.statuses)
    if filters.since is not None:
        clauses.append("d.created_ts >= ?")
        parameters.append(filters.since.timestamp())
    if filters.files:
        clauses.append("kb_refers(d.refs, ?)")
        parameters.append(json.dumps(list(filters.files)))
    return "".join(f" AND {clause}" for clause in clauses), parameters


def _hits(
    connection: sqlite3.Connection, ranked: list[tuple[int, float]], expression: str
) -> list[Hit]:
    """The entries of `ranked`, in its order, with a snippet each: one statement."""
    if not ranked:
        return []
    rows = connection.execute(
        "SELECT text.rowid, d.id, d.path, d.title, d.created, d.tags, d.status, text.files,"
        f" snippet(text, 3, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}),"
        f" snippet(text, 2, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"
        " FROM text JOIN docs d ON d.rowid = text.rowid"
        f" WHERE text MATCH ? AND text.rowid IN ({','.join('?' * len(ranked))})",
        [expression, *(rowid for rowid, _ in ranked)],
    )
    by_rowid = {row[0]: row[1:] for row in rows}
    return [_hit(by_rowid[rowid], score) for rowid, score in ranked]


def _hit(row: tuple[str, ...], score: float) -> Hit:
    entry_id, path, title, created, tags, status, files, body_snippet, files_snippet = row
    # Prefer a body passage with a match; a match only in the files shows the files.
    snippet = body_snippet
    if MARK_START not in body_snippet and MARK_START in files_snippet:
        snippet = files_snippet
    return Hit(
        id=entry_id,
        path=path,
        title=title,
        created=created,
        tags=tuple(tags.split()),
        status=status,
        files=tuple(files.split()),
        score=-score,
        snippet=_HEADING_MARK.sub("", " ".join(snippet.split())),
    )
