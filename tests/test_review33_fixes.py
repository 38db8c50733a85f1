"""Generic fixes for review 32's remaining findings (session 17)."""

from __future__ import annotations

import pytest

from apothecary.models import Fact, FactKind
from apothecary.monographs.safety import LIVER_TEXT, select_safety
from pagekit import section_pairs, shipped_pages


def _otc(n: int, kind: FactKind, plain: str) -> Fact:
    return Fact(id=f"otc{n}", drug_id="DX", kind=kind, value=plain, plain=plain,
                source_id="openfda", locator=f"label {n}", licence="Public domain")


def test_a_combination_page_has_no_newborn_babies_side_effects() -> None:
    # caffeine's only dataset label is caffeine citrate for babies born early: its babies'
    # terms stay on caffeine's own page, not on a cold tablet's (review 32)
    pages = shipped_pages("Caffeine", "Caffeine + Paracetamol")
    single = [label for label, _ in section_pairs(pages["Caffeine"], "side-effects")]
    combo = [label for label, _ in section_pairs(pages["Caffeine + Paracetamol"],
                                                 "side-effects")]
    assert any("born early" in label for label in single), single
    assert combo and not any("born early" in label or "newborn" in label for label in combo)


def test_an_otc_section_written_to_a_childs_carer_is_left_off() -> None:
    carer = _otc(1, FactKind.OTC_DO_NOT_USE, "Do not use in a child who is taking a "
                 "prescription monoamine oxidase inhibitor (MAOI).")
    asks = _otc(2, FactKind.OTC_ASK_DOCTOR, "Ask a doctor before use if the child has heart "
                "disease.")
    adult = _otc(3, FactKind.OTC_ASK_DOCTOR, "Ask a doctor before use if you have heart "
                 "disease.")
    texts = [s.text for s in select_safety([carer, asks, adult], "phenylephrine")]
    assert any("you have heart disease" in t for t in texts)
    assert not any("child" in t for t in texts)
    # the keep-away section still speaks of children: it is not a carer's section
    keep = _otc(4, FactKind.OTC_KEEP_AWAY, "Keep out of reach of children.")
    assert any("children" in s.text for s in select_safety([keep], "phenylephrine"))


def test_the_shipped_cold_tablet_page_has_no_childs_label_text() -> None:
    line = "Chlorpheniramine + Phenylephrine + Paracetamol"
    page = shipped_pages(line)[line]
    texts = [t for s in page.sections for st in s.statements
             for t in (st.text, st.label or "")]
    assert not any("a child who" in t or "the child has" in t for t in texts)


def test_dilirank_less_concern_claims_no_us_label() -> None:
    # DILIrank ranks aceclofenac, which has no US label ("label section No match")
    assert "label" not in LIVER_TEXT["less"].replace("DILIrank", "")
    assert "reported" in LIVER_TEXT["less"]


def test_a_rare_medicine_takes_no_main_line_at_a_moderate_level() -> None:
    line = "Paracetamol"
    page = shipped_pages(line)[line]
    main = [label for label, _ in section_pairs(page, "interactions") if label]
    # lixisenatide (rare_partners.txt) took the last main line of paracetamol's pages
    assert main and not any(label.startswith("Lixisenatide") for label in main), main
    assert any(label.startswith("Warfarin") for label in main), main


def _key_lines(line: str) -> list[str]:
    return [f"{label}: {text}" for label, text in section_pairs(shipped_pages(line)[line],
                                                                 "key-facts")]


def test_a_single_medicines_own_warning_does_not_hide_its_class_warning() -> None:
    # citalopram's heart rhythm row and a generic overdose line hid the antidepressants'
    # suicidal-thoughts warning (review 32)
    lines = _key_lines("Citalopram")
    assert any("rhythm" in x for x in lines), lines
    assert any("thoughts of harming yourself" in x for x in lines), lines
    assert not any("Taking too much can be dangerous" in x for x in lines), lines


