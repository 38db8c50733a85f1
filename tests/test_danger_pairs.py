"""Pairs a leaflet warns of first (monographs/data/danger_pairs.txt) lead the main page's
interactions: review 26 found opioid + benzodiazepine, metronidazole + warfarin and an
antidepressant + tramadol on the companion page only, while rare coumarins took the slots."""

from __future__ import annotations

import re

from apothecary.knowledge.default import open_kb
from apothecary.models import Fact, FactKind
from apothecary.monographs.interactions import MAIN_PARTNERS, select_partners
from apothecary.monographs.partner_rules import DANGER, class_pairs, danger_pair
from apothecary.monographs.rules import DATA

MORPHINE = "N02AA01"
CODES = {"diazepam": "N05BA01", "pregabalin": "N02BF02", "ibuprofen": "M01AE01",
         "metronidazole": "J01XD01 P01AB01 G01AF01", "tramadol": "N02AX02"}


def _ix(other: str, severity: str, scope: str = "pair") -> Fact:
    return Fact(id=f"f-{other}", drug_id="DX", kind=FactKind.INTERACTION, value=other,
                plain=other, source_id="ansm", locator="r", licence="x", other_id=other,
                severity=severity, scope=scope)


def _main(facts: list[Fact], atc: str) -> list[str]:
    partners = select_partners(facts, set(), lambda i, n: n, lambda i: 0, atc,
                               lambda i: CODES.get(i, ""))
    return [p.other_id or "" for p in partners if p.main]


def test_the_rule_matches_either_way_round_by_class() -> None:
    assert danger_pair(MORPHINE, "N05BA01") and danger_pair("N05BA01", MORPHINE)
    assert danger_pair("B01AA03", "J01XD01 P01AB01")  # warfarin, metronidazole
    assert danger_pair("N06AX21", "N02AX02")  # duloxetine, tramadol
    assert not danger_pair(MORPHINE, "M01AE01")  # an opioid with ibuprofen: no row
    assert not danger_pair("", "N05BA01")


def test_a_danger_pair_leads_the_main_page_before_other_serious_ones() -> None:
    others = [_ix(f"zz{n}", "major") for n in range(MAIN_PARTNERS + 2)]
    facts = [*others, _ix("diazepam", "moderate", "class")]
    without = _main(facts, "")  # no ATC code: no rule applies
    assert "diazepam" not in without and len(without) == MAIN_PARTNERS
    main = _main(facts, MORPHINE)
    assert main[0] == "diazepam" and len(main) == MAIN_PARTNERS


def test_a_minor_pair_stays_off_the_main_page_whatever_its_classes() -> None:
    main = _main([_ix("diazepam", "minor"), _ix("zz1", "major")], MORPHINE)
    assert main == ["zz1"]


def test_the_rule_never_adds_a_pair_no_source_gives() -> None:
    partners = select_partners([_ix("zz1", "major")], set(), lambda i, n: n, lambda i: 0,
                               MORPHINE, lambda i: CODES.get(i, ""))
    assert [p.other_id for p in partners] == ["zz1"]


