"""Session 12: a drink is not a drip (review 25). WHO ATC's systemic groups do not tell a bowel
prep from the magnesium injection or Ringer's lactate from potassium tablets; a page whose
route is known keeps the other route's words as labelled companion detail."""

from __future__ import annotations

import pytest

from apothecary.models import Page
from apothecary.monographs.model import EffectGroup, Item, Monograph, Partner, SafetyItem
from apothecary.monographs.page_route import (
    INJECTED,
    ORAL,
    ROUTE_WORDS,
    for_route,
    line_route,
    message_route,
    other_route_detail,
    page_route,
)
from pagekit import section_pairs, shipped_pages

SRC = "NHS, Example: https://www.nhs.uk/medicines/example/"
PREP = "Sodium Sulphate + Potassium Sulphate + Magnesium Sulphate"
RINGER = "Sodium Chloride + Sodium Lactate + Potassium Chloride + Calcium Chloride"
INHALER = "Formoterol + Budesonide"


@pytest.mark.parametrize(("lines", "route"), [
    (["Ceftriaxone Injection 1g"], INJECTED),
    (["Inj. Heparin 5000 IU Vial"], INJECTED),
    (["Paracetamol Tablets IP"], ORAL),
    (["Syp. Ambroxol", "Ambroxol Syrup"], ORAL),
    (["Paracetamol"], ""),  # a plain name says no route
    (["Paracetamol Tablets", "Paracetamol Infusion"], ""),  # two routes: none
    ([], ""),
])
def test_the_list_lines_words_give_a_route_when_they_agree(lines: list[str], route: str) -> None:
    assert line_route(lines) == route


def test_a_page_route_comes_from_its_own_use_its_group_or_only_injected_routes() -> None:
    assert page_route(["X"], ["replacing lost body water and salts (given into a vein as a "
                              "drip)"], [], False) == INJECTED
    assert page_route(["X"], ["clearing out the bowel before a colonoscopy"], [], False) == ORAL
    assert page_route(["X"], ["dehydration (mixed with water and drunk)"], [], False) == ORAL
    # every coded ingredient an osmotic laxative (A06AD): swallowed; an uncoded one is no vote
    assert page_route(["X"], [], ["A06AD13 A12CA02", "", "A06AD04 B05XA05"], False) == ORAL
    # one shared group of no one route (A12, B05X: tablets and drips alike) says nothing
    assert page_route(["X"], [], ["A12CA01 B05XA03", "A12BA01 B05XA01"], False) == ""
    assert page_route(["X"], [], ["J01DD04"], True) == INJECTED
    # a line's words beat the use and the codes
    assert page_route(["X Tablets"], ["given into a vein"], [], True) == ORAL
    # a use naming both routes decides nothing
    assert page_route(["X"], ["by mouth or by injection"], [], False) == ""


@pytest.mark.parametrize(("text", "source", "route"), [
    ("Given into a vein, too much magnesium can weaken your reflexes.", None, INJECTED),
    ("By mouth, take it at a different time from thyroid tablets.", None, ORAL),
    ("Swallow the tablets whole. Given by injection it stings.", None, ORAL),  # first sentence
    ("Tell your doctor if you are pregnant.",
     "US FDA label of magnesium sulfate injection (DailyMed): https://x", INJECTED),
    ("Tell your doctor if you are pregnant.",
     "DailyMed, potassium chloride extended-release tablets label", ORAL),
    ("Tell your doctor if you are pregnant.", "NIH Office of Dietary Supplements, Calcium",
     ORAL),
    ("Tell your doctor if you are pregnant.", SRC, ""),
    ("Swallow it, or have it by injection.", None, ""),  # both: no one route
    # "swallowed" said of something else is no route (naloxone's breastfeeding answer)
    ("Very little of it is taken up when swallowed.", None, ""),
])
def test_a_message_says_its_route_in_its_first_sentence_else_its_sources_title(
        text: str, source: str | None, route: str) -> None:
    assert message_route(text, source) == route


def _msg(text: str, **kw: object) -> SafetyItem:
    return SafetyItem(topic="high_alert", label="Most important", text=text, source=SRC,
                      short=text, **kw)  # type: ignore[arg-type]


def test_a_message_of_the_other_route_is_labelled_detail_never_dropped() -> None:
    shot = _msg("Given into a vein, too much magnesium can slow your breathing.")
    moved = other_route_detail(shot, ORAL)
    assert moved.detail and moved.form == ROUTE_WORDS[INJECTED] and moved.text == shot.text
    assert other_route_detail(shot, INJECTED) is shot
    plain = _msg("Drink plenty of clear fluids.")
    assert other_route_detail(plain, INJECTED) is plain
    labelled = _msg("Given into a vein, it stings.", form="an injection")
    assert other_route_detail(labelled, ORAL) is labelled  # already says its form


