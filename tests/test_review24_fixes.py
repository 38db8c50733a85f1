"""Generic defects review 24 (sample V) found on pages, each a rule that would have failed."""

from __future__ import annotations

from apothecary.writers.wording import names_a_use
from pagekit import section_pairs, shipped_pages


def test_an_approval_that_names_only_a_kind_is_not_a_use() -> None:
    """Review 24: paramethasone's first line was "Approved in India for: Corticosteroid."."""
    for kind in ("Corticosteroid", "A corticosteroid.", "Laxative.", "Muscle relaxant",
                 "Vitamin preparation.", "Mineral supplement.", "Antacid."):
        assert not names_a_use(kind), kind
    for use in ("Corticosteroid responsive dermatoses.", "Laxative for bowel preparation",
                "Vitamin D deficiency", "Muscle spasm"):
        assert names_a_use(use), use
    page = shipped_pages("Paramethasone")["Paramethasone"]
    assert not any("Corticosteroid." == t for _, t in section_pairs(page, "key-facts"))


def test_a_combinations_serious_signs_say_one_sign_once() -> None:
    """Cefixime + dicloxacillin's first screen read "Watery or bloody diarrhoea, with or
    without stomach cramps; severe or bloody diarrhoea" (each ingredient's wording)."""
    line = "Cefixime + Dicloxacillin"
    page = shipped_pages(line)[line]
    signs = next(t for label, t in section_pairs(page, "key-facts")
                 if label.startswith("Get help"))
    assert signs.casefold().count("diarrhoea") == 1


def test_a_rarely_used_partner_comes_after_everyday_ones() -> None:
    """Lindane (a lice lotion hardly used now) took a top interaction slot on vortioxetine."""
    page = shipped_pages("Vortioxetine")["Vortioxetine"]
    main = [label for s in page.sections if s.id == "interactions" for st in s.statements
            if not st.companion for label in [st.label or ""]]
    assert main and not any("Lindane" in label for label in main[:5])


def test_sorbitol_is_a_syrups_base_beside_several_actives_only() -> None:
    """An iron tonic's first line was sorbitol's "As a laxative, do not use it for more than a
    week": beside two or more actives sorbitol is the syrup's base (not described), beside one
    it may be the laxative itself, and alone it is the laxative."""
    from apothecary.knowledge.default import open_kb
    from apothecary.names.resolve import Resolver

    resolver = Resolver(open_kb())
    tonic = resolver.resolve(1, "Ferrous Fumarate + Folic Acid + Cyanocobalamin + Sorbitol")
    assert tonic.status.value == "resolved"
    assert [i.name for i in tonic.ingredients] == ["ferrous fumarate", "folic acid",
                                                    "cyanocobalamin"]
    pair = resolver.resolve(2, "Lactulose + Sorbitol")
    assert "sorbitol" in [i.name for i in pair.ingredients]
    alone = resolver.resolve(3, "Sorbitol")
    assert [i.name for i in alone.ingredients] == ["sorbitol"]


def test_every_calcium_salt_has_a_kind() -> None:
    """Review 24: "Calcium Citrate is a medicine" and no kind on a calcium combination."""
    line = "Calcitriol + Calcium Citrate + Zinc Sulphate"
    kinds = dict(section_pairs(shipped_pages(line)[line], "key-facts"))["Kind of medicine"]
    assert "Calcium Citrate: calcium supplement" in kinds


def test_a_use_that_starts_with_alongside_reads_as_a_sentence() -> None:
    """Review 24: "is used for alongside other treatment for thinning bones"."""
    from apothecary.monographs.model import Item
    from apothecary.writers.wording import use_sentence

    said = use_sentence("Calcium", Item(text="alongside other treatment for thinning bones"))
    assert said == "Calcium is used alongside other treatment for thinning bones."


# -- review 25 (sample W) ---------------------------------------------------------------------
def test_a_knowledge_base_name_with_its_own_brackets_resolves_whole() -> None:
    """"Varicella Zoster Vaccine (Live/attenuated)" had no page although the knowledge base
    names it exactly so: the bracket was read as another name."""
    from apothecary.knowledge.default import open_kb
    from apothecary.names.resolve import Resolver

    entry = Resolver(open_kb()).resolve(1, "Varicella Zoster Vaccine (Live/attenuated)")
    assert entry.status.value == "resolved"
    assert entry.ingredients[0].name == "varicella zoster vaccine (live/attenuated)"


def test_two_reviewed_rows_of_one_urgent_sign_are_one_line() -> None:
    """Crizotinib's first screen: "dizziness, fainting or a slow heartbeat; … a slow
    heartbeat, dizziness or fainting" (its own row and its class's)."""
    page = shipped_pages("Crizotinib")["Crizotinib"]
    signs = [t for s in page.sections if s.id == "side-effects" for st in s.statements
             if (st.label or "").startswith("Get medical help") for t in [st.text]]
    said = " ".join(signs).casefold()
    assert "fainting" in said and said.count("fainting") <= 1 and said.count("heartbeat") <= 1


def test_an_antidepressant_is_not_listed_for_bipolar_disorder() -> None:
    page = shipped_pages("Doxepin")["Doxepin"]
    said = " ".join(f"{st.label} {st.text}" for s in page.sections for st in s.statements
                    if s.id == "usage")
    assert "bipolar" not in said.casefold() and "depression" in said.casefold()


def test_gtn_gives_its_second_dose_and_ambulance_rule_first() -> None:
    """Review 25: every GTN leaflet's one action rule was missing."""
    page = shipped_pages("Glyceryl Trinitrate")["Glyceryl Trinitrate"]
    most = [t for label, t in section_pairs(page, "key-facts") if label == "Most important"]
    assert any("ambulance" in t for t in most) and any("sildenafil" in t for t in most)


def test_register_rows_that_name_no_use_for_people_never_lead_a_first_screen() -> None:
    """k21c's scan of the 600 commonest medicines: "Neuroleptic agent." (trifluperidol),
    "For Expert only." (asiaticoside), "To cancer hospitals or institution …"
    (trofosfamide), "For use as sweetner in drug formulations." (sucralose) and a dry cow
    therapy (cefalonium) led first screens as "Approved in India for"."""
    from apothecary.writers.wording import names_a_use

    for text in ("Neuroleptic.", "Neuroleptic agent.", "For Expert only.",
                 "To cancer hospitals or institution and against prescription of cancer "
                 "specialists.", "For use as sweetner in drug formulations.",
                 "For routine dry cow therapy to treat existing sub-clinical infections."):
        assert not names_a_use(text), text
    for text in ("For hospital-acquired pneumonia.", "Treatment of neuroleptic-induced "
                 "parkinsonism", "Indicated in the treatment of lymphosarcoma."):
        assert names_a_use(text), text


def test_a_register_character_lost_in_re_encoding_is_left_out() -> None:
    """Review 30 quoted "For â??treatment of …" from regorafenib's first screen: CDSCO's file
    lost a character (a quote or a dash) in a bad re-encoding."""
    from apothecary.writers.wording import approval_text

    assert approval_text("For â??treatment of locally advanced cancer") == \
        "For treatment of locally advanced cancer"
    assert approval_text("ALK â?? positive") == "ALK positive"
    assert approval_text("For the treatment of gout.") == "For the treatment of gout."
