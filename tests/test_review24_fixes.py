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
