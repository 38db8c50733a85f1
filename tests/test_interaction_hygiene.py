"""Issue 10, review 7: the main page's interactions are ones a reader can act on."""

from __future__ import annotations

from apothecary.models import Fact, FactKind
from apothecary.monographs import partner_rules, rules
from apothecary.monographs.interactions import FALLBACK_PARTNERS, select_partners


def _ix(other: str, severity: str, scope: str = "pair", source: str = "ansm") -> Fact:
    return Fact(id=f"f-{other}", drug_id="DX", kind=FactKind.INTERACTION, value=other,
                plain=other, source_id=source, locator="r", licence="x", other_id=other,
                severity=severity, scope=scope)


def _main(facts: list[Fact], atc: str = "", codes: dict[str, str] | None = None) -> list[str]:
    partners = select_partners(facts, set(), lambda i, n: n, lambda i: 0, atc,
                               lambda i: (codes or {}).get(i, ""))
    return [p.other_id or "" for p in partners if p.main]


def test_minor_pairs_never_reach_the_main_page() -> None:
    """Heparin, vitamin E: ONC non-interruptive pairs filled the page with "Minor
    interaction: Warfarin can change how Vitamin E works"."""
    minor = [_ix(o, "minor", source="onc") for o in ("warfarin", "apixaban", "atorvastatin")]
    assert _main(minor) == []
    partners = select_partners(minor, set(), lambda i, n: n, lambda i: 0)
    assert {p.other_id for p in partners} == {"warfarin", "apixaban", "atorvastatin"}  # kept
    assert _main([*minor, _ix("zzcompound", "major")]) == ["zzcompound"]


def test_a_filler_is_never_an_interacting_medicine() -> None:
    """Fexofenadine listed "Crospovidone" (ANSM groups it with the antacids)."""
    assert "crospovidone" in partner_rules.excipients()
    facts = [_ix("crospovidone", "moderate", "class"), _ix("magnesium hydroxide", "moderate",
                                                          "class")]
    partners = select_partners(facts, set(), lambda i, n: n, lambda i: 0)
    assert [p.other_id for p in partners] == ["magnesium hydroxide"]


def test_everyday_classes_count_by_atc_code() -> None:
    """An antacid or an SSRI not named in common_partners.txt still leads a rare medicine
    at the same level, by its class row."""
    assert partner_rules.everyday_rank("zzantacid", "A02AB01") is not None
    assert partner_rules.everyday_rank("zzantacid", "") is None
    assert partner_rules.everyday_rank("warfarin") is not None
    facts = [_ix(f"zzcompound{i}", "moderate", "class") for i in range(FALLBACK_PARTNERS + 1)]
    main = _main([*facts, _ix("zzssri", "moderate", "class")], codes={"zzssri": "N06AB99"})
    assert main[0] == "zzssri" and len(main) == 1  # group level: the everyday one only
    # with nothing everyday, a few group-level ones still show
    assert len(_main(facts)) == FALLBACK_PARTNERS


def test_usual_co_prescriptions_are_no_danger_unless_the_pair_is_rated_high() -> None:
    """A gliptin page led with telmisartan and losartan (ANSM's family record); a thiazide
    page listed them as interactions."""
    codes = {"telmisartan": "C09CA07", "losartan": "C09CA01", "zzcompound": "N99ZZ01"}
    facts = [_ix("telmisartan", "major", "class"), _ix("losartan", "moderate", "class"),
             _ix("zzcompound", "major", "class")]
    assert _main(facts, "A10BH05", codes) == ["zzcompound"]
    assert _main(facts, "C03AA03", codes) == ["zzcompound"]  # a thiazide
    assert set(_main(facts, "N02BE01", codes)) == set(codes)  # not a usual partner
    # the source rates that very pair high: shown
    assert "telmisartan" in _main([_ix("telmisartan", "contraindicated")], "A10BH05", codes)
    assert partner_rules.usual_pair("C09CA07", "A10BH05")
    assert partner_rules.usual_pair("A10BH05", "C09CA07")
    assert not partner_rules.usual_pair("C09CA07", "N06AB04")


