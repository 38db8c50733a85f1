"""Round 35 (k35d, review 40): another form's instructions on the first screen or in How it
Works. Flurbiprofen's tablets page led with its lozenges' "let one dissolve slowly in the
mouth"; its uses read "a sore throat (lozenges or throat spray) (as a throat lozenge or
spray)"; a cough syrup with menthol explained menthol as "Put on the skin, it gives a cooling
feeling". Single-form pages and a page whose instruction is its lead form's stay as they
were."""

from __future__ import annotations

from functools import cache

from apothecary.models import Page
from apothecary.monographs.form_codes import message_form, says_its_form
from pagekit import shipped_pages, statements_of

FLURBI = "Flurbiprofen"
SYRUP = "'Ambroxol', 'Menthol', 'Salbutamol', 'Guaifenesin'"
TERBU = "'Ambroxol (15mg)', 'Guaifenesin (50mg)', 'Menthol (1mg)', 'Terbutaline (1.50mg)'"
LINES = (FLURBI, SYRUP, TERBU, "Menthol", "Ibandronic acid", "Tacrolimus", "Paracetamol",
         "Budesonide")


@cache
def _pages() -> dict[str, Page]:
    return shipped_pages(*LINES)


def _statements(line: str, section: str, companion: bool = False) -> list[tuple[str, str]]:
    return statements_of(_pages()[line], section, companion)


def _all(line: str, section: str) -> list[tuple[str, str]]:
    return _statements(line, section) + _statements(line, section, companion=True)


def test_a_lozenge_instruction_is_a_lozenge_message() -> None:
    assert message_form("As lozenges, let one dissolve slowly in the mouth.") == "throat"
    assert message_form("Suck one lozenge slowly.") == "throat"
    assert message_form("Take it with food.") is None


def test_flurbiprofen_tablets_first_screen_has_no_lozenge_instruction() -> None:
    key = _statements(FLURBI, "key-facts")
    assert not any("lozenge" in t.lower() and label.startswith("How to take")
                   for label, t in key), key
    main = " ".join(t for _, t in _statements(FLURBI, "safety"))
    assert "dissolve slowly" not in main and "3 days" not in main, main
    # kept, labelled with its form, on the companion page
    more = _statements(FLURBI, "safety", companion=True)
    assert any(label == "How to take it (a throat lozenge or spray)" and "dissolve" in t
               for label, t in more), more


def test_a_how_to_take_line_of_the_lead_form_stays_on_the_first_screen() -> None:
    # ibandronic acid's tablets (its lead form) and its injection are both taken into the body
    key = dict(_statements("Ibandronic acid", "key-facts"))
    assert "once a month" in key.get("How to take it", ""), key


def test_no_doubled_form_brackets_in_use_labels() -> None:
    for line in (FLURBI, "Tacrolimus"):
        uses = _all(line, "usage")
        assert not any(") (as " in label or ") (as " in t for label, t in uses), uses
    uses = " ".join(t for _, t in _all(FLURBI, "usage"))
    assert "a sore throat (lozenges or throat spray)" in uses, uses
    assert says_its_form("eczema (ointment)") and says_its_form("asthma (as an inhaler)")
    assert not says_its_form("thrush in the mouth (oral thrush)")
    assert not says_its_form("high blood pressure (hypertension)")


def test_an_oral_cough_syrup_does_not_explain_menthol_as_put_on_the_skin() -> None:
    for line in (SYRUP, TERBU):
        how = " ".join(t for _, t in _all(line, "how-it-works"))
        assert "Put on the skin" not in how, how
        assert "bronchodilator" in how and "mucolytic" in how, how  # the others stay


def test_menthol_own_page_keeps_its_skin_sentence() -> None:
    how = " ".join(t for _, t in _all("Menthol", "how-it-works"))
    assert "Put on the skin" in how, how


def test_single_and_inhaled_pages_keep_their_how_it_works() -> None:
    para = " ".join(t for _, t in _all("Paracetamol", "how-it-works"))
    assert para and "skin" not in para.lower(), para
    bud = " ".join(t for _, t in _all("Budesonide", "how-it-works"))
    assert bud, bud
