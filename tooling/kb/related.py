"""Related entries: shared files first, then shared tags, then similar text.

`kb show` and the site both call `RelatedIndex.related` (or `related_entries`), so the
terminal and the browser never disagree about what is related. Text similarity is the
cosine of TF-IDF vectors over titles and bodies; it breaks ties between entries that
share as many files and tags, and brings in entries that share neither but read alike.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from kb.entry import Entry

# Cosine below which text alone does not make an entry related.
MIN_SIMILARITY = 0.15
# Only an entry's most telling words are looked up, and words most entries use are
# skipped: they say little and their posting lists would make lookups quadratic.
TOP_TERMS = 16
MAX_DOCUMENT_FRACTION = 0.02
MIN_DOCUMENT_CAP = 50
TITLE_WEIGHT = 3
_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_STOP_TEXT = """about after again also and any are because been before being but can cannot could
    did does doing done each else even every few for from had has have having here how
    into its just like many more most much must need needs not now off once only other
    our out over same should since some still such than that the their them then there
    these they this those through too under until use used using very was way were what
    when where which while who why will with without would yet you your details solution
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Related:
    entry: Entry
    shared_files: tuple[str, ...]
    shared_tags: tuple[str, ...]
    similarity: float = 0.0  # cosine of the two entries' texts, 0..1

    def reason(self) -> str:
        """Why it is related, strongest signal first: `shares files: a.py`."""
        if self.shared_files:
            return "shares files: " + ", ".join(self.shared_files)
        if self.shared_tags:
            return "shares tags: " + ", ".join(self.shared_tags)
        return "similar text"


class RelatedIndex:
    """Entries by file path, by tag and by word, built once per run for all lookups."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.by_file: dict[tuple[str | None, str], list[Entry]] = defaultdict(list)
        self.by_tag: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for path in {ref.path for ref in entry.files}:
                self.by_file[(entry.repo, path)].append(entry)
            for tag in set(entry.tags):
                self.by_tag[tag].append(entry)
        self.tag_ids = {tag: [e.id for e in tagged] for tag, tagged in self.by_tag.items()}
        self._text: TextIndex | None = None  # built on the first lookup that needs it

    @property
    def text(self) -> TextIndex:
        if self._text is None:
            self._text = TextIndex(self.entries)
        return self._text

    def related(self, entry: Entry, limit: int = 5) -> list[Related]:
        """Up to `limit` entries: most shared files, then most shared tags, then most
        similar text, then newest."""
        files: dict[str, set[str]] = defaultdict(set)
        for path in {ref.path for ref in entry.files}:
            for other in self.by_file.get((entry.repo, path), []):
                files[other.id].add(path)
        # Counting in C: with few tags, thousands of entries share one with this entry.
        tag_counts = Counter(
            chain.from_iterable(self.tag_ids.get(tag, ()) for tag in set(entry.tags))
        )
        similarity = self.text.similar(entry)
        close = (other for other, score in similarity.items() if score >= MIN_SIMILARITY)
        candidates = set(files).union(tag_counts, close)
        candidates.discard(entry.id)
        rank = self.text.newest_first
        # Plain tuples compare in C; only the best `limit` are kept (a heap, not a sort).
        best = heapq.nsmallest(
            limit,
            (
                (
                    -len(files.get(other, ())),
                    -tag_counts[other],
                    -round(similarity.get(other, 0.0), 6),
                    rank[other],
                    other,
                )
                for other in candidates
            ),
        )
        mine = set(entry.tags)
        return [
            Related(
                self.text.entries[other],
                tuple(sorted(files.get(other, ()))),
                tuple(sorted(mine.intersection(self.text.entries[other].tags))),
                round(similarity.get(other, 0.0), 4),
            )
            for *_, other in best
        ]


class TextIndex:
    """Unit-length TF-IDF vectors of entries and an inverted index over their words."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = {entry.id: entry for entry in entries}
        # Position in (newest, then id) order: one cheap number to break ties with.
        order = sorted(entries, key=lambda e: (-e.created.timestamp(), e.id))
        self.newest_first = {entry.id: rank for rank, entry in enumerate(order)}
        stems: dict[str, str] = {}
        counts = {entry.id: words(entry, stems) for entry in entries}
        frequency: Counter[str] = Counter()
        for counted in counts.values():
            frequency.update(counted.keys())
        total = max(len(counts), 1)
        cap = max(MIN_DOCUMENT_CAP, int(total * MAX_DOCUMENT_FRACTION))
        idf = {w: math.log(1 + total / n) for w, n in frequency.items() if n <= cap}
        self.vectors: dict[str, dict[str, float]] = {}
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for entry_id, counted in counts.items():
            vector = {w: (1 + math.log(n)) * idf[w] for w, n in counted.items() if w in idf}
            norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
            self.vectors[entry_id] = {word: w / norm for word, w in vector.items()}
            for word, weight in self.vectors[entry_id].items():
                self.postings[word].append((entry_id, weight))

    def similar(self, entry: Entry) -> dict[str, float]:
        """Other entries' cosine with `entry` over its most telling words."""
        vector = self.vectors.get(entry.id)
        if vector is None:
            return {}
        top = heapq.nsmallest(TOP_TERMS, vector.items(), key=lambda item: (-item[1], item[0]))
        scores: dict[str, float] = defaultdict(float)
        for word, weight in top:
            for other_id, other_weight in self.postings[word]:
                scores[other_id] += weight * other_weight
        scores.pop(entry.id, None)
        return dict(scores)


def words(entry: Entry, stems: dict[str, str] | None = None) -> Counter[str]:
    """Normalised words of the title (counted thrice) and the body, stop words left out.

    `stems` memoises stem() across entries: a knowledge base reuses its words a lot.
    """
    stems = {} if stems is None else stems
    counted: Counter[str] = Counter()
    for weight, text in ((TITLE_WEIGHT, entry.title), (1, entry.body)):
        for word, n in Counter(_WORD.findall(text.lower())).items():
            if word in STOP_WORDS:
                continue
            root = stems.get(word)
            if root is None:
                root = stems[word] = stem(word)
            counted[root] += weight * n
    return counted


def stem(word: str) -> str:
    """A light suffix stripper: `migrations` and `migration` count as one word."""
    for suffix, replacement, shortest in (
        ("ies", "y", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def related_entries(entries: Sequence[Entry], entry: Entry, limit: int = 5) -> list[Related]:
    """Convenience for a single lookup; build a RelatedIndex when doing many."""
    return RelatedIndex(entries).related(entry, limit)
