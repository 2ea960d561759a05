"""Related entries: shared files first, then shared tags, then similar text.

`kb show` and the site both call `RelatedIndex.related` (or `related_entries`), so the
terminal and the browser never disagree about what is related. Text similarity is the
cosine of TF-IDF vectors over titles and bodies; it breaks ties between entries that
share as many files and tags, and brings in entries that share neither but read alike.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass

from kb.entry import Entry

# Cosine below which text alone does not make an entry related.
MIN_SIMILARITY = 0.15
# Only an entry's most telling words are looked up, and words most entries use are
# skipped: they say little and their posting lists would make lookups quadratic.
TOP_TERMS = 16
MAX_DOCUMENT_FRACTION = 0.02
MIN_DOCUMENT_CAP = 50
TITLE_WEIGHT = 3
# Entries sharing enough tags are listed one by one (in Python) up to this many; past
# it, the entries sharing any tag stand in for them.
MAX_LISTED = 256
_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_STOP_TEXT = """about after again also and any are because been before being but can cannot could
    did does doing done each else even every few for from had has have having here how
    into its just like many more most much must need needs not now off once only other
    our out over same should since some still such than that the their them then there
    these they this those through too under until use used using very was way were what
    when where which while who why will with without would yet you your details solution
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

# Entry numbers; both kinds have intersection(), which walks its argument.
IntSet = set[int] | frozenset[int]
# How a candidate sorts: (-shared files, -shared tags, -similarity, number newest first).
Key = tuple[int, int, float, int]


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
    """Entries by file path, by tag and by word, built once per run for all lookups.

    Entries are numbered newest first (ties by id), so a lower number is also the better
    tie-break, and a tag's entries are one int bitset: counting shared tags for every
    entry is then a few big-int operations in C, not a Python loop over thousands. The
    same entries as a set let text scores be looked up only where they can matter.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        by_id = {entry.id: entry for entry in self.entries}  # one per id, the last wins
        self.order = sorted(by_id.values(), key=lambda e: (-e.created.timestamp(), e.id))
        self.number = {entry.id: n for n, entry in enumerate(self.order)}
        self.tags_of = [frozenset(entry.tags) for entry in self.order]
        self.by_file: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        numbers_by_tag: dict[str, list[int]] = defaultdict(list)
        for n, entry in enumerate(self.order):
            for path in {ref.path for ref in entry.files}:
                self.by_file[(entry.repo, path)].append(n)
            for tag in self.tags_of[n]:
                numbers_by_tag[tag].append(n)
        self.tag_bits = {tag: bitset(numbers) for tag, numbers in numbers_by_tag.items()}
        self.tag_sets = {tag: frozenset(numbers) for tag, numbers in numbers_by_tag.items()}
        self.tag_position = {tag: bit for bit, tag in enumerate(sorted(numbers_by_tag))}
        self.tag_masks = [sum(1 << self.tag_position[t] for t in tags) for tags in self.tags_of]
        self._text: TextIndex | None = None  # built on the first lookup that needs it

    @property
    def text(self) -> TextIndex:
        if self._text is None:
            self._text = TextIndex(self.order)
        return self._text

    def related(self, entry: Entry, limit: int = 5) -> list[Related]:
        """Up to `limit` entries: most shared files, then most shared tags, then most
        similar text, then newest."""
        if limit <= 0:
            return []
        me = self.number.get(entry.id, -1)
        mine = frozenset(entry.tags)
        files = self._shared_files(entry)
        files.pop(me, None)
        at_least = self._at_least(mine)
        by_tags = self._by_tags(at_least, files.keys() | {me}, limit)
        floor = self._floor(by_tags, limit)
        similarity = self.text.similar(entry, self._among(mine, at_least, floor, files))
        keys = [
            (
                -len(paths),
                -len(mine & self.tags_of[other]),
                -round(similarity.get(other, 0.0), 6),
                other,
            )
            for other, paths in files.items()
        ]
        keys += (key for key in by_tags if key[3] not in similarity)
        keys += self._by_text(mine, similarity, files, floor)
        return [
            Related(
                self.order[other],
                tuple(sorted(files.get(other, ()))),
                tuple(sorted(mine.intersection(self.tags_of[other]))),
                round(similarity.get(other, 0.0), 4),
            )
            for *_, other in heapq.nsmallest(limit, keys)
        ]

    def _among(
        self, mine: frozenset[str], at_least: list[int], floor: int, files: dict[int, set[str]]
    ) -> list[IntSet] | None:
        """Sets holding every entry whose text score can change the list: with `floor`
        shared tags needed, text only orders the entries at or above it and the file
        sharers. None (every entry) when text alone can make the list."""
        if not floor:
            return None
        wanted = at_least[floor]
        if floor > 1 and wanted.bit_count() <= MAX_LISTED:
            listed = members(wanted)
            listed.update(files)
            return [listed]
        # The entries sharing any tag: more than needed, and no set to build.
        sets: list[IntSet] = [set(files)] if files else []
        sets += (self.tag_sets[tag] for tag in mine if tag in self.tag_sets)
        return sets

    @staticmethod
    def _floor(by_tags: list[Key], limit: int) -> int:
        """Shared tags an entry without shared files needs to make the list: `limit`
        entries have at least this many, and text only orders entries within a count."""
        return -by_tags[-1][1] if len(by_tags) == limit else 0

    def _by_text(
        self, mine: frozenset[str], similarity: dict[int, float], files: Container[int], floor: int
    ) -> list[Key]:
        """Sort keys of the entries with a text score and no shared file that can still
        make the list; shared tags counted on small per-entry tag masks."""
        mask = sum(1 << self.tag_position[tag] for tag in mine if tag in self.tag_position)
        masks = self.tag_masks
        keys = []
        for other, score in similarity.items():
            shared = (mask & masks[other]).bit_count()
            if shared >= floor and (shared or score >= MIN_SIMILARITY) and other not in files:
                keys.append((0, -shared, -round(score, 6), other))
        return keys

    def _shared_files(self, entry: Entry) -> dict[int, set[str]]:
        """Entries of the same repo that reference one of `entry`'s paths, and which."""
        files: dict[int, set[str]] = defaultdict(set)
        for path in {ref.path for ref in entry.files}:
            for other in self.by_file.get((entry.repo, path), ()):
                files[other].add(path)
        return files

    def _at_least(self, mine: frozenset[str]) -> list[int]:
        """at_least[k]: the entries sharing at least k of `mine` as a bitset (-1, every
        bit set, for k = 0; 0 past the last count)."""
        bits = [self.tag_bits[tag] for tag in mine if tag in self.tag_bits]
        at_least = [-1] + [0] * len(bits)
        for tagged in bits:
            for k in range(len(bits), 0, -1):
                at_least[k] |= at_least[k - 1] & tagged
        at_least.append(0)
        return at_least

    @staticmethod
    def _by_tags(at_least: list[int], skip: Container[int], limit: int) -> list[Key]:
        """Sort keys of the best `limit` entries not in `skip` that share a tag, as if
        no text were similar: most shared tags first, then newest (lowest bit)."""
        found: list[Key] = []
        for shared in range(len(at_least) - 2, 0, -1):
            left = at_least[shared] & ~at_least[shared + 1]
            while left and len(found) < limit:
                lowest = left & -left
                left ^= lowest
                other = lowest.bit_length() - 1
                if other not in skip:
                    found.append((0, -shared, -0.0, other))
        return found


