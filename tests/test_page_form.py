"""The product form a page is about, and the facts of another form (issue 10, reviews 11
and 12, fact check 2): monographs/page_form.py, page_forms.txt, leaflet_forms.txt."""

from __future__ import annotations

import pytest

from apothecary.models import Page
from apothecary.monographs.form_codes import SYSTEMIC, code_forms, leaflet_form, named_form
from apothecary.monographs.page_form import other_form, page_form
from pagekit import shipped_pages


def test_codes_say_the_forms() -> None:
    assert code_forms("R03AC02") == {"inhaled"}
    assert code_forms("R03CC02") == {SYSTEMIC}
    assert code_forms("D10AF01") == {"skin"}
    assert code_forms("D10BA01") == {SYSTEMIC}
    assert code_forms("S01ED01") == {"eye"}
    assert code_forms("C07AA06") == {SYSTEMIC}
    assert code_forms("D11AX18") == frozenset()  # a mixed group says nothing


def test_the_page_form_from_the_line_the_partners_or_the_codes() -> None:
    assert page_form(["Timolol Eye Drops"], ["C07AA06 S01ED01"]) == {"eye"}
    assert page_form(["Clindamycin Gel"], ["D10AF01 G01AA10 J01FF01"]) == {"skin"}
    assert page_form(["Syp. Ambroxol"], ["R02AD05 R05CB06"]) == {SYSTEMIC}
    # no form word: guaifenesin is only taken by mouth, so the combination is
    assert page_form(["Ambroxol + Levosalbutamol + Guaifenesin"],
                     ["R02AD05 R05CB06", "R03AC02 R03CC02", "R05CA03"]) == {SYSTEMIC}
    # beclometasone, clotrimazole and neomycin meet only on the skin
    assert page_form(["Beclometasone + Clotrimazole + Neomycin"], [
        "A07EA07 D07AC15 R01AD01 R03BA01", "A01AB18 D01AC01 G01AF02",
        "A01AB08 A07AA01 B05CA09 D06AX04 J01GB05 R02AB01 S01AA03 S02AA07 S03AA01"]) == {"skin"}
    # a strength by weight in weight is a cream's; eye and nose partners need a word
    assert "skin" in page_form(["'Clindamycin (1.0% w/w)', 'Nicotinamide (4% w/w)'"],
                               ["D10AF01 G01AA10 J01FF01", "A11HA01"])
    assert "eye" in page_form(["Fluorometholone (0.1% w/w)"], ["C05AA06 D07AB06 S01BA07"])
    assert page_form(["'Lidocaine (2% w/v)', 'Beclometasone (0.025% w/v)'"], [
        "C01BB01 D04AB01 S02DA01", "A07EA07 D07AC15 R01AD01 R03BA01"]) == frozenset()
    assert page_form(["D-Panthenol + Oxymetazoline"], ["D03AX03 S01XA12",
                                                       "R01AA05 R01AB07 S01GA04"]) == frozenset()
    # a plain name: by mouth when a code is; unknown for eye drops only
    assert page_form(["Clindamycin"], ["D10AF01 G01AA10 J01FF01"]) == {SYSTEMIC}
    assert page_form(["Brimonidine"], ["S01EA05"]) == frozenset()
    # lines naming different forms: not known by the line
    # two lines naming two forms: a page of both (session 12), never one of them alone
    assert page_form(["Timolol Eye Drops", "Timolol Tablets"], ["C07AA06 S01ED01"]) == {
        "eye", SYSTEMIC}
    assert page_form(["X + Y"], ["D07AC15 R03BA01", "D01AC01 G01AF02"],
                     ["Cream: for fungal skin infections"]) == {"skin"}


def test_an_asthma_attack_is_the_inhalers_and_a_lozenges_throat_not_a_syrups() -> None:
    oral = frozenset({SYSTEMIC})
    assert other_form("acute asthma attack", "R03AC02 R03CC02", oral) == "an inhaler"
    # the tablets treat asthma too (R03CC beside R03AC)
    assert other_form("asthma", "R03AC02 R03CC02", oral) == ""
    assert other_form("sore throat", "R02AD05 R05CB06", oral) == "a throat lozenge or spray"
    assert other_form("acne", "D10AF01 G01AA10 J01FF01", oral) == "a cream, gel or ointment"
    assert other_form("skin infections", "D10AF01 G01AA10 J01FF01", oral) == ""
    assert other_form("bacterial vaginosis", "D10AF01 G01AA10 J01FF01", oral) == ""
    assert other_form("asthma", "A07EA07 D07AC15 R01AD01 R03BA01", oral) == "an inhaler"
    # isotretinoin capsules are for acne (D10BA beside D10AD)
    assert other_form("severe acne", "D10AD04 D10BA01", oral) == ""
    # a prednisolone tablet's asthma attack: no inhaled code, not labelled; its hay fever
    # and eye inflammation: systemic steroids treat them too (ANY H02)
    assert other_form("acute asthma attack", "A07EA01 H02AB06", oral) == ""
    assert other_form("allergic rhinitis (hay fever)", "H02AB06 R01AD02 S01BA04", oral) == ""
    # aspirin tablets for toothache, doxycycline tablets for gum disease
    assert other_form("toothache", "A01AD05 B01AC06 N02BA01", oral) == ""
    assert other_form("chronic periodontitis", "A01AB22 J01AA02", oral) == ""
    # ciprofloxacin's ear infection is its drops'
    assert other_form("otitis externa", "J01MA02 S01AE03 S02AA15 S03AA07", oral) == (
        "ear drops")


