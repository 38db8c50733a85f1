"""Kinds, forms and partner names a reader can use (review 20, sample S)."""

from __future__ import annotations

import re

from apothecary.monographs.uses import product_forms
from pagekit import shipped_pages


def _line(name: str, label: str) -> str:
    page = shipped_pages(name)[name]
    return next((st.text for s in page.sections for st in s.statements
                 if (st.label or "") == label), "")


def test_irrigation_codes_are_rinses_not_drips() -> None:
    """Mandelic acid's bladder-irrigation code (B05CA06) read as "an injection or drip"."""
    assert product_forms("B05CA06", []) == ["a rinse for the bladder or wounds (irrigation)"]
    assert "an injection or drip" in product_forms("B05BA01", [])  # a real drip


def test_a_beta_lactamase_inhibitor_and_antiseptics_say_what_they_are() -> None:
    assert _line("Tazobactam", "Kind of medicine").startswith("Beta-lactamase inhibitor")
    for name in ("Ethacridine", "Chlorhexidine"):
        assert _line(name, "Kind of medicine").startswith("Antiseptic"), name


def test_beef_and_pork_are_never_interaction_partners() -> None:
    page = shipped_pages("Atenolol")["Atenolol"]
    names = " ".join(st.text for s in page.sections if s.id == "interactions"
                     for st in s.statements)
    # the foods (WHO ATC's "insulin (beef)" read as "beef"); the animal insulins themselves
    # are insulins (since session 11 WHO's "insulin (beef)" is DrugBank's Insulin Beef)
    assert not re.search(r"(?<!Insulin )\b(?:Beef|Pork)\b", names)
    assert names  # the page still has its interactions


def test_a_beta_lactamase_inhibitor_is_not_given_the_penicillins_allergy_rule() -> None:
    """Ceftazidime + sulbactam showed "Tell your doctor if … allergic reaction to a
    penicillin" (the cephalosporin's) and "Do not take it if … a penicillin antibiotic"
    (the penicillins', reaching sulbactam through J01CG): two opposite lines (review 20)."""
    from apothecary.monographs import rules
    rows = [m for _, m, _ in rules.key_messages_for("sulbactam", "J01CG01")]
    assert not any("penicillin antibiotic" in m for m in rows)
    rows = [m for _, m, _ in rules.key_messages_for("amoxicillin", "J01CA04")]
    assert any("penicillin antibiotic" in m for m in rows)


def test_clobetasol_is_a_skin_steroid_though_it_has_an_eye_code() -> None:
    """"Clobetasol: steroid eye medicine" on a six-ingredient skin cream (review 21): its
    eye code S01BA17 was the longer prefix; main_classes.txt gives its main use's class."""
    assert _line("Clobetasol", "Kind of medicine").startswith("Steroid skin medicine")
