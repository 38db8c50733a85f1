"""US-label sentences written for prescribers stay off the main page (reviews 10 and 11):
each row of prescriber_phrases.txt, the split of an extract, and the safety items built."""

from __future__ import annotations

import pytest

from apothecary.models import Fact, FactKind
from apothecary.monographs import rules
from apothecary.monographs.safety import (
    FOR_PRESCRIBERS,
    for_prescribers,
    select_safety,
    split_extract,
    without_xrefs,
)

ALLERGY = ("Do not take it if you have ever had an allergic reaction to it or to anything "
           "else in it.")
# one sentence each row must catch, in the row order (reviews 10 and 11, demo pages)
EXAMPLES = [
    "If massive overdose should occur, initiate active cardiac and respiratory monitoring.",
    "Steps to reduce the risk of and manage metformin-associated lactic acidosis in these "
    "high risk groups are provided.",
    "See the full prescribing information for details.",
    "Discontinuation of the drug should be considered.",
    "Physicians should be alert to the possibility of this reaction.",
    "Closely monitor all antidepressant-treated patients for clinical worsening.",
    "Patients should be monitored for signs of bleeding.",
    "Female patients of childbearing potential who present with isotretinoin overdose must "
    "be evaluated for pregnancy.",
    "Sitagliptin is modestly dialyzable.",
    "Based on biological plausibility, platelet transfusion may restore clotting ability.",
    "Plavix has a smaller effect in patients who are CYP2C19 poor metabolizers.",
    "The effectiveness of Plavix is dependent on its activation by the cytochrome P450 system.",
    "Patients have recovered from valproate levels as high as 2120 mcg/mL.",
    "The half-life of zolpidem is similar to that in non-lactating women.",
    "Amlodipine besylate tablets are contraindicated in patients with known sensitivity to "
    "amlodipine.",
    "Amnesteem is contraindicated in patients who are hypersensitive to this medication.",
    "Hypersensitivity to any component.",
    "Because of the potential for adverse effects on the nursing infant, a decision should be "
    "made whether to discontinue nursing or discontinue the drug.",
    "Caution should be exercised when valproate is administered to a nursing woman.",
    "Clarithromycin should be used during pregnancy only if the potential benefit justifies "
    "the potential risk to the fetus.",
    "The highest doses of MEKINIST evaluated in clinical trials were 4 mg orally once daily.",
    "Antidepressants increased the risk of suicidal thoughts and behavior in pediatric and "
    "young adult patients in short-term studies.",
]
# what a reader needs: never caught
KEPT = [
    "Overdosage might be expected to cause excessive peripheral vasodilation with marked "
    "hypotension.",
    "In case of overdose, get medical help or contact a Poison Control Center right away.",
    "Hypersensitivity to this product or to other sulfonamide-derived drugs.",
    "Clarithromycin is contraindicated in patients with a known hypersensitivity to "
    "clarithromycin or any of the macrolide antibiotics.",
    "Do not use with any other drug containing acetaminophen.",
    "When pregnancy is detected, discontinue losartan potassium as soon as possible.",
]


def test_every_row_has_an_example_and_catches_it() -> None:
    rows = rules.prescriber_phrases()
    assert len(rows) == len(EXAMPLES)
    for (pattern, _), example in zip(rows, EXAMPLES, strict=True):
        assert pattern.search(example), (pattern.pattern, example)


@pytest.mark.parametrize("sentence", EXAMPLES)
def test_each_example_is_for_prescribers(sentence: str) -> None:
    assert for_prescribers(sentence)[0]


@pytest.mark.parametrize("sentence", KEPT)
def test_reader_sentences_stay(sentence: str) -> None:
    assert not for_prescribers(sentence)[0]


def test_the_colon_form_of_the_allergy_formula_is_caught() -> None:
    assert for_prescribers("Losartan potassium is contraindicated: In patients who are "
                           "hypersensitive to any component of this product.") == (True, ALLERGY)


