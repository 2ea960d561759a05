"""The fast reader must agree with PyYAML on everything it accepts, and refuse the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb import yamlio
from kb.simpleyaml import load_simple

ROOT = Path(__file__).parent.parent


def full(text: str) -> yamlio.LoadedYaml | str:
    """What PyYAML alone makes of `text`, or the error it raises, as a comparable value."""
    try:
        return yamlio.load_full(text)
    except yamlio.YamlError as error:
        return f"error: {error.message}"


def agree(text: str) -> bool:
    """Whether the fast reader accepted `text`; when it did, it must equal the full loader."""
    simple = load_simple(text)
    if simple is None:
        return False
    expected = full(text)
    assert isinstance(expected, yamlio.LoadedYaml), (text, expected)
    assert simple.value == expected.value, text
    assert [type(v) for v in _leaves(simple.value)] == [type(v) for v in _leaves(expected.value)], (
        text
    )
    assert sorted(simple.duplicate_keys, key=repr) == sorted(expected.duplicate_keys, key=repr)
    assert simple.key_lines == expected.key_lines, text
    return True


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for item in value.items() for part in item for leaf in _leaves(part)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_every_entry_of_this_repo_is_read_by_the_fast_reader_as_pyyaml_reads_it() -> None:
    entries = sorted((ROOT / "entries").rglob("*.md"))
    accepted = [path for path in entries if agree(path.read_text().split("---\n")[1])]
    assert len(accepted) == len(entries)


@pytest.mark.parametrize(
    "text",
    [
        'title: "The ALB rule: priority 10 is taken"\ncreated: 2025-11-24T17:49:00+01:00\n',
        "tags: [api, gotcha]\nfiles:\n  - a.py:10-20\n  - infra/\nrepo: scorer\n",
        "files:\n- a.py\n- b.py\nstatus: resolved\n",
        "verified: {commit: abc123, date: 2026-12-03T15:50:11+00:00}\n",
        "source:\n  kind: mim\n  line: 12\n  file: 'it''s.md'\n",
        "a: 1\nb: 1.5\nc: ~\nd: null\ne: true\nf: no\ng: 2025-11-24\nh: 1_000\ni: 017\nj: .inf\n",
        "a: x\n# a comment\nb: [ ]\nc: []\nd:\ne: ''\n",
        "a: 1\na: 2\nb:\n  k: v\n  k: w\n",
        "title: Use foo[bar] and {baz}\n",
        "tags: [a b, 'c, d', \"e\"]\n",
    ],
)
def test_plain_frontmatter_is_read_fast_and_the_same(text: str) -> None:
    assert agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: &a x\nother: *a\n",  # anchors and aliases: refused by the full loader
        "title: one\n  two\n",  # a plain scalar over two lines
        "body: |\n  text\n",  # a block scalar
        'title: "tab\\there"\n',  # an escape
        "a: 1 # a comment\n",
        "a:\n  - x\n    y\n",
        "a: [x, [y]]\n",
        "a: [x, y,]\n",
        "true: x\n",
        "a: x\r\nb: y\n",
        "a: {k: 1, k: 2}\n",
        "  a: x\n",
        "a: x:\n",
        "- x\n",
        "a:\n  b:\n    c: d\n",
        "a: 'x' y\n",
        'a: "x"y"\n',
        "a: \tx\n",
        "a: x\u2028b\n",
        "a: !tag x\n",
        "? a\n: b\n",
        "a: <<\n",
    ],
)
def test_anything_else_goes_to_the_full_loader(text: str) -> None:
    assert load_simple(text) is None


# Scalars as they come: words, paths, numbers, dates, quotes and YAML's indicators.
SCALAR = st.one_of(
    st.text(alphabet="abcxyz019 -_.:/#'\"[]{},?&*!|>%@`~", min_size=1, max_size=12),
    st.sampled_from(
        [
            "true",
            "False",
            "no",
            "on",
            "null",
            "~",
            "12",
            "-3",
            "0x1f",
            "1e3",
            ".nan",
            "2025-11-24",
            "''",
            '""',
        ]
    ),
    st.sampled_from(["2025-11-24T10:00:00+01:00", "2025-13-45", "a.py:10-20", "a #b", "a: b"]),
)
SHAPES = ["scalar", "flow list", "flow map", "block list", "block map"]
KEY = st.sampled_from(["title", "created", "tags", "files", "a", "b", "kb-ignore", "true", "x_1"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Frontmatter-like documents, inside the subset and just outside it."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(KEY)
        shape = draw(st.sampled_from(SHAPES))
        if shape == "scalar":
            lines.append(f"{key}: {draw(SCALAR)}")
        elif shape == "flow list":
            lines.append(f"{key}: [{', '.join(draw(st.lists(SCALAR, max_size=3)))}]")
        elif shape == "flow map":
            pairs = draw(st.lists(st.tuples(KEY, SCALAR), max_size=3))
            lines.append(f"{key}: {{{', '.join(f'{k}: {v}' for k, v in pairs)}}}")
        elif shape == "block list":
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.append(f"{key}:")
            lines.extend(f"{indent}- {item}" for item in draw(st.lists(SCALAR, max_size=3)))
        else:
            lines.append(f"{key}:")
            pairs = draw(st.lists(st.tuples(KEY, SCALAR), max_size=3))
            lines.extend(f"  {k}: {v}" for k, v in pairs)
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# note", "  ", "  # note", "x"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=600, deadline=None)
@given(documents())
def test_generated_documents_load_the_same_whenever_the_fast_reader_accepts(text: str) -> None:
    agree(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_breaks_the_fast_reader(text: str) -> None:
    agree(text)
