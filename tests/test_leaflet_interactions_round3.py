"""Leaflet facts, round 3 (review 10, problems 3 and 5): interactions a patient can act on.

- a label's contraindication is the pair's level ("[contraindicated]" after the partner);
- a spacing in hours, where a label or NIH ODS gives one, replaces "at different times";
- a pair a reviewed leaflet row explains ranks before one that only has a level, common
  partners before rare specialist ones, a contraindicated pair first;
- serious levels keep their own words after what happens.
"""

from __future__ import annotations

import re

import pytest

from apothecary.knowledge import leaflets as kb_leaflets
from apothecary.knowledge.build import KBData
from apothecary.knowledge.default import open_kb
from apothecary.knowledge.official import one_drug
from apothecary.knowledge.sources import leaflets
from apothecary.models import Fact, Page
from apothecary.monographs.interactions import HOURS, select_partners
from apothecary.monographs.leaflets import effect as leaflet_effect
from apothecary.names.resolve import Resolver
from apothecary.writers.wording import EFFECT_ASK, SPACING_ASK, effect_ask
from pagekit import shipped_page

URL = "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=x"
LOC = "leaflet_facts.txt line 1 [interaction]; US FDA label of x (DailyMed): " + URL
BLOCK = "# ---- round 3 (session 6): interactions ----"
ROUND5 = "# round 5 (session 7, "


# -- the parser -------------------------------------------------------------------------------
@pytest.mark.parametrize("detail, partner", [
    ("Azathioprine [contraindicated]", ("drug", "azathioprine", "")),
    ("atc:m01a = NSAIDs [Contraindicated]", ("atc", "M01A", "NSAIDs")),
])
def test_a_label_level_round_trips_apart_from_its_partner(
        detail: str, partner: tuple[str, str, str]) -> None:
    [row], problems = leaflets.parse(f"febuxostat | interaction | {detail} | Why. | L | {URL}")
    assert not problems
    assert row.level == "contraindicated"
    assert row.partner == partner


@pytest.mark.parametrize("detail", ["azathioprine [minor]", "food: milk [contraindicated]",
                                    "atc:M01A [contraindicated]"])
def test_an_unknown_level_or_a_level_on_food_is_a_problem(detail: str) -> None:
    facts, [problem] = leaflets.parse(f"febuxostat | interaction | {detail} | t | s | {URL}")
    assert not facts and problem.line == 1


def test_a_lowered_by_row_takes_no_level() -> None:
    facts, [_] = leaflets.parse(f"cyanocobalamin | lowered_by | metformin [contraindicated] | "
                                f"t | s | {URL}")
    assert not facts
    [row], _ = leaflets.parse(f"febuxostat | interaction | theophylline | t | s | {URL}")
    assert row.level == ""


# -- the build step ---------------------------------------------------------------------------
def _data() -> KBData:
    data = KBData(sources=[])
    data.drugs = {"FEB": {"name": "febuxostat", "atc": "M04AA03"},
                  "AZA": {"name": "azathioprine", "atc": "L04AX01"},
                  "LEVO": {"name": "levofloxacin", "atc": "J01MA12"},
                  "FE": {"name": "ferrous sulfate", "atc": "B03AA07"}}
    return data


def _sides(data: KBData) -> list[tuple[str, str | None, str | None, str]]:
    return sorted((str(f["drug_id"]), f["severity"], f["scope"], str(f["plain"]))
                  for f in data.facts.values())


def test_a_label_contraindication_is_the_level_on_both_pages_even_over_another_source(
) -> None:
    """Review 10: febuxostat with azathioprine, which the US label forbids, was shown as
    "Ask your doctor before" (another source's group level)."""
    data = _data()
    [row], _ = leaflets.parse("febuxostat | interaction | atc:L04AX = azathioprine "
                              f"[contraindicated] | It builds up. | L | {URL}")
    kb_leaflets._add_interaction(row, "FEB", None, data,  # type: ignore[arg-type]
                                 {("FEB", "AZA"): "class", ("AZA", "FEB"): "class"})
    # the partner's side of a group partner stays group-level (an ibuprofen page is not led
    # by ketorolac's "should not be taken together"); the checker pools the two sides
    assert _sides(data) == [("AZA", "contraindicated", "class", "It builds up."),
                            ("FEB", "contraindicated", "pair", "It builds up.")]
    assert data.counts["leaflets.facts.contraindicated"] == 1


