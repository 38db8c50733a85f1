"""Generic fixes for review 32's findings (sample ZD)."""

from __future__ import annotations

from apothecary.monographs.how_it_works import fits


def test_mesh_calcium_channel_blockers_name_only_the_blood_pressure_and_vertigo_ones() -> None:
    # MeSH files pregabalin (N02BF02) and magnesium sulfate under the heading: a pregabalin
    # painkiller was linked beside cilnidipine + metoprolol as "calcium channel blocker"
    assert not fits("Calcium Channel Blockers", "N02BF02")
    assert not fits("Calcium Channel Blockers", "A06AD04 A12CC02 B05XA05 D11AX05 V04CC02")
    assert fits("Calcium Channel Blockers", "C08CA01")
    assert fits("Calcium Channel Blockers", "N07CA03")
