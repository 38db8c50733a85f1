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


def _st(label: str, text: str, who: str | None = None) -> Statement:
    return Statement(label=label, text=text, ingredient=who, fact_ids=["f"])


def test_a_repeated_warning_label_extracts_and_notes_move_before_answers() -> None:
    """Review 19's cold tablet: "children under 2" twice, a US children's label beside the
    plain line, the cough medicine's advice notes (session 9)."""
    tail = "ask a doctor or pharmacist before giving any to a child under 12."
    under2 = f"Cough and cold medicines must not be given to children under 2: {tail}"
    again = f"Do not give cough and cold medicines to children under 2: {tail}"
    bp = "Ask a doctor first if you have high blood pressure, heart or thyroid disease."
    sections = [Section(id="safety", title="Safety", statements=[
        _st("Most important (Guaifenesin)", under2, "Guaifenesin"),
        _st("Most important (Phenylephrine)", again, "Phenylephrine"),
        _st("Most important (Phenylephrine)", bp, "Phenylephrine"),
        _st("Do not use (US label) (Phenylephrine)", "Do not use in a child " * 10,
            "Phenylephrine"),
        _st("Good to know (Guaifenesin)", "Stop and see a doctor if the cough lasts. " * 3,
            "Guaifenesin"),
        _st("Pregnancy (Phenylephrine)", "Only take one if a doctor advises it.",
            "Phenylephrine")])]
    fitted = fit_words(sections, 10)
    moved = [st.text for st in fitted[0].statements if st.companion]
    kept = [st.text for st in fitted[0].statements if not st.companion]
    assert again in moved and under2 in kept and bp in kept  # a different warning stays
    assert any(t.startswith("Do not use in a child") for t in moved)
    assert any(t.startswith("Stop and see a doctor") for t in moved)
    assert "Only take one if a doctor advises it." in kept
    assert len(fitted[0].statements) == 6


def test_the_last_side_effect_list_and_each_ingredients_first_interaction_stay() -> None:
    """Review 25: a bowel prep's main page had no side effect left once its common lists
    moved; an inhaler's steroid lost its ritonavir line to its reliever's three."""
    effects = Section(id="side-effects", title="Side effects", statements=[
        _st("Common (source: X) (A)", "feeling sick " * 30, "A"),
        _st("Common (source: X) (B)", "bloating " * 30, "B")])
    inter = Section(id="interactions", title="Interactions", statements=[
        *(_st(f"Beta{n}", "word " * 30, "Formoterol") for n in range(4)),
        _st("Ritonavir", "word " * 30, "Budesonide")])
    fitted = fit_words([effects, inter], 1)
    assert [st.companion for st in fitted[0].statements] == [False, True]
    assert [st.companion for st in fitted[1].statements] == [False, False, False, True, False]
