"""`kb check`'s whole run: served from the warm cache when no input changed, else cold.

The cold path reads each entry once, hashing the bytes it parses, so the fingerprint
stored with the result describes exactly what was checked (see kb.cache).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kb
from kb import codes
from kb.cache import Cache, Fingerprint, Stat, stat_of, stat_tuple, still_valid
from kb.checks import parallel
from kb.checks.context import CheckContext, CheckOptions
from kb.checks.links import docs_dir
from kb.checks.pipeline import CheckResult, Suppressed, check_project, wanted
from kb.checks.repos import index_at
from kb.checks.splitparse import SplitParse
from kb.config import Config
from kb.diagnostics import Diagnostic, Severity
from kb.entry import Entry, ParsedEntry
from kb.gcpause import without_cycle_collection
from kb.project import Project, parse_bytes
from kb.readfile import open_file, read_all

CACHE_NAME = "check.json"
FORMAT = 2  # 2: the fingerprint stored as flat columns


@dataclass
class Run:
    result: CheckResult
    entries: int  # entry files checked
    cached: bool  # served from the warm cache


def check_knowledge_base(config: Config, options: CheckOptions, cache: Cache | None = None) -> Run:
    """Every finding for the knowledge base of `config`, from the cache when still true."""
    from kb.checks import CHECKS

    checks = [check for check in CHECKS if wanted(check, options)]
    if not options.use_cache or not all(check.cacheable for check in checks):
        cache = None
    elif cache is None:
        cache = Cache(config.root)
    if cache is not None:
        cache.prepare()
    fingerprint = Fingerprint()  # its snapshot time comes before any input is read
    key = run_key(config, options)
    stored = cache.read(CACHE_NAME) if cache is not None else None
    # Stats up front are needed only to test a stored result; a cold run records each
    # entry's stat from its read (fstat) either way.
    may_hit = isinstance(stored, dict) and stored.get("key") == key
    files = scan_entries(config, stats=may_hit)
    if may_hit and isinstance(stored, dict) and _hit(stored, key, files):
        return Run(result_from_json(stored["result"]), len(files), True)
    with without_cycle_collection():
        return _cold(config, options, cache, files, key, fingerprint)


def _cold(
    config: Config,
    options: CheckOptions,
    cache: Cache | None,
    files: dict[str, tuple[str, Stat]],
    key: str,
    fingerprint: Fingerprint,
) -> Run:
    """Parse every entry, run the checks, and store the result with its fingerprint."""
    from concurrent.futures import ThreadPoolExecutor

    items = sorted(files.items())  # entries in path order, as kb.project loads them
    # The fork comes before any thread starts (see kb.forked).
    parsing = SplitParse(items, lambda chunk: _parsed(config, dict(chunk)))
    if options.parallel and len(items) >= parallel.MIN_ENTRIES:
        parsing.start()
    with ThreadPoolExecutor(max_workers=2) as pool:
        # git lists the repos (a subprocess) while this thread parses the entries.
        pending = {
            name: pool.submit(index_at, config.repo_root(name))
            for name in [None, *(n for n, r in config.repos.items() if r.path is not None)]
        }
        project = Project(config)
        for part in parsing.finish():
            part.add_to(project, fingerprint)
    # The listings are done (they take less than parsing): no thread is left, so the
    # checks may fork (kb.checks.parallel).
    ctx = CheckContext(config, project, options, pending=pending)
    result = check_project(project, options, context=ctx)
    if cache is not None:
        _record_inputs(ctx, fingerprint)
        cache.write(
            CACHE_NAME,
            {
                "key": key,
                "fingerprint": fingerprint.to_json(cache.racy_ns),
                "result": result_to_json(result),
            },
        )
    return Run(result, len(files), False)


def _hit(stored: Any, key: str, files: dict[str, tuple[str, Stat]]) -> bool:
    if not isinstance(stored, dict) or stored.get("key") != key:
        return False
    try:
        current = {path: stat for path, (_label, stat) in files.items()}
        return still_valid(stored["fingerprint"], current)
    except (KeyError, TypeError, ValueError, IndexError):
        return False


def scan_entries(config: Config, stats: bool = True) -> dict[str, tuple[str, Stat]]:
    """Every entry file (as `kb.project.entry_files` finds them): path -> (label, stat),
    in the order the folders list them (a warm hit needs no order: sorting is the
    cold run's); without `stats`, the stat is None (not taken)."""
    found: dict[str, tuple[str, Stat]] = {}
    top = config.entries_dir
    if not top.is_dir():
        return found
    prefix = config.relative(top)
    prefix = "" if prefix in ("", ".") else prefix + "/"
    _scan(str(top), prefix, found, stats)
    return found


def _scan(folder: str, prefix: str, found: dict[str, tuple[str, Stat]], stats: bool) -> None:
    try:
        children = list(os.scandir(folder))
    except OSError:
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.name.endswith(".md"):
            found[child.path] = (prefix + child.name, stat_of(child.path) if stats else None)
        elif child.is_dir(follow_symlinks=False):
            _scan(child.path, f"{prefix}{child.name}/", found, stats)


@dataclass
class _Parsed:
    """A chunk of entry files parsed (here or in a forked child): what to add to the project."""

    paths: list[str]
    diagnostics: list[Diagnostic]
    entries: list[Entry]
    hashed: dict[str, tuple[Stat, str]]

    def add_to(self, project: Project, fingerprint: Fingerprint) -> None:
        project.paths += self.paths
        project.diagnostics += self.diagnostics
        project.entries += self.entries
        fingerprint.files.update(self.hashed)


def _parsed(config: Config, files: dict[str, tuple[str, Stat]]) -> _Parsed:
    """Parse `files` into a _Parsed; parsing is most of a cold run, and one core's work."""
    fingerprint = Fingerprint()
    project = load_hashed(config, files, fingerprint)
    return _Parsed(project.paths, project.diagnostics, project.entries, fingerprint.files)


def load_hashed(
    config: Config, files: dict[str, tuple[str, Stat]], fingerprint: Fingerprint
) -> Project:
    """Load the project from `files`, recording each file's stat and content hash.

    The stat recorded is the open file's (fstat), so it describes exactly what was
    read, whatever the scan saw before."""
    project = Project(config)
    for path, (label, _scanned) in files.items():
        parsed = _read(config, path, label, fingerprint)
        project.paths.append(label)
        project.diagnostics.extend(parsed.diagnostics)
        if parsed.entry is not None:
            project.entries.append(parsed.entry)
    return project


def _read(config: Config, path: str, label: str, fingerprint: Fingerprint) -> ParsedEntry:
    """Parse one entry file; every failure is a finding (kb.project's read_entry
    messages, without its path resolution, which raises on a symlink loop)."""
    try:
        fd = open_file(path)
        try:
            stat = stat_tuple(os.fstat(fd))
            problem = _unusable(config, label, stat)
            data = b"" if problem is not None else read_all(fd, stat[1])
        finally:
            os.close(fd)
    except OSError as error:
        fingerprint.add_file(path, None, b"")  # never matches: re-read next time
        reason = error.strerror or str(error)
        return ParsedEntry(None, [codes.UNREADABLE.at(label, 1, 1, f"cannot read: {reason}")])
    fingerprint.add_file(path, stat, data)
    return ParsedEntry(None, [problem]) if problem is not None else parse_bytes(config, label, data)


def _unusable(
    config: Config, label: str, stat: tuple[int, int, int, int, int]
) -> Diagnostic | None:
    """The finding for a file its stat alone rules out: a folder, or over the size limit."""
    import stat as stat_module

    if stat_module.S_ISDIR(stat[0]):
        return codes.UNREADABLE.at(label, 1, 1, "a directory is named like an entry")
    if stat[1] > config.max_entry_bytes:
        return codes.TOO_LARGE.at(
            label,
            1,
            1,
            f"the entry is {stat[1]:,} bytes; the limit is {config.max_entry_bytes:,}",
        )
    return None


def run_key(config: Config, options: CheckOptions) -> str:
    """Everything besides files that decides a result: code, config, options."""
    from kb.cache import digest
    from kb.checks import CHECKS

    package = Path(kb.__file__).parent
    sources = sorted((str(p.relative_to(package)), stat_of(p)) for p in package.rglob("*.py"))
    parts = {
        "format": FORMAT,
        "version": kb.__version__,
        "sources": sources,
        "checks": [check.name for check in CHECKS],
        "config": _read_bytes(config.path).hex(),
        "mkdocs": _read_bytes(config.root / "mkdocs.yml").hex(),
        "options": [options.select, options.ignore, options.strict, options.paths],
        "cwd_root": str(config.root),
    }
    return digest(json.dumps(parts, sort_keys=True, default=str).encode())


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _record_inputs(ctx: CheckContext, fingerprint: Fingerprint) -> None:
    """Stat every input besides entries that the findings may depend on."""
    config = ctx.config
    # Entry files are compared as a set on every run, so their folders need no stat.
    folders: set[str] = set()
    for index in ctx.built_indexes():
        # git's listing changes only with its index (stat'ed below); a listing from
        # the disk changes with any folder.
        if not index.from_git:
            folders.add(str(index.root))
            folders.update(str(index.root / d) for d in index.directories if d)
    _record_references(ctx, fingerprint)
    docs = docs_dir(config.root)
    if docs is not None:
        for folder, _dirs, names in os.walk(docs):
            folders.add(folder)
            fingerprint.add_stats(os.path.join(folder, n) for n in names)
    # kb's own cache folder changes on every run and decides no finding.
    own = str(config.root / ".kb")
    fingerprint.add_stats(sorted(f for f in folders if f != own and not f.startswith(own + "/")))
    fingerprint.add_stats(sorted(ctx.observed))
    roots = [config.home_repo] + [r.path for r in config.repos.values() if r.path is not None]
    for checkout in roots:
        fingerprint.add_stats(git_state_files(checkout))


def _record_references(ctx: CheckContext, fingerprint: Fingerprint) -> None:
    """Stat each file reference whose findings git's index alone does not decide (it
    is fingerprinted through .git/index): any but a tracked regular file the checks
    did not read. A file a check read keeps the stat of that read."""
    known, stats = ctx.known_stats, fingerprint.stats
    listed = {index.root: index for index in ctx.built_indexes() if index.from_git}
    # Per repo name: the checkout's path and git's tracked files and links (none
    # outside git: nothing is decided there). 20,000 references take a loop step each.
    repos: dict[str | None, tuple[str, frozenset[str], frozenset[str]] | None] = {}
    for entry in ctx.entries:
        if entry.repo not in repos:
            root = ctx.config.repo_root(entry.repo)
            index = listed.get(root) if root is not None else None
            tracked = (index.files, index.symlinks) if index else (frozenset(), frozenset())
            repos[entry.repo] = None if root is None else (str(root), *tracked)
        repo = repos[entry.repo]
        if repo is None:
            continue
        top, files, links = repo
        for ref in entry.files:
            if ref.start is None and ref.path in files and ref.path not in links:
                continue  # decided by git's index (a read of it is another reference's)
            path = f"{top}/{ref.path}"
            if path not in stats:
                stats[path] = known[path] if path in known else stat_of(path)


def git_state_files(root: Path) -> list[str]:
    """Files whose change means git's listing or HEAD may have changed."""
    git = root / ".git"
    if git.is_file():  # a worktree or submodule: `gitdir: PATH`
        text = _read_bytes(git).decode("utf-8", "replace")
        if text.startswith("gitdir:"):
            git = (root / text.split(":", 1)[1].strip()).resolve()
    head = _read_bytes(git / "HEAD").decode("utf-8", "replace").strip()
    paths = [git / "HEAD", git / "index", git / "packed-refs", git / "info" / "exclude"]
    if head.startswith("ref:"):
        paths.append(git / head[4:].strip())
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    paths.append(home / "git" / "ignore")
    return [str(p) for p in paths]


def result_to_json(result: CheckResult) -> dict[str, Any]:
    return {
        "diagnostics": [_diagnostic_json(d) for d in result.diagnostics],
        "suppressed": [[_diagnostic_json(s.diagnostic), s.reason] for s in result.suppressed],
    }


def result_from_json(data: dict[str, Any]) -> CheckResult:
    return CheckResult(
        [_diagnostic(d) for d in data["diagnostics"]],
        [Suppressed(_diagnostic(d), reason) for d, reason in data["suppressed"]],
    )


def _diagnostic_json(d: Diagnostic) -> list[Any]:
    return [d.path, d.line, d.column, d.code, int(d.severity), d.message, d.hint]


def _diagnostic(row: list[Any]) -> Diagnostic:
    path, line, column, code, severity, message, hint = row
    return Diagnostic(path, line, column, code, Severity(severity), message, hint)


def elapsed(start: float) -> float:
    return time.perf_counter() - start
