"""Sentence helpers shared by every stage: splitting (the LLM verifier and the auditor judge
the same units) and plain-English lists (names, monographs and writers join alike)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def join_and(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c' — plain English lists."""
    return _join(list(items), "and")


def join_or(items: Iterable[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return _join(list(items), "or")


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
