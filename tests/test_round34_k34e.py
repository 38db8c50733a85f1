"""Round 34 (k34e): review 39's interaction findings. Binding in the gut (calcium, iron,
magnesium, antacids) shown on a drip (zoledronic acid), a class-level record expanded to a
wall of 62 medicines for diabetes (somatropin), and folinic acid listed as a risk beside
fluorouracil, with which it is given on purpose."""

from __future__ import annotations

from apothecary.models import Fact, FactKind, Page
from apothecary.monographs.gut_binding import ALSO, NEVER, ONLY, binds_in_gut, swallowed
from apothecary.monographs.model import Partner
from apothecary.monographs.partner_rules import WALL, group_walls, intended_pair
from apothecary.writers.sections import wall_entry
from pagekit import shipped_pages

LINES = ("Zoledronic Acid", "Ibandronic Acid", "Alendronic Acid", "Somatropin", "Exenatide",
         "Fluorouracil", "Capecitabine", "Calcium Carbonate", "Ferric Carboxymaltose",
         "Amoxicillin", "Ceftriaxone")


def _page(line: str) -> Page:
    return shipped_pages(*LINES)[line]


def _lines(page: Page, companion: bool | None = None) -> list[tuple[str, str]]:
    return [(st.label or "", st.text) for s in page.sections if s.id == "interactions"
            for st in s.statements if companion is None or st.companion == companion]


def _text(page: Page, companion: bool | None = None) -> str:
    return " ".join(f"{label}: {text}" for label, text in _lines(page, companion))


def _fact(plain: str, source: str = "leaflets", locator: str = "leaflet_facts.txt line 1",
          value: str = "calcium") -> Fact:
    return Fact(id="f", drug_id="D1", kind=FactKind.INTERACTION, value=value, plain=plain,
                source_id=source, locator=locator, licence="x", other_id="D2")


def test_the_mechanism_of_binding_in_the_gut_is_read_from_the_sources() -> None:
    assert binds_in_gut(_fact("Calcium lowers how much of a bisphosphonate (such as "
                              "alendronic acid) the body takes up: take them at different "
                              "times."))
    assert binds_in_gut(_fact("iron", "ansm", "thesaurus record 531 (BISPHOSPHONATES + FER; "
                              "Précaution d'emploi)", "iron"))
    # not the gut's: calcium given into a vein with digoxin, a steroid lowering the calcium
    # taken up, an iron infusion's own interaction, a bare pair list row
    assert not binds_in_gut(_fact("calcium", "ansm", "thesaurus record 594 (CALCIUM + "
                                  "DIGOXINE; Contre-indication)"))
    assert not binds_in_gut(_fact("Steroid medicines such as prednisone lower the calcium "
                                  "the body takes up and how vitamin D is used."))
    assert not binds_in_gut(_fact("Iron taken by mouth is absorbed less well after an iron "
                                  "infusion: start it at least 5 days after the last one."))
    assert not binds_in_gut(_fact("calcium", "onc", "onc_non_interruptive.csv row 1"))
    assert swallowed("M05BA08", ["P"]) == NEVER
    assert swallowed("M05BA06", ["O", "P"]) == ALSO
    assert swallowed("M05BA04", ["O"]) == ONLY
    assert swallowed("", []) == ""


def test_a_drip_lists_no_calcium_iron_magnesium_or_antacids() -> None:
    page = _page("Zoledronic Acid")
    text = _text(page).casefold()
    for word in ("calcium carbonate", "calcium citrate", "calcium gluconate", "iron",
                 "magnesium", "magaldrate", "hydrotalcite", "activated charcoal"):
        assert word not in text, word
    # its own label's partners stay: kidney-harming painkillers, furosemide, aminoglycosides
    main = _text(page, companion=False)
    assert "Ibuprofen" in main and "Furosemide" in main and "Gentamicin" in main
    faq = " ".join(st.text for s in page.sections if s.id == "faqs" for st in s.statements)
    assert "34 medicines" not in faq