def test_every_row_has_a_reason_and_a_public_source_and_known_codes() -> None:
    rows = [ln for ln in (DATA / DANGER).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert len(rows) == len(class_pairs(DANGER)) >= 10
    codes = {c for atc in open_kb().atc_codes().values() for c in atc.split()}
    for row in rows:
        cells = row.split(" | ")
        assert len(cells) == 3 and re.search(r": https://\S+$", cells[2]), row
        for cell in cells[:2]:
            for prefix in cell.split():
                assert prefix.startswith("atc:"), row
                assert any(c.startswith(prefix[4:]) for c in codes), (row, prefix)


def test_a_pair_said_only_in_theory_goes_to_the_companion_page() -> None:
    """Review 30: "Betahistine … may, in theory" led a cold tablet's antihistamine line
    (it had come after the others, session 9); a pair said only in theory is detail."""
    hedged = _ix("betahistine", "moderate")
    facts = [hedged, *(_ix(f"zz{n}", "moderate") for n in range(2))]
    codes = dict(CODES, betahistine="N07CA01", zz0="A02BC01", zz1="A02BC02")

    def main_with(effect: str) -> list[str]:
        import apothecary.monographs.interactions as mod
        old = mod.leaflet_effect
        mod.leaflet_effect = lambda fs: effect if any(  # type: ignore[assignment]
            f.other_id == "betahistine" for f in fs) else ""
        try:
            ps = select_partners(facts, set(), lambda i, n: n, lambda i: 0, "R06AE07",
                                 lambda i: codes.get(i, ""))
        finally:
            mod.leaflet_effect = old  # type: ignore[assignment]
        return [p.other_id or "" for p in ps if p.main]
    assert "betahistine" not in main_with(
        "Antihistamines may, in theory, make betahistine work less well.")
    assert main_with("They may make you sleepy.")[0] == "betahistine"


def test_a_medicine_not_sold_in_india_never_joins_an_everyday_medicines_line() -> None:
    def ix(other: str) -> Fact:
        return Fact(id=f"f-{other}", drug_id="DX", kind=FactKind.INTERACTION, value=other,
                    plain="It can make the blood thinner work more strongly.",
                    source_id="leaflets", locator="r", licence="x",
                    other_id=other, severity="moderate", scope="pair")
    facts = [ix("acenocoumarol"), ix("dicoumarol"), ix("diphenadione")]
    partners = select_partners(facts, set(), lambda i, n: n,
                               lambda i: 1 if i == "acenocoumarol" else 0)
    # all three share what happens, but the two not sold in India stay off the main line
    assert [p.other_id for p in partners if p.main] == ["acenocoumarol"]
    assert {p.other_id for p in partners} == {"acenocoumarol", "dicoumarol", "diphenadione"}


def test_a_leaflet_sentence_for_a_pair_a_list_rates_minor_speaks_at_its_groups_level() -> None:
    said = "It can make warfarin work more strongly: your INR may need checking."
    facts = [
        Fact(id="l", drug_id="DX", kind=FactKind.INTERACTION, value="warfarin", plain=said,
             source_id="leaflets", locator="r", licence="x", other_id="warfarin", scope="pair"),
        Fact(id="o", drug_id="DX", kind=FactKind.INTERACTION, value="warfarin",
             plain="warfarin", source_id="onc", locator="r", licence="x",
             other_id="warfarin", severity="minor", scope="pair"),
        Fact(id="a", drug_id="DX", kind=FactKind.INTERACTION, value="warfarin",
             plain="warfarin", source_id="ansm", locator="r", licence="x",
             other_id="warfarin", severity="moderate", scope="class"),
    ]
    partners = select_partners(facts, set(), lambda i, n: n, lambda i: 0)
    assert [(p.other_id, p.level, p.main) for p in partners] == [("warfarin", "class", True)]
    # without the group record the list's rating stands
    alone = select_partners(facts[:2], set(), lambda i, n: n, lambda i: 0)
    assert [(p.other_id, p.level) for p in alone] == [("warfarin", "minor")]


def test_partners_a_sentence_names_one_by_one_share_one_line() -> None:
    def ix(other: str) -> Fact:
        return Fact(id=f"f-{other}", drug_id="DX", kind=FactKind.INTERACTION, value=other,
                    plain=f"Oestrogens can stop {other} working as well.",
                    source_id="leaflets", locator="r", licence="x", other_id=other,
                    severity="moderate", scope="pair")
    partners = select_partners([ix("anastrozole"), ix("letrozole"), ix("exemestane")],
                               set(), lambda i, n: i.title(), lambda i: 0)
    main = [p for p in partners if p.main]
    assert [p.other_id for p in main] == ["anastrozole", "exemestane", "letrozole"]
    assert {p.effect for p in main} == {"Oestrogens can stop them working as well."}
    # a sentence that leads with its partner keeps its own words, one line each
    def lead(other: str) -> Fact:
        return ix(other).model_copy(update={"plain": f"{other.title()} raises its level."})
    partners = select_partners([lead("anastrozole"), lead("letrozole")], set(),
                               lambda i, n: i.title(), lambda i: 0)
    assert {p.effect for p in partners if p.main} == {"Anastrozole raises its level.",
                                                      "Letrozole raises its level."}


def test_a_reassuring_alcohol_line_beside_an_avoid_alcohol_line_goes_to_the_companion() -> None:
    from apothecary.monographs.model import Partner
    from apothecary.writers.sections import alcohol_overruled
    fine = Partner(name="Alcohol", other_id=None, level="listed", fact_ids=[], sources=[],
                   text="You can drink alcohol with cetirizine, but it may make you sleepier.")
    avoid = fine.model_copy(update={"text": "Avoid alcohol while taking this medicine."})
    assert alcohol_overruled([fine, avoid]) == [fine]
    assert alcohol_overruled([fine]) == []  # alone, the reassurance is the page's answer
    assert alcohol_overruled([avoid]) == []
