"""A combination's main page within its word budget: what moves to the companion first."""

from __future__ import annotations

from apothecary.models import Section, Statement
from apothecary.monographs.key_facts import warns_of_harm
from apothecary.writers.word_budget import fit_words, main_words

HARM = "It can harm an unborn baby and is not normally used in pregnancy."
MILD = "There is no evidence that medicines of this kind harm an unborn baby."
ASK = "It is not usually recommended in pregnancy: ask your doctor."


def _safety(*answers: tuple[str, str]) -> list[Section]:
    filler = Statement(label="Most important", text="word " * 40, fact_ids=["f"])
    return [Section(id="safety", title="Important safety information", statements=[
        filler, *(Statement(label=f"Pregnancy ({who})", text=text, ingredient=who,
                            fact_ids=["p"]) for who, text in answers)])]


def test_a_harm_warning_is_told_from_a_reassurance() -> None:
    assert warns_of_harm(HARM)
    assert not warns_of_harm(MILD) and not warns_of_harm(ASK)


def test_milder_pregnancy_answers_move_when_another_ingredient_warns_of_harm() -> None:
    sections = _safety(("Olmesartan", HARM), ("Amlodipine", MILD), ("Thiazide", ASK))
    fitted = fit_words(sections, 10)
    shown = [st.ingredient for st in fitted[0].statements if not st.companion and st.ingredient]
    assert shown == ["Olmesartan"]  # the product's answer: the warning stays
    assert len(fitted[0].statements) == 4  # nothing dropped: the others are companion detail
    assert main_words(fitted) < main_words(sections)


def test_no_pregnancy_answer_moves_without_a_harm_warning_or_within_budget() -> None:
    mild = _safety(("Amlodipine", MILD), ("Thiazide", ASK))
    assert fit_words(mild, 10) == mild
    both = _safety(("Olmesartan", HARM), ("Amlodipine", MILD))
    assert fit_words(both, 10_000) == both