def test_a_row_that_gives_hours_replaces_an_earlier_one_that_does_not() -> None:
    """Review 10: "ask your pharmacist how far apart" where the label gives the hours."""
    data = _data()
    rows, _ = leaflets.parse(
        "ferrous sulfate | interaction | atc:J01MA = quinolones | Iron lowers its uptake: "
        f"take them at different times. | NIH ODS | {URL}\n"
        "levofloxacin | interaction | atc:B03AA = iron | Iron lowers its uptake: take "
        f"levofloxacin at least 2 hours before or 2 hours after it. | L | {URL}\n"
        "levofloxacin | interaction | atc:B03A = iron | Iron: take them apart. | L2 | "
        f"{URL}\n")
    for row, subject in zip(rows, ("FE", "LEVO", "LEVO"), strict=True):
        kb_leaflets._add_interaction(row, subject, None, data, {})  # type: ignore[arg-type]
    texts = {s[3] for s in _sides(data)}
    assert texts == {"Iron lowers its uptake: take levofloxacin at least 2 hours before or 2 "
                     "hours after it."}  # both sides; a later row without hours changes none
    assert data.counts["leaflets.facts.hours_given"] == 2
    assert all(f["severity"] == "moderate" for f in data.facts.values())  # levels stay


# -- what to do -------------------------------------------------------------------------------
def test_hours_need_no_question_and_serious_levels_keep_their_words() -> None:
    hours = "Antacids lower its uptake: take it at least 2 hours before or 6 hours after them."
    assert effect_ask(hours, "moderate") == ""
    assert effect_ask("Antacids lower its uptake: take them at different times.",
                      "moderate") == SPACING_ASK
    advised = "It builds up and harms the blood cells: do not take them together."
    assert effect_ask(advised, "contraindicated") == EFFECT_ASK["contraindicated"]
    assert "should not be taken together" in EFFECT_ASK["contraindicated"]
    # a major pair whose reason already keeps them apart is not told so twice, in other
    # words ("do not take them together. … are usually not taken together": fc25d)
    assert effect_ask(advised, "major") == "Ask your doctor before taking both."
    assert effect_ask("It builds up and harms the blood cells.", "major") == EFFECT_ASK["major"]
    lithium = "It can raise lithium in the blood: your lithium level may need checking."
    assert effect_ask(lithium, "class-serious") == EFFECT_ASK["class-serious"]
    assert effect_ask("Bleeding is more likely: do not take both unless your doctor says so.",
                      "class-serious") == ""
    for said in ("your lithium level needs checking.", "tell your doctor if you feel faint.",
                 "stop it and see a doctor if a tendon hurts."):
        assert effect_ask(f"Something happens: {said}", "moderate") == ""


def _fact(n: int, other: str, severity: str | None, scope: str = "pair",
          source: str = "ansm", plain: str = "x") -> Fact:
    return Fact(id=f"f{n}", drug_id="ME", kind="interaction", value=other, plain=plain,
                source_id=source, locator=LOC if source == "leaflets" else f"row {n}",
                licence="L", other_id=other.upper(), severity=severity, scope=scope)


def test_a_leaflet_explained_group_pair_ranks_before_unexplained_and_rare_ones() -> None:
    """Review 10: warfarin with fenofibrate was "may interact; ask your pharmacist" after
    ledipasvir, daptomycin and letermovir; a label's contraindication leads."""
    why = "It makes warfarin work more strongly: your INR may need checking."
    facts = [
        _fact(1, "ledipasvir", "major", scope="class"),  # rare (rare_partners.txt)
        _fact(2, "daptomycin", "major", scope="class"),
        _fact(3, "obscurine", "major", scope="class"),  # not rare, unexplained
        _fact(4, "warfarin", "moderate", scope="class"),  # a group record …
        _fact(5, "warfarin", None, scope="class", source="leaflets", plain=why),  # … explained
        _fact(6, "azathioprine", "contraindicated", source="leaflets", plain="It builds up."),
        _fact(7, "otherine", "moderate", scope="class"),
    ]
    partners = select_partners(facts, set(), lambda o, _v: (o or "").lower(), lambda _o: 0)
    main = [p.name for p in partners if p.main]
    assert main[0] == "azathioprine"
    assert main.index("warfarin") < main.index("obscurine") < main.index("ledipasvir")
    [warfarin] = [p for p in partners if p.name == "warfarin"]
    assert warfarin.effect == why and warfarin.level == "class"
    assert "otherine" not in main  # an unexplained group level stays off when others fill it


def test_the_leaflet_sentence_with_hours_is_the_one_shown() -> None:
    a = _fact(1, "iron", None, source="leaflets", plain="Take them at different times.")
    b = _fact(2, "iron", None, source="leaflets", plain="Take it 2 hours before or after.")
    assert leaflet_effect([a, b]) == b.plain
    assert leaflet_effect([a]) == a.plain
    assert HOURS.search("take them at least 4 hours apart")
    assert not HOURS.search("take them at different times")


