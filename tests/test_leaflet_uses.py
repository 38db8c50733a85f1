"""Round 3 of the leaflet facts (review 10): a reviewed main use (leaflet kind `use`) the
datasets lack or rank low, which leads the page's uses; another product form's use never
leads a tablet page; plain words for the clinical use terms review 10 still saw; vitamins
named by their common name in the kind line."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from apothecary.knowledge.build import KBData, build
from apothecary.knowledge.leaflets import locator
from apothecary.knowledge.sources import leaflets
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Fact, FactKind, Page
from apothecary.monographs import rules
from apothecary.monographs.uses import (
    for_line,
    key_uses,
    reviewed_use,
    select_uses,
    sense_form,
)
from apothecary.writers.wording import use_sentence
from pagekit import kb_page, tiny_kb_with_leaflets

FIXTURES = Path(__file__).parent / "fixtures"
NHS = "https://www.nhs.uk/medicines/fixture/"


# -- the parser -------------------------------------------------------------------------------
def test_the_parser_accepts_a_use_row_without_a_detail() -> None:
    [fact], problems = leaflets.parse(
        f"Dapagliflozin | use | - | heart failure | NHS, Dapagliflozin | {NHS}")
    assert not problems
    assert (fact.subject, fact.kind, fact.detail, fact.text) == \
        ("dapagliflozin", "use", "", "heart failure")


def test_the_parser_rejects_a_use_row_with_a_detail_or_without_text() -> None:
    text = "\n".join([
        f"dapagliflozin | use | common | heart failure | NHS, Dapagliflozin | {NHS}",
        f"dapagliflozin | use | - |  | NHS, Dapagliflozin | {NHS}",
        f"dapagliflozin | uses | - | heart failure | NHS, Dapagliflozin | {NHS}",
    ])
    facts, problems = leaflets.parse(text)
    assert not facts
    assert [p.line for p in problems] == [1, 2, 3]
    assert "takes no detail" in problems[0].reason


def test_shipped_use_rows_cover_review_10() -> None:
    """The main uses review 10 found missing are reviewed rows now."""
    facts, problems = leaflets.read()
    assert not problems
    uses = {(f.subject, f.text) for f in facts if f.kind == "use"}
    for subject, words in (("dapagliflozin", "heart failure"),
                           ("topiramate", "to prevent migraine"),
                           ("pyridoxine", "isoniazid"), ("riboflavin", "migraine"),
                           ("phytomenadione", "newborn"), ("ferrous bisglycinate", "anaemia"),
                           ("evening primrose oil", "eczema"), ("febuxostat", "gout")):
        assert any(s == subject and words in t for s, t in uses), subject
    per_subject: dict[str, list[str]] = {}
    for f in facts:
        if f.kind == "use":
            per_subject.setdefault(f.subject, []).append(f.text)
    # a subject's rows are its whole key-facts line: at most three, each short
    assert all(len(v) <= 3 for v in per_subject.values())
    assert all(len(t) <= 70 for v in per_subject.values() for t in v)


# -- the build step ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> KBData:
    tmp = tmp_path_factory.mktemp("leaflet-uses")
    out = tmp / "sources"
    shutil.copytree(FIXTURES / "sources", out)
    for tsv in (out / "sider-4.1").glob("*.tsv"):
        with gzip.open(tsv.with_suffix(".tsv.gz"), "wb") as gz:
            gz.write(tsv.read_bytes())
        tsv.unlink()
    rows = tmp / "leaflet_facts.txt"
    rows.write_text("# fixture\n"
                    f"metformin | use | - | fixture main use | Test leaflet, Metformin | {NHS}\n",
                    encoding="utf-8")
    return build(out, rows)


def test_the_build_brings_a_use_row_in_as_a_use_fact_with_its_licence(built: KBData) -> None:
    [use] = [f for f in built.facts.values()
             if f["source_id"] == "leaflets" and f["drug_id"] == "DB00331"]
    assert use["kind"] == "use" and use["value"] == use["plain"] == "fixture main use"
    assert use["licence"] == leaflets.SOURCE["licence"]
    assert use["locator"] == f"leaflet_facts.txt line 2 [use:own]; Test leaflet, Metformin: {NHS}"
    assert built.counts["leaflets.facts.use"] == 1


# -- a reviewed use leads -----------------------------------------------------------------
def _use(fid: str, value: str, source: str = "labeledin", line: int = 0) -> Fact:
    loc = "row 1"
    if source == "leaflets":
        loc = locator(leaflets.LeafletFact(line, "x", "use", "", value, "NHS, Fixture", NHS))
    return Fact(id=fid, drug_id="D", kind=FactKind.USE, value=value, plain=value.casefold(),
                source_id=source, locator=loc, licence="x")


def test_reviewed_uses_lead_in_their_rows_order_and_are_the_whole_line() -> None:
    facts = [_use("a", "Hypertension"), _use("b", "Diabetes Mellitus, Type 2"),
             _use("l2", "to prevent migraine", "leaflets", line=12),
             _use("l1", "heart failure", "leaflets", line=11)]
    items = select_uses(facts, name="fixturezide")
    assert [i.text for i in items[:2]] == ["heart failure", "to prevent migraine"]
    assert all(reviewed_use(i) for i in items[:2])
    assert not any(reviewed_use(i) for i in items[2:])  # the datasets' uses follow
    assert [i.text for i in key_uses(items)] == ["heart failure", "to prevent migraine"]
    # prevention stays prevention, and the Usage sentence names the public source
    assert use_sentence("Fixturezide", items[1]) == (
        f"Fixturezide is used to prevent migraine. Source: NHS, Fixture: {NHS}.")
    assert "Source" not in use_sentence("Fixturezide", items[2])


def test_a_reviewed_use_merges_with_the_same_dataset_use() -> None:
    facts = [_use("a", "Type 2 diabetes"), _use("l1", "type 2 diabetes", "leaflets", line=3)]
    [item] = select_uses(facts, name="fixturezide")
    assert set(item.fact_ids) == {"a", "l1"} and reviewed_use(item)


def test_without_reviewed_uses_the_line_is_unchanged() -> None:
    facts = [_use("a", "Hypertension"), _use("b", "Heart Failure")]
    items = select_uses(facts, name="fixturezide")
    assert not any(reviewed_use(i) for i in items)
    assert [i.text for i in key_uses(items)] == [i.text for i in items][:3]


def test_a_line_naming_another_form_drops_the_reviewed_lead() -> None:
    """"Ketorolac eye drops": the eye use leads, not the tablets' reviewed pain row."""
    facts = [_use("l1", "short-term pain", "leaflets", line=5),
             _use("c", "Allergic Conjunctivitis")]
    items = select_uses(facts, name="ketorolac", atc="M01AB15 S01BC05", routes=["O", "P"])
    assert items[0].text == "short-term pain"
    assert [i.text for i in key_uses(items)] == ["short-term pain"]
    # the page form first labels the tablets' reviewed use as another form's (as the
    # writer does: page_form.for_form); a reviewed use it keeps would still lead
    from apothecary.monographs.model import Monograph
    from apothecary.monographs.page_form import for_form

    items = for_form(Monograph(drug_id="x", uses=items), "ketorolac", "M01AB15 S01BC05",
                     frozenset({"eye"}), lambda: {f.id: f for f in facts}).uses
    shown = for_line(items, "eye")
    assert shown[0].form.startswith("eye") and shown[0].lead is None
    assert [i.text for i in key_uses(shown)][0].startswith("allergic conjunctivitis")
    assert all(i.lead is None for i in shown)


