"""Generic fixes for review 32's findings (sample ZD)."""

from __future__ import annotations

from apothecary.monographs.how_it_works import fits


def test_mesh_calcium_channel_blockers_name_only_the_blood_pressure_and_vertigo_ones() -> None:
    # MeSH files pregabalin (N02BF02) and magnesium sulfate under the heading: a pregabalin
    # painkiller was linked beside cilnidipine + metoprolol as "calcium channel blocker"
    assert not fits("Calcium Channel Blockers", "N02BF02")
    assert not fits("Calcium Channel Blockers", "A06AD04 A12CC02 B05XA05 D11AX05 V04CC02")
    assert fits("Calcium Channel Blockers", "C08CA01")
    assert fits("Calcium Channel Blockers", "N07CA03")


def test_a_use_that_names_its_form_gets_no_second_form_note() -> None:
    from pagekit import shipped_page

    page = shipped_page("Ciclosporin")
    texts = [f"{st.label} {st.text}".casefold() for s in page.sections if s.id == "usage"
             for st in s.statements]
    assert not any("as eye drops (as eye" in t for t in texts)
    assert any("dry eye disease, as eye drops" in t for t in texts)  # (fc25c)


def test_a_major_pair_whose_reason_already_keeps_them_apart_is_not_told_so_twice() -> None:
    from apothecary.writers.wording import EFFECT_ASK, effect_ask

    for said in ("Ketoconazole raises its level: they should not be taken together.",
                 "Reboxetine is not taken with an MAOI antidepressant: a serious reaction.",
                 "Together they raise its level, so they are best avoided.",
                 "Avoid taking them together."):
        assert effect_ask(said, "major") == "Ask your doctor before taking both.", said
    # a reason that says nothing of taking them apart keeps the level's own words
    assert effect_ask("Together they make bleeding more likely.", "major") == EFFECT_ASK["major"]


def test_an_everyday_danger_partner_gets_a_main_line_past_the_full_slots() -> None:
    from apothecary.monographs.interactions import DANGER_EXTRA, MAIN_PARTNERS
    from pagekit import section_pairs, shipped_page

    lines = [label for label, _ in section_pairs(shipped_page("Rifampicin"), "interactions")
             if label and not label.startswith(("Should", "Usually", "Moderate", "May",
                                                "Minor", "In groups", "Serious", "Listed",
                                                "Take care"))]
    # three contraindicated lines, ticagrelor and the pill took the five slots (review 32)
    assert any(label.startswith("Warfarin") for label in lines), lines
    assert len(lines) <= MAIN_PARTNERS + DANGER_EXTRA


def test_a_reason_that_says_a_level_is_checked_needs_no_question_after_it() -> None:
    from apothecary.writers.wording import effect_ask

    assert effect_ask("It raises digoxin: your digoxin level is checked more often.",
                      "moderate") == ""
    assert effect_ask("Together they make bleeding more likely.", "moderate") != ""


def test_chloramphenicol_with_hydrocortisone_is_written_up_as_eye_drops() -> None:
    from pagekit import section_pairs, shipped_pages

    [page] = shipped_pages("Chloramphenicol + Hydrocortisone").values()
    first = dict(section_pairs(page, "key-facts"))
    assert first["How it is used"].startswith("In the eye"), first
    assert "thin layer" not in " ".join(first.values())  # no steroid cream's advice (review 32)


def test_an_eye_ointment_is_the_eyes_not_the_skins() -> None:
    from apothecary.monographs.form_codes import message_form

    assert message_form("As eye drops or eye ointment, long use can raise eye pressure.") == "eye"
    assert message_form("As an ointment, put a thin layer on the skin.") == "skin"


def test_eye_drops_of_a_medicine_with_no_atc_code_lose_the_laxatives_urgent_sign() -> None:
    from pagekit import section_pairs, shipped_pages

    [page] = shipped_pages("Light mineral oil + White mineral oil").values()
    first = dict(section_pairs(page, "key-facts"))
    assert first["How it is used"].startswith("In the eye"), first
    main = " ".join(st.text for s in page.sections if s.id in ("key-facts", "side-effects")
                    for st in s.statements if not st.companion)
    assert "breathed into the lungs" not in main  # the oral laxative's (k25a)
    # (the companion page may keep it, labelled as another form's)
    assert all("other forms" in (st.label or "") for s in page.sections for st in s.statements
               if "breathed into the lungs" in st.text)
