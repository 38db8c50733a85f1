from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import FactKind, LicenceClass, Page
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter

SEED_ORDER = ["generic-name", "usage", "side-effects", "how-it-works", "faqs"]


def write(kb: KnowledgeBase, *ids: str) -> Page:
    drugs = [kb.drug(i) for i in ids]
    assert all(drugs)
    req = PageRequest(key="+".join(sorted(ids)), drugs=drugs, lines=[1])  # type: ignore[arg-type]
    return TemplateWriter(kb).write_pages([req])[0]


PAGE_ORDER = ["generic-name", "usage", "side-effects", "how-it-works", "faqs", "key-facts",
              "safety", "interactions", "sources", "disclaimer", "note"]


@pytest.mark.parametrize("ids", [("DB00316",), ("DB01060", "DB00766"), ("DB00557",)])
def test_sections_follow_the_seed_order(tiny_kb: KnowledgeBase, ids: tuple[str, ...]) -> None:
    order = [s.id for s in write(tiny_kb, *ids).sections]
    assert order[:5] == SEED_ORDER
    assert order == PAGE_ORDER  # the contract the renderers rely on


@pytest.mark.parametrize("ids", [("DB00316",), ("DB01060", "DB00766"), ("DB00682",)])
def test_every_fact_shown_carries_its_source(tiny_kb: KnowledgeBase, ids: tuple[str, ...]) -> None:
    page = write(tiny_kb, *ids)
    facts = {f.id: f for f in page.facts}
    sources = {s.id for s in page.sources}
    cited = [i for s in page.sections for st in s.statements for i in st.fact_ids]
    cited += [i for q in page.faqs for i in q.fact_ids]
    assert cited, "a page with facts in the KB must cite some"
    for fid in cited:
        assert fid in facts
        assert facts[fid].source_id in sources
        assert tiny_kb.fact(fid) == facts[fid]  # the fact is the KB's, unchanged
    assert set(facts) == set(cited)  # nothing listed that no statement uses
    assert page.licences == sorted({s.licence for s in page.sources})
    note = page.sections[-1].statements[0].text
    for s in page.sources:
        assert s.name in note and s.licence in note
    assert "not been reviewed" in note and "template" in note


