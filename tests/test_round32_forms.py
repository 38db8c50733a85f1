"""A form-less page of a medicine made only for parts of the body leads with the form its
main use names, and another form's "how to take it" is companion detail (session 20)."""

from __future__ import annotations

from apothecary.monographs.page_form import _site_of
from pagekit import shipped_pages

DROPPER = "dropper tip"


def _main_and_companion(line: str) -> tuple[str, str]:
    page = shipped_pages(line)[line]
    main = [st.text for s in page.sections for st in s.statements if not st.companion]
    more = [st.text for s in page.sections for st in s.statements if st.companion]
    return " ".join(main), " ".join(more)


def test_the_body_part_a_use_names_is_the_lead_form_of_a_local_medicine() -> None:
    nose_and_eye = "R01AA05 R01AB07 S01GA04"
    assert _site_of("A blocked nose from a cold", nose_and_eye) == {"nose"}
    assert _site_of("Red, irritated eyes", nose_and_eye) == {"eye"}
    assert _site_of("Red eyes and a blocked nose", nose_and_eye) == frozenset()  # both
    assert _site_of("Something else", nose_and_eye) == frozenset()


def test_a_nose_spray_page_keeps_the_eye_drops_handling_off_its_main_page() -> None:
    main, more = _main_and_companion("Oxymetazoline")
    assert DROPPER not in main and DROPPER in more
    assert "nose" in main  # its own nose-spray messages stay


def test_eye_drops_keep_their_own_handling_on_the_main_page() -> None:
    main, _ = _main_and_companion("Moxifloxacin Eye Drops")
    assert DROPPER in main


def test_a_several_form_page_says_whose_a_must_not_is() -> None:
    # betamethasone (tablets, injections, creams, drops): its page leads with the tablets'
    # use, so the steroid creams' "do not use it for rosacea" must say it is the cream's
    page = shipped_pages("Betamethasone")["Betamethasone"]
    labels = [st.label or "" for s in page.sections for st in s.statements
              if "rosacea" in st.text]
    assert labels and all("cream" in label for label in labels), labels


def test_a_combined_pill_page_says_nothing_of_the_morning_after_pill() -> None:
    pages = shipped_pages("Levonorgestrel + Ethinylestradiol", "Levonorgestrel")
    pill = " ".join(st.text for s in pages["Levonorgestrel + Ethinylestradiol"].sections
                    if s.id in ("key-facts", "safety") for st in s.statements).casefold()
    assert "morning-after" not in pill and "emergency" not in pill, pill
    assert "regular birth control" not in pill  # the emergency pill's US OTC label
    assert "stop taking the pill" in pill  # the combined pill's own pregnancy answer
    alone = " ".join(st.text for s in pages["Levonorgestrel"].sections
                     for st in s.statements).casefold()
    assert "morning-after" in alone and "as soon as you can after unprotected sex" in alone
