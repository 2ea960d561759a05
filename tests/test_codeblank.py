"""Code blanking finds what the regexes it replaced found, character for character."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.codeblank import blank_code, blank_fences, blank_spans

# The rules, as the regexes kb used to run over every body (the oracle here).
FENCED = re.compile(
    r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def blank(match: re.Match[str]) -> str:
    return "\n".join(" " * len(line) for line in match.group(0).split("\n"))


PIECES = ["```", "~~~", "````", "``", "`", "~", " ", "   ", "    ", "\n", "a", "x y", "\t", "`a`"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(TEXTS)
def test_fences_and_spans_as_the_regexes_found_them(text: str) -> None:
    assert blank_fences(text) == FENCED.sub(blank, text)
    assert blank_spans(text) == CODE_SPAN.sub(blank, text)


def test_a_body_keeps_its_links_and_loses_its_code() -> None:
    text = (
        "See [a](a.md) and `[b](b.md)`.\n\n"
        "```python\nx = '[c](c.md)'\n```\n\n"
        "~~~~\n[d](d.md)\n~~~\n~~~~~\n"
        "``[e](e.md) ` still code``, [f](f.md)\n"
        "````\nnever closed [g](g.md)\n"
    )
    blanked = blank_code(text)
    assert len(blanked) == len(text)
    assert [line for line in blanked.split("\n") if line.strip()] == [
        "See [a](a.md) and            .",
        " " * len("``[e](e.md) ` still code``") + ", [f](f.md)",
    ]
