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


# --- HTML (issue #14, round 11) --------------------------------------------------------------
# The templates stay readable; the build publishes each HTML file through `html`, which drops
# only what the HTML parser ignores or implies: quotes around attribute values that need none,
# line breaks beside block-level tags (white space there never renders) and the tags the HTML
# standard lets a document leave out (`</li>` before the next item or the list's end, `</p>`
# before a block or its parent's end, `<head>`, `<body>` and the end tags of both). Every page
# parses to the same elements, attributes and text a reader sees. Text is never touched but
# for MarkupSafe's `&#39;`, which becomes the `'` it stands for (no escape is needed in text
# or in a double-quoted value): our HTML escapes every `"` and `<` in text (Jinja and
# MarkupSafe), so `="` and `<` outside a tag cannot occur, and scripts (the JSON-LD,
# `search.js`'s tag) keep their bodies byte for byte.
_SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>)", re.S)
# an attribute value with none of space, quotes, `=`, `<`, `>` or backtick (the HTML
# standard's unquoted form), followed by space or the tag's end (never `/>`)
_QUOTED = re.compile(r"""="([^\s"'=<>`]+)"(?=[\s>])""")
_BLOCK = re.compile(r"</?(?:html|head|body|title|meta|link|header|main|article|section|nav|"
                    r"footer|ul|ol|li|p|h[1-6]|div|form|dl|dt|dd|table|thead|tbody|tr|td|th|"
                    r"figure|aside|details|summary)(?:\s[^<>]*)?>|<!doctype html>", re.I)
_LI_END = re.compile(r"</li>\s*(?=<li[\s>]|</[ou]l>)")
# `</p>` may be left out before these start tags, and at its parent's end unless the parent
# is `a`, `audio`, `del`, `ins`, `map`, `noscript` or `video` (only ours are listed)
_P_END = re.compile(
    r"</p>\s*(?=(?:<(?:address|article|aside|blockquote|details|div|dl|fieldset|figcaption|"
    r"figure|footer|form|h[1-6]|header|hgroup|hr|main|menu|nav|ol|p|pre|section|table|ul)"
    r"[\s>]|</(?:section|article|div|li|header|footer|main|form|nav|aside|blockquote|dd|td|"
    r"th|details|figure|body)>))")


def _block_end(line: str) -> bool:
    """Whether the line ends with a block-level tag (white space after it never renders)."""
    return line.endswith(">") and _BLOCK.fullmatch(line, line.rfind("<")) is not None


def _block_start(line: str) -> bool:
    return line.startswith("<") and _BLOCK.match(line) is not None


def _lines(text: str) -> str:
    """Line breaks (and a line's indentation) beside a block-level tag dropped; any other
    stays (text keeps its spaces: two words on two lines are still two words)."""
    lines = text.split("\n")
    out = [lines[0]]
    after_block = _block_end(lines[0])
    for line in lines[1:]:
        bare = line.lstrip(" \t")
        if after_block or _block_start(bare):
            line = bare
        else:
            out.append("\n")
        out.append(line)
        if line:
            after_block = _block_end(line)
    return "".join(out)


# `<head>`, `</head>`, `<body>`, `</body>` and `</html>` as the standard lets them go: the
# parser opens and closes both elements where they were (no comment or white space follows
# them once the line breaks are gone, and the body does not start with a head element)
_IMPLIED = re.compile(r"<head>(?=<(?!!--))|</head>(?=<(?!!--))|"
                      r"<body>(?=<(?!!--|(?:meta|noscript|link|script|style|template)[\s>]))|"
                      r"</body></html>(?=\n?\Z)")


def _tags(text: str) -> str:
    # an apostrophe needs no escape in text or in a double-quoted value (and a value holding
    # one keeps its quotes)
    text = _QUOTED.sub(r"=\1", text.replace("&#39;", "'"))
    return _LI_END.sub("", _P_END.sub("", text))


def html(text: str) -> str:
    """The published form of one of our HTML files (see above); idempotent."""
    if "<script" not in text:
        return _IMPLIED.sub("", _lines(_tags(text)))
    parts = _SCRIPT.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _tags(parts[i])
    if any("\0" in p for p in parts):  # never ours: leave its lines as they are
        return "".join(parts)
    for i in range(1, len(parts), 2):  # a script's own tag loses its quotes, never its body
        head, _, rest = parts[i].partition(">")
        parts[i] = _QUOTED.sub(r"=\1", head + " ")[:-1] + ">" + rest.replace("\n", "\0")
    return _IMPLIED.sub("", _lines("".join(parts))).replace("\0", "\n")
