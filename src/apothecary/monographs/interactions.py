"""Interactions at each pair's own level, most important first.

A fact with scope `class` reached this pair only through a group of medicines: its level is
the group's, not the pair's, so it is never worded "should not be taken together". A group
rated contraindicated or serious ("class-serious": ANSM rates every vitamin K antagonist with
miconazole) still ranks with the serious pairs and is worded "do not take them together unless
your doctor agrees"; a milder group is "may interact; ask your pharmacist". Facts with scope
`pair` (or none: sources that only list pairs) keep their level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..models import SEVERITY_ORDER, Fact, FactKind, severity_rank
from .leaflets import effect as leaflet_effect
from .model import Partner
from .rules import common_partner_rank, common_partners, key, rare_partners, reviewed_record

MAIN_PARTNERS = 5  # medicines on the main page
MAIN_LEVELS = ("contraindicated", "major", "class-serious", "conditional", "moderate")
LEVEL_ORDER = ("contraindicated", "major", "class-serious", "conditional", "moderate", "class",
               "minor", "caution", "listed")
SERIOUS = ("contraindicated", "major")


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def class_level(fact: Fact) -> str:
    """The level a fact that reached the pair through a group shows: "class-serious" or
    "class" by the group's level, unless its ANSM record is reviewed (a family record)."""
    row = reviewed_record(fact.locator or "")
    if row:
        return row[0]
    return "class-serious" if (fact.severity or "") in SERIOUS else "class"


def class_effect(facts: Iterable[Fact]) -> str:
    """What happens, for a pair that only group records give: the reviewed sentence of its
    record, else the checker's plain sentence for the record (checker_effects.tsv)."""
    from ..render.checker import record_effect, record_effects  # lazy: render imports us
    for f in facts:
        if (f.scope or "pair") == "pair":
            continue
        row = reviewed_record(f.locator or "")
        if row and row[1]:
            return row[1]
        n = record_effect(f.locator or "")
        if n is not None:
            return record_effects()[0][n]
    return ""


def pair_level(facts: list[Fact]) -> tuple[str, list[Fact]]:
    """The pair's level and the facts that give it: the worst pair-level fact, else a
    conditional one ("conditional" when serious, else its own level), else "class-serious"
    or "class" by the worst group level."""
    pair = [f for f in facts if (f.scope or "pair") not in ("class", "condition")]
    conditional = [f for f in facts if f.scope == "condition"]
    if not pair and conditional:
        worst = min(severity_rank(f.severity) for f in conditional)
        level = SEVERITY_ORDER[worst] if worst < len(SEVERITY_ORDER) else "listed"
        return ("conditional" if level in SERIOUS else level), conditional
    if not pair:  # a record's level, or the level its reviewed row shows (ansm_records.txt)
        return min((class_level(f) for f in facts), key=level_rank), facts
    worst = min(severity_rank(f.severity) for f in pair)
    level = SEVERITY_ORDER[worst] if worst < len(SEVERITY_ORDER) else "listed"
    return level, pair


def select_partners(
    facts: Iterable[Fact],
    exclude: set[str],
    name_of: Callable[[str | None, str], str],
    commonness: Callable[[str], int],
) -> list[Partner]:
    """Cautions (alcohol, food) first, then medicines by level, common medicines before rare
    ones; the first few serious ones are marked `main`. `exclude`: the page's own
    ingredients (never a danger to someone taking the combination)."""
    by_other: dict[str, list[Fact]] = {}
    cautions: dict[str, list[Fact]] = {}
    for f in facts:
        if f.kind == FactKind.CAUTION or (f.kind == FactKind.INTERACTION and not f.other_id):
            cautions.setdefault(f.value.strip().casefold(), []).append(f)
        elif f.kind == FactKind.INTERACTION and f.other_id and f.other_id not in exclude:
            by_other.setdefault(f.other_id, []).append(f)
    out: list[Partner] = []
    for what, fs in sorted(cautions.items()):
        worst = min(fs, key=lambda f: severity_rank(f.severity)).severity or "listed"
        texts = []
        for f in fs:
            t = f.plain.strip()
            if t and t not in texts:
                texts.append(t)
        out.append(Partner(
            name=what[:1].upper() + what[1:], other_id=None, level=worst,
            fact_ids=[f.id for f in fs], sources=sorted({f.source_id for f in fs}),
            text=" ".join(t if t.endswith(".") else t + "." for t in texts), main=True))
    meds = []
    for other, fs in by_other.items():
        level, cited = pair_level(fs)
        meds.append(Partner(
            name=name_of(other, fs[0].plain), other_id=other, level=level,
            fact_ids=[f.id for f in cited], sources=sorted({f.source_id for f in cited}),
            effect=class_effect(cited) or leaflet_effect(cited)))
    common = common_partners()
    order = common_partner_rank()
    rare = rare_partners()
    everyday = {o: order[key(fs[0].value)] for o, fs in by_other.items()
                if key(fs[0].value) in common}
    unusual = {o for o, fs in by_other.items() if key(fs[0].value) in rare}

    def familiar(p: Partner) -> tuple[int, int]:
        if p.other_id in everyday:
            return 0, everyday[p.other_id or ""]
        return (2 if p.other_id in unusual else 1), 0

    meds.sort(key=lambda p: (level_rank(p.level), familiar(p), -commonness(p.other_id or ""),
                             p.name.casefold(), p.other_id or ""))
    # the main page (module docstring): contraindicated pairs, everyday medicines at a
    # serious or moderate level, other serious ones, everyday medicines at a milder level,
    # and last the serious ones an outpatient rarely meets
    def tier(p: Partner) -> int | None:
        serious = p.level in MAIN_LEVELS
        if p.level == "contraindicated":
            return 0
        if serious and p.other_id in everyday:
            return 1
        if serious and p.other_id not in unusual:
            return 2
        if p.other_id in everyday and p.level in ("class", "minor"):
            return 3
        return 4 if serious else None

    ranked = [(tier(p), n, p) for n, p in enumerate(meds) if tier(p) is not None]
    serious = [p for _, _, p in sorted(ranked, key=lambda t: (t[0], t[1]))][:MAIN_PARTNERS]
    chosen = {p.other_id for p in (serious or meds[:3])}
    out += [p.model_copy(update={"main": True}) if p.other_id in chosen else p for p in meds]
    return out
