"""Leaflet facts, round 3 (review 10, problems 3 and 8): a plain "how it works" sentence
(how_it_works rows: a medicine's own row beats its group's, a narrower group beats a wider
one) and a medicine's own reviewed common side effects leading its "Common" list, the
datasets' terms following up to the cap without the ones the leaflet already says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as hs

from apothecary.knowledge import leaflets as kb_leaflets
from apothecary.knowledge.build import KBData
from apothecary.knowledge.leaflets import locator
from apothecary.knowledge.sources import leaflets
from apothecary.models import Fact, FactKind
from apothecary.monographs import leaflets as mono_leaflets
from apothecary.monographs.how_it_works import select_how
from apothecary.monographs.model import Item
from apothecary.monographs.side_effects import (
    COMMON_CAP,
    LEAFLET_LIST,
    LED_LABEL,
    select_effects,
)

URL = "https://www.nhs.uk/medicines/x/"


# -- the parser -------------------------------------------------------------------------------
def test_how_it_works_rows_take_no_detail() -> None:
    facts, problems = leaflets.parse(
        f"atc:C10AA | how_it_works | - | It lowers cholesterol. | NHS, Statins | {URL}\n"
        f"atorvastatin | how_it_works | common | It lowers cholesterol. | NHS, A | {URL}")
    assert [(f.subject, f.kind, f.detail) for f in facts] == [("atc:C10AA", "how_it_works", "")]
    assert [p.line for p in problems] == [2]
    assert not facts[0].own and leaflets.LeafletFact(1, "x", "side_effect", "common", "t", "s",
                                                      URL).own


def test_the_locator_marks_a_medicines_own_row() -> None:
    own, group = leaflets.parse(
        f"metformin | side_effect | common | feeling sick | NHS, Metformin | {URL}\n"
        f"atc:A10BA | side_effect | common | feeling sick | NHS, Metformin | {URL}")[0]
    assert "[side_effect:own]; NHS, Metformin: " in locator(own)
    assert "[side_effect]; NHS, Metformin: " in locator(group)


# -- the build step: one how-it-works row a medicine ------------------------------------------
def _data() -> KBData:
    data = KBData(sources=[])
    data.drugs = {"ATO": {"name": "atorvastatin", "atc": "C10AA05"},
                  "SIM": {"name": "simvastatin", "atc": "C10AA01"},
                  "FEN": {"name": "fenofibrate", "atc": "C10AB05"}}
    return data


def test_own_row_beats_a_narrower_group_which_beats_a_wider_one() -> None:
    rows, _ = leaflets.parse("\n".join([
        f"atc:C10 | how_it_works | - | Wide group. | S | {URL}",
        f"atc:C10AA | how_it_works | - | Narrow group. | S | {URL}",
        f"atorvastatin | how_it_works | - | Its own. | S | {URL}",
        f"atc:C10AA | how_it_works | - | A later narrow row. | S | {URL}"]))
    data = _data()
    matched = [(r, [d for d, v in data.drugs.items() if (r.own and v["name"] == r.subject)
                    or (not r.own and v["atc"].startswith(r.subject[4:]))]) for r in rows]
    chosen = kb_leaflets.how_it_works_rows(matched)
    assert {d: r.text for d, r in chosen.items()} == {
        "ATO": "Its own.", "SIM": "Narrow group.", "FEN": "Wide group."}


# -- the page: how it works -------------------------------------------------------------------
def _leaf(fid: str, kind: FactKind, text: str, lkind: str, subject: str = "x",
          band: str | None = None, source: str = "leaflets") -> Fact:
    row = leaflets.LeafletFact(3, subject, lkind, band or "", text, "NHS, X", URL)
    return Fact(id=fid, drug_id="DX", kind=kind, value=text, plain=text, source_id=source,
                locator=locator(row) if source == "leaflets" else "row 1", licence="L",
                frequency=band)


STATIN = Item(text="statin", key="statin", fact_ids=["c1"])


def test_a_plain_sentence_follows_the_kind_and_replaces_the_target() -> None:
    how = _leaf("h1", FactKind.MECHANISM, "it lowers the amount of cholesterol your liver makes",
                "how_it_works", subject="atc:C10AA")
    target = Fact(id="t1", drug_id="DX", kind=FactKind.MECHANISM, value="HMGCR",
                  plain="blocks HMG-CoA reductase", source_id="drugcentral",
                  locator="drug_target row 1", licence="L")
    item = select_how([target, how], STATIN)
    assert item is not None
    assert item.text == "a statin. It lowers the amount of cholesterol your liver makes."
    assert item.fact_ids == ["c1", "h1"]  # the kind's facts and the leaflet's, not the target
    without = select_how([target], STATIN)
    assert without is not None and without.text == "a statin that blocks HMG-CoA reductase"
    alone = select_how([how], None)
    assert alone is not None and alone.text.startswith("a medicine. It lowers")


def test_other_leaflet_mechanism_facts_are_not_a_how_it_works_line() -> None:
    warning = _leaf("w1", FactKind.MECHANISM, "not a sentence on how it works", "warning")
    item = select_how([warning], STATIN)
    assert item is not None and item.text == "a statin"


# -- the page: a medicine's own common side effects lead --------------------------------------
SIDER = ["nausea", "pruritus", "abdominal distension", "urticaria", "headache", "dizziness",
         "insomnia", "rash", "constipation", "diarrhoea"]


def _sider(terms: list[str]) -> list[Fact]:
    return [Fact(id=f"s{i}", drug_id="DX", kind=FactKind.SIDE_EFFECT, value=t, plain=t,
                 source_id="sider", locator="row 1", licence="L", frequency="common")
            for i, t in enumerate(terms)]


def test_fill_keeps_a_medicines_own_common_rows_whatever_the_datasets_give() -> None:
    own = _leaf("l1", FactKind.SIDE_EFFECT, "tingling in the hands and feet", "side_effect",
                band="common")
    own_reported = _leaf("l2", FactKind.SIDE_EFFECT, "kidney stones", "side_effect",
                         band="reported")
    group = _leaf("l3", FactKind.SIDE_EFFECT, "feeling sick", "side_effect",
                  subject="atc:N03A", band="common")
    kept = mono_leaflets.fill([*_sider(SIDER), own, own_reported, group])
    assert own in kept and own_reported not in kept and group not in kept
    assert mono_leaflets.leads(own) and not mono_leaflets.leads(group)


@given(hs.integers(min_value=1, max_value=COMMON_CAP + 2))
def test_own_rows_lead_and_the_datasets_follow_up_to_the_cap(n: int) -> None:
    mine = [_leaf(f"l{i}", FactKind.SIDE_EFFECT, text, "side_effect", band="common")
            for i, text in enumerate(["tingling in the hands and feet", "feeling sick",
                                      "weight loss", "problems with memory",
                                      "feeling sleepy", "dry mouth", "blurred vision",
                                      "hair loss", "feeling irritable", "sweating"][:n])]
    main, _serious, _groups = select_effects(mono_leaflets.fill(_sider(SIDER) + mine), set(),
                                             [])
    assert main[0].label == "Common (source: NHS)"
    assert [i.text for i in main[0].items] == [f.plain for f in mine]
    rest = [i.text.casefold() for g in main[1:] for i in g.items]
    assert all(g.label in LED_LABEL.values() for g in main[1:])
    if n >= 2:  # "feeling sick (nausea)" from the labels: the leaflet says it already
        assert not any("sick" in t for t in rest)
    # the labels' terms fill the room a short list leaves; a list of three or more is the
    # whole main list (review 22: "Also common on drug labels" read as noise)
    assert len(rest) == (max(COMMON_CAP - n, 0) if n < LEAFLET_LIST else 0)


def test_without_own_rows_the_list_is_as_before() -> None:
    group = _leaf("l3", FactKind.SIDE_EFFECT, "feeling sick", "side_effect",
                  subject="atc:N03A", band="common")
    main, _, _ = select_effects(mono_leaflets.fill(_sider(SIDER) + [group]), set(), [])
    assert main[0].label == "Common" and all("source" not in g.label for g in main)


# -- the shipped file -------------------------------------------------------------------------
REVIEW_10 = ("topiramate", "dapagliflozin", "febuxostat", "glibenclamide", "cinnarizine",
             "sucralfate", "evening primrose oil")


def test_the_shipped_file_covers_review_10_and_common_medicines() -> None:
    facts, problems = leaflets.read()
    assert not problems
    common = {f.subject for f in facts if f.kind == "side_effect" and f.detail == "common"
              and f.own}
    assert set(REVIEW_10) <= common
    assert len(common) >= 80
    how = [f for f in facts if f.kind == "how_it_works"]
    assert len({f.subject for f in how}) >= 80
    # one plain sentence or two, never a raw class restated
    assert all(f.text[:1].isupper() and f.text.endswith(".") and len(f.text) < 200 for f in how)


# -- the same side effect in other words --------------------------------------------------------
def test_a_dataset_term_the_leaflet_says_in_other_words_is_left_out() -> None:
    from apothecary.monographs.side_effects import said_by

    lead = ["feeling sleepy, tired or dizzy", "urine infections", "trouble sleeping"]
    assert said_by("Dizziness", lead) and said_by("urine infection", lead)
    assert not said_by("Weakness and lack of energy", lead)
    assert not said_by("difficulty sleeping (insomnia)", ["feeling sleepy"])  # not sleepiness


def test_leaflet_items_a_signature_line_names_are_not_repeated() -> None:
    from apothecary.monographs.leaflets import without_repeats
    from apothecary.monographs.model import EffectGroup
    from apothecary.monographs.side_effects import unled

    items = [Item(text=t, key=t, source="NHS, X: " + URL) for t in
             ("a metallic taste in the mouth", "loss of appetite", "a runny nose")]
    groups = [EffectGroup(label="Common (source: NHS)", items=items),
              EffectGroup(label=LED_LABEL["common"], items=[Item(text="weakness", key="w")])]
    said = "Feeling sick, diarrhoea, stomach ache, less appetite and a metallic taste"
    kept = unled(without_repeats(groups, said))
    assert [i.text for i in kept[0].items] == ["a runny nose"]
    assert kept[1].label == LED_LABEL["common"]  # a leaflet item still leads
    gone = unled(without_repeats(groups[:1] + groups[1:], said + " and a runny nose"))
    assert [g.label for g in gone] == ["Common"]  # nothing leads: the labels' own label back
