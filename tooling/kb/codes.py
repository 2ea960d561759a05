"""The registry of diagnostic codes: declared once, used by checks and by the docs.

Each code has a default severity, a one-line summary, and documentation (an example of
what triggers it and how to fix it). `docs/reference/diagnostics.md` is generated from
here (kb.checks.reference) and a test fails when a code lacks its documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    summary: str
    example: str
    fix: str

    def at(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        severity: Severity | None = None,
        subject: str | None = None,
    ) -> Diagnostic:
        """A finding of this code at a position; `severity` overrides the default."""
        return Diagnostic(
            path, line, column, self.code, severity or self.severity, message, hint, subject
        )


REGISTRY: dict[str, Code] = {}


def _code(code: str, severity: Severity, summary: str, example: str, fix: str) -> Code:
    if code in REGISTRY:
        raise ValueError(f"diagnostic code {code} declared twice")
    REGISTRY[code] = entry = Code(code, severity, summary, example, fix)
    return entry


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

# --- KB1xx: the file, its frontmatter and the schema ---------------------------------
FRONTMATTER_MISSING = _code(
    "KB101",
    E,
    "the entry has no frontmatter",
    "A file that does not start with a line `---`.",
    "Start the file with `---`, the YAML keys, and a closing `---`.",
)
FRONTMATTER_UNCLOSED = _code(
    "KB102",
    E,
    "the frontmatter is never closed",
    "`---` on the first line but no second `---` line.",
    "Add a line `---` after the last frontmatter key.",
)
YAML_INVALID = _code(
    "KB103",
    E,
    "the frontmatter is not valid YAML",
    "`tags: [gotcha` (unclosed list), a tab in indentation, `&anchors`.",
    "Fix the YAML at the line given; quote values that contain `: ` or start with `*`.",
)
FRONTMATTER_NOT_MAPPING = _code(
    "KB104",
    E,
    "the frontmatter is not a mapping of keys",
    "Frontmatter that is a list (`- a`) or a bare string.",
    "Write `key: value` lines.",
)
REQUIRED_MISSING = _code(
    "KB105",
    E,
    "a required key is missing",
    "An entry without `title`, `created` or `tags`.",
    "Add the key; `kb new` writes all required keys.",
)
WRONG_TYPE = _code(
    "KB106",
    E,
    "a value has the wrong type or form",
    "`tags: gotcha` instead of a list, `status: done`, an empty title.",
    "Use the form given in the message; the entry format page lists every key.",
)
NO_OFFSET = _code(
    "KB107",
    W,
    "a date-time has no UTC offset",
    "`created: 2025-11-24T15:40:00`.",
    "Add the offset (`+00:00`); without it kb.yml's time zone is assumed.",
)
UNKNOWN_KEY = _code(
    "KB108",
    W,
    "a frontmatter key kb does not know",
    "`severity: high` in an entry.",
    "Fine if your team uses it on purpose; otherwise check its spelling.",
)
DUPLICATE_ID = _code(
    "KB109",
    E,
    "two entries have the same id",
    "`entries/2025/2025-11-24-x.md` and `entries/old/2025-11-24-x.md`.",
    "Rename one file; the id is the file name without `.md`.",
)
DUPLICATE_TITLE = _code(
    "KB110",
    W,
    "two entries have the same title",
    "Two entries titled `CORS errors`.",
    "Merge them, or make the titles say how they differ.",
)
SUPERSEDED_BY_UNKNOWN = _code(
    "KB111",
    E,
    "`superseded_by` names no entry",
    "`superseded_by: 2025-01-01-typo`.",
    "Use the id (file name without `.md`) of an existing entry.",
)
PATH_LAYOUT = _code(
    "KB112",
    W,
    "the file name does not match `created` and the layout",
    "`entries/2024/2025-11-24-x.md`, or a file not named `YYYY-MM-DD-slug.md`.",
    "Move the file to `entries/YYYY/YYYY-MM-DD-slug.md` for its `created` date.",
)
TOO_LARGE = _code(
    "KB113",
    E,
    "the entry is larger than kb.yml's limit",
    "A 50 MB log pasted into an entry (default limit 1 MiB).",
    "Link to the log instead, or raise `limits.max_entry_bytes` in kb.yml.",
)
NOT_UTF8 = _code(
    "KB114",
    E,
    "the file is not UTF-8 text",
    "A file saved as Latin-1 or a binary file named `.md`.",
    "Save the file as UTF-8.",
)
DUPLICATE_KEY = _code(
    "KB115",
    E,
    "a frontmatter key appears twice",
    "Two `tags:` lines; YAML would silently keep the last.",
    "Merge the two values into one key.",
)
UNREADABLE = _code(
    "KB116",
    E,
    "the entry cannot be read",
    "A file without read permission, or a directory named like an entry.",
    "Fix the permissions, or rename the directory.",
)

# --- KB2xx: tags and the vocabulary ----------------------------------------------------
UNKNOWN_TAG = _code(
    "KB201",
    E,
    "a tag that is not in the vocabulary",
    "`tags: [gotcah]`.",
    "Use a tag from kb.yml (the hint suggests one), or add it with `kb tags add`.",
)
ALIAS_USED = _code(
    "KB202",
    W,
    "an alias used instead of its tag",
    "`tags: [gotchas]` where `gotchas` is an alias of `gotcha`.",
    "Write the canonical tag; `kb fix --write` does it for you.",
)
TAG_DEFINED_TWICE = _code(
    "KB203",
    E,
    "the vocabulary defines a tag twice",
    "Two `gotcha:` keys under `tags:` in kb.yml.",
    "Keep one definition.",
)
ALIAS_CONFLICT = _code(
    "KB204",
    E,
    "an alias that is also a tag, or points to two tags",
    "`aliases: [api]` on `backend` while `api` is a tag.",
    "Remove the alias, or the tag it clashes with.",
)
TAG_UNUSED = _code(
    "KB205",
    I,
    "a tag no entry uses",
    "`security` in kb.yml and in no entry.",
    "Nothing to do unless the vocabulary should shrink.",
)
TAG_FORM = _code(
    "KB206",
    E,
    "a tag that is not lowercase kebab-case",
    "`tags: [Database]` or `tags: [db_setup]` or `tags: [3]`.",
    "Write tags as lowercase words joined by `-`.",
)
TAG_PLACEHOLDER = _code(
    "KB207",
    W,
    "a tag whose description is still a placeholder",
    "A tag added by `kb import --add-tags` with description `TODO: describe`.",
    "Write a one-line description for the tag in kb.yml.",
)

# --- KB3xx: file references ------------------------------------------------------------
FILE_NOT_FOUND = _code(
    "KB301",
    E,
    "a referenced file does not exist in the repo",
    "`files: [rust-scorer/src/api/serve.rs]` where the file is `server.rs`.",
    "Fix the path (the hint names the closest existing one), or remove the reference. "
    "Entries with `status: obsolete` or `superseded` are not checked against today's files.",
)
LINES_OUT_OF_RANGE = _code(
    "KB302",
    E,
    "a line reference past the end of the file, or reversed",
    "`api/x.py:400-420` in a 300-line file, or `api/x.py:20-10`.",
    "Point at lines that exist, start before end.",
)
NOT_A_DIRECTORY = _code(
    "KB303",
    E,
    "a `dir/` reference that is not a directory",
    "`files: [api/setup.py/]`.",
    "Drop the trailing `/` for a file.",
)
DIRECTORY_WITHOUT_SLASH = _code(
    "KB304",
    W,
    "a directory referenced without its trailing slash",
    "`files: [api/registry]` where `api/registry` is a directory.",
    "Write `api/registry/`.",
)
GLOB_NO_MATCH = _code(
    "KB305",
    E,
    "a glob that matches no file",
    "`files: ['api/**/*.rb']` in a Python project.",
    "Fix the pattern, or reference the files directly.",
)
UNSAFE_PATH = _code(
    "KB306",
    E,
    "a reference that could leave the repo",
    "`/etc/passwd`, `../other/x.py`, `api\\x.py`, or a symlink to outside the repo.",
    "Write a path relative to the repo root with `/` separators.",
)
UNKNOWN_REPO = _code(
    "KB307",
    E,
    "`repo:` names a repo kb.yml does not declare",
    "`repo: scorer` with no `repos: {scorer: ...}` in kb.yml.",
    "Declare the repo in kb.yml, or fix the name.",
)
REPO_NOT_VERIFIED = _code(
    "KB308",
    I,
    "a declared repo has no local checkout, so its references are not verified",
    "`repos: {passport-scorer: {url: ...}}` without `path:`.",
    "Add `path:` to a local checkout to verify them; `--strict` makes this an error.",
)
CHANGED_SINCE = _code(
    "KB309",
    I,
    "commits touched a referenced file since the entry was written or verified",
    "3 commits touched `api/settings.py` since the entry's `created`.",
    "Re-read the entry against the code, then `kb verify ID`.",
)
FILE_RENAMED = _code(
    "KB310",
    E,
    "a referenced file was renamed or moved",
    "`api/old.py` moved to `api/new.py` in a later commit.",
    "`kb fix --write` rewrites the reference to the new path.",
)
FILE_DELETED = _code(
    "KB311",
    E,
    "a referenced file was deleted",
    "`api/legacy.py` deleted in commit 9f1c2ab.",
    "Remove the reference; when every file is gone, consider `status: obsolete` (an "
    "obsolete entry's references are then history: neither checked nor reported stale).",
)
HISTORY_UNAVAILABLE = _code(
    "KB312",
    I,
    "git history is not available, so staleness is not checked",
    "A shallow clone in CI, or a knowledge base outside git.",
    "Fetch full history (`fetch-depth: 0`) to enable staleness checks.",
)

# --- KB4xx: links ------------------------------------------------------------------------
BROKEN_LINK = _code(
    "KB401",
    E,
    "a relative link to a page that does not exist",
    "`[see](../2025/2025-01-01-typo.md)`.",
    "Fix the link target.",
)
BROKEN_ANCHOR = _code(
    "KB402",
    E,
    "a link to a heading that does not exist",
    "`[see](other.md#solutoin)`.",
    "Use the heading's slug as the site renders it.",
)
EXTERNAL_LINK = _code(
    "KB403",
    W,
    "an external link that does not answer with success",
    "`https://example.com/gone` answering 404 (checked only with `--external`).",
    "Update or remove the link, or add it to `links.skip` in kb.yml.",
)

# --- KB9xx: the knowledge base itself ----------------------------------------------------
CONFIG_INVALID = _code(
    "KB901",
    E,
    "kb.yml is invalid",
    "`timezone: Mars/Olympus`, or `tags:` that is not a mapping.",
    "Fix kb.yml at the line given; the kb.yml reference lists every key.",
)
SUPPRESSION_INVALID = _code(
    "KB902",
    E,
    "a `kb-ignore` suppression without a reason or for an unknown code",
    "`kb-ignore: {KB301: ''}`.",
    'Write why the finding does not apply: `kb-ignore: {KB301: "file lives elsewhere"}`.',
)
