"""Generic fixes for review 26's findings (sample X): a combination's conflicting
instructions, an ingredient's danger line kept by the word budget."""

from __future__ import annotations

from apothecary.models import Statement
from apothecary.monographs import SafetyItem
from apothecary.monographs.safety import conflicting_course as _no_conflicting_course
from apothecary.writers.word_budget import _other_interaction


def _how(text: str, topic: str = "how_to_take") -> SafetyItem:
    return SafetyItem(topic=topic, label="How to take it", text=text, source="S")


KEEP_GOING = _how("Use it every day for as long as the pack says, even after the skin looks "
                  "better.")
SHORT = _how("Put a thin layer on, for no longer than your doctor says.")


def test_keep_going_moves_to_the_companion_beside_another_ingredients_short_course() -> None:
    out = _no_conflicting_course([("Clobetasol", SHORT), ("Tolnaftate", KEEP_GOING)])
    assert [s.detail for _, s in out] == [False, True]
    # the product's own message counts as another's
    short = SafetyItem(topic="high_alert", label="Most important", text="Use it for the "
                       "shortest time you can.")
    assert _no_conflicting_course([(None, short), ("Tolnaftate", KEEP_GOING)])[1][1].detail


def test_keep_going_stays_when_nothing_else_says_keep_it_short() -> None:
    out = _no_conflicting_course([("Tolnaftate", KEEP_GOING), ("Clioquinol", _how("Wash hands."))])
    assert not any(s.detail for _, s in out)
    # its own words do not count against it
    both = _how("Keep using it for as long as told, but for the shortest time you can.")
    assert not _no_conflicting_course([("X", both)])[0][1].detail
    # only an instruction moves, never a warning that happens to say "even after"
    warn = _how("Tell your doctor even after you stop.", topic="high_alert")
    assert not _no_conflicting_course([("A", SHORT), ("B", warn)])[1][1].detail


def test_an_ingredients_first_medicine_line_survives_after_its_caution_line() -> None:
    sts = [Statement(label="Warfarin", text="a", refs=["w"], ingredient="Paracetamol"),
           Statement(label="Floxacillin", text="b", refs=["f"], ingredient="Paracetamol"),
           Statement(label="Alcohol (Codeine)", text="c", ingredient="Codeine"),
           Statement(label="Alprazolam", text="d", refs=["a"], ingredient="Codeine"),
           Statement(label="Quinidine", text="e", refs=["q"], ingredient="Codeine")]
    drop = [_other_interaction("interactions", st, n, sts) for n, st in enumerate(sts)]
    assert drop == [False, False, False, False, True]


def test_a_reassuring_answer_is_detail_beside_another_ingredients_no() -> None:
    from apothecary.monographs.safety import against_answers_first

    def bf(text: str) -> SafetyItem:
        return SafetyItem(topic="breastfeeding", label="Breastfeeding", text=text)
    no = bf("Nimesulide taken by mouth must not be used while breastfeeding.")
    yes = bf("Paracetamol is the usual first choice of painkiller while breastfeeding.")
    ask = bf("Caffeine passes into breast milk: keep how much you have low.")
    out = against_answers_first([("Nimesulide", no), ("Paracetamol", yes), ("Caffeine", ask)])
    assert [s.detail for _, s in out] == [False, True, False]
    # without a "no" nothing moves; another topic's "no" does not count
    assert not any(s.detail for _, s in against_answers_first([("P", yes), ("C", ask)]))
    preg_no = SafetyItem(topic="pregnancy", label="Pregnancy", text="Avoid it in pregnancy.")
    assert not against_answers_first([("N", preg_no), ("P", yes)])[1][1].detail
    # the product's own answer (no ingredient) is never moved by this rule
    assert not against_answers_first([("N", no), (None, yes)])[1][1].detail


