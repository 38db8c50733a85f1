"""Round 34 (k34d, review 39): drops for the ear and eye. A steroid + anti-infective line of
no form that WHO's eye and ear classes also meet covers its cream, eye drops and ear drops
(gentamicin + hydrocortisone was a cream only, without the ear drops' burst eardrum); eye
drops that widen the pupil say "not with narrow-angle glaucoma" on the first screen; a single
page's forms line shows what India's approvals name, other countries' forms on the
companion page."""

from __future__ import annotations

from functools import cache

from apothecary.models import Fact, FactKind, Page
from apothecary.monographs.drop_forms import drops_too
from apothecary.monographs.form_codes import forms_line
from apothecary.monographs.india_form import sold_forms
from apothecary.monographs.model import Item
from pagekit import shipped_pages, statements_of

GENTAMICIN = "D06AX07 J01GB03 S01AA11 S02AA14 S03AA06"
HYDROCORTISONE = "A01AC03 A07EA02 C05AA01 D07AA02 D07AB02 D07XA01 H02AB09 S01BA02 S01CB03 S02BA01"
MICONAZOLE = "A01AB09 A07AC01 D01AC02 G01AF04 J02AB01 S02AA13"

LINES = (
    "'Gentamicin', 'Hydrocortisone'",
    "'Betamethasone (0.05%)', 'Gentamicin (0.1%)'",
    "'Atropine', 'Chloramphenicol', 'Dexamethasone'",
    "'Diphenoxylate (2.5mg)', 'Atropine (0.025mg)'",
    "'Homatropine'",
    "Clobetasol",
    "Paracetamol",
    "Ketoconazole",
    "Betamethasone, Neomycin",
)


@cache
def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _statements(line: str, section: str, companion: bool = False) -> list[tuple[str, str]]:
    return statements_of(_pages()[line], section, companion)


def _key(line: str) -> str:
    return " ".join(f"{label}: {text}" for label, text in _statements(line, "key-facts"))


def test_a_steroid_antibiotic_line_of_no_form_covers_its_ear_and_eye_drops() -> None:
    key = _key("'Gentamicin', 'Hydrocortisone'")
    used = next(t for label, t in _statements("'Gentamicin', 'Hydrocortisone'", "key-facts")
                if label == "How it is used")
    assert "ear drops" in used and "eye drops" in used and "cream" in used, used
    assert "eardrum" in key, key  # gentamicin's ear drops' own warning, on the first screen
    assert "eye" in key  # and the steroid eye drops' pressure and herpes warning


def test_a_cream_whose_reviewed_use_is_the_skins_stays_a_cream() -> None:
    line = "'Betamethasone (0.05%)', 'Gentamicin (0.1%)'"
    key = _key(line)
    assert "How it is used: On the skin" in key, key
    assert "eardrum" not in key and "Made in more than one form" not in key


def test_drops_too_needs_each_organs_steroid_and_anti_infective() -> None:
    shared = frozenset({"skin", "eye", "ear", "systemic"})
    assert drops_too([GENTAMICIN, HYDROCORTISONE], shared) == {"eye", "ear"}
    # miconazole has an ear code but is no eye medicine: with hydrocortisone, only ear drops
    assert drops_too([MICONAZOLE, HYDROCORTISONE], frozenset({"skin", "ear"})) == {"ear"}
    assert drops_too([GENTAMICIN, "D01AC01 G01AF02"], shared) == frozenset()


def test_the_several_forms_line_names_each_form() -> None:
    line = forms_line(frozenset({"skin", "ear"}))
    assert "a cream, gel or ointment; ear drops" in line and "does not say which" in line
    assert forms_line(frozenset({"ear"})) == ""
    assert forms_line(frozenset({"skin", "systemic"})) == ""


def test_pupil_widening_eye_drops_say_narrow_angle_glaucoma_on_the_first_screen() -> None:
    for line in ("'Atropine', 'Chloramphenicol', 'Dexamethasone'", "'Homatropine'"):
        must = [t for label, t in _statements(line, "key-facts")
                if label.startswith("Who must not use it")]
        assert must and "narrow-angle glaucoma" in must[0], (line, must)


def test_atropine_tablets_do_not_get_the_eye_drops_glaucoma_item() -> None:
    line = "'Diphenoxylate (2.5mg)', 'Atropine (0.025mg)'"
    text = " ".join(t for s in ("key-facts", "safety") for _, t in _statements(line, s))
    assert "narrow-angle" not in text, text


def test_clobetasol_forms_line_keeps_its_eye_drops_on_the_companion_page() -> None:
    main = [t for label, t in _statements("Clobetasol", "usage") if label == "Forms"]
    more = [t for label, t in _statements("Clobetasol", "usage", True)
            if label == "Forms sold elsewhere"]
    assert main and "skin cream" in main[0] and "eye drops" not in main[0], main
    assert more and "eye drops" in more[0], more


def test_forms_lines_whose_approvals_do_not_say_are_unchanged() -> None:
    # paracetamol: an approval of no form word (its infusion's "10mg/ml"): every WHO form
    main = [t for label, t in _statements("Paracetamol", "usage") if label == "Forms"]
    assert main and main[0].startswith("Paracetamol comes in more than one form around the "
                                       "world: tablets or liquid to swallow; an injection; "
                                       "suppositories."), main
    # ketoconazole: approved as tablets, but its cream is a use's form: kept on the page
    keto = [t for label, t in _statements("Ketoconazole", "usage") if label == "Forms"]
    assert keto and "skin cream" in keto[0], keto


def _approval(strength: str, plain: str = "Antibiotic.") -> Fact:
    return Fact(id="a1", drug_id="D1", kind=FactKind.APPROVAL, value="x", plain=plain,
                source_id="cdsco", locator=f"row 1; strength {strength}", licence="x")


def test_sold_forms_never_hides_tablets_or_a_uses_form() -> None:
    forms = ["a skin cream or ointment", "eye drops or eye ointment"]
    eye = [_approval("Each eye drop contains; x-0.1%")]
    assert sold_forms(forms, eye) == (["eye drops or eye ointment"],
                                      ["a skin cream or ointment"])
    assert sold_forms(forms, eye, [Item(text="eczema", form="as a cream")])[1] == []
    assert sold_forms(forms, [_approval("not given")]) == (forms, [])
    # a medicine also swallowed: the register's new-drug rows never speak for its old forms
    tablets = ["tablets or liquid to swallow", *forms]
    assert sold_forms(tablets, eye) == (tablets, [])


def test_a_several_form_pages_first_screen_names_whose_must_not_it_is() -> None:
    must = [t for label, t in _statements("Betamethasone, Neomycin", "key-facts")
            if label.startswith("Who must not use it")]
    labels = [label for label, _ in _statements("Betamethasone, Neomycin", "key-facts")
              if label.startswith("Who must not use it")]
    # the neomycin ointment's "do not use it in the eyes" is the cream's, on a page that is
    # also eye drops
    assert must and "in the eyes" in must[0]
    assert "cream" in labels[0] or "(a cream" in must[0], (labels, must)
