"""Generic defects review 21 (sample R) found on pages, each a rule that would have failed."""

from __future__ import annotations

from apothecary.models import Page
from apothecary.monographs.key_facts import _line
from apothecary.monographs.model import Item
from apothecary.monographs.uses import product_forms
from apothecary.writers.sections import _salt_of
from apothecary.writers.wording import use_sentence
from pagekit import shipped_pages

CREAM = "Clioquinol + Clobetasol + Dexpanthenol + Ketoconazole + Neomycin + Tolnaftate"


def _texts(page: Page, section: str, detail: bool = False) -> list[str]:
    return [f"{st.label or ''}: {st.text}" for s in page.sections if s.id == section
            for st in s.statements if detail or not st.companion]


def test_a_mouthwash_is_not_a_liquid_to_swallow() -> None:
    """Chlorhexidine's oral DDD is its mouthwash's (A01AB03): "Forms: tablets or liquid to
    swallow" invited swallowing an antiseptic."""
    assert "tablets or liquid to swallow" not in product_forms("A01AB03", ["O.mouth"])
    assert "tablets or liquid to swallow" in product_forms("A07AA02", ["O"])  # swallowed
    page = shipped_pages("Chlorhexidine")["Chlorhexidine"]
    forms = " ".join(t for t in _texts(page, "usage", detail=True) if t.startswith("Forms"))
    assert forms and "to swallow" not in forms


def test_only_a_salt_or_hydrate_is_called_one() -> None:
    assert _salt_of("metformin hydrochloride") and _salt_of("Levothyroxine Sodium Pentahydrate")
    assert not _salt_of("glucose-1-phosphate")  # another compound, an ester of glucose
    assert not _salt_of("pyridoxal 5'-phosphate")
    faqs = shipped_pages("Glucose")["Glucose"].faqs
    assert not [f for f in faqs if "phosphate" in f.question.casefold()]


def test_the_other_name_asked_about_is_the_closest_spelling() -> None:
    """Daunorubicin's FAQ asked "the same as Acetyladriamycin?": adriamycin is doxorubicin."""
    faqs = shipped_pages("Daunorubicin")["Daunorubicin"].faqs
    asked = [f.question for f in faqs if "the same as" in f.question]
    assert asked and not any("adriamycin" in q.casefold() for q in asked)


def test_how_it_works_never_names_the_line_twice() -> None:
    line = "Lecithin + Silymarin + Vitamin B6 (Pyridoxine) + Glutathione"
    page = shipped_pages(line)[line]
    how = " ".join(_texts(page, "how-it-works", detail=True))
    assert "Vitamin B6 is a form of vitamin B6" not in how
    assert "Pyridoxine is a form of vitamin B6" in how


def test_a_cut_key_line_never_leaves_a_bracket_open() -> None:
    long = Item(text="Feeling faint, wheezing, a rash or swelling during or after the injection "
                "or drip (a severe allergic reaction, which can happen with any dose)",
                key="x", fact_ids=["f"])
    st = _line("Get help at once if you have", [long])
    assert st is not None and st.text.endswith("…")
    assert st.text.count("(") == st.text.count(")")


def test_a_dataset_use_a_reviewed_use_restates_is_left_out() -> None:
    page = shipped_pages("Lansoprazole")["Lansoprazole"]
    labels = [st.label for s in page.sections if s.id == "usage" for st in s.statements]
    assert "Heartburn and acid reflux (GORD)" in labels
    assert "Acid reflux (GORD)" not in labels


def test_a_use_starting_with_a_preposition_is_not_used_for() -> None:
    item = Item(text="in a drip, to give fluid and energy (calories)", key="x", fact_ids=[])
    assert use_sentence("Glucose", item) == \
        "Glucose is used in a drip, to give fluid and energy (calories)."
    assert use_sentence("Glucose", item.model_copy(update={"text": "low blood sugar"})) == \
        "Glucose is used for low blood sugar."


def test_a_cream_shows_no_tablets_warning_or_alcohol_rule_first() -> None:
    """A steroid + antifungal + antibiotic cream showed "Get help at once … (with neomycin
    tablets)" on the first screen, and "Avoid alcohol" (oral ketoconazole's) as a main
    interaction and an FAQ."""
    page = shipped_pages(CREAM)[CREAM]
    first = " ".join(_texts(page, "key-facts"))
    assert "tablets" not in first
    assert not [t for t in _texts(page, "interactions") if t.startswith("Alcohol")]
    assert not [f for f in page.faqs if "alcohol" in f.question.casefold()]
    # the cream's own messages lead; at most three first-screen lines (session 12), the
    # rest in the safety section
    assert "Use it only if a doctor advised it" in first
    assert any("For use on the skin only" in t for t in _texts(page, "safety"))


