"""Round 34 (k34b): review 39's combination pages carried an ingredient's row of another form,
of another use, or a gentler verdict than the product's, mostly on the companion page. On a
combination of a known form such rows leave every page of it; single medicines keep them."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs import SafetyItem
from apothecary.monographs.combo_rows import for_its_uses, own_form_rows, tied_use
from apothecary.monographs.model import Monograph
from apothecary.monographs.safety import unanswered, without_reassurance
from pagekit import shipped_pages

LINES = ("Dexamethasone + Tobramycin", "Atropine + Chloramphenicol + Dexamethasone",
         "Hydrocortisone + Crotamiton", "Ambrisentan + Tadalafil",
         "Ibuprofen + Paracetamol + Dicyclomine", "Dexamethasone", "Crotamiton", "Tadalafil")
SINGLES = ("Paracetamol", "Chloramphenicol", "Tobramycin", "Ibuprofen")


def _page(line: str) -> Page:
    return (shipped_pages(*LINES) if line in LINES else shipped_pages(*SINGLES))[line]


def _all_text(page: Page) -> str:
    """Every statement of every section, main and companion alike."""
    return " ".join(f"{st.label or ''}: {st.text}" for s in page.sections
                    for st in s.statements)


def _item(topic: str, text: str, **kw: object) -> SafetyItem:
    return SafetyItem(topic=topic, label=topic, text=text, source="NHS", **kw)  # type: ignore[arg-type]


def test_eye_drop_combinations_lose_the_tablets_and_injections_rows() -> None:
    for line in ("Dexamethasone + Tobramycin", "Atropine + Chloramphenicol + Dexamethasone"):
        text = _all_text(_page(line))
        assert "usually taken once a day, in the morning" not in text, line
        assert "By injection, medicines of its kind can harm an unborn baby" not in text, line
        assert "(tablets or liquid to swallow)" not in text, line
    atropine = _all_text(_page("Atropine + Chloramphenicol + Dexamethasone"))
    assert "even fatal blood disorders" not in atropine
    assert "perforated" not in atropine  # the ear drops' row
    assert "aplastic anaemia" in atropine  # chloramphenicol's own eye-drop warning stays
    # tobramycin's eye-drop sentence stays, cut before the injection's
    assert "As eye drops, tell your doctor if you are pregnant: they are used in pregnancy " \
        "only if clearly needed." in _all_text(_page("Dexamethasone + Tobramycin"))


def test_single_medicines_keep_their_other_form_rows() -> None:
    assert "usually taken once a day, in the morning" in _all_text(_page("Dexamethasone"))
    assert "For scabies, rub it into the whole body" in _all_text(_page("Crotamiton"))
    assert "For erection problems, take it" in _all_text(_page("Tadalafil"))
    assert "By injection, medicines of its kind" in _all_text(_page("Tobramycin"))
    assert "even fatal blood disorders" in _all_text(_page("Chloramphenicol"))
    assert "usual first choice of painkiller in pregnancy" in _all_text(_page("Paracetamol"))
    assert "You can take ibuprofen while breastfeeding" in _all_text(_page("Ibuprofen"))


def test_an_instruction_for_a_use_the_combination_is_not_for_leaves_it() -> None:
    cream = _all_text(_page("Hydrocortisone + Crotamiton"))
    assert "For scabies" not in cream
    assert "Rub a thin layer of the cream gently into the itchy skin only" in cream
    pah = _all_text(_page("Ambrisentan + Tadalafil"))
    assert "For erection problems, take it" not in pah
    assert "erection or prostate problems" not in pah
    # tadalafil's own sentence for the lung-hypertension use stays
    assert "If you take it for high blood pressure in the lungs" in pah
    assert "Swallow the tablet whole once a day" in pah  # the product's own instruction


def test_tied_use_and_the_uses_that_keep_a_row() -> None:
    assert tied_use("For scabies, rub it into the whole body.") == "scabies"
    assert tied_use("For constipation it is usually taken at bedtime.") == "constipation"
    assert tied_use("For use on the skin only: keep it out of the eyes.") == ""
    assert tied_use("Always leave at least 4 hours between doses.") == ""
    scabies = _item("how_to_take", "For scabies, rub it into the whole body from the chin down.")
    periods = _item("how_to_take", "For heavy periods, take the tablets only while you have "
                                   "your period.")
    product = _item("how_to_take", "For scabies, rub it in.")
    rows = [("Crotamiton", scabies), ("Tranexamic Acid", periods), (None, product)]
    out = for_its_uses(rows, ["itchy, inflamed skin: mild eczema", "heavy periods (menorrhagia)"])
    assert [ing for ing, _ in out] == ["Tranexamic Acid", None]  # the product's own row stays
    assert for_its_uses(rows, []) == rows  # no use known: nothing leaves
    assert [ing for ing, _ in for_its_uses(rows, ["scabies and itching"])] == [
        "Crotamiton", None]
    preg = _item("pregnancy", "Tadalafil for erection or prostate problems is not meant for "
                              "women. If you take it for high blood pressure in the lungs, "
                              "tell your doctor.")
    (_, kept), = for_its_uses([("Tadalafil", preg)], ["high blood pressure in the lungs"])
    assert kept.text == "If you take it for high blood pressure in the lungs, tell your doctor."


def test_another_forms_rows_and_sentences_leave_a_combination_monograph() -> None:
    tablets = _item("how_to_take", "The tablets are taken in the morning.",
                    form="tablets or liquid to swallow", detail=True)
    mixed = _item("pregnancy", "As eye drops, tell your doctor if you are pregnant. By "
                               "injection, medicines of its kind can harm an unborn baby.")
    plain = _item("high_alert", "Stop using them if your eye becomes more red.")
    mono = Monograph(drug_id="X", safety=[tablets, mixed, plain])
    out = own_form_rows(mono, frozenset({"eye"})).safety
    assert [s.text for s in out] == ["As eye drops, tell your doctor if you are pregnant.",
                                     plain.text]
    assert own_form_rows(mono, frozenset()) is mono  # no known form: as it was
    # a row labelled with another form whose own source is a leaflet of the page's form
    # (clotrimazole's condom warning, "NHS, Clotrimazole cream") stays on a cream
    condoms = _item("high_alert", "Used in or around the vagina, it can damage condoms.",
                    form="a vaginal cream or pessary", detail=True)
    condoms = condoms.model_copy(update={"source": "NHS, Clotrimazole cream: https://x"})
    assert own_form_rows(Monograph(drug_id="X", safety=[condoms]),
                         frozenset({"skin"})).safety == [condoms]
    assert own_form_rows(Monograph(drug_id="X", safety=[condoms]),
                         frozenset({"eye"})).safety == []
    # a tablet page keeps the injection's sentence (both are taken into the body)
    assert own_form_rows(Monograph(drug_id="X", safety=[mixed]),
                         frozenset({"systemic"})).safety[0].text == mixed.text


def test_no_reassurance_beside_another_ingredients_no() -> None:
    page = _page("Ibuprofen + Paracetamol + Dicyclomine")
    text = _all_text(page)
    assert "usual first choice of painkiller" not in text
    assert "You can take ibuprofen while breastfeeding" not in text
    assert "Do not take it while breastfeeding" in text  # the "no" stays
    assert "not usually recommended in pregnancy" in text  # and the NSAIDs' caution
    assert "do not cover breastfeeding for" not in text  # not "not covered" for the others


def test_reassurance_rule_keeps_cautions_and_the_products_rows() -> None:
    no = _item("breastfeeding", "Do not take it while breastfeeding.")
    yes = _item("breastfeeding", "You can take ibuprofen while breastfeeding.")
    unsure = _item("pregnancy", "It is not clear that decongestants are safe in pregnancy: "
                                "only take one if a doctor advises it.")
    first = _item("pregnancy", "Paracetamol is the usual first choice of painkiller in "
                               "pregnancy.")
    preg_no = _item("pregnancy", "Anti-inflammatory painkillers are not usually recommended "
                                 "in pregnancy.")
    rows = [("Dicyclomine", no), ("Ibuprofen", yes), ("Phenylephrine", unsure),
            ("Paracetamol", first), ("Ibuprofen", preg_no), (None, yes)]
    kept = without_reassurance(rows)
    assert [(ing, s.text) for ing, s in kept] == [
        ("Dicyclomine", no.text), ("Phenylephrine", unsure.text), ("Ibuprofen", preg_no.text),
        (None, yes.text)]
    # without a "no", nothing leaves
    assert without_reassurance([("Ibuprofen", yes), ("Paracetamol", first)]) == [
        ("Ibuprofen", yes), ("Paracetamol", first)]
    # a "no" is the combination's answer: no "not covered" line for the others
    assert unanswered(kept, ["Dicyclomine", "Ibuprofen", "Paracetamol"], "breastfeeding") == []
    ask = _item("breastfeeding", "Ask your doctor before breastfeeding.")
    assert unanswered([("A", ask)], ["A", "B"], "breastfeeding") == ["B"]


def test_a_combination_lists_only_its_own_forms_salts() -> None:
    from apothecary.monographs.combo_rows import _salt_forms
    from apothecary.monographs.rules import DATA, _rows

    rows = _rows("salt_forms.txt", 3)
    assert rows and all("https://" in source for _, _, source in rows)
    assert len(_salt_forms()) == len(rows)
    cream = _page("Hydrocortisone + Crotamiton")
    salts = {f for d in cream.drugs for f in d.forms}
    assert "hydrocortisone succinate" not in salts  # the injection's
    assert {"hydrocortisone butyrate", "hydrocortisone acetate"} <= salts  # a cream's, no row
    assert "hydrocortisone succinate" not in _all_text(cream)  # nor "also known as"
    # a single medicine keeps every salt
    assert "chloramphenicol succinate" in {f for d in _page("Chloramphenicol").drugs
                                           for f in d.forms}
    assert (DATA / "salt_forms.txt").read_text(encoding="utf-8").startswith("# ")


def test_a_us_labels_section_for_both_topics_says_no_only_for_its_own() -> None:
    from apothecary.monographs.safety import says_no

    both = "If pregnant or breast-feeding: • if breast-feeding: not recommended • if " \
           "pregnant: ask a health professional before use"
    assert says_no(_item("breastfeeding", both))
    assert not says_no(_item("pregnancy", both))  # montelukast's pregnancy answer stays
    assert says_no(_item("pregnancy", "Do not take it in pregnancy or while breastfeeding."))
    rows = [("Levocetirizine", _item("pregnancy", both)),
            ("Levocetirizine", _item("breastfeeding", both)),
            ("Montelukast", _item("pregnancy", "You can take montelukast in pregnancy.")),
            ("Montelukast", _item("breastfeeding", "You can take montelukast while "
                                                   "breastfeeding."))]
    assert [s.topic for ing, s in without_reassurance(rows) if ing == "Montelukast"] == [
        "pregnancy"]
    # a "no" the page keeps as companion detail (a label extract a reviewed answer covers)
    # is no verdict: the other ingredient's reassurance stays
    rows[1] = ("Levocetirizine", rows[1][1].model_copy(update={"detail": True}))
    assert len(without_reassurance(rows)) == 4