def test_an_ingredients_later_warnings_move_first_when_a_page_is_long() -> None:
    from apothecary.writers.word_budget import _later_ingredient_warning as later
    sts = [Statement(label="Most important", text="product"),
           Statement(label="Most important (Nimesulide)", text="a", ingredient="Nimesulide"),
           Statement(label="Most important (Nimesulide)", text="b", ingredient="Nimesulide"),
           Statement(label="Most important (Caffeine)", text="c", ingredient="Caffeine")]
    assert not any(later("safety", st, n, sts) for n, st in enumerate(sts))  # two: all stay
    sts.append(Statement(label="Most important (Paracetamol)", text="d", ingredient="Paracetamol"))
    assert [later("safety", st, n, sts) for n, st in enumerate(sts)] == [
        False, False, True, False, False]
    assert not later("interactions", sts[2], 2, sts)


def test_a_mouthwash_message_is_another_forms_on_a_skin_page() -> None:
    from apothecary.monographs.form_codes import message_form
    from apothecary.monographs.page_form import other_form_detail
    rinse = SafetyItem(topic="how_to_take", label="How to take it", source="NHS",
                       text="Rinse the mouthwash round your mouth and spit it out. Do not "
                       "swallow it.")
    assert message_form(rinse.text) == "oromucosal"
    moved = other_form_detail(rinse, frozenset({"skin"}))
    assert moved.detail and moved.form
    assert not other_form_detail(rinse, frozenset({"oromucosal"})).detail
    # a message naming a mouthwash and a skin product is about neither form alone
    both = "You can usually use chlorhexidine mouthwash, gel or skin products while pregnant."
    assert message_form(both) is None


def test_a_skin_steroid_with_an_emollient_is_a_skin_product() -> None:
    from apothecary.monographs.page_form import page_form
    hydrocortisone = "A01AC03 A07EA02 C05AA01 D07AA02 D07AB02 D07XA01 H02AB09 S01BA02"
    urea = "B05BC02 D02AE01"  # also an infusion code: the shared forms were not one
    assert page_form(["Hydrocortisone + Urea"], [hydrocortisone, urea]) == frozenset({"skin"})
    # a steroid with a medicine made only to be swallowed is not made a cream
    assert page_form(["Prednisolone + X"], ["D07AA03 H02AB06", "A02BC01"]) != frozenset({"skin"})


def test_a_combinations_uses_line_names_each_ingredient_as_its_kind_line_does() -> None:
    from pagekit import shipped_pages
    page = shipped_pages("Hydrocortisone + Urea")["Hydrocortisone + Urea"]
    lines = {st.label: st.text for s in page.sections if s.id == "key-facts"
             for st in s.statements}
    uses = next(t for label, t in lines.items() if label and "used for" in label.casefold())
    assert "Urea:" in uses and "Carbamide" not in uses
    assert "Urea:" in lines["Kind of medicine"]
    # a cream: the steroid tablets' "do not stop taking it suddenly" is not on the page
    main = " ".join(st.text for s in page.sections for st in s.statements if not st.companion)
    assert "stop taking it suddenly" not in main


def test_a_liquid_steroid_with_anti_infectives_is_still_a_skin_product() -> None:
    """scan16: a "% w/v" lotion of beclometasone + neomycin + clotrimazole led with "As an
    inhaler, use it every day"."""
    from apothecary.monographs.page_form import page_form
    beclo, neo, clot = "A07EA07 D07AC15 R01AD01 R03BA01", "A01AB08 A07AA01 B05CA09 D06AX04 " \
        "J01GB05 R02AB01 S01AA03 S02AA07 S03AA01", "A01AB18 D01AC01 G01AF02"
    line = "Beclometasone 0.025% w/v + Neomycin 0.5% w/v + Clotrimazole 1% w/v"
    assert page_form([line], [beclo, neo, clot]) == frozenset({"skin"})
    # liquid drops whose every ingredient is an eye or ear medicine stay undecided by the rule
    ear = "S02AA01 D06AX02 J01BA01"
    assert page_form(["Chloramphenicol 5% w/v + Beclometasone 0.025% w/v"],
                     [ear, "D07AC15 S02BA99 R03BA01"]) != frozenset({"skin"})


