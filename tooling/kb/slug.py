"""Slugs for entry file names: lowercase ASCII words joined by `-`."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG_LENGTH = 60
# Letters NFKD does not decompose into ASCII, written the way people transliterate them.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "ı": "i",
        "\u2044": "-",  # the fraction slash NFKD leaves in "½" -> "1⁄2"
        "\u2019": "'",  # a typographic apostrophe is dropped inside words like "'"
    }
)


def slugify(title: str) -> str:
    """`Ünïcödé gotcha` -> `unicode-gotcha`; titles with no Latin letters get a hash.

    The fallback (`entry-1a2b3c4d`) is stable for a title, so it stays predictable.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", title)
        .translate(_SPECIAL)
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    # "PyYAML's parser" -> "pyyamls-parser", not "pyyaml-s-parser".
    ascii_text = re.sub(r"(?<=[a-z0-9])'(?=[a-z])", "", ascii_text)
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LENGTH:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:MAX_SLUG_LENGTH]
    if not re.search(r"[a-z]", slug):
        digest = hashlib.sha1(title.strip().encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-entry-{digest}" if slug else f"entry-{digest}"
    return slug
