"""Round 32 (k33a): a medicine WHO or India has phased out, withdrawn or restricted says so
first on its first screen, and a boxed-warning pair reaches the main page (review 38:
stavudine and capreomycin read as current treatments; stavudine + didanosine, a sometimes
fatal pair, was only on the companion page as "may interact")."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs.key_facts import important, is_retired
from apothecary.monographs.model import SafetyItem
from pagekit import shipped_pages

LINES = ("Stavudine", "Capreomycin", "Kanamycin", "Stavudine + Lamivudine + Nevirapine",
         "Dextropropoxyphene + Paracetamol", "Pholcodine", "Lamivudine", "Isoniazid")


def _msg(text: str, own: bool = True) -> SafetyItem:
    return SafetyItem(topic="high_alert", label="Most important", text=text, short=text,
                      source="WHO, x: https://x", own=own)


def _pages() -> dict[str, Page]:
    if not hasattr(_pages, "done"):
        _pages.done = shipped_pages(*LINES)  # type: ignore[attr-defined]
    return _pages.done  # type: ignore[attr-defined,no-any-return]


def _screen(line: str) -> list[tuple[str, str]]:
    page = _pages()[line]
    return [(st.label or "", st.text) for s in page.sections if s.id == "key-facts"
            for st in s.statements if not st.companion]


def _important(line: str) -> list[str]:
    return [t for label, t in _screen(line) if label.startswith("Most important")]


def test_a_retired_message_leads_its_own_label_warning() -> None:
    danger = _msg("It can harm the kidneys and the hearing.")
    retired = _msg("WHO no longer recommends it for drug-resistant TB: ask your TB doctor.")
    assert is_retired(retired) and not is_retired(danger)
    assert not is_retired(_msg("Use it for no longer than your doctor says."))
    assert important([danger, retired], limit=1) == [retired]
    # without one, the file's order as before
    other = _msg("Do not drink alcohol with it.")
    assert important([danger, other], limit=1) == [danger]


def test_phased_out_medicines_say_so_on_the_first_screen() -> None:
    stavudine = _important("Stavudine")
    assert "phasing out stavudine" in stavudine[0], stavudine
    assert any("damage the nerves" in t for t in stavudine), stavudine  # its label danger stays
    capreomycin = _important("Capreomycin")
    assert "no longer recommends capreomycin" in capreomycin[0], capreomycin
    # its own boxed warning (hearing, kidneys) keeps the second line, before the TB class's
    assert "kidneys" in capreomycin[1], capreomycin
    kanamycin = _important("Kanamycin")
    assert "no longer recommends kanamycin" in kanamycin[0], kanamycin
    # its uses stay: phased out is not banned
    assert any(label == "Used for" for label, _ in _screen("Stavudine"))


def test_a_combination_gives_its_phased_out_ingredients_line_to_the_phase_out() -> None:
    lines = dict(_screen("Stavudine + Lamivudine + Nevirapine"))
    assert "phasing out stavudine" in lines["Most important (Stavudine)"], lines
    assert "hepatitis B" in lines["Most important (Lamivudine)"]  # the others unchanged
    dxp = _important("Dextropropoxyphene + Paracetamol")
    assert "only for cancer pain" in dxp[0], dxp


def test_pages_without_a_retired_message_are_unchanged() -> None:
    assert _important("Pholcodine")[0].startswith("Pholcodine cough medicines were withdrawn")
    for line in ("Lamivudine", "Isoniazid"):
        said = " ".join(_important(line)).casefold()
        assert said and "who " not in said and "phas" not in said, said
    assert "hepatitis B" in _important("Lamivudine")[0]


def test_stavudine_with_didanosine_is_on_the_main_page_first() -> None:
    page = _pages()["Stavudine"]
    main = [st for s in page.sections if s.id == "interactions" for st in s.statements
            if not st.companion and st.label]
    assert main and main[0].label == "Didanosine", [st.label for st in main]
    assert "deaths have occurred" in main[0].text
