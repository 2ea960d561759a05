"""`kb init`: the files of a new knowledge base, planned in full, then written exclusively.

Planning first lets `kb init` refuse before writing anything when any file exists. The
knowledge base may sit in a subfolder of a repo; the workflow always goes to the repo's
own `.github/workflows/`, and file references stay relative to the repo root.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from kb import __version__
from kb.config import CONFIG_NAME, find_work_tree
from kb.errors import KbError
from kb.render import format_datetime
from kb.store import create_exclusive, entry_path, replace_atomically
from kb.yamlio import dump_value

PYPI_PACKAGE = f"kb-journal=={__version__}"
WELCOME_SLUG = "welcome-to-the-knowledge-base"
WORKFLOW = Path(".github/workflows/kb.yml")
# What the build and kb's caches leave in the knowledge base folder; anchored so that a
# `site/` folder elsewhere in the repo is not ignored by accident.
IGNORED = ("/site/", "/.kb/")


@dataclass(frozen=True)
class Planned:
    """A file `kb init` creates, with its full text."""

    path: Path
    text: str


@dataclass(frozen=True)
class Scaffold:
    """Everything `kb init` will do in `root` (the knowledge base folder) of `repo`."""

    root: Path
    repo: Path
    files: tuple[Planned, ...]
    gitignore: Path
    gitignore_added: tuple[str, ...]  # lines to append; empty when all are there

    def conflicts(self) -> list[Path]:
        """The existing files in the way of planned ones (the file, or a folder's name)."""
        found = (_blocker(planned.path) for planned in self.files)
        return list(dict.fromkeys(path for path in found if path is not None))


def template(name: str) -> str:
    """The text of a template shipped in `kb/templates/`."""
    return resources.files("kb").joinpath("templates", name).read_text(encoding="utf-8")


def kb_dir(root: Path, repo: Path) -> str:
    """The knowledge base folder relative to the repo root, with `/`; `.` at the root."""
    relative = root.resolve().relative_to(repo.resolve()).as_posix()
    return relative or "."


def under(directory: str, name: str) -> str:
    """`name` inside `directory` (relative to the repo root), without a leading `./`."""
    return name if directory == "." else f"{directory}/{name}"


def workflow_text(directory: str, install: str = PYPI_PACKAGE) -> str:
    """The GitHub workflow for a knowledge base in `directory`; `install`: pip's arguments."""
    return (
        template("workflow.yml")
        .replace("__KB_DIR__", directory)
        .replace("__INSTALL__", install)
        .replace("__SITE_DIR__", under(directory, "site"))
    )


def checked_workflow(directory: str, source: str) -> str:
    """The workflow installing kb from `source` (a pip requirement or URL), checked to
    read back as given: a folder or source that YAML would misread is refused."""
    install = shlex.quote(source)
    text = workflow_text(directory, install)
    try:
        loaded = yaml.safe_load(text)
        folder = loaded["defaults"]["run"]["working-directory"]
        runs = [step.get("run") for step in loaded["jobs"]["check"]["steps"]]
    except (yaml.YAMLError, KeyError, TypeError):
        folder, runs = None, []
    if folder != directory or f"python -m pip install {install}" not in runs:
        raise KbError(f"cannot write {directory!r} and {source!r} into the workflow as they are")
    return text


def plan(
    folder: Path,
    title: str | None = None,
    now: dt.datetime | None = None,
    source: str = PYPI_PACKAGE,
) -> Scaffold:
    """What `kb init folder` would write; nothing is touched on disk. `source`: where the
    workflow installs kb from."""
    root = folder.resolve()
    if root.exists() and not root.is_dir():
        raise KbError(f"{folder} is a file, not a folder")
    repo = find_work_tree(root)
    directory = kb_dir(root, repo)
    name = " ".join((title or "").split()) or f"{repo.name} knowledge base"
    created = now or dt.datetime.now().astimezone().replace(microsecond=0)
    welcome = (
        template("welcome.md")
        .replace("__CREATED__", format_datetime(created))
        .replace("__KB_YML__", under(directory, CONFIG_NAME))
    )
    files = (
        Planned(root / CONFIG_NAME, template("kb.yml").replace("__TITLE__", dump_value(name))),
        Planned(entry_path(root / "entries", created, WELCOME_SLUG), welcome),
        Planned(root / "mkdocs.yml", template("mkdocs.yml").replace("__TITLE__", dump_value(name))),
        Planned(root / "docs" / "index.md", template("index.md").replace("__TITLE__", name)),
        Planned(repo / WORKFLOW, checked_workflow(directory, source)),
    )
    gitignore = root / ".gitignore"
    return Scaffold(root, repo, files, gitignore, missing_ignores(gitignore))


def missing_ignores(gitignore: Path) -> tuple[str, ...]:
    """The IGNORED lines that `gitignore` lacks, in any of their equivalent spellings."""
    try:
        present = {line.strip() for line in gitignore.read_text(encoding="utf-8").splitlines()}
    except FileNotFoundError:
        present = set()
    except (OSError, UnicodeDecodeError) as error:
        raise KbError(f"{gitignore}: cannot read: {error}") from None
    missing = []
    for line in IGNORED:
        bare = line.strip("/")
        if not present & {bare, f"{bare}/", f"/{bare}", f"/{bare}/"}:
            missing.append(line)
    return tuple(missing)


def write(scaffold: Scaffold) -> None:
    """Create every planned file (never over an existing one) and extend .gitignore."""
    existing = scaffold.conflicts()
    if existing:
        raise KbError(refusal(existing))
    for planned in scaffold.files:
        try:
            create_exclusive(planned.path, planned.text)
        except FileExistsError:  # appeared since planning: stop, say which
            raise KbError(f"{planned.path} appeared while kb init was writing") from None
    if scaffold.gitignore_added:
        _append_lines(scaffold.gitignore, scaffold.gitignore_added)


def refusal(existing: list[Path]) -> str:
    """The one-line error naming every file that kb init would overwrite."""
    names = ", ".join(os.path.relpath(path) for path in existing)
    count = (
        "1 file that already exists"
        if len(existing) == 1
        else f"{len(existing)} files that already exist"
    )
    return f"kb init would overwrite {count}: {names}; nothing was written"


def _append_lines(path: Path, lines: tuple[str, ...]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join(f"{line}\n" for line in lines)
    if path.exists():
        replace_atomically(path, text)
    else:
        create_exclusive(path, text)


def _blocker(path: Path) -> Path | None:
    """`path` if it exists, or the file standing where one of its folders should be."""
    if path.exists() or path.is_symlink():
        return path
    return next((parent for parent in path.parents if parent.is_file()), None)
