"""Each interaction pair at its own level (issue 10): ANSM sub-cases, scope, precedence."""

from __future__ import annotations

import pytest

from apothecary.knowledge.build import KBData
from apothecary.knowledge.interactions import level_for
from apothecary.knowledge.sources.ansm import Level

HYDROXYZINE, EXAMPLOL, WIDGETAMINE, SIMVASTATIN = "DB00557", "DB90002", "DB07777", "DB00641"


def pair(data: KBData, a: str, b: str, source: str = "ansm") -> dict:
    [fact] = [f for f in data.facts.values() if f["kind"] == "interaction"
              and f["drug_id"] == a and f["other_id"] == b and f["source_id"] == source]
    return fact


def test_class_record_level_applies_only_to_the_subcase_that_names_the_pair(
        built: KBData) -> None:
    # record 7: CI "entre l'examplol et les opiacés" (no opiate here), DECONSEILLEE "avec
    # l'examplol", "A prendre en compte" for all sedatives together
    general = pair(built, HYDROXYZINE, WIDGETAMINE)
    assert (general["severity"], general["scope"]) == ("minor", "class")
    assert "A prendre en compte" in general["locator"]
    named = pair(built, WIDGETAMINE, EXAMPLOL)
    assert (named["severity"], named["scope"]) == ("major", "class")  # never the "entre" CI


def test_substance_record_with_named_subcases_and_least_severe_fallback(built: KBData) -> None:
    # record 8: simvastatin + sedatives: CI "avec la widgetamine", precaution "avec l'hydroxyzine"
    assert pair(built, SIMVASTATIN, WIDGETAMINE)["severity"] == "contraindicated"
    assert pair(built, SIMVASTATIN, HYDROXYZINE)["severity"] == "moderate"
    # examplol is named by no sub-case and no sub-case is general: the least severe level
    assert pair(built, SIMVASTATIN, EXAMPLOL)["severity"] == "moderate"
    assert built.counts["ansm.member_pairs.least_severe"] == 1


def test_record_naming_both_substances_speaks_before_class_records(built: KBData) -> None:
    # record 9 (HYDROXYZINE + EXAMPLOL, precaution) beats the class record's "major"
    f = pair(built, HYDROXYZINE, EXAMPLOL)
    assert (f["severity"], f["scope"]) == ("moderate", "pair")
    assert "record 9" in f["locator"]
    assert pair(built, EXAMPLOL, HYDROXYZINE)["severity"] == "moderate"


def test_onc_and_named_pairs_have_pair_scope(built: KBData) -> None:
    assert pair(built, "DB00682", "DB00316")["scope"] == "pair"  # WARFARINE + PARACÉTAMOL
    assert pair(built, "DB00641", "DB01211", "onc")["scope"] == "pair"
    for f in built.facts.values():
        if f["kind"] == "interaction":
            assert f["scope"] in ("pair", "class")


def test_contraindicated_only_where_a_level_says_so_for_the_pair(built: KBData) -> None:
    ci = {(f["drug_id"], f["other_id"]) for f in built.facts.values()
          if f["kind"] == "interaction" and f["severity"] == "contraindicated"}
    assert ci == {(SIMVASTATIN, "DB01211"), ("DB01211", SIMVASTATIN),
                  (SIMVASTATIN, WIDGETAMINE), (WIDGETAMINE, SIMVASTATIN)}
    assert built.counts["ansm.pairs.class.contraindicated"] == 2


LEVELS = (Level("contraindicated", "CONTRE-INDICATION", "entre A et les opiacés"),
          Level("major", "Association DECONSEILLEE", "avec les autres"),
          Level("minor", "A prendre en compte", "avec B"))


@pytest.mark.parametrize(("a", "b", "named", "expected", "how"), [
    ("a", "x", [{"a"}, set(), {"b"}], "major", "general_subcase"),  # "entre": both needed
    ("a", "o", [{"a", "o"}, set(), {"b"}], "contraindicated", "named_subcase"),
    ("x", "b", [{"a"}, set(), {"b"}], "minor", "named_subcase"),
    ("x", "y", [{"a"}, set(), {"b"}], "major", "general_subcase"),
    ("x", "y", [{"a"}, {"c"}, {"b"}], "minor", "least_severe"),
])
def test_level_for(a: str, b: str, named: list[set[str]], expected: str, how: str) -> None:
    level, why = level_for(a, b, LEVELS, named)
    assert (level.severity, why) == (expected, how)


def test_single_level_applies_to_every_member() -> None:
    only = (Level("major", "Association DECONSEILLEE", "avec X"),)
    assert level_for("a", "b", only, [set()]) == (only[0], "single")
