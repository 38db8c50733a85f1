"""The bulk queries writers and the audit use give the same facts as the one-drug query."""

from __future__ import annotations

import pytest

from apothecary.errors import KnowledgeBaseError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import FactKind


def test_facts_of_many_equals_facts_one_drug_at_a_time(tiny_kb: KnowledgeBase) -> None:
    ids = ["DB00316", "DB00945", "DB01275", "no-such-drug"]
    many = tiny_kb.facts_of_many(ids)
    assert sorted(many) == sorted(ids)
    for drug_id in ids:
        assert [f.model_dump() for f in many[drug_id]] == [
            f.model_dump() for f in tiny_kb.facts(drug_id)]
    assert many["DB00316"] and many["no-such-drug"] == []


def test_fact_rows_and_terms(tiny_kb: KnowledgeBase) -> None:
    rows = tiny_kb.fact_rows(["DB00316"], ("id", "kind"))
    assert rows == sorted((f.id, f.kind.value) for f in tiny_kb.facts("DB00316"))
    with pytest.raises(KnowledgeBaseError):
        tiny_kb.fact_rows(["DB00316"], ("id; DROP TABLE facts",))
    uses = tiny_kb.terms_of_kinds([FactKind.USE])
    assert uses and {kind for _, _, kind in uses} == {"use"}
    assert tiny_kb.display_names()  # the tiny KB has the display column
