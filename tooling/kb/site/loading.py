"""Load what a site build needs once: config, settings, entries, findings, the model."""

from __future__ import annotations

import importlib
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
    """What `kb check` reports, via kb.checks when it is installed; else the parse findings."""
    try:
        checks = importlib.import_module("kb.checks")
    except ImportError:
        return sorted([*project.config.problems, *project.diagnostics])
    found: list[Diagnostic] = checks.run_checks(project)
    return found
