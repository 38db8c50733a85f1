"""Interactions at each pair's own level, most important first.

A fact with scope `class` reached this pair only through a group of medicines: its level is
the group's, not the pair's, so it is never worded "should not be taken together". A group
rated contraindicated or serious ("class-serious": ANSM rates every vitamin K antagonist with
miconazole) still ranks with the serious pairs and is worded "do not take them together unless
your doctor agrees"; a milder group is "may interact; ask your pharmacist". Facts with scope
`pair` (or none: sources that only list pairs) keep their level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..models import SEVERITY_ORDER, Fact, FactKind, severity_rank
from .gut_binding import ALSO, NEVER, bare, binds_in_gut, gut_caution, says_by_mouth
from .leaflets import effect as leaflet_effect
from .model import Partner
from .partner_rules import (
    danger_pair,
    everyday_rank,
    excipients,
    intended_pair,
    rare_partners,
    usual_pair,
)
from .rules import key, partner_group, reviewed_record

MAIN_PARTNERS = 5  # medicines on the main page
FALLBACK_PARTNERS = 3  # when only group-level ones remain
SHARED_LINE = 5  # medicines named on one main-page line that share what happens
DANGER_EXTRA = 2  # lines past MAIN_PARTNERS for everyday danger-pair partners left out
# worded by what happens (contraindicated and major too, then their level's words)
EFFECT_LEVELS = ("contraindicated", "major", "class-serious", "moderate", "class", "minor")
MAIN_LEVELS = ("contraindicated", "major", "class-serious", "conditional", "moderate")
LEVEL_ORDER = ("contraindicated", "major", "class-serious", "conditional", "moderate", "class",
               "minor", "caution", "listed")
SERIOUS = ("contraindicated", "major")
# what happens says to keep the doses apart (calcium, iron, antacids with a quinolone,
# levothyroxine …): advice a reader can act on, so such lines rank with the everyday serious
# ones, up to SPACING_SLOTS of them (review 9: "rank these first")
SPACED = re.compile(r"\b(?:at different times|hours? apart|apart from|take them apart|"
                    r"hours? (?:before|after))\b", re.IGNORECASE)
# a spacing that gives the hours (a label's "2 hours before or 6 hours after"): advice a
# reader can follow without asking how far apart (review 10)
HOURS = re.compile(r"\b(?:\d+|one|two|three|four|six) hours?\b|\bhalf an hour\b", re.IGNORECASE)
SPACING_SLOTS = 2
# what happens, said as a possibility only ("may, in theory, ..."): betahistine's line took a
# main slot on 26 antihistamine pages (scan16)
HEDGED = re.compile(r"\bin theory\b|\btheoretical(?:ly)?\b", re.IGNORECASE)
# a pair whose harm is mostly met in hospital, where the doctor watches for it: the companion
# page, unless the partner is an everyday medicine (flucloxacillin with paracetamol's
# metabolic acidosis, "mostly in people who are very ill", was a main line on 28 paracetamol
# combination pages, k22a)
IN_HOSPITAL = re.compile(r"\bmostly in people who are (?:very|seriously|critically) ill\b",
                         re.IGNORECASE)


def spacing(p: Partner) -> bool:
    return p.level in ("moderate", "class") and bool(SPACED.search(p.effect))


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
    return min((own_level(f) for f in pair), key=level_rank), pair


def own_level(fact: Fact) -> str:
    """A pair fact's level: its source's, unless its ANSM record is reviewed (a record
    whose level holds only when one medicine is given into a vein: calcium with digoxin)."""
    row = reviewed_record(fact.locator or "")
    if row:
        return row[0]
    worst = severity_rank(fact.severity)
    return SEVERITY_ORDER[worst] if worst < len(SEVERITY_ORDER) else "listed"


def reviewed_effect(facts: Iterable[Fact]) -> str:
    """What happens, from the reviewed row of a pair fact's ANSM record (ansm_records.txt)."""
    for f in facts:
        row = reviewed_record(f.locator or "")
        if row and row[1]:
            return row[1]
    return ""


def _unnamed(effect: str, name: str) -> str:
    """What happens, with the partner's own name put aside: the same sentence for each of
    several partners that a leaflet row words one by one."""
    if len(name) < 4:
        return effect
    return re.sub(re.escape(name), "\0", effect, flags=re.IGNORECASE)


