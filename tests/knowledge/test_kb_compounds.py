"""SIDER compounds that no unique PubChem CID reaches (issue 10, mapping gaps)."""

from __future__ import annotations

from pathlib import Path

from apothecary.knowledge.build import SOURCES, KBData
from apothecary.knowledge.compounds import map_compounds, read_crosswalk
from apothecary.knowledge.drugs import build_drugs
from apothecary.knowledge.sources import sider


def effects(data: KBData, drug: str) -> set[str]:
    """SIDER's side effects of a drug (not the shipped leaflet rows: NHS omeprazole's own)."""
    return {str(f["value"]) for f in data.facts.values()
            if f["drug_id"] == drug and f["kind"] == "side_effect"
            and f["source_id"] != "leaflets"}


def test_shared_cid_goes_to_the_parent_and_the_other_stereo_to_the_enantiomer(
        built: KBData) -> None:
    # DrugCentral gives omeprazole and esomeprazole the same CID 4594: before, both got none
    assert effects(built, "DB00338") == {"Headache"}  # stereo 4594: omeprazole's own label
    assert effects(built, "DB00736") == {"Flatulence"}  # the one other stereo compound
    assert built.counts["sider.shared_cid_to_parent"] == 1
    assert built.counts["sider.shared_cid_to_other_stereo"] == 1


def test_crosswalk_maps_a_salt_compound_when_indications_agree(built: KBData) -> None:
    # warfarin: DrugCentral lists CID 54678486, SIDER files the label under 5001396
    assert "Haemorrhage" in effects(built, "DB00682")
    assert built.counts["sider.crosswalk_accepted"] == 1


def test_crosswalk_row_is_rejected_when_indications_do_not_agree(sources_dir: Path) -> None:
    data = KBData(sources=[dict(s) for s in SOURCES])
    index = build_drugs(sources_dir, data)
    rows = sider.read_side_effects(sources_dir)
    inds = sider.read_indications(sources_dir)
    # compound 77777 has no indications in SIDER: nothing confirms it is simvastatin
    out = map_compounds(rows, inds, index, data, sources_dir,
                        crosswalk={"CID100077777": "simvastatin"})
    assert ("CID100077777", "CID000077777") not in out
    assert data.counts["sider.crosswalk_rejected_indications"] == 1
    # and the real row for warfarin is accepted on the same fixture
    data2 = KBData(sources=[dict(s) for s in SOURCES])
    index2 = build_drugs(sources_dir, data2)
    out2 = map_compounds(rows, inds, index2, data2, sources_dir,
                         crosswalk={"CID105001396": "warfarin"})
    assert out2[("CID105001396", "CID005001396")] == "DB00682"


def test_crosswalk_file_rows_are_well_formed() -> None:
    rows = read_crosswalk()
    assert len(rows) >= 10
    for stitch, name in rows.items():
        assert sider.cid(stitch) and stitch.startswith("CID1"), stitch
        assert name == name.lower().strip() and "#" not in name


def test_lithium_is_reached_through_the_lithium_ion() -> None:
    from apothecary.knowledge.sources.ansm import french_candidates
    assert "lithium ion" in french_candidates("LITHIUM")
