"""Fixes for review 36's remaining findings (session 19): kinds, a main-use class, a salt name."""

from __future__ import annotations

from apothecary.knowledge.default import open_kb
from apothecary.monographs.how_it_works import fits
from apothecary.monographs.uses import class_purpose_item
from apothecary.names.resolve import Resolver
from pagekit import section_pairs, shipped_pages


def _key_facts(line: str) -> dict[str, str]:
    return dict(section_pairs(shipped_pages(line)[line], "key-facts"))


def _text(line: str) -> str:
    page = shipped_pages(line)[line]
    return " ".join(st.text for s in page.sections for st in s.statements)


def test_a_main_use_class_speaks_for_what_its_kind_is_used_for() -> None:
    # furazolidone's only WHO ATC code (G01AX06) is a vaginal one: its page read
    # "Medicines of its kind are used for: vaginal infections"
    assert class_purpose_item("G01AX06", [], None) is not None  # the vaginal group's purpose
    assert class_purpose_item("G01AX06", [], None, "A07AX") is None  # not filed in A07AX
    assert class_purpose_item("A07DA03", [], None, "A07DA03") is not None  # own code as before
    key = _key_facts("Furazolidone")
    assert "vaginal" not in " ".join(key.values()).casefold(), key
    assert "gut infections" in key["Kind of medicine"].casefold()


def test_an_anticoagulant_class_names_only_blood_thinners_and_citrate_solutions() -> None:
    assert not fits("Anti-coagulant", "A09AB04")  # citric acid, a urine alkaliniser
    assert fits("Anti-coagulant", "B01AB01")
    kinds = _key_facts("Potassium Citrate + Citric Acid")["Kind of medicine"]
    assert "coagulant" not in kinds.casefold() and "kidney stone" in kinds, kinds


def test_tofisopam_does_not_get_the_sedating_benzodiazepines_sleepiness_rows() -> None:
    tofisopam = _text("Tofisopam").casefold()
    assert "sleepiness" not in _key_facts("Tofisopam")["Kind of medicine"]
    rows = ("it makes you sleepy and you can become dependent", "can cause a deadly overdose")
    assert not any(r in tofisopam for r in rows)
    diazepam = _text("Diazepam").casefold()
    assert all(r in diazepam for r in rows)


def test_testosterone_injections_carry_the_blood_clot_sign() -> None:
    key = _key_facts("Testosterone Undecanoate Injection")
    assert "blood clot" in key.get("Get help at once if you have", ""), key


def test_fluticasone_propionate_names_its_inhaler_use() -> None:
    assert "asthma" in _key_facts("Fluticasone Propionate")["Used for"].casefold()


def test_monoammonium_glycyrrhizinate_is_glycyrrhizic_acid_with_its_liquorice_warning() -> None:
    resolver = Resolver(open_kb())
    for name in ("Mono Ammonium Glycyrrhizinate", "Ammonium glycyrrhizate"):
        entry = resolver.resolve(1, name)
        assert [i.name for i in entry.ingredients] and entry.status.value == "resolved", name
        assert entry.ingredients[0].id == resolver.resolve(1, "Glycyrrhizic Acid").ingredients[0].id
    text = _text("Mono Ammonium Glycyrrhizinate + Glycine")
    assert "lower the potassium" in text, text


def test_main_interaction_lines_never_repeat_one_sentence() -> None:
    # tinidazole's "may make warfarin work more strongly" stood on "Warfarin, Acenocoumarol"
    # and again on "Dicoumarol, Phenprocoumon" (its rare coumarins came later)
    page = shipped_pages("Tinidazole")["Tinidazole"]
    main = [st for s in page.sections if s.id == "interactions" for st in s.statements
            if st.label and not st.companion]
    texts = [st.text for st in main]
    assert len(texts) == len(set(texts)), texts
    line = next(st for st in main if "warfarin work more strongly" in st.text)
    assert {"warfarin", "dicoumarol"} <= set(line.label.casefold().replace(",", " ").split())


def test_a_combinations_reviewed_common_list_outlasts_dataset_reported_lists() -> None:
    # k30a: the cold tablet kept three SIDER "Reported" lists and moved chlorphenamine's
    # reviewed "feeling sleepy, dry mouth" to the companion page
    line = "Bromhexine + Chlorphenamine + Ephedrine + Guaifenesin"
    page = shipped_pages(line)[line]
    main = [st.label or "" for s in page.sections if s.id == "side-effects"
            for st in s.statements if not st.companion]
    assert any(label.startswith("Common (source:") and "Chlorphenamine" in label
               for label in main), main
    assert not any(label.startswith("Reported (") for label in main), main


def test_injection_and_vaginal_messages_name_their_form() -> None:
    from apothecary.monographs.form_codes import SYSTEMIC, message_form

    # polymyxin B's injection warning stood on eye drops (k30b)
    assert message_form("By injection it can harm the kidneys and nerves.") == SYSTEMIC
    assert message_form("Put it as high into the vagina as you can.") == "vaginal"
    assert message_form("Used in the vagina, it can weaken latex condoms.") == "vaginal"
    assert message_form("Tell your doctor about any injection you have had.") is None


def test_a_class_row_saying_an_own_rows_words_again_is_left_out() -> None:
    from apothecary.monographs.rules import key_messages_for

    # magnesium oxide's own overdose row and the antacids' (A02AA) said it twice (k30c)
    said = [m for t, m, _ in key_messages_for("magnesium oxide", "A02AA02 A06AD02")
            if t == "overdose"]
    assert len(said) == 1, said
    # a class row saying something else stays: tramadol's opioid "keep out of reach"
    assert len([m for t, m, _ in key_messages_for("tramadol", "N02AX02")
                if t == "overdose"]) == 2


