"""Synthetic knowledge bases and repos for benchmarks, reproducible from a seed.

Use from a benchmark (`sys.path.insert(0, "bench")`, then `import synth`):

    files = synth.make_repo(tmp / "repo", 100_000, seed=1)
    kb_yml = synth.make_kb(tmp / "repo", 10_000, seed=1, repo_files=files)

or standalone: `python bench/synth.py OUT --entries 1000 --files 10000 --seed 1`.
The same arguments always give byte-identical files (and, with git, the same commits).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

# Every synthetic repo file has at least this many lines, so `path:A-B` references
# with B <= MIN_LINES are always valid without reading the repo.
MIN_LINES = 12

_TOP = ["api", "web", "scorer", "infra", "worker", "shared", "tools", "docs", "tests", "config"]
_DIRS = [
    "registry", "auth", "models", "views", "handlers", "utils", "migrations", "schemas",
    "components", "hooks", "pages", "services", "jobs", "clients", "fixtures", "core",
    "deploy", "terraform", "scripts", "lib", "src", "internal", "cache", "events",
]  # fmt: skip
_STEMS = [
    "settings", "admin", "urls", "serializers", "tasks", "router", "server", "client",
    "config", "helpers", "types", "index", "main", "app", "db", "queue", "limits", "flags",
    "session", "tokens", "scoring", "weights", "stamps", "passport", "cors", "health",
]  # fmt: skip
_EXTENSIONS = [".py", ".py", ".py", ".ts", ".tsx", ".rs", ".yml", ".json", ".md", ".sh"]
_WORDS = (  # noqa: SIM905
    "migration cache token session timeout retry header cookie index query worker queue "
    "deploy rollback config secret region bucket lambda container image build pipeline "
    "scorer stamp weight passport signer nonce replica lock transaction schema fixture "
    "proxy balancer certificate domain redirect webhook payload limit quota cron"
).split()

# Body text follows Zipf's law like real prose: the word of rank r is drawn with weight
# 1/r, over common English words, then _WORDS, then a long tail of made-up words. So a
# word matches a realistic share of entries (a few % of "session" rather than the 97%
# of a body drawn uniformly from _WORDS), and a short prefix still matches nearly all.
_COMMON = (  # noqa: SIM905
    "the to a and of is it in that we when on for this with be not but after if as are "
    "was by from or at an so our its which then they what you has have can do all one "
    "more only new any no before there will would should need use set see get run make "
    "each first same other every still again also just because into out up same way time "
    "some than two now how where why even here both once over under while about like well "
    "server second service send select start state store stop step system same type test"
).split()
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
_ENDINGS = ["", "n", "r", "s", "t", "l", "x", "nd", "rk", "st"]


def _made_up_words(count: int) -> list[str]:
    """`count` distinct pronounceable non-words in a fixed order (not from the seed).

    Each starts consonant-vowel-consonant, so their three-letter prefixes are as varied
    as English ones (~1,600 of them): typing three letters narrows the search, two not."""
    rng = random.Random(0)
    found: dict[str, None] = {}
    while len(found) < count:
        start = rng.choice(_CONSONANTS) + rng.choice(_VOWELS) + rng.choice(_CONSONANTS)
        rest = "".join(rng.choices(_SYLLABLES, k=rng.randint(0, 2)))
        found[start + rest + rng.choice(_ENDINGS)] = None
    return list(found)


def _ranked_vocabulary() -> list[str]:
    """Common words first, _WORDS spread over ranks 1,000-2,560, then made-up words."""
    ranked = list(dict.fromkeys(_COMMON)) + _made_up_words(12_000)
    for number, word in enumerate(_WORDS):
        ranked.insert(1000 + 40 * number, word)
    return ranked


_VOCABULARY = _ranked_vocabulary()
_ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, len(_VOCABULARY) + 1)))
_VERBS = (
    "breaks silently when", "needs a restart after", "ignores", "double-counts", "drops",
    "times out on", "caches", "rejects", "reorders", "leaks",
)  # fmt: skip
_TAGS = {
    "gotcha": ("Something that surprised us.", ["gotchas"]),
    "architecture": ("How the parts fit together.", []),
    "api": ("HTTP and library interfaces.", ["apis"]),
    "database": ("Schemas, migrations, queries.", ["db"]),
    "dependency": ("Third-party packages.", ["dependencies"]),
    "deployment": ("Shipping and environments.", ["infra"]),
    "config": ("Settings and environment variables.", []),
    "workflow": ("How we work.", []),
    "testing": ("Tests, fixtures and CI.", ["tests"]),
    "security": ("Secrets and permissions.", []),
    "pattern": ("A way of solving a recurring problem.", []),
    "convention": ("Naming, layout and style.", []),
    "frontend": ("Browser code and styles.", []),
    "backend": ("Server-side code.", []),
    "auth": ("Authentication and authorisation.", []),
    "tooling": ("Build tools and linters.", ["tools"]),
    "performance": ("Speed and memory.", ["perf"]),
    "caching": ("Caches and their invalidation.", []),
    "queue": ("Background jobs and queues.", []),
    "observability": ("Logs, metrics and traces.", ["monitoring"]),
    "incident": ("What went wrong in production.", []),
    "decision": ("Why we chose what we chose.", []),
    "cost": ("What things cost.", []),
    "data": ("Data pipelines and migrations.", []),
}
_HEADINGS = ["Context", "What happens", "Why", "Fix", "How to check"]


def make_repo(
    root: Path, n_files: int, seed: int, *, git: bool = True, n_commits: int = 1
) -> list[str]:
    """Write a synthetic source repo of `n_files` files under `root`; return their paths.

    root: the folder to fill (created; should be empty). n_files: how many files.
    seed: the same seed gives the same tree and content. git: make `root` a git work
    tree with every file committed (fast, through `git fast-import`). n_commits: with
    git, how many commits; each after the first changes about 1% of the files, with
    one commit a day from 2018-12-01 (before every entry). Returns the repo-relative
    POSIX paths, sorted; every file has at least MIN_LINES lines.
    """
    rng = random.Random(seed)
    paths = _repo_paths(rng, n_files)
    contents = {path: _source(rng, path) for path in paths}
    root.mkdir(parents=True, exist_ok=True)
    if not git:
        _write_tree(root, contents)
        return paths
    _git(root, "init", "-q", "-b", "main")
    stream = _fast_import_stream(rng, paths, contents, n_commits)
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"],
        input=stream,
        check=True,
        env=_git_env(),
    )
    _git(root, "reset", "-q", "--hard", "main")
    return paths


def make_kb(
    root: Path,
    n_entries: int,
    seed: int,
    *,
    repo_files: Sequence[str] = (),
    links: bool = True,
    problems: float = 0.0,
) -> Path:
    """Write a knowledge base of `n_entries` entries under `root`; return its kb.yml.

    root: the knowledge base folder (kb.yml, entries/YYYY/*.md). Put it at or inside
    the repo `make_repo` built, so file references resolve against that repo.
    n_entries: how many entries. seed: the same seed gives the same files.
    repo_files: paths (as `make_repo` returns them) that entries reference, 0-4 each,
    some with line ranges within MIN_LINES, some as `dir/`; none when empty.
    links: bodies link to other entries (some to a `#heading`) and to external URLs.
    problems: the fraction of entries given one deliberate finding (an unknown tag, a
    missing file, a broken link), so checks have something to report.
    """
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "kb.yml").write_text(_kb_yml(), encoding="utf-8")
    metas = _entry_metas(rng, n_entries)
    ids = [meta[0] for meta in metas]
    for index, (entry_id, title, created) in enumerate(metas):
        broken = rng.random() < problems
        text = _entry(rng, entry_id, title, created, ids, repo_files, links, broken, index)
        path = root / "entries" / entry_id[:4] / f"{entry_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "kb.yml"


# --- repos -------------------------------------------------------------------------------


def _repo_paths(rng: random.Random, n_files: int) -> list[str]:
    paths: set[str] = set()
    folders = [rng.choice(_TOP)]
    while len(paths) < n_files:
        if rng.random() < 0.08 or not folders:
            depth = rng.randint(1, 4)
            parts = [rng.choice(_TOP)] + [
                rng.choice(_DIRS) + (str(rng.randint(1, 40)) if rng.random() < 0.5 else "")
                for _ in range(depth - 1)
            ]
            folders.append("/".join(parts))
        folder = rng.choice(folders[-50:]) if rng.random() < 0.9 else rng.choice(folders)
        name = rng.choice(_STEMS)
        if rng.random() < 0.6:
            name += f"_{rng.randint(1, 999)}"
        paths.add(f"{folder}/{name}{rng.choice(_EXTENSIONS)}")
    return sorted(paths)


def _source(rng: random.Random, path: str) -> bytes:
    n_lines = MIN_LINES + int(rng.expovariate(1 / 30))
    comment = "#" if path.endswith((".py", ".yml", ".sh")) else "//"
    lines = [f"{comment} {path}"]
    for number in range(1, n_lines):
        word = _WORDS[(number * 7 + len(path)) % len(_WORDS)]
        lines.append(f"value_{number} = {word!r}  {comment} {rng.randint(0, 99_999)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_tree(root: Path, contents: dict[str, bytes]) -> None:
    for path, data in contents.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _fast_import_stream(
    rng: random.Random, paths: list[str], contents: dict[str, bytes], n_commits: int
) -> bytes:
    """One commit with every file, then commits changing ~1% of the files each."""
    chunks: list[bytes] = []
    start = dt.datetime(2018, 12, 1, 12, tzinfo=dt.UTC)
    for number in range(max(1, n_commits)):
        when = int((start + dt.timedelta(days=number)).timestamp())
        changed = paths if number == 0 else rng.sample(paths, max(1, len(paths) // 100))
        message = b"initial import" if number == 0 else f"change {number}".encode()
        chunks.append(b"commit refs/heads/main\n")
        chunks.append(f"committer Bench <bench@example.com> {when} +0000\n".encode())
        chunks.append(b"data %d\n%s\n" % (len(message), message))
        for path in changed:
            data = contents[path] if number == 0 else contents[path] + f"# {number}\n".encode()
            contents[path] = data
            chunks.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    return b"".join(chunks)


def _git_env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, env=_git_env())


# --- knowledge bases -------------------------------------------------------------------


def _kb_yml() -> str:
    lines = [
        "title: Synthetic knowledge base",
        "entries: entries",
        "timezone: UTC",
        "tags:",
    ]
    for name, (description, aliases) in _TAGS.items():
        lines += [f"  {name}:", f"    description: {description}"]
        if aliases:
            lines.append(f"    aliases: [{', '.join(aliases)}]")
    return "\n".join(lines) + "\n"


def _entry_metas(rng: random.Random, n_entries: int) -> list[tuple[str, str, dt.datetime]]:
    """(id, title, created) for each entry, ids unique, oldest first."""
    start = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    span = int((dt.datetime(2025, 12, 31, tzinfo=dt.UTC) - start).total_seconds())
    seen: set[str] = set()
    metas: list[tuple[str, str, dt.datetime]] = []
    for _ in range(n_entries):
        created = start + dt.timedelta(seconds=rng.randrange(span))
        a, b = rng.sample(_WORDS, 2)
        title = f"The {a} {rng.choice(_VERBS)} the {b}"
        slug = "-".join(title.lower().split())
        entry_id = f"{created:%Y-%m-%d}-{slug}"
        suffix = 2
        while entry_id in seen:
            entry_id = f"{created:%Y-%m-%d}-{slug}-{suffix}"
            suffix += 1
        seen.add(entry_id)
        metas.append((entry_id, f"{title} ({len(metas) + 1})", created))
    return sorted(metas, key=lambda meta: meta[2])


def _file_refs(rng: random.Random, repo_files: Sequence[str]) -> list[str]:
    refs = []
    for path in rng.sample(list(repo_files), min(len(repo_files), rng.randint(0, 4))):
        roll = rng.random()
        if roll < 0.3:
            start = rng.randint(1, MIN_LINES - 2)
            refs.append(f"{path}:{start}-{rng.randint(start, MIN_LINES)}")
        elif roll < 0.4:
            refs.append(f"{path}:{rng.randint(1, MIN_LINES)}")
        elif roll < 0.45:
            refs.append(path.rpartition("/")[0] + "/")
        else:
            refs.append(path)
    return refs


def _entry(
    rng: random.Random,
    entry_id: str,
    title: str,
    created: dt.datetime,
    ids: list[str],
    repo_files: Sequence[str],
    links: bool,
    broken: bool,
    index: int,
) -> str:
    tags = rng.sample(list(_TAGS), rng.randint(1, 4))
    if rng.random() < 0.05:
        tags[0] = _TAGS[tags[0]][1][0] if _TAGS[tags[0]][1] else tags[0]  # an alias
    files = _file_refs(rng, repo_files) if repo_files else []
    kind = rng.choice(["tag", "file", "link"]) if broken else None
    if kind == "tag":
        tags.append("no-such-tag")
    if kind == "file":
        files.append(f"missing/{rng.choice(_STEMS)}_{index}.py")
    front = [
        f'title: "{title}"',
        f"created: {created.isoformat()}",
        f"tags: [{', '.join(tags)}]",
    ]
    if files:
        front.append("files:")
        front += [f"  - {ref}" for ref in files]
    words = title.split()  # "The A verb the B (N)": the entry is about A and B
    body = _body(rng, entry_id, (words[1], words[-2]), ids, links, kind == "link")
    return "---\n" + "\n".join(front) + "\n---\n\n" + body


def _sentence(rng: random.Random, topic: Sequence[str]) -> str:
    """Words drawn by Zipf's law (see _VOCABULARY), with the entry's topic words in it."""
    words = rng.choices(_VOCABULARY, cum_weights=_ZIPF, k=rng.randint(8, 18))
    for word in topic:
        words.insert(rng.randint(0, len(words)), word)
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, topic: Sequence[str], first: bool) -> str:
    """Sentences about the entry: the first names both topic words, later ones now and then one."""
    sentences = [_sentence(rng, topic if first else ())]
    for _ in range(rng.randint(1, 5)):
        sentences.append(_sentence(rng, [rng.choice(topic)] if rng.random() < 0.3 else ()))
    return " ".join(sentences)


def _body(
    rng: random.Random,
    entry_id: str,
    topic: Sequence[str],
    ids: list[str],
    links: bool,
    broken: bool,
) -> str:
    parts: list[str] = []
    headings = rng.sample(_HEADINGS[:3] + _HEADINGS[4:], rng.randint(1, 3))
    headings.insert(rng.randint(0, len(headings)), "Fix")  # every entry has #fix
    for number, heading in enumerate(headings):
        paragraph = _paragraph(rng, topic, first=number == 0)
        parts.append(f"## {heading}\n\n{paragraph}\n")
        if rng.random() < 0.3:
            parts.append(f"```python\nvalue = {rng.choice(_WORDS)!r}  # see [x](nowhere.md)\n```\n")
    if links and ids:
        for other in rng.sample(ids, min(len(ids), rng.randint(0, 3))):
            if other == entry_id:
                continue
            fragment = "#fix" if rng.random() < 0.2 else ""
            parts.append(f"See [{other}](../{other[:4]}/{other}.md{fragment}).\n")
        if rng.random() < 0.3:
            parts.append(f"Upstream: <https://example.com/issues/{rng.randint(1, 9999)}>\n")
            parts.append(f"Docs: [the guide](https://docs.example.com/{rng.choice(_WORDS)}).\n")
    if broken:
        parts.append(f"See [the missing entry](../2000/2000-01-01-{entry_id[11:]}.md).\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to create (repo and knowledge base)")
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=1)
    parser.add_argument("--no-git", action="store_true")
    parser.add_argument("--problems", type=float, default=0.0)
    args = parser.parse_args(argv)
    files = make_repo(args.out, args.files, args.seed, git=not args.no_git, n_commits=args.commits)
    kb_yml = make_kb(
        args.out / "kb", args.entries, args.seed, repo_files=files, problems=args.problems
    )
    print(f"{len(files)} files in {args.out}, {args.entries} entries in {kb_yml.parent}")
    return 0


def parse_floor(kb_root: Path) -> int:
    """The speed floor several benchmarks compare against: read every entry and parse
    its frontmatter with yaml.CSafeLoader. Returns how many entries it read."""
    import yaml

    count = 0
    for path in sorted((kb_root / "entries").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, _ = text.split("---\n", 2)
        yaml.load(front, Loader=yaml.CSafeLoader)
        count += 1
    return count


if __name__ == "__main__":
    sys.exit(main())
