"""Round 13: the first screen's "How to take it" line (reviews 22 and 23 most often missed a
practical instruction: "on an empty stomach", "as soon as symptoms start", "once a week")."""

from __future__ import annotations

import pytest

from apothecary.monographs.key_facts import KEY_MAX, how_to_take
from apothecary.monographs.model import SafetyItem
from apothecary.monographs.rules import KEY_MESSAGE_TOPICS, key, key_messages, key_messages_for
from pagekit import section_pairs, shipped_pages

SOURCE = "NHS, Example: https://www.nhs.uk/medicines/example/"


def _item(text: str, **kw: object) -> SafetyItem:
    return SafetyItem(topic="how_to_take", label="How to take it", text=text, source=SOURCE,
                      short=text, **kw)  # type: ignore[arg-type]


def test_a_single_medicine_shows_its_first_instruction() -> None:
    first, second = _item("Take it with food."), _item("Swallow it whole.")
    assert how_to_take([first, second]) is first


def test_never_another_forms_detail_or_an_unsourced_line() -> None:
    assert how_to_take([_item("Take it with food.", form="an injection")]) is None
    assert how_to_take([_item("Take it with food.", detail=True)]) is None
    unsourced = SafetyItem(topic="how_to_take", label="How to take it", text="Take it.",
                           short="Take it.")
    assert how_to_take([unsourced]) is None
    assert how_to_take([_item("x" * (KEY_MAX + 1))]) is None
    other = SafetyItem(topic="high_alert", label="Most important", text="Danger.",
                       source=SOURCE, short="Danger.")
    assert how_to_take([other]) is None


def test_a_combination_shows_only_its_products_own_row() -> None:
    """One ingredient's instruction may not suit the product (iron's empty stomach on an
    iron + vitamin C tablet is right, ivermectin's single dose on a two-drug pack is not)."""
    mine, products = _item("Take the iron on an empty stomach."), _item("Take it at night.")
    assert how_to_take([mine], owners=["Ivermectin"]) is None
    assert how_to_take([mine, products], owners=["Ivermectin", None]) is products


def test_the_topic_is_known_and_every_row_fits_the_first_screen() -> None:
    assert "how_to_take" in KEY_MESSAGE_TOPICS
    rows = [(name, msg) for name, got in key_messages().items() for topic, msg, _ in got
            if topic == "how_to_take"]
    for name, msg in rows:
        first = msg.split(". ")[0]
        assert len(first) <= 110, (name, first)


def test_a_medicines_own_instruction_answers_before_its_classes() -> None:
    """One how_to_take per medicine: its own row, else its narrowest class's."""
    rows = key_messages()
    own = [k for k, got in rows.items() if not k.startswith("atc:") and " + " not in k
           and any(t == "how_to_take" for t, _, _ in got)]
    classes = {k for k, got in rows.items() if k.startswith("atc:")
               and any(t == "how_to_take" for t, _, _ in got)}
    if not own and not classes:
        pytest.skip("no how_to_take rows shipped")
    for name in own[:50]:
        got = [m for t, m, _ in key_messages_for(name, "") if t == "how_to_take"]
        assert len(got) == 1 and got[0] in {m for t, m, _ in rows[key(name)]}


def test_pages_show_the_line_and_combinations_keep_ingredients_lines_off_it() -> None:
    pages = shipped_pages("Ferrous Sulphate", "Betahistine", "Ivermectin + Albendazole")
    iron = dict(section_pairs(pages["Ferrous Sulphate"], "key-facts"))
    assert "empty stomach" in iron["How to take it"]
    # a label's warnings no longer hide a leaflet's instruction (betahistine has label text)
    assert "food" in dict(section_pairs(pages["Betahistine"], "key-facts"))["How to take it"]
    combo = dict(section_pairs(pages["Ivermectin + Albendazole"], "key-facts"))
    assert "How to take it" not in combo
    safety = " ".join(t for _, t in section_pairs(pages["Ivermectin + Albendazole"], "safety"))
    assert "empty stomach" in safety  # still on the page, in the safety section


def test_a_line_naming_a_form_shows_only_an_instruction_about_that_form() -> None:
    tablets, injected = _item("Take the tablets before a meal."), _item("It is injected.")
    assert how_to_take([tablets], line_form="injection") is None
    assert how_to_take([tablets, injected], line_form="injection") is injected
    patch = _item("Put a new patch on clean, dry skin.")
    assert how_to_take([tablets, patch], line_form="patch") is patch
    assert how_to_take([tablets], line_form="patch") is None
    assert how_to_take([tablets], line_form="") is tablets
    injection = shipped_pages("Omeprazole Injection")["Omeprazole Injection"]
    assert "How to take it" not in dict(section_pairs(injection, "key-facts"))
    plain = shipped_pages("Omeprazole")["Omeprazole"]
    assert "How to take it" in dict(section_pairs(plain, "key-facts"))
    patch_page = shipped_pages("Buprenorphine Patch")["Buprenorphine Patch"]
    said = dict(section_pairs(patch_page, "key-facts")).get("How to take it", "")
    assert not said or "patch" in said  # fc15b's row speaks of both forms


def test_the_instruction_is_not_said_twice_on_the_first_screen() -> None:
    from apothecary.monographs.key_facts import key_facts

    danger = SafetyItem(topic="high_alert", label="Most important", source=SOURCE,
                        text="Take it with a large meal and a full glass of water.",
                        short="Take it with a large meal and a full glass of water.")
    same = _item("Take it with a meal and a large glass of water.")
    other = _item("Swallow the tablets whole.")
    labels = [st.label for st in key_facts([], [], [danger, same], [], [])]
    assert "Most important" in labels and "How to take it" not in labels
    labels = [st.label for st in key_facts([], [], [danger, other], [], [])]
    assert "How to take it" in labels


def test_a_combination_whose_ingredients_all_say_the_same_shows_it() -> None:
    same = "Finish the course your doctor prescribed, even if you feel better."
    a, b = _item(same), _item(same)
    assert how_to_take([a, b], owners=["Cefixime", "Ofloxacin"], ingredients=2) is a
    assert how_to_take([a], owners=["Cefixime"], ingredients=2) is None  # one says nothing
    other = _item("Take it with food.")
    assert how_to_take([a, other], owners=["Cefixime", "Ofloxacin"], ingredients=2) is None
