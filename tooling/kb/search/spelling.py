"""Spelling correction for query words, from the words the entries actually use.

The vocabulary (table `words`, with a trigram FTS5 table `grams` over it) is built the
first time a query needs it and grows with each sync after that. Candidates for a word
come from the trigram table (cheap even with tens of thousands of words); the closest
by edit distance wins if it is close enough and still matches an entry. Words of
deleted entries linger in the table on purpose: removing them would need reference
counts, and checking a candidate is one query.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

CANDIDATES = 60
MIN_LENGTH = 4
MIN_WORD = 3
# Everything but letters, digits and whitespace separates words.
# string.punctuation, spelled out: importing `string` costs kb search ~0.7 ms at start-up.
_PUNCTUATION = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
_SEPARATORS = str.maketrans(dict.fromkeys(_PUNCTUATION, " "))


def max_distance(word: str) -> int:
    """Edits allowed for a word of this length: short words need to be nearly right."""
    return 1 if len(word) <= 5 else 2


def closest_word(
    connection: sqlite3.Connection, word: str, matches: Callable[[str], bool]
) -> str | None:
    """The indexed word closest to `word` for which `matches` holds, or None."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return None
    grams = {word[i : i + 3] for i in range(len(word) - 2)}
    expression = " OR ".join(f'"{gram}"' for gram in sorted(grams))
    rows = connection.execute(
        "SELECT word FROM grams WHERE grams MATCH ? ORDER BY rank LIMIT ?",
        (expression, CANDIDATES),
    )
    limit = max_distance(word)
    scored = []
    for order, (candidate,) in enumerate(rows):
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            scored.append((distance, order, candidate))
    for _, _, candidate in sorted(scored):
        if candidate != word and matches(candidate):
            return str(candidate)
    return None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours counts once); > limit
    is reported as limit + 1 as soon as it is certain."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def words_ready(connection: sqlite3.Connection) -> bool:
    row = connection.execute("SELECT value FROM meta WHERE key = 'words'").fetchone()
    return row is not None and row[0] == "ready"


def ensure_words(connection: sqlite3.Connection) -> None:
    """Build the spelling vocabulary the first time a query needs it.

    A fresh index leaves it `pending`, so building the index costs no more than the
    text itself; once built, each sync adds the words of the entries it re-reads.
    """
    if words_ready(connection):
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        if not words_ready(connection):  # another kb may have built it meanwhile
            rows = connection.execute("SELECT title, tags, files, body FROM text")
            add_words(connection, [" ".join(columns) for columns in rows])
            connection.execute("UPDATE meta SET value = 'ready' WHERE key = 'words'")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def add_words(connection: sqlite3.Connection, texts: list[str]) -> None:
    """Record the new words of `texts`; stale words are harmless (see the top)."""
    found: set[str] = set()
    for text in texts:  # translate and split run in C: far faster than a regex here
        found.update(text.lower().translate(_SEPARATORS).split())
    words = sorted(w for w in found if len(w) >= MIN_WORD and w.isalpha())
    if not words:
        return
    last = connection.execute("SELECT coalesce(max(rowid), 0) FROM words").fetchone()[0]
    connection.executemany("INSERT OR IGNORE INTO words(word) VALUES (?)", ((w,) for w in words))
    connection.execute(
        "INSERT INTO grams(rowid, word) SELECT rowid, word FROM words WHERE rowid > ?", (last,)
    )
