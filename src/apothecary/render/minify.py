"""Small, conservative minifiers for the site's own CSS and JS (issue 6 page budget).

The sources under render/static/ stay readable; the build serves these copies. Both only
handle what our own files contain: the CSS has no strings holding `/*`, `{` or `;`, and
JS loses only whole-line comments and indentation, so no statement or string can change.
"""

from __future__ import annotations

import re

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s+")
_CSS_PUNCT = re.compile(r"\s*([{};,])\s*")
_CSS_COLON = re.compile(r":\s+")


def css(text: str) -> str:
    """Comments out, whitespace collapsed and dropped around `{ } ; ,` and after `:`.

    Spaces *before* a colon stay (`.a :focus` is a descendant selector), as do spaces
    inside values such as `calc(100% - 2rem)`.
    """
    text = _CSS_COMMENT.sub("", text)
    text = _CSS_SPACE.sub(" ", text)
    text = _CSS_PUNCT.sub(r"\1", text)
    text = _CSS_COLON.sub(":", text)
    return text.replace(";}", "}").strip() + "\n"


def js(text: str) -> str:
    """Whole-line comments, blank lines and indentation removed; every other line kept.

    Lines stay lines, so automatic semicolon insertion sees the same code. A `/*` comment
    is dropped only when it starts a line and its `*/` ends one; anything else is kept.
    """
    out: list[str] = []
    in_comment = False
    for line in text.splitlines():
        s = line.strip()
        if in_comment:
            if "*/" in s:
                if not s.endswith("*/") or s.count("*/") > 1:
                    return text  # a comment closing mid-line: not ours to judge, serve as is
                in_comment = False
            continue
        if not s or s.startswith("//"):
            continue
        if s.startswith("/*"):
            end = s.find("*/", 2)
            if end == -1:
                in_comment = True
                continue
            if end == len(s) - 2:
                continue
        out.append(s)
    if in_comment:
        return text
    return "\n".join(out) + "\n"