class TextIndex:
    """Unit-length TF-IDF vectors of entries and an inverted index over their words;
    entries are known by their position in `entries`."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.number = {entry.id: n for n, entry in enumerate(entries)}
        stems: dict[str, str] = {}
        counts = [words(entry, stems) for entry in entries]
        frequency: Counter[str] = Counter()
        for counted in counts:
            frequency.update(counted.keys())
        total = max(len(counts), 1)
        cap = max(MIN_DOCUMENT_CAP, int(total * MAX_DOCUMENT_FRACTION))
        idf = {w: math.log(1 + total / n) for w, n in frequency.items() if n <= cap}
        # 1 + log(count) for every count that occurs: the same floats, one log each.
        most = max((max(counted.values(), default=0) for counted in counts), default=0)
        tf = [0.0, *(1 + math.log(c) for c in range(1, most + 1))]
        self.vectors: list[dict[str, float]] = []
        # Word -> {entry: weight}: a dict, so a lookup among a few entries intersects
        # keys in C instead of walking the whole list in Python.
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        postings = self.postings
        for n, counted in enumerate(counts):
            vector = {w: tf[c] * idf[w] for w, c in counted.items() if w in idf}
            weights = vector.values()
            norm = math.sqrt(sum(map(operator.mul, weights, weights))) or 1.0
            unit = {word: w / norm for word, w in vector.items()}
            self.vectors.append(unit)
            for word, weight in unit.items():
                postings[word][n] = weight

    def similar(self, entry: Entry, among: Sequence[IntSet] | None = None) -> dict[int, float]:
        """Other entries' cosine with `entry` over its most telling words, by number.

        With `among`, only the entries in one of those sets are scored (the others may
        be left out): each word's entries are looked up in them in C.
        """
        me = self.number.get(entry.id)
        if me is None:
            return {}
        # Heaviest first, ties by word: sort by word, then (stable) by weight.
        top = sorted(sorted(self.vectors[me].items()), key=_weight, reverse=True)[:TOP_TERMS]
        scores: dict[int, float] = {}
        get = scores.get
        # Each entry's sum adds its words in the same order either way: the same floats.
        for word, weight in top:
            posting = self.postings[word]
            if among is None:
                for other, other_weight in posting.items():
                    scores[other] = get(other, 0.0) + weight * other_weight
                continue
            # intersection() walks its argument, the word's few entries, not the big set
            # (a frozenset & a dict's keys would walk the set).
            if len(among) == 1:
                hits = among[0].intersection(posting)
            else:
                hits = set().union(*(wanted.intersection(posting) for wanted in among))
            for other in hits:
                scores[other] = get(other, 0.0) + weight * posting[other]
        scores.pop(me, None)
        return scores


_weight = operator.itemgetter(1)


def words(entry: Entry, stems: dict[str, str] | None = None) -> Counter[str]:
    """Normalised words of the title (counted thrice) and the body, stop words left out.

    `stems` memoises stem() across entries: a knowledge base reuses its words a lot.
    """
    stems = {} if stems is None else stems
    title, body = _WORD.findall(entry.title.lower()), _WORD.findall(entry.body.lower())
    for word in set(title).union(body).difference(stems):
        stems[word] = "" if word in STOP_WORDS else stem(word)  # a stop word stems to ""
    # Counted in C, roots in order of first use (as the vectors' sums depend on order).
    counted = Counter(map(stems.__getitem__, title * TITLE_WEIGHT))
    counted.update(map(stems.__getitem__, body))
    counted.pop("", None)
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


def bitset(numbers: Sequence[int]) -> int:
    """An int with bit n set for each n in `numbers` (built as bytes: one pass, no
    quadratic `|=` on a growing int)."""
    if not numbers:
        return 0
    flags = bytearray(max(numbers) // 8 + 1)
    for n in numbers:
        flags[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(flags, "little")


def members(bits: int) -> set[int]:
    """The numbers whose bits are set in `bits` (a non-negative int)."""
    # Found in its binary digits with str.find: no big-int arithmetic per member.
    digits = bin(bits)
    last = len(digits) - 1
    found = set()
    at = digits.find("1", 2)
    while at != -1:
        found.add(last - at)
        at = digits.find("1", at + 1)
    return found
