"""The seed site's slug rule, made safe for any input (accents folded, never empty)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
MAX_SLUG = 120  # bytes: far inside any file system's 255-byte name limit, with ".json" etc.


def slugify(text: str, fallback: str = "page") -> str:
    """Non-alphanumerics to `-`, runs collapsed, lower case, trimmed.

    Accents are folded first ("Métformine" → "metformine") so a slug is always plain
    ASCII and safe as a path segment; a name with no letters or digits gets `fallback`.
    """
    slug = _seed_slug(text)
    return shorten(slug) if slug else fallback


def _seed_slug(text: str) -> str:
    """The seed site's rule alone: accents folded, non-alphanumerics to `-`, trimmed."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("-", ascii_only.lower()).strip("-")


def shorten(slug: str, limit: int = MAX_SLUG) -> str:
    """A slug longer than `limit` cut at a word and ended with a hash of the whole slug, so
    it stays stable across builds and distinct from every other long slug (a 23-ingredient
    multivitamin once failed the whole build with "File name too long")."""
    if len(slug) <= limit:
        return slug
    digest = hashlib.blake2b(slug.encode("ascii"), digest_size=4).hexdigest()
    head = slug[: limit - len(digest) - 1]
    if "-" in head[limit // 2:]:
        head = head[: head.rindex("-")]
    return f"{head.rstrip('-')}-{digest}"


def first_char_dir(slug: str) -> str:
    """The one-character folder a page lives in (`a/amoxicillin`), as in the seed site."""
    return slug[0] if slug else "_"


def slug_was_shortened(text: str) -> bool:
    """Whether `slugify(text)` had to cut the slug (the build report says so)."""
    return len(_seed_slug(text)) > MAX_SLUG
