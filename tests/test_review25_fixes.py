"""Session 12: review 25's generic fixes beyond the page's route (test_page_route.py): a US
label's text for doctors off the main page, with what to do still said there."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.writers.wording import GIVEN_OVERDOSE, overdose_elsewhere
from pagekit import shipped_pages


def _main(page: Page, section: str) -> list[tuple[str, str]]:
    return [(st.label or "", st.text) for s in page.sections if s.id == section
            for st in s.statements if not st.companion]


def _companion(page: Page, section: str) -> list[tuple[str, str]]:
    return [(st.label or "", st.text) for s in page.sections if s.id == section
            for st in s.statements if st.companion]


def test_an_overdose_section_for_doctors_leaves_a_plain_line_on_the_main_page() -> None:
    page = shipped_pages("Trametinib", "Sertraline")["Trametinib"]
    main = _main(page, "safety")
    assert ("Overdose", overdose_elsewhere("Trametinib", False)) in main
    assert not any("clinical trials" in t for _, t in main)
    assert any("clinical trials" in t for _, t in _companion(page, "safety"))  # moved


def test_the_overdose_line_for_a_medicine_given_by_staff() -> None:
    assert overdose_elsewhere("X", True).startswith(GIVEN_OVERDOSE)
    assert "get medical help at once" in overdose_elsewhere("X", False)


def test_the_antidepressant_boxed_warning_is_in_plain_words_on_the_main_page() -> None:
    page = shipped_pages("Trametinib", "Sertraline")["Sertraline"]
    main = " ".join(t for _, t in _main(page, "safety"))
    assert "pediatric" not in main and "young adults" in main
    assert any("pediatric" in t for _, t in _companion(page, "safety"))


def test_raw_dataset_uses_follow_reviewed_uses_on_the_companion_page() -> None:
    """Azelastine's main page led with LabeledIn's "Itching"; doxepin's said depression
    twice (review 25). The raw lists stay, on the companion page."""
    pages = shipped_pages("Azelastine", "Doxepin")
    for name, page in pages.items():
        main = [(label, text) for label, text in _main(page, "usage") if label != "Forms"]
        assert main and all("Source:" in text for _, text in main), name
        assert any("Source:" not in text for _, text in _companion(page, "usage")), name


def test_lines_naming_two_forms_make_a_page_of_both_never_the_tablets() -> None:
    from apothecary.monographs.form_codes import SYSTEMIC, message_form
    from apothecary.monographs.page_form import page_form
    form = page_form(["Azelastine Nasal Spray", "Azelastine Eye Drops"], ["R01AC03 R06AX19"])
    assert form == {"nose", "eye"} and SYSTEMIC not in form
    page = shipped_pages("Azelastine Nasal Spray", "Azelastine Eye Drops")[
        "Azelastine Nasal Spray"]
    key = " ".join(t for _, t in _main(page, "key-facts"))
    assert "nose allergies" in key and "eyes" in key and "Itching" not in key
    # an inhaler's or a nose spray's words name their form (k14c: "rinse your mouth" after an
    # inhaler on a steroid cream's page)
    assert message_form("After using the inhaler, rinse your mouth.") == "inhaled"
    assert message_form("As a nasal spray it can make you sleepy.") == "nose"


def test_a_message_that_only_mentions_an_inhaler_is_not_the_inhalers() -> None:
    from apothecary.monographs.form_codes import message_form
    assert message_form("For a sudden attack use your reliever inhaler: tablets and syrups "
                        "are for people who cannot use an inhaler well.") is None
    assert message_form("After using the inhaler or nebuliser, rinse your mouth.") == "inhaled"


def test_a_cream_takes_its_forms_class_answer_when_the_tablets_class_was_narrower() -> None:
    """Betamethasone's steroid-tablet pregnancy row (H02AB) is narrower than the skin
    steroids' (D07A); on a cream with gentamicin it was left off as the tablets', and the
    page answered nothing (review 25)."""
    page = shipped_pages("Betamethasone + Gentamicin", "Desonide")["Betamethasone + Gentamicin"]
    # (round 18: gentamicin's own answer, "by injection it is usually avoided", now leads
    # the main page, so the cream's reassurance is companion detail beside it)
    answers = [t for label, t in _main(page, "safety") + _companion(page, "safety")
               if label.startswith("Pregnancy")]
    assert any("Steroid creams and ointments" in t for t in answers)
    assert not any("Prednisolone" in t for t in answers)


def test_a_skin_steroid_with_an_eye_code_is_a_skin_medicine() -> None:
    page = shipped_pages("Betamethasone + Gentamicin", "Desonide")["Desonide"]
    kind = next(t for label, t in _main(page, "key-facts") if label == "Kind of medicine")
    assert "skin" in kind and "eye" not in kind


def test_a_first_screen_shows_at_most_three_most_important_lines() -> None:
    """Review 25: a four-ingredient cough syrup's first screen had four "Most important"
    lines beside its product's own; the rest stay in the safety section."""
    from apothecary.monographs.key_facts import KEY_LINES_MAX
    line = "Ambroxol + Guaifenesin + Chlorpheniramine Maleate + Phenylephrine"
    page = shipped_pages(line, "Sodium Chloride + Potassium Chloride + Sodium Citrate + "
                         "Dextrose")[line]
    lines = [t for label, t in _main(page, "key-facts") if label.startswith("Most important")]
    assert 2 <= len(lines) <= KEY_LINES_MAX == 3
    safety = " ".join(t for _, t in _main(page, "safety") + _companion(page, "safety"))
    assert all(t.rstrip(".") in safety for t in lines)