def test_on_a_page_used_on_the_body_a_use_naming_none_of_its_parts_is_another_forms() -> None:
    eye, skin = frozenset({"eye"}), frozenset({"skin"})
    assert other_form("high blood pressure", "C07AA06 S01ED01", eye) == (
        "tablets or liquid to swallow")
    assert other_form("open-angle glaucoma", "C07AA06 S01ED01", eye) == ""
    assert other_form("asthma", "A07EA07 D07AC15 R01AD01 R03BA01", skin) == "an inhaler"
    assert other_form("eczema", "A07EA07 D07AC15 R01AD01 R03BA01", skin) == ""
    assert other_form("lung infection (pneumonia)", "D10AF01 G01AA10 J01FF01", skin) == (
        "tablets or liquid to swallow")
    assert other_form("sprains, strains and back pain", "D11AX18 M01AB05 M02AA15 S01BC03",
                      skin) == ""
    assert other_form("herpes simplex encephalitis", "D06BB03 J05AB01 S01AD03", skin) != ""
    assert other_form("cold sores", "D06BB03 J05AB01 S01AD03", skin) == ""


def test_a_leaflet_says_its_form_by_the_list_or_its_title() -> None:
    loc = "leaflet_facts.txt line 1 [side_effect:own]; NHS, Diclofenac: https://www.nhs.uk/medicines/diclofenac/"
    assert leaflet_form(loc) == {SYSTEMIC}
    assert leaflet_form(loc, listed=False) == frozenset()  # uses: the title only
    assert leaflet_form("x; NHS, Isotretinoin capsules: https://www.nhs.uk/medicines/"
                        "isotretinoin-capsules/", listed=False) == {SYSTEMIC}
    assert leaflet_form("x; NHS, Beclometasone inhalers: https://www.nhs.uk/medicines/"
                        "beclometasone-inhalers/") == {"inhaled"}
    assert named_form("NHS, Paracetamol for adults") == frozenset()


def test_every_page_forms_row_compiles_and_names_a_known_form() -> None:
    from apothecary.monographs import form_codes as fc
    keys = {SYSTEMIC, "skin", "eye", "ear", "nose", "inhaled", "throat", "oromucosal",
            "vaginal", "rectal"}
    for _, (forms, _, words, _) in fc.form_table().items():
        assert forms <= keys
        assert words
    assert all(form in keys for _, form, _ in fc.only_form_rows())
    for url, form in fc._leaflet_forms().items():
        assert url.startswith("https://") and form in keys


_pages = shipped_pages


LINES = ("Ambroxol + Levosalbutamol + Guaifenesin Syrup", "Timolol Eye Drops",
         "Beclometasone + Clotrimazole + Neomycin Cream", "Diclofenac Gel", "Clindamycin Caps")


def _main_text(page: Page, *sids: str) -> str:
    return " ".join(f"{st.label or ''} {st.text}" for s in page.sections if s.id in sids
                    for st in s.statements if not st.companion).casefold()


@pytest.mark.parametrize(("line", "sids", "absent"), [
    (LINES[0], ("usage",), "asthma attack"),  # the key facts' warning says it: see below
    (LINES[0], ("key-facts", "usage"), "sore throat"),
    (LINES[1], ("key-facts", "safety"), "do not stop taking it suddenly"),
    (LINES[1], ("key-facts",), "high blood pressure"),
    (LINES[2], ("key-facts", "usage"), "asthma"),
    (LINES[2], ("key-facts", "safety"), "as an inhaler"),
    (LINES[3], ("side-effects",), "headaches"),  # NHS: the tablets' side effects
    (LINES[3], ("key-facts", "safety"), "stomach ulcers"),
    (LINES[4], ("key-facts",), "acne"),
])
def test_the_shipped_pages_leave_another_forms_facts_off(line: str, sids: tuple[str, ...],
                                                          absent: str) -> None:
    page = _pages(*LINES)[line]
    assert absent not in _main_text(page, *sids)


def test_a_plain_name_only_labels_and_keeps_every_safety_line() -> None:
    page = _pages(*LINES, "Budesonide", "Ambroxol + Guaifenesin + Terbutaline")["Budesonide"]
    # the reviewed "asthma and COPD (as an inhaler)" (the dataset's "asthma (as an inhaler)"
    # it restates is left out: review 21's fixes)
    assert "asthma and copd (as an inhaler)" in _main_text(page, "key-facts", "usage")
    terbutaline = _pages(*LINES, "Budesonide", "Ambroxol + Guaifenesin + Terbutaline")[
        "Ambroxol + Guaifenesin + Terbutaline"]
    # terbutaline's own tablet warning (a named row) stays on a syrup's page
    assert "early labour" in _main_text(terbutaline, "safety", "key-facts")


def test_the_page_forms_own_facts_stay() -> None:
    pages = _pages(*LINES)
    assert "glaucoma" in _main_text(pages[LINES[1]], "key-facts")
    # the syrup's own reviewed use (combination_uses.txt), as before its levosalbutamol's
    assert "airways" in _main_text(pages[LINES[0]], "key-facts")
    assert "on the skin" in _main_text(pages[LINES[2]], "safety")
    assert "sprains" in _main_text(pages[LINES[3]], "key-facts")
    timolol = " ".join(st.text for s in pages[LINES[1]].sections if s.id == "usage"
                       for st in s.statements)
    assert "high blood pressure (as tablets or liquid to swallow)" in timolol.casefold()


def test_the_syrups_key_facts_warn_about_an_attack_instead_of_promising_to_treat_it() -> None:
    """The syrup's "Used for" line never names an attack; its reviewed must-say line does,
    as a warning (key_messages.txt: use the reliever inhaler for an attack)."""
    page = _pages(*LINES)[LINES[0]]
    key = next(s for s in page.sections if s.id == "key-facts")
    used = " ".join(st.text for st in key.statements
                    if "used for" in (st.label or "").casefold()).casefold()
    assert used and "asthma attack" not in used
    assert any("reliever inhaler" in st.text for st in key.statements)


