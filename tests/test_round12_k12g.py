"""Round 12 (session 10, k12g): product-level rows for fixed-dose combinations.

Behaviour checks on the shipped pages: each fails without this round's rows. The
combination uses and key messages are read at page-build time; the ornidazole use row
reaches a page only through the knowledge base, so that test needs the KB text regenerated
after the merge."""

from __future__ import annotations

from pagekit import shipped_pages


def _key_facts(page, label: str) -> list[str]:
    return [st.text for s in page.sections if s.id == "key-facts" for st in s.statements
            if (st.label or "") == label]


def test_combination_uses_lead_the_key_facts() -> None:
    pages = shipped_pages("Nebivolol + Amlodipine", "Ofloxacin + Hypromellose")
    assert _key_facts(pages["Nebivolol + Amlodipine"], "Used for") == ["High blood pressure."]
    used = " ".join(_key_facts(pages["Ofloxacin + Hypromellose"], "Used for"))
    assert "conjunctivitis" in used and "cornea" in used
    assert "dry, sore" not in used  # the thickener's own use no longer leads


def test_the_unapproved_five_ingredient_cream_says_so_first() -> None:
    name = "Ketoconazole + Clioquinol + Tolnaftate + Neomycin + Clobetasol Propionate"
    first = _key_facts(shipped_pages(name)[name], "Most important")[0]
    assert first.startswith("In 2025 India's drug regulator listed this cream as unapproved")


def test_nimesulide_combinations_warn_against_more_than_15_days() -> None:
    pages = shipped_pages("Nimesulide + Chlorzoxazone", "Nimesulide + Paracetamol")
    for name, page in pages.items():
        assert any(m.startswith("Never take it for more than 15 days")
                   for m in _key_facts(page, "Most important")), name


def test_ornidazole_lists_its_vaginal_tablet_use() -> None:
    """Needs the regenerated KB text (leaflet rows)."""
    page = shipped_pages("Ornidazole")["Ornidazole"]
    usage = " ".join(f"{st.label or ''} {st.text}" for s in page.sections if s.id == "usage"
                     for st in s.statements).lower()
    assert "vaginal infections" in usage
