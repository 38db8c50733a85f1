"""Round 12 (session 10, k12e): product-level rows for fixed-dose combinations of an Indian
list: what the combination is for (its own public source) and the one warning that belongs
to the product (a banned or refused FDC, a steroid cream and ringworm, a piles cream)."""

from __future__ import annotations

import pytest

from apothecary.models import Page
from pagekit import shipped_pages

BANNED = "India banned nimesulide with paracetamol as dispersible tablets"
REFUSED = "India's drug regulator refused permission to make and sell this combination"
STEROID = "its steroid can worsen or spread a skin infection, such as ringworm"
PILES = "if the piles get worse or are no better after 7 days"
RUB = "It is for the skin only: rub it on unbroken skin"
RUB_LINE = "Camphor + Capsaicin + Diclofenac + Menthol + Mephenesin"
UNDER_6 = "cough and cold medicines like this are not given to children under 6"
COLD = "Paracetamol + Pseudoephedrine + Triprolidine"

LINES = ("Nimesulide + Paracetamol", "Cefixime + Ornidazole",
         "Beclometasone + Neomycin + Clotrimazole", "Phenylephrine + Beclometasone + Lidocaine",
         "Lidocaine + Hydrocortisone + Phenylephrine + Zinc Oxide + Calcium Dobesilate",
         "Cefixime + Clavulanic Acid", "Calcium + Colecalciferol",
         RUB_LINE, COLD, "Ambroxol + Guaifenesin + Chlorphenamine + Phenylephrine",
         "Cetirizine + Dextromethorphan + Phenylephrine", "Dextromethorphan",
         "Triprolidine", "Chlorphenamine", "Nimesulide", "Paracetamol", "Cefixime",
         "Lidocaine", "Phenylephrine", "Diclofenac")


def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _most_important(page: Page) -> list[str]:
    return [st.text for s in page.sections if s.id == "key-facts"
            for st in s.statements if st.label == "Most important"]


def _used_for(page: Page) -> str:
    return next((st.text for s in page.sections if s.id == "key-facts"
                 for st in s.statements if (st.label or "") == "Used for"), "")


@pytest.mark.parametrize(("line", "message"), [
    ("Nimesulide + Paracetamol", BANNED),
    ("Cefixime + Ornidazole", REFUSED),
    ("Beclometasone + Neomycin + Clotrimazole", STEROID),
    ("Phenylephrine + Beclometasone + Lidocaine", PILES),
    ("Lidocaine + Hydrocortisone + Phenylephrine + Zinc Oxide + Calcium Dobesilate", PILES),
    (RUB_LINE, RUB),
    ("Ambroxol + Guaifenesin + Chlorphenamine + Phenylephrine", UNDER_6),
    ("Cetirizine + Dextromethorphan + Phenylephrine", UNDER_6),
])
def test_the_combination_leads_with_its_own_warning(line: str, message: str) -> None:
    kf = _most_important(_pages()[line])
    assert kf and message in kf[0]


@pytest.mark.parametrize(("line", "message"), [
    ("Nimesulide", BANNED), ("Paracetamol", BANNED), ("Cefixime", REFUSED),
    ("Lidocaine", PILES), ("Phenylephrine", PILES), ("Diclofenac", RUB),
    ("Triprolidine", UNDER_6), ("Dextromethorphan", UNDER_6), ("Chlorphenamine", UNDER_6),
    ("Phenylephrine", UNDER_6),
    ("Lidocaine + Hydrocortisone + Phenylephrine + Zinc Oxide + Calcium Dobesilate", UNDER_6),
])
def test_a_product_warning_never_reaches_an_ingredients_own_page(line: str, message: str) -> None:
    text = " ".join(st.text for s in _pages()[line].sections for st in s.statements)
    assert message not in text


def test_the_combinations_own_use_leads_the_key_facts() -> None:
    pages = _pages()
    assert _used_for(pages["Cefixime + Clavulanic Acid"]).startswith("Bacterial infections")
    calcium = _used_for(pages["Calcium + Colecalciferol"])
    assert calcium.startswith("To top up calcium and vitamin D")
    assert "osteoporosis" in calcium


def test_a_cold_remedy_with_paracetamol_shows_both_product_warnings() -> None:
    """The paracetamol check-the-label line leads; the children's line follows it."""
    kf = _most_important(_pages()[COLD])
    assert "many also contain paracetamol" in kf[0]
    assert any(UNDER_6 in line for line in kf[1:3])
