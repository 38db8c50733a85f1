"""Spot lines that are not product names at all: markup, paths, URLs, instructions, headings.

Such lines come back `invalid` with a reason instead of being looked up, so hostile text
never reaches a page, a prompt or a file path.
"""

from __future__ import annotations

import re
import unicodedata

from .normalize import norm_key
from .rules import category_words

MAX_LINE = 600  # the longest real combination lines are ~250 characters
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

_MARKUP = re.compile(
    r"<\s*/?\s*[a-z!?][^>]*>?|&(?:lt|gt|amp|quot|#x?[0-9a-f]+);|\{\{|\{%|\$\{|"
    r"\bjavascript\s*:|\bon(?:error|load|click)\s*=",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?|ftp|file|data)\s*:\s*/*|\bwww\.[a-z0-9]", re.IGNORECASE)
_PATH = re.compile(
    r"(?:^|[\s'\"])(?:\.{1,2}[/\\]|/(?:etc|usr|var|home|tmp|root|bin|dev|proc)\b|~[/\\]|"
    r"[a-z]:\\)|\.\.[/\\]|\\\\",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,60}\b(?:instructions?|prompts?|rules|"
    r"above|previous|earlier|guidelines)\b|\bsystem\s+prompt\b|\byou\s+are\s+(?:now\s+)?"
    r"(?:a|an|the|my)\b|\bas\s+an\s+ai\b|\b(?:chatgpt|assistant|jailbreak)\b|"
    r"\b(?:write|tell|say|print|reveal|output|respond)\b.{0,40}\b(?:me|story|poem|secret|"
    r"password|key|instead|anything)\b",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"\b(?:drop|delete|truncate|alter)\s+table\b|\bunion\s+select\b|\bselect\b.+\bfrom\b|"
    r"\b(?:rm\s+-rf|eval\s*\(|exec\s*\(|import\s+os|__import__)",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
_ADJECTIVE_END = re.compile(r"(?:ics?|als?|ants?|ives?|ory|ories|ers)$")


def invalid_reason(text: str) -> str | None:
    """Why `text` cannot be a product name, or None when it might be one."""
    if len(text) > MAX_LINE:
        return f"line too long ({len(text)} characters) to be a product name"
    if any(unicodedata.category(c) == "Cc" and c != "\t" for c in text):
        return "control characters in the line"
    if any(c in _BIDI for c in text):
        return "text-direction control characters (can disguise a name)"
    if not _LETTER.search(text):
        return "no name: only numbers or punctuation"
    if _MARKUP.search(text):
        return "markup or template code, not a product name"
    if _URL.search(text):
        return "a web address, not a product name"
    if _PATH.search(text):
        return "a file path, not a product name"
    if _INSTRUCTION.search(text):
        return "instructions or prose, not a product name"
    if _CODE.search(text):
        return "program code, not a product name"
    if len(norm_key(text).split()) > 40:
        return "prose, not a product name"
    return None


def category_reason(text: str) -> str | None:
    """Why an unresolved line looks like a list heading (`ANTI-PSORIATIC`), or None."""
    if any(c.isdigit() for c in text):
        return None
    words = norm_key(text).split()
    if not words:
        return None
    heading = f"a category heading, not a product: '{text.strip()}'"
    if text.rstrip().endswith(":"):
        return heading
    if all(w in category_words() for w in words):
        return heading
    # "ANTI-PSORIATIC", "Anti Infectives": a short anti-… adjective, never a substance
    if _ADJECTIVE_END.search(words[-1]) and (
        (words[0] == "anti" and 2 <= len(words) <= 3)
        or (len(words) == 1 and words[0].startswith("anti") and len(words[0]) > 6)
    ):
        return heading
    return None
