"""Blank out the code in Markdown text, keeping every other character where it was.

Links inside code are not links, so the links check looks at text whose fenced
blocks and code spans are spaces (same line and column numbers for the rest). The
rules are those of the regexes this replaced, `^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\\1
[`~]*[ \\t]*$|\\Z)` for blocks and `` (`+)(?:(?!\\1).)+?\\1 `` for spans, kept exactly
(a test compares both on generated text), but found with str.find: those regexes
tried every character of every body, a third of the links check at 10,000 entries.
"""

from __future__ import annotations


def blank_code(text: str) -> str:
    """`text` with fenced code blocks, then code spans, replaced by spaces."""
    if "```" in text or "~~~" in text:
        text = blank_fences(text)
    if "`" in text:
        text = blank_spans(text)
    return text


def blanked(code: str) -> str:
    """Code as spaces, as wide as it was, line by line (join takes a list faster
    than a generator: 9,000 blocks at 10,000 entries)."""
    return "\n".join([" " * len(line) for line in code.split("\n")])


def blank_fences(text: str) -> str:
    """Fenced code blocks blanked; a block never closed runs to the end of the text."""
    parts: list[str] = []
    done = 0
    while (opening := _fence_at_line_start(text, done)) is not None:
        start, fence_end = opening
        end = _closing_line_end(text, text[start:fence_end].lstrip(" "), fence_end)
        parts += [text[done:start], blanked(text[start:end])]
        done = end
    parts.append(text[done:])
    return "".join(parts)


def blank_spans(text: str) -> str:
    """Code spans blanked: a run of backticks, at least one character, the same run."""
    parts: list[str] = []
    done = 0
    start = text.find("`")
    while start != -1:
        end = _span_end(text, start)
        if end is None:
            start = text.find("`", start + 1)
            continue
        parts += [text[done:start], blanked(text[start:end])]
        done = end
        start = text.find("`", end)
    parts.append(text[done:])
    return "".join(parts)


def _span_end(text: str, start: int) -> int | None:
    """Where a span opened at `start` ends, trying its whole run of backticks first,
    then shorter ones, as the regex backtracks; None when no length closes."""
    run = _run_end(text, start, "`") - start
    for length in range(run, 0, -1):
        closing = text.find("`" * length, start + length)
        if closing > start + length:  # at least one character in between
            return closing + length
    return None


def _fence_at_line_start(text: str, position: int) -> tuple[int, int] | None:
    """(line start, end of the fence run) of the first opening fence at or after
    `position`: at most three spaces, then three or more backticks or tildes."""
    search = position
    while True:
        backticks, tildes = text.find("```", search), text.find("~~~", search)
        if backticks == -1 or (tildes != -1 and tildes < backticks):
            backticks = tildes  # the first of the two, whichever exists
        if backticks == -1:
            return None
        fence = backticks
        line_start = text.rfind("\n", 0, fence) + 1
        if line_start >= position and _indent_ok(text, line_start, fence):
            return line_start, _run_end(text, fence, text[fence])
        search = fence + 1


def _closing_line_end(text: str, fence: str, position: int) -> int:
    """The end of the line that closes `fence` after `position`, or the text's end."""
    search = position
    while (found := text.find(fence, search)) != -1:
        line_start = text.rfind("\n", 0, found) + 1
        line_end = text.find("\n", found)
        line_end = len(text) if line_end == -1 else line_end
        rest = text[found + len(fence) : line_end]
        # On a later line (the opening line never closes), indented at most three
        # spaces, and followed by nothing but more fence characters and blanks.
        if (
            line_start > position
            and _indent_ok(text, line_start, found)
            and not rest.lstrip("`~").strip(" \t")
        ):
            return line_end
        search = found + 1
    return len(text)


def _indent_ok(text: str, line_start: int, at: int) -> bool:
    return at - line_start <= 3 and text[line_start:at] == " " * (at - line_start)


def _run_end(text: str, start: int, char: str) -> int:
    end = start
    while end < len(text) and text[end] == char:
        end += 1
    return end
