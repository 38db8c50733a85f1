"""Sentence splitting shared by the LLM verifier and the auditor, so both judge the same units."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