def test_a_steroid_with_anti_infectives_is_a_skin_product_though_they_also_meet_by_mouth() -> None:
    """Beclometasone + neomycin + miconazole: each has an A07 code (colitis, gut infections,
    oral thrush) besides its skin code, and the cream was written up as an inhaler and an
    injection (review 15a). WHO's D07C class says what such a combination is."""
    from apothecary.monographs.page_form import page_form

    beclo, neo, mico = ("A07EA07 D07AC15 R01AD01 R03BA01", "A07AA01 B05CA09 D06AX04 J01GB05",
                        "A01AB09 A07AC01 D01AC02 G01AF04 J02AB01")
    assert page_form(["Beclometasone + Neomycin + Miconazole"], [beclo, neo, mico]) == \
        frozenset({"skin"})
    # an anti-infective pair with no steroid, or a steroid with a medicine that is no
    # anti-infective, is not decided this way
    assert page_form(["Neomycin + Miconazole"], [neo, mico]) != frozenset({"skin"})
    assert page_form(["x"], [beclo, "A07EC01 D11AX99"]) != frozenset({"skin"})
    # a form word on the line still wins
    assert page_form(["Beclometasone + Neomycin + Miconazole Ear Drops"], [beclo, neo, mico]) \
        != frozenset({"skin"})


def test_a_medicine_only_ever_injected_says_so_in_its_key_facts() -> None:
    """Review 15a: tirofiban, eptifibatide and milrinone pages never said they are given as
    a drip; calcium chloride read as a tablet. The line cites the WHO DDD routes; a medicine
    with a form used on the body (heparin gel) or taken by mouth gets no such line."""
    pages = {**_pages("Tirofiban", "Ceftriaxone", "Heparin", "Amlodipine"),
             **_pages("Ceftriaxone Injection")}

    def given(line: str) -> list[str]:
        facts = next(s for s in pages[line].sections if s.id == "key-facts").statements
        return [st.text for st in facts if st.label == "How it is given" and st.fact_ids]

    assert given("Tirofiban") == given("Ceftriaxone") == ["By injection."]
    assert given("Heparin") == given("Amlodipine") == []
    assert given("Ceftriaxone Injection") == []  # the line names its form already


def test_a_creams_page_leaves_its_ingredients_other_forms_effects_and_partners_off() -> None:
    """Clotrimazole also comes as pessaries and lozenges, neomycin as tablets and injections
    (review 16): on the cream's page the datasets' side effects, which no form tells apart,
    and the injected aminoglycosides' partners (furosemide, cefepime) are companion detail,
    said so on the main page; the tablets' page keeps them."""
    line = "Clotrimazole + Clobetasol + Neomycin Cream"
    pages = _pages(line, "Neomycin Tablets")
    cream, tablets = pages[line], pages["Neomycin Tablets"]
    main = _main_text(cream, "side-effects", "interactions", "key-facts")
    for absent in ("feeling sick", "stomach pain", "furosemide", "cefepime"):
        assert absent not in main
    assert "taken by mouth or injected, so they are on the full list" in main
    everything = " ".join(st.text for s in cream.sections for st in s.statements).casefold()
    assert "furosemide" in everything  # moved, not dropped
    labels = [st.label or "" for s in cream.sections if s.id == "side-effects"
              for st in s.statements if st.companion]
    assert any("other forms" in label for label in labels)
    assert "furosemide" in _main_text(tablets, "interactions")


def test_a_use_that_names_its_form_is_not_labelled_twice() -> None:
    """"asthma and COPD (as an inhaler) (as an inhaler)" (cards6-b: budesonide)."""
    from apothecary.monographs.model import Item, Monograph
    from apothecary.monographs.page_form import for_form

    atc = "A07EA06 D07AC09 R01AD05 R03BA02"
    mono = Monograph(drug_id="x", uses=[Item(text="asthma and COPD (as an inhaler)"),
                                        Item(text="asthma")])
    got = for_form(mono, "budesonide", atc, frozenset({"systemic"}), lambda: {}, named=False)
    assert [u.text for u in got.uses] == ["asthma and COPD (as an inhaler)",
                                          "asthma (as an inhaler)"]


@pytest.mark.parametrize(("line", "words"), [
    ("Mupirocin Ointment", "impetigo"),
    ("Fluocinolone Acetonide Cream", "eczema"),
    ("Xylometazoline Nasal Spray", "blocked nose from a cold"),
])
def test_a_form_named_pages_reviewed_uses_lead_its_first_screen(line: str, words: str) -> None:
    """A list line naming the form kept its reviewed leaflet uses off the key facts: an
    ointment's impetigo was "another form's" for naming no body part, and the line's form
    let the datasets' uses lead (cards6-a, cards6-c)."""
    page = _pages(line)[line]
    used = next(st for s in page.sections if s.id == "key-facts" for st in s.statements
                if st.label == "Used for")
    assert words in used.text.casefold()


def test_antibiotics_is_not_the_word_otic() -> None:
    """"when other antibiotics cannot be used" read as an ear-drop use (cards6-d)."""
    from apothecary.monographs.page_form import other_form

    atc = "A07AA05 J01XB02 S01AA18 S02AA11 S03AA03"
    assert other_form("serious infections when other antibiotics cannot be used", atc,
                      frozenset({"systemic"})) == ""
    assert other_form("otic infections", atc, frozenset({"systemic"})) != ""


def test_a_creams_ingredient_approval_of_another_form_stays_off_its_first_screen() -> None:
    """Beclometasone's own uses are all another form's on an antifungal cream's page; its
    Indian approval ("asthma") then stood in for them (combo6-c)."""
    line = "Sertaconazole + Beclometasone"
    page = _pages(line)[line]
    assert "asthma" not in _main_text(page, "key-facts")


