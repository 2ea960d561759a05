"""Heading anchors exactly as the site renders them, without importing markdown.

MkDocs uses Python-Markdown's `toc` extension with its default `slugify`: the heading's
rendered text, tags stripped, entities unescaped, NFKD-folded to ASCII, everything but
word characters, spaces and `-` dropped, lowercased, runs of spaces and `-` joined by
`-`; a repeated slug gets `_1`, `_2`. Python-Markdown needs no space after `#`.
"""

from __future__ import annotations

import html
import re
import unicodedata

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(#{1,6})(.*?)#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]*)>")
_STRONG_EM = re.compile(
    r"(?<!\w)(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)|(?<!\w)([*_])(?=\S)(.+?)(?<=\S)\3(?!\w)"
)
_TAG = re.compile(r"<!--.*?-->|</?[a-zA-Z][^<>]*>", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>])")
_HTML_ID = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")


_NOT_WORD = re.compile(r"[^\w\s-]")
_DASHES_AND_SPACES = re.compile(r"[-\s]+")


def slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown's `markdown.extensions.toc.slugify` (unicode=False)."""
    if not value.isascii():  # NFKD folding changes nothing in ASCII text
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = _NOT_WORD.sub("", value).strip().lower()
    if separator != "-":
        return re.sub(rf"[{separator}\s]+", separator, value)
    return _DASHES_AND_SPACES.sub(separator, value)


_PLAIN = re.compile(r"[^`\\*_\[\]!<>&]*")


def heading_text(markdown: str) -> str:
    """The plain text a heading's inline Markdown renders to, as `toc` sees it."""
    if _PLAIN.fullmatch(markdown):
        return " ".join(markdown.split())  # no markup: the common case, kept cheap
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match.group(2).strip())
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(keep, markdown)
    text = _ESCAPE.sub(lambda m: f"\x01{ord(m.group(1))}\x01", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _STRONG_EM.sub(lambda m: m.group(2) or m.group(4), text)
    text = _TAG.sub("", text)
    text = re.sub(r"\x01(\d+)\x01", lambda m: chr(int(m.group(1))), text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return html.unescape(" ".join(text.split()))


def headings(markdown: str) -> list[str]:
    """The raw text of every heading (ATX and setext) outside code blocks, in order."""
    found: list[str] = []
    fence: str | None = None
    previous_blank = True
    previous: str | None = None  # the first line of the current paragraph, if only one
    # Only "\n" ends a line for Python-Markdown; str.splitlines() also splits on
    # characters such as \x1e and \u2028, which would invent headings.
    for line in markdown.replace("\r\n", "\n").split("\n"):
        match = _FENCE.match(line) if line.lstrip(" ")[:1] in ("`", "~") else None
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            previous_blank, previous = False, None
            continue
        if match:
            fence, previous_blank, previous = match.group(1), False, None
            continue
        if line.startswith("    ") and previous_blank:
            continue  # an indented code block
        atx = _ATX.match(line) if line[:1] == "#" else None
        if atx:
            found.append(atx.group(2).strip())
            previous_blank, previous = False, None
        elif previous is not None and line[:1] in ("=", "-") and _SETEXT.match(line):
            found.append(previous.strip())
            previous_blank, previous = False, None
        elif not line.strip():
            previous_blank, previous = True, None
        else:
            previous = line if previous_blank else None
            previous_blank = False
    return found


def anchors(markdown: str, title: str | None = None) -> set[str]:
    """Every `#fragment` a page offers: heading slugs (made unique) and HTML ids.

    `title` is a heading the site renders above the body (an entry's title).
    """
    used: set[str] = set()
    texts = ([title] if title else []) + [heading_text(h) for h in headings(markdown)]
    for text in texts:
        used.add(unique(slugify(text), used))
    used.update(_HTML_ID.findall(markdown))
    return used


def unique(slug: str, used: set[str]) -> str:
    """`slug`, or `slug_1`, `slug_2`... when taken (empty slugs become `_1`, like toc)."""
    if slug and slug not in used:
        return slug
    count = 1
    while f"{slug}_{count}" in used:
        count += 1
    return f"{slug}_{count}"