def test_a_single_liquid_made_in_one_other_form_is_that_form() -> None:
    from apothecary.monographs.form_codes import liquid_form_word
    from apothecary.monographs.page_form import page_form
    timolol = "C07AA06 S01ED01"
    assert page_form(["Timolol 0.5% w/v"], [timolol]) == frozenset({"eye"})
    assert liquid_form_word(["Timolol 0.5% w/v"], frozenset({"eye"})) == "eye"
    assert page_form(["Timolol"], [timolol]) == frozenset({"systemic"})
    assert page_form(["Lactulose 66.7% w/v"], ["A06AD11"]) == frozenset({"systemic"})
    # a medicine made in several other forms is not guessed into one
    assert page_form(["Adrenaline 0.1% w/v"], ["A01AD01 C01CA24 R01AA14 S01EA01"]) == \
        frozenset({"systemic"})


def test_an_interaction_line_says_its_advice_once() -> None:
    """scan16: "they are usually not used together. Ask your pharmacist how to take them
    together" (a contradiction), and a major pair's "usually not taken together" twice."""
    from apothecary.writers.wording import effect_ask
    assert effect_ask("With ritonavir they are usually not used together.", "moderate") == ""
    assert effect_ask("They may make you sleepy.", "moderate").startswith("Ask your pharmacist")
    assert effect_ask("They are usually not taken together.", "major") == \
        "Ask your doctor before taking both."
    assert "usually not taken together" in effect_ask("More bleeding.", "major")
    # a contraindicated pair keeps its level's words whatever the sentence says
    assert "should not be taken together" in effect_ask("They are usually not taken "
                                                         "together.", "contraindicated")


def test_an_ingredients_message_for_another_partner_is_detail() -> None:
    """scan16: cefixime + clavulanic acid read "It is given with amoxicillin: do not take it
    if you have ever had an allergic reaction to a penicillin antibiotic"."""
    from apothecary.monographs.safety import other_partners_messages
    s = SafetyItem(topic="high_alert", label="Most important",
                   text="It is given with amoxicillin: do not take it if you are allergic.")
    plain = SafetyItem(topic="high_alert", label="Most important", text="Rarely it harms "
                       "the liver.")
    out = other_partners_messages([("Clavulanic Acid", s), ("Clavulanic Acid", plain)],
                                  ["Cefixime", "Clavulanic Acid"])
    assert [x.detail for _, x in out] == [True, False]
    same = other_partners_messages([("Clavulanic Acid", s)], ["Amoxicillin", "Clavulanic Acid"])
    assert not same[0][1].detail


def test_a_statins_no_in_pregnancy_is_a_warning_and_folic_acids_benefit_is_not() -> None:
    """Review 27: on a folate + B vitamins + rosuvastatin pill only folic acid's "recommended to
    help prevent birth defects" stayed on the main page (read as a warning); the statin's "not
    recommended in pregnancy" went to the companion as the milder answer."""
    from apothecary.monographs.key_facts import warns_of_harm
    assert not warns_of_harm("Folic acid is recommended to help prevent birth defects of the "
                             "baby's brain and spine.")
    assert warns_of_harm("It can cause birth defects: do not take it if you are pregnant.")
    from pagekit import shipped_pages
    line = "L-Methyl Folate + Methylcobalamin + Pyridoxal-5-phosphate + Rosuvastatin + Vitamin D3"
    page = shipped_pages(line)[line]
    main = [st.text for s in page.sections if s.id == "safety" for st in s.statements
            if not st.companion and (st.label or "").startswith("Pregnancy")]
    assert any("Statins are not recommended in pregnancy" in t for t in main), main


def test_own_ingredients_kept_apart_are_not_said_to_be_combined_on_purpose() -> None:
    """Review 27: a calcium + calcitriol + zinc + ibandronic acid kit read "This medicine
    combines them on purpose, in fixed amounts" of calcium and the bisphosphonate it blocks."""
    from pagekit import shipped_pages
    line = "Calcium + Calcitriol + Zinc + Ibandronic Acid"
    page = shipped_pages(line)[line]
    notes = {st.label: st.text for s in page.sections if s.id == "interactions"
             for st in s.statements if (st.label or "").endswith("in this medicine")}
    apart = next(t for label, t in notes.items() if "Ibandronic" in label and "Calcium" in label)
    assert "different times" in apart and "on purpose" not in apart
    assert any("on purpose" in t for t in notes.values())  # a pair not kept apart: as before