def test_a_products_own_rows_name_its_form_before_the_codes() -> None:
    """Clindamycin + nicotinamide is an acne gel; the codes' shared "systemic" wrote it up as
    capsules ("Swallow the capsules with a full glass of water"). Its own reviewed row says
    "clindamycin used on the skin": the page is the skin product's (session 12)."""
    from apothecary.monographs.form_codes import SYSTEMIC
    from apothecary.monographs.page_form import page_form
    codes = ["D10AF01 G01AA10 J01FF01", "A11HA01"]
    assert page_form(["X + Y"], codes) == {SYSTEMIC}
    assert page_form(["X + Y"], codes, product_says=["skin"]) == {"skin"}
    assert page_form(["X + Y"], codes, product_says=["skin", "eye"]) == {SYSTEMIC}
    assert page_form(["X + Y Tablets"], codes, product_says=["skin"]) == {SYSTEMIC}
    line = "Clindamycin + Nicotinamide"
    page = shipped_pages(line, "Desonide")[line]
    text = " ".join(t for s in ("key-facts", "safety") for _, t in _main(page, s))
    assert "capsules" not in text and "Swallow" not in text


def test_tricholine_citrate_is_a_choline_salt() -> None:
    """"Tricholine Citrate + Sorbitol" (a common Indian syrup) was lost to the salt's
    spelling while choline citrate resolved (reviews 26a and 26)."""
    from apothecary.knowledge.default import open_kb
    from apothecary.names.resolve import Resolver
    resolver = Resolver(open_kb())
    assert resolver.resolve(1, "Tricholine Citrate").key == \
        resolver.resolve(2, "Choline Citrate").key == "DB00122"


def test_plain_words_and_the_labels_own_are_never_one_statement() -> None:
    """Metformin's "Who must not take it (US label, in plain words)" ran the label's
    "contraindicated in patients with: Severe renal impairment" into the plain allergy rule
    (review 26): the plain sentence is its own statement, the label's words keep "US label"."""
    page = shipped_pages("Metformin", "Desonide")["Metformin"]
    pairs = _main(page, "safety") + _companion(page, "safety")
    plain = [t for label, t in pairs if "in plain words" in label]
    assert plain and not any("contraindicated" in t for t in plain)
    assert any("contraindicated" in t for label, t in pairs
               if "US label" in label and "in plain words" not in label)


def test_kinds_k14b_found_wrong_have_plain_words_of_their_class() -> None:
    """Amrinone read "calcium channel blocker", ritodrine "opens the airways", seratrodast
    "painkiller" (k14b, session 12)."""
    pages = shipped_pages("Amrinone", "Ritodrine", "Seratrodast", "Amlexanox")

    def kind(line: str) -> str:
        return next(t for label, t in _main(pages[line], "key-facts")
                    if label == "Kind of medicine")
    assert "heart-failure" in kind("Amrinone").casefold()
    assert "early labour" in kind("Ritodrine").casefold()
    assert "asthma" in kind("Seratrodast").casefold()
    assert "mouth" in kind("Amlexanox").casefold()  # its asthma code is not its kind
