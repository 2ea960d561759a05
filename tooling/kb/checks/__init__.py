"""`kb check`'s checks: a registry of pure functions over one read-only `CheckContext`.

Entry points:

- `run_checks(project, options)`: every finding of every check, plus the config's and
  the project's parse findings, with `kb-ignore`, `--select`/`--ignore` and kb.yml's
  severity overrides applied, sorted by path and line. Pure: no printing, no exit, no
  writes except the cache under `.kb/cache/`. The MkDocs plugin and `kb check` share it.
- `check_project(project, options)`: the same as a `CheckResult`, which also keeps the
  suppressed findings with their reasons (for `--format json`).

Adding a check is one import and one list item. Write `kb/checks/NAME.py`::

    from kb.checks.context import Check, CheckContext

    def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
        for entry in ctx.entries:             # read-only: config, project, repo indexes
            index = ctx.repo_index(entry.repo)  # built once per run, None if no checkout
            ...
            yield codes.SOMETHING.at(entry.path, entry.line_of("files"), 1, "message")

    CHECK = Check("name", _run, codes=("KB309", "KB310"))

then add `from kb.checks import NAME` below and `NAME.CHECK,` to `CHECKS`. A check that
looks at other files calls `ctx.observe(path)` so the warm cache re-checks them; one
that depends on more than the fingerprinted inputs (entries, docs, kb.yml, referenced
files, git's index and HEAD) sets `cacheable=False`; one that uses the network sets
`external=True`.
"""

from __future__ import annotations

from kb.checks import entries, external, files, links, staleness, tags
from kb.checks.context import Check, CheckContext, CheckOptions
from kb.checks.pipeline import CheckResult, Suppressed, check_project, run_checks

CHECKS: tuple[Check, ...] = (
    entries.CHECK,
    tags.CHECK,
    files.CHECK,
    links.CHECK,
    staleness.CHECK,
    external.CHECK,
)

__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckOptions",
    "CheckResult",
    "Suppressed",
    "check_project",
    "run_checks",
]
