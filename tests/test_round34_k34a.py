"""Round 34 (k34a, review 39): side-effect noise from SIDER, which pools every form and use of
a medicine. A cream's first screen without the pooled systemic terms; each plain wording once
per list; the companion's unbacked serious reactions capped and counted; plain words for the
clinical terms the example lists' companion pages showed most."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs.form_effects import POOLED_LABEL, local_effect
from apothecary.monographs.model import Item
from apothecary.monographs.rules import plain_term, use_words
from apothecary.monographs.side_effects import (
    SERIOUS_DETAIL,
    few_serious,
    one_wording,
    same_wording,
)
from pagekit import shipped_pages

CREAM = "Clobetasol (0.05% w/w)"  # WHO ATC: a skin (D07AD01) and an eye (S01BA17) steroid
GEL = "Adapalene (0.10%)"  # made only for the skin, its SIDER terms are the gel's
TABLETS = "Capecitabine (500mg)"
METHOTREXATE = "Methotrexate (500mg)"


def _effects(page: Page, companion: bool | None = None) -> list[tuple[str, str]]:
    return [(st.label or "", st.text) for s in page.sections if s.id == "side-effects"
            for st in s.statements if companion is None or st.companion == companion]


def _pages() -> dict[str, Page]:
    return shipped_pages(CREAM, GEL, TABLETS, METHOTREXATE)


def test_a_cream_shows_no_pooled_systemic_side_effects_on_its_first_screen() -> None:
    page = _pages()[CREAM]
    main = " ".join(t for _, t in _effects(page, companion=False)).casefold()
    assert "ankles" not in main and "arms or legs" not in main, main
    # its own leaflet row stays; the pooled terms are on the companion page, labelled
    assert "burning, stinging, itching or irritation where you put it" in main
    pooled = [t for label, t in _effects(page, companion=True) if label == POOLED_LABEL]
    assert pooled and "ankles" in pooled[0].casefold(), _effects(page, companion=True)


def test_a_gels_own_skin_terms_and_a_tablets_list_stay_where_they_were() -> None:
    gel = dict(_effects(_pages()[GEL], companion=False))
    assert "Reddening of the skin" in gel.get("Also common on drug labels", ""), gel
    assert not any(label == POOLED_LABEL for label, _ in _effects(_pages()[GEL]))
    # a tablet's page is not a body form's: nothing moves for it
    assert not any(label == POOLED_LABEL for label, _ in _effects(_pages()[TABLETS]))
    assert local_effect(["Application site burn"], frozenset({"skin"}))
    assert not local_effect(["Oedema peripheral", "swelling of the ankles, feet or hands"],
                            frozenset({"skin"}))
    assert local_effect(["Dysgeusia"], frozenset({"eye"}))  # drops drain into the throat
    assert not local_effect(["Heartburn"], frozenset({"skin"}))


def test_one_list_says_each_plain_wording_once() -> None:
    assert same_wording("fainting", "fainting or passing out")
    assert same_wording("stomach pain", "stomach or gut pain")
    assert same_wording("a fever, sore throat or mouth ulcers (signs of an infection)",
                        "fever, sore throat or mouth ulcers (very low white blood cells)")
    # another thing: one word within a longer wording, a graver word, two named tests
    assert not same_wording("bleeding", "bleeding in the stomach or gut")
    assert not same_wording("skin inflammation (dermatitis)", "blistering skin inflammation")
    assert not same_wording("raised liver enzyme (AST) in blood tests",
                            "raised liver enzyme (ALT) in blood tests")
    items = [Item(text="fainting or passing out", key="a", fact_ids=["1"]),
             Item(text="bleeding", key="b", fact_ids=["2"]),
             Item(text="fainting", key="c", fact_ids=["3"])]
    kept = one_wording(items)
    assert [i.text for i in kept] == ["fainting or passing out", "bleeding"]
    assert kept[0].fact_ids == ["1", "3"]
    for line, page in _pages().items():
        for label, text in _effects(page):
            parts = [p.strip() for p in text.rstrip(".").split(";" if ";" in text else ",")]
            assert not any(same_wording(a, b) for n, a in enumerate(parts)
                           for b in parts[:n]), (line, label, text)
    help_ = dict(_effects(_pages()[METHOTREXATE], companion=False))
    said = help_["Get medical help at once if you have"].casefold()
    assert said.count("sore throat or mouth ulcers") == 1, said


def test_the_companions_unbacked_serious_reactions_are_a_few_then_the_rest_apart() -> None:
    serious = [t for label, t in _effects(_pages()[TABLETS], companion=True)
               if label.startswith("Other serious reactions reported with any form or use")]
    assert len(serious) == 1, serious
    assert any("in trials or after marketing" in label for label, _ in
               _effects(_pages()[TABLETS], companion=True))
    parts = serious[0].split("; ")
    assert len(parts) == SERIOUS_DETAIL, parts
    # the rest are listed apart as reports, not counted into a data file (review 40)
    reports = [t for label, t in _effects(_pages()[TABLETS], companion=True)
               if label.startswith("More serious reactions reported with any form")]
    assert len(reports) == 1 and "cardiac arrest" in reports[0].casefold(), reports
    assert "api/v4" not in serious[0] + reports[0]
    # a short list is left as it is
    few = [Item(text=t, key=t, fact_ids=[]) for t in ("coma", "bleeding", "shock")]
    assert few_serious(few, {}, frozenset()) == (few, [])


def test_clinical_terms_of_the_companion_pages_have_plain_words() -> None:
    for term, words in (("Hyperadrenocorticism", "too much steroid"),
                        ("Asteatosis", "dry, rough, cracked skin"),
                        ("Leukoderma", "white patches"), ("Skin striae", "stretch marks"),
                        ("Arteriospasm coronary", "heart's arteries")):
        assert words in (plain_term(term) or ""), term
    assert "growth hormone" in use_words("Pituitary Dwarfism", "pituitary dwarfism")
    text = " ".join(t for _, t in _effects(_pages()[CREAM], companion=True)).casefold()
    assert "asteatosis" not in text and "dry, rough, cracked skin" in text, text


def test_a_plain_names_page_of_a_medicine_made_only_for_the_body_is_the_same() -> None:
    # "Clobetasol Propionate": no form word, but every WHO ATC form of it is a body form
    page = shipped_pages("Clobetasol Propionate")["Clobetasol Propionate"]
    main = " ".join(t for _, t in _effects(page, companion=False)).casefold()
    assert "ankles" not in main and "arms or legs" not in main, main
    assert any(label == POOLED_LABEL for label, _ in _effects(page, companion=True))


def test_local_effects_rows_each_have_a_form_words_and_a_source() -> None:
    from apothecary.monographs import rules
    from apothecary.monographs.form_effects import LOCAL_FORMS
    lines = [ln for ln in (rules.DATA / "local_effects.txt").read_text(
        encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = rules._rows("local_effects.txt", 3)
    assert lines and len(lines) == len(rows)
    assert {r[0] for r in rows} == LOCAL_FORMS | {"any"}