def test_a_us_label_of_another_form_stays_off_the_page() -> None:
    """A fluticasone nasal spray's US label ("only for use in the nose") on an inhaler
    combination's page (review 17); the nasal spray's own page keeps it."""
    from apothecary.knowledge.importer import label_route

    assert label_route({"openfda": {"route": ["NASAL"]}}) == "NASAL"
    assert label_route({"openfda": {"route": ["oral", "Intravenous"]}}) == "INTRAVENOUS,ORAL"
    assert label_route({"openfda": {"route": "NASAL"}}) == ""  # not a list
    assert label_route({"openfda": {"route": ["<b>x</b>"]}}) == ""
    inhaler, spray = "Salmeterol + Fluticasone Propionate", "Fluticasone Propionate Nasal Spray"
    pages = _pages(inhaler, spray)

    def everything(line: str) -> str:
        return " ".join(st.text for s in pages[line].sections for st in s.statements)

    assert "Only for use in the nose" not in everything(inhaler)
    assert "Only for use in the nose" in everything(spray)


def test_an_ingredient_made_only_for_one_form_names_the_products_form() -> None:
    """Tobramycin + dexamethasone + hypromellose eye drops got injection and tablet warnings
    (review 19, H): hypromellose is only an eye lubricant, so the three meet in the eye.
    Two medicines that merely share an eye code (oxymetazoline, panthenol) still say
    nothing."""
    from apothecary.monographs.page_form import page_form

    tobra, dexa, hypro = "J01GB01 S01AA12", "A01AC02 D07AB19 H02AB02 S01BA01 S02BA06", "S01KA02"
    assert page_form(["Tobramycin + Dexamethasone + Hypromellose"], [tobra, dexa, hypro]) == \
        frozenset({"eye"})
    # two medicines that merely share an eye code say nothing (a steroid with an eye
    # anti-infective does since session 9: below)
    assert page_form(["Oxymetazoline + Dexpanthenol"], ["R01AA05 S01GA04", "D03AX03 S01XA12"]) \
        != frozenset({"eye"})
    line = "Tobramycin + Dexamethasone + Hypromellose"
    key = _main_text(_pages(line)[line], "key-facts", "safety")
    assert "do not stop taking it suddenly" not in key
    # an injection's serious reactions (the aminoglycoside's kidneys) go with its partners
    assert "passing little or no urine" not in _main_text(_pages(line)[line], "key-facts")


def test_a_skin_steroid_with_skin_partners_is_a_skin_product() -> None:
    """Betamethasone + lactic acid + salicylic acid + urea got the tablets' taper and
    chickenpox warnings (review 19): three of its four ingredients are made for the skin
    (lactic acid's one code is a vaginal one). Eye drops whose ingredients all have eye codes
    (atropine + chloramphenicol + dexamethasone) are not made skin products this way, nor is
    a pair, nor a product with an ingredient only ever taken by mouth or injected."""
    from apothecary.monographs.page_form import page_form

    beta = "A07EA04 C05AA05 D07AC01 D07XC01 H02AB01 R01AD06 R03BA04 S01BA06 S01CB04 S02BA07"
    lactic, salicylic, urea = "G01AD01", "D01AE12 N02BA04 N02BA12 S01BC08", "B05BC02 D02AE01"
    line = "Betamethasone + Lactic Acid + Salicylic Acid + Urea"
    assert page_form([line], [beta, lactic, salicylic, urea]) == frozenset({"skin"})
    assert page_form(["x"], [beta, lactic]) != frozenset({"skin"})
    assert page_form(["x"], [beta, lactic, "N02BE01", urea]) != frozenset({"skin"})
    atropine, chloram = "A03BA01 S01FA01", "D06AX02 D10AF03 G01AA05 J01BA01 S01AA01 S02AA01"
    dexa = "A01AC02 D07AB19 D07XB05 D10AA03 H02AB02 R01AD03 S01BA01 S01CB01 S02BA06"
    assert page_form(["x"], [atropine, chloram, dexa]) != frozenset({"skin"})
    key = _main_text(_pages(line)[line], "key-facts", "safety")
    assert "do not stop taking it suddenly" not in key and "chickenpox" not in key
    assert "thin layer" in key


def test_a_plain_names_class_messages_of_the_tablets_say_so_beside_a_creams_use() -> None:
    """"Hydrocortisone" led with the cream's use and put the steroid tablets' "do not stop
    taking it suddenly" beside it, unlabelled (review 19). The class rows that reach it only
    through its tablet codes now say whose they are; the skin row stays unlabelled; a page
    named for the tablets, and a medicine made only as tablets, are unchanged."""
    pages = _pages("Hydrocortisone", "Prednisolone")
    # (round 18: two skin rows now fill its first screen; the tablets' row is in the
    # safety section, labelled there too)
    key = [st for s in pages["Hydrocortisone"].sections if s.id in ("key-facts", "safety")
           for st in s.statements if (st.label or "").startswith("Most important")]
    taper = [st for st in key if "do not stop taking it suddenly" in st.text]
    assert taper and all(st.label == "Most important (tablets or liquid to swallow)"
                         for st in taper)
    safety = [st for s in pages["Hydrocortisone"].sections if s.id == "safety"
              for st in s.statements]
    assert any("thin layer" in st.text and st.label == "Most important" for st in safety)
    tablets = _pages("Hydrocortisone Tablets")
    for page in (pages["Prednisolone"], *tablets.values()):
        labels = [st.label or "" for s in page.sections for st in s.statements]
        assert not any("(tablets or liquid to swallow)" in lb for lb in labels), page.title


