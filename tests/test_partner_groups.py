"""A main interaction line of three or more medicines of one WHO ATC group that few readers
know by name says the group (review 29: "Algeldrate, Aloglutamol, Aluminium Acetoacetate,
Aluminium Glycinate, Aluminium Phosphate" led isoniazid's interactions)."""

from __future__ import annotations

from apothecary.knowledge.default import open_kb
from apothecary.monographs.model import Partner
from apothecary.monographs.rules import _partner_groups, partner_group
from apothecary.writers.sections import line_names
from pagekit import shipped_pages

CODES = {"a": "A02AB01 A02AB02", "b": "A02AB06", "c": "A02AB05", "w": "B01AA03",
         "x": "B01AA07", "s": "N06AB06", "t": "N06AB10", "u": "N06AB04"}


def _line(*ids: str) -> list[Partner]:
    names = {"a": "Algeldrate", "b": "Aloglutamol", "c": "Aluminium Acetoacetate",
             "w": "Warfarin", "x": "Acenocoumarol", "s": "Sertraline", "t": "Escitalopram",
             "u": "Fluoxetine"}
    return [Partner(name=names[i], other_id=i, level="moderate", fact_ids=[], sources=[])
            for i in ids]


def test_a_salt_list_says_its_group_with_two_examples() -> None:
    label, who = line_names(_line("a", "b", "c"), CODES.__getitem__)
    assert label == "Antacids with aluminium (such as Algeldrate or Aloglutamol)"
    assert who == "antacids with aluminium"


def test_names_stay_when_few_or_known_or_of_no_listed_group() -> None:
    get = CODES.__getitem__
    assert line_names(_line("a", "b"), get) == ("Algeldrate, Aloglutamol",
                                                "Algeldrate or Aloglutamol")
    # SSRIs: no partner_groups row; warfarin and acenocoumarol: named everyday medicines
    assert line_names(_line("s", "t", "u"), get)[0] == "Sertraline, Escitalopram, Fluoxetine"
    mixed = _line("w", "x", "a")
    assert line_names(mixed, get)[0] == "Warfarin, Acenocoumarol, Algeldrate"
    # a member with no code: never a group
    assert line_names(_line("a", "b", "c"), lambda i: "" if i == "c" else CODES[i])[0] \
        .startswith("Algeldrate, ")
    assert partner_group(["A02AB01", "N06AB06"]) is None


def test_every_group_row_names_codes_the_shipped_kb_has() -> None:
    codes = [c for a in open_kb().atc_codes().values() for c in a.split()]
    for prefix, words in _partner_groups().items():
        first = words.split()[0]
        assert first.islower() or first.isupper(), prefix  # a group, not a sentence
        assert any(c.startswith(prefix) for c in codes), prefix


def test_isoniazids_antacid_line_says_antacids() -> None:
    page = shipped_pages("Isoniazid")["Isoniazid"]
    sec = next(s for s in page.sections if s.id == "interactions")
    main = [st for st in sec.statements if not st.companion]
    assert any((st.label or "").startswith("Antacids with aluminium (such as") for st in main)
    assert not any((st.label or "").startswith("Algeldrate, Aloglutamol") for st in main)
