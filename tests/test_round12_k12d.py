"""Round 12 (session 10, k12d): reviewed rows for medicines whose pages had gaps.

Behaviour checks on the shipped pages: each fails without this round's rows. The leaflet
rows (uses, kinds, side effects) reach a page only through the knowledge base, so those
tests need the KB text regenerated after the merge."""

from __future__ import annotations

from pagekit import faq_answer as _faq
from pagekit import section_pairs as _section
from pagekit import shipped_pages


def test_reviewed_pregnancy_and_breastfeeding_answers() -> None:
    pages = shipped_pages("Tadalafil", "Mycophenolate Mofetil", "Dopamine",
                          "Cefetamet Pivoxil", "Balofloxacin")
    assert "high blood pressure in the lungs" in _faq(pages["Tadalafil"],
                                                       "Can I take Tadalafil if I am pregnant")
    assert _faq(pages["Mycophenolate Mofetil"], "Can I take Mycophenolate Mofetil while "
                "breastfeeding").startswith("Do not breastfeed")
    assert "not known whether dopamine passes into breast milk" in _faq(
        pages["Dopamine"], "Can I take Dopamine while breastfeeding")
    assert "usually chosen in pregnancy" in _faq(pages["Cefetamet Pivoxil"],
                                                 "Can I take Cefetamet Pivoxil if I am pregnant")
    assert "not usually recommended in pregnancy" in _faq(
        pages["Balofloxacin"], "Can I take Balofloxacin if I am pregnant")


def test_lecithin_key_facts_and_answers() -> None:
    page = shipped_pages("Lecithin")["Lecithin"]
    key = dict(_section(page, "key-facts"))
    assert key["Most important"].startswith("If you are allergic to eggs or soy")
    assert key["Kind of medicine"].startswith("Fat-like nutrient")
    assert "keep to food amounts" in _faq(page, "Can I take Lecithin while breastfeeding")
    assert any("Diarrhoea" in t for _, t in _section(page, "side-effects"))


def test_msm_page_is_no_longer_empty() -> None:
    page = shipped_pages("Dimethyl Sulfone")["Dimethyl Sulfone"]
    assert any("osteoarthritis" in label.lower() for label, _ in _section(page, "usage"))
    assert any("Feeling sick" in t for _, t in _section(page, "side-effects"))
    assert "best not to take it" in _faq(page, "Can I take Dimethyl Sulfone if I am pregnant")


def test_reviewed_uses_appear_in_usage() -> None:
    pages = shipped_pages("Sparfloxacin", "Vinpocetine", "Cloxacillin")
    for name, words in (("Sparfloxacin", "chest infections"),
                        ("Vinpocetine", "poor blood flow in the brain"),
                        ("Cloxacillin", "staph bacteria")):
        labels = " ".join(label for label, _ in _section(pages[name], "usage")).lower()
        assert words in labels, name


def test_methdilazine_and_light_mineral_oil_have_side_effects() -> None:
    pages = shipped_pages("Methdilazine", "Light Mineral Oil")
    assert any("dry mouth" in t for _, t in _section(pages["Methdilazine"], "side-effects"))
    assert any("vitamins A, D, E and K" in t
               for _, t in _section(pages["Light Mineral Oil"], "side-effects"))
