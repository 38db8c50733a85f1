"""Leaflet facts, round 4 (reviews 11 and 12): interactions for medicines that had none, and
levels that said too little.

- "[major]" after a partner: a label says the pair is to be avoided in general (an ACE
  inhibitor with an angiotensin receptor blocker, "dual blockade", was shown as "Minor");
- a medicine's own labelled row makes the pair its own even when the partner's group row came
  first (ramipril's side of telmisartan's row lost to another source's "minor" pair);
- the shipped pages: dual blockade, metformin and iodine contrast dye, antidepressants and
  MAOIs on the main page; medicines that said "no interaction data" now say something.
"""

from __future__ import annotations

import pytest

from apothecary.knowledge import leaflets as kb_leaflets
from apothecary.knowledge.build import KBData
from apothecary.knowledge.default import open_kb
from apothecary.knowledge.official import one_drug
from apothecary.knowledge.sources import leaflets
from apothecary.models import Fact, Page
from apothecary.monographs.interactions import select_partners
from apothecary.names.resolve import Resolver
from pagekit import shipped_page

URL = "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=x"
MARK = "# round 4 (inter4"
ROUND5 = "# round 5 (session 7, "


def test_major_is_a_label_level() -> None:
    [row], problems = leaflets.parse(
        f"telmisartan | interaction | atc:C09A = ACE inhibitors [major] | Avoid. | L | {URL}")
    assert not problems and row.level == "major"
    assert row.partner == ("atc", "C09A", "ACE inhibitors")
    _, [problem] = leaflets.parse(f"telmisartan | interaction | ramipril [serious] | t | L | {URL}")
    assert problem.line == 1


def _data() -> KBData:
    data = KBData(sources=[])
    data.drugs = {"TEL": {"name": "telmisartan", "atc": "C09CA07"},
                  "RAM": {"name": "ramipril", "atc": "C09AA05"}}
    return data


def test_an_own_labelled_row_makes_the_pair_its_own_after_the_partners_group_row() -> None:
    data = _data()
    rows, _ = leaflets.parse(
        f"telmisartan | interaction | atc:C09A = ACE inhibitors [major] | Avoid. | L | {URL}\n"
        f"ramipril | interaction | atc:C09C = ARBs [major] | Avoid. | L | {URL}\n")
    paired = {("TEL", "RAM"): "pair", ("RAM", "TEL"): "pair"}  # another source's minor pair
    for row, subject in zip(rows, ("TEL", "RAM"), strict=True):
        kb_leaflets._add_interaction(row, subject, None, data, paired)  # type: ignore[arg-type]
    sides = sorted((str(f["drug_id"]), f["severity"], f["scope"]) for f in data.facts.values())
    # both sides pair-level "major": a group-level side would lose to the other source's
    # pair-level "minor" on the ramipril page
    assert sides == [("RAM", "major", "pair"), ("TEL", "major", "pair")]


def _round4() -> list[leaflets.LeafletFact]:
    text = leaflets.FILE.read_text(encoding="utf-8")
    first = text[:text.index(MARK)].count("\n") + 1
    # the round-5 blocks at the end of the file (session 7) carry every kind of row
    end = text.find("# round 5 (session 7")
    last = text[:end].count("\n") + 1 if end >= 0 else None
    facts, problems = leaflets.read()
    assert not problems
    # the block ends where the round-5 blocks (session 7, one per helper) begin
    end = text.find(ROUND5)
    last = text[:end].count("\n") + 1 if end >= 0 else 10**9
    return [f for f in facts if first < f.line < last]


def test_round_4_rows_cover_many_medicines_and_levels_come_from_labels() -> None:
    rows = _round4()
    assert rows and all(f.kind == "interaction" for f in rows)
    res = Resolver(open_kb())
    subjects = {f.subject for f in rows}
    assert len(subjects) >= 60
    for s in subjects:
        assert one_drug(res, s), s
    for f in rows:
        if f.level:
            assert f.source.startswith("US FDA label"), f.line


def _page(name: str) -> Page:
    return shipped_page(name)


def _main_lines(name: str) -> list[str]:
    page = _page(name)
    [section] = [s for s in page.sections if s.id == "interactions"]
    return [f"{st.label} :: {st.text}" for st in section.statements if not st.companion]


@pytest.mark.parametrize("name, partner", [("telmisartan", "Ramipril"),
                                           ("ramipril", "Telmisartan"),
                                           ("losartan", "Enalapril")])
def test_dual_blockade_is_on_the_main_page_as_usually_not_taken(name: str, partner: str) -> None:
    [line] = [t for t in _main_lines(name) if partner in t.split(" :: ")[0]]
    assert "angiotensin receptor blocker" in line and "usually not taken together" in line
    assert "Minor" not in line


