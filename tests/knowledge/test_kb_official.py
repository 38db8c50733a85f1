"""DILIrank, CDSCO and WHO ATC facts on the hand-written fixtures (tests/fixtures/sources)."""

from __future__ import annotations

import pytest

from apothecary.knowledge.build import LICENCE, KBData
from apothecary.knowledge.official import lower_name, plain_enough, tidy
from apothecary.knowledge.sources import dilirank


def of(data: KBData, drug: str, kind: str) -> list[dict]:
    return sorted((f for f in data.facts.values() if f["drug_id"] == drug and f["kind"] == kind),
                  key=lambda f: str(f["locator"]))


# -- DILIrank -------------------------------------------------------------------------------
def test_dilirank_matches_us_spelling_through_names(built: KBData) -> None:
    [fact] = of(built, "DB00316", "liver_injury")  # acetaminophen = paracetamol
    assert fact["value"] == "vMost-DILI-Concern" and fact["severity"] == "most"
    assert fact["plain"] == dilirank.PLAIN["most"]
    assert fact["locator"] == ("DILIrank.csv row 1 (LT00004 acetaminophen); label section "
                               "Warnings and precautions; severity class 5")
    assert fact["source_id"] == "dilirank" and fact["licence"] == "Public domain"


def test_dilirank_salt_name_and_own_name_row_wins(built: KBData) -> None:
    [metformin] = of(built, "DB00331", "liver_injury")  # "metformin hydrochloride"
    assert metformin["severity"] == "no"
    [warfarin] = of(built, "DB00682", "liver_injury")  # "warfarin" beats "warfarin sodium"
    assert warfarin["severity"] == "less" and "LT90002 warfarin)" in warfarin["locator"]
    assert built.counts["dilirank.same_drug_row_skipped"] == 1


def test_dilirank_ambiguous_unknown_and_unmatched_are_counted(built: KBData) -> None:
    [hydralazine] = of(built, "DB01275", "liver_injury")
    assert hydralazine["severity"] == "ambiguous"
    assert "ambiguous" in str(hydralazine["plain"])
    # "hydroxyzone" is near hydroxyzine but is never guessed; the interferon is unknown here
    assert not of(built, "DB00557", "liver_injury")
    assert built.counts["dilirank.unmatched"] == 2
    assert built.counts["dilirank.unknown_concern"] == 1  # simvastatin "unranked"
    assert not of(built, "DB00641", "liver_injury")


def test_every_plain_dilirank_sentence_names_its_concern() -> None:
    for severity, sentence in dilirank.PLAIN.items():
        assert severity in sentence and "liver injury" in sentence


# -- CDSCO ----------------------------------------------------------------------------------
def test_cdsco_single_drug_keeps_indication_and_tidies_plain(built: KBData) -> None:
    [fact] = of(built, "DB00316", "approval")
    assert fact["value"] == "For symptomatic relief of pain  &   fever"
    assert fact["plain"] == "For symptomatic relief of pain & fever."
    assert "approved 1/1/80" in fact["locator"] and "paracetamol-500mg" in fact["locator"]
    sources = {s["id"]: s for s in built.sources}
    assert fact["licence"] == LICENCE["cdsco"] == sources["cdsco"]["licence"]
    assert sources["cdsco"]["licence_class"] == "unverified"


def test_cdsco_combination_uses_the_page_key_whatever_order_and_spelling(built: KBData) -> None:
    facts = of(built, "DB00766+DB01060", "approval")  # clavulanic acid + amoxicillin, sorted
    assert [f["plain"] for f in facts] == [
        "Treatment of bacterial infections of the ear and sinuses.", "Bacterial infections."]
    assert "amoxycillin trihydrate + potassium clavulanate" in facts[0]["locator"]
    assert "potassium clavulanate & amoxycillin" in facts[1]["locator"]
    assert not of(built, "DB01060", "approval")  # a combination never speaks for one part


def test_cdsco_rows_with_unmatched_ingredient_or_no_indication_are_skipped(
        built: KBData) -> None:
    assert built.counts["cdsco.unmatched"] == 1  # metformin + an unknown "widgetol"
    assert not of(built, "DB00331", "approval")
    assert built.counts["cdsco.no_indication"] == 2  # "Same as approved" and an empty cell
    assert not of(built, "DB00641", "approval") and not of(built, "DB00682", "approval")
    assert built.counts["cdsco.matched_single"] == 2
    assert built.counts["cdsco.matched_combination"] == 2


