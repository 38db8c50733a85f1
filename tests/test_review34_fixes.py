"""Generic fixes for review 34's remaining findings (session 18)."""

from __future__ import annotations

from apothecary.monographs.form_answers import answer_restored
from apothecary.monographs.model import SafetyItem
from pagekit import shipped_pages


def _main(page_line: str, section: str = "safety") -> list[tuple[str, str]]:
    page = shipped_pages(page_line)[page_line]
    return [(st.label or "", st.text) for s in page.sections if s.id == section
            for st in s.statements if not st.companion]


def test_a_gels_own_pregnancy_rule_leads_once_the_tablets_class_answer_is_gone() -> None:
    # diclofenac gel's "must not be used in the last 3 months of pregnancy" had been made
    # companion detail by the NSAID tablets' pregnancy row, which a gel page leaves off
    line = "Camphor + Capsaicin + Diclofenac + Menthol + Mephenesin"
    main = _main(line)
    assert any(label == "Pregnancy (Diclofenac)" and "last 3 months" in text
               for label, text in main), main


def _item(topic: str, text: str, detail: bool, source: str | None = "src",
          form: str | None = None) -> SafetyItem:
    return SafetyItem(topic=topic, label=topic.title(), text=text, source=source,
                      fact_ids=["f1"], detail=detail, form=form)


def test_only_an_answer_whose_topic_lost_its_lead_is_restored() -> None:
    cls = _item("pregnancy", "Class answer of the tablets.", False)
    own = _item("pregnancy", "The gel's own answer.", True)
    other = _item("overdose", "An overdose label extract.", True)
    formed = _item("breastfeeding", "Tablets' answer.", True, form="tablets")
    bf = _item("breastfeeding", "Class breastfeeding answer.", False)
    out = answer_restored([cls, own, other, formed, bf], [own, other, formed],
                           frozenset({"skin"}))
    assert [s.detail for s in out] == [False, True, True]
    # nothing removed: nothing restored
    assert answer_restored([cls, own], [cls, own]) == [cls, own]


def test_an_eye_drops_interactions_faq_does_not_answer_yes_for_the_tablets() -> None:
    from pagekit import faq_answer

    line = "Alcaftadine + Ketorolac"
    answer = faq_answer(shipped_pages(line)[line], "Does")
    assert not answer.startswith("Yes"), answer
    assert "no interactions of this form itself" in answer
    assert "its ingredients taken by mouth or injected" in answer  # (a combination: round 32)
    tablets = faq_answer(shipped_pages("Ketorolac")["Ketorolac"], "Does")
    assert tablets.startswith("Yes"), tablets


def test_a_cream_leaflets_pregnancy_answer_leaves_an_ear_drops_page() -> None:
    # clotrimazole's "take care when using an applicator" (NHS, Clotrimazole cream) was the
    # pregnancy answer of ear drops
    line = "Lidocaine + Beclometasone Dipropionate + Clotrimazole + Chloramphenicol"
    page = shipped_pages(line)[line]
    every = " ".join(st.text for s in page.sections for st in s.statements)
    assert "applicator" not in every
    # the cream's own page keeps it
    cream = shipped_pages("Clotrimazole Cream")["Clotrimazole Cream"]
    assert "applicator" in " ".join(st.text for s in cream.sections for st in s.statements)


def test_a_pair_said_to_be_dangerous_is_never_told_how_to_take_them_together() -> None:
    from apothecary.writers.wording import EFFECT_ASK, effect_ask

    danger = "Together they can cause a dangerous rise in blood pressure."
    for level in ("moderate", "class", "minor", "caution", "listed"):
        assert effect_ask(danger, level) == "Ask your doctor before taking both.", level
    mild = "Together they can make you a little sleepier."
    assert effect_ask(mild, "moderate") == EFFECT_ASK["moderate"]


def test_one_labels_rows_under_two_titles_make_one_list_each_effect_once() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.leaflets import effect_lists

    def row(n: int, plain: str, title: str) -> Fact:
        return Fact(id=f"f{n}", drug_id="D", kind=FactKind.SIDE_EFFECT, value=plain,
                    plain=plain, source_id="leaflets", licence="x", frequency="common",
                    locator=f"leaflet_facts.txt line {n} [side_effect:own]; {title}: "
                    "https://example.org/x")

    groups, _ = effect_lists([
        row(1, "headache", "US FDA label of mesna (Mesnex)"),
        row(2, "feeling sick", "US FDA label of mesna (Mesnex)"),
        row(3, "being sick", "US FDA label of mesna (Mesnex)"),  # same title: both kept
        row(4, "headaches", "US FDA label of mesna (Mesnex, DailyMed)"),
        row(5, "stomach pain", "US FDA label of mesna (Mesnex, DailyMed)"),
        row(6, "a rash", "NHS, Mesna")])
    assert [(g.label, [i.text for i in g.items]) for g in groups] == [
        ("Common (source: NHS)", ["a rash"]),
        ("Common (source: US FDA label of mesna (Mesnex))",
         ["headache", "feeling sick", "being sick", "stomach pain"])]