def test_a_use_that_says_its_form_in_other_words_is_not_labelled_again() -> None:
    """"(as a cream or ointment) (as a cream, gel or ointment)" (k9a: eflornithine;
    betamethasone): a use that already says "(as a …)" keeps its own words."""
    page = _pages("Betamethasone")["Betamethasone"]
    text = _main_text(page, "key-facts", "usage")
    assert "(as a cream or ointment)" in text
    assert "(as a cream or ointment) (as" not in text


def test_two_inhalants_are_an_inhaler_though_both_also_come_as_tablets() -> None:
    """Formoterol + budesonide: both have tablet codes too (R03CC, A07EA), so the page had no
    form and budesonide's skin-steroid line could fill a first-screen slot (cmb10b)."""
    from apothecary.monographs.page_form import page_form

    formoterol, budesonide = "R03AC13 R03CC15", "A07EA06 D07AC09 R01AD05 R03BA02"
    assert page_form(["Formoterol + Budesonide"], [formoterol, budesonide]) == \
        frozenset({"inhaled"})
    # theophylline is no inhalant (R03DA): a syrup or tablet, not decided this way
    assert page_form(["x"], ["R03AC02 R03CC02", "R03DA04"]) != frozenset({"inhaled"})


def test_a_message_about_another_form_leaves_a_named_forms_first_screen() -> None:
    """Chloramphenicol's "Taken by mouth or injection … blood disorders" led its eye drops'
    page; menthol's "Muscle rubs … burns" a cough syrup's (cmb10a). On a page whose form is
    named they are companion detail (a plain name's page: its lead use decides)."""
    from apothecary.monographs.form_codes import message_form

    assert message_form("Muscle rubs with menthol can rarely cause serious burns.") == "skin"
    assert message_form("Taken by mouth or injection, it rarely causes blood disorders.") \
        == SYSTEMIC
    assert message_form("Even as eye drops it can affect your breathing.") == "eye"
    assert message_form("It can make you sleepy.") is None
    page = _pages("Chloramphenicol Eye Drops")
    key = _main_text(next(iter(page.values())), "key-facts", "safety")
    assert "blood disorders" not in key
    every = " ".join(st.text for p in page.values() for s in p.sections
                     for st in s.statements).casefold()
    assert "blood disorders" in every  # on the companion page, not dropped


def test_an_eye_leaflets_side_effects_leave_a_tablets_page() -> None:
    """Gatifloxacin eye drops' "eye irritation" led the side effects of gatifloxacin +
    ornidazole tablets (session 9): another form's leaflet rows leave a named form's page,
    a tablet's too."""
    line = "Gatifloxacin + Ornidazole"
    page = _pages(line)[line]
    assert "eye irritation" not in _main_text(page, "side-effects")


def test_a_cataract_use_is_the_eyes_not_a_tablets() -> None:
    """"Chymotrypsin: cataract surgery" on diclofenac + trypsin + chymotrypsin tablets
    (review 21)."""
    line = "Diclofenac + Trypsin + Chymotrypsin"
    assert "cataract" not in _main_text(_pages(line)[line], "key-facts", "usage")


def test_an_eye_steroid_with_an_eye_anti_infective_is_eye_drops() -> None:
    """Tobramycin + dexamethasone (without hypromellose) still had the injection's kidney and
    hearing warnings (must11b; review 19's H): WHO's S01CA says what such a pair is."""
    from apothecary.monographs.page_form import page_form

    tobra = "J01GB01 S01AA12"
    dexa = "A01AC02 D07AB19 H02AB02 S01BA01 S01CB01 S02BA06 S03BA01"
    assert page_form(["Tobramycin + Dexamethasone"], [tobra, dexa]) == frozenset({"eye"})
    assert page_form(["Ofloxacin + Dexamethasone"], ["J01MA01 S01AE01 S02AA16", dexa]) == \
        frozenset({"eye", "ear"})
    assert page_form(["Dexamethasone + Levofloxacin Tablets"], ["J01MA12 S01AE05", dexa]) == \
        frozenset({SYSTEMIC})  # a form word on the line still wins
    line = "Tobramycin + Dexamethasone"
    key = _main_text(_pages(line)[line], "key-facts")
    assert "hearing" not in key and "suddenly" not in key


def test_a_dose_in_milligrams_or_a_spoonful_names_the_systemic_form() -> None:
    """scan17: "Triamcinolone 16mg" led with the injection's and the cream's messages; a
    milligram dose or a "mg/5ml" liquid is a tablet, a syrup or an injection when every
    ingredient is made so. Micrograms (an inhaler's puff) and "mg/ml" (an eye drop's strength
    too) say nothing, and an ingredient made only for the eye keeps the page off tablets."""
    triamcinolone = "H02AB08 A01AC01 D07AB09 D07XB02 R01AD11 R03BA06 S01BA05"
    from apothecary.monographs.page_form import named_by_dose
    for line in ("Triamcinolone 16mg", "Triamcinolone 40mg/5ml", "Triamcinolone 1g"):
        assert page_form([line], [triamcinolone]) == {SYSTEMIC}, line
        assert named_by_dose([line], [triamcinolone]), line
    for line in ("Triamcinolone 200mcg", "Triamcinolone 5mg/ml", "Triamcinolone"):
        assert not named_by_dose([line], [triamcinolone]), line
    # tropicamide is made for the eye only: its "mg" is an eye drop's
    assert page_form(["Phenylephrine 5mg + Tropicamide 8mg"],
                     ["C01CA06 R01AA04 R01AB01 R01BA03 S01FB01 S01GA05", "S01FA06"]) \
        != {SYSTEMIC}


