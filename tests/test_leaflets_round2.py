"""Leaflet facts, round 2 (reviews 8 and 9): "why it is taken" notes (lowered_by), group
members that are not medicines, a reason for a pair another source rates, spacing advice
and route-specific ANSM records."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from apothecary.knowledge import leaflets as kb_leaflets
from apothecary.knowledge.build import KBData
from apothecary.knowledge.leaflets import locator
from apothecary.knowledge.sources import leaflets
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Fact, Page
from apothecary.monographs.interactions import pair_level, reviewed_effect
from apothecary.writers.wording import EFFECT_ASK, SPACING_ASK, effect_ask
from pagekit import kb_page, tiny_kb_with_leaflets

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://ods.od.nih.gov/factsheets/x/"
_cell = hs.text(hs.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=30).map(lambda s: " ".join(s.replace("|", " ").split())).filter(bool)


# -- the parser -------------------------------------------------------------------------------
@given(hs.sampled_from(["Metformin", "ATC:a10ba = Biguanides", "proton pump inhibitors"]),
       _cell)
def test_lowered_by_rows_round_trip_with_their_partner(detail: str, text: str) -> None:
    [row], problems = leaflets.parse(f"cyanocobalamin | lowered_by | {detail} | {text} | "
                                     f"NIH ODS, B12 | {URL}")
    assert not problems
    assert (row.kind, row.text) == ("lowered_by", text)
    if detail.startswith("ATC"):
        assert row.partner == ("atc", "A10BA", "Biguanides")
    else:
        assert row.partner == ("drug", detail.casefold(), "")


@given(hs.sampled_from(["-", "", "atc:A10BA", "atc:nonsense = x"]))
def test_lowered_by_without_a_partner_is_a_problem(detail: str) -> None:
    facts, [problem] = leaflets.parse(f"cyanocobalamin | lowered_by | {detail} | t | s | {URL}")
    assert not facts and problem.line == 1


# -- the build step ---------------------------------------------------------------------------
def _data() -> KBData:
    data = KBData(sources=[])
    data.drugs = {
        "ALA": {"name": "thioctic acid", "atc": ""},
        "MET": {"name": "metformin", "atc": "A10BA02"},
        "BEEF": {"name": "beef", "atc": "A10AB02 A10AC02"},
        "PORK": {"name": "pork", "atc": "A10AB03"},
        "INS": {"name": "insulin human", "atc": "A10AB01"},
    }
    return data


def test_group_members_that_are_not_medicines_are_never_partners() -> None:
    """WHO ATC writes "insulin (beef)": the drug tables' "beef" is in group A10 by its code,
    but a page must never list Beef or Pork as an interaction (review 8)."""
    data = _data()
    [row], _ = leaflets.parse("thioctic acid | interaction | atc:A10 = diabetes medicines | "
                              f"May lower blood sugar. | NCCIH | {URL}")
    kb_leaflets._add_interaction(row, "ALA", None, data, {})  # type: ignore[arg-type]
    partners = sorted(str(f["other_id"]) for f in data.facts.values() if f["drug_id"] == "ALA")
    assert partners == ["INS", "MET"]
    assert not any(f["drug_id"] in ("BEEF", "PORK") for f in data.facts.values())


def test_a_pair_only_groups_give_keeps_the_group_scope() -> None:
    """A leaflet reason for a pair that only a group record gives stays group-level, so the
    pair's level is still the record's (never "listed" from a level-less pair fact)."""
    data = _data()
    [row], _ = leaflets.parse(f"metformin | interaction | atc:A10AB01 = insulin | Reason. | S | "
                              f"{URL}")
    kb_leaflets._add_interaction(row, "MET", None, data,  # type: ignore[arg-type]
                                 {("MET", "INS"): "class"})
    sides = sorted((f["drug_id"], f["severity"], f["scope"], f["plain"])
                   for f in data.facts.values())
    assert sides == [("INS", None, "class", "Reason."), ("MET", None, "class", "Reason.")]
    assert data.counts["leaflets.facts.reason_for_other_sources_pair"] == 1


# -- levels and words -------------------------------------------------------------------------
def _pair(severity: str | None, loc: str, source: str = "ansm", scope: str = "pair",
          fid: str = "f1") -> Fact:
    return Fact(id=fid, drug_id="CA", kind="interaction", value="digoxin", plain="digoxin",
                source_id=source, locator=loc, licence="L", other_id="DIG", severity=severity,
                scope=scope)


def test_a_route_specific_record_shows_its_reviewed_level_and_reason() -> None:
    """ANSM record 594 forbids calcium given into a vein with digoxin; by mouth it is a
    precaution: the oral supplement's page must not say "should not be taken together"."""
    iv_only = _pair("contraindicated", "thesaurus record 594 (CALCIUM + DIGOXINE; "
                    "CONTRE-INDICATION)")
    level, cited = pair_level([iv_only])
    assert level == "conditional"
    assert "into a vein" in reviewed_effect(cited)
    other = _pair("contraindicated", "thesaurus record 9999 (A + B; CONTRE-INDICATION)")
    assert pair_level([other])[0] == "contraindicated"  # an unreviewed record keeps its level
    assert reviewed_effect([other]) == ""


def test_a_level_less_leaflet_fact_never_changes_a_pair_level() -> None:
    ansm = _pair("moderate", "thesaurus record 9999 (A + B; Précaution d'emploi)")
    leaf = _pair(None, "leaflet_facts.txt line 3 [interaction]; NIH ODS: " + URL,
                 source="leaflets", fid="f2")
    assert pair_level([ansm, leaf])[0] == "moderate"
    assert pair_level([_pair("minor", "onc row 1", source="onc"), leaf])[0] == "minor"