def _them(effect: str, name: str) -> str:
    """A sentence naming one partner, said of several: "them" in its name's place, unless
    the name leads the sentence (its verb would not agree)."""
    at = effect.casefold().find(name.casefold())
    if at <= 0 or _NOT_THEM.search(effect[:at]):
        # (nor where "them" would be a clause's subject or an example: "…, them can cause
        # serotonin syndrome", "antidepressants such as them", k27a)
        return effect
    return effect[:at] + "them" + effect[at + len(name):]


# (nor after "and so can", where the name is the subject: "… and so can them", k28b)
_NOT_THEM = re.compile(r"(?:[,;:(]|\bsuch as|\blike|\bincluding|\bor|\band|"
                       r"\bso (?:can|do|does|is|are|may|will|could))\s*$", re.IGNORECASE)


def _no_atc(_: str) -> str:
    return ""


def _sold(_: str) -> bool:
    return True


def _unknown(_: str) -> str:
    return ""


def _off_the_gut(by_other: dict[str, list[Fact]], taken: str, taken_of: Callable[[str], str],
                 atc_of: Callable[[str], str]) -> set[str]:
    """Leaves out the pairs of binding in the gut (gut_binding.py) where this medicine or the
    partner is never swallowed; gives the partners whose every explained fact is one, on a
    medicine also injected ("when taken by mouth"). A pair a list gives bare (ONC: no
    mechanism) goes with such a pair of the same partner, or of a partner of the same WHO ATC
    chemical group (calcium acetate beside calcium carbonate, A12AA)."""
    by_mouth: set[str] = set()
    gone: set[str] = set()
    for other in list(by_other):
        fs = by_other[other]
        gut = [f for f in fs if binds_in_gut(f)]
        # a sentence about taking one of them by mouth, where neither is ever swallowed
        # (exenatide's "take antibiotics by mouth before your injection": not amikacin; on
        # amoxicillin's page it stays, whichever of the two it says is swallowed)
        oral = [f for f in fs if f not in gut and says_by_mouth(f)] if taken == NEVER else []
        if not gut and not (oral and taken_of(other) == NEVER):
            continue
        if taken_of(other) == NEVER:
            gut += oral
        rest = [f for f in fs if f not in gut and not bare(f)]
        if NEVER in (taken, taken_of(other)):
            gone.add(other)
            if rest:
                by_other[other] = rest
            else:
                del by_other[other]
        elif taken == ALSO and not rest:
            by_mouth.add(other)

    def groups(ids: Iterable[str]) -> set[str]:
        return {c[:5] for o in ids for c in atc_of(o).upper().split() if len(c) >= 5}
    gone_groups, mouth_groups = groups(gone), groups(by_mouth)
    for other in [o for o, fs in by_other.items() if all(bare(f) for f in fs)]:
        mine = groups([other])
        if mine & gone_groups and NEVER in (taken, taken_of(other)):
            del by_other[other]
        elif mine & mouth_groups:
            by_mouth.add(other)
    return by_mouth


