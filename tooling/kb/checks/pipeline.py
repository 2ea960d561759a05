"""Run the registered checks and turn raw findings into what a run reports.

Order matters and is fixed here: collect (config, parse, checks) -> kb.yml severity
overrides and `--strict` -> `--select`/`--ignore` -> paths -> `kb-ignore` -> sort.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kb import codes
from kb.checks.context import Check, CheckContext, CheckOptions
from kb.diagnostics import Diagnostic, Severity
from kb.project import Project


@dataclass(frozen=True)
class Suppressed:
    """A finding silenced by the entry's `kb-ignore`, with the reason given there."""

    diagnostic: Diagnostic
    reason: str


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)


def run_checks(project: Project, options: CheckOptions | None = None) -> list[Diagnostic]:
    """Every reported finding of every check, sorted by path and line (see the module)."""
    return check_project(project, options).diagnostics


def check_project(
    project: Project,
    options: CheckOptions | None = None,
    checks: Sequence[Check] | None = None,
    context: CheckContext | None = None,
) -> CheckResult:
    """Run `checks` (default: the registry) and apply overrides, filters and suppression.

    `context` lets a caller see what the run looked at (the warm cache does).
    """
    from kb.checks import CHECKS
    from kb.checks.parallel import run_checks, run_in_order

    options = options or CheckOptions()
    ctx = context or CheckContext(project.config, project, options)
    found: list[Diagnostic] = [*project.config.problems, *project.diagnostics]
    chosen = [check for check in (CHECKS if checks is None else checks) if wanted(check, options)]
    found.extend(run_checks(ctx, chosen) if options.parallel else run_in_order(ctx, chosen))
    return finish(ctx, found)


def wanted(check: Check, options: CheckOptions) -> bool:
    """Whether a check runs at all: external only on request, and only if selected."""
    if check.external and not options.external:
        return False
    return any(selected(code, options) for code in check.codes)


def selected(code: str, options: CheckOptions) -> bool:
    if any(code.startswith(prefix) for prefix in options.ignore):
        return False
    return not options.select or any(code.startswith(prefix) for prefix in options.select)


def finish(ctx: CheckContext, found: Iterable[Diagnostic]) -> CheckResult:
    """Overrides, filters, suppression and order: the one way findings become a result."""
    options = ctx.options
    overrides = ctx.config.severity_overrides
    reasons = {entry.path: entry.ignore for entry in ctx.entries if entry.ignore}
    result = CheckResult()
    for diagnostic in _without_superseded(list(found)):
        diagnostic = _with_severity(diagnostic, overrides, options.strict)
        if not selected(diagnostic.code, options) or not in_paths(diagnostic.path, options):
            continue
        reason = reasons.get(diagnostic.path, {}).get(diagnostic.code)
        if reason is not None and diagnostic.code != codes.SUPPRESSION_INVALID.code:
            result.suppressed.append(Suppressed(diagnostic, reason))
        else:
            result.diagnostics.append(diagnostic)
    result.diagnostics = sorted(set(result.diagnostics), key=sort_key)
    result.suppressed.sort(key=lambda s: sort_key(s.diagnostic))
    return result


# A finding from history explains a missing file better than "not found" does.
SUPERSEDES = {
    codes.FILE_RENAMED.code: codes.FILE_NOT_FOUND.code,
    codes.FILE_DELETED.code: codes.FILE_NOT_FOUND.code,
}


def _without_superseded(found: list[Diagnostic]) -> list[Diagnostic]:
    """Drop a finding when a better one about the same subject exists (KB310 over KB301)."""
    better = {
        (d.path, SUPERSEDES[d.code], d.subject)
        for d in found
        if d.code in SUPERSEDES and d.subject is not None
    }
    if not better:
        return found
    return [d for d in found if (d.path, d.code, d.subject) not in better]


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    return (
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.code,
        diagnostic.message,
    )


def _with_severity(
    diagnostic: Diagnostic, overrides: dict[str, Severity], strict: bool
) -> Diagnostic:
    severity = overrides.get(diagnostic.code, diagnostic.severity)
    if strict and diagnostic.code == codes.REPO_NOT_VERIFIED.code:
        severity = Severity.ERROR
    if severity is diagnostic.severity:
        return diagnostic
    return dataclasses.replace(diagnostic, severity=severity)


def in_paths(path: str, options: CheckOptions) -> bool:
    """Whether a finding's path is one of `options.paths` or inside one of them."""
    if not options.paths:
        return True
    return any(
        path == wanted or wanted in ("", ".") or path.startswith(wanted.rstrip("/") + "/")
        for wanted in options.paths
    )
