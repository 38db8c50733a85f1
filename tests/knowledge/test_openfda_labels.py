"""Label records → facts and label choice: real records and hand-written awkward cases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from apothecary.knowledge.build import KBData
from apothecary.knowledge.importer import Selection, consider, select
from apothecary.knowledge.labelmatch import DrugLookup, match_label, product_scope
from apothecary.knowledge.labels import (
    CUT_MARK,
    PLAIN_CAP,
    PLAIN_ONE,
    VALUE_CAP,
    drop_title,
    extract,
    label_facts,
    section_text,
)
from apothecary.knowledge.sources.openfda import Item
from apothecary.models import label_url

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "openfda-labels" / \
    "labels.jsonl"
XREF = re.compile(r"\s*\[\s*see [^\]]*\]|\s*\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)",
                  re.I)

# A hand-made index: two drugs share the spelling "duo" (ambiguous on purpose).
LOOKUP = DrugLookup.from_rows(
    [("paracetamol", "DB00316"), ("acetaminophen", "DB00316"), ("amoxicillin", "DB01060"),
     ("clavulanic acid", "DB00766"), ("potassium clavulanate", "DB00766"),
     ("valproic acid", "DB00313"), ("duo", "X1"), ("duo", "X2"), ("ibuprofen", "DB01050")],
    [("DB00316", "362O9ITL9D", "161"), ("DB01050", "WK2XYI10QM", "5640")],
)


def real(set_id_start: str) -> dict[str, Any]:
    for line in REAL.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["set_id"].lower().startswith(set_id_start):
            return rec
    raise AssertionError(set_id_start)


def label(set_id: str = "11111111-aaaa", effective: str = "20200101", kind: str = "HUMAN OTC DRUG",
          substances: list[str] | None = None, **sections: Any) -> dict[str, Any]:
    """A hand-written label record (test text, not any real label's)."""
    rec: dict[str, Any] = {"set_id": set_id, "effective_time": effective, "version": "1",
                           "openfda": {"product_type": [kind],
                                       "substance_name": substances or ["ACETAMINOPHEN"]}}
    rec.update(sections or {"do_not_use": ["Do not use with any other test product."]})
    return rec


def run(*records: Any) -> Selection:
    return select([Item("t.jsonl", n, r) for n, r in enumerate(records, start=1)], LOOKUP)


# -- real records ----------------------------------------------------------------------------
def test_real_otc_label_gives_drug_facts_sections() -> None:
    rec = real("0005aafa")
    facts = {f.kind: f for f in label_facts(rec, "otc")}
    assert set(facts) >= {"otc_do_not_use", "otc_ask_doctor", "otc_stop_use", "otc_keep_away",
                          "pregnancy", "breastfeeding", "overdose", "patient_warning",
                          "directions"}
    assert facts["otc_do_not_use"].plain.startswith(
        "Do not use with any other drug containing acetaminophen")
    # the OTC overdose warning sits in "keep out of reach": the extract starts at it
    assert facts["overdose"].plain.startswith("Overdose warning: Taking more than")
    assert "1-800-222-1222" in facts["overdose"].plain
    assert facts["pregnancy"].value == facts["breastfeeding"].value


def test_every_extract_is_whole_label_sentences_in_order(built: KBData) -> None:
    for line in REAL.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        scope, _ = product_scope(rec)
        for f in label_facts(rec, scope or "rx"):
            body = XREF.sub("", f.value)
            body = re.sub(r"\s+([.,;:])", r"\1", body)
            assert len(f.plain) <= PLAIN_ONE + 2
            pos = 0
            for sentence in re.split(r"(?<=[.!?]) (?=[A-Z0-9\"'(\[])", f.plain.rstrip(" …")):
                at = body.find(sentence, pos if sentence[:1].isupper() else 0)
                assert at >= 0, (f.kind, sentence)
                pos = at


def test_boxed_warning_keeps_its_heading_and_numbers_unchanged() -> None:
    (boxed,) = [f for f in label_facts(real("4d3dbf6f"), "rx") if f.kind == "boxed_warning"]
    assert boxed.plain.startswith("WARNING: LACTIC ACIDOSIS. Postmarketing cases")
    assert ">5 mmol/Liter" in boxed.value


def test_misfiled_boxed_warning_is_not_a_boxed_warning() -> None:
    """The 2013 clarithromycin record's boxed_warning field holds a susceptibility note."""
    rec = real("00038c95")
    assert rec["boxed_warning"][0].startswith("Note: When testing Streptococcus")
    assert "boxed_warning" not in {f.kind for f in label_facts(rec, "rx")}
    amph = label(kind="HUMAN PRESCRIPTION DRUG", boxed_warning=[
        "TEST DRUGS HAVE A HIGH POTENTIAL FOR ABUSE. Test sentence."])
    assert [f.kind for f in label_facts(amph, "rx")] == ["boxed_warning"]


def test_numbered_headings_are_dropped_not_sentence_leads() -> None:
    assert drop_title("overdosage", "10 OVERDOSAGE Overdose of x has occurred.") == \
        "Overdose of x has occurred."
    assert drop_title("overdosage", "Overdose of x has occurred.") == "Overdose of x has occurred."
    assert drop_title("pregnancy", "8.1 Pregnancy Pregnancy Category D Text.") == \
        "Pregnancy Category D Text."
    assert drop_title("nursing_mothers", "Nursing Mothers Valproate is excreted.") == \
        "Valproate is excreted."
    assert drop_title("pregnancy", "Pregnancy:") == ""
    assert drop_title("do_not_use", "Do not use if x.") == "Do not use if x."


def test_extract_leaves_out_cross_references_and_glued_subheadings() -> None:
    text = ("Risk Summary Test drug can cause fetal harm [see Warnings and Precautions (5.1)]. "
            "Data Human Data In a registry, 12 of 300 test babies had a defect ( 5.2 ).")
    assert extract(text, "pregnancy") == ("Test drug can cause fetal harm. In a registry, 12 of "
                                          "300 test babies had a defect.")


def test_label_without_openfda_block_is_matched_from_its_own_text() -> None:
    """Divalproex (2015, `openfda` empty): the product data names the moiety valproic acid."""
    rec = real("00332c65")
    assert rec["openfda"] == {}
    assert product_scope(rec)[0] == "rx"
    assert match_label(rec, LOOKUP).drugs == ("DB00313",)
    kinds = {f.kind for f in label_facts(rec, "rx")}
    assert {"boxed_warning", "pregnancy", "breastfeeding"} <= kinds


def test_old_label_with_heading_only_pregnancy_section() -> None:
    """Ceftizoxime (2006, no openfda): "Pregnancy:" alone falls through to the next field."""
    rec = real("0013824b")
    facts = {f.kind: f for f in label_facts(rec, "rx")}
    assert facts["breastfeeding"].field == "nursing_mothers"
    if "pregnancy" in facts:
        assert facts["pregnancy"].field != "pregnancy"


def test_homeopathic_label_is_skipped() -> None:
    sel = run(real("0000025c"))
    assert sel.used == 0 and sel.skipped[0].reason == "homeopathic product"


def test_real_locator_links_to_dailymed(built: KBData) -> None:
    locs = [f["locator"] for f in built.facts.values() if f["source_id"] == "openfda"]
    # the label's routes close the locator (session 8: a page of another form leaves the
    # extracts of a nasal spray's label off)
    assert locs and all(re.match(r"set_id \S+; effective \d{8}; section \w+; version \d+"
                                 r"(?:; route [A-Z ,()-]+)?$", x) for x in locs)
    assert any(x.endswith("; route ORAL") for x in locs)
    assert label_url(locs[0]) is not None and "dailymed.nlm.nih.gov" in str(label_url(locs[0]))


# -- hand-written awkward cases ----------------------------------------------------------------
def test_markup_tables_and_entities_are_stripped() -> None:
    text = section_text(["<table><tr><td>Ask a doctor</td><td>if you have &lt;liver&gt; "
                         "disease&nbsp;now.</td></tr></table>", 7, None])
    assert text == "Ask a doctor if you have <liver> disease now."
    rec = label(ask_doctor=["<b>Ask a doctor before use if</b>\n\n you   have a test condition."])
    (fact,) = label_facts(rec, "otc")
    assert fact.value == "Ask a doctor before use if you have a test condition."


def test_old_section_names_give_the_same_kinds() -> None:
    old = label(kind="HUMAN PRESCRIPTION DRUG", nursing_mothers=[
        "Nursing Mothers It is not known whether this test drug is excreted in human milk."],
        teratogenic_effects=["Teratogenic Effects Pregnancy Category C. Test sentence here."])
    new = label(kind="HUMAN PRESCRIPTION DRUG", lactation=["8.2 Lactation Test milk sentence."],
                pregnancy=["8.1 Pregnancy Test risk sentence about pregnancy."])
    assert {f.kind for f in label_facts(old, "rx")} == {"breastfeeding", "pregnancy"}
    assert {f.kind: f.value for f in label_facts(new, "rx")} == {
        "pregnancy": "Test risk sentence about pregnancy.", "breastfeeding": "Test milk sentence."}


def test_combination_label_never_speaks_for_a_single_ingredient() -> None:
    combo = label("22222222-bbbb", substances=["AMOXICILLIN", "CLAVULANATE POTASSIUM"],
                  kind="HUMAN PRESCRIPTION DRUG",
                  contraindications=["Do not give this test combination to anyone allergic."])
    single = label("33333333-cccc", substances=["AMOXICILLIN"], kind="HUMAN PRESCRIPTION DRUG",
                   contraindications=["Do not give this test single drug to anyone allergic."])
    sel = run(combo, single)
    assert set(sel.chosen) == {"DB00766+DB01060", "DB01060"}
    assert sel.chosen["DB00766+DB01060"].set_id == "22222222-bbbb"
    assert sel.chosen["DB01060"].set_id == "33333333-cccc"


def test_newest_label_wins_then_rx_then_set_id() -> None:
    old = label("aaaaaaaa-0001", effective="20100101")
    new = label("ffffffff-0002", effective="20240101")
    sel = run(new, old)
    assert sel.chosen["DB00316"].set_id == "ffffffff-0002"
    assert sel.read == 2 and len(sel.skipped) == 1
    assert "ffffffff-0002" in sel.skipped[0].reason
    rx = label("bbbbbbbb-0003", effective="20240101", kind="HUMAN PRESCRIPTION DRUG",
               contraindications=["Do not use this test drug if allergic to it."])
    assert run(new, rx).chosen["DB00316"].set_id == "bbbbbbbb-0003"
    twin = label("00000000-0004", effective="20240101")
    assert run(new, twin).chosen["DB00316"].set_id == "00000000-0004"
    assert run(twin, new).chosen["DB00316"].set_id == "00000000-0004"


def test_non_human_unknown_and_unmatched_records_are_skipped_with_reasons() -> None:
    plasma = label(kind="PLASMA DERIVATIVE")
    unknown = {"set_id": "44444444-dddd", "openfda": {}, "spl_unclassified_section": ["Text."]}
    animal = {"set_id": "55555555-eeee", "openfda": {}, "indications_and_usage": [
        "For animal use only. Test."], "contraindications": ["Test contraindication text."]}
    nobody = label(substances=["NOTADRUGATALL"])
    ambiguous = label(substances=["DUO"])
    sel = run(plasma, unknown, animal, nobody, ambiguous, 3, None, [1], "x", {"no": "set id"})
    reasons = [s.reason for s in sel.skipped]
    assert sel.used == 0 and len(reasons) == 10
    assert reasons[0].startswith("not a human prescription or OTC label (PLASMA DERIVATIVE)")
    assert reasons[1].startswith("unknown product type")
    assert reasons[2] == "not a human label (for animals)"
    assert reasons[3] == "ingredient not in the knowledge base: notadrugatall"
    assert reasons[4] == "ambiguous ingredient: duo"
    assert reasons[5:9] == ["not a label record (a JSON number)", "not a label record "
                            "(a JSON null)", "not a label record (a JSON array)",
                            "not a label record (a JSON string)"]
    assert reasons[9] == "no set_id"


def test_moiety_must_be_related_to_the_ingredient() -> None:
    """An unknown ingredient followed by an inactive ingredient the KB knows is not matched."""
    rec = label(substances=["TESTOLOL FOO"], kind="HUMAN PRESCRIPTION DRUG",
                contraindications=["Do not use this test drug if allergic to it."])
    rec["spl_product_data_elements"] = ["Brand testolol foo TESTOLOL FOO PARACETAMOL WATER"]
    assert match_label(rec, LOOKUP).reason == "ingredient not in the knowledge base: testolol foo"
    rec["spl_product_data_elements"] = ["Brand divalproex DIVALPROEX SODIUM VALPROIC ACID WATER"]
    rec["openfda"]["substance_name"] = ["DIVALPROEX SODIUM"]
    assert match_label(rec, LOOKUP).drugs == ("DB00313",)


def test_unii_alone_identifies_a_drug_when_names_are_missing() -> None:
    rec = label(substances=None)
    rec["openfda"] = {"product_type": ["HUMAN OTC DRUG"], "unii": ["362O9ITL9D"]}
    assert match_label(rec, LOOKUP).drugs == ("DB00316",)


def test_huge_field_is_capped() -> None:
    sentence = "This test warning sentence says one thing about the test drug. "
    rec = label(kind="HUMAN PRESCRIPTION DRUG", overdosage=[sentence * 200_000])
    (fact,) = label_facts(rec, "rx")
    assert len(fact.value) <= VALUE_CAP + len(CUT_MARK) and fact.value.endswith(CUT_MARK)
    assert len(fact.plain) <= PLAIN_CAP
    one_long = label(kind="HUMAN PRESCRIPTION DRUG", overdosage=["word " * 400_000])
    (fact,) = label_facts(one_long, "rx")
    assert fact.plain.endswith("…") and len(fact.plain) <= PLAIN_CAP + 2


# -- properties ----------------------------------------------------------------------------------
FIELDS = ["set_id", "effective_time", "version", "openfda", "boxed_warning", "pregnancy",
          "do_not_use", "contraindications", "spl_product_data_elements", "active_ingredient",
          "keep_out_of_reach_of_children", "warnings", "nursing_mothers"]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=30),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c,
                                                                        max_size=4),
                    max_leaves=12)
