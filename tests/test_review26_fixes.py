"""Generic fixes for review 26's findings (sample X): a combination's conflicting
instructions, an ingredient's danger line kept by the word budget."""

from __future__ import annotations

from apothecary.models import Statement
from apothecary.monographs import SafetyItem
from apothecary.monographs.safety import conflicting_course as _no_conflicting_course
from apothecary.writers.word_budget import _other_interaction


def _how(text: str, topic: str = "how_to_take") -> SafetyItem:
    return SafetyItem(topic=topic, label="How to take it", text=text, source="S")


KEEP_GOING = _how("Use it every day for as long as the pack says, even after the skin looks "
                  "better.")
SHORT = _how("Put a thin layer on, for no longer than your doctor says.")


def test_keep_going_moves_to_the_companion_beside_another_ingredients_short_course() -> None:
    out = _no_conflicting_course([("Clobetasol", SHORT), ("Tolnaftate", KEEP_GOING)])
    assert [s.detail for _, s in out] == [False, True]
    # the product's own message counts as another's
    short = SafetyItem(topic="high_alert", label="Most important", text="Use it for the "
                       "shortest time you can.")
    assert _no_conflicting_course([(None, short), ("Tolnaftate", KEEP_GOING)])[1][1].detail


def test_keep_going_stays_when_nothing_else_says_keep_it_short() -> None:
    out = _no_conflicting_course([("Tolnaftate", KEEP_GOING), ("Clioquinol", _how("Wash hands."))])
    assert not any(s.detail for _, s in out)
    # its own words do not count against it
    both = _how("Keep using it for as long as told, but for the shortest time you can.")
    assert not _no_conflicting_course([("X", both)])[0][1].detail
    # only an instruction moves, never a warning that happens to say "even after"
    warn = _how("Tell your doctor even after you stop.", topic="high_alert")
    assert not _no_conflicting_course([("A", SHORT), ("B", warn)])[1][1].detail


def test_an_ingredients_first_medicine_line_survives_after_its_caution_line() -> None:
    sts = [Statement(label="Warfarin", text="a", refs=["w"], ingredient="Paracetamol"),
           Statement(label="Floxacillin", text="b", refs=["f"], ingredient="Paracetamol"),
           Statement(label="Alcohol (Codeine)", text="c", ingredient="Codeine"),
           Statement(label="Alprazolam", text="d", refs=["a"], ingredient="Codeine"),
           Statement(label="Quinidine", text="e", refs=["q"], ingredient="Codeine")]
    drop = [_other_interaction("interactions", st, n, sts) for n, st in enumerate(sts)]
    assert drop == [False, False, False, False, True]