def test_what_to_do_follows_what_happens() -> None:
    spaced = "Calcium lowers how much of a quinolone the body takes up: take them at " \
        "different times."
    assert effect_ask(spaced, "moderate") == SPACING_ASK
    advised = "Medicines that block CYP3A4 raise its level: the doctor may lower its dose."
    assert effect_ask(advised, "moderate") == ""
    bare = "Omega-3 supplements may add to the effect of blood thinners."
    assert effect_ask(bare, "moderate") == EFFECT_ASK["moderate"]
    assert effect_ask(bare, "class") == EFFECT_ASK["class"]


# -- pages ------------------------------------------------------------------------------------
def _kb(tmp_path: Path, rows: list[tuple[str, str, str, str, str | None, str | None]]
        ) -> KnowledgeBase:
    """The tiny KB plus leaflet rows (drug, fact kind, leaflet kind, text, other, severity)."""
    path = tmp_path / "round2.sqlite"
    conn = tiny_kb_with_leaflets(path)
    s = leaflets.SOURCE
    for n, (drug, kind, lkind, text, other, severity) in enumerate(rows, start=1):
        row = leaflets.LeafletFact(n, "x", lkind, "", text, "NIH ODS, Fixture", URL)
        conn.execute(
            "INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, licence, "
            "other_id, severity, frequency, scope) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (f"r2-{n}", drug, kind, text, text, "leaflets", locator(row), s["licence"],
             other, severity, None, "pair" if other else None))
    conn.commit()
    conn.close()
    return KnowledgeBase(path)




def _lines(page: Page, sid: str) -> list[str]:
    return [f"{st.label or ''}: {st.text}" for s in page.sections if s.id == sid
            for st in s.statements if not st.companion]


def test_spacing_advice_and_why_it_is_taken_on_a_page(tmp_path: Path) -> None:
    kb = _kb(tmp_path, [
        ("DB00557", "interaction", "interaction",
         "Fixture lowers how much aspirin is taken up: take them at different times.",
         "DB00945", "moderate"),
        ("DB00557", "patient_warning", "lowered_by",
         "Fixture: metformin lowers it over time, one reason it is taken.", None, None),
    ])
    try:
        page = kb_page(kb, "DB00557")
    finally:
        kb.close()
    [line] = [x for x in _lines(page, "interactions") if "take them at different" in x]
    assert line.endswith("take them at different times. " + SPACING_ASK)
    assert "how to take them together" not in line
    safety = " ".join(_lines(page, "safety")) + " ".join(
        f"{st.label}: {st.text}" for s in page.sections if s.id == "safety"
        for st in s.statements)
    assert "Why it may be taken: Fixture: metformin lowers it" in safety
    assert not any("metformin lowers" in x for x in _lines(page, "interactions"))


@pytest.mark.usefixtures("unanswered_hydralazine")
def test_a_leaflet_pregnancy_answer_reaches_the_faq(tmp_path: Path) -> None:
    """Review 9 (cod liver oil): the safety detail held the leaflet's pregnancy answer while
    the FAQ said "our sources do not cover pregnancy"."""
    # hydralazine: a drug with no reviewed pregnancy message (hydroxyzine now has one, EMA)
    kb = _kb(tmp_path, [("DB01275", "pregnancy", "pregnancy", "Fixture: avoid in pregnancy.",
                         None, None)])
    try:
        page = kb_page(kb, "DB01275")
    finally:
        kb.close()
    [answer] = [st.text for s in page.sections if s.id == "faqs" for st in s.statements
                if "pregnant" in (st.label or "")]
    assert answer.startswith("Fixture: avoid in pregnancy. (Source: NIH ODS, Fixture: ")
    assert "do not cover" not in answer


def _partner(name: str, level: str, effect: str = "", n: int = 0) -> Fact:
    return Fact(id=f"p{n}", drug_id="CIP", kind="interaction", value=name, plain=name,
                source_id="ansm", locator=f"row {n}", licence="L", other_id=f"D{n}",
                severity=level, scope="pair")


def test_spacing_lines_lead_the_main_page_at_most_two() -> None:
    """Review 9: "take them at different times" (calcium, iron, zinc with a quinolone) is
    advice a reader can act on: such lines rank with the serious ones, at most two lines,
    and a pair and a group record giving the same reason share one line."""
    from apothecary.monographs.interactions import SPACING_SLOTS, select_partners

    facts = [_partner(f"serious {i}", "major", n=i) for i in range(4)]
    reasons = ["Calcium lowers its uptake: take them at different times.",
               "Iron lowers its uptake: take them at different times.",
               "Zinc lowers its uptake: take them at different times."]
    n = 10
    for why in reasons:
        for scope in ("pair", "class"):
            n += 1
            facts.append(Fact(id=f"l{n}", drug_id="CIP", kind="interaction",
                              value=f"salt {n}", plain=why, source_id="leaflets",
                              locator="leaflet_facts.txt line 1 [interaction]; S: " + URL,
                              licence="L", other_id=f"D{n}", severity="moderate",
                              scope=scope))
    partners = select_partners(facts, set(), lambda _o, v: v, lambda _o: 0)
    main = [p for p in partners if p.main]
    spaced = [p for p in main if "different times" in p.effect]
    assert {p.effect for p in spaced} == set(reasons[:SPACING_SLOTS])
    assert len(spaced) == 2 * SPACING_SLOTS  # pair and group members share their line
    assert len({p.level for p in spaced if p.effect == reasons[0]}) == 1
    assert main[0].effect == reasons[0] or main[0].level == "major"
    assert sum(1 for p in main if p.level == "major") == 5 - SPACING_SLOTS