def test_a_combinations_reviewed_urgent_sign_leads_another_ingredients_dataset_term() -> None:
    from apothecary.monographs.model import Item, Monograph
    from apothecary.writers.sections import serious_items

    atropine = Monograph(drug_id="A", serious=[Item(text="A sudden painful red eye", key="e",
                                                    fact_ids=["s1"])])
    diphenoxylate = Monograph(drug_id="D", serious=[Item(
        text="A swollen or painful tummy", key="t", fact_ids=["l1"], source="US FDA label")])
    assert [i.text for i in serious_items([atropine, diphenoxylate])] == [
        "A swollen or painful tummy", "A sudden painful red eye"]
    # one medicine's own order stays
    alone = Monograph(drug_id="A", serious=[*atropine.serious, *diphenoxylate.serious])
    assert [i.text for i in serious_items([alone])] == [
        "A sudden painful red eye", "A swollen or painful tummy"]


def test_a_mouth_gel_is_not_a_skin_gel() -> None:
    from apothecary.monographs.form_codes import named_form

    assert "skin" not in named_form("NHS, Miconazole (mouth gel)")
    assert named_form("Miconazole Cream") == frozenset({"skin"})


def test_an_ingredients_dataset_list_moves_before_its_short_reviewed_list() -> None:
    from apothecary.models import Section, Statement
    from apothecary.writers.word_budget import fit_words

    def lst(label: str, text: str, who: str) -> Statement:
        return Statement(label=f"{label} ({who})", text=text, ingredient=who, fact_ids=["f"])

    reviewed = lst("Common (source: US FDA label of brimonidine eye drops)",
                   "Red, itchy or irritated eyes; a dry mouth.", "Brimonidine")
    dataset = lst("Also common on drug labels", "Dizziness, weakness, sleepiness, swelling, "
                  "blurred vision.", "Brimonidine")
    long_reviewed = lst("Common (source: NHS)", "word " * 30, "Timolol")
    sections = [Section(id="side-effects", title="Side Effects", statements=[
        lst("Common (source: US FDA label of timolol eye drops)", "Burning or stinging.",
            "Timolol"), reviewed, dataset, long_reviewed])]
    fitted = fit_words(sections, 5)
    moved = {st.text for st in fitted[0].statements if st.companion}
    assert dataset.text in moved and long_reviewed.text in moved
    assert reviewed.text not in moved  # a reviewed list of a few words stays
    assert len(fitted[0].statements) == 4


def test_them_never_stands_for_a_name_that_is_the_subject_after_and_so_can() -> None:
    from apothecary.monographs.interactions import _them

    said = "Buserelin can upset the heart's rhythm, and so can sotalol: check with a doctor."
    assert _them(said, "sotalol") == said
    assert _them("Buserelin can raise the level of sotalol.", "sotalol") == \
        "Buserelin can raise the level of them."


def test_an_answer_naming_another_form_is_not_restored_to_the_main_page() -> None:
    cls = _item("pregnancy", "Class answer of the cream.", False)
    tablets = _item("pregnancy", "Terbinafine tablets are not usually recommended in "
                    "pregnancy.", True)
    gel = _item("pregnancy", "On the skin, the gel must not be used late in pregnancy.", True)
    skin = frozenset({"skin"})
    assert [s.detail for s in answer_restored([cls, tablets], [tablets], skin)] == [True]
    assert [s.detail for s in answer_restored([cls, gel], [gel], skin)] == [False]


def test_a_paracetamol_cold_tablets_alcohol_answer_warns_of_the_liver() -> None:
    """Needs the regenerated KB text (paracetamol's alcohol leaflet row)."""
    from pagekit import faq_answer

    line = "Caffeine + Paracetamol + Levocetirizine + Phenylephrine"
    answer = faq_answer(shipped_pages(line)[line], "Can I drink alcohol")
    assert "liver" in answer and "drowsiness" in answer, answer


