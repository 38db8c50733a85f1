"""Round 32 (k33d): review 38's combination findings. An ingredient's reassuring pregnancy
or breastfeeding answer beside another's harm to the baby, an ingredient's instruction for
its own use, an antacid salt named a supplement, beta-blocker eye drops' interactions filed
as the tablets', and the opioids' addiction below the first screen."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs import SafetyItem
from apothecary.monographs.how_it_works import partner_kind
from apothecary.monographs.model import Item
from apothecary.monographs.safety import against_answers_first, ingredient_instructions
from pagekit import section_pairs, shipped_pages

LINES = ("Ibuprofen + Paracetamol + Magnesium Oxide", "Tapentadol + Paracetamol",
         "Tranexamic Acid + Pine bark extract", "Timolol + Brimonidine",
         "Calcium Carbonate + Magnesium Oxide + Zinc + Vitamin D3", "Paracetamol")


def _page(line: str) -> Page:
    return shipped_pages(*LINES)[line]


def _main(page: Page, section: str) -> list[tuple[str, str]]:
    return [((st.label or ""), st.text) for s in page.sections if s.id == section
            for st in s.statements if not st.companion]


def _main_text(page: Page, section: str) -> str:
    return " ".join(f"{label}: {text}" for label, text in _main(page, section))


def test_a_harm_to_the_baby_makes_paracetamols_first_choice_companion_detail() -> None:
    def item(topic: str, text: str) -> SafetyItem:
        return SafetyItem(topic=topic, label=topic.capitalize(), text=text)
    said = {
        "nsaid": ("pregnancy", "Anti-inflammatory painkillers are not usually recommended in "
                  "pregnancy, especially from 20 weeks: ask your doctor first."),
        "opioid": ("pregnancy", "Taking it for a long time in pregnancy can cause withdrawal "
                   "in the newborn baby: tell your doctor."),
        "milk": ("breastfeeding", "It can pass into breast milk and make a baby very sleepy "
                 "or slow its breathing: ask your doctor before breastfeeding."),
        "first": ("pregnancy", "Paracetamol is the usual first choice of painkiller in "
                  "pregnancy."),
        "bf_first": ("breastfeeding", "Paracetamol is the usual first choice of painkiller "
                     "while breastfeeding."),
        "etamsylate": ("breastfeeding", "Do not breastfeed while taking etamsylate: small "
                       "amounts may pass into breast milk."),
        "tiny": ("breastfeeding", "You can usually take tranexamic acid while breastfeeding: "
                 "only tiny amounts get into breast milk."),
    }
    items = {k: item(*v) for k, v in said.items()}
    nsaid, opioid, milk, first, bf_first, etamsylate, tiny = (
        items[k] for k in ("nsaid", "opioid", "milk", "first", "bf_first", "etamsylate", "tiny"))
    for no, yes in ((nsaid, first), (opioid, first), (milk, bf_first), (etamsylate, tiny)):
        assert against_answers_first([("A", no), ("Paracetamol", yes)])[1][1].detail
    # a neutral answer ("only if a doctor thinks it is needed") still moves nothing
    ask = item("pregnancy", "Tell your doctor if you are pregnant: it is used in pregnancy "
                            "only if a doctor thinks it is needed.")
    assert not against_answers_first([("A", ask), ("Paracetamol", first)])[1][1].detail


def test_nsaid_and_opioid_combinations_do_not_say_paracetamol_is_first_choice() -> None:
    for line in ("Ibuprofen + Paracetamol + Magnesium Oxide", "Tapentadol + Paracetamol"):
        main = _main_text(_page(line), "safety")
        assert "usual first choice of painkiller in pregnancy" not in main, line
        assert "Pregnancy" in main  # the warning stays
    # paracetamol's own page keeps it
    assert "usual first choice of painkiller in pregnancy" in _main_text(
        _page("Paracetamol"), "safety")


def test_an_ingredients_instruction_for_its_own_use_is_companion_detail() -> None:
    periods = SafetyItem(topic="how_to_take", label="How to take it", source="NHS",
                         text="For heavy periods, take the tablets only while you have your "
                              "period, for up to 4 days each time.")
    plain = SafetyItem(topic="how_to_take", label="How to take it", source="NHS",
                       text="Always leave at least 4 hours between doses of paracetamol.")
    out = ingredient_instructions([("Tranexamic Acid", periods), ("Paracetamol", plain)])
    assert [s.detail for _, s in out] == [True, False]
    page = _page("Tranexamic Acid + Pine bark extract")
    assert "heavy periods, take the tablets" not in _main_text(page, "safety")
    assert "blood clot" in _main_text(page, "safety")  # its clot warning stays


def test_magnesium_oxide_beside_painkillers_is_the_products_antacid() -> None:
    supplement = Item(text="magnesium supplement", key="magnesium supplement")
    codes = "A02AA02 A06AD02 A12CC10"
    assert partner_kind(supplement, codes, ["M01AE01", "N02BE01"]).text.startswith("antacid")
    assert partner_kind(supplement, codes, ["A11CC05"]) is supplement  # with vitamin D
    kinds = dict(section_pairs(_page("Ibuprofen + Paracetamol + Magnesium Oxide"),
                               "key-facts"))["Kind of medicine"]
    assert "Magnesium Oxide: antacid" in kinds and "magnesium supplement" not in kinds, kinds
    how = _main_text(_page("Ibuprofen + Paracetamol + Magnesium Oxide"), "how-it-works")
    assert "magnesium supplement" not in how and "antacid" in how
    supp = dict(section_pairs(_page("Calcium Carbonate + Magnesium Oxide + Zinc + Vitamin D3"),
                              "key-facts"))["Kind of medicine"]
    assert "Magnesium Oxide: magnesium supplement" in supp, supp


def test_timolol_eye_drops_keep_their_labels_heart_interactions() -> None:
    page = _page("Timolol + Brimonidine")
    main = _main_text(page, "interactions")
    assert "Verapamil" in main and "Diltiazem" in main, main
    every = " ".join(f"{label} {text}" for label, text in section_pairs(page, "interactions"))
    assert "when taken by mouth or injected" not in every
    assert "taken by mouth or injected" not in _main_text(page, "faqs")


def test_an_opioids_first_screen_says_it_is_addictive() -> None:
    key = section_pairs(_page("Tapentadol + Paracetamol"), "key-facts")
    important = " ".join(v for k, v in key if k.startswith("Most important"))
    assert "addicted" in important and "breathing" in important, key
