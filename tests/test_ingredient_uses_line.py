"""The key-facts line of a combination with no use of its own names every ingredient's use
(review 19: a cold tablet showed only bromhexine's cough; aceclofenac + paracetamol +
chlorzoxazone only the arthritis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apothecary.monographs import Item
from apothecary.monographs.key_facts import KEY_MAX
from apothecary.writers.page_uses import (
    INGREDIENTS_LABEL,
    _every_ingredient,
    ingredients_limit,
)


def _line(uses: list[list[str]], names: list[str]) -> list[Item]:
    first = {i: Item(text=u[0], fact_ids=[f"f{i}-0"]) for i, u in enumerate(uses)}
    pool = {i: [Item(text=t, fact_ids=[f"f{i}-{k}"]) for k, t in enumerate(u)]
            for i, u in enumerate(uses)}
    return _every_ingredient(first, names, pool, INGREDIENTS_LABEL)


def _width(items: list[Item]) -> int:
    return len("; ".join(i.text for i in items)) + len(INGREDIENTS_LABEL) + 2


def test_short_line_is_kept_whole() -> None:
    items = _line([["type 2 diabetes (with diet)"], ["high blood pressure"]],
                  ["Metformin", "Hydralazine"])
    assert [i.text for i in items] == ["Metformin: type 2 diabetes (with diet)",
                                       "Hydralazine: high blood pressure"]


def test_three_ingredients_keep_their_first_use_over_a_shorter_other_one() -> None:
    items = _line([["pain and swelling in osteoarthritis and rheumatoid arthritis",
                    "ankylosing spondylitis"],
                   ["aches and pains", "high temperature (fever)"],
                   ["sudden painful muscle or joint problems (with rest and physiotherapy)"]],
                  ["Aceclofenac", "Paracetamol", "Chlorzoxazone"])
    texts = [i.text for i in items]
    assert texts[0] == "Aceclofenac: pain and swelling in osteoarthritis and rheumatoid arthritis"
    assert texts[1] == "Paracetamol: aches and pains"
    assert texts[2].startswith("Chlorzoxazone: sudden painful muscle or joint problems")
    assert _width(items) <= ingredients_limit(3)
    assert [i.fact_ids for i in items] == [["f0-0"], ["f1-0"], ["f2-0"]]


def test_a_long_first_use_gives_way_to_the_shorter_one_with_its_own_fact() -> None:
    long = "a very long use " * 8
    items = _line([[long.strip(), "gout"], ["high blood pressure"]], ["A", "B"])
    assert items[0].text == "A: gout" and items[0].fact_ids == ["f0-1"]


def test_five_ingredients_drop_their_names_before_their_uses() -> None:
    uses = [["a cough with thick mucus that is hard to shift"],
            ["hay fever and allergies that make you sneeze"],
            ["a chesty cough that brings up thick phlegm (it loosens phlegm)"],
            ["a blocked nose from a cold or flu"], ["aches and pains"]]
    names = ["Bromhexine", "Chlorphenamine", "Guaifenesin", "Phenylephrine", "Paracetamol"]
    items = _line(uses, names)
    assert len(items) == 5 and not any(n in i.text for n in names for i in items)
    assert _width(items) <= ingredients_limit(5)


def test_a_use_is_cut_at_its_first_comma_before_another_use_replaces_it() -> None:
    """A cold tablet's cetirizine showed "itchy skin rashes, such as hives", its shortest
    other use, where "hay fever and other allergies" fits (round 12); the names stay."""
    uses = [["a cough with thick mucus that is hard to cough up"],
            ["hay fever and other allergies, including red, itchy eyes",
             "itchy skin rashes, such as hives or eczema"],
            ["a chesty cough (it loosens phlegm)"],
            ["a blocked nose from a cold, flu or hay fever"], ["aches and pains"]]
    names = ["Bromhexine", "Cetirizine", "Guaifenesin", "Phenylephrine", "Paracetamol"]
    items = _line(uses, names)
    assert items[1].text == "Cetirizine: hay fever and other allergies"
    assert items[1].fact_ids == ["f1-0"]
    assert _width(items) <= ingredients_limit(5)


@given(st.lists(st.lists(st.text(alphabet="abc ()", min_size=1, max_size=90), min_size=1,
                         max_size=3), min_size=2, max_size=5))
def test_every_ingredient_is_on_the_line_once(uses: list[list[str]]) -> None:
    uses = [[u if u.strip(" ()") else "x" for u in us] for us in uses]
    names = [f"N{i}" for i in range(len(uses))]
    items = _line(uses, names)
    assert len(items) == len(uses)
    assert all(i.text.strip() for i in items)
    assert KEY_MAX < ingredients_limit(len(uses)) <= 2 * KEY_MAX