def test_side_effects_common_first_capped_and_plain(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00316")  # 13 "common" terms in the KB, some not general ones
    se = next(s for s in page.sections if s.id == "side-effects")
    first = se.statements[0]
    assert first.label == "Common" and not first.companion
    facts = [tiny_kb.fact(i) for i in first.fact_ids]
    assert all(f and f.frequency == "common" for f in facts)
    assert len(first.text.split(", ")) == len(first.fact_ids) == 8  # the cap
    rest = [st for st in se.statements if st.label == "Other side effects"]
    assert len(rest) == 1 and rest[0].companion  # the other plain common ones: detail
    common = {f.id for f in tiny_kb.facts("DB00316", [FactKind.SIDE_EFFECT])
              if f.frequency == "common"}
    assert len(common & set(rest[0].fact_ids)) == 2  # 10 plain common terms: 8 + 2
    # never as side effects: the medicine's own use (pain), injection and newborn terms,
    # a blood-test result
    main = " ".join(st.text for st in se.statements if st.label in ("Common", "Other side effects"))
    for word in ("injection", "neonatal", "creatinine"):
        assert word not in main.casefold()
    cited = {i for st in se.statements for i in st.fact_ids}
    assert "f-para-se-pain" not in cited


def test_combination_page_is_composed_from_ingredients(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB01060", "DB00766")
    assert page.title == "Amoxicillin + Clavulanic Acid"
    assert page.slug == "amoxicillin-clavulanic-acid"
    how = next(s for s in page.sections if s.id == "how-it-works")
    assert {st.ingredient for st in how.statements if st.fact_ids} == {
        "Amoxicillin", "Clavulanic Acid"}
    se = next(s for s in page.sections if s.id == "side-effects")
    for st in se.statements:
        if st.fact_ids:  # side effects are labelled by ingredient
            assert st.ingredient and st.ingredient in (st.label or "")
            fact = tiny_kb.fact(st.fact_ids[0])
            assert fact and tiny_kb.drug(fact.drug_id).display == st.ingredient  # type: ignore
    # other names of both ingredients make the page findable under any of them
    assert {"amoxycillin", "potassium clavulanate"} <= set(page.other_names)


def test_ingredients_interacting_with_each_other_are_no_danger(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB01060", "DB00766")  # the KB rates this pair contraindicated
    inter = next(s for s in page.sections if s.id == "interactions")
    own = [st for st in inter.statements if "f-amox-x-clav" in st.fact_ids]
    assert len(own) == 1 and own[0].companion  # detail, never on the main page
    assert "should not" not in own[0].text.casefold()
    assert "combines them on purpose" in own[0].text
    for s in page.sections:  # nowhere else on the page either
        for st in s.statements:
            if "f-amox-x-clav" not in st.fact_ids:
                assert "Clavulanic" not in (st.label or "") or s.id != "interactions"
    # as separate medicines, amoxicillin's page does say it
    single = write(tiny_kb, "DB01060")
    texts = [st.text for s in single.sections if s.id == "interactions" for st in s.statements
             if "f-amox-x-clav" in st.fact_ids]
    assert texts == [
        "Our sources say Clavulanic Acid and Amoxicillin should not be taken together."]


def test_absent_facts_are_said_plainly(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00557")  # hydroxyzine: a use, nothing else
    by_id = {s.id: s for s in page.sections}
    for sid in ("side-effects", "how-it-works", "interactions"):
        texts = [st.text for st in by_id[sid].statements]
        assert len(texts) == 1 and "Hydroxyzine" in texts[0]
        assert not by_id[sid].statements[0].fact_ids
    key = by_id["key-facts"].statements
    assert key[-1].text.startswith("No information yet") and not key[-1].fact_ids
    assert "does not mean it has none" in key[-1].text
    questions = [q.question for q in page.faqs]
    assert not any("alcohol" in q or "interact" in q for q in questions)


def test_faqs_only_where_facts_answer_and_never_a_dose(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00316")
    qs = {q.question: q for q in page.faqs}
    assert "Can I drink alcohol with Paracetamol?" in qs
    assert qs["Can I drink alcohol with Paracetamol?"].fact_ids == ["f-para-alcohol"]
    assert "Is Paracetamol the same as acetaminophen?" in qs
    dose = qs["What dose should I take?"]
    assert not re.search(r"\d", dose.answer) and "doctor or pharmacist" in dose.answer
    metformin = {q.question for q in write(tiny_kb, "DB00331").faqs}
    assert "Is Metformin the same as metformin hydrochloride?" in metformin
    assert "Does Metformin interact with other medicines?" not in metformin  # no such fact


def test_commercial_licences_drop_restricted_sources(tiny_kb_path) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase(tiny_kb_path, allowed={LicenceClass.OPEN})
    page = write(kb, "DB00316")
    classes = {s.licence_class for s in page.sources}
    assert classes == {LicenceClass.OPEN}
    assert all(f.source_id not in {"sider", "ansm", "onc"} for f in page.facts)
    se = next(s for s in page.sections if s.id == "side-effects")
    assert "left out" in se.statements[0].text  # says why, instead of inventing
    assert "alcohol" not in " ".join(q.question for q in page.faqs)


WRITE_PAGE = """
import sys
from apothecary.knowledge.store import KnowledgeBase
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
kb = KnowledgeBase(sys.argv[1])
drugs = [kb.drug(i) for i in ("DB01060", "DB00766")]
req = PageRequest(key="DB00766+DB01060", drugs=drugs, lines=[1])
page = TemplateWriter(kb).write_pages([req])[0]
sys.stdout.write(page.model_dump_json())
"""


def test_deterministic(tiny_kb: KnowledgeBase, tiny_kb_path: Path) -> None:
    """The same page from fresh interpreters with different string hashing (set and dict
    order of str keys): two runs in one process would share one hash seed."""
    here = write(tiny_kb, "DB01060", "DB00766").model_dump_json()
    runs = [subprocess.run([sys.executable, "-c", WRITE_PAGE, str(tiny_kb_path)],
                           capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    assert runs == [here, here]


def test_safety_says_each_label_sentence_once_and_keeps_detail_for_the_companion(
        tiny_kb: KnowledgeBase) -> None:
    """OTC labels repeat "If pregnant or breast-feeding, ask a health professional" under two
    headings and in every ingredient's label: a reviewer counted pages of repeats."""
    from apothecary.monographs.model import SafetyItem
    from apothecary.writers.safety_section import safety_section

    para, warf = tiny_kb.drug("DB00316"), tiny_kb.drug("DB00682")
    assert para is not None and warf is not None
    both = "If pregnant or breast-feeding, ask a health professional before use."
    items = [
        ("Paracetamol", SafetyItem(topic="pregnancy", label="Pregnancy (US label)", text=both,
                                   fact_ids=["f1"])),
        ("Paracetamol", SafetyItem(topic="breastfeeding", label="Breastfeeding (US label)",
                                   text=both, fact_ids=["f2"])),
        ("Warfarin", SafetyItem(topic="pregnancy", label="Pregnancy (US label)",
                                text=both + " Do not use it late in pregnancy.",
                                fact_ids=["f3"])),
        ("Warfarin", SafetyItem(topic="patient_warning", label="Warnings (US label)",
                                text="Tell your doctor about bleeding.", fact_ids=["f4"])),
    ]
    section = safety_section([para, warf], ["Paracetamol", "Warfarin"], items, "P + W")
    by_label = {st.label: st for st in section.statements}
    assert by_label["Pregnancy and breastfeeding (US label) (Paracetamol)"].text == both
    assert by_label["Pregnancy (US label) (Warfarin)"].text == "Do not use it late in pregnancy."
    assert by_label["Warnings (US label) (Warfarin)"].companion
    assert not any(st.companion for st in section.statements if st.label
                   and st.label.startswith("Pregnancy"))
    texts = " ".join(st.text for st in section.statements)
    assert texts.count(both) == 1


def test_a_less_concern_liver_line_is_companion_detail(tiny_kb: KnowledgeBase) -> None:
    from apothecary.monographs.model import SafetyItem
    from apothecary.writers.safety_section import safety_section

    para = tiny_kb.drug("DB00316")
    assert para is not None
    items = [(None, SafetyItem(topic="liver", label="Liver", text="less concern", fact_ids=["a"])),
             (None, SafetyItem(topic="liver", label="Liver", text="most concern", fact_ids=["b"],
                               short="Can harm the liver."))]
    section = safety_section([para], ["P"], items, "P")
    by_text = {st.text: st for st in section.statements}
    assert by_text["less concern"].companion and not by_text["most concern"].companion
