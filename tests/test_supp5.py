"""Round 5 (session 7, supp5): vitamins, minerals and supplements get a complete card from
reviewed public fact sheets (NIH ODS, NCCIH, NHS, US FDA labels): own uses, how it works,
side effects, interactions, pregnancy and breastfeeding answers, and the honest "studies have
not shown it helps" where the fact sheet says so. Data files only: the page build is checked
by the lead after the knowledge base is regenerated."""

from __future__ import annotations

import pytest

from apothecary.knowledge.sources import leaflets
from apothecary.monographs import rules
from apothecary.monographs.key_facts import important
from apothecary.monographs.safety import select_safety

MARK = "# round 5 (session 7, supp5): rows go directly below this line"


def _block() -> list[leaflets.LeafletFact]:
    text = leaflets.FILE.read_text(encoding="utf-8")
    start = text[:text.index(MARK)].count("\n") + 1
    end = text.index("# round 5 (session 7, ", text.index(MARK) + len(MARK))
    last = text[:end].count("\n") + 1
    facts, problems = leaflets.read()
    assert not problems
    return [f for f in facts if start < f.line < last]


def _rows(subject: str, kind: str) -> list[str]:
    return [f.text.casefold() for f in _block() if f.subject == subject and f.kind == kind]


def test_the_block_is_broad_and_cites_fact_sheets_or_labels() -> None:
    rows = _block()
    assert len({f.subject for f in rows}) >= 30
    for f in rows:
        assert f.url.startswith(("https://ods.od.nih.gov/factsheets/", "https://www.nhs.uk/medicines/",
                                 "https://www.nccih.nih.gov/health/", "https://medlineplus.gov/",
                                 "https://dailymed.nlm.nih.gov/", "https://www.ema.europa.eu/",
                                 "https://www.fda.gov/", "https://bnf.nice.org.uk/")), f.line


@pytest.mark.parametrize("subject,kind,words", [
    ("glutathione", "how_it_works", "protect"),
    ("glutathione", "kind", "antioxidant"),
    ("glutathione", "little_known", "little good evidence"),
    ("ferric carboxymaltose", "side_effect", "phosphate"),
    ("ferric carboxymaltose", "warning", "fractures"),
    ("ferric carboxymaltose", "kind", "iv iron"),
    ("magnesium citrate", "use", "constipation"),
    ("lactulose", "warning", "galactosaemia"),
    ("melatonin", "kind", "sleep hormone"),
    ("melatonin", "interaction", "zolpidem"),
    ("levocarnitine", "use", "dialysis"),
    ("levocarnitine", "warning", "fishy"),
    ("zinc", "use", "diarrhoea in children"),
    ("selenium", "little_known", "not shown"),
    ("turmeric", "little_known", "little reliable evidence"),
    ("lactobacillus acidophilus", "use", "antibiotics"),
    ("potassium chloride", "warning", "black stools"),
    ("magnesium sulfate", "use", "pre-eclampsia"),
    ("sodium fluoride", "use", "tooth decay"),
    ("melatonin", "interaction", "carbamazepine"),
    ("melatonin", "warning", "child"),
    ("plantago ovata seed", "how_to_take", "water"),
    ("silymarin", "little_known", "mixed results"),
    ("ginkgo biloba", "warning", "seeds"),
    ("saw palmetto", "little_known", "no better than"),
    ("green tea leaf", "interaction", "nadolol"),
    ("zinc acetate", "use", "wilson"),
    ("alfacalcidol", "use", "kidney failure"),
    ("lutein", "little_known", "areds2"),
    ("atc:A11CC", "interaction", "thiazide"),
])
def test_supplement_cards(subject: str, kind: str, words: str) -> None:
    assert any(words in t for t in _rows(subject, kind)), (subject, kind, _rows(subject, kind))


def test_melatonin_is_a_sleep_hormone_not_an_antioxidant() -> None:
    assert _rows("melatonin", "kind") == ["sleep hormone"]


def test_positive_pregnancy_answers_never_lead_as_a_warning() -> None:
    """A "you can take it" pregnancy answer is pregnancy_use, so it is never a "Most
    important" line (potassium chloride, lactulose, ispaghula, the vitamins)."""
    for name, atc in (("potassium chloride", "A12BA01 B05XA01"), ("lactulose", "A06AD11"),
                      ("plantago ovata seed", "A06AC01"), ("thiamine", "A11DA01")):
        lead = important(select_safety([], name, atc))
        assert not any(i.topic == "pregnancy" for i in lead), (name, [i.text for i in lead])


def test_no_supplement_row_promises_a_benefit_a_fact_sheet_doubts() -> None:
    """NCCIH's honesty: a use for which the evidence is weak says so in the same words."""
    for subject in ("glucosamine", "chondroitin sulfate", "lactobacillus acidophilus"):
        assert all("studies disagree" in t or "may help" in t for t in _rows(subject, "use"))


@pytest.mark.parametrize("name,atc,topic,words", [
    ("glutathione", "V03AB32", "high_alert", "skin"),
    ("glutathione", "V03AB32", "pregnancy", "not enough is known"),
    ("glutathione", "V03AB32", "breastfeeding", "not enough is known"),
    ("ferric carboxymaltose", "", "pregnancy", "heartbeat"),
    ("magnesium citrate", "A06AD19 A12CC04 B05CB03", "high_alert", "kidney disease"),
    ("lactulose", "A06AD11", "pregnancy_use", "pregnancy"),
    ("iron", "", "overdose", "child"),
    ("iron", "", "pregnancy_use", "anaemia"),
    ("iron", "", "breastfeeding", "breastfeeding"),
    ("iron polymaltose", "", "overdose", "child"),
    ("calcium", "", "pregnancy_use", "pre-eclampsia"),
    ("zinc", "", "overdose", "copper"),
    ("mecobalamin", "B03BA05", "pregnancy_use", "vitamin b12"),
    ("cyanocobalamin", "B03BA01", "breastfeeding", "vitamin b12"),
    ("potassium chloride", "A12BA01 B05XA01", "pregnancy_use", "blood potassium"),
    ("magnesium sulfate", "A06AD04 A12CC02 B05XA05 D11AX05 V04CC02", "pregnancy", "5 to 7 days"),
    ("plantago ovata seed", "A06AC01", "high_alert", "plenty of water"),
    ("green tea leaf", "", "high_alert", "liver"),
    ("thiamine", "A11DA01", "pregnancy_use", "vitamin b1"),
    ("ascorbic acid", "A11GA01 G01AD03 S01XA15", "breastfeeding", "vitamin c"),
    ("zinc sulfate", "A12CB01 B05XA18", "pregnancy_use", "zinc"),
    ("levomefolic acid", "", "pregnancy_use", "folic acid"),
])
def test_supplement_key_messages(name: str, atc: str, topic: str, words: str) -> None:
    msgs = [m.casefold() for t, m, _ in rules.key_messages_for(name, atc) if t == topic]
    assert any(words in m for m in msgs), (name, topic, msgs)


def test_glutathione_leads_with_the_skin_lightening_injection_warning() -> None:
    lead = important(select_safety([], "glutathione", "V03AB32"))
    assert lead and "skin" in lead[0].text.casefold()
