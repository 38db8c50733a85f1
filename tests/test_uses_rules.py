"""Issue 10, review 7: which uses lead a page and how they are worded — prevention as
prevention, symptoms that repeat a disease, vitamins' leaked uses, another product form's
use, a class's purpose on thin pages, CDSCO approvals in plain words, salt and prodrug
titles, and the structured data and search topics built from the selected uses."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Drug, Fact, FactKind, Page, Section, Statement
from apothecary.monographs import rules
from apothecary.monographs.uses import (
    key_uses,
    nutrient_kind,
    nutrient_leak,
    select_uses,
    use_forms,
)
from apothecary.names.rules import form_name
from apothecary.render.jsonld import page_uses
from apothecary.site import planning
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from apothecary.writers.wording import CLASS_USES_LABEL, names_a_use


def _use(fid: str, value: str, plain: str, source: str = "labeledin",
         how: str = "") -> Fact:
    locator = f"drug_indication.tsv row 1 ({how})" if how else "row 1"
    return Fact(id=fid, drug_id="D", kind=FactKind.USE, value=value, plain=plain,
                source_id=source, locator=locator, licence="x")


# -- prevention worded as prevention ------------------------------------------------------

def test_a_prevention_term_is_worded_as_prevention_without_a_table_row() -> None:
    assert rules.use_words("Prevention of Stress Ulcer", "prevention of stress ulcer") == \
        "to prevent stress ulcer"
    assert rules.use_words("Hypokalemia Prevention", "hypokalemia prevention") == \
        "to prevent low potassium"
    assert rules.use_words("Colorectal Surgery Infection Prevention", "x") == \
        "to prevent infection after colorectal surgery"
    # a row of prevention.txt still wins (the table's wording for the named condition)
    assert rules.use_words("Myocardial Infarction Prevention", "x") == \
        "to lower the risk of a heart attack, or of another one"
    assert rules.use_words("Hypertension", "high blood pressure") == "high blood pressure"


def test_transplant_rejection_is_always_prevention_and_one_use() -> None:
    words = {rules.use_words(t, t.lower()) for t in (
        "Kidney Transplant Rejection", "Prevention of Kidney Transplant Rejection",
        "Renal Transplant Rejection")}
    assert words == {"to prevent rejection of a kidney transplant"}
    assert rules.use_words("Organ Transplant Rejection", "x") == \
        "to prevent rejection of an organ transplant"
    items = select_uses([_use("a", "Kidney Transplant Rejection", "kidney transplant rejection",
                              "drugcentral"),
                         _use("b", "Prevention of Kidney Transplant Rejection", "p")])
    assert [i.text for i in items] == ["to prevent rejection of a kidney transplant"]
    assert sorted(items[0].fact_ids) == ["a", "b"]


@given(st.text(max_size=60))
def test_prevention_words_never_crash_and_always_say_prevent(text: str) -> None:
    words = rules.prevention_words(text)
    if rules.key(text).endswith(" prevention") and len(rules.key(text)) > len(" prevention"):
        assert words is not None and words.startswith("to ")
    assert words is None or words.startswith("to ")


# -- symptoms that repeat a disease on the key-facts line -----------------------------------

def test_a_symptom_of_a_chosen_disease_stays_off_the_key_facts() -> None:
    items = select_uses([
        _use("a", "Rhinitis, Allergic, Seasonal", "hay fever (seasonal allergic rhinitis)"),
        _use("b", "Sneezing", "sneezing"),
        _use("c", "Urticaria", "hives (urticaria)"),
    ])
    assert [i.text for i in key_uses(items)] == [
        "hay fever (seasonal allergic rhinitis)", "hives (urticaria)"]
    assert any(i.key == "sneezing" for i in items)  # the Usage section still has it
    epilepsy = select_uses([_use("a", "Epilepsy", "epilepsy"), _use("b", "Seizures",
                                                                   "seizures (fits)")])
    assert [i.text for i in key_uses(epilepsy)] == ["epilepsy"]
    # no disease it belongs to: the symptom is the use
    alone = select_uses([_use("a", "Sneezing", "sneezing"), _use("b", "Cough", "cough")])
    assert {i.text for i in key_uses(alone)} == {"sneezing", "cough"}


# -- vitamins and minerals ----------------------------------------------------------------

def test_nutrient_kind_by_name_atc_or_class() -> None:
    assert nutrient_kind("vitamin e", "", []) == "vitamin"
    assert nutrient_kind("ferrous ascorbate", "B03AA10", []) == "mineral"
    assert nutrient_kind("zincum", "A12CB01", []) == "mineral"
    assert nutrient_kind("tocofersolan", "", ["vitamin"]) == "vitamin"
    assert nutrient_kind("metformin", "A10BA02", ["biguanide"]) is None
    # a folate or vitamin K form with no WHO ATC code of its own (review 11: L-methylfolate
    # took a contraceptive pill's "acne" and "pregnancy contraception")
    assert nutrient_kind("levomefolic acid", "", []) == "vitamin"
    assert nutrient_kind("menaquinone", "", []) == "vitamin"
    assert nutrient_leak("Pregnancy Contraception", "levomefolic acid", "vitamin")


def test_a_vitamins_leaked_uses_are_dropped() -> None:
    assert nutrient_leak("Acne Vulgaris", "vitamin e", "vitamin")  # not a deficiency
    assert nutrient_leak("Vitamin C Deficiency", "vitamin e", "vitamin")  # another vitamin
    assert nutrient_leak("Mineral Deficiency", "vitamin e", "vitamin")  # not a mineral
    assert not nutrient_leak("Vitamin E Deficiency", "vitamin e", "vitamin")
    assert not nutrient_leak("Vitamin Deficiency", "vitamin e", "vitamin")
    assert not nutrient_leak("Vitamin B12 Deficiency", "cyanocobalamin", "vitamin")
    assert nutrient_leak("Vitamin B1 Deficiency", "cyanocobalamin", "vitamin")
    assert not nutrient_leak("Iron Deficiency Anemia", "ferrous ascorbate", "mineral")
    facts = [
        _use("acne", "Acne Vulgaris", "acne", "drugcentral", "uncorroborated"),
        _use("hiv", "HIV Infection", "HIV infection", "drugcentral", "uncorroborated"),
        _use("c", "Vitamin C Deficiency", "vitamin c deficiency", "drugcentral",
             "uncorroborated"),
        _use("e", "Vitamin E Deficiency", "vitamin e deficiency", "drugcentral",
             "uncorroborated"),
    ]
    assert [i.fact_ids for i in select_uses(facts, ["vitamin"], None, "vitamin e")] == [["e"]]
    # a use a source checked (LabeledIn) is not filtered: the rule is for DrugCentral leaks
    checked = [*facts, _use("acne2", "Rosacea", "rosacea")]
    assert "acne2" in {i for item in select_uses(checked, ["vitamin"], None, "vitamin e")
                       for i in item.fact_ids}
    # not a nutrient: its uses are untouched
    assert len(select_uses(facts, ["antiviral"], None, "zidovudine")) == 4


# -- another product form's use -----------------------------------------------------------

CODES = {"T": "L04AD02 D11AH01", "C": "L04AD01", "P": "D11AH02",
         "X": "J01AA02 A01AB22", "M": "A01AB17", "Y": "J01AA07"}
USERS = {
    "L04A": {"kidney transplant rejection": {"T", "C"}},
    "D11A": {"atopic eczema": {"T", "P"}, "dermatitis, atopic": {"T", "P"}},
    "A01A": {"skin infections": {"X", "M"}, "gum disease": {"X", "M"}},
    "J01A": {"acne": {"X", "Y"}},
}


def test_use_forms_from_the_groups_that_alone_back_a_use() -> None:
    forms = use_forms("T", CODES, USERS)
    assert forms["kidney transplant rejection"] == {""}
    assert forms["atopic eczema"] == {"a skin cream or ointment"}
    assert use_forms("C", CODES, USERS) == {}  # no group of a form: nothing to mark


def test_another_forms_use_is_marked_and_off_the_key_facts() -> None:
    facts = [
        _use("k", "Kidney Transplant Rejection", "kidney transplant rejection", "drugcentral"),
        _use("e", "Dermatitis, Atopic", "atopic eczema"),
    ]
    items = select_uses(facts, [], None, "tacrolimus", CODES["T"], use_forms("T", CODES, USERS))
    texts = [i.text for i in items]
    assert "atopic eczema (as a skin cream or ointment)" in texts
    assert [i.text for i in key_uses(items)] == ["to prevent rejection of a kidney transplant"]
    # only that form's uses: each keeps its mark on the key facts
    only = select_uses(facts[1:], [], None, "tacrolimus", CODES["T"],
                       use_forms("T", CODES, USERS))
    assert [i.text for i in key_uses(only)] == ["atopic eczema (as a skin cream or ointment)"]


def test_a_use_several_forms_back_takes_the_form_its_words_name() -> None:
    # the azoles sit in the mouth, skin and vaginal groups: each use names one body part
    codes = {"CL": "A01AB18 D01AC01 G01AF02", "MI": "A01AB09 D01AC02 G01AF04"}
    users = {g: {"tinea pedis": {"CL", "MI"}, "vulvovaginal candidiasis": {"CL", "MI"},
                 "fungal infection": {"CL", "MI"}} for g in ("A01A", "D01A", "G01A")}
    facts = [_use("t", "Tinea Pedis", "athlete's foot"),
             _use("v", "Vulvovaginal Candidiasis", "vaginal thrush"),
             _use("f", "Fungal Infection", "fungal infection")]
    items = select_uses(facts, [], None, "clotrimazole", codes["CL"],
                        use_forms("CL", codes, users))
    assert {i.text for i in items} == {"athlete's foot (as a skin cream or ointment)",
                                       "vaginal thrush (as a vaginal cream or pessary)",
                                       "fungal infection"}


def test_a_form_group_backing_a_use_it_does_not_name_marks_nothing() -> None:
    # doxycycline's periodontal gel group (A01AB) backs "skin infections": the use names no
    # part of the mouth, so it is not the gel's use
    facts = [_use("s", "Skin Diseases, Infectious", "skin infections"),
             _use("g", "Gum Disease", "gum disease")]
    items = select_uses(facts, [], None, "doxycycline", CODES["X"],
                        use_forms("X", CODES, USERS))
    assert {i.text for i in items} == {"skin infections",
                                       "gum disease (as a mouth gel, lozenge or mouthwash)"}


def test_form_of_code_longest_prefix_and_oral_exceptions() -> None:
    assert rules.form_of_code("D01AC01") == "a skin cream or ointment"
    assert rules.form_of_code("D01BA02") is None  # terbinafine tablets
    assert rules.form_of_code("D10BA01") is None  # isotretinoin capsules
    assert rules.form_of_code("G01AF02") == "a vaginal cream or pessary"
    assert rules.form_of_code("L04AD02") is None


# -- a class's purpose on a thin page -----------------------------------------------------

def test_class_purpose_by_longest_prefix() -> None:
    assert rules.class_purpose("A03AD02") == ("stomach and gut cramps (spasms)", "A03A")
    assert rules.class_purpose("B03AA10") == (
        "preventing or treating a lack of iron (iron-deficiency anaemia)", "B03A")
    assert rules.class_purpose("L04AD02 D11AH01") is None
    assert rules.class_purpose("") is None


def _thin_kb(tiny_kb_path: Path, tmp_path: Path, atc: str) -> KnowledgeBase:
    path = tmp_path / "thin.sqlite"
    shutil.copy(tiny_kb_path, path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO drugs (id, name, display, atc) VALUES "
                 "('DX1', 'drotaverine', 'Drotaverine', ?)", (atc,))
    conn.execute("INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, "
                 "licence) VALUES ('f-drot-class', 'DX1', 'class', 'DRUGS FOR FUNCTIONAL "
                 "GASTROINTESTINAL DISORDERS', 'drugs for functional gastrointestinal "
                 "disorders', 'who-atc', 'ATC A03A (via A03AD02)', 'WHO CC')")
    conn.commit()
    conn.close()
    return KnowledgeBase(path)


def _write(kb: KnowledgeBase, *ids: str, names: list[str] | None = None) -> Page:
    req = PageRequest(key="+".join(ids), drugs=[kb.drug(i) for i in ids],  # type: ignore[misc]
                      lines=[1], names=names or [])
    return TemplateWriter(kb).write_pages([req])[0]


def _section(page: Page, sid: str) -> Section:
    return next(s for s in page.sections if s.id == sid)


def test_a_thin_page_says_what_its_class_is_for(tiny_kb_path: Path, tmp_path: Path) -> None:
    kb = _thin_kb(tiny_kb_path, tmp_path, "A03AD02")
    try:
        page = _write(kb, "DX1")
        kf = _section(page, "key-facts").statements[0]
        assert kf.label == CLASS_USES_LABEL
        assert kf.text == "Stomach and gut cramps (spasms)."
        assert kf.fact_ids == ["f-drot-class"]  # cited to WHO ATC
        usage = _section(page, "usage").statements
        assert usage[0].text.startswith(
            "Drotaverine is a medicine of the kind used for stomach and gut cramps (spasms).")
        assert "atcddd.fhi.no" in usage[0].text and "ask your pharmacist" in usage[0].text
        assert page_uses(page) == []  # a class's purpose is not the medicine's indication
    finally:
        kb.close()


def test_a_thin_page_of_a_class_with_no_purpose_row_says_it_has_no_uses(
        tiny_kb_path: Path, tmp_path: Path) -> None:
    kb = _thin_kb(tiny_kb_path, tmp_path, "L04AD02")
    try:
        page = _write(kb, "DX1")
        assert not any(st.label == CLASS_USES_LABEL for s in page.sections
                       for st in s.statements)
        assert "no usage data" in _section(page, "usage").statements[0].text
    finally:
        kb.close()


# -- CDSCO approvals in plain words -------------------------------------------------------

def test_approvals_in_plain_words() -> None:
    assert rules.plain_approval("For UTI, URTI and LRTI and gonococcal urethritis") == (
        "urine infections (UTI), nose, throat and sinus infections (URTI) and chest "
        "infections (LRTI) and gonococcal urethritis")
    assert rules.plain_approval("For GERD") == "acid reflux (GERD)"
    # an abbreviation the register already glosses is left as it is; typos corrected
    assert rules.plain_approval("For the treatment of gastroesophagal reflux diseases (GERD)"
                                ) == "gastro-oesophageal reflux diseases (GERD)"
    assert rules.plain_approval("By dermatologist- for the treatment of acne vulgaris") == \
        "acne vulgaris"
    assert rules.plain_approval("For the treatment and management of patients with "
                                "community acquired pneumonia.") == \
        "community acquired pneumonia"
    assert rules.plain_approval("uti") == "uti"  # an abbreviation only in capitals


@given(st.text(max_size=80))
def test_plain_approval_never_crashes(text: str) -> None:
    assert isinstance(rules.plain_approval(text), str)


def test_a_kind_only_approval_is_not_a_use() -> None:
    for text in ("Anti-biotic", "Antibiotic.", "Anti emetic", "Antiepileptic drug",
                 "For hospitals", "Specialists/hospital.", "Hospital supply."):
        assert not names_a_use(text), text
    assert names_a_use("Anti-epileptic drug- indicated in all forms of epilepsy")
    assert names_a_use("For UTI")
    assert names_a_use("For use in hospitals for severe acute pain")


# -- titles of salts and prodrugs ---------------------------------------------------------

VALPROIC = Drug(id="D9", name="valproic acid", display="Valproic Acid",
                other_names=["Valproate"])


def test_a_salt_or_prodrug_line_titles_the_page_and_is_named_on_it() -> None:
    assert form_name("divalproex", "valproic acid")
    assert not form_name("divalproex", "paracetamol")
    assert not form_name("asprin", "acetylsalicylic acid")  # a misspelling rule: never
    assert planning.list_name("Divalproex Sodium 500 mg", VALPROIC) == "Divalproex"
    req = PageRequest(key="k", drugs=[VALPROIC], names=["Divalproex"])
    assert req.title == "Divalproex (valproic acid)"


def test_the_page_says_the_list_name_is_a_form(tiny_kb_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "valproate.sqlite"
    shutil.copy(tiny_kb_path, path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO drugs (id, name, display) VALUES "
                 "('DX2', 'valproic acid', 'Valproic Acid')")
    conn.commit()
    conn.close()
    kb = KnowledgeBase(path)
    try:
        page = _write(kb, "DX2", names=["Divalproex"])
        texts = [s.text for s in _section(page, "generic-name").statements]
        assert "Divalproex is a form of valproic acid: this page is about valproic acid." in texts
        plain = _write(kb, "DX2")
        assert not any("is a form of" in s.text
                       for s in _section(plain, "generic-name").statements)
    finally:
        kb.close()


# -- structured data from the selected uses -----------------------------------------------

def test_jsonld_indications_are_the_usage_sections_worded_uses() -> None:
    use = _use("u", "Kidney Transplant Rejection", "kidney transplant rejection")
    approval = Fact(id="a", drug_id="D", kind=FactKind.APPROVAL, value="x", plain="x",
                    source_id="cdsco", locator="row", licence="x")
    page = Page(key="k", title="T", slug="t", drugs=[], facts=[use, approval], sections=[
        Section(id="usage", title="Usage", statements=[
            Statement(label="To prevent rejection of a kidney transplant", text="…",
                      fact_ids=["u"]),
            Statement(label="Approved in India for", text="…", fact_ids=["a"]),
            Statement(label="Unsourced", text="…"),
        ])])
    assert page_uses(page) == ["To prevent rejection of a kidney transplant"]


def test_a_medicine_never_given_alone_has_no_uses_of_its_own() -> None:
    # clavulanic acid's DrugCentral rows are ticarcillin + clavulanate's (review 7)
    assert rules.not_a_use("Bacteroides Endometritis", "clavulanic acid")
    assert rules.not_a_use("Anything At All", "tazobactam")
    assert not rules.not_a_use("Bacteroides Endometritis", "amoxicillin")


def test_a_medicine_of_one_form_keeps_its_marked_uses_on_the_key_facts() -> None:
    # sulfur (D10AB only): its acne uses are the skin form's; an unbacked use of no form
    # must not push them off the line (the line would be empty)
    codes = {"S": "D10AB02", "B": "D10AE01"}
    users = {"D10A": {"acne": {"S", "B"}}}
    facts = [_use("a", "Acne Vulgaris", "acne", "drugcentral", "class-supported"),
             _use("s", "Seborrheic Dermatitis", "seborrhoeic dermatitis")]  # no classmate
    classmates = {"acne": frozenset({"B"})}
    items = select_uses(facts, [], classmates, "sulfur", codes["S"], use_forms("S", codes, users))
    assert [i.text for i in key_uses(items)] == ["acne (as a skin cream or ointment)"]


def test_a_nutrients_own_deficiency_leads() -> None:
    facts = [_use("g", "Vitamin Deficiency", "vitamin deficiency", "drugcentral",
                  "uncorroborated"),
             _use("e", "Vitamin E Deficiency", "vitamin e deficiency", "drugcentral",
                  "uncorroborated")]
    items = select_uses(facts, ["vitamin"], None, "vitamin e")
    assert [i.text for i in items][0] == "vitamin E deficiency"  # plain_terms.txt: a capital


def test_a_deficiency_disease_belongs_to_its_own_nutrient() -> None:
    """Review 12: inositol "Used for: Pellagra" (vitamin B3 deficiency) on its first screen."""
    assert nutrient_leak("Pellagra", "inositol", "vitamin")
    assert not nutrient_leak("Pellagra", "nicotinamide", "vitamin")
    assert nutrient_leak("Scurvy", "vitamin e", "vitamin")
    assert not nutrient_leak("Scurvy", "ascorbic acid", "vitamin")
    assert not nutrient_leak("Rickets", "cholecalciferol", "vitamin")


def test_low_blood_levels_of_a_mineral_belong_to_that_mineral() -> None:
    """Review 13: magnesium citrate "Used for: Low blood calcium"."""
    assert nutrient_leak("Hypocalcemia", "magnesium citrate", "mineral")
    assert not nutrient_leak("Hypocalcemia", "calcium carbonate", "mineral")
    assert not nutrient_leak("Hypomagnesemia", "magnesium citrate", "mineral")
    assert nutrient_leak("Hypokalemia", "magnesium oxide", "mineral")


@pytest.mark.parametrize("register,plain", [
    ("RMP- For treatment of osteoarthritis & primary dysmenorrhoea in adults only.",
     "osteoarthritis & primary dysmenorrhoea in adults only"),
    ("Cardiac drug, indicated in the treatment of angina pectoris",  # review 13
     "angina pectoris"),
    ("Neuroleptic agent- indicated in psychotic and schizophrenic cases",
     "psychotic and schizophrenic cases"),
    ("Promoted for use in severe malaria including cerebral malaria",
     "severe malaria including cerebral malaria"),
    ("* Intra ocular surgery", "intra ocular surgery"),
    ("Drug addiction treatment", "drug addiction treatment"),  # no kind lead: kept
    ("Label extension; locally advanced pancreatic cancer",  # review 15a
     "locally advanced pancreatic cancer"),
])
def test_approval_leads_that_name_a_kind_or_the_register_are_dropped(register: str,
                                                                     plain: str) -> None:
    from apothecary.monographs.rules import plain_approval
    from apothecary.writers.wording import approval_text

    assert plain_approval(approval_text(register)) == plain


@pytest.mark.parametrize("register", [
    "NOC granted to the firm as it was earlier licenced by SLA (Maharashtra).",
    "Hypnotic.", "New long acting Antihistaminic-.", "Anaesthetic", "Anabolic.",
    # review 16: a shelf-life change, who may prescribe, a new strength
    "24 months from 18 months for 20mg/0.5ml", "ENT Specialists only",
    "For dermatologists only", "Higher strength."])
def test_approvals_naming_a_kind_or_a_licence_are_no_use(register: str) -> None:
    from apothecary.writers.wording import names_a_use

    assert not names_a_use(register)
    assert names_a_use("Hypnotic for short-term insomnia")  # a kind with a use stays


def test_approvals_differing_only_in_spelling_or_an_adults_tail_are_one_use() -> None:
    """Ferrous ascorbate + folic acid: "Iron deficiency anemia, iron deficiency anaemia"."""
    from apothecary.monographs.model import Item
    from apothecary.writers.page_uses import distinct_approvals

    items = [Item(text="iron deficiency anemia", fact_ids=["a"]),
             Item(text="Iron deficiency anaemia", fact_ids=["b"]),
             Item(text="iron deficiency anaemia in adults only", fact_ids=["c"]),
             Item(text="iron deficiency in pregnancy", fact_ids=["d"])]
    out = distinct_approvals(items)
    assert [(i.text, i.fact_ids) for i in out] == [
        ("iron deficiency anemia", ["a", "b", "c"]), ("iron deficiency in pregnancy", ["d"])]
    twice = Item(text="diarrhea of mixed infection in adult only, diarrhoea of mixed infection "
                 "in adult patients, amoebiasis", fact_ids=["e"])
    assert distinct_approvals([twice])[0].text == \
        "diarrhea of mixed infection in adult only, amoebiasis"