def test_an_ingredient_only_ever_made_for_the_skin_names_the_products_form() -> None:
    """Review 29: a rub of mephenesin, diclofenac, methyl salicylate and menthol was written
    up as tablets ("take it with or after food", the tablets' overdose): mephenesin's only
    WHO code is a tablet's, but no one swallows methyl salicylate (no WHO code: a MADE row)
    or tolnaftate (every code a skin product's group). Dimeticone and benzyl alcohol have
    head-lice codes but are also in antacids and injections: they say nothing."""
    from apothecary.monographs.page_form import made_for, named_by_dose

    assert made_for("methyl salicylate", "") == "skin"
    assert made_for("Methyl Salicylate", "") == "skin"
    assert made_for("oxymetazoline", "D11AX27 R01AA05 R01AB07 S01GA04") == "nose"
    assert made_for("tolnaftate", "D01AE18") == "skin"
    assert made_for("dimethicone", "P03AX05") is None
    assert made_for("benzyl alcohol", "P03AX06") is None
    assert made_for("collagenase", "D03BA02 M09AB02") is None  # wound care: not only skin
    assert made_for("diclofenac", "D11AX18 M01AB05 M02AA15 S01BC03") is None
    names = ["mephenesin", "diclofenac", "methyl salicylate"]
    atcs = ["M03BX06", "D11AX18 M01AB05 M02AA15 S01BC03", ""]
    assert page_form(["Mephenesin + Diclofenac + Methyl Salicylate"], atcs, names=names) \
        == {"skin"}
    # without the names nothing says so; a milligram dose does not make it tablets
    assert page_form(["Mephenesin + Diclofenac + Methyl Salicylate"], atcs) != {"skin"}
    dosed = ["Mephenesin 100mg + Diclofenac 10mg + Methyl Salicylate 100mg"]
    assert page_form(dosed, atcs, names=names) == {"skin"}
    assert not named_by_dose(dosed, atcs, names)
    # the line's own form word still decides
    assert page_form(["Mephenesin + Diclofenac + Methyl Salicylate Tablets"], atcs,
                     names=names) == {SYSTEMIC}
    # review 28: a face peel of salicylic and mandelic acid (an old bladder antiseptic's
    # codes) was tablets, "used for urine infections"
    assert page_form(["Salicylic Acid + Mandelic Acid"], ["D01AE12 N02BA04 S01BC08",
                                                          "B05CA06 J01XX06"],
                     names=["salicylic acid", "mandelic acid"]) == {"skin"}
    # ingredients made for two forms between them: nothing decided by them
    assert page_form(["X + Y"], ["", ""], names=["methyl salicylate", "oxymetazoline"]) \
        != {"skin"}


def test_a_dose_names_tablets_beside_an_ingredient_with_no_code_or_only_a_vaginal_one() -> None:
    """Amoxicillin + lactobacillus capsules and magaldrate + simeticone + oxetacaine
    tablets were of no known form: lactobacillus's only WHO code is vaginal, oxetacaine's a
    piles cream's, simeticone's none. With a milligram dose and an ingredient only ever
    swallowed or injected, they are tablets; with none only swallowed, still not known."""
    from apothecary.monographs.page_form import named_by_dose

    line = ["'Amoxycillin (250mg)', 'Lactobacillus (60Million spores)'"]
    assert page_form(line, ["J01CA04", "G01AX14"], names=["amoxicillin", "lactobacillus"]) \
        == {SYSTEMIC}
    antacid = ["Magaldrate 540mg + Simethicone 5mg + Oxetacaine 10mg"]
    assert named_by_dose(antacid, ["A02AD02", "", "C05AD06"])
    # nimesulide is also a gel (M02AA): a dose beside a medicine of no code says nothing
    assert not named_by_dose(["Nimesulide 100mg + Serratiopeptidase 10mg"],
                             ["M01AX17 M02AA26", ""])
    # no dose: not known
    assert not named_by_dose(["Amoxycillin + Lactobacillus"], ["J01CA04", "G01AX14"])


def test_a_lines_several_forms_narrow_to_those_its_ingredients_are_made_in() -> None:
    """"% w/w" is a cream's or an eye, mouth, vaginal or rectal ointment's: a steroid +
    antifungal cream whose neomycin has eye codes and clioquinol vaginal ones was a page of
    all five forms, so their class messages reached it. Two lines naming two forms stay a
    page of both."""
    keto, tolnaftate, clobetasol = "D01AC08 G01AF11 H02CA03 J02AB02", "D01AE18", "D07AD01"
    assert page_form(["'Ketoconazole (2% w/w)', 'Tolnaftate (1% w/w)', 'Clobetasol (0.05% w/w)'"],
                     [keto, tolnaftate, clobetasol]) == {"skin"}
    clinda = "D10AF01 G01AA10 J01FF01"
    assert page_form(["Clindamycin (1% w/w)"], [clinda]) == {"skin", "vaginal"}
    assert page_form(["Azelastine Nasal Spray", "Azelastine Eye Drops"],
                     ["R01AC03 R06AX19 S01GX07"]) == {"nose", "eye"}


def test_two_medicines_that_meet_only_in_the_nose_are_a_nose_spray() -> None:
    """Fluticasone furoate + azelastine (27.5 and 140 micrograms a spray) had no form:
    they share only WHO's R01A, nasal preparations. A nose spray still reaches the blood, so
    its interactions (ritonavir with fluticasone, alcohol with azelastine) stay on the page."""
    flut, azel = "R01AD12 R03BA09", "R01AC03 R06AX19 S01GX07"
    line = "Fluticasone Furoate (27.5mcg) + Azelastine (140mcg)"
    assert page_form([line], [flut, azel]) == {"nose"}
    page = _pages(line)[line]
    assert "ritonavir" in _main_text(page, "interactions")


