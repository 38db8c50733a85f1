"""Reviewed leaflet facts (sources/leaflets.py) → knowledge-base facts.

A subject is a name (resolved exactly as a user's list would be: `official.one_drug`) or
`atc:PREFIX` (every drug with a WHO ATC code under it). An interaction partner is a name, a
WHO ATC group (each member, scope `class`) or a food or drink (a `caution` fact). A pair the
other sources already give is left to them (counted): a leaflet never overrides a label or an
interaction list, and the checker pools pairs, so a second level would change theirs: there
the leaflet fact comes without a level (it gives what happens and what to do, the other
source keeps the level) and with the other facts' scope, so a group-level pair stays one.
Every row that adds nothing is counted in `data.counts` under `leaflets.`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .official import one_drug
from .sources import leaflets

if TYPE_CHECKING:
    from ..names.resolve import Resolver
    from .build import KBData

# leaflet kind → knowledge-base fact kind: how_to_take and warning are the reader's
# "patient_warning" (the monograph stage tells them apart by the locator's kind); little_known
# is what the side-effects section says instead of "no data" (frequency "little_known");
# lowered_by (metformin lowers vitamin B12) is a reason the nutrient is taken, not a danger
# of taking both: a reader's note, never an interaction pair (review 8); use (round 3) is a
# main use the datasets lack or rank low (dapagliflozin's heart failure): a use fact that leads
# the medicine's uses (monographs/uses.py)
FACT_KIND = {"side_effect": "side_effect", "interaction": "interaction",
             "pregnancy": "pregnancy", "how_to_take": "patient_warning",
             "warning": "patient_warning", "little_known": "side_effect",
             "lowered_by": "patient_warning", "how_it_works": "mechanism",
             "use": "use", "kind": "class"}
PAIR_SEVERITY = "moderate"  # "take them apart" / "ask first": never "do not take together"
# names the drug tables give to the animal source WHO ATC writes in brackets ("insulin
# (beef)", "insulin (pork)"): members of a group by their codes, but not medicines a reader
# takes, so never an interaction partner (review 8: "Beef", "Pork" on a vitamin page)
NOT_MEDICINES = frozenset({"beef", "pork"})


def locator(row: leaflets.LeafletFact) -> str:
    """Where the fact comes from: our file's line, its kind (":own" for a row naming the
    medicine, not its WHO ATC group), and the public source cited (monographs/leaflets.py
    reads the kind, the mark and the source back)."""
    own = ":own" if row.own else ""
    return f"{leaflets.NAME} line {row.line} [{row.kind}{own}]; {row.source}: {row.url}"


def subjects(row: leaflets.LeafletFact, res: Resolver, data: KBData) -> list[str]:
    """The drug ids a row's subject names (none: unknown or ambiguous)."""
    if row.subject.startswith("atc:"):
        return in_group(row.subject[4:], data)
    drug = one_drug(res, row.subject)
    return [drug] if drug else []


def how_it_works_rows(
        matched: list[tuple[leaflets.LeafletFact, list[str]]]) -> dict[str, leaflets.LeafletFact]:
    """The one how-it-works row each medicine gets: a row naming it beats any group's (a
    class line can be wrong for one member), a narrower WHO ATC group (atc:C10AA) beats a
    wider one (atc:C10), and the first row of the file breaks a tie."""
    best: dict[str, tuple[tuple[int, int], leaflets.LeafletFact]] = {}
    for row, drugs in matched:
        if row.kind != "how_it_works":
            continue
        rank = (0 if row.own else 100 - len(row.subject), row.line)
        for drug in drugs:
            if drug not in best or rank < best[drug][0]:
                best[drug] = (rank, row)
    return {d: row for d, (_, row) in best.items()}


def in_group(prefix: str, data: KBData) -> list[str]:
    return sorted(d for d, r in data.drugs.items()
                  if any(c.startswith(prefix) for c in str(r.get("atc") or "").split()))


def add_leaflets(res: Resolver, data: KBData, path: Path = leaflets.FILE) -> None:
    """One fact per row and drug (an `atc:` subject or partner fans out to its members)."""
    rows, problems = leaflets.read(path)
    data.counts["leaflets.rows"] = len(rows)
    data.counts["leaflets.rows_with_problems"] = len(problems)
    paired: dict[tuple[str, str], str] = {}  # pair → "pair" when a source names the pair
    for f in data.facts.values():
        if f["kind"] == "interaction" and f["other_id"]:
            a, b = str(f["drug_id"]), str(f["other_id"])
            scope = "pair" if (f["scope"] or "pair") == "pair" else "class"
            for k in ((a, b), (b, a)):
                if paired.get(k) != "pair":
                    paired[k] = scope
    matched = [(row, subjects(row, res, data)) for row in rows]
    how = how_it_works_rows(matched)
    for row, drugs in matched:
        if not drugs:
            data.counts["leaflets.unmatched_subject"] += 1
            continue
        data.counts["leaflets.subjects_matched"] += 1
        for drug in drugs:
            if row.kind == "how_it_works" and how.get(drug) is not row:
                data.counts["leaflets.how_it_works_overruled"] += 1
                continue  # its own row, or a narrower group's, says it for this medicine
            if row.kind == "interaction":
                _add_interaction(row, drug, res, data, paired)
                continue
            band = row.detail if row.kind == "side_effect" else (
                "little_known" if row.kind == "little_known" else None)
            if data.add_fact(drug, FACT_KIND[row.kind], row.text, row.text, "leaflets",
                             locator(row), frequency=band):
                data.counts[f"leaflets.facts.{row.kind}"] += 1


