"""Property tests: arbitrary bytes and arbitrary YAML as entries always give findings."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.checks import CheckOptions, run_checks
from kb.checks.runner import check_knowledge_base
from kb.config import load_config
from kb.diagnostics import Diagnostic
from kb.project import load_project
from tests.conftest import KB_YML

ENTRY = Path("entries/2025/2025-11-24-x.md")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kb-properties-"))
    (folder / "kb.yml").write_text(KB_YML, encoding="utf-8")
    (folder / ENTRY).parent.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder)


def check_both(root: Path, data: bytes) -> list[Diagnostic]:
    """Write `data` as the entry and run both loaders; neither may raise."""
    (root / ENTRY).write_bytes(data)
    config = load_config(root / "kb.yml")
    found = run_checks(load_project(config), CheckOptions(use_cache=False))
    run = check_knowledge_base(config, CheckOptions(use_cache=False))
    assert run.result.diagnostics == found
    for diagnostic in found:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    return found


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(root: Path, data: bytes) -> None:
    check_both(root, data)


@SETTINGS
@given(data=st.binary(max_size=500))
def test_arbitrary_bytes_after_a_frontmatter_fence(root: Path, data: bytes) -> None:
    check_both(root, b"---\n" + data + b"\n---\nbody\n")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), children, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from(
    ["title", "created", "updated", "tags", "files", "repo", "status", "superseded_by",
     "authors", "source", "verified", "kb-ignore", "other"]
)  # fmt: skip


@SETTINGS
@given(front=st.one_of(values, st.dictionaries(keys, values, max_size=8)))
def test_arbitrary_yaml_frontmatter(root: Path, front: object) -> None:
    text = yaml.safe_dump(front, allow_unicode=True)
    check_both(root, f"---\n{text}---\n\nbody\n".encode())


@SETTINGS
@given(text=st.text(max_size=400))
def test_arbitrary_text_frontmatter(root: Path, text: str) -> None:
    check_both(root, f"---\n{text}\n---\n[x](y.md#z) <http://a>\n".encode())


@SETTINGS
@given(body=st.text(max_size=600))
def test_arbitrary_bodies(root: Path, body: str) -> None:
    front = "title: T\ncreated: 2025-11-24\ntags: [gotcha]\n"
    check_both(root, f"---\n{front}---\n{body}".encode(errors="surrogatepass"))