def test_an_oral_page_moves_the_injections_effects_and_interactions_to_the_companion() -> None:
    flush = Item(text="flushing and sweating (injection)", fact_ids=["a"])
    sick = Item(text="feeling sick", fact_ids=["b"])
    weak = Item(text="very weak muscles (too much magnesium, with the injection)",
                fact_ids=["c"])
    rash = Item(text="a rash", fact_ids=["d"])
    digoxin = Partner(name="Digoxin", other_id="D1", level="caution", fact_ids=["e"],
                      sources=["leaflets"], main=True,
                      effect="Given by injection, magnesium is used with great care.")
    water = Partner(name="Furosemide", other_id="D2", level="caution", fact_ids=["f"],
                    sources=["leaflets"], main=True, effect="With water tablets it is worse.")
    mono = Monograph(drug_id="X", main_effects=[EffectGroup(label="Common",
                                                            items=[flush, sick])],
                     serious=[weak, rash], partners=[digoxin, water],
                     safety=[_msg("Given into a vein, it can slow your breathing.")])
    out = for_route(mono, ORAL)
    assert [i.text for g in out.main_effects for i in g.items] == ["feeling sick"]
    assert [i.text for i in out.serious] == ["a rash"]
    moved = [g for g in out.effect_groups if g.companion]
    assert [i.text for g in moved for i in g.items] == [flush.text, weak.text]
    assert [p.main for p in out.partners] == [False, True]
    assert out.partners_other_route == ROUTE_WORDS[INJECTED]
    assert out.safety[0].detail
    # the same monograph on an injected page is left as it is
    assert for_route(mono, INJECTED).main_effects == mono.main_effects


def _main(page: Page, section: str) -> str:
    return " ".join(st.text for s in page.sections if s.id == section
                    for st in s.statements if not st.companion)


def _everything(page: Page) -> str:
    return " ".join(st.text for s in page.sections for st in s.statements)


def test_shipped_bowel_prep_shows_no_magnesium_injection_on_its_main_page() -> None:
    page = shipped_pages(PREP, RINGER, INHALER)[PREP]
    key = _main(page, "key-facts")
    assert "colonoscopy" in key.casefold()
    for section in ("key-facts", "safety", "side-effects", "interactions"):
        main = _main(page, section)
        assert "Given into a vein" not in main and "Given by injection" not in main, section
        assert "(injection)" not in main, section
    # moved, not dropped
    assert "Given into a vein, too much magnesium" in _everything(page)
    assert any("with the injection" in t for _, t in section_pairs(page, "side-effects"))


def test_shipped_drip_shows_no_tablet_advice_on_its_first_screen() -> None:
    page = shipped_pages(PREP, RINGER, INHALER)[RINGER]
    key = _main(page, "key-facts")
    assert "drip" in key
    assert "By mouth" not in key and "swallow" not in key.casefold()
    assert "By mouth, take it at a different time" in _everything(page)


def test_shipped_inhaler_keeps_the_interactions_that_reach_the_blood() -> None:
    """Beta-blockers oppose the reliever; ritonavir and itraconazole raise the inhaled
    steroid (review 25's h): an inhaler is not a cream."""
    page = shipped_pages(PREP, RINGER, INHALER)[INHALER]
    labels = " ".join(st.label or "" for s in page.sections if s.id == "interactions"
                      for st in s.statements if not st.companion)
    assert "Atenolol" in labels or "Metoprolol" in labels
    assert "Ritonavir" in labels or "Itraconazole" in labels


def test_an_aminoglycoside_is_never_said_to_be_swallowed() -> None:
    """The WHO export gives netilmicin an oral DDD; aminoglycosides for the body's infections
    are not taken up from the gut, so the import counts and skips it (review 25)."""
    page = shipped_pages("Netilmicin", "Potassium Chloride Oral Solution")["Netilmicin"]
    assert "swallow" not in _everything(page)


def test_a_line_naming_an_oral_solution_resolves_to_its_medicine() -> None:
    pages = shipped_pages("Netilmicin", "Potassium Chloride Oral Solution")
    assert pages["Potassium Chloride Oral Solution"].title.startswith("Potassium Chloride")


def test_a_single_medicines_reviewed_lead_use_can_say_its_route() -> None:
    """Triamcinolone's page leads with the joint injection; the steroid tablets' "do not stop
    taking it suddenly" led its first screen (review 25). It is detail now, labelled."""
    page = shipped_pages("Triamcinolone", "Netilmicin")["Triamcinolone"]
    assert "injected into the joint" in _main(page, "key-facts")
    assert "stop taking it suddenly" not in _main(page, "key-facts")
    assert "stop taking it suddenly" in _everything(page)