def test_an_unchecked_infection_use_never_reaches_a_cancer_medicine() -> None:
    """DrugCentral gives vindesine (a vinca cancer medicine, L01CA) only antibiotic
    indications: ear, skin and chlamydia infections were its "Used for" (round 12)."""
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.uses import select_uses

    def use(n: str, value: str, source: str = "drugcentral") -> Fact:
        return Fact(id=f"u{n}", drug_id="D", kind=FactKind.USE, value=value, plain=value,
                    source_id=source, locator=f"row {n} (uncorroborated)",
                    licence="CC BY-SA 4.0")

    facts = [use("1", "Acute Otitis Media Infection"),
             use("2", "Skin and Skin Structure Infection"),
             use("3", "Hodgkin's disease")]
    # (another vinca: vindesine's own DrugCentral uses are all hidden since round 28, k28b)
    texts = [i.text.casefold() for i in select_uses(facts, name="vinflunine", atc="L01CA05")]
    assert texts and not [t for t in texts if "infection" in t]
    kept = select_uses(facts, name="cefalexin", atc="J01DB01")  # an antibiotic keeps them
    assert any("infection" in i.text.casefold() for i in kept)
    noninf = select_uses([use("4", "Noninfectious Uveitis")], name="voclosporin", atc="L04AD03")
    assert [i.text for i in noninf]


def test_a_label_section_saying_none_is_no_fact() -> None:
    from apothecary.knowledge.labels import label_facts
    got = label_facts({"contraindications": ["4 CONTRAINDICATIONS None. None (4)"],
                       "warnings_and_cautions": ["5 WARNINGS AND PRECAUTIONS New primary "
                                                 "cutaneous malignancies can occur."]}, "rx")
    assert [f.kind for f in got if f.plain.startswith("None")] == []


def test_a_reassuring_overdose_answer_is_never_most_important() -> None:
    """Thiamine's own "has not been shown to cause harm" (round 12) led its first screen as
    "Most important"; an overdose answer that names a danger still leads."""
    page = shipped_pages("Thiamine", "Ferrous Sulfate")
    thiamine = [st for s in page["Thiamine"].sections if s.id == "key-facts"
                for st in s.statements if "cause harm" in st.text]
    assert all(st.label == "If you take too much" for st in thiamine)
    iron = [st.label for s in page["Ferrous Sulfate"].sections if s.id == "key-facts"
            for st in s.statements if "too much" in st.text.casefold()]
    assert "Most important" in iron


def test_supplements_and_growth_hormone_never_lead_a_diabetes_medicines_interactions() -> None:
    """Teneligliptin's and rosiglitazone's main interactions were "Somatropin", "Chromium
    Picolinate", "Silymarin", "Thioctic Acid" (reviews 20 and 21): group records, not the
    label's warnings; they now come after every everyday medicine (rare_partners.txt)."""
    fillers = {"Somatropin", "Chromium Picolinate", "Silymarin", "Thioctic Acid"}
    page = shipped_pages("Teneligliptin")["Teneligliptin"]
    labels = [st.label or "" for s in page.sections if s.id == "interactions"
              for st in s.statements if not st.companion and st.refs]
    assert labels and not any(n in labels[0] for n in fillers)


def test_a_tablets_hay_fever_use_is_not_the_eye_drops() -> None:
    """Cetirizine (R06AE07, S01GX12): the NHS tablets' "hay fever and other allergies,
    including red, itchy eyes" was labelled "(as eye drops or eye ointment)" and left its
    first place; ketotifen's allergic conjunctivitis is still its eye drops' (round 12)."""
    pages = shipped_pages("Cetirizine", "Ketotifen")
    first = [st.label for s in pages["Cetirizine"].sections if s.id == "usage"
             for st in s.statements]
    assert first[0] == "Hay fever and other allergies, including red, itchy eyes"
    ketotifen = [st.label or "" for s in pages["Ketotifen"].sections if s.id == "usage"
                 for st in s.statements]
    assert any("(as eye drops" in t for t in ketotifen)


def test_a_piles_cream_gets_no_cold_medicines_class_warning() -> None:
    """Phenylephrine has no code of the skin's (it is a nose and cold medicine): on a piles
    cream its class's "Do not give cough and cold medicines to children under 2" led the
    first screen (fc14d); its own messages stay, the cream's own lead."""
    line = "Phenylephrine (0.25% w/w) + Beclometasone (0.025% w/w) + Lidocaine (2.5% w/w)"
    page = shipped_pages(line)[line]
    first = " ".join(_texts(page, "key-facts"))
    assert "children under 2" not in first
    assert "piles" in first.casefold()


