"""Round 34 (k34c, review 39): a high-risk medicine's second-tier US label warnings (its
"Warnings and precautions" headings: gut perforation, hepatitis B, liver, allergy, low blood
sugar with other diabetes medicines, diarrhoea) reach its page in plain words; bromhexine and
ambroxol say "do not take two cough medicines that contain it"."""

from __future__ import annotations

import csv
from pathlib import Path

import apothecary
from apothecary.models import Page
from apothecary.monographs import label_warnings as lw
from apothecary.monographs import rules
from pagekit import shipped_pages, texts_by_label

DRUGS = Path(apothecary.__file__).parent / "data" / "kb" / "drugs.tsv"
LINES = ("Tocilizumab (200mg)", "Capecitabine 500mg", "Pioglitazone 15mg", "Bromhexine 8mg",
         "Glimepiride (1000mg) + Metformin (500mg) + Pioglitazone (15mg)", "Metformin 500mg",
         "Warfarin 5mg", "Baricitinib (1mg)")


def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _safety(line: str, companion: bool = False) -> dict[str, str]:
    """Label → text of a page's safety statements, main page or companion."""
    return texts_by_label(_pages()[line], "safety", companion)


def test_tocilizumab_names_its_gut_tear_and_hepatitis_b_warnings_on_its_page() -> None:
    main, more = _safety(LINES[0]), _safety(LINES[0], companion=True)
    assert "diverticulitis" in main["Tear in the stomach or gut"]
    assert "change in your bowel habits" in main["Tear in the stomach or gut"]
    assert "hepatitis B" in main["Hepatitis B"]
    # the main page keeps its caps: the third and fourth go to the companion page
    assert sum(k in main for k in ("Serious allergic reaction", "Liver problems")) == 0, main
    assert "trouble breathing" in more["Serious allergic reaction"]
    assert "yellow" in more["Liver problems"]
    assert "Most important" in main  # the boxed TB warning still leads


def test_capecitabine_gets_its_kidney_contraindication_and_diarrhoea_rule() -> None:
    main = _safety(LINES[1])
    assert "severe kidney disease" in main["Who must not take it"]
    assert "4 or more bowel movements a day above what is usual" in main["Severe diarrhoea"]
    assert "DPD" in main["Most important"]  # unchanged


def test_pioglitazone_says_low_blood_sugar_with_a_sulfonylurea_or_insulin() -> None:
    main = _safety(LINES[2])
    assert "sulfonylurea" in main["Low blood sugar"] and "insulin" in main["Low blood sugar"]
    # on a combination the ingredient's own label is not the product's: companion only
    combo, more = _safety(LINES[4]), _safety(LINES[4], companion=True)
    assert "Low blood sugar" not in combo and "Low blood sugar" in more


def test_a_message_a_reviewed_line_already_says_is_not_repeated() -> None:
    # metformin's NHS key message already says it rarely makes blood sugar too low
    assert "Low blood sugar" not in _safety(LINES[5])
    assert "Low blood sugar" not in _safety(LINES[5], companion=True)
    assert lw.warning_items("metformin", ["it can make your blood sugar too low"]) == []
    assert [i.label for i in lw.warning_items("metformin", [])] == ["Low blood sugar"]


def test_a_medicine_without_label_headings_is_unchanged() -> None:
    for companion in (False, True):
        labels = set(_safety(LINES[6], companion)) - {"-"}
        assert not labels & {h.label for h in lw.headings().values()}, labels
    assert lw.warning_items("warfarin", []) == []


def test_bromhexine_and_ambroxol_warn_about_the_same_ingredient_twice() -> None:
    main = _safety(LINES[3])
    assert "bromhexine or ambroxol" in main["Same ingredient twice"]
    assert rules.same_ingredient()["ambroxol"][0].startswith("Do not take it with another")
    assert rules.same_ingredient()["paracetamol"][0].startswith(  # unchanged
        "Do not take it with any other medicine that contains paracetamol")


def test_every_heading_row_is_known_cited_and_reaches_a_shipped_medicine() -> None:
    names: set[str] = set()
    with DRUGS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            names.add(rules.key(row["name"]))
    table = lw.label_warnings()
    assert len(table) >= 10
    for name, rows in table.items():
        assert name in names, name
        for w in rows:
            assert ": https://" in w.source, w
            assert w.source.count("https://") == 1, w  # one address, at the end
            if w.kind == "serious":
                assert "at once" in w.message, w
            if w.kind == "must_not":
                assert w.message.startswith("Do not take it"), w
    for heading, h in lw.headings().items():
        assert "https://" in h.source or h.kind == "must_not" or h.message == "-", heading


def test_a_heading_whose_advice_differs_between_labels_takes_each_labels_own_words() -> None:
    heads = lw.headings()
    assert heads["diarrhea"].message == "-"  # no one rule for every label's diarrhoea
    capecitabine = {w.heading: w for w in lw.label_warnings()["capecitabine"]}
    assert "4 or more bowel movements a day above what is usual" in capecitabine["diarrhea"].message
    assert "Patient Information" in capecitabine["diarrhea"].source
    # a sulfonylurea's or insulin's own "Hypoglycemia" is not pioglitazone's "with insulin"
    assert "on its own" not in heads["hypoglycemia"].message.casefold()
    assert "on its own" in heads["hypoglycemia with concomitant use with insulin and "
                                 "insulin secretagogues"].message.casefold()
