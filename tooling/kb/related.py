"""Related entries: shared files first, then shared tags, then similar text.

`kb show` and the site both call `RelatedIndex.related` (or `related_entries`), so the
terminal and the browser never disagree about what is related. Text similarity is the
cosine of TF-IDF vectors over titles and bodies; it breaks ties between entries that
share as many files and tags, and brings in entries that share neither but read alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kb.entry import Entry

# Cosine below which text alone does not make an entry related.
MIN_SIMILARITY = 0.15
# Only an entry's most telling words are looked up, and words most entries use are
# skipped: they say little and their posting lists would make lookups quadratic.
TOP_TERMS = 24
MAX_DOCUMENT_FRACTION = 0.05
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
            for tag in entry.tags:
                self.by_tag[tag].append(entry)
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
        tags: dict[str, set[str]] = defaultdict(set)
        by_id: dict[str, Entry] = {}
        for path in {ref.path for ref in entry.files}:
            for other in self.by_file.get((entry.repo, path), []):
                files[other.id].add(path)
                by_id[other.id] = other
        for tag in entry.tags:
            for other in self.by_tag.get(tag, []):
                tags[other.id].add(tag)
                by_id[other.id] = other
        similarity = self.text.similar(entry)
        for other_id, score in similarity.items():
            if score >= MIN_SIMILARITY:
                by_id.setdefault(other_id, self.text.entries[other_id])
        by_id.pop(entry.id, None)
        ranked = sorted(
            by_id.values(),
            key=lambda o: (
                -len(files[o.id]),
                -len(tags[o.id]),
                -round(similarity.get(o.id, 0.0), 6),
                -o.created.timestamp(),
                o.id,
            ),
        )
        return [
            Related(
                o,
                tuple(sorted(files[o.id])),
                tuple(sorted(tags[o.id])),
                round(similarity.get(o.id, 0.0), 4),
            )
            for o in ranked[:limit]
        ]


class TextIndex:
    """Unit-length TF-IDF vectors of entries and an inverted index over their words."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = {entry.id: entry for entry in entries}
        counts = {entry.id: words(entry) for entry in entries}
        frequency: Counter[str] = Counter()
        for counted in counts.values():
            frequency.update(counted.keys())
        total = max(len(counts), 1)
        cap = max(MIN_DOCUMENT_CAP, int(total * MAX_DOCUMENT_FRACTION))
        self.vectors: dict[str, dict[str, float]] = {}
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for entry_id, counted in counts.items():
            vector = {
                word: (1 + math.log(n)) * math.log(1 + total / frequency[word])
                for word, n in counted.items()
                if frequency[word] <= cap
            }
            norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
            self.vectors[entry_id] = {word: w / norm for word, w in vector.items()}
            for word, weight in self.vectors[entry_id].items():
                self.postings[word].append((entry_id, weight))

    def similar(self, entry: Entry) -> dict[str, float]:
        """Other entries' cosine with `entry` over its most telling words."""
        vector = self.vectors.get(entry.id)
        if vector is None:
            return {}
        top = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:TOP_TERMS]
        scores: dict[str, float] = defaultdict(float)
        for word, weight in top:
            for other_id, other_weight in self.postings[word]:
                if other_id != entry.id:
                    scores[other_id] += weight * other_weight
        return dict(scores)


def words(entry: Entry) -> Counter[str]:
    """Normalised words of the title (counted thrice) and the body, stop words left out."""
    counted: Counter[str] = Counter()
    for weight, text in ((TITLE_WEIGHT, entry.title), (1, entry.body)):
        for word in _WORD.findall(text.lower()):
            if word not in STOP_WORDS:
                counted[stem(word)] += weight
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