def test_a_combination_leaves_a_message_about_treating_babies_born_early() -> None:
    from apothecary.monographs.model import Monograph
    from apothecary.monographs.page_form import _without_babies

    early = _item("leaflet", "Caffeine citrate for babies born too early: the baby is watched "
                  "closely for a serious bowel problem.", False)
    pregnancy = _item("pregnancy", "Too much caffeine in pregnancy can harm a baby born "
                      "early.", False)
    adult = _item("high_alert", "Cut down on coffee and tea while taking it.", False)
    mono = Monograph(drug_id="C", safety=[early, pregnancy, adult])
    assert [s.text for s in _without_babies(mono).safety] == [pregnancy.text, adult.text]


def test_two_glaucoma_eye_drops_with_tablet_codes_make_an_eye_drop_page() -> None:
    line = "Timolol + Pilocarpine"
    main = _main(line, "key-facts")
    assert any(label == "How it is used" and "In the eye" in text for label, text in main), main
    every = " ".join(text for _, text in _main(line))
    assert "lowers blood pressure" not in every.casefold()


def test_a_message_naming_the_tablets_and_the_eye_drops_is_of_neither_alone() -> None:
    from apothecary.monographs.form_codes import message_form

    assert message_form("Ofloxacin tablets and eye drops are used in pregnancy only if "
                        "needed.") is None
    assert message_form("As eye drops, tell your doctor first if aspirin gave you "
                        "asthma.") == "eye"


def test_coenzyme_q_on_a_label_is_coenzyme_q10() -> None:
    from apothecary.knowledge.default import open_kb
    from apothecary.names.resolve import Resolver

    entry = Resolver(open_kb()).resolve(1, "Coenzyme Q + Levo-carnitine")
    assert entry.status.value == "resolved"
    assert [i.name for i in entry.ingredients][0] == "ubidecarenone"


def test_a_list_of_its_groups_rows_only_says_they_are_true_of_its_kind() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.leaflets import CLASS_NOTE, effect_lists

    def row(n: int, own: str) -> Fact:
        return Fact(id=f"f{n}", drug_id="D", kind=FactKind.SIDE_EFFECT, value="x",
                    plain=f"effect {n}", source_id="leaflets", licence="x", frequency="common",
                    locator=f"leaflet_facts.txt line {n} [side_effect{own}]; US FDA label of "
                    "thiothixene: https://example.org/x")

    groups, _ = effect_lists([row(1, "")])
    assert groups[0].label == f"Common (source: US FDA label of thiothixene{CLASS_NOTE})"
    groups, _ = effect_lists([row(1, ""), row(2, ":own")])
    assert groups[0].label == "Common (source: US FDA label of thiothixene)"


def test_a_groups_list_repeating_the_medicines_own_list_is_left_out() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.leaflets import effect_lists

    def row(n: int, plain: str, title: str, own: str) -> Fact:
        return Fact(id=f"f{n}", drug_id="D", kind=FactKind.SIDE_EFFECT, value=plain,
                    plain=plain, source_id="leaflets", licence="x", frequency="common",
                    locator=f"leaflet_facts.txt line {n} [side_effect{own}]; {title}: "
                    "https://example.org/x")

    groups, _ = effect_lists([
        row(1, "shaking, stiff muscles or feeling restless", "NHS, Antipsychotics", ":own"),
        row(2, "shaking, stiff muscles, or feeling restless and unable to keep still",
            "US FDA label of thiothixene", "")])
    assert [g.label for g in groups] == ["Common (source: NHS)"]


def test_a_haemostatic_combination_is_not_used_for_vitamin_c_deficiency() -> None:
    # carbazochrome's only DrugCentral use, from old products with vitamin C, made "all its
    # ingredients" share it (review 36's H)
    line = "Adrenochrome Monosemicarbazone + Rutin + Vitamin C"
    key = _main(line, "key-facts")
    assert not any(label == "Used for" for label, _ in key), key
    assert any(label.startswith("Vitamin C, one of its ingredients") for label, _ in key)


def test_a_nucleosides_phosphate_is_not_called_a_salt_of_it() -> None:
    from apothecary.writers.sections import _salt_of

    assert not _salt_of("adenosine phosphate")  # AMP: another molecule (review 36)
    assert not _salt_of("cytidine monophosphate")
    assert _salt_of("clindamycin phosphate") and _salt_of("dexamethasone sodium phosphate")
    page = shipped_pages("Adenosine")["Adenosine"]
    faqs = " ".join(st.text for s in page.sections if s.id == "faqs" for st in s.statements)
    assert "adenosine phosphate is a form" not in faqs.casefold(), faqs