def test_the_class_warning_that_joins_is_neither_the_same_organ_nor_another_form() -> None:
    from apothecary.monographs.key_facts import _class_warning_kept
    from apothecary.monographs.model import SafetyItem

    own = SafetyItem(topic="high_alert", label="Most important", text="x", own=True,
                     source="s", short="It can cause severe liver damage.")
    preg = SafetyItem(topic="pregnancy", label="Pregnancy", text="x", source="s",
                      short="Tell your doctor if you are pregnant.")
    liver = SafetyItem(topic="high_alert", label="Most important", text="x", source="s",
                       short="It can seriously harm the liver.")
    eyes = SafetyItem(topic="high_alert", label="Most important", text="x", source="s",
                      short="Steroid eye drops can raise the pressure in the eye.")
    blood = SafetyItem(topic="high_alert", label="Most important", text="x", source="s",
                       short="It can lower your blood cells.")

    def reviewed(s: SafetyItem) -> bool:
        return bool(s.source)

    def said(_: SafetyItem) -> bool:
        return False

    assert _class_warning_kept([own, preg], [own, liver, eyes, preg], reviewed, said) \
        == [own, preg]
    assert _class_warning_kept([own, preg], [own, liver, eyes, blood, preg], reviewed,
                               said) == [own, blood]
    # a class's own first line (not the medicine's) keeps the page as it was
    cls = own.model_copy(update={"own": False})
    assert _class_warning_kept([cls, preg], [cls, blood, preg], reviewed, said) == [cls, preg]


def _how(line: str) -> str:
    return " ".join(t for _, t in section_pairs(shipped_pages(line)[line], "how-it-works"))


def test_an_eye_drop_page_explains_the_medicine_as_eye_drops() -> None:
    # review 32: phenylephrine eye drops explained through the nose; timolol eye drops as
    # "Taken by mouth, it makes your heart beat more slowly"
    timolol = _how("Timolol Eye Drops")
    assert "pressure inside the eye" in timolol and "by mouth" not in timolol, timolol
    assert "is used as glaucoma eye drops" in timolol
    phenylephrine = _how("Phenylephrine + Tropicamide")
    assert "nose" not in phenylephrine, phenylephrine
    # the tablets' page keeps the medicine's own sentence
    assert "nose" in _how("Phenylephrine") or "Phenylephrine" not in _how("Phenylephrine")


def test_form_how_rows_name_their_own_form_and_a_real_group() -> None:
    from apothecary.monographs.form_codes import code_forms
    from apothecary.monographs.form_how import form_how_rows, form_sentence, sites
    from apothecary.monographs.how_it_works import lead

    for prefix, sentence, source in form_how_rows():
        assert sites(sentence) & code_forms(prefix), prefix
        assert source.count(": http") == 1, prefix
    # phenylephrine's eye codes give two different sentences: none is said
    assert form_sentence("S01FB01 S01GA05") is None
    assert form_sentence("S01ED01") is not None
    assert form_sentence("S01EA05 S01GA07") is None  # a code with no row says nothing
    assert sites("It narrows the blood vessels in the lining of your nose") == {"nose"}
    assert not sites("It kills the bacteria that cause an infection")
    assert lead("eye drops that widen the pupil") == "used as eye drops that widen the pupil"
    assert lead("statin") == "a statin"


def test_a_combinations_ingredient_lines_show_each_ones_first_use_on_the_main_page() -> None:
    # review 32: "for generalised anxiety disorder and for epilepsy" on a pregabalin +
    # etoricoxib painkiller's main page; the other uses stay on the companion page
    line = "Pregabalin + Etoricoxib"
    page = shipped_pages(line)[line]
    usage = [st for s in page.sections if s.id == "usage" for st in s.statements
             if st.label == "Pregabalin"]
    main = [st.text for st in usage if not st.companion]
    more = [st.text for st in usage if st.companion]
    assert main and not any("epilepsy" in t for t in main), main
    assert any("also used" in t and "epilepsy" in t for t in more), more


