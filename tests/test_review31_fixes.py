"""Generic fixes for review 31's findings (sample ZC): a class row cited to another medicine's
leaflet says it is a class statement; the interactions FAQ names everyday partners first."""

from __future__ import annotations

from apothecary.writers.wording import source_for
from pagekit import faq_answer, section_pairs, shipped_page, shipped_pages


def test_a_source_that_names_another_medicine_says_it_is_true_of_the_kind() -> None:
    assert source_for("NHS, Venlafaxine", ["Vilazodone", "vilazodone"]) == \
        "NHS, Venlafaxine; true of medicines of this kind"
    assert source_for("NHS, NSAIDs", ["Ibuprofen"]).endswith("true of medicines of this kind")
    # its own leaflet, named in the source, or a row of the medicine itself: as it is
    assert source_for("US FDA label of vilazodone (Viibryd)", ["Vilazodone"]) == \
        "US FDA label of vilazodone (Viibryd)"
    assert source_for("NHS, Lithium", ["Lithium carbonate"]) == "NHS, Lithium"
    # the address is not the source's words: a medicine in the URL alone is another's
    assert source_for("NHS, Venlafaxine: https://x.org/?q=vilazodone", ["Vilazodone"]) == \
        "NHS, Venlafaxine; true of medicines of this kind: https://x.org/?q=vilazodone"
    assert source_for("NHS, Co-codamol", ["Paracetamol"], own=True) == "NHS, Co-codamol"


def test_vilazodones_class_warning_is_cited_as_a_class_statement() -> None:
    page = shipped_page("Vilazodone")
    most = [t for label, t in section_pairs(page, "safety") if label.startswith("Most important")]
    assert most and "NHS, Venlafaxine" in most[0]
    assert "Source: NHS, Venlafaxine; true of medicines of this kind: https://" in most[0]
    faq = faq_answer(page, "Can I take Vilazodone if")
    assert "Venlafaxine; true of medicines of this kind: https://" in faq


def test_the_interactions_faq_names_the_monographs_first_partners_not_the_alphabets() -> None:
    answer = faq_answer(shipped_page("Vilazodone"), "Does Vilazodone interact")
    # the MAOIs are all contraindicated: the everyday ones (phenelzine) before Iproclozide
    assert "such as" in answer and "Iproclozide" not in answer


def test_a_one_adjective_approval_names_no_use() -> None:
    from apothecary.writers.wording import names_a_use

    for kind in ("Epileptic.", "Anticonvulsive", "Antihypertensive.", "Cytotoxic."):
        assert not names_a_use(kind), kind
    for use in ("Colic.", "Epilepsy.", "Malaria", "Schizophrenic psychosis."):
        assert names_a_use(use), use


def test_dilirank_less_concern_never_reads_as_a_reassurance() -> None:
    from apothecary.monographs.safety import LIVER_TEXT

    less = LIVER_TEXT["less"]
    assert "liver injury has been reported" in less and "middle group" in less


def test_a_tablet_ingredients_same_ingredient_rule_leaves_a_piles_ointments_first_screen() -> None:
    line = "Lidocaine + Hydrocortisone + Phenylephrine + Zinc Oxide + Calcium Dobesilate"
    [page] = shipped_pages(line).values()
    first = " ".join(t for _, t in section_pairs(page, "key-facts"))
    assert "cough and cold remedies" not in first
    # once kept on the companion page, labelled with the form it is about; since round 34
    # (k34b, review 39: a labelled row still read as the product's) another form's row
    # leaves every page of a combination of a known form
    assert not [t for _, t in section_pairs(page, "safety") if "cough and cold remedies" in t]
    # on a tablet the rule stays where it was
    [cold] = shipped_pages("Phenylephrine + Chlorpheniramine + Dextromethorphan").values()
    assert any("cough and cold remedies" in t and not label.endswith("swallow)")
               for label, t in section_pairs(cold, "safety"))


