"""The words of kb's static search: tokens, the S-stemmer, terms.

kb-search.js splits and stems the same way (`/[\\p{L}\\p{N}]+/gu`, `toLowerCase()`, the
same three rules), so a word typed in the browser finds the terms this side indexed.
Lengths are counted in code points (in JS: `[...token].length`, not `.length`).
"""

from __future__ import annotations

import re
from collections import Counter

# Maximal runs of Unicode letters and digits: \w without the underscore.
TOKEN = re.compile(r"[^\W_]+")
MAX_TOKEN = 64  # longer runs are hashes, base64 and the like: never searched for
MIN_STEMMED = 4  # tokens of 3 characters or fewer are kept as they are
MIN_PREFIX = 3  # a query term this long matches the terms it begins


def tokens(text: str) -> list[str]:
    """The lowercased tokens of `text`, in order, without those over 64 characters."""
    found = TOKEN.findall(text)
    if not found:
        return []
    # One lower() over the joined tokens, not one per token: lower() never makes a space.
    lowered = " ".join(found).lower().split(" ")
    return [token for token in lowered if len(token) <= MAX_TOKEN]


def stem(token: str) -> str:
    """Harman's S-stemmer: the first rule that applies, on tokens of 4+ characters."""
    if len(token) < MIN_STEMMED:
        return token
    if token.endswith("ies") and not token.endswith(("eies", "aies")):
        return token[:-3] + "y"
    if token.endswith("es") and not token.endswith(("aes", "ees", "oes")):
        return token[:-1]
    if token.endswith("s") and not token.endswith(("us", "ss")):
        return token[:-1]
    return token


class Stemmer:
    """`stem` with a cache of its own: a page's words are mostly words seen before."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def counts(self, text: str) -> dict[str, int]:
        """How often each term occurs in `text`: tokens counted first (in C), so each
        distinct token is stemmed once per page."""
        cache = self.cache
        found: dict[str, int] = {}
        for token, count in Counter(tokens(text)).items():
            term = cache.get(token)
            if term is None:
                term = cache[token] = stem(token)
            found[term] = found.get(term, 0) + count
        return found

    def terms(self, text: str) -> list[str]:
        """The terms of `text`, one per token, in order."""
        cache = self.cache
        found = []
        for token in tokens(text):
            term = cache.get(token)
            if term is None:
                term = cache[token] = stem(token)
            found.append(term)
        return found


def terms(text: str) -> list[str]:
    """The terms of `text` (stem of each token), in order."""
    return [stem(token) for token in tokens(text)]


def query_terms(text: str) -> list[str]:
    """The terms of a query, in order, each once."""
    return list(dict.fromkeys(terms(text)))


def matches(term: str, query_term: str) -> bool:
    """Whether an indexed term answers a query term: a prefix of 3+ characters, or equal."""
    if len(query_term) >= MIN_PREFIX:
        return term.startswith(query_term)
    return term == query_term
