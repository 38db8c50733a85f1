"""Issue 10, reviews 8 and 9: the kind of medicine is the class of its main use and never a
vague or wrong-system class; a mechanism never places its target in a tissue the medicine
does not act in; uses are marked by the product form they belong to."""

from __future__ import annotations

from apothecary.models import Fact, FactKind
from apothecary.monographs import how_it_works
from apothecary.monographs.how_it_works import kind_codes, placed, select_how, select_kind


def _fact(fid: str, kind: FactKind, value: str, plain: str, source: str = "drugcentral",
          locator: str = "pharm_class.tsv row 1 (MeSH PA D1)") -> Fact:
    return Fact(id=fid, drug_id="D", kind=kind, value=value, plain=plain, source_id=source,
                locator=locator, licence="x")


def test_a_vague_mesh_class_never_names_the_kind() -> None:
    adjuvant = _fact("c1", FactKind.CLASS, "Adjuvants, Immunologic", "immunologic adjuvants")
    vitamins = _fact("c2", FactKind.CLASS, "Vitamins", "vitamin")
    # "Adjuvants, Immunologic" sorts first; it is never a kind of medicine
    kind = select_kind([adjuvant, vitamins])
    assert kind is not None and kind.text == "vitamin" and kind.fact_ids == ["c2"]
    assert select_kind([adjuvant]) is None


def test_a_system_class_names_only_medicines_of_its_system() -> None:
    heart = _fact("c1", FactKind.CLASS, "Cardiovascular Agents", "heart and blood vessel medicine")
    histamine = _fact("c2", FactKind.CLASS, "Histamine Agonists", "histamine agonists")
    # an N-coded medicine with no reviewed plain class: the heart heading does not lead
    kind = select_kind([heart, histamine], "N99XX01")
    assert kind is not None and kind.text == "histamine agonist"
    # a heart medicine keeps it; a medicine with no ATC code (its system unknown) too
    assert select_kind([heart], "C99XX01").text == "heart and blood vessel medicine"  # type: ignore[union-attr]
    assert select_kind([heart], "").text == "heart and blood vessel medicine"  # type: ignore[union-attr]


def test_the_reviewed_plain_class_of_an_anti_vertigo_medicine_and_a_vitamin() -> None:
    heart = _fact("c1", FactKind.CLASS, "Cardiovascular Agents", "heart and blood vessel medicine")
    atc = _fact("c2", FactKind.CLASS, "ANTIVERTIGO PREPARATIONS", "antivertigo preparations",
                "who-atc", "ATC N07C (via N07CA01)")
    kind = select_kind([heart, atc], "N07CA01")
    assert kind is not None and kind.text.startswith("anti-vertigo medicine")
    assert kind.fact_ids == ["c2"]
    # retinol: a vitamin (A11CA), not its skin retinoid code (D10AD) nor a raw class
    assert kind_codes("retinol", "A11CA01 D10AD02 S01XA02") == "A11CA01"
    # retinol has no WHO ATC class row in the KB: the code's DDD row cites its kind
    ddd = _fact("r1", FactKind.ROUTE, "O", "by mouth", "who-atc",
                "WHO_ATC-DDD.csv row 1 (A11CA01 retinol; DDD 50 mg O)")
    kind = select_kind([ddd], "A11CA01 D10AD02")
    assert kind is not None and kind.text == "vitamin A" and kind.fact_ids == ["r1"]
    assert select_kind([], "A11CA01") is None  # nothing to cite it to: not shown