def test_one_leaflet_of_the_pages_form_keeps_a_merged_side_effect_on_it() -> None:
    # a mouth gel's "stinging" row merged with the same words of an untitled row was moved
    # off the gel's own page (k30b): one source of the page's form is enough
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.model import EffectGroup, Item, Monograph
    from apothecary.monographs.page_form import _other_forms_detail
    from pagekit import fact

    def leaflet(n: str, plain: str, title: str) -> Fact:
        return fact(n, FactKind.SIDE_EFFECT, plain).model_copy(update={
            "source_id": "leaflets",
            "locator": f"leaflet_facts.txt line {n}; {title}: https://x.example/{n}"})

    gel = leaflet("1", "stinging", "NHS, Something mouth gel")
    bare = leaflet("2", "stinging", "NHS, Something")
    tablets = leaflet("3", "feeling sick", "NHS, Something tablets")
    lookup = {f.id: f for f in (gel, bare, tablets)}
    mono = Monograph(drug_id="D1", main_effects=[EffectGroup(label="Common", items=[
        Item(text="stinging", fact_ids=["f-1", "f-2"]),
        Item(text="feeling sick", fact_ids=["f-3"])])])
    out = _other_forms_detail(mono, {}, lookup, frozenset({"oromucosal"}))
    kept = [i.text for g in out["main_effects"] for i in g.items]  # type: ignore[attr-defined]
    assert kept == ["stinging"]


def test_an_age_limit_is_given_once_on_the_first_screen() -> None:
    # the mouth gel's own "not for anyone under 16" and its salicylate's "not for children
    # under 16" both led the first screen (k30b)
    line = "Choline Salicylate + Cetalkonium Chloride"
    key = section_pairs(shipped_pages(line)[line], "key-facts")
    sixteen = [t for label, t in key if label.startswith("Most important") and "under 16" in t]
    assert len(sixteen) == 1, key


def test_both_reviewed_lists_of_a_two_ingredient_page_stay_on_it() -> None:
    # ambrisentan's reviewed list (about 15 words) was companion-only beside tadalafil's (k31b)
    line = "Ambrisentan + Tadalafil"
    page = shipped_pages(line)[line]
    main = [st.label or "" for s in page.sections if s.id == "side-effects"
            for st in s.statements if not st.companion and (st.label or "").startswith("Common")]
    assert any("Ambrisentan" in m for m in main) and any("Tadalafil" in m for m in main), main


def test_a_medicine_banned_in_india_was_used_for_its_uses() -> None:
    # valdecoxib "is used for osteoarthritis … (until it was banned)" (k31a)
    page = shipped_pages("Valdecoxib")["Valdecoxib"]
    usage = next(s for s in page.sections if s.id == "usage")
    assert usage.intro == "Valdecoxib was used for:"
    assert all(" is used " not in st.text for st in usage.statements), usage.statements
    assert next(s for s in shipped_pages("Paracetamol")["Paracetamol"].sections
                if s.id == "usage").intro == "Paracetamol is used for:"


def test_a_rubs_kind_leaves_an_eye_drops_page() -> None:
    from apothecary.monographs.form_codes import named_form

    assert named_form("US FDA OTC label of camphor and menthol rubs") == frozenset({"skin"})
    line = "Camphor + Naphazoline Eye Drops"
    kinds = _key_facts(line)["Kind of medicine"]
    assert "rub" not in kinds.casefold(), kinds
    assert "rub" in _key_facts("Camphor")["Kind of medicine"].casefold()


def test_a_kind_worded_as_another_body_forms_product_leaves_the_page() -> None:
    # boric acid's "antibiotic ear drops" on sulfacetamide eye drops (review 37)
    line = "Sulphacetamide + Boric Acid + Zinc Sulphate Monohydrate"
    kinds = _key_facts(line)["Kind of medicine"]
    assert "ear drops" not in kinds and "Sulphacetamide" in kinds, kinds
    assert "ear drops" in _key_facts("Boric Acid Ear Drops")["Kind of medicine"]


def test_an_import_or_supply_condition_is_not_an_approved_use() -> None:
    from apothecary.writers.wording import names_a_use

    # review 37: amifostine "Approved in India for: For import of finished formulation"
    for text in ("For import of finished formulation", "Addl.Strength",
                 "To be supplied only against demand from hospitals/ cancer institutions"):
        assert not names_a_use(text), text
    assert names_a_use("In the treatment of advanced HIV infection")


def test_a_leaflets_few_side_effects_note_is_the_main_list() -> None:
    # review 37: "Common (Paracetamol): feeling sick, dizziness, diarrhoea, itching" (the
    # drip's trial terms) on a tablet's main page, where NHS says side effects are rare
    page = shipped_pages("Paracetamol")["Paracetamol"]
    main = [(st.label or "", st.text) for s in page.sections if s.id == "side-effects"
            for st in s.statements if not st.companion]
    assert any(label.startswith("What is known") and "rare" in text for label, text in main)
    assert not any(label.startswith("Common") for label, _ in main), main
    # a note on the evidence of benefit is not one on side effects: levocarnitine's list stays
    from apothecary.monographs.leaflets import _FEW_EFFECTS

    assert not _FEW_EFFECTS.search("Studies have not shown that carnitine supplements help.")
