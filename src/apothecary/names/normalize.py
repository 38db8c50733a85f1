"""Spelling rules shared by the knowledge-base builder and the resolver."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm_key(text: str) -> str:
    """The lookup key for a name: accents stripped, case folded, punctuation to single spaces.

    "Métformine" → "metformine", "Co-Trimoxazole" → "co trimoxazole".
    Both the knowledge base's `names.norm` column and the resolver use this, so it must stay stable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_only.casefold()).strip()
