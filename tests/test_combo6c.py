"""Product-level key messages of fixed-dose combinations (round 6, combo6-c): each leads its
combination's key facts and never reaches an ingredient's own page."""

from __future__ import annotations

import pytest

from apothecary.models import Page
from pagekit import shipped_pages

STEROID = "its steroid can worsen or spread a skin infection, such as ringworm"
ACE_ARB = "An ACE inhibitor with an ARB"
LOMOTIL = "Not for children under 6: in young children it can slow the breathing"
FANSIDAR = "Rarely it causes severe, life-threatening skin reactions"
DAPT = "It contains aspirin and clopidogrel"
DROSPIRENONE = "Pills with drospirenone carry a somewhat higher risk of blood clots"
BOWEL_PREP = "this bowel prep can cause dehydration"

LINES = ("Clobetasol + Neomycin + Miconazole", "Beclometasone + Clotrimazole",
         "Valsartan + Ramipril", "Diphenoxylate + Atropine", "Pyrimethamine + Sulfadoxine",
         "Aspirin + Clopidogrel", "Ethinylestradiol + Drospirenone",
         "Sodium Sulfate + Potassium Sulfate + Magnesium Sulfate", "Clobetasol + Salicylic Acid",
         "Clobetasol", "Miconazole", "Clotrimazole", "Beclometasone", "Valsartan", "Ramipril",
         "Diphenoxylate", "Pyrimethamine", "Clopidogrel", "Aspirin", "Ethinylestradiol",
         "Magnesium Sulfate")


def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _key_facts(page: Page) -> str:
    return " ".join(st.text for s in page.sections if s.id == "key-facts"
                    for st in s.statements)


def _everything(page: Page) -> str:
    return " ".join(st.text for s in page.sections for st in s.statements)


@pytest.mark.parametrize(("line", "message"), [
    ("Clobetasol + Neomycin + Miconazole", STEROID),
    ("Beclometasone + Clotrimazole", STEROID),
    ("Valsartan + Ramipril", ACE_ARB),
    ("Diphenoxylate + Atropine", LOMOTIL),
    ("Pyrimethamine + Sulfadoxine", FANSIDAR),
    ("Aspirin + Clopidogrel", DAPT),
    ("Ethinylestradiol + Drospirenone", DROSPIRENONE),
    ("Sodium Sulfate + Potassium Sulfate + Magnesium Sulfate", BOWEL_PREP),
])
def test_the_combination_leads_with_its_own_warning(line: str, message: str) -> None:
    kf = [st.text for s in _pages()[line].sections if s.id == "key-facts"
          for st in s.statements if st.label == "Most important"]
    assert kf and message in kf[0]


@pytest.mark.parametrize(("line", "message"), [
    ("Clobetasol", STEROID), ("Miconazole", STEROID), ("Clotrimazole", STEROID),
    ("Beclometasone", STEROID), ("Valsartan", ACE_ARB), ("Ramipril", ACE_ARB),
    ("Diphenoxylate", LOMOTIL), ("Pyrimethamine", FANSIDAR), ("Clopidogrel", DAPT),
    ("Aspirin", DAPT), ("Ethinylestradiol", DROSPIRENONE), ("Magnesium Sulfate", BOWEL_PREP),
])
def test_an_ingredients_own_page_never_shows_the_products_warning(line: str,
                                                                   message: str) -> None:
    assert message not in _everything(_pages()[line])


def test_a_steroid_cream_without_an_anti_infective_is_not_matched() -> None:
    """Salicylic acid has a WHO ATC code among the antifungals (D01AE12): clobetasol with
    salicylic acid is a psoriasis cream, not a steroid-antifungal one."""
    assert STEROID not in _everything(_pages()["Clobetasol + Salicylic Acid"])


def test_a_class_first_combination_row_is_never_a_class_row() -> None:
    """"atc:C09A + atc:C09C + ..." starts like a class row: it reached every ACE inhibitor's
    own key messages until class rows skipped combination rows."""
    from apothecary.monographs.rules import key_messages_for

    assert not any(ACE_ARB in m for _, m, _ in key_messages_for("ramipril", "C09AA05"))
    assert not any(STEROID in m for _, m, _ in key_messages_for(
        "clotrimazole", "A01AB18 D01AC01 G01AF02"))