def test_prescriber_formulas_on_pregnancy_and_breastfeeding_get_plain_words() -> None:
    main, moved, _ = split_extract("Zolpidem is excreted in human milk. Caution should be "
                                "exercised when Ambien is administered to a nursing woman.")
    assert main == ("Zolpidem is excreted in human milk. Ask your doctor before taking it "
                    "while breastfeeding.")
    assert moved.startswith("Caution should be exercised")


def test_the_allergy_formula_shows_plain_words_once() -> None:
    main, moved, _ = split_extract(
        "Amlodipine besylate tablets are contraindicated in patients with known sensitivity "
        "to amlodipine. Hypersensitivity to any component.")
    assert main == ALLERGY
    assert moved.startswith("Amlodipine besylate tablets")


def test_a_split_keeps_every_sentence() -> None:
    text = ("Overdosage might be expected to cause marked hypotension. If massive overdose "
            "should occur, initiate active cardiac and respiratory monitoring. Limited data "
            "are available.")
    main, moved, _ = split_extract(text)
    assert "initiate" not in main and "initiate" in moved
    assert sorted((main + " " + moved).split()) == sorted(text.split())


def test_a_sentence_leaning_on_a_moved_one_moves_too() -> None:
    main, moved, _ = split_extract("Closely monitor all treated patients. These reports are rare.")
    assert main == ""
    assert moved == "Closely monitor all treated patients. These reports are rare."


def test_cross_references_to_label_sections_are_removed() -> None:
    assert without_xrefs("It can cause lactic acidosis (5.1).") == "It can cause lactic acidosis."
    assert without_xrefs("Bleeding can occur [see Warnings and Precautions (5.2)].") == \
        "Bleeding can occur."
    assert without_xrefs("Allergic to it (see PRECAUTIONS: Hypersensitivity).") == \
        "Allergic to it."


def test_safety_items_move_prescriber_text_to_the_companion() -> None:
    overdose = Fact(id="o1", drug_id="D", kind=FactKind.OVERDOSE, value="overdose",
                    plain="Overdosage might be expected to cause marked hypotension. If "
                    "massive overdose should occur, initiate active cardiac and respiratory "
                    "monitoring.", source_id="openfda", locator="set_id x",
                    licence="public domain")
    allergy = Fact(id="c1", drug_id="D", kind=FactKind.CONTRAINDICATION, value="ci",
                   plain="Amlodipine besylate tablets are contraindicated in patients with "
                   "known sensitivity to amlodipine.", source_id="openfda", locator="set_id x",
                    licence="public domain")
    items = select_safety([overdose, allergy], "")
    main = [i for i in items if not i.detail]
    moved = [i for i in items if i.detail]
    assert {i.text for i in main} == {
        "Overdosage might be expected to cause marked hypotension.", ALLERGY}
    assert any(i.label == "Who must not take it (US label, in plain words)" for i in main)
    assert {i.label for i in moved} == {f"Overdose (US label, {FOR_PRESCRIBERS})",
                                        f"Who must not take it (US label, {FOR_PRESCRIBERS})"}
    assert all(i.fact_ids for i in items)


# -- CDSCO approval quotes: spelling corrected, and said so (approval_typos.txt) -------------

def test_every_typo_row_corrects_its_word() -> None:
    rows = [r for r in rules._rows("approval_typos.txt", 3)]
    assert len(rows) >= 60
    for typo, right, note in rows:
        assert note
        assert typo.casefold() != right.casefold()
        fixed, changed = rules.correct_spelling(f"For {typo} of pain")
        assert changed and fixed == f"For {right} of pain", typo


def test_spelling_keeps_capitals_and_whole_words() -> None:
    assert rules.correct_spelling("Asthama and maintenanace therapy") == (
        "Asthma and maintenance therapy", True)
    assert rules.correct_spelling("For asthmatic bronchitis") == (
        "For asthmatic bronchitis", False)


