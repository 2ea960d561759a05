"""Reading a repo's history in one pass: every version of a file, or each file's dates.

Each function runs a fixed number of git processes (a log, and one `cat-file --batch`
for the contents), however many commits, files or versions there are.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KbError

NULL_BLOB = "0" * 40
_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Version:
    """One committed version of a file: the commit, its author date, the file's text.

    `parent_texts` holds the file as each parent of the commit had it ("" where the
    parent had no such file), so a reader can tell what this commit itself changed.
    """

    commit: str
    author_date: dt.datetime
    text: str
    order: int  # position in `git log` output, newest first: breaks author-date ties
    parent_texts: tuple[str, ...] = ()


@dataclass
class FileDates:
    """The author dates of the first and last commits that touched a file."""

    created: dt.datetime
    updated: dt.datetime
    commits: int = 1


def run_git(top: Path, args: list[str], stdin: bytes | None = None) -> bytes:
    """Run git in `top`; a failure becomes a KbError quoting git's first error line."""
    try:
        result = subprocess.run(
            ["git", "-C", str(top), *args], input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise KbError(f"cannot run git: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KbError(f"git {args[0]} failed in {top}: {message[0] if message else 'no output'}")
    return result.stdout


def work_tree(folder: Path) -> Path | None:
    """The top of the git work tree holding `folder`, or None outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    top = result.stdout.strip()
    return Path(top) if result.returncode == 0 and top else None


def check_revs(revs: Iterable[str]) -> list[str]:
    """The revisions to read (`--all` when none); refuse ones that look like options."""
    chosen = [rev.strip() for rev in revs if rev.strip()]
    for rev in chosen:
        if rev.startswith("-"):
            raise KbError(f"--rev {rev!r}: a revision cannot start with '-'")
    return chosen or ["--all"]


# `--full-history -m` keeps side branches and merge results (a `merge=union` merge makes
# a version no parent has); `-m` lists a merge once per parent it differs from.
_VERSIONS_LOG = (
    "--full-history",
    "-m",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    f"--format={_RECORD}%H{_FIELD}%aI{_FIELD}%P",
)


def file_versions(top: Path, path: str, revs: Iterable[str] = ()) -> list[Version]:
    """Every committed version of `path` reachable from `revs`, oldest first.

    A deleted file is no version. One `git log` and one `git cat-file --batch`.
    """
    log = run_git(top, ["log", *check_revs(revs), *_VERSIONS_LOG, "--", path])
    commits = _commits(log.decode("utf-8", "replace"))
    kept = {c: found for c, found in commits.items() if found.blob not in (None, NULL_BLOB)}
    blobs = {b for f in kept.values() for b in (f.blob or NULL_BLOB, *f.parent_blobs)}
    texts = read_blobs(top, blobs - {NULL_BLOB})
    versions = [_version(commit, found, texts) for commit, found in kept.items()]
    # Oldest first; for equal author dates the commit git lists later is the older.
    return sorted(versions, key=lambda v: (v.author_date, -v.order))


def _commits(log: str) -> dict[str, _Commit]:
    """Each commit of the log with its blob of the file and its parents' blobs."""
    commits: dict[str, _Commit] = {}
    for order, record in enumerate(log.split(_RECORD)[1:]):
        header, _, changes = record.partition("\n")
        commit, date, parents = header.split(_FIELD)
        found = commits.setdefault(
            commit, _Commit(dt.datetime.fromisoformat(date.strip()), len(parents.split()), order)
        )
        for line in changes.splitlines():
            if line.startswith(":"):
                old, new = line.split("\t", 1)[0].split()[2:4]
                found.blob, found.parent_blobs = new, [*found.parent_blobs, old]
    return commits


@dataclass
class _Commit:
    author_date: dt.datetime
    parents: int
    order: int
    blob: str | None = None
    parent_blobs: list[str] = field(default_factory=list)


def _version(commit: str, found: _Commit, texts: dict[str, str]) -> Version:
    assert found.blob is not None
    text = texts[found.blob]
    before = [texts.get(blob, "") for blob in found.parent_blobs]
    # A parent -m shows no diff for holds the very same file.
    before += [text] * (found.parents - len(before))
    return Version(commit, found.author_date, text, found.order, tuple(before))


def read_blobs(top: Path, blobs: set[str]) -> dict[str, str]:
    """The text of each blob, read by one `git cat-file --batch`."""
    if not blobs:
        return {}
    ordered = sorted(blobs)
    output = run_git(top, ["cat-file", "--batch"], ("\n".join(ordered) + "\n").encode())
    texts: dict[str, str] = {}
    position = 0
    for blob in ordered:
        end = output.index(b"\n", position)
        header = output[position:end].decode().split()
        if len(header) < 3 or header[1] != "blob":
            raise KbError(f"git cat-file: {blob} is not a readable blob")
        size = int(header[2])
        data = output[end + 1 : end + 1 + size]
        texts[blob] = data.decode("utf-8", "replace")
        position = end + 1 + size + 1
    return texts


def file_dates(top: Path, folder: str, wanted: Iterable[str]) -> dict[str, FileDates]:
    """First and last author dates of each path in `wanted`, following renames.

    One `git log --name-status -M` over `folder`, walked newest first: a rename maps the
    old name onto the file it became, an addition ends that name's tracking.
    """
    log = run_git(
        top,
        [
            "log",
            "--date-order",
            "--no-merges",
            "-M",
            "--name-status",
            "-z",
            f"--format={_RECORD}%aI",
            "--",
            folder or ".",
        ],
    ).decode("utf-8", "surrogateescape")
    tracking = {path: path for path in wanted}  # name in history -> name today
    dates: dict[str, FileDates] = {}
    for record in log.split(_RECORD)[1:]:
        header, _, rest = record.partition("\0")
        date = dt.datetime.fromisoformat(header.strip())
        tokens = rest.lstrip("\n").split("\0")
        index = 0
        while index < len(tokens) and tokens[index]:
            status = tokens[index].lstrip("\n")
            renamed = status[:1] in ("R", "C")
            paths = tokens[index + 1 : index + (3 if renamed else 2)]
            index += 3 if renamed else 2
            _record(tracking, dates, status[:1], paths, date)
    return dates


def _record(
    tracking: dict[str, str],
    dates: dict[str, FileDates],
    status: str,
    paths: list[str],
    date: dt.datetime,
) -> None:
    """Apply one change line of the newest-first walk to the tracked names."""
    current = tracking.get(paths[-1])
    if current is None:
        return
    found = dates.get(current)
    if found is None:
        dates[current] = FileDates(date, date)
    else:
        found.created = min(found.created, date)
        found.updated = max(found.updated, date)
        found.commits += 1
    if status == "R":
        del tracking[paths[-1]]
        tracking[paths[0]] = current
    elif status in ("A", "C"):
        del tracking[paths[-1]]