def _kb_with_use(tmp_path: Path) -> KnowledgeBase:
    """The tiny KB plus a leaflet use row for metformin (DB00331)."""
    path = tmp_path / "leaflet-use.sqlite"
    conn = tiny_kb_with_leaflets(path)
    s = leaflets.SOURCE
    row = leaflets.LeafletFact(9, "metformin", "use", "", "fixture kidney protection",
                               "NHS, Fixture", NHS)
    conn.execute(
        "INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, licence) "
        "VALUES (?,?,?,?,?,?,?,?)",
        ("leafuse", "DB00331", "use", row.text, row.text, "leaflets", locator(row),
         s["licence"]))
    conn.commit()
    conn.close()
    return KnowledgeBase(path)


def _key(page: Page, label: str) -> str:
    return next(st.text for s in page.sections if s.id == "key-facts" for st in s.statements
                if st.label == label)


def test_a_reviewed_use_leads_the_page_with_its_source_and_licence(
        tmp_path: Path, tiny_kb: KnowledgeBase) -> None:
    before = kb_page(tiny_kb, "DB00331")
    assert "kidney protection" not in _key(before, "Used for")
    kb = _kb_with_use(tmp_path)
    try:
        page = kb_page(kb, "DB00331")
    finally:
        kb.close()
    assert _key(page, "Used for") == "Fixture kidney protection."
    usage = [st for s in page.sections if s.id == "usage" for st in s.statements]
    assert usage[0].fact_ids == ["leafuse"]
    assert usage[0].text.endswith(f"Source: NHS, Fixture: {NHS}.")
    assert "leaflets" in {s.id for s in page.sources}
    assert leaflets.SOURCE["licence"] in page.licences


