"""Read generics lists and split one line into ingredients with per-ingredient strengths.

Real lists mix formats (`Paracetamol`, `A + B`, `A, B`,
`'Amoxycillin (125mg)', 'Clavulanic Acid (32.25mg)'`), so parsing is forgiving and
never raises: whatever a line holds comes back as ingredients the resolver can judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

# -- reading lists -------------------------------------------------------------


_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
]


def detect_encoding(data: bytes) -> str:
    """The list's encoding: a byte-order mark, else the pattern of zero bytes that UTF-16
    and UTF-32 leave in mostly-ASCII text (Windows tools save lists as UTF-16), else UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    n = len(sample) - len(sample) % 4
    if n >= 4 and sample.count(0) >= n // 4:
        quads = [sample[i:i + 4] for i in range(0, n, 4)]
        if all(q[1:] == b"\0\0\0" or q == b"\0\0\0\0" for q in quads[:64]):
            return "utf-32-le"
        if all(q[:3] == b"\0\0\0" for q in quads[:64]):
            return "utf-32-be"
        odd = sum(1 for b in sample[1:n:2] if b == 0)
        even = sum(1 for b in sample[0:n:2] if b == 0)
        if odd > even * 4 and odd >= n // 8:
            return "utf-16-le"
        if even > odd * 4 and even >= n // 8:
            return "utf-16-be"
    return "utf-8"


def decode_list(data: bytes) -> tuple[str, str]:
    """(text, encoding name): never raises; undecodable bytes become U+FFFD."""
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    if data.startswith(b"\xff\xfe\x00\x00") and encoding.startswith("utf-32"):
        # also the UTF-16-LE mark followed by U+0000: keep the reading that loses nothing
        wide = data.decode("utf-16-le", errors="replace")
        if (not text.lstrip("\ufeff") and wide.lstrip("\ufeff")) or (
                "\ufffd" in text and "\ufffd" not in wide):
            encoding, text = "utf-16-le", wide
    if encoding.startswith(("utf-16", "utf-32")):
        text = text.lstrip("\ufeff")
    return text, encoding.replace("-sig", "")


def read_list(path: Path) -> list[tuple[int, str]]:
    """(1-based line number, text) for every entry line of a generics list."""
    return read_list_encoded(path)[0]