def test_the_kind_is_the_class_of_the_main_use(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(how_it_works, "main_classes", lambda: {"levosulpiride": "A03FA"})
    atc = _fact("c1", FactKind.CLASS, "ANTIPSYCHOTICS", "antipsychotics", "who-atc",
                "ATC N05A (via N05AL07)")
    approval = _fact("a1", FactKind.APPROVAL, "For functional dyspepsia", "for dyspepsia",
                     "cdsco", "cdsco_approved_new_drugs.csv row 1")
    kind = select_kind([atc, approval], "N05AL07", "Levosulpiride")
    assert kind is not None and "antipsychotic" not in kind.text
    assert kind.text.startswith("stomach-emptying medicine")
    assert kind.fact_ids == ["a1"]  # India's approval names its main use, not the ATC row
    # another medicine of the same code keeps its class
    assert select_kind([atc], "N05AL01", "sulpiride").text == "antipsychotic"  # type: ignore[union-attr]


def test_the_shipped_main_class_rows_name_a_reviewed_plain_class() -> None:
    rows = how_it_works.main_classes()
    assert rows["levosulpiride"] == "A03FA"
    for name, prefix in rows.items():
        assert how_it_works.plain_class(prefix), name


def test_a_target_is_placed_only_where_the_medicine_acts() -> None:
    assert placed("blocks sodium channels in heart cells", "N03AF02") == "blocks sodium channels"
    assert placed("blocks sodium channels in heart cells", "C01BC04") == \
        "blocks sodium channels in heart cells"
    assert placed("blocks beta-1 receptors in the heart, which respond to adrenaline",
                  "N02CX02") == "blocks beta-1 receptors, which respond to adrenaline"
    # domperidone (A03FA) stays outside the brain; an antipsychotic acts there
    assert placed("blocks dopamine D2 receptors in the brain", "A03FA03") == \
        "blocks dopamine D2 receptors"
    assert placed("blocks dopamine D2 receptors in the brain", "N05AX08").endswith("brain")
    assert placed("blocks sodium channels in heart cells", "") == \
        "blocks sodium channels in heart cells"  # no code: nothing to check against


def test_how_it_works_uses_the_placed_target() -> None:
    atc = _fact("c1", FactKind.CLASS, "ANTIEPILEPTICS", "antiepileptics", "who-atc",
                "ATC N03A (via N03AF02)")
    kind = select_kind([atc], "N03AF02")
    target = _fact("m1", FactKind.MECHANISM, "BLOCKER Sodium channel protein type 5",
                   "blocks sodium channels in heart cells", locator="drug_target.tsv row 1")
    how = select_how([target], kind, "N03AF02")
    assert how is not None
    assert how.text == "an antiepileptic (prevents fits) that blocks sodium channels"
    assert "heart" not in (select_how([target], None, "N03AF02").text)  # type: ignore[union-attr]


# -- uses by product form (review 8 moxifloxacin, review 9 fentanyl and lorazepam) -----------

from apothecary.monographs.uses import (  # noqa: E402
    key_uses,
    product_forms,
    route_form,
    select_uses,
    use_forms,
)


def _use(fid: str, value: str, plain: str, source: str = "labeledin") -> Fact:
    return _fact(fid, FactKind.USE, value, plain, source, "indications.tsv row 1")


def test_an_eye_use_its_systemic_classmates_have_only_as_eye_drops_is_the_drops() -> None:
    # quinolones: ciprofloxacin (C) also comes as eye drops, so its "bacterial conjunctivitis"
    # does not make moxifloxacin's (M) a tablet use; the eye group backs it
    codes = {"M": "J01MA14 S01AE07", "C": "J01MA02 S01AE03", "L": "J01MA12"}
    users = {"J01M": {"bacterial conjunctivitis": {"M", "C"}, "pneumonia": {"M", "L"}},
             "S01A": {"bacterial conjunctivitis": {"M", "C"}}}
    forms = use_forms("M", codes, users)
    assert forms["bacterial conjunctivitis"] == {"eye drops or eye ointment"}
    assert forms["pneumonia"] == {""}
    facts = [_use("p", "Pneumonia", "pneumonia"),
             _use("c", "Conjunctivitis, Bacterial", "bacterial conjunctivitis")]
    items = select_uses(facts, [], None, "moxifloxacin", codes["M"], forms)
    assert [i.text for i in key_uses(items)] == ["pneumonia"]
    assert "bacterial conjunctivitis (as eye drops or eye ointment)" in [i.text for i in items]
    # a systemic classmate with no eye form backs it as a tablet use: nothing is marked
    users["J01M"]["bacterial conjunctivitis"].add("L")
    assert use_forms("M", codes, users)["bacterial conjunctivitis"] == {
        "", "eye drops or eye ointment"}


def test_a_vaginal_use_a_tablet_classmate_has_stays_a_tablet_use_too() -> None:
    # only eye and ear uses are never a tablet's: metronidazole's bacterial vaginosis is
    # treated with tablets as well as gel
    codes = {"MZ": "J01XD01 G01AF01", "OZ": "J01XD03 G01AF06"}
    users = {"J01X": {"bacterial vaginosis": {"MZ", "OZ"}},
             "G01A": {"bacterial vaginosis": {"MZ", "OZ"}}}
    assert "" in use_forms("MZ", codes, users)["bacterial vaginosis"]


def test_the_forms_a_medicine_comes_in() -> None:
    # fentanyl: its N02AB code's DDD routes, and an anaesthetic (N01A) has no DDD: an injection
    forms = product_forms("N01AH01 N02AB03", ["N", "SL", "TD"])
    assert forms == ["a nose spray", "tablets that dissolve under the tongue", "skin patches",
                     "an injection"]
    assert product_forms("D01AE15 D01BA02", ["O"]) == ["tablets or liquid to swallow",
                                                      "a skin cream or ointment"]
    assert product_forms("J01CA04", ["O"]) == ["tablets or liquid to swallow"]
    assert product_forms("", []) == []
    # a route's words inside a topical form's say it once
    assert product_forms("R01AX02", ["N"]) == ["a nose spray or drops"]


def test_a_use_whose_words_name_one_of_several_forms_is_marked() -> None:
    # lorazepam: tablets and an injection; status epilepticus is the injection's
    assert route_form("prolonged seizures (status epilepticus)", "N05BA06", ["O", "P"]) == \
        "an injection in hospital"
    assert route_form("anxiety", "N05BA06", ["O", "P"]) == ""
    # one form only: nothing to tell apart
    assert route_form("prolonged seizures (status epilepticus)", "N03AB02", ["P"]) == ""
    # the anaesthetic group implies the injection (no DDD route); an oral opioid's
    # "pain after an operation" is not marked
    assert route_form("pain after an operation", "N01AH01 N02AB03", ["TD", "N"]) == \
        "an injection in hospital"
    assert route_form("pain after an operation", "N02AX02", ["O", "P"]) == ""
    facts = [_use("a", "Anxiety", "anxiety"),
             _use("s", "Status Epilepticus", "prolonged seizures (status epilepticus)")]
    items = select_uses(facts, [], None, "lorazepam", "N05BA06", {}, ["O", "P", "SL"])
    marked = [i for i in items if i.form]
    assert [i.text for i in marked] == [
        "prolonged seizures (status epilepticus) (as an injection in hospital)"]
    assert [i.text for i in key_uses(items)] == ["anxiety"]
    # the injection's use alone: it shows, with its form
    alone = select_uses(facts[1:], [], None, "lorazepam", "N05BA06", {}, ["O", "P"])
    assert [i.text for i in key_uses(alone)] == [
        "prolonged seizures (status epilepticus) (as an injection in hospital)"]


# -- headline uses ---------------------------------------------------------------------------

def test_padded_duplicates_collapse_on_the_key_facts() -> None:
    facts = [_use("a", "Vitamin A Deficiency", "vitamin a deficiency", "drugcentral"),
             _use("b", "Vitamin Deficiency", "vitamin deficiency", "drugcentral"),
             _use("c", "Vitamin Deficiency Prevention", "vitamin deficiency prevention",
                  "drugcentral")]
    items = select_uses(facts, ["vitamin"], None, "vitamin a")
    assert len(items) == 3
    assert [i.text for i in key_uses(items)] == ["vitamin A deficiency"]
    # different diseases that share a word stay apart
    two = [_use("d", "Diabetes Insipidus", "diabetes insipidus"),
           _use("t", "Type 2 Diabetes", "type 2 diabetes")]
    assert len(key_uses(select_uses(two, [], None, "x"))) == 2


def test_jargon_use_terms_have_plain_words() -> None:
    for term, plain in [("Biliary Calculus", "gallstones"),
                        ("Onchocerciasis", "river blindness (a worm infection)"),
                        ("Hypocalcemic Tetany",
                         "muscle cramps and spasms from low blood calcium (tetany)")]:
        items = select_uses([_use("x", term, term.casefold())], [], None, "x")
        assert [i.text for i in items] == [plain]


def test_a_reviewed_lead_is_kept_though_only_drugcentral_gives_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from apothecary.monographs import uses
    af = _fact("af", FactKind.USE, "Prevention of Thromboembolism with Chronic Atrial "
               "Fibrillation", "prevention of thromboembolism with chronic atrial fibrillation",
               "drugcentral", "drug_indication.tsv row 1 (uncorroborated)")
    knee = _fact("k", FactKind.USE, "Knee Replacement Deep Vein Thrombosis Prevention",
                 "knee replacement deep vein thrombosis prevention", "drugcentral",
                 "drug_indication.tsv row 2 (class-supported)")
    mates = {"knee replacement deep vein thrombosis prevention": frozenset({"R"})}
    # without a reviewed row the class-backed knee row is all the key facts show
    monkeypatch.setattr(uses, "main_uses", lambda: {})
    assert [i.fact_ids for i in key_uses(select_uses([af, knee], [], mates, "dab"))] == [["k"]]
    monkeypatch.setattr(uses, "main_uses", lambda: {"dab": [
        "prevention of thromboembolism with chronic atrial fibrillation"]})
    first = key_uses(select_uses([af, knee], [], mates, "dab"))[0]
    assert first.fact_ids == ["af"] and "atrial fibrillation" in first.text


def test_a_use_its_own_sources_back_reaches_the_key_facts_without_class_support() -> None:
    acs = _fact("a", FactKind.USE, "Acute Coronary Syndrome", "acute coronary syndrome",
                "drugcentral", "drug_indication.tsv row 1 (SIDER-corroborated)")
    pci = _fact("p", FactKind.USE, "Peripheral Vascular Disease", "peripheral vascular disease",
                "drugcentral", "drug_indication.tsv row 2 (class-supported)")
    mates = {"peripheral vascular disease": frozenset({"C"})}
    shown = {i.fact_ids[0] for i in key_uses(select_uses([acs, pci], [], mates, "t"))}
    assert shown == {"a", "p"}
    # an uncorroborated row with no classmate stays off, as before
    lone = acs.model_copy(update={"locator": "drug_indication.tsv row 1 (uncorroborated)"})
    shown = {i.fact_ids[0] for i in key_uses(select_uses([lone, pci], [], mates, "t"))}
    assert shown == {"p"}


def test_cdsco_rows_that_name_no_use_for_people() -> None:
    from apothecary.writers.wording import names_a_use
    for text in ("Anthelmintic- Indicated for the control of round worm, lung worm of sheep, "
                 "cattle, horse, swine and mange of pigs, dogs",
                 "Same as already approved", "Earlier strength approved was 150 mg.",
                 "Psychiatric drug", "Psychiatric drug."):
        assert not names_a_use(text), text
    for text in ("For the treatment of acute diarrhoea in children",
                 "For dissolution of gallstones",
                 "Treatment of hookworm and roundworm infections",
                 "Drug-resistant tuberculosis"):
        assert names_a_use(text), text


def test_a_medicine_in_several_forms_says_so_in_its_usage_section(tiny_kb) -> None:  # type: ignore[no-untyped-def]
    from apothecary.writers.base import PageRequest
    from apothecary.writers.template import TemplateWriter
    writer = TemplateWriter(tiny_kb)
    drug = "DB00316"
    own = writer.facts_of
    routes = [Fact(id=f"r-{code}", drug_id=drug, kind=FactKind.ROUTE, value=code, plain=plain,
                   source_id="who-atc", locator="WHO_ATC-DDD.csv row 1", licence="x")
              for code, plain in (("O", "by mouth"), ("R", "rectally"))]

    def facts_of(drug_id: str) -> list[Fact]:
        extra = routes if drug_id == drug else []
        return [f for f in own(drug_id) if f.kind != FactKind.ROUTE] + extra

    writer.facts_of = facts_of  # type: ignore[method-assign]
    writer.monographs.facts_of = facts_of

    def usage() -> list:  # type: ignore[type-arg]
        writer.monographs._memo.clear()
        page = writer.write_pages([PageRequest(key=drug, drugs=[tiny_kb.drug(drug)],
                                               lines=[1], names=[])])[0]
        return next(s for s in page.sections if s.id == "usage").statements

    forms = [s for s in usage() if s.label == "Forms"]
    assert len(forms) == 1 and not forms[0].companion
    assert forms[0].text.endswith("comes in more than one form around the world: tablets or "
                                  "liquid to swallow; suppositories. Not every form is sold in "
                                  "every country.")
    assert set(forms[0].fact_ids) >= {"r-O", "r-R"}
    routes.pop()  # one form: nothing to say
    assert not [s for s in usage() if s.label == "Forms"]
    # tablets and an injection only, no use of one form: most medicines, not said
    routes.append(routes[0].model_copy(update={"id": "r-P", "value": "P"}))
    assert not [s for s in usage() if s.label == "Forms"]


def test_a_form_word_in_the_list_line_wins() -> None:
    from apothecary.monographs.uses import for_line, line_form
    assert line_form(["Lorazepam Injection"]) == "injection"
    assert line_form(["Lorazepam 2mg Inj."]) == "injection"
    assert line_form(["Terbinafine Cream", "Terbinafine 1% cream"]) == "cream"
    assert line_form(["Lorazepam"]) == ""
    assert line_form(["Terbinafine Cream", "Terbinafine Tablets"]) == ""  # two forms
    assert line_form([]) == ""
    facts = [_use("a", "Anxiety", "anxiety"),
             _use("s", "Status Epilepticus", "prolonged seizures (status epilepticus)")]
    items = select_uses(facts, [], None, "lorazepam", "N05BA06", {}, ["O", "P"])
    assert [i.text for i in key_uses(for_line(items, ""))] == ["anxiety"]
    shown = [i.text for i in key_uses(for_line(items, line_form(["Lorazepam Injection"])))]
    assert shown == ["prolonged seizures (status epilepticus) (as an injection in hospital)",
                     "anxiety"]
    # a form no use belongs to changes nothing
    assert for_line(items, "cream") == items


def test_an_anti_staph_penicillin_is_not_for_sore_throat() -> None:
    """Review 9: "Amoxycillin + Cloxacillin is used for sore throat" stated amoxicillin's use
    as the combination's; cloxacillin's DrugCentral row rested on its class alone."""
    from apothecary.monographs.rules import not_a_use
    from apothecary.monographs.uses import shared_uses
    assert not_a_use("Pharyngitis", "cloxacillin", "J01CF02")
    assert not_a_use("pharyngitis", "dicloxacillin", "J01CF01")
    assert not not_a_use("Pharyngitis", "amoxicillin", "J01CA04")
    amox = select_uses([_use("p", "Pharyngitis", "sore throat (pharyngitis)")], [], None,
                       "amoxicillin", "J01CA04")
    clox = select_uses([_use("q", "Pharyngitis", "sore throat (pharyngitis)", "drugcentral"),
                        _use("s", "Staphylococcal Pneumonia", "staphylococcal pneumonia",
                             "drugcentral")], [], None, "cloxacillin", "J01CF02")
    assert [i.text for i in clox] == ["staph pneumonia (a lung infection)"]
    assert shared_uses([amox, clox]) == []


def test_an_ingredient_with_no_uses_gives_its_india_approval(tiny_kb) -> None:  # type: ignore[no-untyped-def]
    """Review 9: cilnidipine was invisible beside telmisartan ("Telmisartan, one of its
    ingredients, is used for"): its CDSCO approval says what it is for."""
    from apothecary.writers.base import PageRequest
    from apothecary.writers.template import TemplateWriter
    writer = TemplateWriter(tiny_kb)
    quiet = "DB00945"
    approval = Fact(id="f-alone", drug_id=quiet, kind=FactKind.APPROVAL,
                    value="75 mg tablet: For mild to moderate hypertension.",
                    plain="75 mg tablet: For mild to moderate hypertension.", source_id="cdsco",
                    locator="row 3", licence="x")
    own = writer.facts_of
    extra = [approval]

    def facts_of(drug_id: str) -> list[Fact]:
        if drug_id != quiet:
            return own(drug_id)
        return [f for f in own(drug_id) if f.kind not in (FactKind.USE, FactKind.APPROVAL)] + \
            extra

    writer.facts_of = facts_of  # type: ignore[method-assign]
    writer.monographs.facts_of = facts_of

    def line():  # type: ignore[no-untyped-def]
        writer.monographs._memo.clear()
        drugs = [tiny_kb.drug(i) for i in ("DB00316", quiet)]
        page = writer.write_pages([PageRequest(key="DB00316+DB00945", drugs=drugs,  # type: ignore[arg-type]
                                               lines=[1], names=[])])[0]
        return next(s for s in page.sections if s.id == "key-facts").statements[0]

    kf = line()
    assert kf.label == "Its ingredients are used for"
    assert kf.text.endswith(": mild to moderate hypertension.")  # no "75 mg tablet:" lead
    assert "f-alone" in kf.fact_ids
    # an approval too long to show beside the other ingredient's use: labelled as before
    extra[0] = approval.model_copy(update={"plain": "For the treatment of " + "very " * 30
                                           + "long disease"})
    assert line().label.endswith("one of its ingredients, is used for")
    extra.clear()  # no approval either: the one ingredient's uses, as before
    assert line().label.endswith("one of its ingredients, is used for")


def test_a_numbered_cdsco_row_loses_its_number() -> None:
    from apothecary.monographs.rules import plain_approval
    assert plain_approval("1. Treatment of deep vein thrombosis") == "deep vein thrombosis"
    assert plain_approval("i) Primary biliary cirrhosis") == "primary biliary cirrhosis"
    assert plain_approval("12 weeks of treatment") == "12 weeks of treatment"


def test_a_patch_test_allergen_class_never_names_a_medicines_kind() -> None:
    """DrugCentral files clioquinol, benzocaine and cinchocaine under the FDA's "Standardized
    Chemical Allergen" (their patch-test use): a skin cream's kind read "allergen"."""
    from pagekit import shipped_pages

    pages = shipped_pages("Clioquinol", "Benzocaine")
    for page in pages.values():
        key = " ".join(st.text for s in page.sections if s.id == "key-facts"
                       for st in s.statements).casefold()
        assert "allergen" not in key


def test_a_medicine_whose_code_comes_from_drugcentral_gets_its_plain_kind() -> None:
    """Docetaxel's L01CD02 is DrugCentral's (no WHO ATC row in the KB): its kind read
    "microtubule inhibitor" instead of the plain words of its class (review 16)."""
    from pagekit import shipped_pages

    page = shipped_pages("Docetaxel", "Efavirenz")
    for line, words in (("Docetaxel", "cancer medicine"), ("Efavirenz", "hiv medicine")):
        kind = next(st.text for s in page[line].sections if s.id == "key-facts"
                    for st in s.statements if st.label == "Kind of medicine")
        assert words in kind.casefold()


def test_a_steroid_eye_medicine_is_not_called_a_skin_medicine() -> None:
    """Difluprednate (D07AC19 S01BA16) read "Steroid skin medicine" on eye drops (review 19);
    dexamethasone, also taken by mouth, keeps its general kind."""
    from pagekit import shipped_pages

    pages = shipped_pages("Difluprednate", "Dexamethasone")

    def kind(line: str) -> str:
        return next(st.text for s in pages[line].sections if s.id == "key-facts"
                    for st in s.statements if st.label == "Kind of medicine").casefold()

    assert "eye" in kind("Difluprednate") and "skin" not in kind("Difluprednate")
    assert "eye" not in kind("Dexamethasone")


def test_an_approvals_long_term_lead_and_who_the_patients_are_leave_the_first_screen() -> None:
    """Eliglustat's first screen was a cut register string: "Long term treatment of adult
    patients with Gaucher disease type 1 who are CYP2D6 extensive…" (review 19)."""
    from apothecary.monographs.rules import plain_approval
    assert plain_approval("Long term treatment of adult patients with Gaucher disease type 1 "
                          "who are CYP2D6 extensive metabolisers") == "gaucher disease type 1"
    assert plain_approval("Short-term management of acute pain") == "acute pain"
    # a clause that says what the use is stays ("who have had a heart attack")
    assert plain_approval("To lower the risk of stroke in patients who have had a heart "
                          "attack").endswith("who have had a heart attack")