# -- the shipped rows -------------------------------------------------------------------------
def _block() -> list[leaflets.LeafletFact]:
    text = leaflets.FILE.read_text(encoding="utf-8")
    start = text.index(BLOCK)
    first = text[:start].count("\n") + 1
    # the round-5 blocks at the end of the file (session 7) carry every kind of row
    end = text.find("# round 5 (session 7")
    last = text[:end].count("\n") + 1 if end >= 0 else None
    facts, problems = leaflets.read()
    assert not problems
    # the block ends where the round-5 blocks (session 7, one per helper) begin
    end = text.find(ROUND5)
    last = text[:end].count("\n") + 1 if end >= 0 else 10**9
    return [f for f in facts if first < f.line < last]


def test_round_3_rows_are_interactions_that_say_what_happens_and_cite_their_source() -> None:
    rows = _block()
    assert rows and all(f.kind == "interaction" for f in rows)
    assert len({f.subject for f in rows}) >= 70
    for f in rows:
        if HOURS.search(f.text):  # hours only from a source that gives them
            assert f.url.startswith(("https://dailymed.nlm.nih.gov/",
                                     "https://ods.od.nih.gov/",
                                     "https://www.ema.europa.eu/")), (f.line, f.text)
        if f.level:  # a contraindication (or "avoid", round 4) is a label's
            assert f.source.startswith("US FDA label"), f.line
        assert not re.search(r"ask your pharmacist how far apart", f.text, re.IGNORECASE)


def test_round_3_rows_cover_120_medicines_of_the_shipped_kb() -> None:
    """Breadth (issue 10, round 3): the block's subjects, a WHO ATC group counted by its
    members in the shipped KB, are 120 medicines or more."""
    res = Resolver(open_kb())
    shipped = leaflets.FILE.parents[1] / "kb" / "drugs.tsv"
    atc = {cells[0]: cells[-1].split() for line in
           shipped.read_text(encoding="utf-8").splitlines()[1:]
           if (cells := line.split("\t"))[-1] != "\\N"}
    covered: set[str] = set()
    for f in _block():
        if f.subject.startswith("atc:"):
            covered |= {d for d, codes in atc.items()
                        if any(c.startswith(f.subject[4:]) for c in codes)}
        else:
            drug = one_drug(res, f.subject)
            assert drug, f.subject
            covered.add(drug)
    assert len(covered) >= 120


# -- the shipped pages (review 10's lines) ----------------------------------------------------
def _page(name: str) -> Page:
    return shipped_page(name)


def _main(name: str) -> list[str]:
    return [f"{st.label}: {st.text}" for s in _page(name).sections if s.id == "interactions"
            for st in s.statements if not st.companion]


def test_ketorolac_leads_with_the_painkillers_its_label_forbids() -> None:
    main = _main("ketorolac")
    assert "Ibuprofen" in main[0] and "should not be taken together" in main[0]
    assert any("Warfarin" in line and "bleeding" in line for line in main)
    assert not any("on the full list rather than here" in line for line in main)


def test_febuxostat_with_azathioprine_is_should_not_be_taken_together() -> None:
    [line] = [x for x in _main("febuxostat") if x.startswith("Azathioprine")]
    assert "should not be taken together" in line


@pytest.mark.parametrize("name, partner, words", [
    ("levofloxacin", "Ferrous Sulfate", "2 hours before or 2 hours after"),
    ("sucralfate", "Digoxin", "2 hours apart"),
    ("ferrous bisglycinate", "Levothyroxine", "4 hours"),
])
def test_spacing_gives_the_hours_the_label_gives(name: str, partner: str, words: str) -> None:
    [line] = [x for x in _main(name) if partner in x.split(":")[0]]
    assert words in line and SPACING_ASK not in line


@pytest.mark.parametrize("name, partner, words", [
    ("fenofibrate", "Warfarin", "bleeding"),
    ("levofloxacin", "Warfarin", "INR"),
    ("glibenclamide", "Atenolol", "low blood sugar"),
    ("topiramate", "Ethinylestradiol", "contraceptive pill"),
])
def test_serious_pairs_say_what_happens(name: str, partner: str, words: str) -> None:
    [line] = [x for x in _main(name) if partner in x.split(":")[0]]
    assert words in line
    assert "may interact with" not in line


@pytest.mark.parametrize("name", ["torasemide", "dapagliflozin", "phytomenadione",
                                  "etizolam"])
def test_review_10_pages_without_interactions_now_have_some(name: str) -> None:
    main = _main(name)
    assert main and not any("no interaction data" in line for line in main)