def test_main_partners_come_first_in_their_own_order() -> None:
    """The page lists the main ones in rank order: contraindicated, everyday serious, other
    serious, everyday group level, rare."""
    facts = [_ix("cinacalcet", "contraindicated"), _ix("zzcompound", "major"),
             _ix("ibuprofen", "major"), _ix("aceclofenac", "moderate", "class")]
    partners = select_partners(facts, set(), lambda i, n: n, lambda i: 0)
    assert [p.other_id for p in partners if p.main] == [
        "ibuprofen", "zzcompound", "aceclofenac", "cinacalcet"]
    assert [p.other_id for p in partners][:4] == [p.other_id for p in partners if p.main]


def test_rule_files_have_a_reason_on_every_row() -> None:
    for name in ("excipients.txt", "usual_pairs.txt"):
        rows = [ln for ln in (rules.DATA / name).read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.startswith("#")]
        assert rows and all(" | " in ln and ln.rsplit(" | ", 1)[1].strip() for ln in rows)
    assert all("https://" in ln for ln in (rules.DATA / "usual_pairs.txt").read_text(
        encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#"))


def test_a_combination_pushing_a_blood_value_both_ways_says_neither_on_the_main_page() -> None:
    """Telmisartan + chlorthalidone: "both can raise the potassium in your blood" read as
    if the thiazide, which lowers it, were not in the tablet."""
    assert partner_rules.opposing_words(["C09CA07", "C03BA04"]) == {"potassium"}
    assert partner_rules.opposing_words(["C09CA07"]) == frozenset()
    assert partner_rules.opposing_words(["C09CA07", "C09AA05"]) == frozenset()  # both raise it
    facts = [_ix("potassium chloride", "major"), _ix("zzcompound", "major")]
    loud = select_partners(facts, set(), lambda i, n: n, lambda i: 0)
    quiet = select_partners(facts, set(), lambda i, n: n, lambda i: 0,
                            quiet=frozenset({"potassium"}))
    assert {p.other_id for p in loud if p.main} == {"potassium chloride", "zzcompound"}
    assert [p.other_id for p in quiet if p.main] == ["zzcompound"]
    assert {p.other_id for p in quiet} == {"potassium chloride", "zzcompound"}  # kept


def test_combination_pages_leave_one_sided_potassium_lines_to_the_companion() -> None:
    """The monograph of an ingredient inside a combination is chosen with the other
    ingredients' classes in view."""
    from apothecary.models import Drug
    from apothecary.monographs.compose import MonographBuilder

    arb = Drug(id="DARB", name="zzsartan", display="Zzsartan", xrefs={"ATC": "C09CA99"})
    facts = [_ix("potassium chloride", "major"), _ix("zzcompound", "major")]
    codes = {"DTHZ": "C03AA99", "DSTAT": "C10AA99"}
    builder = MonographBuilder(lambda i: facts if i == "DARB" else [], lambda i, n: n,
                               lambda i: 0, atc_of=lambda i: codes.get(i, ""))
    alone = builder.monograph(arb)
    with_thiazide = builder.monograph(arb, ("DTHZ",))
    with_statin = builder.monograph(arb, ("DSTAT",))
    assert "potassium chloride" in [p.other_id for p in alone.partners if p.main]
    assert "potassium chloride" not in [p.other_id for p in with_thiazide.partners if p.main]
    assert "potassium chloride" in [p.other_id for p in with_statin.partners if p.main]


def test_class_signatures_name_what_the_class_is_known_for() -> None:
    """Review 7: low blood sugar missing for gliclazide, low potassium for thiazides."""
    for atc, term in (("A10BB09", "hypoglycaemia"), ("A10BH05", "hypoglycaemia"),
                      ("C03AA03", "hypokalaemia"), ("C03BA04", "hypokalaemia"),
                      ("B01AF01", "epistaxis")):
        sig = rules.signature_for("zzcompound", atc)
        assert sig is not None and term in sig[1] and sig[2].startswith("NHS"), atc


def test_a_page_whose_interactions_are_all_minor_says_so_and_shows_none(tiny_kb) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    """Vitamin E, heparin: "Minor interaction: Warfarin can change how Vitamin E works"
    filled the main page."""
    from apothecary.writers.base import PageRequest
    from apothecary.writers.template import TemplateWriter

    writer = TemplateWriter(tiny_kb)
    drug = "DB00316"
    minor = [Fact(id=f"f-m{n}", drug_id=drug, kind=FactKind.INTERACTION, value=o, plain=o,
                  source_id="onc", locator="onc_non_interruptive.csv row 1", licence="x",
                  other_id=f"DX{n}", severity="minor", scope="pair")
             for n, o in enumerate(("warfarin", "apixaban"))]
    facts = [f for f in writer.facts_of(drug) if f.kind != FactKind.INTERACTION] + minor

    def facts_of(drug_id: str) -> list[Fact]:
        return facts if drug_id == drug else []

    writer.facts_of = facts_of  # type: ignore[method-assign]
    writer.monographs.facts_of = facts_of
    page = writer.write_pages([PageRequest(key=drug, drugs=[tiny_kb.drug(drug)], lines=[1],  # type: ignore[arg-type]  # noqa: E501
                                           names=[])])[0]
    ix = next(s for s in page.sections if s.id == "interactions").statements
    main = [st for st in ix if not st.companion and not st.label]  # alcohol stays
    assert len(main) == 1 and not main[0].fact_ids and "2 medicines" in main[0].text
    assert not any(st.refs for st in ix if not st.companion)  # no medicine on the main page
    assert "change how" not in " ".join(st.text for st in ix)
    companion = [st for st in ix if st.companion]
    assert {f.id for f in minor} == {i for st in companion for i in st.fact_ids}


def test_a_combination_names_a_shared_partner_once_on_its_main_page(tiny_kb) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    """Telmisartan + chlorthalidone showed lithium twice, one line per ingredient."""
    from apothecary.writers.base import PageRequest
    from apothecary.writers.template import TemplateWriter

    writer = TemplateWriter(tiny_kb)
    ids = ("DB00316", "DB00945")

    def ix(drug: str) -> Fact:
        return Fact(id=f"f-{drug}-zz", drug_id=drug, kind=FactKind.INTERACTION,
                    value="zzcompound", plain="zzcompound", source_id="ansm", locator="r",
                    licence="x", other_id="DXZZ", severity="major", scope="pair")

    def facts_of(drug_id: str) -> list[Fact]:
        return [ix(drug_id)] if drug_id in ids else []

    writer.facts_of = facts_of  # type: ignore[method-assign]
    writer.monographs.facts_of = facts_of
    page = writer.write_pages([PageRequest(key="+".join(ids), drugs=[tiny_kb.drug(i) for i in ids],  # type: ignore[arg-type]  # noqa: E501
                                           lines=[1], names=[])])[0]
    ix_section = next(s for s in page.sections if s.id == "interactions").statements
    main = [st for st in ix_section if not st.companion and "DXZZ" in st.refs]
    assert len(main) == 1
    rest = [st for st in ix_section if st.companion and "DXZZ" in st.refs]
    assert len(rest) == 1  # the other ingredient's pair stays, on the companion page


def test_medicines_that_share_what_happens_share_a_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    """Acenocoumarol: five NSAIDs filled the main page while miconazole and aspirin sat on
    the companion page; metformin: five X-ray dyes."""
    import apothecary.monographs.interactions as ix

    bleed = "Together they make bleeding more likely."
    monkeypatch.setattr(ix, "class_effect",
                        lambda fs: bleed if list(fs)[0].value.startswith("nsaid") else "")
    facts = [_ix(f"nsaid{n}", "major", "class") for n in range(ix.SHARED_LINE + 1)]
    facts += [_ix(f"zzother{n}", "major", "class") for n in range(ix.MAIN_PARTNERS)]
    main = [p for p in select_partners(facts, set(), lambda i, n: n, lambda i: 0) if p.main]
    assert len([p for p in main if p.effect == bleed]) == ix.SHARED_LINE  # one line
    assert len([p for p in main if p.effect != bleed]) == ix.MAIN_PARTNERS - 1  # 4 reasons
    # without a shared reason, one medicine a line as before
    monkeypatch.setattr(ix, "class_effect", lambda fs: "")
    main = [p for p in select_partners(facts, set(), lambda i, n: n, lambda i: 0) if p.main]
    assert len(main) == ix.MAIN_PARTNERS