def select_partners(
    facts: Iterable[Fact],
    exclude: set[str],
    name_of: Callable[[str | None, str], str],
    commonness: Callable[[str], int],
    atc: str = "",
    atc_of: Callable[[str], str] = _no_atc,
    quiet: frozenset[str] = frozenset(),
    specialist: bool = False,
    marketed: Callable[[str], bool] = _sold,
    taken: str = "",
    taken_of: Callable[[str], str] = _unknown,
) -> list[Partner]:
    """Cautions (alcohol, food) first, then medicines by level, common medicines before rare
    ones; the first few serious ones are marked `main`. `exclude`: the page's own
    ingredients (never a danger to someone taking the combination); `atc`, `atc_of`: the
    medicine's and a partner's WHO ATC codes (everyday classes, usual co-prescriptions);
    `quiet`: words (a blood value a combination's ingredients push opposite ways) whose
    one-sided effect sentences stay off the main page; `specialist`: the medicine is itself
    one rarely met outside a specialist's care (rare_partners.txt); `marketed`: whether the KB
    shows a partner on the Indian market (a CDSCO approval, a reviewed leaflet use,
    india_market.txt): one it does not, and not an everyday medicine, ranks with the rare ones.

    The main page (review 7) never shows a minor pair (ONC's non-interruptive list, ANSM's
    lowest level) nor a filler (excipients.txt); a medicine usually prescribed with this one
    (usual_pairs.txt) only when a source rates that very pair contraindicated or major; rare
    specialist medicines (rare_partners.txt) come after the everyday ones, whatever their
    level."""
    by_other: dict[str, list[Fact]] = {}
    cautions: dict[str, list[Fact]] = {}
    fillers = excipients()
    for f in facts:
        if taken == NEVER and gut_caution(f):
            continue  # (food or milk taken up less: a drip never meets them in the gut)
        if f.kind == FactKind.CAUTION or (f.kind == FactKind.INTERACTION and not f.other_id):
            cautions.setdefault(f.value.strip().casefold(), []).append(f)
        elif (f.kind == FactKind.INTERACTION and f.other_id and f.other_id not in exclude
              and key(f.value) not in fillers):
            by_other.setdefault(f.other_id, []).append(f)
    by_mouth = _off_the_gut(by_other, taken, taken_of, atc_of)
    out: list[Partner] = []
    for what, fs in sorted(cautions.items()):
        worst = min(fs, key=lambda f: severity_rank(f.severity)).severity or "listed"
        texts = []
        # a reviewed leaflet's sentence says what to do; ANSM's bare "Avoid alcohol while
        # taking this medicine." beside it said it twice (inter7: metronidazole)
        reviewed = [f for f in fs if f.source_id == "leaflets" and f.plain.strip()]
        for f in reviewed or fs:
            t = f.plain.strip()
            if t and t not in texts:
                texts.append(t)
        out.append(Partner(
            name=what[:1].upper() + what[1:], other_id=None, level=worst,
            fact_ids=[f.id for f in fs], sources=sorted({f.source_id for f in fs}),
            text=" ".join(t if t.endswith(".") else t + "." for t in texts), main=True))
    meds = []
    explained: set[str] = set()  # pairs a reviewed leaflet row explains (what happens, what to do)
    graded: dict[str, int] = {}  # a group level's own source grade (moderate before minor)
    for other, fs in by_other.items():
        level, cited = pair_level(fs)
        graded[other] = min(severity_rank(f.severity) for f in cited)
        # what happens: a reviewed leaflet sentence for this very pair, even when it reached
        # the pair through a group and another source's pair level is the one shown (round 4:
        # a phenelzine page said only "sertraline … usually not taken together", the SSRI
        # labels' sentence sat on the group-level side)
        said = leaflet_effect(cited) or leaflet_effect(fs)
        extra = [f for f in fs if f not in cited and leaflet_effect([f]) == said] if said else []
        grouped = [f for f in fs if (f.scope or "pair") == "class"]
        if level in ("minor", "listed") and said and grouped and cited is not grouped:
            # a reviewed leaflet sentence for this very pair, which a group record rates
            # higher than a pair list does, speaks at the group's level: rosuvastatin's
            # "can make warfarin work more strongly" led a line of acenocoumarol while
            # warfarin itself sat under "Minor interaction" (review 27)
            group_level, _ = pair_level(grouped)
            if level_rank(group_level) < level_rank(level):
                level = group_level
        marked = [f for f in fs if said and f.source_id == "leaflets"
                  and f.severity in ("contraindicated", "major") and f.plain.strip() == said]
        if marked and level_rank(worst := min((f.severity or "" for f in marked),
                                              key=level_rank)) < level_rank(level):
            # the sentence shown is a label's contraindication ("do not take them together")
            # that reached this side through a group: the pair speaks at its level, not at a
            # pair list's lower one (review 31: tranylcypromine's tricyclics line said "do not
            # take them together" then "are usually not taken together")
            level, cited = worst, cited + [f for f in marked if f not in cited]
        if level == "minor" and said and SPACED.search(said):
            # a reviewed row that says how far apart to take the doses outranks a "minor"
            # rating of the pair (round 4: ONC's non-interruptive list kept levothyroxine,
            # "at least 4 hours" apart, off every calcium carbonate page)
            level = "moderate"
        effect = reviewed_effect(cited) or said or class_effect(cited)
        if not effect:
            # a pair list's bare level (ONC's "major") borrows what happens from a group
            # record of the same pair, cited beside it: "Escitalopram and Sulpiride are
            # usually not taken together" gave no reason while ANSM's torsades record says
            # why (review 29)
            borrowed = next(((f, e) for f in fs
                             if f not in cited and (e := class_effect([f]))), None)
            if borrowed is not None:
                effect = borrowed[1]
                extra.append(borrowed[0])
        meds.append(Partner(
            name=name_of(other, fs[0].plain), other_id=other, level=level,
            fact_ids=[f.id for f in cited + extra],
            sources=sorted({f.source_id for f in cited + extra}), effect=effect,
            by_mouth=other in by_mouth,
            intended=intended_pair(atc, atc_of(other)) if atc else ""))
        if said:  # (also when a reviewed ANSM record's sentence is the one shown: k25b)
            explained.add(other)
    rare = rare_partners()
    everyday: dict[str, int] = {}
    usual: set[str] = set()
    for o, fs in by_other.items():
        theirs = atc_of(o)
        n = everyday_rank(fs[0].value, theirs)
        if n is not None:
            everyday[o] = n
        if atc and theirs and usual_pair(atc, theirs):
            usual.add(o)
    unusual = {o for o, fs in by_other.items() if key(fs[0].value) in rare}
    # a medicine the KB does not show on the Indian market (no CDSCO approval, no reviewed
    # leaflet use, not in india_market.txt nor an everyday class): after the sold ones of its
    # level, never joining a sold one's line, and a serious pair no reviewed row explains
    # comes after the everyday ones: "Dasabuvir" first on the pill, "Theodrenaline" beside
    # pseudoephedrine on oxymetazoline's line (review 37)
    unsold = {o for o in by_other if o not in everyday and o not in unusual and not marketed(o)}
    danger = {o for o in by_other if atc and danger_pair(atc, atc_of(o))}

    def familiar(p: Partner) -> tuple[int, int]:
        if p.other_id in everyday:
            return 0, everyday[p.other_id or ""]
        return (3 if p.other_id in unusual else 2 if p.other_id in unsold else 1), 0

    meds.sort(key=lambda p: (level_rank(p.level), familiar(p), graded[p.other_id or ""],
                             -commonness(p.other_id or ""), p.name.casefold(),
                             p.other_id or ""))

    # the main page, in lines (not medicines): contraindicated pairs, everyday medicines at a
    # serious or moderate level, other serious ones, everyday medicines at a group level,
    # and last the serious ones an outpatient rarely meets; never a minor pair or a usual
    # co-prescription
    def tier(p: Partner) -> int | None:
        o = p.other_id or ""
        if p.intended:  # given with it on purpose: its own companion line, never a risk
            return None
        if o in danger and o in explained and p.level in ("minor", "listed") \
                and o not in usual:
            # a pair the leaflets warn of first (danger_pairs.txt) that a reviewed row explains
            # keeps a main-page place whatever low level another source gives it: heparin's
            # and dalteparin's aspirin and clopidogrel sat on the companion page behind
            # bromelain and turmeric (k24c)
            return 1
        if p.level in ("minor", "caution", "listed") or (o in usual and p.level not in SERIOUS):
            return None
        if quiet and any(w in f"{p.effect} {p.name}".casefold() for w in quiet):
            return None
        if o in danger:  # with the everyday serious ones, after the contraindicated
            return 0 if p.level == "contraindicated" else 1
        if IN_HOSPITAL.search(p.effect) and p.level not in SERIOUS and o not in everyday:
            return None  # (flucloxacillin's own page keeps paracetamol, an everyday one)
        if HEDGED.search(p.effect) and p.level not in SERIOUS:
            # "may, in theory, make betahistine work less well": the companion page (it came
            # after the others, yet still led a cold tablet's antihistamine line while its
            # dextromethorphan's SSRIs were companion-only, review 30)
            return None
        if o in unusual and not (specialist and o in explained and p.level in SERIOUS):
            # (on a specialist medicine's own page, a serious pair a reviewed row explains
            # keeps its place: ibutilide with amiodarone or sotalol, inter7)
            # the rare ones only when serious (review 32: "lixisenatide" filled the last
            # main line of paracetamol's pages)
            return 4 if p.level in (*SERIOUS, "class-serious") else None
        if o in unsold and o not in explained and p.level in SERIOUS:
            return 4  # (with the rare serious ones: a bare "should not be taken together")
        if p.level == "contraindicated":
            return 0
        if spacing(p) or (p.level in SERIOUS and o in explained):
            return 1  # (a serious pair a reviewed row explains: ibutilide with amiodarone)
        if p.level in MAIN_LEVELS:
            return 1 if o in everyday else 2
        if o in explained:  # a group level a reviewed leaflet row explains (warfarin with
            return 1 if o in everyday else 2  # levofloxacin): before rare and unexplained ones
        return 3 if o in everyday else 5  # a group level: 5 only when nothing else

    # within a tier, a danger pair first; then a pair a reviewed leaflet row explains (what
    # happens, what to do) before one that only has a level (review 10: topiramate and the
    # pill), and a spacing that gives the hours before one that does not
    ranked = sorted(((r, n, p) for n, p in enumerate(meds) if (r := tier(p)) is not None),
                    key=lambda r: (r[0], r[2].other_id not in danger,
                                   r[2].other_id not in explained,
                                   spacing(r[2]) and not HOURS.search(r[2].effect), r[1]))
    if any(r < 5 for r, _, _ in ranked):
        ranked = [r for r in ranked if r[0] < 5]
    # a slot per reason: partners that share what happens (five NSAIDs with warfarin) share
    # one line, so the other slots show other reasons (miconazole, aspirin)
    slots: dict[tuple[str, str], list[Partner]] = {}
    alias: dict[tuple[str, str], tuple[str, str]] = {}  # a sentence, its partner put aside
    room = MAIN_PARTNERS if ranked and ranked[0][0] < 5 else FALLBACK_PARTNERS
    spaced = 0
    for _, _, p in ranked:
        shared = p.effect and p.level in EFFECT_LEVELS
        # a sentence that names its partner is the same for another partner that it names in
        # its place ("can stop anastrozole / letrozole / exemestane working": three lines on
        # an estradiol page, scan17)
        why = (p.level, p.effect) if shared else (p.level, f"\0{p.other_id}")
        if spacing(p):  # one line for calcium, whether a pair or a group record gives it
            why = ("spacing", p.effect)
        elif shared and why not in slots and _them(p.effect, p.name) != p.effect:
            why = alias.setdefault((p.level, _unnamed(p.effect, p.name)), why)
        if why in slots and len(slots[why]) < SHARED_LINE:
            # a medicine rarely met (not sold in India) never joins an everyday one's line:
            # "Acenocoumarol, Dicoumarol, Diphenadione, Ethyl Biscoumacetate" (review 27)
            if p.other_id in unusual and slots[why][0].other_id not in unusual:
                continue
            if p.other_id in unsold and slots[why][0].other_id not in unusual | unsold \
                    and partner_group([atc_of(q.other_id or "") for q in (*slots[why], p)]) \
                    is None:
                # (nor one not sold in India: "Ephedrine, Theodrenaline", review 37), unless
                # the line is one group, read by its name ("MAOI antidepressants (such as
                # Phenelzine or Tranylcypromine)", partner_groups.txt)
                continue
            slots[why].append(p)
        elif why not in slots and len(slots) < room:
            if spacing(p):
                if spaced >= SPACING_SLOTS:
                    continue
                spaced += 1
            slots[why] = [p]
    # an everyday medicine the leaflets warn of first (danger_pairs.txt) that the full slots
    # left out gets a line of its own, up to DANGER_EXTRA more: rifampicin's contraindicated
    # partners filled the page and warfarin sat in a bare "May interact" list (review 32, k25b)
    placed = {q.other_id for members in slots.values() for q in members}
    past = 0
    for _, _, p in ranked:
        if past >= DANGER_EXTRA:
            break
        if p.other_id in danger and p.other_id in everyday and p.other_id not in placed \
                and not spacing(p):
            slots[(p.level, f"\0{p.other_id}")] = [p]
            placed.add(p.other_id)
            past += 1
    # a shared line speaks at its first member's level and in its words (the page words one
    # line once); a sentence naming its partner, shared by partners it names in its place,
    # says "them" instead (scan17: "Anastrozole, Letrozole, Exemestane: … can stop them
    # working as well")
    chosen = []
    for members in slots.values():
        first = members[0]
        effect = first.effect
        if len({m.effect for m in members}) > 1:
            effect = _them(first.effect, first.name)
        chosen += [p if (p.level, p.effect) == (first.level, effect) else p.model_copy(
            update={"level": first.level, "effect": effect}) for p in members]
    ids = {p.other_id for p in chosen}  # the main ones in their order, then the rest
    out += [p.model_copy(update={"main": True}) for p in chosen]
    return out + [p for p in meds if p.other_id not in ids]
