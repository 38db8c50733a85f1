"""Round 32 (k33b): a combination taken by mouth keeps its partner's drip facts as labelled
companion detail (held-out review 38: acetylcysteine + pyridoxamine, an oral product, led with
"Given by drip … Tell the nurse", the paracetamol-overdose pregnancy rule and side effects
"when it is given by drip"). An ingredient only ever swallowed (a vitamin with no WHO code,
a medicine whose one form is tablets) or doses by weight in every list line make the product
oral; a line naming an injection, or ingredients only ever injected, keep the drip's facts."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs.model import EffectGroup, Item, Monograph, SafetyItem
from apothecary.monographs.page_route import (
    INJECTED,
    ORAL,
    for_route,
    page_route,
    swallowed_product,
)
from apothecary.monographs.safety import unanswered
from pagekit import shipped_pages

NAC = "'Acetylcysteine', 'Pyridoxamine dihydrochloride'"
NAC_INJECTION = "'Acetylcysteine', 'Pyridoxamine' Injection"
BUSCOPAN = "'Hyoscine Butylbromide (10mg)', 'Paracetamol (500mg)'"
SYRUP = ("'Ammonium Chloride (138mg/5ml)', 'Diphenhydramine (14.08mg/5ml)', "
         "'Sodium Citrate (57.03mg/5ml)', 'Menthol (1.14mg/5ml)'")
CEFTRIAXONE = "'Ceftriaxone (1000mg)', 'Sulbactam (500mg)'"
LINES = (NAC, BUSCOPAN, SYRUP, CEFTRIAXONE)
DRIP = ("given by drip", "tell the nurse", "injection is not for", "given as an injection",
        "held back because of pregnancy")


def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)  # (the injection line alone: one page would merge them)


def _main(page: Page) -> str:
    return " ".join(f"{label} {text}" for s in page.sections
                    if s.id in ("key-facts", "safety", "side-effects", "faqs")
                    for st in s.statements if not st.companion
                    for label, text in [(st.label or "", st.text)]).casefold()


def _companion(page: Page) -> str:
    return " ".join(f"{st.label or ''} {st.text}" for s in page.sections
                    for st in s.statements if st.companion).casefold()


def test_acetylcysteine_with_a_vitamin_is_not_a_hospital_drip() -> None:
    page = _pages()[NAC]
    main = _main(page)
    for said in DRIP:
        assert said not in main, (said, main)
    assert "when it is given by drip" not in main
    # moved, never dropped: labelled with the route
    more = _companion(page)
    assert "given by drip" in more and "(an injection or drip)" in more
    assert "reported with its injection or drip only" in more
    # the warning for every form stays first, and pregnancy is said plainly, once
    assert "if you have asthma" in main
    safety = [(st.label or "", st.text) for s in page.sections if s.id == "safety"
              for st in s.statements if not st.companion]
    pregnancy = [t for label, t in safety if label.startswith("Pregnancy")]
    assert pregnancy and all("acetylcysteine + pyridoxamine" in t.casefold()
                             for t in pregnancy), safety
    assert not any("so an answer given for its other" in t for _, t in safety)


def test_an_injection_line_keeps_its_drip_facts() -> None:
    main = _main(shipped_pages(NAC_INJECTION)[NAC_INJECTION])
    assert "given by drip" in main and "tell the nurse" in main
    main = _main(_pages()[CEFTRIAXONE])  # every ingredient only injected
    assert "where the injection is given" in main


def test_tablets_and_syrups_by_their_doses_lead_with_their_own_warnings() -> None:
    buscopan = _main(_pages()[BUSCOPAN])
    assert "given as an injection" not in buscopan
    assert "contains paracetamol" in buscopan
    assert "given as an injection" in _companion(_pages()[BUSCOPAN])
    syrup = _main(_pages()[SYRUP])
    assert "injection is not for" not in syrup and "where the drip goes in" not in syrup
    assert "ammonium chloride injection is given in pregnancy" not in syrup
    assert "it can make you sleepy" in syrup


def test_a_combination_is_oral_by_a_swallowed_ingredient_or_its_doses() -> None:
    assert swallowed_product(["X + Y"], [False, True])
    assert swallowed_product(["'A (500mg)', 'B (125mg/5ml)'"], [False, False])
    assert not swallowed_product(["'A (2mg/ml)', 'B (10mg)'"], [False, False])  # a vial's
    assert not swallowed_product(["A + B"], [False, False])
    assert not swallowed_product(["'A (500mg)'"], [False])  # a single medicine: unchanged
    vitamin = [("pyridoxamine", "", [])]
    assert page_route(["X"], [], ["R05CB01", ""], False, [("x", "", []), *vitamin]) == ""
    # the line's injection word and only-injected ingredients win
    dosed = ["'Ceftriaxone (1000mg)', 'Sulbactam (500mg)'"]
    assert page_route(dosed, [], ["J01DD04", "J01CG01"], True) == INJECTED
    assert page_route(["'A (500mg)', 'B (250mg)'"], [], ["", ""], False,
                      [("a", "", []), ("b", "", [])]) == ORAL
    assert page_route(["A + B Injection"], [], ["", ""], False,
                      [("a", "", []), ("b", "", [])]) == INJECTED


def test_an_oral_page_moves_side_effects_of_an_injection_label_but_not_of_both_forms() -> None:
    label = "US FDA label of x injection (DailyMed): https://example.org/"
    mono = Monograph(drug_id="D1", main_effects=[EffectGroup(label="Common", items=[
        Item(text="feeling sick", source=label),
        Item(text="a rash, when it is given by drip"),
        Item(text="headache (tablets or injection)"),
        Item(text="dizziness")])],
        serious=[Item(text="slow, shallow or stopped breathing", source=label)])
    page = for_route(mono, ORAL)
    kept = [i.text for g in page.main_effects for i in g.items]
    assert kept == ["headache (tablets or injection)", "dizziness"]
    # a serious sign moves by its own words only: the injection label's breathing danger is
    # the syrup's too (midazolam)
    assert [i.text for i in page.serious] == ["slow, shallow or stopped breathing"]
    moved = [i.text for g in page.effect_groups if g.companion for i in g.items]
    assert moved == ["feeling sick", "a rash, when it is given by drip"]


def test_only_the_drips_answer_is_no_answer_for_a_product_taken_by_mouth() -> None:
    drip = SafetyItem(topic="pregnancy", label="Pregnancy", text="Given by drip…",
                      detail=True, form="an injection or drip")
    tablets = SafetyItem(topic="pregnancy", label="Pregnancy", text="Ask first.")
    assert unanswered([("A", drip)], ["A", "B"], "pregnancy") == []
    # another ingredient's own answer still names the one that has none
    assert unanswered([("A", drip), ("B", tablets)], ["A", "B", "C"], "pregnancy") == ["C"]