def test_a_creams_ingredient_with_no_skin_form_does_not_lend_it_its_tablets_uses() -> None:
    """Review 29: "Its ingredients are used for: Ciprofloxacin: urine infections" on a
    clobetasol cream. An ingredient none of whose codes is a skin product's keeps only the
    uses whose words name the skin."""
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.model import Item, Monograph
    from apothecary.monographs.page_form import for_form

    facts = {i: Fact(id=i, drug_id="D", kind=FactKind.USE, value=t, plain=t,
                     source_id="labeledin", locator="x", licence="x")
             for i, t in (("u1", "urine infections"), ("u2", "skin infections"))}
    mono = Monograph(drug_id="D", uses=[
        Item(text="urine infections", fact_ids=["u1"]),
        Item(text="skin infections", fact_ids=["u2"])])
    cipro = "J01MA02 S01AE03 S02AA15 S03AA07"
    shown = for_form(mono, "ciprofloxacin", cipro, frozenset({"skin"}), lambda: facts,
                     combo=True)
    assert [i.text for i in shown.uses] == ["skin infections"]
    # a page of ciprofloxacin's own form (tablets) keeps both
    tablets = for_form(mono, "ciprofloxacin", cipro, frozenset({SYSTEMIC}), lambda: facts,
                       combo=True)
    assert [i.text for i in tablets.uses] == ["urine infections", "skin infections"]
    line = "Ciprofloxacin + Metronidazole + Terbinafine + Clobetasol Cream"
    text = _main_text(_pages(line)[line], "key-facts", "usage")
    assert "urine infections" not in text and "typhoid" not in text


def test_a_combination_used_on_the_body_says_how_on_its_first_screen() -> None:
    """Review 29: a clobetasol cream's page never said it was a cream. A combination whose
    line names no form, and whose ingredients say one used on the body, says how it is used;
    tablets, and a line that names its form itself, do not get the line."""
    rub = "Diclofenac + Methyl Salicylate + Menthol"
    spray = "Fluticasone Furoate (27.5mcg) + Azelastine (140mcg)"
    tablets = "Paracetamol + Ibuprofen"
    named = "Diclofenac + Methyl Salicylate + Menthol Gel"
    pages = {**_pages(rub, spray, tablets), **_pages(named)}  # (rub and named: one page)

    def used(line: str) -> list[str]:
        key = next(s for s in pages[line].sections if s.id == "key-facts")
        return [st.text for st in key.statements if st.label == "How it is used"]

    assert used(rub) == ["On the skin (a cream, gel, ointment or lotion), not swallowed."]
    assert used(spray) == ["In the nose (a nose spray or nose drops)."]
    assert used(tablets) == [] and used(named) == []


def test_a_piles_products_own_row_picks_the_rectal_form_of_its_strength() -> None:
    """"% w/w" is a cream's or an eye, mouth, vaginal or rectal ointment's; lidocaine,
    hydrocortisone and phenylephrine all have eye and rectal codes, so a piles cream tied
    between the two and gained phenylephrine's "allergic conjunctivitis". The product's own
    row about piles picks the rectal form; a laxative's words about piles are no product's
    form (only product rows are read so)."""
    from apothecary.monographs.form_codes import message_form, product_form

    row = "Stop using it and see a doctor if you bleed, or if the piles get worse."
    assert product_form(row) == "rectal" and message_form(row) is None
    assert product_form("Before using the cream, wash the area.") == "skin"
    lido = "C01BB01 C05AD01 D04AB01 N01BB02 R02AD02 S01HA07 S02DA01"
    hydro = "A01AC03 A07EA02 C05AA01 D07AA02 D07XA01 H02AB09 S01BA02 S01CB03 S02BA01"
    phenyl = "C01CA06 C05AX06 R01AA04 R01AB01 R01BA03 S01FB01 S01GA05"
    line = ["'Lidocaine (3% w/w)', 'Hydrocortisone (0.25% w/w)', 'Phenylephrine (0.1% w/w)'"]
    assert page_form(line, [lido, hydro, phenyl]) == {"eye", "rectal"}
    assert page_form(line, [lido, hydro, phenyl], product_says=["rectal", "skin"]) == {"rectal"}
    # a three-way tie of the strength's forms: the piles rows pick the rectal one (k22b:
    # phenylephrine read "eye drops that widen the pupil" on a piles ointment)
    beclo = "A07EA07 D07AC15 R01AD01 R03BA01"
    assert page_form(line, [phenyl, beclo, lido], product_says=["rectal", "skin"]) == {"rectal"}
    # no form word: the rows about piles and about its cream are one piles cream's
    assert page_form(["Lidocaine + Hydrocortisone + Phenylephrine"], [lido, hydro, phenyl],
                     product_says=["rectal", "skin"]) == {"rectal"}


def test_an_injections_message_is_the_systemic_forms() -> None:
    """Review 29: "As an injection it is given by trained staff" and "After a numbing
    injection, take care not to hurt the numb area" on a gel's first screen."""
    from apothecary.monographs.form_codes import message_form

    assert message_form("As an injection it is given by trained staff.") == SYSTEMIC
    assert message_form("After a numbing injection, take care not to hurt the numb "
                        "area.") == SYSTEMIC
    assert message_form("As a drip, it is given in hospital.") == SYSTEMIC
    assert message_form("Wash your hands after putting it on.") is None


