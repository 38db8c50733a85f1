"""Issue 10, reviews 8 and 9: the kind of medicine is the class of its main use and never a
vague or wrong-system class; a mechanism never places its target in a tissue the medicine
does not act in; uses are marked by the product form they belong to."""

from __future__ import annotations

from apothecary.models import Fact, FactKind
from apothecary.monographs import how_it_works
from apothecary.monographs.how_it_works import kind_codes, placed, select_how, select_kind


def _fact(fid: str, kind: FactKind, value: str, plain: str, source: str = "drugcentral",
          locator: str = "pharm_class.tsv row 1 (MeSH PA D1)") -> Fact:
    return Fact(id=fid, drug_id="D", kind=kind, value=value, plain=plain, source_id=source,
                locator=locator, licence="x")


def test_a_vague_mesh_class_never_names_the_kind() -> None:
    adjuvant = _fact("c1", FactKind.CLASS, "Adjuvants, Immunologic", "immunologic adjuvants")
    vitamins = _fact("c2", FactKind.CLASS, "Vitamins", "vitamin")
    # "Adjuvants, Immunologic" sorts first; it is never a kind of medicine
    kind = select_kind([adjuvant, vitamins])
    assert kind is not None and kind.text == "vitamin" and kind.fact_ids == ["c2"]
    assert select_kind([adjuvant]) is None


def test_a_system_class_names_only_medicines_of_its_system() -> None:
    heart = _fact("c1", FactKind.CLASS, "Cardiovascular Agents", "heart and blood vessel medicine")
    histamine = _fact("c2", FactKind.CLASS, "Histamine Agonists", "histamine agonists")
    # an N-coded medicine with no reviewed plain class: the heart heading does not lead
    kind = select_kind([heart, histamine], "N99XX01")
    assert kind is not None and kind.text == "histamine agonist"
    # a heart medicine keeps it; a medicine with no ATC code (its system unknown) too
    assert select_kind([heart], "C99XX01").text == "heart and blood vessel medicine"  # type: ignore[union-attr]
    assert select_kind([heart], "").text == "heart and blood vessel medicine"  # type: ignore[union-attr]


def test_the_reviewed_plain_class_of_an_anti_vertigo_medicine_and_a_vitamin() -> None:
    heart = _fact("c1", FactKind.CLASS, "Cardiovascular Agents", "heart and blood vessel medicine")
    atc = _fact("c2", FactKind.CLASS, "ANTIVERTIGO PREPARATIONS", "antivertigo preparations",
                "who-atc", "ATC N07C (via N07CA01)")
    kind = select_kind([heart, atc], "N07CA01")
    assert kind is not None and kind.text.startswith("anti-vertigo medicine")
    assert kind.fact_ids == ["c2"]
    # retinol: a vitamin (A11CA), not its skin retinoid code (D10AD) nor a raw class
    assert kind_codes("retinol", "A11CA01 D10AD02 S01XA02") == "A11CA01"
    assert select_kind([], "A11CA01 D10AD02").text == "vitamin A"  # type: ignore[union-attr]


def test_the_kind_is_the_class_of_the_main_use(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(how_it_works, "main_classes", lambda: {"levosulpiride": "A03FA"})
    atc = _fact("c1", FactKind.CLASS, "ANTIPSYCHOTICS", "antipsychotics", "who-atc",
                "ATC N05A (via N05AL07)")
    approval = _fact("a1", FactKind.APPROVAL, "For functional dyspepsia", "for dyspepsia",
                     "cdsco", "cdsco_approved_new_drugs.csv row 1")
    kind = select_kind([atc, approval], "N05AL07", "Levosulpiride")
    assert kind is not None and "antipsychotic" not in kind.text
    assert kind.text.startswith("stomach-emptying medicine")
    assert kind.fact_ids == ["a1"]  # India's approval names its main use, not the ATC row
    # another medicine of the same code keeps its class
    assert select_kind([atc], "N05AL01", "sulpiride").text == "antipsychotic"  # type: ignore[union-attr]


def test_the_shipped_main_class_rows_name_a_reviewed_plain_class() -> None:
    rows = how_it_works.main_classes()
    assert rows["levosulpiride"] == "A03FA"
    for name, prefix in rows.items():
        assert how_it_works.plain_class(prefix), name


def test_a_target_is_placed_only_where_the_medicine_acts() -> None:
    assert placed("blocks sodium channels in heart cells", "N03AF02") == "blocks sodium channels"
    assert placed("blocks sodium channels in heart cells", "C01BC04") == \
        "blocks sodium channels in heart cells"
    assert placed("blocks beta-1 receptors in the heart, which respond to adrenaline",
                  "N02CX02") == "blocks beta-1 receptors, which respond to adrenaline"
    # domperidone (A03FA) stays outside the brain; an antipsychotic acts there
    assert placed("blocks dopamine D2 receptors in the brain", "A03FA03") == \
        "blocks dopamine D2 receptors"
    assert placed("blocks dopamine D2 receptors in the brain", "N05AX08").endswith("brain")
    assert placed("blocks sodium channels in heart cells", "") == \
        "blocks sodium channels in heart cells"  # no code: nothing to check against


def test_how_it_works_uses_the_placed_target() -> None:
    kind = select_kind([], "N03AF02")
    target = _fact("m1", FactKind.MECHANISM, "BLOCKER Sodium channel protein type 5",
                   "blocks sodium channels in heart cells", locator="drug_target.tsv row 1")
    how = select_how([target], kind, "N03AF02")
    assert how is not None
    assert how.text == "an antiepileptic (prevents fits) that blocks sodium channels"
    assert "heart" not in (select_how([target], None, "N03AF02").text)  # type: ignore[union-attr]
