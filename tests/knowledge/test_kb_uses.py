"""The uses filter's parts: companions, classmates, the reviewed not-a-use list."""

from __future__ import annotations

from apothecary.knowledge.uses import classmates_of, companions_of, read_not_uses


def test_companions_are_symmetric_and_exclude_self() -> None:
    out = companions_of({"A+B", "A+C+D"})
    assert out["A"] == {"B", "C", "D"}
    assert out["B"] == {"A"} and out["D"] == {"A", "C"}


def test_classmates_share_an_atc_level3_group() -> None:
    out = classmates_of({"levodopa": {"N04BA01"}, "ropinirole": {"N04BC04"},
                         "paracetamol": {"N02BE01"}, "aspirin": {"N02BA01", "B01AC06"}})
    assert out["levodopa"] == {"ropinirole"}
    assert out["paracetamol"] == {"aspirin"} and "paracetamol" in out["aspirin"]


def test_not_uses_file_has_general_terms_and_drug_rows() -> None:
    terms, pairs = read_not_uses()
    assert "genetic diseases inborn" in terms
    assert ("diclofenac", "epilepsy") in pairs and ("losartan", "diabetes mellitus type 2") in pairs