OPENFDA = st.fixed_dictionaries({}, optional={
    "product_type": st.lists(st.sampled_from(["HUMAN OTC DRUG", "HUMAN PRESCRIPTION DRUG",
                                              "VACCINE"]), max_size=2) | JSON,
    "substance_name": st.lists(st.sampled_from(["ACETAMINOPHEN", "AMOXICILLIN", "DUO", "X"]),
                               max_size=3) | JSON,
    "unii": st.lists(st.sampled_from(["362O9ITL9D", "WK2XYI10QM", "Z"]), max_size=2) | JSON,
})
RECORD = st.fixed_dictionaries({}, optional={
    "set_id": st.sampled_from(["12345678-abcd", "87654321-dcba"]) | JSON,
    "effective_time": st.sampled_from(["20200101", "20210101", "bad"]) | JSON,
    "openfda": OPENFDA,
    **{f: st.lists(st.text(min_size=0, max_size=80), max_size=2) | JSON for f in FIELDS[4:]},
})


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON | RECORD, max_size=6))
def test_any_json_is_used_or_skipped_with_a_reason(records: list[Any]) -> None:
    sel = Selection()
    for n, rec in enumerate(records, start=1):
        consider(Item("h", n, rec), LOOKUP, sel)
    sel.finish()
    assert sel.read == len(records) == sel.used + len(sel.skipped)
    assert all(s.reason for s in sel.skipped)
    for key, cand in sel.chosen.items():
        assert cand.sections and key == "+".join(sorted(set(key.split("+"))))
        assert [f.field for f in sel.label_facts(key)] == list(cand.sections)
