"""Interaction facts from ONC and ANSM, each pair at its own level (issue 10).

ANSM records pair substances or classes ("MÉDICAMENTS SÉDATIFS" + "AUTRES MÉDICAMENTS
SÉDATIFS"). A class expands to its member substances, and a record's level is not simply
applied to every member pair:
- `scope` is `pair` when the record names both substances, `class` when either side is a
  class (the level is then the class record's, and pages say so).
- A record with several levels gives each level for a sub-case, named in its `info`
  ("avec le citalopram, la dompéridone…", "entre l'oxybate de sodium et…", "avec les
  autres…"). A pair takes the most severe level whose sub-case names one of its two
  substances (both, for a sub-case "entre X et Y": the other side may be named as a
  class, "les opiacés", which names no substance, so such pairs are understated, never
  overstated); a pair no sub-case
  names takes the most severe level that names no substance (the general case, e.g.
  "pour tous les médicaments sédatifs entre eux"), and when every level names substances,
  the least severe one: a level is never applied to members it does not name.
- Conditions of dose, route or kidney function cannot be told apart per pair: a pair named
  in such sub-cases keeps the most severe of them (aspirin at anti-inflammatory doses).
- A pair whose most severe level holds only under a condition the page cannot check (a
  dose: aspirin at anti-inflammatory doses with a corticosteroid; an indication: aspirin with
  clopidogrel outside heart attacks and stents) while a milder level of the same record also
  applies to it gets scope `condition`: pages say "can be serious in some cases", neither
  "do not take" nor the milder level alone.
- Per pair and source, a `pair` record speaks before `class` records; within a scope the
  most severe level wins. ONC rows name both drugs: scope `pair`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..names.normalize import norm_key
from . import vocabulary as vocab
from .drugs import DrugIndex
from .sources import ansm, onc

if TYPE_CHECKING:
    from .build import KBData

SEVERITY_RANK = {"contraindicated": 0, "major": 1, "moderate": 2, "minor": 3}
SCOPE_RANK = {"pair": 0, "class": 1}
# (scope rank, severity rank, severity, locator, scope shown) per unordered pair
PairMap = dict[tuple[str, str], tuple[int, int, str, str, str]]
# words of a sub-case that sets a dose, a use or a patient's state, not a substance
_CONDITION = re.compile(r"\b(?:doses?|posologies?|mg|indications?|fonction renale|"
                        r"clairance|sujet age)\b")


def _pair(pairs: PairMap, a: str, b: str, severity: str, locator: str, scope: str,
          shown: str | None = None) -> None:
    """Keep, per unordered pair, the pair-scope record before class ones, then the most
    severe level (first seen wins ties). `shown`: the scope stored, when not `scope`."""
    if a == b:
        return
    key = (a, b) if a < b else (b, a)
    new = (SCOPE_RANK[scope], SEVERITY_RANK[severity], severity, locator, shown or scope)
    if key not in pairs or new[:2] < pairs[key][:2]:
        pairs[key] = new


def _emit_pairs(data: KBData, pairs: PairMap, source_id: str) -> None:
    """Both directions, so "interactions of X" is one indexed query."""
    for (a, b), (_, _, severity, locator, scope) in sorted(pairs.items()):
        for x, y in ((a, b), (b, a)):
            name = str(data.drugs[y]["name"])
            data.add_fact(x, "interaction", name, name, source_id, locator, other_id=y,
                          severity=severity, scope=scope)
        data.counts[f"{source_id}.pairs.{scope}.{severity}"] += 1


def add_onc(sources_dir: Path, index: DrugIndex, data: KBData) -> None:
    pairs: PairMap = {}
    for p in onc.read_pairs(sources_dir):
        a, b = index.by_drugbank(p.a), index.by_drugbank(p.b)
        if a is None or b is None:
            data.counts["onc.unmapped"] += 1
            continue
        data.counts[f"onc.rows.{p.severity}"] += 1
        _pair(pairs, a, b, p.severity, f"{p.file} row {p.row}", "pair")
    _emit_pairs(data, pairs, "onc")


def _names_in(text: str, names: dict[str, str]) -> set[str]:
    """Drugs whose French substance name (norm → drug) appears as whole words in text."""
    hay = f" {norm_key(text)} "
    return {drug for norm, drug in names.items() if norm and f" {norm} " in hay}


def level_for(a: str, b: str, levels: tuple[ansm.Level, ...],
              named: list[set[str]]) -> tuple[ansm.Level, str]:
    """The level of one member pair (module docstring) and how it was chosen."""
    if len(levels) == 1:
        return levels[0], "single"
    for lv, names in zip(levels, named, strict=True):  # most severe first
        between = " entre " in f" {norm_key(lv.info)} "
        if (a in names and b in names) if between else bool({a, b} & names):
            return lv, "named_subcase"
    general = [lv for lv, names in zip(levels, named, strict=True) if not names]
    if general:
        return general[0], "general_subcase"
    return levels[-1], "least_severe"


def conditional(a: str, b: str, levels: tuple[ansm.Level, ...], named: list[set[str]],
                chosen: ansm.Level) -> bool:
    """Whether the pair's level holds only under a condition (module docstring): its
    sub-case states a dose, a use or a patient's state, and a milder level also applies to
    the pair (names one of the two, or names no substance)."""
    if len(levels) < 2 or not _CONDITION.search(norm_key(chosen.info)):
        return False
    at = levels.index(chosen)
    return any(not names or bool({a, b} & names)
               for lv, names in zip(levels[at + 1:], named[at + 1:], strict=True)
               if lv.severity != chosen.severity)


def add_ansm(sources_dir: Path, index: DrugIndex, data: KBData) -> None:
    """Class rules expand to member substances; substances map by RxNorm, then by name."""
    classes = ansm.read_index(sources_dir)
    substances = ansm.read_substances(sources_dir)
    rxnorm = ansm.read_rxnorm(sources_dir)
    resolved: dict[str, str | None] = {}

    def drug_of(substance: str) -> str | None:
        norm = norm_key(substance)
        if norm not in resolved:
            drug = index.by_rxnorm(rxnorm[norm]) if norm in rxnorm else None
            how = "rxnorm"
            if drug is None:
                how = "name"
                for cand in ansm.french_candidates(substance):
                    drug = index.unique_name(cand)
                    if drug:
                        break
            resolved[norm] = drug
            data.counts[f"ansm.substances.{how if drug else 'unmapped'}"] += 1
        return resolved[norm]

    def members(entry: str) -> tuple[dict[str, str], bool]:
        """French member name (norm) → drug, and whether the entry is a class."""
        norm = norm_key(entry)
        is_class = norm not in substances and norm in classes
        subs = classes[norm] if is_class else [entry]
        out = {}
        for sub in subs:
            drug = drug_of(sub)
            if drug:
                out[_plain_name(sub)] = drug
        return out, is_class

    pairs: PairMap = {}
    cautions: dict[tuple[str, str], tuple[int, str, str]] = {}
    for rule in ansm.read_rules(sources_dir):
        ends = [norm_key(rule.main), norm_key(rule.plus)]
        caution = [ansm.CAUTIONS.get(e) for e in ends]
        if caution[0] or caution[1]:
            locator = f"thesaurus record {rule.record} ({rule.main} + {rule.plus}; {rule.level})"
            what = caution[0] or caution[1]
            other = rule.plus if caution[0] else rule.main
            for drug in sorted(set(members(other)[0].values())):
                key = (drug, str(what))
                rank = SEVERITY_RANK[rule.severity]
                if key not in cautions or rank < cautions[key][0]:
                    cautions[key] = (rank, rule.severity, locator)
            continue
        (left_names, left_class), (right_names, right_class) = (members(rule.main),
                                                                members(rule.plus))
        left, right = set(left_names.values()), set(right_names.values())
        if not left or not right:
            data.counts["ansm.rules_unmapped"] += 1
            continue
        data.counts["ansm.rules_mapped"] += 1
        scope = "class" if left_class or right_class else "pair"
        levels = rule.levels or (ansm.Level(rule.severity, rule.level, ""),)
        all_names = {**left_names, **right_names}
        named = [_names_in(lv.info, all_names) if len(levels) > 1 else set() for lv in levels]
        for a in sorted(left):
            for b in sorted(right):
                level, how = level_for(a, b, levels, named)
                data.counts[f"ansm.member_pairs.{how}"] += 1
                locator = (f"thesaurus record {rule.record} ({rule.main} + {rule.plus}; "
                           f"{level.raw})")
                shown = "condition" if conditional(a, b, levels, named, level) else None
                if shown:
                    data.counts["ansm.member_pairs.conditional"] += 1
                _pair(pairs, a, b, level.severity, locator, scope, shown)
    _emit_pairs(data, pairs, "ansm")
    for (drug, what), (_, severity, locator) in sorted(cautions.items()):
        data.add_fact(drug, "caution", what, vocab.plain_caution(what, severity), "ansm",
                      locator, severity=severity)


_PARENS = re.compile(r"\s*\(.*?\)")


def _plain_name(substance: str) -> str:
    """The words a sub-case would name a substance by: "abciximab (c 7e3b fab)" → "abciximab"."""
    return norm_key(_PARENS.sub("", substance)) or norm_key(substance)
