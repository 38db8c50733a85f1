"""The reviewed tables about interaction partners (monographs/data/): which medicines are
everyday, rare or sold in India, which classes are usually prescribed together or warned of
first, and which effects oppose each other. Read by the interaction selection."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .model import Partner
from .rules import _codes, _partner_groups, _rows, key

WALL = 8  # members of one named group in one companion band that read as one entry


@lru_cache(maxsize=1)
def common_partner_rank() -> dict[str, int]:
    """Preferred name (or "atc:PREFIX") → its row in common_partners.txt (the file lists the
    medicines that matter most first: blood thinners, digoxin, antiplatelets, NSAIDs ...;
    class rows last)."""
    out = {}
    for n, (name, _) in enumerate(_rows("common_partners.txt", 2)):
        out["atc:" + name[4:].strip().upper() if name.startswith("atc:") else key(name)] = n
    return out


@lru_cache(maxsize=1)
def common_partners() -> frozenset[str]:
    """Preferred names of the medicines that lead a page's serious interactions
    (common_partners.txt; its "atc:" class rows: `everyday_rank`)."""
    return frozenset(k for k in common_partner_rank() if not k.startswith("atc:"))


def everyday_rank(name: str, atc: str = "") -> int | None:
    """The row of common_partners.txt a medicine falls under: its own name, else the first
    class one of its WHO ATC codes (space-separated) starts with; None: not everyday."""
    rank = common_partner_rank()
    if key(name) in rank:
        return rank[key(name)]
    return _class_rank(atc)


@lru_cache(maxsize=1 << 12)
def _class_rank(atc: str) -> int | None:
    """The first row of common_partners.txt whose class one of the codes falls in; cached
    (a pure function of the codes and the file, asked for every interaction partner)."""
    codes = _codes(atc)
    hits = [n for k, n in common_partner_rank().items() if k.startswith("atc:")
            and any(c.startswith(k[4:]) for c in codes)]
    return min(hits) if hits else None


@lru_cache(maxsize=1)
def reader_names() -> dict[str, str]:
    """Preferred name → the name a page shows for a medicine whose knowledge-base name no
    reader uses (a vaccine strain's antigen: reader_names.txt)."""
    return {key(name): shown for name, shown, _ in _rows("reader_names.txt", 3)}


@lru_cache(maxsize=1)
def rare_partners() -> frozenset[str]:
    """Preferred names of medicines an Indian outpatient rarely meets (hospital-only, or not
    sold in India): they come last among a page's interactions of the same level
    (rare_partners.txt)."""
    return frozenset(key(name) for name, _ in _rows("rare_partners.txt", 2))


@lru_cache(maxsize=1)
def india_market() -> frozenset[str]:
    """Preferred names of medicines sold in India that no CDSCO approval or reviewed leaflet
    use in the KB shows (india_market.txt): not ranked as rarely met partners."""
    return frozenset(key(name) for name, _ in _rows("india_market.txt", 2))


@lru_cache(maxsize=1)
def excipients() -> frozenset[str]:
    """Preferred names of tablet and capsule fillers: never shown as an interacting
    medicine (excipients.txt)."""
    return frozenset(key(name) for name, _ in _rows("excipients.txt", 2))


def _prefixes(cell: str, where: str) -> tuple[str, ...]:
    codes = tuple(c[4:].upper() for c in cell.split() if c.startswith("atc:"))
    if not codes:
        raise ValueError(f"{where}: no atc: prefix in {cell!r}")
    return codes


USUAL = "usual_pairs.txt"  # classes usually prescribed together
DANGER = "danger_pairs.txt"  # classes whose pairs a leaflet warns of first


@lru_cache(maxsize=4)
def class_pairs(name: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(ATC prefixes, ATC prefixes) of a file of class pairs ("atc:… | atc:… | why"):
    usual_pairs.txt, danger_pairs.txt."""
    return [(_prefixes(a, name), _prefixes(b, name)) for a, b, _ in _rows(name, 3)]


def class_pair(name: str, atc: str, other_atc: str) -> bool:
    """Whether two medicines (their WHO ATC codes) fall in the two classes of one row of a
    class-pair file, either way round."""
    mine_a, mine_b = _pair_sides(name, atc)
    theirs_a, theirs_b = _pair_sides(name, other_atc)
    return not (mine_a.isdisjoint(theirs_b) and mine_b.isdisjoint(theirs_a))


def usual_pair(atc: str, other_atc: str) -> bool:
    """Classes usually prescribed together (usual_pairs.txt)."""
    return class_pair(USUAL, atc, other_atc)


def danger_pair(atc: str, other_atc: str) -> bool:
    """Classes whose pairs a leaflet warns of first (danger_pairs.txt): an opioid with a
    benzodiazepine, warfarin with an NSAID."""
    return class_pair(DANGER, atc, other_atc)


@lru_cache(maxsize=1 << 13)
def _pair_sides(name: str, atc: str) -> tuple[frozenset[int], frozenset[int]]:
    """The rows of a class-pair file whose first and whose second classes one of the codes
    falls in; cached (a pure function of the codes and the file, asked for every pair of
    a medicine and an interaction partner)."""
    codes = _codes(atc)

    def is_in(prefixes: tuple[str, ...]) -> bool:
        return any(c.startswith(p) for c in codes for p in prefixes)
    rows = class_pairs(name)
    return (frozenset(n for n, (a, _) in enumerate(rows) if is_in(a)),
            frozenset(n for n, (_, b) in enumerate(rows) if is_in(b)))


@lru_cache(maxsize=1)
def _opposing() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(key(word), _prefixes(up, "opposing_effects.txt"),
             _prefixes(down, "opposing_effects.txt"))
            for word, up, down, _ in _rows("opposing_effects.txt", 4)]


def opposing_words(atcs: list[str]) -> frozenset[str]:
    """The blood values (their word: "potassium") that one ingredient of a combination
    raises and another lowers, from the ingredients' WHO ATC codes (opposing_effects.txt)."""
    def has(prefixes: tuple[str, ...]) -> set[int]:
        return {n for n, a in enumerate(atcs) for c in a.upper().split()
                if c.startswith(prefixes)}
    out = set()
    for word, up, down in _opposing():
        raise_, lower = has(up), has(down)
        if any(i != j for i in raise_ for j in lower):  # two ingredients, opposite ways
            out.add(word)
    return frozenset(out)


@lru_cache(maxsize=1)
def _wall_groups() -> dict[str, str]:
    return {prefix.upper(): words for prefix, words in _rows("wall_groups.txt", 2)}


def group_walls(members: list[Partner], atc: Callable[[str], str]
                ) -> tuple[list[tuple[str, list[Partner]]], list[Partner]]:
    """A companion band's medicines as WHO ATC groups of WALL or more (partner_groups.txt,
    the broadest group first), each in the band's order, and the rest: a class-level record
    expanded to 62 medicines for diabetes read as one entry, not as a wall of names with
    acetohexamide and tolrestat in it (review 39: somatropin)."""
    groups = {**_partner_groups(), **_wall_groups()}
    left = list(members)
    out: list[tuple[str, list[Partner]]] = []

    def within(prefix: str, p: Partner) -> bool:
        return any(c.startswith(prefix) for c in atc(p.other_id or "").upper().split())
    for prefix in sorted(groups, key=lambda p: (len(p), p)):
        inside = [p for p in left if within(prefix, p)]
        if len(inside) >= WALL:  # named by the narrowest group that holds them all
            name = max((q for q in groups if all(within(q, p) for p in inside)), key=len)
            out.append((groups[name], inside))
            left = [p for p in left if p not in inside]
    return out, left


INTENDED = "intended_pairs.txt"  # medicines given together on purpose


@lru_cache(maxsize=1)
def _intended() -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    return [(_prefixes(a, INTENDED), _prefixes(b, INTENDED),
             f"{text} (Source: {re.split(r' [(]|: ', source)[0]}.)")
            for a, b, text, source in _rows(INTENDED, 4)]


def intended_pair(atc: str, other_atc: str) -> str:
    """What a page says of a partner given with the medicine on purpose (intended_pairs.txt,
    either way round, by WHO ATC codes), with its source's title, else ""."""
    mine, theirs = _codes(atc), _codes(other_atc)

    def has(codes: tuple[str, ...], prefixes: tuple[str, ...]) -> bool:
        return any(c.startswith(prefixes) for c in codes)
    for a, b, text in _intended():
        if has(mine, a) and has(theirs, b) or has(mine, b) and has(theirs, a):
            return text
    return ""
