"""Single checks on single sentences: what counts as a refusal or an outdated category."""

from __future__ import annotations

import pytest

from apothecary.audit.findings import OUTDATED, REFUSAL, check_note
from apothecary.audit.pages import parse_page


@pytest.mark.parametrize("text", [
    "I'm sorry, but I cannot find a medicine with that name.",
    "As an AI language model, I can't give medical advice.",
    "I am an AI and cannot verify this.",
    "Xylotrex is not a recognised medicine.",
    "It does not appear to be a known medication.",
    "There is no known drug called Foo.",
    "Could you please provide the full name of the medicine?",
    "The name you provided appears incomplete.",
    "This may be a typo.",
    "Did you mean hydralazine?",
])
def test_refusals_are_found(text: str) -> None:
    assert REFUSAL.search(text)


@pytest.mark.parametrize("text", [
    "Consult your doctor before taking it.",
    "Ask your pharmacist if you are unsure.",
    "If you cannot swallow tablets, a liquid form is available.",
    "It is not known whether it passes into breast milk.",
    "This is not a known drug interaction.",
    "Please provide your doctor with a list of all your medicines.",
    "You cannot take it with alcohol.",
    "Your doctor may not recommend it for children.",
    "Tell your doctor if you are unable to sleep.",
])
def test_ordinary_advice_is_not_a_refusal(text: str) -> None:
    assert not REFUSAL.search(text)


@pytest.mark.parametrize("text,found", [
    ("It is Pregnancy Category C.", "C"),
    ("FDA pregnancy category: X", "X"),
    ("Listed as category D in pregnancy.", "D"),
    ("US FDA category B", "B"),
    ("Australian pregnancy category B3 applies.", None),  # TGA categories are current
    ("Talk to your doctor if you are pregnant.", None),
    ("It belongs to the category of pain relievers.", None),
])
def test_outdated_letter_categories(text: str, found: str | None) -> None:
    m = OUTDATED.search(text)
    assert (next(g for g in m.groups() if g).upper() if m else None) == found


def test_note_needs_disclaimer_and_provenance() -> None:
    both = parse_page("# T\n\n**Disclaimer:** Not a substitute for advice.\n\n"
                      "**Note:** Written by our editors.\n")
    assert check_note(both) == []
    only_disclaimer = parse_page("# T\n\n**Disclaimer:** Not a substitute for advice.\n")
    assert check_note(only_disclaimer)[0].detail == "no provenance note"
    none = parse_page("# T\n\nSome text.\n")
    assert check_note(none)[0].detail == "no disclaimer; no provenance note"
