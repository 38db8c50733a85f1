"""The resolver's documented naming rules, loaded from TSV files in `names/data/`.

Each row is one reviewed rule (a name, what it means, and a note saying why), so the
rules can be read, diffed and checked against the knowledge base by a test.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from .normalize import norm_key

DATA_PACKAGE = "apothecary.names.data"

# File → rule kind. Each maps a written name to one or more target drug names.
NAME_RULE_FILES = {
    "variants.tsv": "variant",  # INN / BAN / USAN spellings of the same substance
    "synonyms.tsv": "synonym",  # common and vitamin names
    "misspellings.tsv": "misspelling",  # misspellings frequent in Indian lists
    "combinations.tsv": "combination",  # named combinations: co-trimoxazole → two drugs
}


@dataclass(frozen=True)
class NameRule:
    """`name` (a norm key) means the drugs named `targets` (norm keys)."""

    name: str
    targets: tuple[str, ...]
    kind: str
    note: str
    source: str  # "variants.tsv:12"


@dataclass(frozen=True)
class SpellingRule:
    """A systematic spelling change, tried only on unknown names (`sulph` → `sulf`)."""

    id: str
    pattern: re.Pattern[str]
    replacement: str
    note: str
    reverse: str = ""  # id of the rule undoing this one, or "one-way: why"
    example: str = ""  # a name the rule applies to (checked by a test)

    def apply(self, name: str) -> str:
        return self.pattern.sub(self.replacement, name)


@dataclass(frozen=True)
class LasaPair:
    """Two look-alike/sound-alike names that must never be merged."""

    a: str
    b: str
    note: str


def _rows(filename: str) -> list[tuple[int, list[str]]]:
    """(line number, tab-separated cells) of a data file, skipping blanks and `#` comments."""
    text = resources.files(DATA_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((number, [cell.strip() for cell in line.split("\t")]))
    return rows


@cache
def name_rules() -> dict[str, NameRule]:
    """Every name rule by its norm key. A name may have only one rule (a test checks)."""
    rules: dict[str, NameRule] = {}
    for filename, kind in NAME_RULE_FILES.items():
        for number, cells in _rows(filename):
            name, target = cells[0], cells[1]
            note = cells[2] if len(cells) > 2 else ""
            targets = tuple(norm_key(t) for t in target.split("+") if norm_key(t))
            key = norm_key(name)
            rules.setdefault(key, NameRule(key, targets, kind, note, f"{filename}:{number}"))
    return rules


def form_name(name: str, drug_name: str) -> bool:
    """Whether a reviewed name rule says `name` is a form of the drug named `drug_name` (a
    salt or prodrug the resolver maps to it: "divalproex" → valproic acid, a note "is a form
    of"), so its page is titled and found by that name and says so (issue 10, review 7)."""
    rule = name_rules().get(norm_key(name))
    return rule is not None and rule.targets == (norm_key(drug_name),) \
        and "is a form of" in rule.note


def duplicate_rule_names() -> list[str]:
    """Names that have more than one rule across the files (should be none)."""
    seen: dict[str, str] = {}
    dupes = []
    for filename in NAME_RULE_FILES:
        for number, cells in _rows(filename):
            key = norm_key(cells[0])
            if key in seen:
                dupes.append(f"{key} ({seen[key]} and {filename}:{number})")
            seen[key] = f"{filename}:{number}"
    return dupes


@cache
def ambiguous_names() -> dict[str, tuple[str, ...]]:
    """Family names that never resolve, with the members they could mean."""
    return {
        norm_key(cells[0]): tuple(m.strip() for m in cells[1].split("|") if m.strip())
        for _, cells in _rows("ambiguous.tsv")
    }


@cache
def spelling_rules() -> tuple[SpellingRule, ...]:
    return tuple(
        SpellingRule(cells[0], re.compile(cells[1]), cells[2], *(cells + ["", "", ""])[3:6])
        for _, cells in _rows("spelling.tsv")
    )


@cache
def qualifier_words() -> frozenset[str]:
    """Words that describe a form or grade, not the substance ("elemental", "micronised")."""
    return frozenset(norm_key(cells[0]) for _, cells in _rows("qualifiers.tsv"))


@cache
def extra_salt_words() -> frozenset[str]:
    """Salt words the resolver strips in addition to `names.salts.SALT_WORDS`."""
    return frozenset(norm_key(cells[0]) for _, cells in _rows("salt_words.tsv"))


@cache
def not_salt_words() -> frozenset[str]:
    """Salt-looking words that make another substance (quaternary derivatives): never stripped."""
    return frozenset(norm_key(cells[0]) for _, cells in _rows("not_salt_words.tsv"))


@cache
def lasa_pairs() -> tuple[LasaPair, ...]:
    return tuple(
        LasaPair(norm_key(c[0]), norm_key(c[1]), c[2] if len(c) > 2 else "")
        for _, c in _rows("lasa.tsv")
    )


@cache
def excipients() -> frozenset[str]:
    """Inactive ingredients a combination line may name: left out of its resolution."""
    return frozenset(excipient_partners())


@cache
def excipient_partners() -> dict[str, int]:
    """Inactive ingredient → how many other ingredients the line must name for it to be
    inactive there (1 for a preservative; sorbitol is a syrup's base beside several actives,
    and may be the laxative itself beside one)."""
    return {norm_key(cells[0]): int(cells[2]) if len(cells) > 2 and cells[2].isdigit() else 1
            for _, cells in _rows("excipients.tsv")}


def inactive_here(name: str, others: int, beside: Sequence[str] = ()) -> bool:
    """Whether an ingredient a line names beside `others` other ingredients (`beside`: their
    names) is inactive: never beside a medicine that makes it the active one (sorbitol in
    a micro-enema with sodium lauryl sulfoacetate, fc32d)."""
    need = excipient_partners().get(norm_key(name))
    if need is None or others < need:
        return False
    active_with = excipient_active_beside().get(norm_key(name), frozenset())
    return not any(norm_key(b) in active_with for b in beside)


@cache
def excipient_active_beside() -> dict[str, frozenset[str]]:
    """Inactive ingredient → the medicines beside which it is an active one itself
    (excipients.tsv fifth cell, `|`-separated)."""
    return {norm_key(cells[0]): frozenset(norm_key(n) for n in cells[4].split("|") if n)
            for _, cells in _rows("excipients.tsv") if len(cells) > 4 and cells[4]}


@cache
def excipient_roles() -> dict[str, str]:
    """Inactive ingredient → what it is in a product, in plain words ("a preservative", "a
    carrier … that helps the medicine dissolve"): the page says it once, so a reader who sees
    it on the pack knows why the page is about the other ingredients (round 32)."""
    return {norm_key(cells[0]): cells[1] for _, cells in _rows("excipients.tsv")
            if len(cells) > 1 and cells[1]}


@cache
def category_words() -> frozenset[str]:
    """Therapeutic-category words that make a line a heading, not a product."""
    return frozenset(norm_key(cells[0]) for _, cells in _rows("categories.tsv"))


def rules_digest(folder: Traversable | None = None) -> str:
    """A hash of every rule file: callers that cache resolutions key their cache on it."""
    folder = folder or resources.files(DATA_PACKAGE)
    digest = hashlib.sha256()
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".tsv")):
        digest.update(name.encode() + b"\0" + folder.joinpath(name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]