def test_metformin_says_stop_before_a_contrast_scan_on_the_main_page() -> None:
    assert any("iodine dye" in t for t in _main_lines("metformin"))


@pytest.mark.parametrize("name", ["escitalopram", "sertraline", "amitriptyline"])
def test_antidepressants_name_maois_on_the_main_page(name: str) -> None:
    [line] = [t for t in _main_lines(name) if "Phenelzine" in t.split(" :: ")[0]]
    assert "should not be taken together" in line and "MAOI antidepressant" in line


@pytest.mark.parametrize("name, words", [
    ("levosalbutamol", "Beta blockers"), ("levetiracetam", "one hour before"),
    ("cefadroxil", "Probenecid"), ("ceftazidime", "aminoglycoside"),
    ("levocarnitine", "INR"), ("primidone", "contraceptives"), ("tinidazole", "alcohol"),
    ("ursodiol", "antacids"), ("fexofenadine", "Fruit juices"),
])
def test_medicines_that_had_no_or_level_only_lines_now_say_what_happens(
        name: str, words: str) -> None:
    lines = _main_lines(name)
    assert not any("no interaction data" in t for t in lines)
    assert any(words.casefold() in t.casefold() for t in lines), lines


def test_a_group_level_leaflet_sentence_explains_a_pair_another_source_rates() -> None:
    """Round 4: the phenelzine page said only "sertraline … usually not taken together"; the
    SSRI labels' sentence was on the group-level side of the pair."""
    loc = ("leaflet_facts.txt line 1 [interaction]; US FDA label of sertraline (DailyMed): "
           + URL)
    why = "Together they can cause serotonin syndrome."
    facts = [
        Fact(id="a", drug_id="PHE", kind="interaction", value="sertraline", plain="sertraline",
             source_id="onc", locator="row 1", licence="L", other_id="SER", severity="major",
             scope="pair"),
        Fact(id="b", drug_id="PHE", kind="interaction", value="sertraline", plain=why,
             source_id="leaflets", locator=loc, licence="L", other_id="SER",
             severity="moderate", scope="class"),
    ]
    [p] = select_partners(facts, set(), lambda o, _v: (o or "").lower(), lambda _o: 0)
    assert p.level == "major" and p.effect == why and p.main
    assert set(p.fact_ids) == {"a", "b"} and "leaflets" in p.sources
    # a label's contraindication (the row's "[contraindicated]") speaks at its own level:
    # "do not take them together" never sits beside "usually not taken together" (review 31)
    forbid = facts[1].model_copy(update={"severity": "contraindicated"})
    [p] = select_partners([facts[0], forbid], set(), lambda o, _v: (o or "").lower(),
                          lambda _o: 0)
    assert p.level == "contraindicated" and p.effect == why
    assert set(p.fact_ids) == {"a", "b"}


def test_a_reviewed_spacing_outranks_a_minor_rating_of_the_pair() -> None:
    """Round 4 (review 12: calcium salts and levothyroxine, hours): ONC's non-interruptive
    "minor" pair kept the leaflet row's "4 hours apart" off the calcium carbonate page."""
    loc = ("leaflet_facts.txt line 1 [interaction]; US FDA label of levothyroxine (DailyMed): "
           + URL)
    spaced = "Calcium stops levothyroxine being taken up: take them at least 4 hours apart."
    facts = [
        Fact(id="a", drug_id="CAL", kind="interaction", value="levothyroxine",
             plain="levothyroxine", source_id="onc", locator="row 1", licence="L",
             other_id="LEVO", severity="minor", scope="pair"),
        Fact(id="b", drug_id="CAL", kind="interaction", value="levothyroxine", plain=spaced,
             source_id="leaflets", locator=loc, licence="L", other_id="LEVO", severity=None,
             scope="pair"),
    ]
    [p] = select_partners(facts, set(), lambda o, _v: (o or "").lower(), lambda _o: 0)
    assert p.main and p.level == "moderate" and p.effect == spaced
    facts[1] = facts[1].model_copy(update={"plain": "Calcium lowers its uptake."})
    [p] = select_partners(facts, set(), lambda o, _v: (o or "").lower(), lambda _o: 0)
    assert not p.main and p.level == "minor"  # no spacing: the pair's own level stands


def test_calcium_carbonate_names_levothyroxine_with_hours_on_the_main_page() -> None:
    [line] = [t for t in _main_lines("calcium carbonate") if "Levothyroxine" in t.split(" :: ")[0]]
    assert "4 hours" in line