# -- another product form's use never leads a tablet page -----------------------------------
def test_an_eye_use_of_a_medicine_with_eye_drops_is_the_drops_use() -> None:
    assert sense_form("allergic conjunctivitis", "M01AB15 S01BC05") == \
        "eye drops or eye ointment"
    assert sense_form("otitis externa", "J01MA01 S01AE01 S02AA16") == "ear drops"
    assert sense_form("pain", "M01AB15 S01BC05") == ""
    assert sense_form("allergic conjunctivitis", "R06AE07") == ""  # tablets only: theirs
    assert sense_form("allergic conjunctivitis", "S01GX09") == ""  # drops only: every use


def test_ketorolac_conjunctivitis_stays_off_the_tablet_line_whoever_else_has_it() -> None:
    """Review 10: ibuprofen (M01A, no eye drops) has a DrugCentral "allergic conjunctivitis"
    row, so the class backer rule left it unmarked and it led ketorolac's first screen."""
    facts = [_use("c", "Allergic Conjunctivitis", "drugcentral"), _use("p", "Pain"),
             _use("i", "Inflammation")]
    forms = {"allergic conjunctivitis": frozenset({"", "eye drops or eye ointment"}),
             "pain": frozenset({""})}
    mates = {"allergic conjunctivitis": frozenset({"ibuprofen", "loteprednol"}),
             "pain": frozenset({"ibuprofen", "diclofenac", "naproxen"})}
    items = select_uses(facts, classmates=mates, name="ketorolac", atc="M01AB15 S01BC05",
                        forms=forms, routes=["O", "P"])
    conj = next(i for i in items if i.key == "allergic conjunctivitis")
    assert conj.other_form and conj.text.endswith("(as eye drops or eye ointment)")
    assert "allergic conjunctivitis" not in " ".join(i.text for i in key_uses(items))


# -- plain words and kinds ------------------------------------------------------------------
def test_review_10_clinical_use_terms_have_plain_words() -> None:
    for term, words in (("Hyperuricemia", "high uric acid in the blood"),
                        ("Angina Pectoris, Variant", "angina at rest"),
                        ("Lennox-Gastaut Epilepsy", "Lennox-Gastaut syndrome"),
                        ("Epileptic encephalopathy, Lennox-Gastaut type",
                         "Lennox-Gastaut syndrome"),
                        ("Vitamin K Deficiency Induced Hypoprothrombinemia",
                         "too little vitamin K"),
                        ("Peripheral Edema due to Chronic Heart Failure", "swollen legs"),
                        ("Pyridoxine Deficiency", "vitamin B6 deficiency")):
        assert words in rules.use_words(term, term.casefold()), term
    # febuxostat's label is for raised uric acid with gout, never without it
    assert rules.not_a_use("Hyperuricemia", "febuxostat")
    assert not rules.not_a_use("Hyperuricemia", "allopurinol")


def test_vitamins_are_named_by_their_common_name_in_the_kind_line() -> None:
    assert rules.plain_class("A11HA02") == "vitamin B6"
    assert rules.plain_class("A11HA04 S01XA26") == "vitamin B2"
    assert rules.plain_class("A11DA01") == "vitamin B1"
    assert rules.plain_class("B02BA01").startswith("vitamin K")
    assert rules.plain_class("A11CA01") == "vitamin A"  # unchanged