def test_a_mouth_gels_own_words_make_it_a_mouth_product() -> None:
    """k21a: "gels?" read a mouth gel as a skin product, so choline salicylate + lidocaine
    (whose ingredients are also tablets and injections) stayed tablets and kept lidocaine's
    "As an injection it is given by trained staff" on its first screen."""
    from apothecary.monographs.form_codes import message_form

    assert message_form("Mouth and teething gels with it are not for children under "
                        "16.") == "oromucosal"
    assert message_form("Do not eat or drink for an hour after putting it in your "
                        "mouth.") == "oromucosal"
    assert message_form("Rub the gel on the sore muscle.") == "skin"
    line = "Choline Salicylate + Lidocaine"
    key = _main_text(_pages(line)[line], "key-facts")
    assert "in the mouth" in key and "as an injection" not in key


def test_a_creams_ingredient_made_only_as_tablets_keeps_its_own_rows_off_the_main_page() -> None:
    """k21a: nifedipine's grapefruit line (its tablets') on an anal-fissure cream of
    nifedipine and lidocaine: an ingredient none of whose codes is of the page's body form
    had its own rows moved to the companion page, labelled as the tablets'. Since round 34
    (k34b, review 39: a labelled row on the companion still read as the product's) a
    combination of a known form leaves them off every page."""
    line = "Nifedipine + Lidocaine"
    page = _pages(line)[line]
    assert "grapefruit" not in _main_text(page, "key-facts", "safety", "interactions")
    moved = [st for s in page.sections for st in s.statements
             if s.id == "safety" and "(tablets" in (st.label or "")]
    assert not moved


def test_a_body_forms_page_reads_its_kind_from_that_forms_own_class() -> None:
    """k21b: naphazoline eye drops read "decongestant (narrows blood vessels in the nose)",
    the nose spray's kind. A page of a named body form takes the plain words of its own
    form's WHO ATC class when there are some; a plain name's page keeps its kind."""
    pages = _pages("Naphazoline Eye Drops", "Timolol Eye Drops", "Clotrimazole Cream")
    pages.update(_pages("Timolol"))

    def kind(line: str) -> str:
        key = next(s for s in pages[line].sections if s.id == "key-facts")
        return next(st.text for st in key.statements if st.label == "Kind of medicine")

    assert kind("Naphazoline Eye Drops") == "Eye drops for red eyes (decongestant)."
    assert kind("Timolol Eye Drops") == "Glaucoma eye drops (beta blocker)."
    assert kind("Clotrimazole Cream") == "Antifungal (treats fungal infections)."
    assert "glaucoma" not in kind("Timolol").casefold()


def test_a_body_products_uncovered_overdose_says_what_to_do_if_swallowed() -> None:
    """Review 29: "If someone may have taken too much, get medical help at once" read as
    over-alarming on artificial tears. A product used on the body that no source covers says
    what to do if it is swallowed; tablets keep the general line."""
    from apothecary.writers.wording import BODY_OVERDOSE, not_covered_text, overdose_not_covered

    assert overdose_not_covered("X", False, body=True).endswith(BODY_OVERDOSE)
    assert BODY_OVERDOSE not in overdose_not_covered("X", False)
    assert not_covered_text(["breastfeeding", "overdose"], "X", body=True).endswith(
        BODY_OVERDOSE)
    page = _pages("Hypromellose")["Hypromellose"]
    text = " ".join(st.text for s in page.sections if s.id == "safety" for st in s.statements)
    assert "taken too much" not in text


def test_acetazolamide_is_tablets_though_who_files_it_with_eye_medicines() -> None:
    """fc22b: acetazolamide's only WHO code is S01EC01 (with the glaucoma eye medicines),
    so its tablets' page read "(as eye drops or eye ointment)" after each use, "glaucoma eye
    drops" as its kind and the eye drops' dropper advice."""
    assert page_form(["Acetazolamide"], ["S01EC01"]) == {SYSTEMIC}
    page = _pages("Acetazolamide")["Acetazolamide"]
    key = _main_text(page, "key-facts")
    assert "glaucoma" in key
    assert "as eye drops" not in key and "dropper" not in key and "eye drops" not in key


def test_ear_drops_lend_no_eye_or_vaginal_uses_and_read_ear_kinds() -> None:
    """Review 30: neomycin + beclometasone + clotrimazole + lidocaine ear drops said "Its
    ingredients are used for: Neomycin: eye infections … (eye drops); Clotrimazole: vaginal
    thrush" and "Neomycin: ear drops" as a kind. WHO's S03 group (eye or ear) named the eye
    as neomycin's ear page's own body part; clotrimazole, with no ear code, lent its
    pessary's use."""
    neomycin = ("A01AB08 A07AA01 B05CA09 D06AX04 J01GB05 R02AB01 S01AA03 S02AA07 S03AA01")
    assert other_form("eye infections caused by bacteria", neomycin, frozenset({"ear"})) \
        == "eye drops or eye ointment"
    assert other_form("otitis externa", neomycin, frozenset({"ear"})) == ""
    line = "Neomycin + Beclometasone + Clotrimazole + Lidocaine Ear Drops"
    page = _pages(line)[line]
    key = _main_text(page, "key-facts")
    assert "vaginal" not in key and "eye infections" not in key
    assert "antibiotic ear drops" in key and "numbing ear drops" in key


def test_a_creams_companion_says_its_ingredients_partners_are_their_tablets() -> None:
    """Review 30: a steroid + antifungal cream's companion page gave ketoconazole's "should
    not be taken together" list without saying it is the tablets'."""
    line = "Ketoconazole + Clobetasol Cream"
    page = _pages(line)[line]
    sec = next(s for s in page.sections if s.id == "interactions")
    bands = [st for st in sec.statements if st.companion and st.refs]
    assert bands and all("(when taken by mouth or injected)" in (st.label or "")
                         for st in bands)
    tablets = _pages("Ketoconazole Tablets")["Ketoconazole Tablets"]
    sec = next(s for s in tablets.sections if s.id == "interactions")
    assert not any("when taken by mouth" in (st.label or "") for st in sec.statements)
