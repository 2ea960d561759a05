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
from kb.project import Project, load_project
from kb.site.model import SiteModel, build_model
from kb.site.settings import load_settings
from kb.staleness_run import load_staleness


class BackgroundChecks:
    """`findings(project)` running in a daemon thread; `result()` waits for it."""

    def __init__(self, project: Project) -> None:
        self._outcome: list[Diagnostic] | BaseException = []
        self._thread = threading.Thread(
            target=self._run, args=(project,), name="kb-checks", daemon=True
        )
        self._thread.start()

    def _run(self, project: Project) -> None:
        try:
            self._outcome = findings(project)
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
    changes = load_staleness(config, project.entries).by_entry
    model = build_model(config, load_settings(config), project.entries, directory_urls, changes)
    return Loaded(project, model, BackgroundChecks(project))


def findings(project: Project) -> list[Diagnostic]:
    """What `kb check` reports (config, parse and check findings), the same lines."""
    from kb.checks import run_checks  # the checks' own imports only when building

    return run_checks(project)
