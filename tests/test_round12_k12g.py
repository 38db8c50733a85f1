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


def test_the_five_ingredient_cream_leads_with_its_steroid_warning() -> None:
    """Fact check 14 (fc14f) deleted the row saying CDSCO listed this cream as unapproved
    (11 April 2025 letter, seen only in third-party copies): the page leads with the skin
    steroid + antifungal warning instead, and claims no regulatory status."""
    name = "Ketoconazole + Clioquinol + Tolnaftate + Neomycin + Clobetasol Propionate"
    important = _key_facts(shipped_pages(name)[name], "Most important")
    assert important[0].startswith("Use it only if a doctor advised it: its steroid can worsen")
    assert not any("unapproved" in m or "regulator" in m for m in important)


def test_nebivolol_with_s_amlodipine_has_its_own_cdsco_row() -> None:
    """Sr.No 588 is nebivolol + S-amlodipine (levamlodipine), not amlodipine (fc14f)."""
    pages = shipped_pages("Nebivolol + S-Amlodipine")
    page = pages["Nebivolol + S-Amlodipine"]
    assert _key_facts(page, "Used for") == ["High blood pressure."]
    sources = " ".join(st.text for s in page.sections if s.id == "usage" for st in s.statements)
    assert "Sr.No 588" in sources and "Sr.No 512" not in sources


def test_nimesulide_combinations_warn_against_more_than_15_days() -> None:
    # (session 18) nimesulide's own row, so every product with it says so, not three
    pages = shipped_pages("Nimesulide + Chlorzoxazone", "Nimesulide + Paracetamol",
                          "Caffeine + Cetirizine + Nimesulide + Paracetamol + Phenylephrine")
    for name, page in pages.items():
        main = [st.text for s in page.sections if s.id in ("key-facts", "safety")
                for st in s.statements if not st.companion
                and (st.label or "").startswith("Most important (Nimesulide)")]
        assert any(m.startswith("Never take nimesulide for more than 15 days")
                   for m in main), name
    assert any(m.startswith("Never take nimesulide for more than 15 days") for m in _key_facts(
        pages["Nimesulide + Paracetamol"], "Most important (Nimesulide)"))


def test_ornidazole_lists_its_vaginal_tablet_use() -> None:
    """Needs the regenerated KB text (leaflet rows)."""
    page = shipped_pages("Ornidazole")["Ornidazole"]
    usage = " ".join(f"{st.label or ''} {st.text}" for s in page.sections if s.id == "usage"
                     for st in s.statements).lower()
    assert "vaginal infections" in usage
