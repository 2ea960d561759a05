"""Load what a site build needs once: config, settings, entries, the model, the findings.

`kb check`'s findings are computed while MkDocs renders the pages: in a forked child
when no other thread runs (a core of their own), otherwise in a thread (the checks
mostly wait on git, so that wait overlaps the rendering instead of adding to it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb import forked
from kb.config import load_config
from kb.diagnostics import Diagnostic
from kb.forked import Forked
from kb.history import History
from kb.project import Project, load_project
from kb.site.model import SiteModel, build_model
from kb.site.settings import load_settings
from kb.staleness_run import load_staleness


class BackgroundChecks:
    """`findings(project)` computed beside the build once `start()`ed; `result()` waits
    for it (and computes it there if it never started, or its child failed)."""

    def __init__(self, project: Project, histories: dict[str | None, History]) -> None:
        self._compute: Callable[[], list[Diagnostic]] = lambda: findings(project, histories)
        self._outcome: list[Diagnostic] | BaseException | None = None
        self._thread: threading.Thread | None = None
        self._child: Forked[list[Diagnostic]] | None = None

    def start(self, fork: bool = False) -> None:
        """In a forked child with `fork` (only while no other thread runs), else a thread."""
        if self._thread is not None or self._child is not None or self._outcome is not None:
            return
        if fork:
            self._child = forked.fork(self._compute)
            if self._child is not None:
                return
        self._thread = threading.Thread(target=self._run, name="kb-checks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome = self._compute()
        except BaseException as error:  # re-raised in the build's thread by result()
            self._outcome = error

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._child is not None:
            child, self._child = self._child, None
            self._outcome = child.result()  # None when it failed: computed again here

    def result(self) -> list[Diagnostic]:
        self.wait()
        if self._outcome is None:
            self._run()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome


@dataclass
class Loaded:
    project: Project
    model: SiteModel
    checks: BackgroundChecks = field(repr=False)


def load_site(config_path: Path, directory_urls: bool = True) -> Loaded:
    """Everything for one build; raises ConfigError when kb.yml is unusable."""
    config = load_config(config_path)
    project = load_project(config)
    # History is read once: for the pages' "changed since" marks and for the checks.
    staleness = load_staleness(config, project.entries)
    model = build_model(
        config, load_settings(config), project.entries, directory_urls, staleness.by_entry
    )
    return Loaded(project, model, BackgroundChecks(project, staleness.histories))


def findings(
    project: Project, histories: dict[str | None, History] | None = None
) -> list[Diagnostic]:
    """What `kb check` reports (config, parse and check findings), the same lines."""
    # The checks' own imports only when building.
    from kb.checks import CheckContext, check_project

    context = CheckContext(project.config, project, histories=histories)
    return check_project(project, context=context).diagnostics