def _add_interaction(row: leaflets.LeafletFact, drug: str, res: Resolver, data: KBData,
                     paired: dict[tuple[str, str], str]) -> None:
    how, what, _label = row.partner
    if how == "food":
        if data.add_fact(drug, "caution", what, row.text, "leaflets", locator(row),
                         severity="caution"):
            data.counts["leaflets.facts.caution"] += 1
        return
    if how == "atc":
        others = [d for d in in_group(what, data)
                  if str(data.drugs[d]["name"]).casefold() not in NOT_MEDICINES]
        scope = "class"
    else:
        other = one_drug(res, what)
        others, scope = ([other] if other else []), "pair"
    if not others:
        data.counts["leaflets.unmatched_partner"] += 1
        return
    for other in others:
        if other == drug:
            continue
        if row.level:  # a label forbids the pair: its level on both pages (review 10), a
            # group partner's side group-level (ketorolac forbids every NSAID: an ibuprofen
            # page words it "usually avoided", not "should not" before its own NSAID line)
            if _both_ways(row, drug, other, data, (row.level, "pair"), (row.level, scope)):
                data.counts[f"leaflets.facts.{row.level}"] += 1
            continue
        if (drug, other) in paired:  # the other source keeps the level; we give the reason
            given = paired[drug, other]
            if _both_ways(row, drug, other, data, (None, given), (None, given)):
                data.counts["leaflets.facts.reason_for_other_sources_pair"] += 1
            continue
        theirs = (PAIR_SEVERITY, scope) if SPACED.search(row.text) else PARTNER_SIDE
        if _both_ways(row, drug, other, data, (PAIR_SEVERITY, scope), theirs):
            data.counts["leaflets.facts.interaction"] += 1


# the partner's side of a new leaflet pair: no level of its own and group scope, so on the
# partner's page (levothyroxine: calcium, iron) it shows what happens but ranks after every
# pair another source rates (a PPI page keeps itraconazole before iron); the checker pools
# it with the subject's side, whose level stands
PARTNER_SIDE: tuple[str | None, str] = (PAIR_SEVERITY, "class")
# except a pair whose doses must be spaced (calcium, iron, antacids with levothyroxine,
# quinolones, tetracyclines, bisphosphonates): the same pair on both pages, so it leads the
# partner's page too (review 9: "rank these first")
SPACED = re.compile(r"\b(?:at different times|apart|hours? (?:before|after))\b",
                    re.IGNORECASE)
# a row that gives the spacing in hours (a label's "2 hours before or 6 hours after") says
# more than an earlier row for the same pair that only says "at different times": its words
# replace those (round 3: review 10 asked for the hours where the source gives them)
HOURS = re.compile(r"\b(?:\d+|one|two|three|four|six) hours?\b|\bhalf an hour\b", re.IGNORECASE)


def _both_ways(row: leaflets.LeafletFact, drug: str, other: str, data: KBData,
               own: tuple[str | None, str], theirs: tuple[str | None, str]) -> bool:
    """The pair on both medicines' pages, as the interaction lists store theirs (review 9:
    the levothyroxine page named neither calcium nor iron); `own`, `theirs`: (severity,
    scope) of the subject's and the partner's side. True when the subject's side is new."""
    from .build import fact_id  # lazy: build imports this module

    added = False
    for a, b, (severity, scope) in ((drug, other, own), (other, drug, theirs)):
        name = str(data.drugs[b]["name"])
        if data.add_fact(a, "interaction", name, row.text, "leaflets", locator(row),
                         other_id=b, severity=severity, scope=scope):
            if a == drug:
                added = True
            else:
                data.counts["leaflets.facts.partner_side"] += 1
            continue
        had = data.facts[fact_id(a, "interaction", name, "leaflets", b)]
        if row.level and (had["severity"] != row.level or (a == drug and had["scope"] != "pair")):
            # a label's level over a leaflet's; and a medicine's own label row makes the pair
            # its own even where the partner's group row came first (round 4: ramipril's
            # "dual blockade" row after telmisartan's, whose ramipril side was group-level and
            # so lost to another source's "minor" pair)
            had.update(severity=row.level, scope="pair", plain=row.text, locator=locator(row))
            data.counts["leaflets.facts.level_from_label"] += 1
        elif HOURS.search(row.text) and not HOURS.search(str(had["plain"])):
            had.update(plain=row.text, locator=locator(row))
            data.counts["leaflets.facts.hours_given"] += 1
    return added
