"""A Markdown extension that stashes the generated pages' raw HTML blocks whole.

The page generators write lists of links as raw HTML between kb.site.markup's RAW_START
and RAW_END lines (Markdown links cost more). Python-Markdown would still run its HTML
block parser, html.parser in pure Python, over every tag of them: about a fifth of the
Markdown time of an entry page. This hands each block to Markdown's HTML stash instead,
as that parser would, and the output is the same HTML.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

from kb.site.markup import RAW_END, RAW_START

_BLOCK = re.compile(rf"^{re.escape(RAW_START)}\n(.*?)\n{re.escape(RAW_END)}$", re.S | re.M)
# After fenced code (25), so marker lines shown in a code block stay text; before the
# HTML block parser (20).
PRIORITY = 21


class _Stash(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if RAW_START not in text:
            return lines
        return _BLOCK.sub(lambda found: self.md.htmlStash.store(found[1] + "\n"), text).split("\n")


class RawBlocks(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Stash(md), "kb_raw_blocks", PRIORITY)