def test_an_approval_a_later_order_withdrew_is_never_shown() -> None:
    """CDSCO's register still lists buclizine "As appetite stimulant" (Sr.No 3278, 2006) and
    terfenadine (Sr.No 1825, 1990); India withdrew the one use in 2018 and banned the other
    in 2002 (fact check 14e). They are not imported; the ban is said by a reviewed message."""
    from apothecary.knowledge.sources.cdsco import withdrawn
    rows = withdrawn()
    assert "3278" in rows and "1825" in rows
    page = shipped_pages("Buclizine")["Buclizine"]
    text = " ".join(t for s in ("usage", "key-facts") for t in _texts(page, s, detail=True))
    assert "appetite stimulant" not in text.casefold()
    assert "banned that use" in text  # the reviewed message says why


def test_a_medicine_only_given_by_staff_has_no_taken_too_much_line() -> None:
    """Hospital drips read "If someone may have taken too much, get medical help at once"
    (review 22: pemetrexed, amphotericin B, hydroxyethyl starch)."""
    pages = shipped_pages("Ceftriaxone", "Hydroxyethyl Starch", "Heparin")

    def overdose(name: str) -> str:
        return next(t for t in _texts(pages[name], "safety", detail=True)
                    if t.startswith("Overdose"))

    for name in ("Ceftriaxone", "Hydroxyethyl Starch"):  # WHO routes; a drip group
        assert "given by a doctor or nurse" in overdose(name), name
        assert "taken too much" not in overdose(name), name
    assert "taken too much" in overdose("Heparin")  # it also comes as a gel


def test_a_vaginal_products_message_is_detail_on_a_skin_cream() -> None:
    """Beclometasone + clotrimazole cream showed "Clotrimazole used in or around the vagina
    can damage latex condoms" on its main page (review 22); plain clotrimazole keeps it."""
    pages = shipped_pages("Beclometasone + Clotrimazole", "Clotrimazole")
    cream = _texts(pages["Beclometasone + Clotrimazole"], "safety")
    assert not [t for t in cream if "condoms" in t]
    assert [t for t in _texts(pages["Beclometasone + Clotrimazole"], "safety", detail=True)
            if "condoms" in t]
    assert [t for t in _texts(pages["Clotrimazole"], "safety") if "condoms" in t]


def test_the_serious_reactions_list_is_not_repeated_in_the_safety_section() -> None:
    """Flecainide's "Get medical help at once if you have" list was on its main page three
    times: key facts, safety and side effects (review 22)."""
    page = shipped_pages("Flecainide")["Flecainide"]
    where = [s.id for s in page.sections for st in s.statements
             if (st.label or "").startswith(("Get medical help at once", "Get help at once"))
             and not st.companion]
    assert sorted(where) == ["key-facts", "side-effects"]


def test_a_self_injected_medicine_is_never_said_to_be_given_by_staff() -> None:
    """Pens and syringes people use at home (self_injected.txt): the hospital-drip wording
    must not reach dulaglutide, enoxaparin or adalimumab."""
    import csv

    from apothecary.monographs import rules
    pages = shipped_pages("Dulaglutide", "Enoxaparin", "Adalimumab")
    for name, page in pages.items():
        text = " ".join(_texts(page, "safety", detail=True))
        assert "given by a doctor or nurse" not in text, name
    kb = rules.DATA.parents[1] / "data" / "kb" / "drugs.tsv"
    with kb.open(encoding="utf-8", newline="") as fh:
        codes = " ".join(r["atc"] for r in csv.DictReader(fh, delimiter="\t",
                                                         quoting=csv.QUOTE_NONE)).split()
    for prefix in rules._self_injected():  # every row names a real WHO ATC group
        assert any(c.startswith(prefix) for c in codes), prefix


def test_a_lactobacillus_line_has_a_page() -> None:
    """"Amoxycillin + Lactobacillus" had no page (review 23): the probiotic was an unknown
    ingredient, so amoxicillin's penicillin-allergy warning never reached the reader. The
    probiotic is a reviewed supplement identity (NCCIH fact sheet), never a guessed strain."""
    line = "Amoxycillin + Lactobacillus"
    page = shipped_pages(line)[line]
    first = " ".join(_texts(page, "key-facts"))
    assert "penicillin" in first and "probiotic" in first


def test_an_aminoglycosides_injection_warning_is_not_labelled_as_tablets() -> None:
    """Tobramycin's first screen read "Most important (tablets or liquid to swallow): It can
    harm the kidneys and the hearing": it is never swallowed (review 23)."""
    page = shipped_pages("Tobramycin")["Tobramycin"]
    labels = [st.label or "" for s in page.sections if s.id == "key-facts"
              for st in s.statements]
    assert not [x for x in labels if "swallow" in x]
    # round 18: its eye drops' own rows lead; the kidney and hearing warning, wherever it
    # is shown, says it is the injection's
    said = [f"{st.label} {st.text}" for s in page.sections if s.id in ("key-facts", "safety")
            for st in s.statements if "kidneys" in st.text and "hearing" in st.text]
    assert said and all("injection" in t for t in said)
