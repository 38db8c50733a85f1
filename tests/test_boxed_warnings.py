"""Round 21b (a pharmacist review flagged possible serious harm: fenfluramine's page never
named its heart-valve boxed warning). A medicine whose US label has a boxed warning, or whose
leaflets lead with a top-level danger, says it in a "Most important" (or pregnancy) line of
its first screen: the reviewed key message, not the label's jargon, and never behind filler.
"""

from __future__ import annotations

import pytest

from apothecary.knowledge.default import open_kb
from apothecary.models import FactKind
from apothecary.monographs.key_facts import important
from apothecary.monographs.safety import select_safety


def _lead(name: str, atc: str) -> list[str]:
    """The first screen's reviewed safety lines (high alert, pregnancy) of a medicine."""
    return [(i.short or "").casefold() for i in important(select_safety([], name, atc))
            if i.source and i.topic in ("high_alert", "pregnancy")]


def test_every_boxed_warning_of_the_knowledge_base_has_a_reviewed_first_screen_line() -> None:
    """Each medicine with an openFDA boxed warning in the shipped knowledge base leads with
    a reviewed message (a boxed warning's first sentence is often jargon: valproate's
    "Hepatotoxicity: General Population…")."""
    kb = open_kb()
    ids = {r[0] for r in kb.fact_rows(
        [d.id for d in kb.drugs()], ["drug_id", "kind"]) if r[1] == FactKind.BOXED_WARNING}
    assert ids  # the shipped knowledge base has some
    missing = [d.name for d in kb.drugs() if d.id in ids
               and not _lead(d.name, kb.atc_codes().get(d.id, "") or "")]
    assert missing == []


@pytest.mark.parametrize("name,atc,words", [
    ("fenfluramine", "", "heart valves"),
    # antipsychotics: increased mortality in elderly people with dementia (US class boxed
    # warning), beside a medicine's own lead where it has one
    ("haloperidol", "N05AD01", "dementia"),
    ("olanzapine", "N05AH03", "dementia"),
    ("risperidone", "N05AX08", "dementia"),
    ("levosulpiride", "N05AL07", "dementia"),
    ("amisulpride", "N05AL05", "dementia"),
    ("flupentixol", "N05AF01", "dementia"),
    ("chlorpromazine", "N05AA01", "dementia"),
    ("prochlorperazine", "N05AB04", "dementia"),
    # NSAIDs: heart attack and stroke as well as stomach bleeding
    ("ibuprofen", "M01AE01", "heart attack"),
    ("diclofenac", "M01AB05", "heart attack"),
    ("aceclofenac", "M01AB16", "heart attack"),
    ("naproxen", "M01AE02", "heart attack"),
    ("celecoxib", "M01AH01", "heart attack"),
    ("liraglutide", "A10BJ02", "thyroid cancer"),
    ("semaglutide", "A10BJ06", "thyroid cancer"),
    ("dulaglutide", "A10BJ05", "thyroid cancer"),
    ("enoxaparin", "B01AB05", "spinal"),
    ("fondaparinux", "B01AX05", "spinal"),
    ("zolpidem", "N05CF02", "not fully awake"),
    ("eszopiclone", "N05CF04", "not fully awake"),
    ("levothyroxine", "H03AA01", "lose weight"),
    ("liothyronine", "H03AA02", "lose weight"),
    ("atomoxetine", "N06BA09", "suicide"),
    ("mifepristone", "G03XB01", "bleeding or infection"),
    ("metoclopramide", "A03FA01", "movements"),
    ("tofacitinib", "L04AF01", "tuberculosis"),  # its serious-infections part
    ("teriflunomide", "L04AK02", "liver"),
    ("natalizumab", "L04AG03", "brain infection"),
    ("vigabatrin", "N03AG04", "loss of sight"),
    ("vandetanib", "L01EX04", "heart rhythm"),
    ("pomalidomide", "L04AX06", "blood clots"),
    # named in the review: already leading, kept so
    ("ciprofloxacin", "J01MA02", "tendons"),
    ("sertraline", "N06AB06", "harming yourself"),
    ("methotrexate", "L01BA01 L04AX03", "once a week"),
    ("leflunomide", "L04AK01", "liver"),
    ("amiodarone", "C01BD01", "lungs"),
    ("valproic acid", "N03AG01", "unborn baby"),
    ("carbamazepine", "N03AF01", "skin reaction"),
    ("lamotrigine", "N03AX09", "rash"),
    ("clozapine", "N05AH02", "infection"),
    ("isotretinoin", "D10AD04 D10BA01", "birth defects"),
    ("metformin", "A10BA02", "lactic acid"),
])
def test_a_boxed_warning_reaches_the_first_screen(name: str, atc: str, words: str) -> None:
    lead = _lead(name, atc)
    assert any(words in line for line in lead), (name, lead)


@pytest.mark.parametrize("name,atc", [
    ("chlorphenamine", "R06AB02"), ("clotrimazole", "D01AC01"), ("guaifenesin", "R05CA03"),
    ("oxymetazoline", "R01AA05"), ("povidone-iodine", "D08AG02"), ("capsaicin", "M02AB01"),
])
def test_an_overdose_line_says_what_to_do_not_only_keep_it_from_children(name: str,
                                                                        atc: str) -> None:
    """"If you take too much: Keep it out of the reach of children." was a non-sequitur."""
    lines = [i.short or "" for i in select_safety([], name, atc) if i.topic == "overdose"]
    assert lines and all("medical help" in s for s in lines), (name, lines)
