"""A topical combination's page (a cream, eye or ear drops) keeps only what fits its form
(round 32, review 37): its interactions question names none of its ingredients' tablets'
partners, the datasets' side effects seen only with another form leave it, eye drops with an
eye lubricant are known as eye drops, and a "% w/w" cream is not also an eye ointment."""

from __future__ import annotations

from collections.abc import Callable

from apothecary.monographs.page_form import page_form
from pagekit import shipped_pages

CALCIPOTRIOL = "'Betamethasone', 'Calcipotriol'"
EYE_DROPS = ("'Tobramycin (0.3% w/v)', 'Dexamethasone (0.1% w/v)', "
             "'Hydroxypropylmethylcellulose (0.25% w/v)'")
CREAM = ("'Ofloxacin (0.50% w/w)', 'Fluocinolone acetonide (0.01% w/w)', "
         "'Clotrimazole (1% w/w)', 'Chlorocresol (0.01% w/w)'")
ACNE = "'Adapalene (1% w/w)', 'Clindamycin (1% w/w)'"
TABLETS = "'Aceclofenac (100mg)', 'Tizanidine (4mg)'"
ZINC_EYE = "'Sulfacetamide', 'Boric Acid', 'Zinc Sulfate'"
ZINC = "'Zinc Sulfate'"
TIMOLOL = "Timolol Eye Drops"
SALICYLIC = "'Betamethasone (0.1% w/w)', 'Salicylic Acid (3% w/w)'"


def _pages() -> dict[str, tuple[str, str, str]]:
    """(main page text, companion text, interactions answer) of each test line."""
    out = {}
    for line, page in shipped_pages(CALCIPOTRIOL, EYE_DROPS, CREAM, ACNE, TABLETS, ZINC_EYE,
                                       ZINC, TIMOLOL, SALICYLIC).items():
        main = " ".join(f"{st.label or ''} {st.text}" for s in page.sections
                        for st in s.statements if not st.companion)
        more = " ".join(f"{st.label or ''} {st.text}" for s in page.sections
                        for st in s.statements if st.companion)
        faq = next((f.answer for f in page.faqs
                    if "interact with other medicines" in f.question), "")
        out[line] = (main, more, faq)
    return out


PAGES = _pages()


def test_a_skin_products_interaction_answer_names_no_tablet_partners() -> None:
    main, _, faq = PAGES[CALCIPOTRIOL]
    assert "no interactions of this form itself" in faq
    assert "taken by mouth or injected" in faq
    for tablet_partner in ("BCG Vaccine", "Mifamurtide", "Acetylsalicylic Acid"):
        assert tablet_partner not in faq
    # a page with a partner of its own form names it, and only counts its tablets' partners
    _, _, acne = PAGES[ACNE]
    assert "Benzoyl Peroxide" in acne
    assert "Rifampicin" not in acne and "Erythromycin" not in acne


def test_a_tablet_pages_interaction_answer_is_unchanged() -> None:
    from apothecary.writers.sections import _interaction_answer

    assert _interaction_answer(["Warfarin", "Aspirin"], 0) == (
        "Yes. Our sources list 2 medicines that can interact with it: Warfarin and Aspirin. "
        "See Interactions. Tell your doctor and pharmacist about every medicine you take.")
    _, _, faq = PAGES[TABLETS]
    assert faq.startswith("Yes. Our sources list") and "taken by mouth" not in faq
    # timolol's eye drops name verapamil and diltiazem as their own partners: the drops'
    # label lists them (review 38 found them labelled "when taken by mouth or injected";
    # round 32 k33d)
    _, _, timolol = PAGES[TIMOLOL]
    assert "taken by mouth" not in timolol and "Verapamil" in timolol, timolol


def test_another_forms_side_effect_group_leaves_a_skin_page() -> None:
    main, more, _ = PAGES[CALCIPOTRIOL]
    assert "Pain where the drops went in" not in main + more  # "With eye drops only"
    assert "Where a skin product is put on only" in more  # its own form's group stays


def test_eye_drops_with_an_eye_lubricant_are_eye_drops() -> None:
    atcs = ["J01GB01 S01AA12",
            "A01AC02 C05AA09 D07AB19 D07XB05 D10AA03 H02AB02 R01AD03 S01BA01 S01CB01 "
            "S02BA06 S03BA01", "S01KA02"]
    assert page_form([EYE_DROPS], atcs, names=["tobramycin", "dexamethasone",
                                               "hypromellose"]) == {"eye"}
    main, more, _ = PAGES[EYE_DROPS]
    assert "In the eye" in main
    # the injected aminoglycosides' and steroid tablets' facts leave the main page
    for systemic in ("Ringing in the ears", "Vancomycin", "do not stop taking it suddenly",
                     "More appetite and weight gain"):
        assert systemic not in main
    assert "Do not let the dropper tip touch your eye" in main  # its own handling stays


def test_a_skin_cream_tied_with_an_eye_ointment_is_a_cream() -> None:
    atcs = ["J01MA01 S01AE01 S02AA16", "C05AA10 D07AC04 S01BA15 S02BA08",
            "A01AB18 D01AC01 G01AF02"]
    assert page_form([CREAM], atcs) == {"skin"}
    main, _, _ = PAGES[CREAM]
    assert "On the skin" in main
    assert "dropper tip" not in main and "after using the eye drops" not in main
    # an eye ointment of eye medicines only is still tied (chloramphenicol + hydrocortisone)
    both = page_form(["'Chloramphenicol (1% w/w)', 'Hydrocortisone (0.5% w/w)'"],
                     ["D06AX02 J01BA01 S01AA01 S02AA01 S03AA08",
                      "A01AC03 A07EA02 C05AA01 D07AA02 D07XA01 H02AB09 S01BA02 S01CB03 "
                      "S02BA01"])
    assert {"skin", "eye"} <= both


def test_a_supplements_kind_leaves_eye_drops_it_is_in() -> None:
    main, _, _ = PAGES[ZINC_EYE]
    assert "zinc supplement" not in main.casefold()
    assert "immune system" not in main  # its how-it-works, led by that kind
    assert "sulfonamide antibiotic" in main.casefold()  # the eye drop's own kind stays
    alone, _, _ = PAGES[ZINC]  # zinc sulfate's own page is still a zinc supplement's
    assert "zinc supplement" in alone.casefold()


def test_a_combinations_own_uses_name_its_form_when_the_codes_tie() -> None:
    from apothecary.monographs.combination_uses import CombinationUse
    from apothecary.monographs.page_form import form_of_uses

    def row(*uses: str) -> Callable[[], CombinationUse]:
        return lambda: CombinationUse(("a", "b"), uses, "test", 1)

    tie = frozenset({"skin", "eye"})
    assert form_of_uses(tie, row("Dry, scaly or thickened skin conditions")) == {"skin"}
    assert form_of_uses(tie, row("Something else")) == tie  # nothing named: as it was
    assert form_of_uses(tie, lambda: None) == tie
    main, _, _ = PAGES[SALICYLIC]  # both have eye codes too: a skin ointment, not eye drops
    assert "steroid eye medicine" not in main and "steroid eye drops" not in main
    assert "On the skin" in main
