"""`kb new`: flags, stdin, prompts, refusals, collisions, concurrency and round trips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from kb.cli import new as new_command
from kb.cli.main import cli
from kb.config import load_config
from kb.project import load_project, read_entry
from tests.conftest import KnowledgeBase

CREATED = "2025-11-24T15:40:00+00:00"


def test_flags_write_the_entry_and_print_its_path(kb: KnowledgeBase, run_kb) -> None:
    kb.write("dev-setup/setup.sh", "echo hi\n")
    kb.write("api/registry/admin.py", "\n" * 80)
    kb.git("add", "-A")
    result = run_kb(
        kb.root,
        "new",
        "Django migrations out of sync",
        "--tag",
        "gotcha",
        "--tag",
        "database",
        "--file",
        "dev-setup/setup.sh",
        "--file",
        "api/registry/admin.py:40-62",
        "--created",
        CREATED,
        "--body",
        "## Details\n\nNo migrations to apply.\n",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "entries/2025/2025-11-24-django-migrations-out-of-sync.md\n"
    assert result.stderr == ""
    text = (kb.entries / "2025/2025-11-24-django-migrations-out-of-sync.md").read_text()
    assert text == (
        "---\n"
        "title: Django migrations out of sync\n"
        "created: 2025-11-24T15:40:00+00:00\n"
        "tags: [gotcha, database]\n"
        "files:\n"
        "  - dev-setup/setup.sh\n"
        "  - api/registry/admin.py:40-62\n"
        "---\n"
        "\n"
        "## Details\n"
        "\n"
        "No migrations to apply.\n"
    )


def test_body_on_stdin(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(
        kb.root, "new", "From a pipe", "-t", "api", "--created", CREATED, input="Piped *body*.\n"
    )
    assert result.exit_code == 0, result.output
    assert (
        (kb.entries / "2025/2025-11-24-from-a-pipe.md")
        .read_text()
        .endswith("---\n\nPiped *body*.\n")
    )


def test_empty_stdin_gives_the_template(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "Template", "-t", "api", "--created", CREATED, input="")
    assert result.exit_code == 0
    body = (kb.entries / "2025/2025-11-24-template.md").read_text().split("---\n", 2)[2]
    assert body == "\n## Details\n\n\n## Solution\n"


def test_body_file(kb: KnowledgeBase, run_kb) -> None:
    kb.write("notes.md", "From a file.\n")
    result = run_kb(
        kb.root, "new", "Body file", "-t", "api", "--body-file", "notes.md", "--created", CREATED
    )
    assert result.exit_code == 0
    assert (kb.entries / "2025/2025-11-24-body-file.md").read_text().endswith("From a file.\n")


def test_json_output(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(
        kb.root, "new", "Json please", "-t", "gotchas", "--created", CREATED, "--json", input=""
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "id": "2025-11-24-json-please",
        "path": "entries/2025/2025-11-24-json-please.md",
        "frontmatter": {"title": "Json please", "created": CREATED, "tags": ["gotcha"]},
    }


def test_alias_is_written_as_its_canonical_tag(kb: KnowledgeBase, run_kb) -> None:
    run_kb(kb.root, "new", "Alias", "-t", "gotchas,database", "--created", CREATED, input="")
    text = (kb.entries / "2025/2025-11-24-alias.md").read_text()
    assert "tags: [gotcha, database]\n" in text


def test_unknown_tag_is_refused_with_a_suggestion(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "Typo", "-t", "gotcah", "-t", "databse", input="")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: unknown tag 'gotcah' (did you mean gotcha?), 'databse' (did you mean "
        "database?); see `kb tags`, or add one with `kb tags add NAME --description TEXT`\n"
    )
    assert not kb.entries.exists()


def test_missing_title_without_a_terminal_names_what_to_pass(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "-t", "gotcha", input="")
    assert result.exit_code == 2
    assert result.stderr.endswith('Error: missing the title: kb new "TITLE" --tag TAG\n')


def test_missing_tags_without_a_terminal_names_the_flag(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "No tags", input="")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: missing tags: pass --tag TAG (see `kb tags`)\n")


def test_prompts_on_a_terminal(kb: KnowledgeBase, run_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    kb.write("api/app.py", "x\n")
    kb.git("add", "-A")
    monkeypatch.setattr(new_command, "interactive", lambda: True)
    answers = "Prompted entry\ngotcah\ngotcha, api\napi/app.py, api/nope.py\n"
    result = run_kb(kb.root, "new", "--created", CREATED, input=answers)
    assert result.exit_code == 0, result.output
    assert "Tags: api, database, gotcha, testing\n" in result.stdout
    assert "Error: unknown tag 'gotcah' (did you mean gotcha?)" in result.stderr
    assert "warning: file not found: api/nope.py (did you mean api/app.py?)" in result.stderr
    assert result.stdout.endswith("entries/2025/2025-11-24-prompted-entry.md\n")
    entry = read_entry(
        load_config(kb.root / "kb.yml"), kb.entries / "2025/2025-11-24-prompted-entry.md"
    ).entry
    assert entry is not None
    assert entry.tags == ["gotcha", "api"]
    assert [ref.raw for ref in entry.files] == ["api/app.py", "api/nope.py"]


def test_untracked_file_is_a_warning_to_git_add_it(kb: KnowledgeBase, run_kb) -> None:
    kb.write("api/fresh.py", "x = 1\n")
    result = run_kb(
        kb.root, "new", "Fresh", "-t", "api", "-f", "api/fresh.py:1", "--created", CREATED, input=""
    )
    assert result.exit_code == 0
    assert result.stderr == "warning: file not tracked by git: api/fresh.py:1 (git add it)\n"


def test_missing_file_is_a_warning_with_the_closest_path(kb: KnowledgeBase, run_kb) -> None:
    kb.write("rust-scorer/src/api/server.rs", "fn main() {}\n")
    kb.git("add", "-A")
    result = run_kb(
        kb.root,
        "new",
        "Cors",
        "-t",
        "api",
        "-f",
        "rust-scorer/src/api/serve.rs",
        "--created",
        CREATED,
        input="",
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: file not found: rust-scorer/src/api/serve.rs "
        "(did you mean rust-scorer/src/api/server.rs?)\n"
    )
    assert (kb.entries / "2025/2025-11-24-cors.md").exists()


@pytest.mark.parametrize("reference", ["/etc/passwd", "../outside.py", "api\\x.py"])
def test_references_that_leave_the_repo_are_refused(
    kb: KnowledgeBase, run_kb, reference: str
) -> None:
    result = run_kb(kb.root, "new", "Unsafe", "-t", "api", "-f", reference, input="")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: file reference {reference!r} ")
    assert not kb.entries.exists()


def test_undeclared_repo_is_refused(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "Elsewhere", "-t", "api", "--repo", "nope", input="")
    assert result.exit_code == 1
    assert result.stderr == "Error: repo 'nope' is not declared in kb.yml (declared: other)\n"


def test_references_into_a_repo_without_checkout_are_not_verified(
    kb: KnowledgeBase, run_kb
) -> None:
    result = run_kb(
        kb.root,
        "new",
        "Other repo",
        "-t",
        "api",
        "--repo",
        "other",
        "-f",
        "src/lib.rs",
        "--created",
        CREATED,
        input="",
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "repo: other\n" in (kb.entries / "2025/2025-11-24-other-repo.md").read_text()


def test_superseded_needs_a_successor(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "Old", "-t", "api", "--status", "superseded", input="")
    assert result.exit_code == 1
    assert result.stderr == "Error: status superseded needs --superseded-by ID\n"


def test_bad_created_is_refused(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "When", "-t", "api", "--created", "yesterday", input="")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --created 'yesterday' is not an ISO 8601 date-time such "
        "as 2025-11-24T15:40:00+00:00\n"
    )


def test_created_defaults_to_now_with_the_local_offset(kb: KnowledgeBase, run_kb) -> None:
    result = run_kb(kb.root, "new", "Now", "-t", "api", "--json", input="")
    created = json.loads(result.stdout)["frontmatter"]["created"]
    import datetime as dt

    parsed = dt.datetime.fromisoformat(created)
    assert parsed.utcoffset() == dt.datetime.now().astimezone().utcoffset()
    assert abs((dt.datetime.now(dt.UTC) - parsed).total_seconds()) < 120


def test_same_date_and_slug_get_numbered(kb: KnowledgeBase, run_kb) -> None:
    for _ in range(3):
        result = run_kb(kb.root, "new", "Same title", "-t", "api", "--created", CREATED, input="")
        assert result.exit_code == 0
    names = sorted(p.name for p in (kb.entries / "2025").iterdir())
    assert names == [
        "2025-11-24-same-title-2.md",
        "2025-11-24-same-title-3.md",
        "2025-11-24-same-title.md",
    ]


def test_existing_entry_is_never_overwritten(kb: KnowledgeBase, run_kb) -> None:
    mine = kb.entry("2025-11-24-keep-me", title="Keep me")
    before = mine.read_bytes()
    run_kb(kb.root, "new", "Keep me", "-t", "api", "--created", CREATED, input="")
    assert mine.read_bytes() == before
    assert (kb.entries / "2025/2025-11-24-keep-me-2.md").exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ünïcödé gotcha", "unicode-gotcha"),
        ("Straße & Ærø: the ½ story", "strasse-aero-the-1-2-story"),
        ("PyYAML's parser doesn’t load", "pyyamls-parser-doesnt-load"),
        ("日本語のタイトル", None),
        ("🔥🔥", None),
        ("2024", None),
    ],
)
def test_slugs_for_non_ascii_titles(
    kb: KnowledgeBase, run_kb, title: str, slug: str | None
) -> None:
    result = run_kb(kb.root, "new", title, "-t", "api", "--created", CREATED, "--json", input="")
    assert result.exit_code == 0, result.output
    entry_id = json.loads(result.stdout)["id"]
    if slug is not None:
        assert entry_id == f"2025-11-24-{slug}"
    else:
        assert entry_id.startswith("2025-11-24-") and "-entry-" in entry_id + "-"
        assert entry_id.isascii()
    assert json.loads(result.stdout)["frontmatter"]["title"] == title


def test_twenty_concurrent_processes_make_twenty_valid_files(kb: KnowledgeBase) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [
        sys.executable,
        "-c",
        "from kb.cli.main import cli; cli()",
        "new",
        "Race",
        "-t",
        "api",
        "--created",
        CREATED,
        "--body",
        "Same body.",
    ]
    processes = [
        subprocess.Popen(
            command,
            cwd=kb.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(20)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0] * 20, outputs
    printed = sorted(out.strip() for out, _ in outputs)
    assert len(set(printed)) == 20
    files = sorted((kb.entries / "2025").iterdir())
    assert len(files) == 20
    assert not list((kb.entries / "2025").glob(".*"))  # no temporary files left behind
    project = load_project(load_config(kb.root / "kb.yml"))
    assert project.diagnostics == []
    assert len(project.entries) == 20


def test_round_trip_every_field(kb: KnowledgeBase, run_kb) -> None:
    kb.write("api/x.py", "a\nb\nc\n")
    result = run_kb(
        kb.root,
        "new",
        "  Round: trip 'quotes' #hash  ",
        "-t",
        "gotcha",
        "-t",
        "api",
        "-f",
        "api/x.py:2-3",
        "-f",
        "api/",
        "-f",
        "api/**/*.py",
        "--repo",
        "other",
        "--status",
        "superseded",
        "--superseded-by",
        "2025-01-01-newer",
        "--created",
        "2025-11-24T15:40:00+05:30",
        "--json",
        input="Body: *yes*\n",
    )
    assert result.exit_code == 0, result.output
    path = kb.root / json.loads(result.stdout)["path"]
    parsed = read_entry(load_config(kb.root / "kb.yml"), path)
    assert parsed.diagnostics == []
    entry = parsed.entry
    assert entry is not None
    assert entry.title == "Round: trip 'quotes' #hash"
    assert entry.created.isoformat() == "2025-11-24T15:40:00+05:30"
    assert entry.tags == ["gotcha", "api"]
    assert [ref.raw for ref in entry.files] == ["api/x.py:2-3", "api/", "api/**/*.py"]
    assert (entry.repo, entry.status, entry.superseded_by) == (
        "other",
        "superseded",
        "2025-01-01-newer",
    )
    assert entry.body == "Body: *yes*\n"
    # An independent parser reads the same values.
    post = frontmatter.load(str(path))
    assert post["title"] == entry.title
    assert post["tags"] == ["gotcha", "api"]


def test_edit_opens_the_editor_and_reports_problems(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf -- '---\\ntitle: [broken\\n---\\n' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.chdir(kb.root)
    result = CliRunner().invoke(
        cli, ["new", "Edited", "-t", "api", "--created", CREATED, "--edit"], input=""
    )
    assert result.exit_code == 0
    path = kb.entries / "2025/2025-11-24-edited.md"
    assert path.read_text() == "---\ntitle: [broken\n---\n"  # kept as the user left it
    assert result.stderr.startswith(
        "error: entries/2025/2025-11-24-edited.md:3:1: KB103 invalid YAML: "
    )


def test_no_kb_yml_is_a_config_error(tmp_path: Path, run_kb) -> None:
    result = run_kb(tmp_path, "new", "x", "-t", "api", input="")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: no kb.yml in {tmp_path.resolve()} or any parent")


def test_root_option(kb: KnowledgeBase, run_kb, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_kb(
        elsewhere,
        "--root",
        str(kb.root),
        "new",
        "Rooted",
        "-t",
        "api",
        "--created",
        CREATED,
        input="",
    )
    assert result.exit_code == 0
    assert (kb.entries / "2025/2025-11-24-rooted.md").exists()


def test_prompts_on_a_real_pseudo_terminal(kb: KnowledgeBase) -> None:
    """The same conversation through a pty, as a person at a terminal has it."""
    import pty
    import select

    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TERM": "dumb"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from kb.cli.main import cli; cli()", "new", "--created", CREATED],
        cwd=kb.root,
        env=env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    transcript = b""
    answers = [b"Typed at a terminal\n", b"gotcha\n", b"\n"]
    while process.poll() is None or select.select([controller], [], [], 0.1)[0]:
        ready, _, _ = select.select([controller], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        transcript += chunk
        if chunk.rstrip().endswith(b":") and answers:
            os.write(controller, answers.pop(0))
    process.wait(timeout=30)
    os.close(controller)
    text = transcript.decode()
    assert process.returncode == 0, text
    assert "Title:" in text and "Tags: api, database, gotcha, testing" in text
    assert (kb.entries / "2025/2025-11-24-typed-at-a-terminal.md").exists()


def test_a_closed_standard_input_is_no_body_and_no_prompt(kb: KnowledgeBase) -> None:
    """Cron jobs and some CI runners start kb with file descriptor 0 closed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kb.cli.main import cli; cli()",
            "new",
            "No stdin",
            "-t",
            "api",
            "--created",
            CREATED,
        ],
        cwd=kb.root,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(0),
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "entries/2025/2025-11-24-no-stdin.md\n"
    assert (kb.entries / "2025/2025-11-24-no-stdin.md").read_text().endswith("## Solution\n")
