"""Round 12 (k12b): reviewed rows for vitamins, bowel preparations and cancer medicines reach
their pages: the key-facts box, the pregnancy and breastfeeding answers, uses, side effects
and interactions. The leaflet rows (dexpanthenol, eliglustat, magnesium sulfate) need the
knowledge base text regenerated from leaflet_facts.txt; the key messages are read at page time."""

from __future__ import annotations

from pagekit import shipped_pages


def _statements(name: str, section: str | None = None) -> list[tuple[str, str]]:
    page = shipped_pages(name)[name]
    return [((st.label or ""), st.text) for s in page.sections
            if section is None or s.id == section for st in s.statements]


def _labelled(name: str, label: str, section: str | None = None) -> str:
    return " ".join(t for lab, t in _statements(name, section) if lab.startswith(label))


def test_trametinib_key_facts_lead_with_its_skin_cancer_warning() -> None:
    assert "new skin cancers" in _labelled("Trametinib", "Most important", "key-facts")
    assert "None." not in _labelled("Trametinib", "Most important", "key-facts")


def test_trametinib_pregnancy_answer_is_the_reviewed_one() -> None:
    text = " ".join(t for lab, t in _statements("Trametinib", "safety") if lab == "Pregnancy")
    assert "4 months after the last dose" in text
    assert "insufficient data" not in text  # the US label's extract is no longer the answer


def test_vitamin_b12_pages_say_what_too_much_does() -> None:
    for name in ("Mecobalamin", "Cyanocobalamin", "Hydroxocobalamin"):
        assert "unlikely to harm you" in _labelled(name, "Overdose", "safety"), name


def test_folic_acid_and_thiamine_answer_overdose() -> None:
    assert "extra dose of folic acid" in _labelled("Folic Acid", "Overdose", "safety")
    assert "not been shown to cause harm" in _labelled("Thiamine", "Overdose", "safety")


def test_sodium_sulfate_answers_pregnancy_and_breastfeeding() -> None:
    assert "bowel-cleansing drink in pregnancy" in _labelled("Sodium Sulfate", "Pregnancy",
                                                             "safety")
    assert "breast milk" in _labelled("Sodium Sulfate", "Breastfeeding", "safety")
    assert "dehydrate you" in _labelled("Sodium Sulfate", "Most important", "key-facts")


def test_ademetionine_key_facts_warn_about_bipolar_disorder() -> None:
    assert "bipolar disorder" in _labelled("Ademetionine", "Most important", "key-facts")


def test_levocarnitine_and_eliglustat_answer_breastfeeding() -> None:
    assert "breast milk" in _labelled("Levocarnitine", "Breastfeeding", "safety")
    assert "breast milk" in _labelled("Eliglustat", "Breastfeeding", "safety")


def test_dexpanthenol_is_not_led_by_its_injection() -> None:
    """The injection's use and allergy rows led a plain "Dexpanthenol" page (fc14a): in
    India it is mostly a cream, and it has no injection ATC code, so they were taken out;
    its kind (a form of vitamin B5) stays. Needs the regenerated knowledge base text."""
    first = " ".join(t for _, t in _statements("Dexpanthenol", "key-facts")).lower()
    assert "injection" not in first and "vitamin b5" in first


def test_eliglustat_common_side_effects_are_the_leaflets() -> None:
    """Needs the regenerated knowledge base text (leaflet rows)."""
    assert "headache" in _labelled("Eliglustat", "Common", "side-effects").lower()


def test_magnesium_sulfate_injection_interacts_with_digoxin() -> None:
    """Needs the regenerated knowledge base text (leaflet rows)."""
    text = " ".join(t for _, t in _statements("Magnesium Sulfate", "interactions"))
    assert "heart block" in text
