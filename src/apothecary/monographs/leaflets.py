"""Reviewed leaflet facts (knowledge/leaflets.py) on a page: only where the open datasets are
empty or thin, always after them, with the public leaflet named.

- Side effects: a medicine's leaflet side effects are used only when the other sources give it
  fewer than THIN_EFFECTS side effects; they form their own short list, labelled with the
  leaflet's publisher, never mixed into a label's frequency bands. Except (round 3, review
  10: topiramate's generic "itching, bloated stomach" without its tingling) a medicine's own
  reviewed "common" rows (named in the file, not a WHO ATC group's): they always lead its
  "Common" list, labelled with their publisher, and the datasets' terms follow under "Also …
  on drug labels" up to the cap, without the ones the leaflet already says
  (side_effects.select_effects).
- How it works: a leaflet how_it_works sentence (one per medicine: knowledge/leaflets.py)
  follows the kind of medicine ("Atorvastatin is a statin. It lowers …"): how_it_works.py.
- Pregnancy: only when no other source speaks about pregnancy for it.
- "Little is known": said in the side-effects section (instead of "no data"), on the same
  terms as the leaflet's side effects.
- Warnings: only when no US label warning is there. How to take it: always (the first
  screen's "How to take it" line when no key message gives one).
- Why it may be taken (a medicine that lowers the nutrient: metformin, vitamin B12): always,
  as a note, never as an interaction.
- Interactions: the build already leaves a pair another source gives to that source; here a
  leaflet pair stays (it adds a partner, it cannot bury one ranked above it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Fact, FactKind
from .model import EffectGroup, Item, SafetyItem

LEAFLETS = "leaflets"
THIN_EFFECTS = 3  # fewer side effects than this from the open datasets: leaflets fill in
_LOCATOR = re.compile(
    r"\[(?P<kind>[a-z_]+)(?P<own>:own)?\]; (?P<source>.+?): (?P<url>https?://\S+)$")
BAND_LABEL = {"common": "Common", "reported": "Reported (how often is not given)",
              "little_known": "What is known"}
SAFETY_LABEL = {"how_to_take": "How to take it", "warning": "Good to know",
                "pregnancy": "Pregnancy", "lowered_by": "Why it may be taken"}
# leaflet notes shown whatever a label says: a medicine that lowers this nutrient is why it
# is taken (no label of the nutrient speaks about that); how to take it (round 13: a label's
# warnings never say "take it with food", and the first screen's "How to take it" line reads
# the leaflet's when no key message gives one)
ALWAYS = ("lowered_by", "how_to_take")


def is_leaflet(fact: Fact) -> bool:
    return fact.source_id == LEAFLETS


def leaflet_kind(fact: Fact) -> str:
    """The leaflet row's own kind (how_to_take, warning, …) kept in the locator."""
    m = _LOCATOR.search(fact.locator or "")
    return m.group("kind") if m else ""


def own_row(fact: Fact) -> bool:
    """A leaflet row naming the medicine itself (not its WHO ATC group)."""
    m = _LOCATOR.search(fact.locator or "")
    return bool(is_leaflet(fact) and m and m.group("own"))


def _own_side_effect(fact: Fact, band: str) -> bool:
    """A side-effect row of the medicine's own (not its group's) in `band`."""
    return (fact.kind == FactKind.SIDE_EFFECT and fact.frequency == band
            and leaflet_kind(fact) == "side_effect" and own_row(fact))


def leads(fact: Fact) -> bool:
    """A medicine's own reviewed common side effect: leads its list whatever the datasets
    give (module docstring)."""
    return _own_side_effect(fact, "common")


def says_little(fact: Fact) -> bool:
    """A medicine's own reviewed note on what is known of its side effects ("Side effects
    are rare when paracetamol is taken at the right dose", NHS): it, not the datasets'
    trial terms, is the main page's list (review 37: "Common (Paracetamol): feeling sick,
    dizziness" from the drip's trials on a tablet's main page)."""
    return fact.kind == FactKind.SIDE_EFFECT and fact.frequency == "little_known" \
        and own_row(fact) and bool(_FEW_EFFECTS.search(fact.plain))


# a note that the medicine is known for few or no side effects (not one on its benefits)
_FEW_EFFECTS = re.compile(r"side effects are rare|few side effects|no known side effects|"
                          r"not (?:been )?(?:shown|known) to cause harm|no usual side effects",
                          re.IGNORECASE)


def urgent(fact: Fact) -> bool:
    """A reviewed urgent-help sign: kept whatever the datasets give, and leads their serious
    list (sildenafil's sudden loss of sight or hearing, cards6-a). A WHO ATC group's too
    (round 13: an antipsychotic's stiff muscles with a high fever, a cephalosporin's bloody
    diarrhoea), after the medicine's own: SIDER's "severe allergic reaction" led every page."""
    return (fact.kind == FactKind.SIDE_EFFECT and fact.frequency == "serious"
            and leaflet_kind(fact) == "side_effect" and is_leaflet(fact))


def cited(fact: Fact) -> str:
    """"NHS, Ferrous sulfate: https://…": the public source as key_messages.txt writes it."""
    m = _LOCATOR.search(fact.locator or "")
    return f"{m.group('source')}: {m.group('url')}" if m else ""


def publisher(fact: Fact) -> str:
    """The leaflet's publisher alone ("NHS"), for a short label."""
    m = _LOCATOR.search(fact.locator or "")
    if not m:
        return ""
    head = m.group("source").split(",")[0].strip()
    if head.count("(") != head.count(")"):  # "US FDA label of acarbose (Precose" (k9b)
        head = head.split("(")[0].strip()
    return head


