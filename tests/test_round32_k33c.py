"""Round 32 (k33c, issue 10): a single medicine's plain-name page is of the form India's
approvals name. Review 38: ibopamine, approved in India only as eye drops (its tablets,
WHO C01CA16, were withdrawn), was a "heart and blood vessel medicine"."""

from __future__ import annotations

from functools import cache

from apothecary.models import Fact, FactKind, Page
from apothecary.monographs.form_codes import message_form
from apothecary.monographs.india_form import approval_forms, india_form
from pagekit import section_pairs, shipped_pages

LINES = ("Ibopamine", "Tretinoin", "Idoxuridine", "Phenylephrine", "Ciclosporin",
         "Terbinafine", "Metformin", "Adapalene", "Alclometasone")


@cache
def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _key(line: str) -> dict[str, str]:
    return dict(section_pairs(_pages()[line], "key-facts"))


def _approval(plain: str, strength: str) -> Fact:
    return Fact(id="a", drug_id="d", kind=FactKind.APPROVAL, value=plain, plain=plain,
                source_id="cdsco", locator=f"cdsco_approved_new_drugs.csv row 1; approved "
                f"1/1/00; strength {strength}", licence="Not verified")


def test_an_approval_names_its_products_forms_from_its_strength_first() -> None:
    eye = _approval("Ophthalmologists- as mydriatic agents in diagnostic ophthalmology.",
                    "Each ml of eye drop contains; ibopamine hcl eq.to ibopamine-2mg")
    assert approval_forms(eye) == {frozenset({"eye"})}
    both = _approval("Fungal infection of skin,hair nails.", "tablet-250mg, cream-1%")
    assert len(approval_forms(both)) == 2  # terbinafine's tablets and cream: no one form
    assert approval_forms(_approval("For topical treatment of acne.", "not given")) == {
        frozenset({"skin"})}
    assert india_form([eye], "C01CA16 S01FB03") == frozenset({"eye"})
    assert india_form([both], "D01AE15 D01BA02") == frozenset()
    # an approval of no form word beside one of eye drops (ciclosporin): none
    assert india_form([eye, _approval("Organ transplants.", "not given")],
                      "L04AD01 S01XA18") == frozenset()
    assert india_form([eye], "S01FB03") == frozenset()  # made in one form only


def test_ibopamine_is_described_as_the_eye_drops_india_approved() -> None:
    key = _key("Ibopamine")
    assert "heart" not in key["Kind of medicine"].casefold(), key
    assert "eye" in key["Kind of medicine"].casefold(), key
    assert key["How it is used"].startswith("In the eye"), key
    assert "(as eye" not in key["Used for"], key  # its own use, not another form's
    forms = dict(section_pairs(_pages()["Ibopamine"], "usage"))["Forms"]
    assert "this page is about its eye drops" in forms, forms


def test_a_plain_tretinoin_page_is_the_acne_cream_its_approvals_name() -> None:
    key = _key("Tretinoin")
    assert key["Used for"].startswith("Acne"), key
    assert "leukaemia" not in key["Used for"], key
    assert key["How it is used"].startswith("On the skin"), key
    assert "eye" in _key("Idoxuridine")["Kind of medicine"].casefold()


def test_pages_the_approvals_do_not_decide_are_as_before() -> None:
    # a line naming a form keeps it: ibopamine tablets are not eye drops
    tablets = shipped_pages("Ibopamine Tablets")["Ibopamine Tablets"]
    assert "How it is used" not in dict(section_pairs(tablets, "key-facts"))
    # approvals of several forms (ciclosporin, terbinafine), of one form only (metformin,
    # adapalene), of a medicine made only for the body (alclometasone), and an approval
    # whose form none of the reviewed uses are (phenylephrine's "Ophthalmic.": its reviewed
    # blocked nose leads): no form line, the same lead use
    for line in ("Ciclosporin", "Terbinafine", "Metformin", "Adapalene", "Alclometasone",
                 "Phenylephrine"):
        assert "How it is used" not in _key(line), line
    assert "nose" in _key("Phenylephrine")["Used for"], _key("Phenylephrine")
    assert "transplant" in _key("Ciclosporin")["Used for"].casefold(), _key("Ciclosporin")


def test_a_vaginal_ointments_own_warning_is_of_the_vaginal_form() -> None:
    text = "As a vaginal ointment: if this is your first vaginal itch, see a doctor."
    assert message_form(text) == "vaginal"
    assert message_form("Put the ointment on the skin twice a day.") == "skin"
    assert message_form("Use the eye ointment at night.") == "eye"
