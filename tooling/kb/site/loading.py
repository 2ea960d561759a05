"""Load what a site build needs once: config, settings, entries, the model, the findings.

`kb check`'s findings are computed in a thread while MkDocs renders the pages: the
checks mostly wait on git, so that wait overlaps the rendering instead of adding to it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from kb.config import load_config
from kb.diagnostics import Diagnostic
from kb.history import History
from kb.project import Project, load_project
from kb.site.model import SiteModel, build_model
from kb.site.settings import load_settings
from kb.staleness_run import load_staleness


class BackgroundChecks:
    """`findings(project)` running in a daemon thread; `result()` waits for it."""

    def __init__(self, project: Project, histories: dict[str | None, History]) -> None:
        self._outcome: list[Diagnostic] | BaseException = []
        self._thread = threading.Thread(
            target=self._run, args=(project, histories), name="kb-checks", daemon=True
        )
        self._thread.start()

    def _run(self, project: Project, histories: dict[str | None, History]) -> None:
        try:
            self._outcome = findings(project, histories)
        except BaseException as error:  # re-raised in the build's thread by result()
            self._outcome = error

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> list[Diagnostic]:
        self.wait()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
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