def test_a_creams_interactions_faq_says_they_are_of_the_medicine_taken_by_mouth() -> None:
    from pagekit import faq_answer

    # (one list with both lines makes one page of both: each alone)
    cream = faq_answer(shipped_pages("Ketoconazole Cream")["Ketoconazole Cream"], "Does")
    assert "when it is taken by mouth or injected" in cream, cream
    plain = faq_answer(shipped_pages("Ketoconazole Tablets")["Ketoconazole Tablets"], "Does")
    assert "taken by mouth" not in plain, plain


def test_a_partner_with_no_route_of_its_own_takes_the_injected_products() -> None:
    line = "Ceftazidime + Avibactam"
    given = [t for label, t in section_pairs(shipped_pages(line)[line], "key-facts")
             if label == "How it is given"]
    assert given == ["By injection."], given
    # a tablet partner with routes of its own still says nothing of the kind
    other = "Amoxycillin + Clavulanic Acid"
    assert not [t for label, t in section_pairs(shipped_pages(other)[other], "key-facts")
                if label == "How it is given"]


def test_an_eye_drop_page_of_a_medicine_with_no_code_drops_the_laxatives_kind() -> None:
    # mineral oil has no WHO ATC code: its laxative label's kind and use are another form's
    drops = dict(section_pairs(shipped_pages("Light Mineral Oil Eye Drops")[
        "Light Mineral Oil Eye Drops"], "key-facts"))
    assert "Kind of medicine" not in drops, drops
    assert "(as tablets or liquid to swallow)" in drops.get("Used for", ""), drops
    plain = dict(section_pairs(shipped_pages("Light Mineral Oil")["Light Mineral Oil"],
                               "key-facts"))
    assert "laxative" in plain.get("Kind of medicine", "").casefold(), plain


def test_a_combinations_ingredient_takes_the_class_it_shares_with_its_partner() -> None:
    from apothecary.monographs.page_form import shared_codes

    # phenylephrine beside tropicamide (S01FA06) is a pupil-widening drop, not a red-eye one
    assert shared_codes("S01FB01 S01GA05", "S01FA06") == "S01FB01"
    assert shared_codes("S01AA01", "S01BA01") == "S01AA01"  # nothing shared: unchanged
    line = "Phenylephrine + Tropicamide"
    first = " ".join(t for _, t in section_pairs(shipped_pages(line)[line], "key-facts"))
    assert "redness worse" not in first, first
    how = _how(line)
    assert "widens (dilates) the pupil" in how and "nose" not in how, how


def test_a_drips_page_has_no_take_them_hours_apart_line() -> None:
    # k26b: calcium's "take them 2 hours apart" (a bisphosphonate tablet's) on zoledronic
    # acid, given as a drip once a year; alendronic acid tablets keep it
    drip = section_pairs(shipped_pages("Zoledronic Acid")["Zoledronic Acid"], "interactions")
    tablets = section_pairs(shipped_pages("Alendronic Acid")["Alendronic Acid"],
                            "interactions")
    assert any("apart" in t or "different times" in t for _, t in tablets)
    page = shipped_pages("Zoledronic Acid")["Zoledronic Acid"]
    main = [st.text for s in page.sections if s.id == "interactions" for st in s.statements
            if not st.companion]
    assert drip and not any("hours apart" in t or "different times" in t for t in main), main


def test_a_reason_saying_not_recommended_is_not_followed_by_how_to_take_them_together() -> None:
    from apothecary.writers.wording import effect_ask

    said = "It raises the level of avibactam: using them together is not recommended."
    assert "how to take them together" not in effect_ask(said, "moderate")
    assert effect_ask(said, "major") == "Ask your doctor before taking both."
    assert effect_ask("Together they make bleeding more likely.", "moderate")


def test_eye_and_ear_drops_name_no_one_form() -> None:
    from apothecary.monographs.form_codes import message_form

    assert message_form("As eye and ear drops, use it only as long as prescribed.") is None
    assert message_form("As ear drops, tell your doctor about a burst eardrum.") == "ear"


