"""Text normalisation and the one tokeniser of the claim checker.

Everything the checker compares (sentences, fact texts, vocabulary rows) goes through
`tokens`, so spelling variants (diarrhoea/diarrhea), plurals and simple verb endings meet.
Before that, `normalize` finds what a reader cannot see: invisible characters (soft hyphen,
zero-width, bidi controls) and letters from another script inside a Latin word (Cyrillic
"с" in "сures"), which would let a word past a word list while rendering as another word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_WORD = re.compile(r"[0-9a-z]+(?:[.,][0-9]+)*")
_LETTERS = re.compile(r"\w+", re.UNICODE)
_CONTRACTIONS = (("can't", "cannot"), ("won't", "will not"), ("shan't", "shall not"),
                 ("n't", " not"), ("'s", ""), ("\u2019s", ""))

# Latin look-alikes from other scripts, folded for the audit (the verifier rejects them).
CONFUSABLES = str.maketrans({
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H",
    "І": "I", "К": "K", "М": "M", "О": "O", "Р": "P", "Т": "T", "Х": "X", "У": "Y",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "Α": "A", "Β": "B",
    "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Χ": "X", "Υ": "Y", "Ζ": "Z",
})


@dataclass
class Normalized:
    """Text after NFKC, with what was wrong in it (empty: safe to publish as far as letters go)."""

    text: str
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def _invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp") and ch not in "\t\n\r"


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def normalize(text: str, fold: bool = False) -> Normalized:
    """NFKC; invisible characters and mixed-script words are problems.

    With `fold`, they are also removed or mapped to Latin (the audit reads other people's
    pages and still wants their words); without it the text is returned as NFKC only and the
    caller must not publish it when there are problems.
    """
    out = unicodedata.normalize("NFKC", text)
    if out.isascii() and (out.isprintable() or not any(_invisible(c) for c in out)):
        return Normalized(out)  # nothing hidden, nothing from another script
    problems: list[str] = []
    hidden = sorted({f"U+{ord(c):04X}" for c in out if _invisible(c)})
    if hidden:
        problems.append("invisible character " + ", ".join(hidden))
        if fold:
            out = "".join(c for c in out if not _invisible(c))
    mixed: list[str] = []
    for m in _LETTERS.finditer(out):
        word = m.group(0)
        scripts = {_script(c) for c in word if c.isalpha()}
        if "LATIN" in scripts and len(scripts) > 1 or scripts - {"LATIN"} and (
            word.translate(CONFUSABLES) != word
        ):
            mixed.append(word)
    if mixed:
        problems.append("letters from another script in " + ", ".join(sorted(set(mixed))))
        if fold:
            out = out.translate(CONFUSABLES)
    return Normalized(out, problems)


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    """Crude but symmetric: plurals, -ing and -ed, a final e; "oe"/"ae" spellings folded."""
    if token[0].isdigit():
        return token
    token = token.replace("ae", "e").replace("oe", "e")
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if len(token) >= 6 and token.endswith("ing"):
        token = token[:-3]
    elif len(token) >= 6 and token.endswith("ed"):
        token = token[:-2]
    if len(token) >= 4 and token.endswith("e"):
        token = token[:-1]
    return token


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Case-folded, accent-free, stemmed words and numbers: the unit of every comparison."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for a, b in _CONTRACTIONS:
        text = text.replace(a, b)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(_stem(w) for w in _WORD.findall(ascii_only))
