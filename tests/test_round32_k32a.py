"""Round 32 (k32a): a page's "Who must not take it" gives each ingredient's principal
must-nots (must_not.txt) as one short list, each item once, capped on the main page, the
cream's for a cream (held-out review 37: a combined pill's page said only "over 35 and
smoke", a clobetasol cream's nothing about babies or nappies)."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs.model import SafetyItem
from apothecary.monographs.must_not import MAIN_MAX, joined, merged, said_elsewhere
from pagekit import shipped_pages

PILL = "Ethinyl Estradiol + Drospirenone"
CREAM = "Clobetasol + Neomycin + Miconazole + Zinc Oxide + Borax"
HYOSCYAMINE = "Hyoscyamine + Paracetamol"
TIMOLOL = "Timolol + Brimonidine"
LINES = (PILL, CREAM, HYOSCYAMINE, TIMOLOL, "Timolol", "Metformin")


def _safety(line: str, companion: bool = False) -> list[tuple[str, str]]:
    page: Page = shipped_pages(*LINES)[line]
    return [(st.label or "", st.text) for s in page.sections if s.id == "safety"
            for st in s.statements if st.companion == companion]


def _must_not(line: str, companion: bool = False) -> str:
    return " ".join(t for label, t in _safety(line, companion)
                    if label.startswith("Who must not")).casefold()


def test_the_pill_lists_its_ingredients_must_nots_not_only_smoking() -> None:
    main = _must_not(PILL)
    for said in ("blood clot", "migraines with aura", "breast cancer", "liver disease",
                 "kidney disease"):
        assert said in main, main
    # the product's own "over 35 and smoke" line stays, and is not said again
    everything = " ".join(t for _, t in _safety(PILL)).casefold()
    assert everything.count("over 35 and smoke") == 1, everything
    assert main.count("liver disease") == 1  # both ingredients' item, once
    assert "high blood pressure" in _must_not(PILL, companion=True)  # past the cap


def test_a_steroid_cream_says_babies_and_its_antibiotic_must_nots() -> None:
    main = _must_not(CREAM)
    assert "baby under 1 year old" in main, main
    # fc32a: "not on a child for long, or under a nappy" is an SmPC caution, not a must-not
    assert "nappy" not in main, main
    assert "rosacea" in main and "large areas" in main, main
    assert "do not use it" in main and "do not take it" not in main  # a cream's words
    labels = [label for label, _ in _safety(CREAM) if label.startswith("Who must not")]
    assert labels and all(label.startswith("Who must not use it") for label in labels)
    # the face is already in the product's own line: not repeated as an item
    assert "on the face unless" not in main


def test_hyoscyamine_adds_the_prostate_without_repeating_its_glaucoma_line() -> None:
    main = _must_not(HYOSCYAMINE)
    assert "enlarged prostate" in main, main
    assert "glaucoma" not in main and "myasthenia" not in main  # said in its key message
    assert any("glaucoma" in t for label, t in _safety(HYOSCYAMINE)
               if label.startswith("Most important"))


def test_eye_drops_get_their_own_must_nots_and_a_product_line_that_says_them_stays_alone() -> None:
    single = _must_not("Timolol")
    assert "asthma" in single and "heart block" in single, single
    assert _must_not(TIMOLOL) == ""  # the product's own "Do not use these eye drops if …"
    assert any("do not use these eye drops" in t.casefold() for _, t in _safety(TIMOLOL))


def test_a_page_with_no_rows_is_unchanged() -> None:
    labels = [label for label, _ in _safety("Metformin") if label.startswith("Who must not")]
    assert labels == ["Who must not take it (US label, in plain words)",
                      "Who must not take it (US label)"]


def _item(text: str, source: str = "S") -> SafetyItem:
    return SafetyItem(topic="must_not", label="Who must not take it", text=text, source=source)


def test_merged_takes_ingredients_in_turn_and_caps_the_main_list() -> None:
    a = [("A", _item(f"Do not take it if you have condition a{n}.")) for n in range(5)]
    b = [("B", _item(f"Do not take it if you have condition b{n}.", "T")) for n in range(3)]
    other = ("A", SafetyItem(topic="pregnancy", label="Pregnancy", text="Ask first."))
    out = merged([*a, *b, other])
    main = [(o, s) for o, s in out if s.topic == "must_not" and not s.detail]
    rest = [(o, s) for o, s in out if s.topic == "must_not" and s.detail]
    assert sum(s.text.count(";") + 1 for _, s in main) == MAIN_MAX
    assert [o for o, _ in main] == ["A", "B"]  # grouped by ingredient, A first
    assert "b0; have condition b1; have condition b2." in main[1][1].text  # all three of B
    assert sum(s.text.count(";") + 1 for _, s in rest) == 2  # A's last two
    assert out[-1] == other


def test_joined_and_said_elsewhere() -> None:
    assert joined(["Do not take it if you have x.", "Do not take it if you are y."]) == \
        "Do not take it if you: have x; are y."
    assert joined(["Do not use it on x.", "Do not use it if you have y."]) == \
        "Do not use it: on x; if you have y."
    assert said_elsewhere("Do not take it if you are over 35 and smoke.",
                          ["Do not take it if you are over 35 and smoke: it raises the risk."])
    # a risk the line explains is not a must-not it says
    assert not said_elsewhere("Do not take it if you have had a blood clot or a stroke.",
                              ["Do not smoke: smoking raises the risk of a blood clot or stroke."])


def _key_facts(line: str) -> dict[str, str]:
    page: Page = shipped_pages(*LINES)[line]
    return {st.label or "": st.text for s in page.sections if s.id == "key-facts"
            for st in s.statements}


def test_the_first_screen_names_a_few_must_nots_of_every_ingredient() -> None:
    pill = _key_facts(PILL)["Who must not take it"].casefold()
    assert "blood clot" in pill and "kidney disease" in pill, pill  # both ingredients
    assert "(" not in pill and len(pill) <= 180
    cream = _key_facts(CREAM)["Who must not use it"].casefold()
    assert "baby under 1" in cream and "large areas" in cream, cream
    assert not any(k.startswith("Who must not") for k in _key_facts("Metformin"))
    assert not any(k.startswith("Who must not") for k in _key_facts(TIMOLOL))
