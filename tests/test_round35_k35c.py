"""Round 35 (k35c, review 40): a medicine's own top label warning reaches its page: the
wakefulness medicines' psychiatric symptoms and misuse, abacavir's heart attack, the low-
molecular-weight heparins' low platelets (HIT), every NSAID's "not around heart bypass
surgery" and celecoxib's sulpha allergy on the first screen, levetiracetam's behaviour and
skin headings, the SSRIs' bleeding; a page whose lines already said it is unchanged."""

from __future__ import annotations

from functools import lru_cache

from apothecary.models import Page
from apothecary.monographs import label_warnings as lw
from apothecary.monographs import rules
from pagekit import shipped_pages, texts_by_label

LINES = ("Armodafinil (150mg)", "Bemiparin (3500IU)", "Abacavir (300mg)", "Celecoxib (200mg)",
         "Levetiracetam", "Paroxetine (10mg)", "Enoxaparin (300mg)", "Heparin (5000IU)",
         "Risperidone (1mg)", "Mefenamic Acid (500mg)", "Etoricoxib (90mg)",
         "Warfarin 5mg", "Modafinil (100mg)", "Brivaracetam", "Tacrolimus (3mg)")


@lru_cache(maxsize=1)
def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _section(line: str, sid: str, companion: bool = False) -> dict[str, str]:
    """Label → text of a page's statements in section `sid`, main page or companion."""
    return texts_by_label(_pages()[line], sid, companion)


def _all(line: str) -> str:
    return " ".join(st.text for s in _pages()[line].sections for st in s.statements)


def test_armodafinil_and_modafinil_warn_of_psychiatric_symptoms_and_misuse() -> None:
    for line in (LINES[0], LINES[12]):
        main = _section(line, "safety")
        assert "seeing or hearing things that are not there" in main["Mental health symptoms"]
        assert "misused or lead to dependence" in main["Misuse and dependence"]
        assert "serious skin reaction" in main["Most important"]  # unchanged, still leads


def test_abacavir_names_the_heart_attack_risk_of_its_label() -> None:
    main = _section(LINES[2], "safety")
    assert "heart attack" in main["Heart attack"]
    assert "Myocardial Infarction" in lw.label_warnings()["abacavir"][0].source
    assert "HLA-B*5701" in main["Most important"]  # unchanged


def test_low_molecular_weight_heparins_warn_of_hit_but_heparin_keeps_its_own_row() -> None:
    for line in (LINES[1], LINES[6]):
        main = _section(line, "safety")
        assert "heparin-induced thrombocytopenia" in main["Most important"], line
        assert "spinal or epidural" in main["Most important"], line  # unchanged
    heparin = _all(LINES[7])
    assert "heparin-induced thrombocytopenia" not in heparin  # its own row says it
    assert "platelets in your blood fall" in heparin


def test_nsaids_are_not_for_around_heart_bypass_surgery_on_the_first_screen() -> None:
    for line in (LINES[3], LINES[9]):
        first = _section(line, "key-facts")
        assert "heart bypass surgery" in first["Who must not take it"], (line, first)
    # fact check 35: the CABG warning is US class labeling; etoricoxib (never US-approved)
    # has none in its EU SmPC, so the narrowed class rows do not reach it
    assert "heart bypass" not in _all(LINES[10])
    # celecoxib's own sulpha allergy leads its list; etoricoxib's label has none
    assert "sulfonamide" in _section(LINES[3], "key-facts")["Who must not take it"]
    assert "Who must not take it" not in _section(LINES[10], "key-facts")  # fact check 35
    assert "sulpha" not in _all(LINES[10]).casefold()


def test_levetiracetam_gets_its_behaviour_and_skin_headings() -> None:
    main = _section(LINES[4], "safety")
    assert "aggressive" in main["Behaviour changes"]
    assert "do not stop taking it" in main["Behaviour changes"]  # never "stop taking it"
    assert "peeling skin" in main["Serious skin reaction"]


def test_brivaracetam_and_tacrolimus_get_their_label_headings() -> None:
    assert "see or hear things" in _section(LINES[13], "safety")["Behaviour changes"]
    assert "after a transplant" in _section(LINES[14], "safety")["High blood sugar"]


def test_ssri_bleeding_and_already_said_headings() -> None:
    assert "blood thinner" in _section(LINES[5], "safety")["Bleeding"]
    # risperidone's reviewed serious effects already name stiff muscles with fever: no NMS line
    labels = set(_section(LINES[8], "safety")) | set(_section(LINES[8], "safety", True))
    assert "Neuroleptic malignant syndrome" not in labels
    assert any(w.heading == "neuroleptic malignant syndrome"
               for w in lw.label_warnings()["risperidone"])


def test_a_medicine_outside_these_classes_is_unchanged() -> None:
    text = _all(LINES[11])
    for words in ("heart bypass", "heparin-induced", "controlled medicine", "Mental health"):
        assert words not in text, words
    assert lw.warning_items("warfarin", []) == []


def test_class_rows_reach_only_their_members() -> None:
    cabg = [r for r in (rules.DATA / "must_not.txt").read_text(encoding="utf-8").splitlines()
            if "heart bypass" in r and not r.startswith("#")]
    assert {r.split(" | ")[0].split()[0] for r in cabg} == {
        "atc:M01AB", "atc:M01AC", "atc:M01AE", "atc:M01AG", "atc:M01AH",
        "parecoxib"}  # not glucosamine
    # fact check 35: only members with a US label (class boxed warning) are reached
    for code in ("!M01AB16", "!M01AC05", "!M01AE17", "!M01AG02", "!M01AH05"):
        assert any(code in r for r in cabg), code
    kms = [r for r in (rules.DATA / "key_messages.txt").read_text(encoding="utf-8").splitlines()
           if "heparin-induced thrombocytopenia" in r and not r.startswith("#")]
    assert len(kms) == 1 and "!B01AB01" in kms[0] and "!B01AB09" in kms[0]
