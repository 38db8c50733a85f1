"""Session 21's own fixes from review 39 (beside round 34's helpers)."""

from __future__ import annotations

from pagekit import section_pairs, shipped_pages


def _faq(line: str, start: str) -> str:
    page = shipped_pages(line)[line]
    answers = [text for label, text in section_pairs(page, "faqs") if label.startswith(start)]
    assert len(answers) == 1, answers
    return answers[0]


def test_an_own_breastfeeding_answer_is_not_preceded_by_the_pregnancy_line() -> None:
    # pioglitazone's NHS pregnancy line also names breastfeeding; its own breastfeeding line
    # answers the question alone (the answer said "not recommended" twice, review 39)
    answer = _faq("Pioglitazone", "Can I take Pioglitazone while breastfeeding")
    assert "breastfeeding" in answer
    assert "pregnan" not in answer.casefold(), answer


def test_the_pregnancy_answer_keeps_its_line() -> None:
    # the pregnancy question is still answered by the pregnancy line, breastfeeding and all
    answer = _faq("Pioglitazone", "Can I take Pioglitazone if I am pregnant")
    assert "not recommended in pregnancy" in answer, answer
