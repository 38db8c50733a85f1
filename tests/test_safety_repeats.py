"""A reviewed leaflet note that says again what a key message says is companion detail
(review 16: ambroxol's one warning shown four times)."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs.safety import repeats
from pagekit import shipped_pages

KEY = ("Rarely it causes a severe allergic reaction or a serious skin reaction: stop taking it "
       "and get medical help at once if you get a rash, blisters, peeling skin, mouth sores.")


def test_a_note_with_most_of_the_key_messages_words_repeats_it() -> None:
    assert repeats("Ambroxol can rarely cause a severe allergic or skin reaction: stop taking "
                   "it and see a doctor at once if you get a rash.", KEY)
    # another point that shares a few words does not
    assert not repeats("Drink plenty of fluids while you take it, and see a doctor if your "
                       "cough lasts more than three weeks.", KEY)
    assert not repeats("Stop taking it.", KEY)  # too few words to judge


def _main(page: Page) -> list[str]:
    return [f"{st.label}: {st.text}" for s in page.sections if s.id == "safety"
            for st in s.statements if not st.companion]


def test_the_shipped_ambroxol_page_says_its_skin_warning_once_in_safety() -> None:
    page = shipped_pages("Ambroxol")["Ambroxol"]
    said = [t for t in _main(page) if "skin reaction" in t.casefold()]
    assert said and not any(t.startswith("Good to know") for t in said)
    every = [st.text for s in page.sections for st in s.statements]
    assert any("Ambroxol can rarely cause" in t for t in every)  # moved, not dropped


def test_long_use_advice_comes_after_every_danger_on_the_first_screen() -> None:
    """Aceclofenac + paracetamol + rabeprazole showed the PPI's "if you take it for a long
    time" advice while paracetamol's liver danger sat below the fold (review 16)."""
    from apothecary.monographs.key_facts import important
    from apothecary.monographs.model import SafetyItem

    nsaid = SafetyItem(topic="high_alert", label="Most important", source="NHS, NSAIDs: u",
                       text="It can cause stomach ulcers and bleeding.",
                       short="It can cause stomach ulcers and bleeding.")
    ppi = SafetyItem(topic="high_alert", label="Most important", source="label: u",
                     text="If you take it for a long time, ask your doctor now and then.",
                     short="If you take it for a long time, ask your doctor now and then.")
    liver = SafetyItem(topic="overdose", label="Overdose", source="NHS, Paracetamol: u",
                       text="Too much paracetamol can damage the liver.",
                       short="Too much paracetamol can damage the liver.")
    chosen = important([nsaid, ppi, liver], per_topic=2, owners=["aceclofenac", "rabeprazole",
                                                    "paracetamol"])
    assert chosen == [nsaid, liver]
    # alone, the advice still reaches the first screen
    assert important([ppi], owners=["rabeprazole"]) == [ppi]