def test_a_medicine_also_injected_says_when_taken_by_mouth() -> None:
    lines = _lines(_page("Ibandronic Acid"))
    calcium = [label for label, text in lines if "bisphosphonate" in text and "Calcium" in label]
    assert calcium and all(label.endswith("(when taken by mouth)") for label in calcium)
    # only swallowed: no such label, the same lines as before
    alendronic = _lines(_page("Alendronic Acid"))
    assert not any("when taken by mouth" in label for label, _ in alendronic)
    assert any("Calcium" in label for label, _ in alendronic)


def test_an_injection_keeps_its_own_route_interactions() -> None:
    # iron tablets after an iron infusion: the infusion's own interaction, kept
    assert "Iron taken by mouth is absorbed less well" in _text(_page("Ferric Carboxymaltose"))
    # exenatide's "take antibiotics by mouth … before your injection" still names tablets,
    # but no antibiotic only ever injected (amikacin, gentamicin)
    text = _text(_page("Exenatide"))
    assert "Ciprofloxacin" in text
    assert "Amikacin" not in text and "Gentamicin" not in text
    # …and no injected antibiotic's page names exenatide; a swallowed one's still does
    assert "Exenatide" not in _text(_page("Ceftriaxone"))
    assert "Exenatide" in _text(_page("Amoxicillin"))


def test_a_class_record_of_dozens_of_medicines_is_one_entry() -> None:
    page = _page("Somatropin")
    detail = _lines(page, companion=True)
    assert len(detail) == 1, detail
    label, text = detail[0]
    assert text.startswith("Medicines for diabetes (62 medicines, such as"), text
    for rare in ("Acetohexamide", "Benfluorex", "Tolrestat", "Insulin Beef"):
        assert rare not in text
    refs = [r for s in page.sections if s.id == "interactions" for st in s.statements
            if st.companion for r in st.refs]
    assert len(refs) == 62  # every member still linked
    # the main line is unchanged: everyday diabetes medicines by name
    assert "Metformin" in _text(page, companion=False)


def test_group_walls_need_wall_members_and_name_the_narrowest_group() -> None:
    def p(n: int) -> Partner:
        return Partner(name=f"M{n}", other_id=f"D{n}", level="class", fact_ids=[], sources=[])
    members = [p(n) for n in range(WALL + 1)]
    codes = {f"D{n}": "J01GB0" + str(n) for n in range(WALL)} | {f"D{WALL}": "C07AB02"}
    walls, rest = group_walls(members, lambda i: codes.get(i, ""))
    assert [(g, len(ws)) for g, ws in walls] == [("aminoglycoside antibiotics", WALL)]
    assert rest == [members[-1]]
    walls, rest = group_walls(members[:WALL - 1], lambda i: codes.get(i, ""))
    assert not walls and len(rest) == WALL - 1
    entry = wall_entry("medicines for diabetes", members[:4], lambda i: i != "D0")
    assert entry == "Medicines for diabetes (4 medicines, such as M1, M2 or M3)"


def test_folinic_acid_with_fluorouracil_is_given_on_purpose_not_a_risk() -> None:
    assert intended_pair("L01BC02", "V03AF03 V03AF06")
    assert not intended_pair("L01BC06", "V03AF03")  # capecitabine's label warns of it
    lines = _lines(_page("Fluorouracil"))
    on_purpose = [(label, text) for label, text in lines if "on purpose" in label]
    assert on_purpose and on_purpose[0][0] == "Leucovorin: given with Fluorouracil on purpose"
    assert "Calcium folinate" in on_purpose[0][1]
    assert not any("Leucovorin" in text for label, text in lines if "interact" in label)
    # capecitabine keeps leucovorin at its level (the Xeloda label warns of it)
    assert any("Leucovorin" in text for label, text in _lines(_page("Capecitabine"))
               if "May interact" in label)
