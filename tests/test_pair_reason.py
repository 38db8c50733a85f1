"""A pair list's bare level borrows what happens from a group record of the same pair, and
cites it (review 29: "Escitalopram and Sulpiride are usually not taken together" with no
reason, and the page never said "heart rhythm", while ANSM's record for medicines that can
cause torsades de pointes covers the pair)."""

from __future__ import annotations

from apothecary.knowledge.default import open_kb
from apothecary.models import Fact, FactKind
from apothecary.monographs.interactions import class_effect, select_partners
from pagekit import shipped_pages


def test_sulpirides_escitalopram_line_says_why_and_cites_the_record_it_says_it_from() -> None:
    page = shipped_pages("Sulpiride")["Sulpiride"]
    sec = next(s for s in page.sections if s.id == "interactions")
    line = next(st for st in sec.statements if not st.companion and "Escitalopram" in st.text)
    assert "heart" in line.text and "usually not taken together" in line.text
    kb = open_kb()
    sources = {f.source_id for i in line.fact_ids if (f := kb.fact(i)) is not None}
    assert {"ansm", "onc"} <= sources


def test_a_pair_fact_alone_borrows_nothing() -> None:
    onc = Fact(id="a1", drug_id="D1", kind=FactKind.INTERACTION, value="Other", plain="Other",
               source_id="onc", locator="onc_high_priority.csv row 1", licence="x",
               other_id="D2", severity="major", scope="pair")
    assert class_effect([onc]) == ""
    (p,) = select_partners([onc], set(), lambda _, plain: plain, lambda _: 0)
    assert p.effect == "" and p.fact_ids == ["a1"]


def test_a_pair_met_mostly_in_hospital_leaves_the_everyday_medicines_main_page() -> None:
    """k22a: flucloxacillin with paracetamol ("mostly in people who are very ill") was a main
    line on 28 paracetamol combination pages; flucloxacillin's own page keeps it, since
    paracetamol is an everyday medicine its readers take."""
    pages = shipped_pages("Paracetamol + Ibuprofen", "Floxacillin")

    def main(line: str) -> str:
        sec = next(s for s in pages[line].sections if s.id == "interactions")
        return " ".join(f"{st.label} {st.text}" for st in sec.statements if not st.companion)

    assert "metabolic acidosis" not in main("Paracetamol + Ibuprofen")
    assert "metabolic acidosis" in main("Floxacillin")
