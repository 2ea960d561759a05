"""Check entries, tags, file references and links; report every problem.

Exit status: 0 without errors (warnings allowed unless --strict), 1 with errors,
2 for usage or kb.yml errors.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kb.cli.main import config_root
from kb.config import Config, load_from
from kb.errors import KbError
from kb.report import FORMATS

if TYPE_CHECKING:
    from kb.checks.context import Progress


class UsageProblem(KbError):
    """Arguments that cannot be used: one `Error:` line, exit 2."""

    exit_code = 2


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: one line per finding; github: workflow annotations; json; sarif (2.1.0).",
)
@click.option(
    "--select", multiple=True, help="Only report these codes or prefixes (KB3, KB301,KB302)."
)
@click.option("--ignore", multiple=True, help="Never report these codes or prefixes.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too; unverified repos are errors.")
@click.option("--external", is_flag=True, help="Also check http(s) links (uses the network).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update .kb/cache/.")
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    external: bool,
    no_cache: bool,
) -> None:
    """Check entries (all, or the PATHS given), tags, file references and links.

    \b
    Examples:
      kb check
      kb check entries/2025 --select KB3
      kb check --format github --strict
      kb check --external
    """
    from kb.checks import CheckOptions
    from kb.checks.runner import check_knowledge_base
    from kb.report import Report, render

    started = time.perf_counter()
    config = load_from(config_root(ctx))
    options = CheckOptions(
        select=_codes(select, "--select"),
        ignore=_codes(ignore, "--ignore"),
        strict=strict,
        external=external,
        use_cache=not no_cache,
        parallel=True,
        paths=tuple(_relative(config, path) for path in paths),
        progress=_progress_bar()
        if external and sys.stderr is not None and sys.stderr.isatty()
        else None,
    )
    run = check_knowledge_base(config, options)
    report = Report(
        run.result.diagnostics,
        run.entries,
        time.perf_counter() - started,
        [(s.diagnostic, s.reason) for s in run.result.suppressed],
        repo_prefix=_repo_prefix(config),
        cached=run.cached,
    )
    click.echo(render(report, output_format), nl=False)
    failing = {"error"} | ({"warning"} if strict else set())
    ctx.exit(1 if any(str(d.severity) in failing for d in report.diagnostics) else 0)


def _codes(given: tuple[str, ...], option: str) -> tuple[str, ...]:
    """Codes and prefixes from repeatable, comma-separated options; unknown ones refused."""
    from kb.codes import REGISTRY

    found: list[str] = []
    for raw in given:
        for part in (p.strip().upper() for p in raw.split(",")):
            if not part:
                continue
            if not any(code.startswith(part) for code in REGISTRY):
                raise UsageProblem(f"{option}: no diagnostic code is or starts with {part!r}")
            found.append(part)
    return tuple(found)


def _relative(config: Config, path: Path) -> str:
    """A PATH argument as a path relative to the knowledge base root."""
    full = path.resolve()
    root = config.root.resolve()
    if not full.exists():
        raise UsageProblem(f"{path}: no such file or folder")
    if full != root and root not in full.parents:
        raise UsageProblem(f"{path}: not inside the knowledge base at {root}")
    return full.relative_to(root).as_posix() if full != root else ""


def _repo_prefix(config: Config) -> str:
    try:
        inside = config.root.resolve().relative_to(config.home_repo.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if inside in ("", ".") else inside + "/"


def _progress_bar() -> Progress:
    """`Checking external links: 12/40` on stderr, redrawn in place."""

    def show(done: int, total: int) -> None:
        click.echo(f"\rChecking external links: {done}/{total}", nl=done >= total, err=True)

    return show
