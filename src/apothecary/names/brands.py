"""Brand names from the site owner's own list (`build --brands FILE`).

Most people in India know a medicine by its brand ("a 650 of the usual one"), and no open,
licensed brand list exists, so sites bring theirs: a CSV with `brand` and `composition`
columns, the composition in any list format the resolver reads. A brand is attached to the
page of exactly its ingredient set; a brand whose composition does not resolve, or whose
name is given twice for different ingredient sets, is reported and attached to nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..errors import InputError
from ..models import Entry, Status
from .normalize import norm_key
from .parse import decode_list

MAX_BRAND = 120  # characters: longer cells are not brand names
_STRENGTH_TAIL = re.compile(
    r"(?:[\s-]+\d+(?:[.,]\d+)?\s*(?:mg|mcg|g|ml|iu|%)?(?:\s*/\s*\d+(?:[.,]\d+)?\s*(?:mg|mcg|g|ml)?)*)+$",
    re.IGNORECASE)


class ResolvesLines(Protocol):
    def resolve(self, line: int, text: str) -> Entry: ...


@dataclass(frozen=True)
class Brand:
    """One brand row that resolved: its name as written, the name without its strength
    ("Feverex 650" → "Feverex"), and the page key of its ingredient set."""

    name: str
    base: str
    key: str
    line: int


@dataclass
class BrandMatches:
    matched: list[Brand] = field(default_factory=list)
    unmatched: list[dict[str, object]] = field(default_factory=list)
    ambiguous: list[dict[str, object]] = field(default_factory=list)

    def by_key(self) -> dict[str, list[Brand]]:
        """Page key → its brands, in name order."""
        out: dict[str, list[Brand]] = defaultdict(list)
        for b in self.matched:
            out[b.key].append(b)
        return {k: sorted(v, key=lambda b: (b.name.casefold(), b.name)) for k, v in out.items()}

    def report(self) -> dict[str, object]:
        """The `brands` block of build-report.json (CONTRACT.md)."""
        return {"matched": len(self.matched), "unmatched": self.unmatched,
                "ambiguous": self.ambiguous}


def base_name(brand: str) -> str:
    """The brand without a trailing strength: "Feverex 650" and "Feverex-650 mg" → "Feverex"."""
    base = _STRENGTH_TAIL.sub("", brand).strip(" -")
    return base or brand


def read_brands(path: Path) -> list[tuple[int, str, str]]:
    """(row number, brand, composition) for every data row of the CSV (header row 1).

    The header must name the `brand` and `composition` columns (any order, any case); rows
    with an empty field are kept so the report can say what is wrong with them."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"brands file not found: {path}") from exc
    except OSError as exc:
        raise InputError(f"cannot read brands file {path}: {exc.strerror or exc}") from exc
    text, _ = decode_list(data)
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"brands file {path} is not a readable CSV: {exc}") from exc
    if not rows:
        raise InputError(f"brands file is empty: {path}")
    header = [h.strip().casefold() for h in rows[0]]
    if "brand" not in header or "composition" not in header:
        raise InputError(f"brands file {path} needs a header row with 'brand' and "
                         f"'composition' columns (found: {', '.join(rows[0]) or 'nothing'})")
    bi, ci = header.index("brand"), header.index("composition")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        brand = row[bi].strip() if bi < len(row) else ""
        comp = row[ci].strip() if ci < len(row) else ""
        out.append((n, brand, comp))
    return out


def match_brands(rows: list[tuple[int, str, str]], resolver: ResolvesLines) -> BrandMatches:
    """Resolve each brand's composition; a brand name given for two different ingredient
    sets is ambiguous and attached to neither."""
    result = BrandMatches()
    found: dict[str, list[Brand]] = defaultdict(list)
    for line, brand, comp in rows:
        if not brand or len(brand) > MAX_BRAND or not any(c.isalnum() for c in brand):
            result.unmatched.append({"line": line, "brand": brand[:MAX_BRAND],
                                     "reason": "no brand name"})
            continue
        if not comp:
            result.unmatched.append({"line": line, "brand": brand, "reason": "no composition"})
            continue
        entry = resolver.resolve(line, comp)
        if entry.status != Status.RESOLVED or not entry.key:
            result.unmatched.append({
                "line": line, "brand": brand, "composition": comp,
                "reason": entry.reason or "composition did not resolve",
                "suggestions": list(entry.suggestions)})
            continue
        found[norm_key(brand)].append(Brand(brand, base_name(brand), entry.key, line))
    for _, brands in sorted(found.items()):
        keys = sorted({b.key for b in brands})
        if len(keys) > 1:
            result.ambiguous.append({
                "brand": brands[0].name, "lines": [b.line for b in brands], "keys": keys,
                "reason": "the same brand name is given for different ingredient sets"})
            continue
        seen: set[str] = set()
        for b in brands:  # the same brand listed twice for one set: once
            if b.name not in seen:
                seen.add(b.name)
                result.matched.append(b)
    result.matched.sort(key=lambda b: b.line)
    return result
