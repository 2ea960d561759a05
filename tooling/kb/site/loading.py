"""Load what a site build needs once: config, settings, entries, findings, the model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.config import load_config
from kb.diagnostics import Diagnostic
from kb.project import Project, load_project
from kb.site.model import SiteModel, build_model
from kb.site.settings import load_settings


@dataclass
class Loaded:
    project: Project
    model: SiteModel
    findings: list[Diagnostic]


def load_site(config_path: Path) -> Loaded:
    """Everything for one build; raises ConfigError when kb.yml is unusable."""
    config = load_config(config_path)
    project = load_project(config)
    model = build_model(config, load_settings(config), project.entries)
    return Loaded(project, model, findings(project))


def findings(project: Project) -> list[Diagnostic]:
    """What `kb check` reports (config, parse and check findings), the same lines."""
    from kb.checks import run_checks  # the checks' own imports only when building

    return run_checks(project)
