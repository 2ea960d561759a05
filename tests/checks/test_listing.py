"""The listing searches behind path hints give what maps of the whole listing gave."""

from __future__ import annotations

import random

from kb.checks.listing import Listing


def _listing(seed: int) -> list[str]:
    rng = random.Random(seed)
    folders = ["", "src", "src/api", "src/api/v1", "docs", "tests", "a-b", "a", "a/b", "é"]
    stems = ["server", "serve", "main", "test_main", "util", "utils", "a", "index", "x-y"]
    exts = [".py", ".rs", ".md", "", ".txt"]
    paths = set()
    for _ in range(400):
        folder, name = rng.choice(folders), rng.choice(stems) + rng.choice(exts)
        paths.add(f"{folder}/{name}" if folder else name)
    return sorted(paths)


def _by_name_and_folder(paths: list[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The maps the hints used before (the oracle)."""
    by_name: dict[str, list[str]] = {}
    by_folder: dict[str, list[str]] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        by_name.setdefault(name, []).append(path)
        by_folder.setdefault(folder, []).append(path)
    return by_name, by_folder


def test_named_in_folder_and_names_starting_match_whole_maps() -> None:
    for seed in range(20):
        paths = _listing(seed)
        listing = Listing(tuple(paths))
        by_name, by_folder = _by_name_and_folder(paths)
        names = sorted(by_name)
        asked_names = [*by_name, "missing.py", "", "erver.py", "api"]
        for name in asked_names:
            assert listing.named(name) == sorted(by_name.get(name, ())), name
        for folder in [*by_folder, "nowhere", "src/ap"]:
            for limit in (300, 2):
                expected = sorted(by_folder.get(folder, ()))[:limit]
                assert listing.in_folder(folder, limit) == expected, folder
        for start in ["ser", "mai", "tes", "x-", "a", "é", "zzz", "src"]:
            expected = [n for n in names if n.startswith(start)]
            assert listing.names_starting(start, 600) == expected, start
            assert listing.names_starting(start, 2) == expected[:2], start
        for name in asked_names:  # now answered from the sorted names when missing
            assert listing.named(name) == sorted(by_name.get(name, ())), name
            assert listing.first_named(name) == min(by_name.get(name, ()), default=None), name


def test_names_starting_ignores_folder_names() -> None:
    listing = Listing(("serve/app.py", "src/server.py"))
    assert listing.names_starting("ser", 10) == ["server.py"]
    assert listing.named("app.py") == ["serve/app.py"]
    assert listing.in_folder("", 10) == []