def test_the_alcohol_faq_says_each_sentence_once() -> None:
    [page] = shipped_pages("Phenylephrine + Chlorpheniramine + Dextromethorphan").values()
    answer = faq_answer(page, "Can I drink alcohol")
    sentences = [s for s in answer.split(". ") if s]
    assert len(sentences) == len(set(sentences)), answer


def test_a_misfiled_keep_out_of_reach_section_is_not_shown_under_that_heading() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.safety import select_safety

    def keep(n: str, text: str) -> Fact:
        return Fact(id=n, drug_id="D", kind=FactKind.OTC_KEEP_AWAY, value=text, plain=text,
                    source_id="openfda", locator="set_id x", licence="PD")
    items = select_safety([keep("a", "Other information you may start to feel relief the "
                                     "first day; store between 4° and 30°C."),
                           keep("b", "Keep out of reach of children. In case of overdose, "
                                     "get medical help right away.")], "fixture")
    assert [i.fact_ids for i in items if i.label.startswith("Keep out")] == [["b"]]


def test_another_forms_class_warning_leaves_a_plain_names_main_page_labelled() -> None:
    page = shipped_page("Clobetasol Propionate")
    eye = [st for s in page.sections if s.id == "safety" for st in s.statements
           if "steroid eye drops" in st.text]
    assert eye and all(st.companion and "eye" in (st.label or "") for st in eye)
    # its own skin warning stays on the main page
    assert any(not st.companion and "skin" in st.text for s in page.sections
               if s.id == "safety" for st in s.statements)


def test_eye_drop_class_instructions_are_labelled_on_a_tablet_medicines_plain_page() -> None:
    page = shipped_page("Ketorolac")  # (indometacin now has its own row, k24c)
    first = [t for label, t in section_pairs(page, "key-facts") if label.startswith("How to")]
    assert not any("dropper" in t for t in first)
    dropper = [(label, t) for label, t in section_pairs(page, "safety") if "dropper" in t]
    assert dropper and all("eye" in label for label, _ in dropper)


def test_a_danger_pair_a_reviewed_row_explains_keeps_a_main_place_at_a_low_level() -> None:
    from apothecary.models import Fact
    from apothecary.monographs.interactions import select_partners

    loc = ("leaflet_facts.txt line 1 [interaction]; US FDA label of codeine (DailyMed): "
           "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=codeine")
    why = "Together they can cause deep sleepiness and slow breathing."

    def facts(explained: bool) -> list[Fact]:
        out = [Fact(id="a", drug_id="COD", kind="interaction", value="diazepam",
                    plain="diazepam", source_id="ansm", locator="row 1", licence="L",
                    other_id="DIA", severity="minor", scope="pair")]
        if explained:
            out.append(Fact(id="b", drug_id="COD", kind="interaction", value="diazepam",
                            plain=why, source_id="leaflets", locator=loc, licence="L",
                            other_id="DIA", severity="minor", scope="pair"))
        return out

    atc = {"DIA": "N05BA01"}

    def pick(explained: bool) -> bool:
        [p] = select_partners(facts(explained), set(), lambda o, _v: (o or "").lower(),
                              lambda _o: 0, atc="R05DA04", atc_of=lambda o: atc.get(o, ""))
        return p.main
    # opioid + benzodiazepine is a danger pair (danger_pairs.txt): explained, it leads
    assert pick(True)
    # a bare minor rating alone never reaches the main page
    assert not pick(False)


def test_a_clot_dissolving_medicine_treats_a_clot_never_prevents_one() -> None:
    from apothecary.monographs.rules import use_words

    assert use_words("Pulmonary Embolism", "pulmonary embolism") == \
        "to treat and prevent blood clots in the lungs"  # an anticoagulant's
    assert use_words("Pulmonary Embolism", "pulmonary embolism", dissolves=True) == \
        "to dissolve blood clots in the lungs"
    uses = [t for label, t in section_pairs(shipped_page("Alteplase"), "key-facts")
            if label == "Used for"]
    assert uses and "prevent" not in uses[0] and "dissolve blood clots" in uses[0]
