"""The one place diagnostics become text: plain lines, GitHub annotations, JSON, SARIF.

`kb check` prints through here and the MkDocs plugin uses `Diagnostic.one_line()`,
which the text format also uses, so a finding reads the same everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kb import __version__, codes
from kb.diagnostics import Diagnostic, Severity

FORMATS = ("text", "github", "json", "sarif")
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass
class Report:
    """A finished run: what to show and the numbers for its summary."""

    diagnostics: list[Diagnostic]
    entries: int
    seconds: float
    # (finding, reason) for findings silenced by `kb-ignore`.
    suppressed: list[tuple[Diagnostic, str]] = field(default_factory=list)
    # The knowledge base's folder inside its git work tree ("" at the top), so that
    # GitHub and SARIF paths are relative to the repo as those tools expect.
    repo_prefix: str = ""
    cached: bool = False

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def render(report: Report, output_format: str) -> str:
    """The whole output for `--format`, ending with a newline."""
    if output_format == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    if output_format == "sarif":
        return json.dumps(to_sarif(report), indent=2, ensure_ascii=False) + "\n"
    if output_format == "github":
        lines = [github_line(d, report.repo_prefix) for d in report.diagnostics]
    else:
        lines = [d.one_line() for d in report.diagnostics]
    return "".join(line + "\n" for line in lines) + summary(report) + "\n"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def summary(report: Report) -> str:
    """`Found 2 errors and 1 warning in 214 entries (0.21 s).`"""
    parts = [
        plural(report.count(Severity.ERROR), "error"),
        plural(report.count(Severity.WARNING), "warning"),
    ]
    infos = report.count(Severity.INFO)
    if infos:
        parts.append(plural(infos, "info"))
    counted = ", ".join(parts[:-1]) + " and " + parts[-1]
    text = f"Found {counted} in {plural(report.entries, 'entry', 'entries')}"
    text += f" ({report.seconds:.2f} s)."
    if report.suppressed:
        text += f" {len(report.suppressed)} suppressed by kb-ignore."
    return text


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(d: Diagnostic, prefix: str = "") -> str:
    """A GitHub Actions workflow command that annotates the file and line."""
    message = d.message + (f" ({d.hint})" if d.hint else "")
    properties = ",".join(
        [
            f"file={_escape_property(prefix + d.path)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={_escape_property(d.code)}",
        ]
    )
    return f"::{_GITHUB_LEVEL[d.severity]} {properties}::{_escape_data(f'{d.code} {message}')}"


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "severity": str(d.severity),
        "message": d.message,
        "hint": d.hint,
    }


def to_json(report: Report) -> dict[str, Any]:
    """The stable JSON document (`version` changes only on incompatible changes)."""
    return {
        "version": JSON_VERSION,
        "tool": {"name": "kb", "version": __version__},
        "summary": {
            "entries": report.entries,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "suppressed": len(report.suppressed),
            "seconds": round(report.seconds, 3),
            "cached": report.cached,
        },
        "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
        "suppressed": [{**diagnostic_json(d), "reason": r} for d, r in report.suppressed],
    }


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def to_sarif(report: Report) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run, every code as a rule, paths relative to the repo."""
    rules = list(codes.REGISTRY.values())
    index = {rule.code: number for number, rule in enumerate(rules)}
    results = [_sarif_result(d, index, report.repo_prefix, None) for d in report.diagnostics]
    results += [_sarif_result(d, index, report.repo_prefix, r) for d, r in report.suppressed]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kb",
                        "version": __version__,
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "results": results,
            }
        ],
    }


def _sarif_rule(rule: codes.Code) -> dict[str, Any]:
    return {
        "id": rule.code,
        "shortDescription": {"text": rule.summary},
        "help": {"text": f"Example: {rule.example}\nFix: {rule.fix}"},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }


def _sarif_result(
    d: Diagnostic, index: dict[str, int], prefix: str, reason: str | None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": prefix + d.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                }
            }
        ],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if reason is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": reason}]
    return result
