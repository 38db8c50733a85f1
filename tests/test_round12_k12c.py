"""Round 12 (session 10, k12c): reviewed rows for most-used medicines whose pages had gaps.

The key-message tests hold with the data file alone; the use and interaction tests need the
knowledge base text regenerated from leaflet_facts.txt (`apothecary kb build --text ...`)."""

from __future__ import annotations

import pytest

from pagekit import shipped_pages


def _section(name: str, section: str) -> list[tuple[str, str]]:
    page = shipped_pages(name)[name]
    return [((st.label or ""), st.text) for s in page.sections if s.id == section
            for st in s.statements]


def _text(name: str, section: str) -> str:
    return " ".join(f"{label}: {text}" for label, text in _section(name, section))


@pytest.mark.parametrize("name,year", [("Valdecoxib", "2005"), ("Rofecoxib", "2004")])
def test_a_cox2_painkiller_banned_in_india_says_so_on_the_first_screen(name: str,
                                                                      year: str) -> None:
    key = _text(name, "key-facts")
    assert f"banned in India since {year}" in key


def test_beta_lactamase_inhibitors_carry_the_allergy_question_not_a_penicillin_rule() -> None:
    for name in ("Sulbactam", "Tazobactam"):
        key = _text(name, "key-facts")
        assert "penicillin or cephalosporin antibiotic has ever given you" in key, name
        assert "penicillin antibiotic" not in key.replace("penicillin or cephalosporin", ""), name


def test_sulbactam_and_clindamycin_answer_pregnancy_and_breastfeeding() -> None:
    safety = dict(_section("Sulbactam", "safety"))
    assert "only if clearly needed" in safety["Pregnancy"]
    assert "breast milk" in safety["Breastfeeding"]
    safety = dict(_section("Clindamycin", "safety"))
    assert "unborn baby" in safety["Pregnancy"]
    assert "nappy rash" in safety["Breastfeeding"]


@pytest.mark.parametrize("name", ["Menthol", "Methyl Salicylate"])
def test_muscle_rub_ingredients_answer_pregnancy_and_breastfeeding(name: str) -> None:
    safety = dict(_section(name, "safety"))
    assert "ask a doctor or pharmacist before using" in safety["Pregnancy"]
    assert "ask a doctor or pharmacist before using" in safety["Breastfeeding"]


def test_magnesium_silicate_says_to_space_other_medicines() -> None:
    assert "2 to 4 hours apart" in _text("Magnesium Silicate", "key-facts")


@pytest.mark.parametrize("name,words", [
    ("Citicoline", "head injury"),
    ("Cilnidipine", "high blood pressure"),
    ("Ornidazole", "protozoa"),
    ("Doxofylline", "COPD"),
    ("Roxithromycin", "ear, nose and throat"),
    ("Nadifloxacin", "acne"),
])
def test_india_approved_uses_reach_usage(name: str, words: str) -> None:
    """Needs the regenerated knowledge base text (the rows are leaflet facts)."""
    assert words in _text(name, "usage")


def test_methyl_salicylate_rubs_warn_blood_thinner_users() -> None:
    """Needs the regenerated knowledge base text."""
    assert "thin your blood" in _text("Methyl Salicylate", "interactions")
