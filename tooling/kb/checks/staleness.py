"""Staleness checks: referenced files changed, renamed or deleted since the entry.

Reads each repo's history once (`kb.history.load_histories`) and leaves the judging to
the pure `kb.staleness`; without history the run gets one KB312 notice per repo.
"""

from __future__ import annotations

from collections.abc import Iterator

from kb import staleness
from kb.checks.context import Check, CheckContext
from kb.diagnostics import Diagnostic
from kb.history import entry_prefix, load_histories


def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
    config = ctx.config
    entries = [e for e in ctx.entries if e.repo is None or e.repo in config.repos]
    histories = ctx.histories if ctx.histories is not None else load_histories(config, entries)
    exists: dict[str | None, staleness.Exists] = {}
    for repo in histories:
        index = ctx.repo_index(repo)
        if index is not None:
            exists[repo] = index.has_file
    prefix = entry_prefix(config)
    yield from staleness.findings(entries, histories, exists, config.timezone, prefix)
    yield from staleness.notices(histories, config.relative(config.path))


CHECK = Check("staleness", _run, codes=("KB309", "KB310", "KB311", "KB312"))