def test_a_quoted_approval_says_its_spelling_was_corrected() -> None:
    from apothecary.writers.template import SPELLING_NOTE, _quoted
    text = _quoted("For prphylaxis of asthama")
    assert "prphylaxis" not in text and "asthama" not in text
    assert "prophylaxis of asthma" in text and text.endswith(SPELLING_NOTE)
    assert SPELLING_NOTE not in _quoted("For hypertension")


def test_plain_approval_uses_the_same_rows() -> None:
    assert "maintenance" in rules.plain_approval("For maintenanace treatment of asthama")


# -- the word budget of a combination's main page --------------------------------------------

def _demo_combinations(limit: int):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from apothecary.knowledge.default import open_kb
    from apothecary.names.parse import read_list
    from apothecary.names.resolve import Resolver
    from apothecary.site.pipeline import plan_pages
    from apothecary.writers import template

    kb = open_kb()
    resolver = Resolver(kb)
    demo = Path(__file__).parents[1] / "examples" / "demo.txt"
    requests, _ = plan_pages([resolver.resolve(n, t) for n, t in read_list(demo)], kb)
    old = template.COMBO_WORDS
    template.COMBO_WORDS = limit
    try:
        return template.TemplateWriter(kb).write_pages(
            [r for r in requests if len(r.drugs) > 1])
    finally:
        template.COMBO_WORDS = old


def test_combination_main_pages_keep_the_budget_and_lose_no_statement() -> None:
    from apothecary.monographs.key_facts import warns_of_harm
    from apothecary.writers.word_budget import COMBO_WORDS, MOVE_ORDER, main_words

    fitted = _demo_combinations(COMBO_WORDS)
    full = _demo_combinations(10**9)
    assert len(fitted) == len(full) >= 10
    before = sorted(main_words(p.sections) for p in full)
    after = sorted(main_words(p.sections) for p in fitted)
    assert before[len(before) // 2] > COMBO_WORDS  # the budget has work to do
    assert after[len(after) // 2] <= 0.85 * before[len(before) // 2]
    for a, b in zip(fitted, full, strict=True):
        def every(p):  # type: ignore[no-untyped-def]
            return sorted((s.id, st.label or "", st.text, tuple(st.fact_ids))
                          for s in p.sections for st in s.statements)
        assert every(a) == every(b), a.title  # main + companion: the same statements
        if main_words(a.sections) > COMBO_WORDS:  # over: nothing movable is left on it
            assert not any(rule(s.id, st, n, s.statements) for rule in MOVE_ORDER
                           for s in a.sections for n, st in enumerate(s.statements)
                           if not st.companion), a.title
        # what a reader must see stays on the main page: the key facts, how it works, the
        # uses, the first safety messages and interactions
        for x, y in zip(a.sections, b.sections, strict=True):
            for n, (st, was) in enumerate(zip(x.statements, y.statements, strict=True)):
                if st.companion and not was.companion:
                    assert x.id not in ("key-facts", "how-it-works"), (a.title, st.label)
                    assert not (x.id == "usage" and st.label != "Approved in India for")
                    assert not (x.id == "interactions" and n < 3)
                    # a safety line moves only as an overdose extract, as a milder
                    # pregnancy answer beside another ingredient's harm warning, which stays,
                    # or (session 9) as a US-label extract, an ingredient's "Good to know"
                    # note or a "Most important" line another one already says
                    harm = any((o.label or "").startswith("Pregnancy") and not o.companion
                               and warns_of_harm(o.text) for o in x.statements)
                    label = st.label or ""
                    assert not (x.id == "safety" and not label.startswith(
                        ("Overdose (US label", "Good to know", "Most important"))
                        and "(US label" not in label and not (
                            harm and label.startswith("Pregnancy"))), label
        for x, y in zip(a.sections, b.sections, strict=True):  # never silent on overdose
            if x.id == "safety" and any((st.label or "").startswith("Overdose")
                                        and not st.companion for st in y.statements):
                assert any((st.label or "").startswith("Overdose") and not st.companion
                           for st in x.statements), a.title