def test_an_eye_drops_companion_dataset_lists_say_they_may_be_another_forms() -> None:
    from apothecary.monographs.page_form import OTHER_FORMS_NOTE
    from apothecary.monographs.side_effects import DETAIL_LABEL

    line = "Atropine + Chloramphenicol + Dexamethasone"
    labels = [label for label, _ in section_pairs(shipped_pages(line)[line], "side-effects")]
    plain = set(DETAIL_LABEL.values())
    assert any(OTHER_FORMS_NOTE in label for label in labels), labels
    assert not any(label.split(" (")[0] in plain and OTHER_FORMS_NOTE not in label
                   for label in labels), labels


def test_a_medicine_two_ingredients_name_goes_on_the_more_serious_pairs_line() -> None:
    # "Paracetamol + Aceclofenac": warfarin on paracetamol's "if you need it regularly"
    # line instead of the NSAID's bleeding line, because paracetamol came first
    line = "Paracetamol + Aceclofenac"
    pairs = section_pairs(shipped_pages(line)[line], "interactions")
    warfarin = [t for label, t in pairs if label.startswith("Warfarin")]
    assert warfarin and "anti-inflammatory" in warfarin[0], pairs


def test_levosulpiride_is_not_told_which_antipsychotics_are_preferred_in_breastfeeding() -> None:
    from apothecary.monographs.rules import key_messages_for

    said = [m for topic, m, _ in key_messages_for("levosulpiride", "N05AL07")
            if topic == "breastfeeding"]
    assert not any("quetiapine" in m for m in said), said
    assert any("quetiapine" in m for topic, m, _ in key_messages_for("risperidone", "N05AX08")
               if topic == "breastfeeding")


def test_a_reviewed_pair_record_can_keep_its_major_level(monkeypatch: pytest.MonkeyPatch) -> None:
    # fc26b, fc26c: a reviewed row for an "association déconseillée" pair record could only
    # show it as a group's ("In groups of medicines usually not taken with it")
    from apothecary.monographs import rules
    from apothecary.monographs.interactions import own_level

    rows = [["999999", "major", "Together they raise its level.", "note"]]
    monkeypatch.setattr(rules, "_rows", lambda name, n: rows)
    rules.reviewed_records.cache_clear()
    rules.reviewed_record.cache_clear()
    try:
        fact = Fact(id="f", drug_id="A", kind=FactKind.INTERACTION, value="b", plain="",
                    source_id="ansm", locator="record 999999", licence="L", other_id="B",
                    severity="contraindicated", scope="pair")
        assert own_level(fact) == "major"
    finally:
        rules.reviewed_records.cache_clear()
        rules.reviewed_record.cache_clear()


def test_a_gut_medicines_kind_leaves_an_eye_products_page() -> None:
    # review 33: "Kind of medicine: Laxative" (white mineral oil's WHO class) on lubricant
    # eye drops; mineral oil's own page keeps it
    line = "Light mineral oil + White mineral oil"
    first = dict(section_pairs(shipped_pages(line)[line], "key-facts"))
    assert "laxative" not in first.get("Kind of medicine", "").casefold(), first
    assert "eye" in first.get("How it is used", "").casefold(), first
    plain = dict(section_pairs(shipped_pages("Mineral Oil")["Mineral Oil"], "key-facts"))
    assert "laxative" in plain.get("Kind of medicine", "").casefold(), plain


def test_the_tricyclics_sleepiness_signature_is_not_a_stimulating_ones() -> None:
    from apothecary.monographs.rules import signature_for

    # review 34: amitriptyline's "sleepiness" on protriptyline and amineptine
    assert signature_for("protriptyline", "N06AA11") is None
    assert signature_for("amineptine", "N06AA19") is None
    said = signature_for("amitriptyline", "N06AA09")
    assert said is not None and "sleepiness" in said[0]


