"""Spelling rules shared by the knowledge-base builder and the resolver."""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=1 << 17)
def norm_key(text: str) -> str:
    """The lookup key for a name: accents stripped, case folded, punctuation to single spaces.
    Cached: a build asks for the same few thousand names' keys ~170,000 times.

    "Métformine" → "metformine", "Co-Trimoxazole" → "co trimoxazole".
    Both the knowledge base's `names.norm` column and the resolver use this, so it must stay stable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_only.casefold()).strip()


_READER_WORD = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})*|[^\W\d_]+\d+")
# words that make a synonym another product of the same molecule, not another name for it:
# "insulin lispro protamine" is the slow half of a premix, never "the same as" rapid-acting
# lispro (reviews 10 and 12); liposomal and pegylated forms are dosed differently
_OTHER_PRODUCT = re.compile(r"\b(?:protamine|isophane|biphasic|premix(?:ed)?|liposom(?:e|al)|"
                            r"pegylated|peginterferon|depot)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def reader_name(name: str) -> bool:
    """A name readers use (INN/US/BAN spellings, Latin forms, brand-like synonyms, "APAP"),
    not a chemical systematic name: only words of two or more letters, so no locants
    ("4'-hydroxyacetanilide"), no one-letter prefixes ("p-acetylaminophenol",
    "N-acetyl-..."), no brackets or commas; never a name of another product of the same
    molecule ("insulin lispro protamine"). Other names still reach search and the JSON API."""
    words = name.split()
    return (0 < len(words) <= 4 and all(_READER_WORD.fullmatch(w) for w in words)
            and not _OTHER_PRODUCT.search(name))