def test_a_key_message_can_belong_to_one_combination(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A row naming "a + b" (any order) is the product's: it leads that combination's page
    and never reaches either ingredient's own page (review 16: the ringworm warning of a
    steroid-antifungal cream, not of the steroid's inhaler)."""
    import tempfile
    from pathlib import Path

    from apothecary.knowledge.default import open_kb
    from apothecary.monographs import rules, safety
    from apothecary.names.parse import read_list
    from apothecary.names.resolve import Resolver
    from apothecary.site.plan import plan_pages
    from apothecary.writers.template import TemplateWriter

    message = ("Do not use it on ringworm unless a doctor says so: the steroid in it can make "
               "ringworm spread.")
    rows = dict(rules.key_messages())
    rows[rules.combination_key(["clotrimazole", "beclometasone dipropionate"])] = [
        ("high_alert", message, "Test source: https://example.org/")]
    assert rules.combination_key(["Beclometasone", "clotrimazole"]) == \
        "beclometasone + clotrimazole"
    monkeypatch.setattr(rules, "key_messages", lambda: rows)
    monkeypatch.setattr(safety, "key_messages", lambda: rows)
    kb = open_kb()
    resolver = Resolver(kb)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.txt"
        path.write_text("Clotrimazole + Beclometasone\nBeclometasone\nClotrimazole\n",
                        encoding="utf-8")
        entries = [resolver.resolve(n, t) for n, t in read_list(path)]
    pages = {p.inputs[0]: p for p in TemplateWriter(kb).write_pages(plan_pages(entries, kb)[0])}

    def key_facts(line: str) -> str:
        return " ".join(st.text for s in pages[line].sections if s.id == "key-facts"
                        for st in s.statements)

    assert "Do not use it on ringworm unless a doctor says so" in key_facts(
        "Clotrimazole + Beclometasone")
    for single in ("Beclometasone", "Clotrimazole"):
        text = " ".join(st.text for s in pages[single].sections for st in s.statements)
        assert "ringworm spread" not in text


def test_a_combination_row_matches_by_name_or_class_exactly_or_with_more() -> None:
    from apothecary.monographs.rules import _matches, combination_key

    cpm = ("chlorphenamine", "R06AB04")
    phe = ("phenylephrine", "C01CA06 R01AA04 R01BA03 S01FB01 S01GA05")
    para = ("paracetamol", "N02BE01")
    beclo = ("beclometasone dipropionate", "A07EA07 D07AC15 R01AD01 R03BA01")
    clo = ("clotrimazole", "A01AB18 D01AC01 G01AF02")
    open_row = combination_key(["phenylephrine", "chlorphenamine", "..."])
    assert open_row == "chlorphenamine + phenylephrine + ..."
    assert _matches(open_row, [cpm, phe]) and _matches(open_row, [para, phe, cpm])
    assert not _matches(open_row, [para, phe])  # phenylephrine eye drops, cold tablets
    exact = combination_key(["atc:D01AC", "atc:D07A"])
    assert exact == "atc:D01AC + atc:D07A"
    assert _matches(exact, [clo, beclo]) and _matches(exact, [beclo, clo])
    assert not _matches(exact, [clo, beclo, ("neomycin", "D06AX04 J01GB05")])
    assert _matches(combination_key(["atc:D01AC", "atc:D07A", "..."]),
                    [clo, beclo, ("neomycin", "D06AX04 J01GB05")])
    # one ingredient never fills two parts
    assert not _matches(combination_key(["atc:D07A", "atc:A07E"]), [beclo, clo])


def test_the_indian_under_4_rule_is_chlorphenamine_with_phenylephrines_only() -> None:
    """It fired on every phenylephrine product, eye drops included (combo6-b's report). The
    Indian order (CDSCO letter of 2023, Gazette S.O. 1717(E) of 2025) names the FDC of
    chlorpheniramine maleate + phenylephrine HCl itself, not products with more ingredients
    (fc8-combo): the pair gets it, the pair with paracetamol does not."""
    from apothecary.monographs.rules import combination_messages_for, key_messages_for

    phe = ("phenylephrine", "C01CA06 C05AX06 R01AA04 R01AB01 R01BA03 S01FB01 S01GA05")
    cpm = ("chlorphenamine", "R06AB04")
    assert any("under 4" in m for _, m, _ in combination_messages_for([cpm, phe]))
    said = [m for _, m, _ in combination_messages_for([cpm, phe, ("paracetamol", "N02BE01")])]
    assert not any("under 4" in m for m in said)
    assert not any("under 4" in m for _, m, _ in key_messages_for(*phe))
    assert not any("under 4" in m for _, m, _ in combination_messages_for(
        [phe, ("tropicamide", "S01FA06")]))


def test_an_ask_first_pregnancy_answer_comes_after_a_label_danger() -> None:
    """A reviewed "ask your doctor first" pregnancy answer is an answer, not the most
    important thing to know (cards6-b: donepezil); a warning of harm still leads."""
    from apothecary.monographs.key_facts import important
    from apothecary.monographs.model import SafetyItem

    ask = SafetyItem(topic="pregnancy", label="Pregnancy", source="NHS: u",
                     text="Ask your doctor before taking it if you are pregnant.",
                     short="Ask your doctor before taking it if you are pregnant.")
    boxed = SafetyItem(topic="boxed_warning", label="Boxed warning (US label)",
                       fact_ids=["f1"], text="It can cause serious liver damage.",
                       short="It can cause serious liver damage.")
    assert important([ask, boxed], limit=1) == [boxed]
    harm = ask.model_copy(update={"text": "It can harm an unborn baby.",
                                  "short": "It can harm an unborn baby."})
    assert important([harm, boxed], limit=1)[0] == harm


def test_an_ask_first_pregnancy_answer_on_the_first_screen_is_labelled_pregnancy() -> None:
    from apothecary.monographs.key_facts import key_facts
    from apothecary.monographs.model import SafetyItem

    ask = SafetyItem(topic="pregnancy", label="Pregnancy", source="NHS: u",
                     text="Ask your doctor before taking it if you are pregnant.",
                     short="Ask your doctor before taking it if you are pregnant.")
    harm = ask.model_copy(update={"text": "It can harm an unborn baby.",
                                  "short": "It can harm an unborn baby."})
    # an answer that only says "ask first" stays in the safety section (session 9, k9a/k9b)
    assert ask.short not in {st.text for st in key_facts([], [], [ask], [], [])}
    ask = ask.model_copy(update={"text": "It is usually safe, but ask your doctor first.",
                                 "short": "It is usually safe, but ask your doctor first."})
    labels = {st.text: st.label for st in key_facts([], [], [ask], [], [])}
    assert labels[ask.short] == "Pregnancy"
    # a warning of harm is labelled as a pregnancy answer too (scan17: "Most important
    # (Caffeine): Too much caffeine in pregnancy …" on a cold tablet)
    labels = {st.text: st.label for st in key_facts([], [], [harm], [], [])}
    assert labels[harm.short] == "Pregnancy"


def test_a_medicines_own_urgent_signs_lead_the_datasets_serious_list() -> None:
    """Sildenafil's reviewed "sudden loss of sight or hearing" never reached the page: the
    datasets' many side effects kept every leaflet side effect but the common list off
    (cards6-a). Its own serious rows now lead the first screen's urgent-help line."""
    from pagekit import shipped_pages

    page = shipped_pages("Sildenafil")["Sildenafil"]
    help_line = next(st.text for s in page.sections if s.id == "key-facts"
                     for st in s.statements if (st.label or "").startswith("Get help"))
    assert help_line.startswith("An erection that lasts more than 4 hours")
    assert "sudden loss of sight or hearing" in help_line


def test_a_three_ingredient_combination_gives_each_its_danger_on_the_first_screen() -> None:
    """Rosiglitazone's heart failure sat behind glimepiride's hypo and metformin's lactic
    acidosis (combo6-c)."""
    from pagekit import shipped_pages

    line = "Glimepiride + Metformin + Rosiglitazone"
    page = shipped_pages(line)[line]
    most = [st for s in page.sections if s.id == "key-facts" for st in s.statements
            if (st.label or "").startswith("Most important")]
    assert len(most) == 3 and any("heart failure" in st.text for st in most)
    # each names its ingredient (scan16: an untagged "It can raise the potassium")
    assert any(st.label == "Most important (Rosiglitazone)" and "heart failure" in st.text
               for st in most)


def test_a_specialist_medicines_serious_explained_pairs_reach_its_main_page() -> None:
    """Ibutilide's reviewed "not with another heart-rhythm medicine" pairs were ranked as rare
    specialist partners, behind everyday ones (inter7); a reviewed alcohol sentence replaces
    ANSM's bare one (metronidazole said both)."""
    from pagekit import shipped_pages

    pages = shipped_pages("Ibutilide", "Metronidazole")
    main = {st.label: st.text for s in pages["Ibutilide"].sections if s.id == "interactions"
            for st in s.statements if not st.companion}
    assert any("Amiodarone" in (label or "") for label in main)
    alcohol = next(st.text for s in pages["Metronidazole"].sections if s.id == "interactions"
                   for st in s.statements if st.label == "Alcohol")
    assert "Avoid alcohol while taking this medicine." not in alcohol


def test_a_side_effect_label_never_says_also_twice() -> None:
    """"Also also common on drug labels" (review 18: mesna + ifosfamide)."""
    from pagekit import shipped_pages

    line = "Mesna + Ifosfamide"
    labels = [st.label or "" for s in shipped_pages(line)[line].sections
              for st in s.statements]
    assert any(label.startswith("Also common") for label in labels)
    assert not any(label.casefold().startswith("also also") for label in labels)


def test_a_not_uses_star_row_never_hides_a_reviewed_use() -> None:
    """not_uses.txt's "*" (every dataset use of tazobactam: never given alone) hid the
    reviewed leaflet rows written for it (cards6-a, cards8-c)."""
    from apothecary.monographs.rules import not_a_use

    assert not_a_use("Bacteroides endometritis", "tazobactam", "J01CG02")
    assert not not_a_use("pneumonia caught in hospital", "tazobactam", "J01CG02",
                         reviewed=True)


def test_an_approval_that_compares_with_another_product_names_no_use() -> None:
    """"Same as vitamin B12 quicker, higher & prolonged blood ." led hydroxocobalamin's
    first screen (review 17)."""
    from apothecary.writers.wording import names_a_use

    assert not names_a_use("Same as vitamin B12 quicker, higher & prolonged blood .")
    assert not names_a_use("Same as artesunate (Antimalarial)")
    assert names_a_use("Megaloblastic anaemia due to vitamin B12 deficiency")
    from pagekit import shipped_pages

    page = shipped_pages("Hydroxocobalamin")["Hydroxocobalamin"]
    first = " ".join(st.text for s in page.sections if s.id == "key-facts"
                     for st in s.statements)
    assert "quicker, higher" not in first


def test_reviewed_plain_messages_lead_the_safety_section_before_us_label_extracts() -> None:
    """Glimepiride + metformin + pioglitazone's safety section opened with the US label's
    "Postmarketing cases of metformin-associated lactic acidosis have resulted in death,
    hypothermia…" (review 19); the reviewed plain message on the same danger now leads, and
    the boxed warning follows on the page."""
    for name in ("Metformin", "Glimepiride + Metformin + Pioglitazone"):
        said = _main(shipped_pages(name)[name])
        boxed = [n for n, t in enumerate(said) if t.startswith("Boxed warning")]
        first = [n for n, t in enumerate(said) if t.startswith("Most important")]
        assert first and first[0] == 0, said[:2]
        assert boxed and boxed[0] > max(first), name


def test_a_pregnancy_fact_without_harm_or_advice_gives_way_to_its_advice_clause() -> None:
    from apothecary.monographs.safety import _short
    msg = ("Medicine X passes to the unborn baby and into the fluid around it: it is used in "
           "pregnancy only when the doctor thinks the benefit outweighs the risk.")
    assert _short(msg, "pregnancy") == ("It is used in pregnancy only when the doctor thinks "
                                        "the benefit outweighs the risk.")
    # a clause that already warns stays the short form; other topics keep the first clause
    warn = ("Medicine X can harm an unborn baby: use contraception while you take it, and talk "
            "to your doctor at once if you could be pregnant or are planning a pregnancy.")
    assert _short(warn, "pregnancy") == "Medicine X can harm an unborn baby."
    assert _short(msg) == "Medicine X passes to the unborn baby and into the fluid around it."


def test_the_shipped_colistimethate_first_screen_keeps_the_pregnancy_advice() -> None:
    page = shipped_pages("Colistimethate")["Colistimethate"]
    key = [f"{st.label}: {st.text}" for s in page.sections if s.id == "key-facts"
           for st in s.statements]
    preg = [t for t in key if t.startswith("Pregnancy")]
    assert preg and "only when the doctor thinks the benefit outweighs the risk" in preg[0]


def test_a_second_too_much_is_dangerous_line_is_not_shown_again() -> None:
    from apothecary.monographs.key_facts import too_much_again
    first = "Too much of it is dangerous and the right level differs between people."
    assert too_much_again("Too much is dangerous: it can cause fits.", first)
    # an overdose line that warns of a danger an earlier line does not mention stays
    assert not too_much_again("Too much is dangerous: it can cause fits.",
                              "It can make you sleepy.")
    assert not too_much_again("If you take too much, you may feel sick.", first)


def test_the_shipped_theophylline_first_screen_says_too_much_once() -> None:
    page = shipped_pages("Theophylline")["Theophylline"]
    key = [st.text for s in page.sections if s.id == "key-facts" for st in s.statements]
    assert sum(t.startswith("Too much") for t in key) == 1


def test_not_with_other_medicines_containing_it_is_said_once_on_a_main_page() -> None:
    page = shipped_pages("Paracetamol + Pseudoephedrine + Triprolidine")[
        "Paracetamol + Pseudoephedrine + Triprolidine"]
    said = [t for t in _main(page) if "contain" in t.casefold() and "other" in t.casefold()]
    assert len(said) == 1, said
    companion = [st.text for s in page.sections if s.id == "safety" for st in s.statements
                 if st.companion and "acetaminophen" in st.text.casefold()]
    assert companion  # the US label's "Do not use with any other drug containing …" stays
    single = shipped_pages("Paracetamol")["Paracetamol"]  # one ingredient: its lines, once
    said = [t for t in _main(single) if "contain" in t.casefold() and "other" in t.casefold()]
    assert len(said) == 1, said


def test_said_once_keeps_the_first_sourced_line() -> None:
    from apothecary.monographs.model import SafetyItem
    from apothecary.monographs.safety import said_once
    first = SafetyItem(topic="high_alert", label="Most important", source="NHS: u",
                       text="Check the label: many other remedies also contain it.")
    rule = SafetyItem(topic="same_ingredient", label="Same ingredient twice", source="NHS: u",
                      text="Do not take it with any other medicine that contains it.")
    other = SafetyItem(topic="high_alert", label="Most important", source="NHS: u",
                       text="It can make you sleepy.")
    out = said_once([(None, first), ("B", other), ("A", rule)], ["A", "B"])
    assert [s.detail for _, s in out] == [False, False, False]  # the product line names none
    named = first.model_copy(update={"text": "Check the label: other remedies contain A."})
    out = said_once([(None, named), ("B", other), ("A", rule)], ["A", "B"])
    assert [s.detail for _, s in out] == [False, False, True]
    # another ingredient's own "do not double up" line stays
    theirs = rule.model_copy(update={"text": "Not with other medicines that contain B."})
    out = said_once([(None, named), ("A", rule), ("B", theirs)], ["A", "B"])
    assert [s.detail for _, s in out] == [False, True, False]
