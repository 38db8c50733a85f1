"""The LLM verifier's markup gate and refusal patterns.

Clinical terms, synonyms and the words a statement may use live in one place for the
verifier and the audit: the claim checker (apothecary.claims, claims/data/*.tsv).
"""

from __future__ import annotations

import re

from .. import nonanswer

NON_ANSWER = nonanswer.NON_ANSWER  # shared with the auditor

# Markup that must never reach a page from model text.
INJECTION = re.compile(
    r"(<\s*/?\s*[a-z!?][^>]*>|\]\s*\(|!\[|\bhttps?://|\bwww\.|\bjavascript:|\bdata:|"
    r"^\s{0,3}#{1,6}\s|^\s*(?:[-*+]|\d+[.)])\s|^\s*>|```|\{\{|\{%|^\s*---\s*$|\|\s*---)",
    re.IGNORECASE | re.MULTILINE,
)