def test_a_combinations_ingredient_schedule_or_device_is_companion_detail() -> None:
    from apothecary.monographs.model import SafetyItem
    from apothecary.monographs.safety import ingredient_instructions

    def how(text: str) -> SafetyItem:
        return SafetyItem(topic="how_to_take", label="How to take it", text=text, source="s",
                          short=text)

    evening = how("Take it once a day in the evening.")
    gap = how("Always leave at least 4 hours between doses of paracetamol.")
    out = dict((t.text, t.detail) for _, t in ingredient_instructions(
        [("Levocetirizine", evening), ("Paracetamol", gap)]))
    assert out == {evening.text: True, gap.text: False}
    # the product's own row makes every ingredient's companion detail
    product = how("Put the drops in twice a day.")
    moved = ingredient_instructions([(None, product), ("Paracetamol", gap)])
    assert [s.detail for _, s in moved] == [False, True]
    # on the shipped page: the lubricant's "as often as you need them" is off the main page
    line = "Ofloxacin + Hydroxypropylmethylcellulose"
    page = shipped_pages(line)[line]
    main = [st.text for s in page.sections if s.id == "safety" for st in s.statements
            if not st.companion]
    assert not any("as often as" in t for t in main), main


def test_a_partners_alcohol_reassurance_yields_to_another_ingredients_drinking_warning() -> None:
    # review 34: "Can I drink alcohol with [the nimesulide cold tablet]? You can drink alcohol
    # with cetirizine" while nimesulide says "do not take it if you drink a lot of alcohol"
    line = "Caffeine + Cetirizine + Nimesulide + Paracetamol + Phenylephrine"
    page = shipped_pages(line)[line]
    main = [st.text for s in page.sections if s.id in ("interactions", "faqs")
            for st in s.statements if not st.companion]
    assert not any("You can drink alcohol" in t for t in main), main
    # cetirizine's own page keeps it
    alone = shipped_pages("Cetirizine")["Cetirizine"]
    assert any("You can drink alcohol" in st.text for s in alone.sections
               for st in s.statements)


def test_them_never_stands_for_a_partner_where_it_would_read_wrong() -> None:
    from apothecary.monographs.interactions import _them

    # k27a: "…, them can cause serotonin syndrome", "antidepressants such as them"
    for said, name in (("With a triptan, zolmitriptan can cause serotonin syndrome.",
                        "zolmitriptan"),
                       ("Antidepressants such as phenelzine raise it.", "phenelzine")):
        assert _them(said, name) == said
    assert _them("It makes warfarin work more strongly.", "warfarin") == \
        "It makes them work more strongly."


def test_a_major_pair_whose_row_says_how_they_are_taken_together_gets_no_usually_not() -> None:
    from apothecary.writers.wording import effect_ask

    # k27a: "the doctor keeps the pioglitazone dose low. … are usually not taken together"
    said = "Gemfibrozil raises pioglitazone: the doctor keeps the pioglitazone dose low."
    assert effect_ask(said, "major") == "Ask your doctor before taking both."


def test_a_row_saying_one_medicine_is_stopped_first_needs_no_how_to_take_them_together() -> None:
    from apothecary.writers.wording import effect_ask

    said = "Together blood pressure can fall sharply: guanethidine is stopped first."
    assert effect_ask(said, "moderate") == ""  # k27b


def test_a_plain_names_how_it_works_follows_a_kind_that_names_its_product() -> None:
    # review 34: fluorometholone ("steroid eye drop") explained "Put on the skin, …"
    how = _how("Fluorometholone")
    assert "skin" not in how and "eye drop" in how, how


def test_a_row_saying_the_doctor_stops_one_needs_no_how_to_take_them_together() -> None:
    from apothecary.writers.wording import effect_ask

    for said in ("Blood pressure can fall: the doctor stops guanethidine first.",
                 "Blood pressure can fall: your doctor will stop guanethidine first."):
        assert effect_ask(said, "moderate") == "", said  # fc27b


def test_a_vaccine_antigen_partner_is_shown_by_a_name_readers_use() -> None:
    from apothecary.monographs.partner_rules import reader_names
    from apothecary.monographs.rules import key

    # k27b: oseltamivir's line named "Influenza A Virus A/California/7/2009 (H1N1) Live
    # (attenuated) Antigen"
    assert all(shown and key(shown) != name for name, shown in reader_names().items())
    labels = [label for label, _ in section_pairs(shipped_pages("Oseltamivir")["Oseltamivir"],
                                                   "interactions")]
    assert "Live flu vaccine (nasal spray)" in labels, labels
    assert not any("California" in label for label in labels)
