"""Round 4 (reviews 11, 12, fact check 2): the kind line reads as English ("Tolvaptan is an
increases salt …" never again), a mechanism is never placed in the pancreas of a medicine that
does not act there (minoxidil), the class purpose is not shown under another kind (inositol),
and supplements are named by their common name ("a form of vitamin B3", "vitamin K2")."""

from __future__ import annotations

from apothecary.knowledge.sources import leaflets
from apothecary.models import Fact, FactKind
from apothecary.monographs import rules
from apothecary.monographs.how_it_works import (
    _VERBS,
    lead,
    noun_phrase,
    placed,
    select_how,
    select_kind,
    singular,
)
from apothecary.monographs.uses import class_purpose_item


def _fact(fid: str, kind: FactKind, value: str, plain: str, source: str = "drugcentral",
          locator: str = "pharm_class.tsv row 1 (MeSH PA D1)") -> Fact:
    return Fact(id=fid, drug_id="D", kind=kind, value=value, plain=plain, source_id=source,
                locator=locator, licence="x")


def test_a_class_worded_as_what_it_does_reads_after_an_article() -> None:
    salt = _fact("c1", FactKind.CLASS, "Natriuretic Agents",
                 "increases salt and water loss in urine")
    kind = select_kind([salt], "")
    assert kind is not None
    assert kind.text == "medicine that increases salt and water loss in urine"
    how = select_how([salt], kind)
    assert how is not None and how.text.startswith("a medicine that increases")
    assert noun_phrase("dampens the immune system (immunosuppressant)").startswith(
        "medicine that dampens")
    assert noun_phrase("statin (lowers cholesterol)") == "statin (lowers cholesterol)"


def test_inverted_and_plural_source_classes_become_one_noun() -> None:
    assert singular("anesthetics, local") == "anesthetic"
    assert singular("corticosteroids, potent (group III)") == "corticosteroid"
    assert singular("corticosteroids") == "corticosteroid"
    assert singular("insecticides") == "insecticide"
    assert singular("direct acting antivirals") == "direct acting antiviral"
    assert singular("painkiller and fever reducer") == "painkiller and fever reducer"


def test_a_named_vitamin_reads_as_a_form_of_it() -> None:
    assert lead("vitamin B3") == "a form of vitamin B3"
    assert lead("vitamin K (helps the blood to clot)").startswith("a form of vitamin K")
    assert lead("vitamin") == "a vitamin"
    assert lead("antihistamine (for allergies)") == "an antihistamine (for allergies)"


def test_every_reviewed_plain_class_is_a_noun_phrase() -> None:
    for prefix, words in rules.plain_classes().items():
        assert not words.endswith("|") and "|" not in words, prefix  # "A12 | mineral … |"
        assert words.split(" ", 1)[0].casefold() not in _VERBS, prefix
    # review 11/12: the kinds quoted wrong
    assert rules.plain_class("A03AD02").startswith("antispasmodic")  # type: ignore[union-attr]
    assert rules.plain_class("C03XA01").startswith("vasopressin blocker")  # type: ignore[union-attr]
    assert rules.plain_class("L04AA06").startswith("immunosuppressant")  # type: ignore[union-attr]
    assert rules.plain_class("R03BB04").startswith("inhaled anticholinergic")  # type: ignore[union-attr]
    assert rules.plain_class("A12CX") == "mineral supplement"


def test_the_insulin_making_cells_are_named_only_for_diabetes_medicines() -> None:
    words = "opens potassium channels in the insulin-making cells of the pancreas"
    assert placed(words, "C02DC01 D11AX01") == "opens potassium channels"  # minoxidil
    assert placed(words, "A10BB12") == words  # glimepiride


def test_no_class_purpose_under_another_kind() -> None:
    atc = _fact("w1", FactKind.CLASS, "VITAMINS", "vitamins", "who-atc", "ATC A11 (via A11HA07)")
    # inositol: WHO files it under A11 vitamins; its page says "micronutrient" (not a vitamin)
    assert class_purpose_item("A11HA07", [atc], "micronutrient", "A11HA07") is None
    item = class_purpose_item("A11HA07", [atc], "vitamin", "A11HA07")
    assert item is not None and "vitamins" in item.text
    assert class_purpose_item("A11HA07", [atc]) is not None  # no kind line: as before
    # drotaverine: its kind is now its class's (antispasmodic), the purpose stays
    assert class_purpose_item("A03AD02", [], rules.plain_class("A03AD02"), "A03AD02")


def test_a_reviewed_leaflet_kind_leads() -> None:
    mesh = _fact("c1", FactKind.CLASS, "Carnitine analog", "carnitine analog")
    own = _fact("k1", FactKind.CLASS, "vitamin K2", "vitamin K2", "leaflets",
                "leaflet_facts.txt line 9 [kind:own]; NIH ODS, Vitamin K: https://ods.od.nih.gov/")
    kind = select_kind([mesh, own], "")
    assert kind is not None and kind.text == "vitamin K2" and kind.fact_ids == ["k1"]


def test_the_shipped_rows_cover_the_round_4_findings() -> None:
    facts, problems = leaflets.read()
    assert not problems
    how = {f.subject for f in facts if f.kind == "how_it_works"}
    for name in ("alprazolam", "tapentadol", "adrenaline", "albendazole", "ivermectin",
                 "cinnarizine", "rifaximin", "nitazoxanide", "metoclopramide", "dextromethorphan",
                 "guaifenesin", "ambroxol", "chlorzoxazone", "tizanidine", "silodosin",
                 "minoxidil", "nicotinamide", "levocarnitine", "levomefolic acid", "menaquinone"):
        assert name in how, name
    kinds = {f.subject: f.text for f in facts if f.kind == "kind"}
    assert kinds["menaquinone"] == "vitamin K2"
    assert "folic acid" in kinds["levomefolic acid"]
    assert all(t.split(" ", 1)[0].casefold() not in _VERBS for t in kinds.values())
    # tiotropium: COPD first (fact check 2)
    uses = [f.text for f in facts if f.kind == "use" and f.subject == "tiotropium"]
    assert uses and uses[0].startswith("COPD")


def test_the_article_follows_the_sound() -> None:
    assert lead("uric acid-specific enzyme") == "a uric acid-specific enzyme"  # rasburicase
    assert lead("antiviral (for HIV or hepatitis B)").startswith("an antiviral")
    assert rules.plain_class("L03AX13") == "multiple sclerosis medicine"  # glatiramer
    assert rules.plain_class("V06DC01") == "sugar (glucose)"  # dextrose: not "sweetening agent"
