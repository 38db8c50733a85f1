"""The seed site's slug rule, made safe for any input (accents folded, never empty)."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def slugify(text: str, fallback: str = "page") -> str:
    """Non-alphanumerics to `-`, runs collapsed, lower case, trimmed.

    Accents are folded first ("Métformine" → "metformine") so a slug is always plain
    ASCII and safe as a path segment; a name with no letters or digits gets `fallback`.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_ALNUM.sub("-", ascii_only.lower()).strip("-")
    return slug or fallback


def first_char_dir(slug: str) -> str:
    """The one-character folder a page lives in (`a/amoxicillin`), as in the seed site."""
    return slug[0] if slug else "_"