def fill(facts: list[Fact], population: bool = False) -> list[Fact]:
    """The facts a monograph uses: every other source's, and the leaflet facts for the
    sections those leave empty or thin (module docstring). `population`: the datasets'
    side effects are one population's (population_products.txt), so they never make the
    leaflet's side effects redundant."""
    leaf = [f for f in facts if is_leaflet(f)]
    if not leaf:
        return facts
    own = [f for f in facts if not is_leaflet(f)]
    effects = 0 if population else sum(1 for f in own if f.kind == FactKind.SIDE_EFFECT)
    kinds = {f.kind for f in own}
    label_warnings = kinds & {FactKind.PATIENT_WARNING, FactKind.BOXED_WARNING,
                              FactKind.OTC_ASK_DOCTOR}
    kept = []
    for f in leaf:
        if f.kind == FactKind.SIDE_EFFECT and effects >= THIN_EFFECTS and not leads(f) \
                and not urgent(f) and not says_little(f):
            continue
        if f.kind == FactKind.PREGNANCY and FactKind.PREGNANCY in kinds:
            continue
        if (f.kind == FactKind.PATIENT_WARNING and label_warnings
                and leaflet_kind(f) not in ALWAYS):
            continue
        kept.append(f)
    return own + kept


def effect_lists(facts: Iterable[Fact]) -> tuple[list[EffectGroup], list[Item]]:
    """(lists by band and publisher, serious reactions) from leaflet side-effect facts."""
    from .side_effects import stems  # lazy: side_effects imports us

    groups: dict[tuple[str, str], list[Item]] = {}
    named: dict[tuple[str, str], str] = {}  # one list per publisher, its first title's words
    titles: dict[int, str] = {}  # an item's own title: only another title's repeat is one
    own: set[tuple[str, str]] = set()  # lists with a row of the medicine's own
    serious: list[Item] = []
    # the file's order (the leaflet's commonest first); a medicine's own rows before its
    # group's (its own list keeps an effect both say)
    for f in sorted(facts, key=lambda f: (not own_row(f), _line(f))):
        if f.kind != FactKind.SIDE_EFFECT or not is_leaflet(f):
            continue
        item = Item(text=f.plain, key=f.plain.casefold(), fact_ids=[f.id], source=cited(f),
                    short=f.plain)
        if f.frequency == "serious":
            serious.append(item)
        else:
            band = f.frequency if f.frequency in BAND_LABEL else "reported"
            # two rounds' rows of one label under two titles ("US FDA label of mesna
            # (Mesnex)", "… (Mesnex, DailyMed)") are one list, each effect once (k28a)
            who = publisher(f)
            at = (band, _BRACKETS.sub("", who).strip())
            items = groups.setdefault(at, [])
            named.setdefault(at, who)
            if own_row(f):
                own.add(at)
            mine = stems(item.text)
            # (and across the band's lists: chlorprothixene's own NHS "shaking, stiff muscles
            # or feeling restless" and its group's thiothixene label saying it again)
            if not any(mine and (theirs := stems(i.text)) and (mine <= theirs or theirs <= mine)
                       for key, its in groups.items() if key[0] == band
                       for i in its if titles.get(id(i)) != who):
                items.append(item)
                titles[id(item)] = who
    # a list of its group's rows only says so (review 35: chlorprothixene's "Common (source:
    # US FDA label of thiothixene)" read as another drug's facts)
    out = [EffectGroup(label=f"{BAND_LABEL[band]} (source: {named[(band, who)]}"
                       f"{'' if (band, who) in own else CLASS_NOTE})", items=items)
           for (band, who), items in sorted(groups.items(),
                                            key=lambda g: (list(BAND_LABEL).index(g[0][0]),
                                                           g[0][1])) if items]
    return out, serious


CLASS_NOTE = "; true of medicines of its kind"
_LINE = re.compile(r" line (\d+) \[")
_BRACKETS = re.compile(r"\s*\([^)]*\)")


def _line(fact: Fact) -> int:
    m = _LINE.search(fact.locator or "")
    return int(m.group(1)) if m else 0


def without_repeats(groups: list[EffectGroup], said: str) -> list[EffectGroup]:
    """The lists without leaflet items that a reviewed signature line (`said`) already gives:
    "constipation" after "Dark or black stools, constipation or diarrhoea", "a metallic taste
    in the mouth" after "… and a metallic taste" (a word of the same stem in both)."""
    from .side_effects import near_duplicate, shares_stem  # lazy: side_effects imports us

    if not said:
        return groups
    out = []
    for g in groups:
        items = [i for i in g.items if not (i.source and (near_duplicate(i.text, [said])
                                                          or shares_stem(i.text, said)))]
        if items:
            out.append(g.model_copy(update={"items": items}) if len(items) < len(g.items)
                       else g)
    return out


def safety_item(fact: Fact) -> SafetyItem | None:
    """A leaflet pregnancy, how-to-take, warning or little-known fact as a safety message
    with its source named (never "US label")."""
    kind = leaflet_kind(fact)
    if kind not in SAFETY_LABEL:
        return None
    topic = kind if kind in ("pregnancy", "how_to_take") else "leaflet"
    first = fact.plain.split(". ")[0].rstrip(".") + "."
    return SafetyItem(topic=topic, label=SAFETY_LABEL[kind], text=fact.plain,
                      fact_ids=[fact.id], source=cited(fact), own=own_row(fact),
                      short=first if len(first) <= 110 else None)


def effect(facts: Iterable[Fact]) -> str:
    """What a leaflet says happens for a pair: the first leaflet fact's sentence, one that
    gives the spacing in hours before one that does not (review 10)."""
    from .interactions import HOURS  # lazy: interactions imports this module

    said = [f.plain for f in facts if is_leaflet(f) and f.plain]
    return next((t for t in said if HOURS.search(t)), said[0] if said else "")
