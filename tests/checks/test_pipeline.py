"""run_checks' contract: every source of findings, overrides, filters, suppression, order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kb import codes
from kb.checks import Check, CheckContext, CheckOptions, check_project, run_checks
from kb.config import load_config
from kb.diagnostics import Diagnostic, Severity
from kb.project import load_project
from tests.checks.helpers import result
from tests.conftest import KB_YML, KnowledgeBase


def test_config_problems_and_parse_findings_are_included(
    make_kb: Callable[..., KnowledgeBase],
) -> None:
    kb = make_kb(config=KB_YML + "colour: blue\n")
    kb.write("entries/2025/2025-11-24-x.md", "no frontmatter\n")
    found = run_checks(
        load_project(load_config(kb.root / "kb.yml")), CheckOptions(select=("KB1", "KB9"))
    )
    assert [d.one_line() for d in found] == [
        "entries/2025/2025-11-24-x.md:1:1: KB101 the entry has no frontmatter "
        "(first line must be `---`)",
        "kb.yml:17:1: KB901 unknown key 'colour' in kb.yml",
    ]


def test_severity_overrides_and_strict(make_kb: Callable[..., KnowledgeBase]) -> None:
    kb = make_kb(config=KB_YML + "checks:\n  severity:\n    KB108: error\n    KB201: info\n")
    kb.entry("2025-11-24-x", tags=("nope",), extra="x: 1\nrepo: other", files=("a.py",))
    found = result(kb.root, select=("KB108", "KB201", "KB308")).diagnostics
    assert [(d.code, d.severity) for d in found] == [
        ("KB201", Severity.INFO),
        ("KB108", Severity.ERROR),
        ("KB308", Severity.INFO),
    ]
    strict = result(kb.root, select=("KB308",), strict=True).diagnostics
    assert [(d.code, d.severity) for d in strict] == [("KB308", Severity.ERROR)]


def test_suppression_keeps_the_reason_and_cannot_silence_its_own_errors(
    kb: KnowledgeBase,
) -> None:
    kb.entry(
        "2025-11-24-x",
        files=("gone.py",),
        extra='kb-ignore: {KB301: "lives elsewhere", KB108: ""}\nx: 1',
    )
    outcome = result(kb.root, ignore=("KB205", "KB31"))
    assert [d.code for d in outcome.diagnostics] == ["KB902", "KB108"]
    [suppressed] = outcome.suppressed
    assert (suppressed.diagnostic.code, suppressed.reason) == ("KB301", "lives elsewhere")


def test_select_and_ignore_take_prefixes_and_ignore_wins(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-x", tags=("gotcha", "nope"), files=("gone.py",), extra="x: 1")
    codes_of = lambda **o: [d.code for d in result(kb.root, **o).diagnostics]  # noqa: E731
    assert codes_of(select=("KB2",), ignore=("KB205",)) == ["KB201"]
    assert codes_of(select=("KB3", "KB108"), ignore=("KB31",)) == ["KB301", "KB108"]
    assert codes_of(select=("KB301",), ignore=("KB3",)) == []


def test_paths_keep_findings_inside_them(kb: KnowledgeBase) -> None:
    kb.entry("2025-11-24-a", title="A", extra="x: 1")
    kb.entry("2024-01-01-b", title="B", created="2024-01-01T00:00:00+00:00", extra="x: 1")
    found = result(kb.root, paths=("entries/2024",), ignore=("KB31",)).diagnostics
    assert [d.path for d in found] == ["entries/2024/2024-01-01-b.md"]


def test_findings_are_sorted_and_deduplicated(kb: KnowledgeBase) -> None:
    def noisy(ctx: CheckContext) -> Iterator[Diagnostic]:
        for line in (9, 2, 2):
            yield codes.UNKNOWN_KEY.at("b.md", line, 1, "m")
        yield codes.UNKNOWN_KEY.at("a.md", 5, 1, "m")

    project = load_project(load_config(kb.root / "kb.yml"))
    outcome = check_project(project, checks=[Check("noisy", noisy, codes=("KB108",))])
    assert [(d.path, d.line) for d in outcome.diagnostics] == [
        ("a.md", 5),
        ("b.md", 2),
        ("b.md", 9),
    ]


def test_a_registered_check_sees_a_read_only_context_with_repo_indexes(kb: KnowledgeBase) -> None:
    kb.write("src/app.py", "x\n")
    kb.commit()
    kb.entry("2025-11-24-x")
    seen: list[object] = []

    def probe(ctx: CheckContext) -> Iterator[Diagnostic]:
        index = ctx.repo_index(None)
        assert index is not None and ctx.repo_index(None) is index  # built once
        seen.append((sorted(index.files), ctx.repo_index("other"), [e.id for e in ctx.entries]))
        return iter(())

    project = load_project(load_config(kb.root / "kb.yml"))
    check_project(project, checks=[Check("probe", probe, codes=("KB108",))])
    assert seen == [(["kb.yml", "src/app.py"], None, ["2025-11-24-x"])]
