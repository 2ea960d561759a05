"""docs/reference/diagnostics.md, generated from the code registry in kb.codes.

Regenerate with `python -m kb.checks.reference > docs/reference/diagnostics.md`;
tests/test_codes.py fails when the page is out of date or a code lacks its docs.
"""

from __future__ import annotations

from kb import codes

GROUPS = {
    "KB1": "Entry files, frontmatter and schema",
    "KB2": "Tags and the vocabulary",
    "KB3": "File references and staleness",
    "KB4": "Links",
    "KB9": "The knowledge base itself",
}

INTRO = """\
# Diagnostics

Every finding of `kb check` has a stable code, a severity, a position and a message,
often with a hint in parentheses:

```text
EXAMPLE
```

- **error** findings make `kb check` exit 1; **warning** findings do too with
  `--strict`; **info** findings never do.
- Change a code's severity for your knowledge base in kb.yml:
  `checks: {severity: {KB309: warning}}`.
- Silence a finding for one entry, with the reason, in its frontmatter:
  `kb-ignore: {KB301: "the file lives in the other repo"}`. The reason is shown in
  `--format json` output.
- Run only some codes with `--select KB3` or `--select KB301,KB302`, or leave some
  out with `--ignore KB205`.

This page is generated from `tooling/kb/codes.py`.
""".replace(
    "EXAMPLE",
    "entries/2025/2025-11-24-cors-support.md:9:5: KB301 file not found: "
    "rust-scorer/src/api/serve.rs (did you mean rust-scorer/src/api/server.rs?)",
)


def page() -> str:
    """The whole Markdown page."""
    parts = [INTRO]
    for prefix, title in GROUPS.items():
        members = [c for c in codes.REGISTRY.values() if c.code.startswith(prefix)]
        if not members:
            continue
        parts.append(f"\n## {prefix}xx: {title}\n")
        parts.extend(section(code) for code in members)
    return "".join(parts)


def section(code: codes.Code) -> str:
    return (
        f"\n### {code.code}\n\n"
        f"**{code.summary[0].upper() + code.summary[1:]}.** Default severity: "
        f"{code.severity}.\n\n"
        f"- Example: {code.example}\n"
        f"- Fix: {code.fix}\n"
    )


if __name__ == "__main__":
    print(page(), end="")