def read_list_encoded(path: Path) -> tuple[list[tuple[int, str]], str]:
    """`read_list` and the encoding it used (UTF-8, or UTF-16/32 by BOM or zero bytes).

    Blank lines and `#` comments are skipped. Bytes that do not decode become U+FFFD
    instead of failing the whole file, so no line is lost; the resolver reports them.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a generics list")
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"file not found: {path}") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text, encoding = decode_list(data)
    return split_lines(text), encoding


def split_lines(text: str) -> list[tuple[int, str]]:
    """Entry lines of an already-decoded list (only `\\n` ends a line, as editors count)."""
    items: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        items.append((number, line))
    return items


# -- strengths -----------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:[.,]\d+)?|[.,]\d+)"
_UNIT_WORDS = {
    "mg": "mg", "mgs": "mg", "milligram": "mg", "milligrams": "mg",
    "mcg": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg", "microgram": "mcg", "micrograms": "mcg",
    "g": "g", "gm": "g", "gms": "g", "gram": "g", "grams": "g", "kg": "kg",
    "ml": "ml", "mls": "ml", "l": "l", "ltr": "l", "litre": "l", "liter": "l",
    "iu": "IU", "i.u.": "IU", "i.u": "IU", "au": "AU", "u": "units", "unit": "units",
    "units": "units", "mmol": "mmol", "meq": "mEq", "cfu": "CFU", "pfu": "PFU",
    "%": "%", "million": "million", "billion": "billion", "lakh": "lakh", "crore": "crore",
}
_EXTRA_WORDS = {"spore": "spores", "spores": "spores", "cfu": "CFU", "unit": "units",
                "units": "units"}
# Longest first so "mcg" wins over "mg", "gms" over "g", "i.u." over "iu".
_UNIT = "|".join(sorted((re.escape(u) for u in _UNIT_WORDS), key=len, reverse=True))
_STRENGTH_BODY = (
    rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})(?![a-z])"
    r"(?:\s+(?P<extra>spores?|cfu|units?)(?![a-z]))?"
    r"(?:\s*(?P<basis>[wv]\s*/\s*[wv])(?![a-z]))?"
    rf"(?:\s*(?:/|per\s)\s*(?P<pnum>{_NUM})?\s*(?P<punit>{_UNIT})(?![a-z]))?"
)
STRENGTH_RE = re.compile(_STRENGTH_BODY, re.IGNORECASE)
_ANON = re.sub(r"\(\?P<\w+>", "(?:", _STRENGTH_BODY)
_FULL_STRENGTH = re.compile(rf"\s*{_ANON}(?:\s*(?:\+|,|and)\s*{_ANON})*\s*", re.IGNORECASE)
_TRAILING_STRENGTH = re.compile(rf"(?:^|\s){_ANON}\s*$", re.IGNORECASE)


def _clean_number(num: str) -> str:
    """`1.50` → `1.5`, `2.0` → `2`, `0,5` → `0.5`, `.5` → `0.5`."""
    num = num.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", num) else num
    num = num.replace(",", ".")
    if num.startswith("."):
        num = "0" + num
    if "." in num:
        num = num.rstrip("0").rstrip(".")
    return num or "0"


def _unit(word: str) -> str:
    return _UNIT_WORDS.get(word.lower(), word.lower())


def normalize_strength(text: str) -> str | None:
    """A canonical spelling of a strength (`125mg` → `125 mg`, `500mg/5ml` → `500 mg/5 ml`,
    `0.10 % w/w` → `0.1% w/w`), or None when `text` is not a strength."""
    if not text or not _FULL_STRENGTH.fullmatch(text):
        return None
    parts: list[str] = []
    for m in STRENGTH_RE.finditer(text):
        unit = _unit(m["unit"])
        part = _clean_number(m["num"]) + ("" if unit == "%" else " ") + unit
        if m["extra"]:
            part += " " + _EXTRA_WORDS[m["extra"].lower()]
        if m["basis"]:
            part += " " + re.sub(r"\s+", "", m["basis"].lower())
        if m["punit"]:
            per = _clean_number(m["pnum"]) + " " if m["pnum"] else ""
            part += f"/{per}{_unit(m['punit'])}"
        parts.append(part)
    return " + ".join(parts) or None


# -- lines ---------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'", "´": "'"})
_QUOTED_SPLIT = re.compile(r"""['"]\s*[,;+&]\s*['"]""")
_TOP_SEPARATORS = re.compile(r"\s*(?:\+|,|;|&|\s+with\s+)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedIngredient:
    """One ingredient as written: its name, names in brackets, and normalised strength."""

    text: str  # as written, trimmed: "Amoxycillin (125mg)"
    name: str  # without brackets and strength: "Amoxycillin"
    aliases: tuple[str, ...] = ()  # other bracketed text: ("Iodochlorhydroxyquin",)
    strength: str | None = None  # "125 mg"
    damaged: bool = False  # unbalanced brackets or quotes inside the ingredient


@dataclass(frozen=True)
class ParsedLine:
    text: str
    ingredients: tuple[ParsedIngredient, ...] = field(default_factory=tuple)
    quoted: bool = False


def _split_top_level(text: str) -> list[str]:
    """Split on `+ , ; &` outside brackets (a strength like `(1,000 IU)` stays whole)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _TOP_SEPARATORS.match(text, i)
            if m and m.end() > i and (ch in "+,;&" or m.group(0).strip()):
                if ch == "," and _is_number_comma(text, i):
                    i += 1
                    continue
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return parts


def _is_number_comma(text: str, i: int) -> bool:
    """A comma between digits is part of a number or a chemical locant ("1,000 IU",
    "2,4-dichlorobenzyl alcohol"), never an ingredient separator."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _brackets(text: str) -> tuple[str, list[str], bool]:
    """Text outside top-level brackets, the bracketed contents, and whether they balance."""
    outside: list[str] = []
    groups: list[str] = []
    depth = 0
    current: list[str] = []
    damaged = False
    for ch in text:
        if ch in "([":
            if depth > 0:
                current.append(ch)
            depth += 1
        elif ch in ")]":
            if depth == 0:
                damaged = True
                continue
            depth -= 1
            if depth == 0:
                groups.append("".join(current).strip())
                current = []
                outside.append(" ")
            else:
                current.append(ch)
        elif depth > 0:
            current.append(ch)
        else:
            outside.append(ch)
    if depth > 0:
        damaged = True
        outside.append(" " + "".join(current))
    return "".join(outside), groups, damaged


def parse_ingredient(text: str) -> ParsedIngredient:
    """`Clioquinol (Iodochlorhydroxyquin) (1% w/w)` → name, aliases and strength."""
    text = " ".join(text.split())
    outside, groups, damaged = _brackets(text)
    strengths: list[str] = []
    aliases: list[str] = []
    for group in groups:
        norm = normalize_strength(group)
        if norm is not None:
            strengths.append(norm)
        elif group:
            aliases.append(group)
    name = " ".join(outside.split())
    m = _TRAILING_STRENGTH.search(name)
    if m and m.start() > 0:
        norm = normalize_strength(m.group(0).strip())
        if norm is not None:
            strengths.insert(0, norm)
            name = name[: m.start()].strip()
    if name.count('"') % 2 or name.count("'") > 1:
        damaged = damaged or name.strip("'\"") != name
    name = name.strip(" '\"\t:;.")
    return ParsedIngredient(
        text=text.strip(" '\""),
        name=name,
        aliases=tuple(aliases),
        strength=" + ".join(strengths) if strengths else None,
        damaged=damaged,
    )


def parse_line(text: str) -> ParsedLine:
    """Split one list line into ingredients; never raises, whatever the text."""
    line = text.translate(_QUOTES).strip()
    quoted = line[:1] in ("'", '"')
    if quoted:
        body = line[1:]
        if body[-1:] in ("'", '"'):
            body = body[:-1]
        pieces = _QUOTED_SPLIT.split(body)
    else:
        pieces = _split_top_level(line)
    ingredients = tuple(
        parse_ingredient(piece) for piece in pieces if piece.strip(" '\"\t,;+&")
    )
    return ParsedLine(text=text, ingredients=ingredients, quoted=quoted)
