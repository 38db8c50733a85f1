"""The first screen of a page whose medicine comes in several forms, and pregnancy lines that
only say "ask first" (session 9: review 19's hydrocortisone, k9a/k9b/k9e)."""

from __future__ import annotations

from apothecary.monographs.key_facts import important
from apothecary.monographs.model import SafetyItem
from pagekit import shipped_pages


def _msg(text: str, topic: str = "high_alert", form: str | None = None) -> SafetyItem:
    return SafetyItem(topic=topic, label="Most important", text=text, short=text,
                      source="NHS, x: https://www.nhs.uk/x", form=form)


def test_a_pregnancy_line_that_only_says_ask_first_leaves_the_first_screen() -> None:
    ask = _msg("Tell your doctor if you are pregnant or trying to get pregnant.", "pregnancy")
    also = _msg("If you are pregnant, talk to a doctor or pharmacist before using it.",
                "pregnancy")
    harm = _msg("It can harm an unborn baby: do not take it if you are pregnant.", "pregnancy")
    danger = _msg("It can make you very sleepy.")
    assert important([ask, danger]) == [danger]
    assert important([also, danger]) == [danger]
    assert harm in important([harm, danger])


def test_the_page_forms_own_messages_come_before_another_forms() -> None:
    tablets = _msg("Do not stop taking it suddenly.", form="tablets or liquid to swallow")
    cream = _msg("Use a thin layer on the skin.")
    assert important([tablets, cream]) == [cream, tablets]


def _key(name: str) -> list[str]:
    page = shipped_pages(name)[name]
    return [f"{st.label}: {st.text}" for s in page.sections if s.id == "key-facts"
            for st in s.statements if (st.label or "").startswith(("Most important",
                                                                     "Pregnancy"))]


def test_the_shipped_cream_led_and_eye_led_pages() -> None:
    hydro = _key("Hydrocortisone")
    assert "thin layer" in hydro[0] and hydro[0].startswith("Most important:")
    assert all("suddenly" not in line or "(tablets or liquid to swallow)" in line
               for line in hydro)
    eye = _key("Fluorometholone")
    assert "eye pressure" in eye[0]
    assert all("thin layer" not in line or "(a cream, gel or ointment)" in line
               for line in eye)


def test_an_ask_that_also_says_what_to_do_keeps_its_line() -> None:
    ask = _msg("Tell your doctor if you are pregnant, and do not stop taking it suddenly.",
               "pregnancy")
    assert important([ask]) == [ask]


def test_a_products_own_message_takes_a_line_of_its_own() -> None:
    """cmb10a: a product row ("do not take other painkillers … it has both") pushed
    nimesulide's "not under 12" off the first screen of a five-ingredient cold tablet."""
    from apothecary.monographs.key_facts import key_facts

    product = _msg("Do not take other painkillers with it: it has two.")
    a = _msg("It can make you sleepy.")
    b = _msg("Not for children under 12.")
    lines = [st.text for st in key_facts([], [], [product, a, b], [], [],
                                         owners=[None, "A", "B"])]
    assert product.short in lines and a.short in lines and b.short in lines


def test_a_product_row_about_another_form_is_companion_detail() -> None:
    """fc12: combination rows had no form gate (a cream's words on the drops of the same
    two ingredients)."""
    from apothecary.monographs.page_form import other_form_detail

    cream = _msg("Used on the skin, stop if it stings.")
    moved = other_form_detail(cream, frozenset({"eye"}))
    assert moved.detail and moved.form
    assert other_form_detail(cream, frozenset({"skin"})) == cream
    plain = _msg("It can make you sleepy.")
    assert other_form_detail(plain, frozenset({"eye"})) == plain


def test_a_products_own_pregnancy_answer_is_the_pages_only_one() -> None:
    """Piperacillin + tazobactam showed three pregnancy lines: the product's (Zosyn), the
    penicillins' and tazobactam's (review 20). The product's is the page's answer; the
    ingredients' are on the companion page."""
    name = "Piperacillin + Tazobactam"
    page = shipped_pages(name)[name]
    main = [st for s in page.sections if s.id == "safety" for st in s.statements
            if not st.companion and (st.label or "").startswith("Pregnancy")]
    every = [st for s in page.sections if s.id == "safety" for st in s.statements
             if (st.label or "").startswith("Pregnancy")]
    assert len(main) == 1 and main[0].ingredient is None
    assert len(every) > 1  # the ingredients' answers are kept, on the companion page


def test_an_overdose_line_sharing_only_words_of_danger_is_not_the_same_warning() -> None:
    """key_facts._OVERDOSE_WORDS held "dangero" and "serious", which no six-letter stem ever
    equals, so two lines of one medicine sharing only "serious" and "dangerous" were read as
    one warning and the overdose line was dropped (session 14's note)."""
    high = _msg("Serious, dangerous bleeding can happen in the stomach.")
    overdose = _msg("Too much is serious and dangerous: your breathing can stop.", "overdose")
    assert important([high, overdose], limit=3, per_topic=1) == [high, overdose]
    # a real repeat (the same bleeding named twice) is still one warning
    again = _msg("Too much is dangerous: it causes serious bleeding in the stomach.",
                 "overdose")
    assert important([high, again], limit=3, per_topic=1) == [high]