@pytest.mark.parametrize(("raw", "tidied"), [
    ("  anxiety ,  itching ", "Anxiety , itching."),
    ("For pain.", "For pain."),
    ("treatment of (HIV)", "Treatment of (HIV)"),
    (" ; ", ""),
    ("\u00e2??Indicated for pain\u00e2?\ufffd.", "Indicated for pain."),  # damaged quotes
    ("had\u00c2 an\u00c2 \u00c2 effect (\u00e2?\u00a5 1)", "Had an effect (\u00e2?\u00a5 1)"),
])
def test_tidy_changes_only_case_space_and_punctuation(raw: str, tidied: str) -> None:
    assert tidy(raw) == tidied
    letters = lambda s: "".join(c for c in s.lower() if c.isalnum())  # noqa: E731
    if "\u00e2" not in raw:
        assert letters(tidy(raw)) == letters(raw)


# -- WHO ATC --------------------------------------------------------------------------------
def test_atc_routes_from_ddd(built: KBData) -> None:
    routes = {f["value"]: f["plain"] for f in of(built, "DB00316", "route")}
    assert routes == {"O": "by mouth", "P": "by injection", "R": "rectally"}
    [oral] = [f for f in of(built, "DB00316", "route") if f["value"] == "O"]
    assert "(N02BE01 paracetamol; DDD 3 g O)" in oral["locator"]
    assert oral["licence"] == LICENCE["who-atc"] and "non-commercial" in LICENCE["who-atc"]
    assert built.counts["atc.route_unknown_code"] == 1  # "lamella": never guessed


def test_atc_codes_fill_drugs_atc_and_skip_combination_codes(built: KBData) -> None:
    assert built.drugs["DB01060"]["atc"] == "J01CA04"  # not J01CR02 "amoxicillin and ..."
    assert built.drugs["DB00316"]["atc"] == "N02BE01"
    assert built.drugs["DB00766"]["atc"] is None


def test_atc_class_level4_when_plain_else_level3_else_none(built: KBData) -> None:
    [simva] = [f for f in of(built, "DB00641", "class") if f["source_id"] == "who-atc"]
    assert (simva["value"], simva["plain"]) == ("HMG CoA reductase inhibitors",) * 2
    [warf] = [f for f in of(built, "DB00682", "class") if f["source_id"] == "who-atc"]
    assert (warf["value"], warf["plain"]) == ("Vitamin K antagonists", "vitamin K antagonists")
    [amox] = [f for f in of(built, "DB01060", "class") if f["source_id"] == "who-atc"]
    assert amox["value"] == "BETA-LACTAM ANTIBACTERIALS, PENICILLINS"  # level 4 not plain
    assert amox["locator"] == "ATC J01C (via J01CA04)"
    # "Anilides" / "OTHER ANALGESICS..." and "Biguanides" / "...EXCL. INSULINS": no class
    for drug in ("DB00316", "DB00331"):
        assert not [f for f in of(built, drug, "class") if f["source_id"] == "who-atc"]


@pytest.mark.parametrize(("name", "plain"), [
    ("Anilides", False), ("Proton pump inhibitors", True), ("Other antihistamines", False),
    ("Sulfonamides, plain", False), ("Selective beta-2-adrenoreceptor agonists", True),
    ("Angiotensin II receptor blockers (ARBs), plain", True),
    ("ACE inhibitors and diuretics", False),
])
def test_plain_enough(name: str, plain: bool) -> None:
    assert plain_enough(name) is plain


@pytest.mark.parametrize(("name", "lowered"), [
    ("Proton pump inhibitors", "proton pump inhibitors"),
    ("Angiotensin II receptor blockers (ARBs), plain",
     "angiotensin II receptor blockers (ARBs), plain"),
    ("ACE INHIBITORS, PLAIN", "ACE inhibitors, plain"),
    ("Dipeptidyl peptidase 4 (DPP-4) inhibitors", "dipeptidyl peptidase 4 (DPP-4) inhibitors"),
])
def test_atc_plain_only_lowers_case(name: str, lowered: str) -> None:
    assert lower_name(name) == lowered
    assert lower_name(name).lower() == name.lower()


# -- uses: DrugCentral behind the combination-leak filter ------------------------------------
def test_indication_of_a_companion_is_a_leak_in_both_directions(built: KBData) -> None:
    # CDSCO lists amoxicillin + clavulanate; both have "Urinary Tract Infections" in
    # DrugCentral only and no ATC level-3 classmate supports it: neither keeps it
    uses = lambda d: {f["value"] for f in of(built, d, "use")}  # noqa: E731
    assert "Urinary Tract Infections" not in uses("DB00766")
    assert "Urinary Tract Infections" not in uses("DB01060")
    # hydroxyzine's companion paracetamol (WHO ATC combination) lists insomnia too
    assert "Insomnia" not in uses("DB00316") and "Insomnia" not in uses("DB00557")
    assert built.counts["drugcentral.use.dropped_combination_leak"] == 4
