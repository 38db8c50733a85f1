"""The monograph stage's rules, on the hand-made tiny KB (tests/fixtures/tiny_kb.sql)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Drug, Fact, FactKind, LicenceClass, Page, Section
from apothecary.monographs import MonographBuilder, rules
from apothecary.monographs.key_facts import KEY_MAX, key_facts
from apothecary.monographs.model import Item
from apothecary.monographs.safety import SHORT_MAX
from apothecary.monographs.side_effects import route_only
from apothecary.monographs.uses import select_uses
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter

ALL_PAGES = [("DB00316",), ("DB01060",), ("DB00766",), ("DB00331",), ("DB00682",),
             ("DB00945",), ("DB00557",), ("DB01275",), ("DB01001",), ("DB01060", "DB00766"),
             ("DB00316", "DB00945"), ("DB00331", "DB01275", "DB01001")]


def write(kb: KnowledgeBase, *ids: str, names: list[str] | None = None) -> Page:
    drugs = [kb.drug(i) for i in ids]
    req = PageRequest(key="+".join(sorted(ids)), drugs=drugs, lines=[1],  # type: ignore[arg-type]
                      names=names or [])
    return TemplateWriter(kb).write_pages([req])[0]


def section(page: Page, sid: str) -> Section:
    return next(s for s in page.sections if s.id == sid)


def test_rule_files_have_a_note_on_every_row() -> None:
    for name, columns in (("serious_terms.txt", 3), ("form_terms.txt", 3),
                          ("not_on_main.txt", 3), ("prevention.txt", 3),
                          ("same_ingredient.txt", 3)):
        lines = [ln for ln in (rules.DATA / name).read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
        assert lines and len(lines) == len(rules._rows(name, columns)), name
    for _, source in rules.same_ingredient().values():
        assert "https://" in source  # one public source each


def test_form_and_population_terms() -> None:
    assert rules.form_group("Injection site pain") == "injection"
    assert rules.form_group("Application site erythema") == "skin"
    assert rules.form_group("Necrotising enterocolitis neonatal") == "newborn"
    assert rules.form_group("Retinopathy of prematurity") == "premature"
    assert rules.form_group("Headache") is None
    assert route_only("injection", ["by injection"])
    assert not route_only("injection", ["by mouth", "by injection"])
    assert not route_only("injection", [])  # no route facts: never assume one


def test_form_terms_only_under_their_own_label(tiny_kb: KnowledgeBase) -> None:
    se = section(write(tiny_kb, "DB00316"), "side-effects")
    by_fact = {i: st for st in se.statements for i in st.fact_ids}
    assert by_fact["f-para-se-inj"].label == "With injections only (where the needle went in)"
    assert by_fact["f-para-se-nec"].label == "In newborn babies only"
    # review 6: the newborn is not the reader: companion detail, never the main page
    assert by_fact["f-para-se-nec"].companion
    # review 7: nor are a form's terms for a medicine with no route facts (its product may
    # well be a tablet): companion detail under their label
    assert by_fact["f-para-se-inj"].companion
    assert by_fact["f-para-se-creat"].label == "Changes in blood and other tests"
    assert by_fact["f-para-se-creat"].companion
    # hydralazine here is only given by injection (a route fact): injection terms are general
    se = section(write(tiny_kb, "DB01275"), "side-effects")
    by_fact = {i: st for st in se.statements for i in st.fact_ids}
    assert by_fact["f-hydral-se-inj"].label == "Common"


def test_serious_reactions_get_their_own_list(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00316")
    help_lines = [st for s in page.sections for st in s.statements
                  if "f-para-se-ana" in st.fact_ids]
    by_label = {st.label: st for st in help_lines}
    assert set(by_label) == {"Get medical help at once if you have",
                             "Get help at once if you have"}
    # plain words, not the clinical term; a short sign in the key-facts box
    assert "severe allergic reaction (anaphylaxis)" in by_label[
        "Get medical help at once if you have"].text.casefold()
    assert by_label["Get help at once if you have"].text == "A severe allergic reaction."
    short, note = rules.serious_terms()["anaphylactic reaction"]
    assert short == "a severe allergic reaction" and "breathing" in note
    assert not any(rules.key(t) in rules.serious_terms() for t in ("Headache", "Rash"))


def test_class_records_never_say_never_take_together(tiny_kb: KnowledgeBase) -> None:
    salb = section(write(tiny_kb, "DB01001"), "interactions")
    st = next(st for st in salb.statements if "f-salb-x-met-class" in st.fact_ids)
    # the group is rated contraindicated: serious, but not "never together" for this pair
    assert st.text == ("Metformin and Salbutamol belong to groups of medicines that are usually "
                       "not taken together. Ask your doctor before taking both.")
    assert st.refs == ["DB00331"]
    assert "should not" not in " ".join(s.text for s in salb.statements)
    hydral = section(write(tiny_kb, "DB01275"), "interactions")
    st = next(st for st in hydral.statements if "f-hydral-x-met-pair" in st.fact_ids)
    assert "should not be taken together" in st.text and not st.companion


def test_prevention_is_worded_as_prevention(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00682")
    usage = section(page, "usage")
    texts = {i: st.text for st in usage.statements for i in st.fact_ids}
    assert texts["f-warf-use-stroke"] == "Warfarin is used to lower the risk of stroke."
    assert "to lower the risk of a heart attack" in texts["f-warf-use-mi"]
    assert not any("used for stroke" in t or "used for heart attack" in t for t in texts.values())


def test_key_uses_capped_at_three_and_lines_fit_a_phone() -> None:
    uses = [Item(text=t, fact_ids=[f"u{n}"]) for n, t in enumerate(
        ["pain", "fever", "headache", "toothache", "period pain"])]
    kf = key_facts(uses, [("X", Item(text="painkiller", fact_ids=["c"]))], [], [], [])
    used = next(st for st in kf if st.label == "Used for")
    assert used.text == "Pain, fever, headache." and used.fact_ids == ["u0", "u1", "u2"]
    long = [Item(text="a very long condition name " * 3, fact_ids=[str(n)]) for n in range(3)]
    line = key_facts(long, [], [], [], [])[0]
    assert len(f"{line.label}: {line.text}") <= KEY_MAX + 2 and len(line.fact_ids) == 1


@pytest.mark.parametrize("ids", ALL_PAGES)
def test_key_facts_on_every_page(tiny_kb: KnowledgeBase, ids: tuple[str, ...]) -> None:
    page = write(tiny_kb, *ids)
    kf = section(page, "key-facts")
    assert kf.title == "Key facts" and kf.statements
    for st in kf.statements:  # a safety message's first sentence, else a short line
        # (a combination's line names its ingredient: "Most important (Telmisartan)")
        if (st.label or "").split(" (")[0] in ("Most important", "Pregnancy"):
            assert len(st.text) <= SHORT_MAX
        else:
            assert len(st.text) + len(st.label or "") <= KEY_MAX + 2
    labels = [st.label for st in kf.statements]
    others = [label for label in labels if not (label or "").startswith("Most important")]
    assert len(others) == len(set(others))
    # one line each for up to three ingredients (two for a single medicine or a pair)
    assert sum((label or "").startswith("Most important") for label in labels) <= (
        3 if len(ids) >= 3 else 2)
    sf = section(page, "safety")
    assert sf.title == "Important safety information"


@pytest.mark.usefixtures("unanswered_hydralazine")
def test_not_covered_lines_are_plain_furniture(tiny_kb: KnowledgeBase,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from apothecary.monographs import safety
    # hydralazine's reviewed rows (NHS, round 18) left out: a medicine no source covers
    shipped = rules.key_messages()
    without = {k: v for k, v in shipped.items() if k != "hydralazine"}
    monkeypatch.setattr(rules, "key_messages", lambda: without)
    monkeypatch.setattr(safety, "key_messages", lambda: without)
    page = write(tiny_kb, "DB01275", names=["Apresoline"])
    sf = {st.label: st for st in section(page, "safety").statements}
    # hydralazine (hydroxyzine now has reviewed EMA pregnancy and breastfeeding rows):
    # three topics no source covers: one line, not three lines of boilerplate
    line = sf["Pregnancy, breastfeeding and overdose"]
    assert not line.fact_ids and line.text.startswith(
        "Our sources do not cover pregnancy, breastfeeding and overdose for Apresoline.")
    assert "ask a doctor or pharmacist" in line.text
    # the fixture's hydralazine is only injected (route P): nobody "may have taken too much"
    assert "given by a doctor or nurse" in line.text and "taken too much" not in line.text
    assert not {"Pregnancy", "Breastfeeding", "Overdose"} & set(sf)
    faqs = {q.question: q for q in page.faqs}
    assert not faqs["Can I take Apresoline if I am pregnant?"].fact_ids
    # paracetamol's label covers pregnancy and overdose; reviewed NHS rows answer pregnancy
    # and breastfeeding in plain words, so the label's pregnancy extract is companion detail
    sf2 = section(write(tiny_kb, "DB00316"), "safety").statements
    by_label = {st.label: st for st in sf2}
    assert by_label["Pregnancy (US label)"].companion
    assert not by_label["Pregnancy"].companion and "first choice" in by_label["Pregnancy"].text
    assert "Keep out of reach of children (US label)" in by_label
    # the label covers overdose, so no "not covered" line: an "Overdose" line is the
    # reviewed message (key_messages.txt), with its public source
    assert all("Source: NHS" in st.text for st in sf2 if st.label == "Overdose")
    assert "Source: NHS" in by_label["Breastfeeding"].text
    assert not any(st.text.startswith("Our sources do not cover") for st in sf2)
    faqs2 = {q.question: q.answer for q in write(tiny_kb, "DB00316").faqs}
    preg = next(a for q, a in faqs2.items() if "pregnant" in q)
    assert "US label" not in preg and "first choice" in preg
    bf = next(a for q, a in faqs2.items() if "breastfeeding" in q)
    assert "nhs.uk/medicines/paracetamol" in bf and "do not cover" not in bf


def test_label_extracts_verbatim_with_us_label(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00682")
    fact = tiny_kb.fact("f-warf-boxed")
    assert fact is not None
    st = next(st for st in section(page, "safety").statements if st.fact_ids == [fact.id])
    assert st.text == fact.plain and "US label" in (st.label or "")
    important = [s for s in section(page, "key-facts").statements
                 if s.label == "Most important"]
    # the reviewed NHS message leads the first screen (plain words), not the label's sentence
    assert important and important[0].text.startswith("It can cause serious bleeding")
    assert not important[0].fact_ids
    assert "f-warf-boxed" in {f.id for f in page.facts}


def test_same_ingredient_rule_and_liver(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00316", "DB00945")
    sf = section(page, "safety").statements
    same = [st for st in sf if st.label == "Same ingredient twice"]
    assert len(same) == 2 and "paracetamol" in same[0].text and "nhs.uk" in same[0].text
    liver = next(st for st in sf if "f-asa-dili" in st.fact_ids)
    assert "less concern" in liver.text and liver.ingredient == "Acetylsalicylic Acid"


def test_combination_uses_from_its_approval(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB01060", "DB00766")
    kf = section(page, "key-facts").statements[0]
    assert kf.label == "Approved in India for" and kf.fact_ids == ["f-amoxclav-approval"]
    usage = section(page, "usage").statements
    assert usage[0].fact_ids == ["f-amoxclav-approval"]
    assert not any("f-amox-use-inf" in st.fact_ids for st in usage)  # not each ingredient's
    # without the restricted CDSCO list: amoxicillin's uses, labelled as that one
    # ingredient's (clavulanic acid has none of its own; review 7)
    kb = KnowledgeBase(tiny_kb.path, allowed={LicenceClass.OPEN})
    page = write(kb, "DB01060", "DB00766")
    kf = section(page, "key-facts").statements[0]
    assert kf.label == "Amoxicillin, one of its ingredients, is used for"
    assert kf.fact_ids == ["f-amox-use-inf"]
    intro = section(page, "usage").intro or ""
    assert intro.startswith("What Amoxicillin, one of its ingredients, is used for")
    assert "do not say" not in intro


def test_combination_of_unrelated_ingredients_says_each_ones_use(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00331", "DB01275")  # nothing shared, no approval
    usage = section(page, "usage")
    # each ingredient's own use, never "our sources do not say" (review 7)
    assert usage.intro and usage.intro.startswith("What each ingredient of this medicine is")
    assert "do not say" not in usage.intro
    kf = section(page, "key-facts").statements[0]
    assert kf.label == "Its ingredients are used for"
    assert kf.text == "Metformin: type 2 diabetes; Hydralazine: high blood pressure."


def _use(fid: str, value: str, plain: str, source: str = "labeledin") -> Fact:
    return Fact(id=fid, drug_id="D", kind=FactKind.USE, value=value, plain=plain,
                source_id=source, locator="row", licence="x")


def test_uses_ranked_merged_and_prevention_worded() -> None:
    items = select_uses([
        _use("a", "Back Pain", "back pain"), _use("b", "Pain", "pain"),
        _use("c", "Period Pain", "period pain"),
        _use("d", "Depression", "depression"),
        _use("e", "Depressive Disorder", "depression (low mood)", "drugcentral"),
        _use("f", "Stroke", "stroke"),
    ])
    texts = [i.text for i in items]
    assert texts[0] == "depression (low mood)"  # two sources agree: it leads
    assert texts.index("pain") < texts.index("back pain")  # the use the others refine
    assert texts.index("pain") < texts.index("period pain")
    fever = [_use("g", "Fever", "fever"), _use("h", "Common Cold", "common cold")]
    assert [i.text for i in select_uses(fever)] == ["common cold", "fever"]
    assert [i.text for i in select_uses(fever, ["fever reducer"])] == ["fever", "common cold"]
    assert "depression (low mood)" in texts and "depression" not in texts  # one line
    merged = next(i for i in items if i.text == "depression (low mood)")
    assert sorted(merged.fact_ids) == ["d", "e"]
    assert "to lower the risk of stroke" in texts and "stroke" not in texts


def test_same_ingredient_rule_leads_the_key_facts(tiny_kb: KnowledgeBase) -> None:
    kb = KnowledgeBase(tiny_kb.path, allowed={LicenceClass.OPEN})  # no label facts shown
    kf = section(write(kb, "DB00945", names=["Aspirin"]), "key-facts").statements
    important = [st for st in kf if st.label == "Most important"]
    assert [st.text for st in important] == [  # its own reviewed message, then the rule
        "It can cause bleeding in the stomach: get medical help at once if you vomit blood or "
        "pass black stools.",
        "Do not take it with other medicines that contain aspirin or another "
        "anti-inflammatory painkiller (NSAID)."]
    para = section(write(kb, "DB00316"), "key-facts").statements  # a long rule: its first part
    assert any(st.label == "Most important" and st.text ==
               "Do not take it with any other medicine that contains paracetamol "
               "(acetaminophen)." for st in para)


_TEXT = hs.text(max_size=60)
_FACTS = hs.lists(hs.builds(
    Fact, id=hs.uuids().map(str), drug_id=hs.just("D1"), kind=hs.sampled_from(list(FactKind)),
    value=_TEXT, plain=_TEXT, source_id=hs.sampled_from(["sider", "ansm", "openfda", "x"]),
    locator=_TEXT, licence=hs.just("x"),
    other_id=hs.one_of(hs.none(), hs.sampled_from(["D1", "D2", "D3"])),
    severity=hs.one_of(hs.none(), hs.sampled_from(["contraindicated", "major", "less", "??"])),
    frequency=hs.one_of(hs.none(), hs.sampled_from(["common", "rare", "??"])),
    scope=hs.one_of(hs.none(), hs.sampled_from(["pair", "class", "otc", ""])),
), max_size=40)


@settings(max_examples=150, deadline=None)
@given(facts=_FACTS)
def test_any_facts_make_a_monograph_and_key_facts_that_fit(facts: list[Fact]) -> None:
    builder = MonographBuilder(lambda i: facts if i == "D1" else [],
                               lambda i, fallback: fallback or str(i), lambda i: 0)
    drug = Drug(id="D1", name="paracetamol", display="Paracetamol")
    m = builder.monograph(drug, ("D2",))
    assert all(p.other_id not in ("D1", "D2") for p in m.partners)
    assert sum(len(g.items) for g in m.main_effects) <= 8
    known = {f.id for f in facts}
    cited = [i for it in [*m.uses, *m.serious] for i in it.fact_ids]
    cited += [i for p in m.partners for i in p.fact_ids] + [i for s in m.safety for i in s.fact_ids]
    assert set(cited) <= known
    kinds = [("Paracetamol", m.kind)] if m.kind else []
    for line in key_facts(m.uses, kinds, m.safety, m.serious, [m]):
        assert len(line.text) <= KEY_MAX + 2 or not line.label  # the "little" line is fixed


def test_a_group_level_ranks_by_its_severity_but_never_reads_never_together() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.interactions import pair_level, select_partners

    def fact(fid: str, other: str, severity: str, scope: str) -> Fact:
        return Fact(id=fid, drug_id="DW", kind=FactKind.INTERACTION, value=other, plain=other,
                    source_id="ansm", locator="r", licence="x", other_id=other,
                    severity=severity, scope=scope)

    facts = [fact("a", "DMICO", "contraindicated", "class"),
             fact("b", "DESCI", "minor", "class"),
             fact("c", "DPARA", "moderate", "pair")]
    assert pair_level([facts[0]])[0] == "class-serious"
    assert pair_level([facts[1]])[0] == "class"
    assert pair_level([facts[0], facts[2]]) == ("moderate", [facts[2]])  # the pair's own
    partners = select_partners(facts, set(), lambda i, p: p, lambda i: 0)
    assert [(p.other_id, p.level, p.main) for p in partners] == [
        ("DMICO", "class-serious", True), ("DPARA", "moderate", True),
        ("DESCI", "class", False)]


def test_a_single_ingredients_india_approvals_never_lead_its_page(tiny_kb: KnowledgeBase) -> None:
    """CDSCO lists approvals of particular products: paracetamol's i.v. infusion approval once
    led a tablet's Usage; it is companion detail beside the medicine's own uses."""
    page = write(tiny_kb, "DB00316")
    usage = section(page, "usage")
    iv = next(st for st in usage.statements if "f-para-cdsco-iv" in st.fact_ids)
    assert iv.companion and iv.label == "Approved in India for"
    assert all(st.companion for st in usage.statements if st.label == "Approved in India for")
    key = section(page, "key-facts")
    assert "f-para-cdsco-iv" not in {i for st in key.statements for i in st.fact_ids}
    assert any(st.label == "Used for" for st in key.statements)
    hydral = section(write(tiny_kb, "DB01275"), "usage")
    crisis = next(st for st in hydral.statements if "f-hydral-cdsco" in st.fact_ids)
    assert crisis.companion  # it has its own uses (LabeledIn): the approval is detail


def test_key_messages_lead_high_risk_pages_and_count_as_covered() -> None:
    """A reviewed message (one row, one public source) leads a high-risk medicine's key facts
    and its pregnancy message replaces the "not covered" line."""
    from apothecary.monographs import rules
    from apothecary.monographs.key_facts import important
    from apothecary.monographs.safety import covered, select_safety

    rows = rules.key_messages()
    for name, messages in rows.items():
        for topic, message, source in messages:
            assert topic in rules.KEY_MESSAGE_TOPICS and message.endswith(".")
            assert "https://" in source, (name, source)
    items = select_safety([], "lithium carbonate")
    # round 5: the NHS breastfeeding answer too
    # round 10 (ov10): and what to do if you take too much
    assert [i.topic for i in items] == ["high_alert", "pregnancy", "breastfeeding", "overdose"]
    assert all(i.source and "nhs.uk/medicines/lithium" in i.source for i in items)
    assert "pregnancy" in covered(items)
    lead = important(items)
    assert lead[0].topic == "high_alert" and lead[0].short and "blood tests" in lead[0].short
    # valproate: the pregnancy message leads the key facts
    # valproate: its pregnancy message is on the first screen, after its own high-alert one
    assert [i.topic for i in important(select_safety([], "valproic acid"))] == [
        "high_alert", "pregnancy"]
    # a medicine without a reviewed row (omeprazole has its pregnancy answer since round 3,
    # lactulose since round 5)
    assert select_safety([], "halofuginone") == []


def test_uncorroborated_uses_are_shown_only_when_nothing_better_exists() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.uses import select_uses

    def use(fid: str, value: str, source: str, how: str = "") -> Fact:
        return Fact(id=fid, drug_id="DL", kind=FactKind.USE, value=value, plain=value.lower(),
                    source_id=source, locator=f"drug_indication.tsv row 1{how}", licence="x")

    lithium = [use("a", "Bipolar Disorder", "drugcentral", " (SIDER-corroborated)"),
               use("b", "Rheumatoid Arthritis", "drugcentral", " (uncorroborated)"),
               use("c", "Pain", "drugcentral", " (uncorroborated)")]
    assert [i.text for i in select_uses(lithium)] == ["bipolar disorder"]
    alone = [use("b", "Rheumatoid Arthritis", "drugcentral", " (uncorroborated)")]
    assert [i.text for i in select_uses(alone)] == ["rheumatoid arthritis"]
    labeled = [use("d", "Hypertension", "labeledin"), *alone]
    assert [i.text for i in select_uses(labeled)] == ["hypertension"]


@pytest.mark.parametrize("raw,shown", [
    ("CONTRAINDICATIONS AND WARNINGS Amnesteem must not be used by female patients who are "
     "pregnant.", "Amnesteem must not be used by female patients who are pregnant."),
    ("In case of overdose, get medical help or contact a Poison Control Center "
     "(1-800-222-1222) right away.",
     "In case of overdose, get medical help or contact a Poison Control Center right away."),
    ("Category X See Boxed CONTRAINDICATIONS AND WARNINGS.", ""),
    ("Pregnancy Category C.", ""),
    ("If pregnant or breast-feeding, ask a health professional before use.",
     "If pregnant or breast-feeding, ask a health professional before use."),
])
def test_label_extracts_drop_headings_us_phone_numbers_and_bare_categories(
        raw: str, shown: str) -> None:
    from apothecary.monographs.safety import reader_extract
    assert reader_extract(raw) == shown


def test_bare_categories_inside_an_extract_are_left_out() -> None:
    from apothecary.monographs.safety import reader_extract
    assert reader_extract("Pregnancy: Category X. See Boxed CONTRAINDICATIONS AND WARNINGS. "
                          "It is contraindicated in patients who are hypersensitive.") == \
        "It is contraindicated in patients who are hypersensitive."


def test_a_reviewed_pregnancy_message_is_never_called_the_us_label(tiny_kb: KnowledgeBase) -> None:
    page = write(tiny_kb, "DB00682")  # warfarin: key_messages.txt has its NHS pregnancy line
    faq = next(f for f in page.faqs if "pregnant" in f.question)
    assert "nhs.uk/medicines/warfarin" in faq.answer and "US label" not in faq.answer
    safety = section(page, "safety")
    assert any(st.label == "Most important" and "bleeding" in st.text
               for st in safety.statements)
    key = section(page, "key-facts")
    lead = [st for st in key.statements if st.label in ("Most important", "Pregnancy")]
    # the reviewed messages lead (review 7: plain words before label sentences); warfarin
    # has two (bleeding, pregnancy: labelled as a pregnancy answer, scan17), so the boxed
    # warning stays in the safety section
    assert [(st.label, st.text.split(".")[0]) for st in lead] == [
        ("Most important", "It can cause serious bleeding"),
        ("Pregnancy", "Warfarin is not normally used in pregnancy because it can harm the baby")]
    assert not any(st.fact_ids for st in lead)
    assert any(st.fact_ids == ["f-warf-boxed"] for st in safety.statements)


@pytest.mark.parametrize("name,atc,topics", [
    # a sulfonylurea: low blood sugar; not usually in pregnancy (NHS, review 7)
    # round 10 (ov10): each class's overdose answer after its high-alert rows
    ("glimepiride", "A10BB12", ["high_alert", "overdose", "pregnancy", "breastfeeding",
                                 "how_to_take"]),  # round 13: last
    # an NSAID: stomach, then kidneys and heart, then pregnancy (high-alert rows first)
    # round 11: who must not take an NSAID, a third high-alert row
    ("aceclofenac", "M01AB16 M02AA25", ["high_alert", "high_alert", "high_alert", "overdose",
                                        "pregnancy", "breastfeeding"]),  # round 3: SPS
    # potassium first; round 18 (k18c): anti-inflammatory painkillers and lithium second
    ("telmisartan", "C09CA07", ["high_alert", "high_alert", "overdose", "pregnancy",
                                "breastfeeding"]),
    ("atorvastatin", "C10AA05", ["high_alert", "overdose", "pregnancy", "breastfeeding",
                                  "how_to_take"]),
    ("ferrous sulfate", "B03AA07", ["overdose", "pregnancy", "breastfeeding"]),  # danger first
    # in M01A but no NSAID row: its own (warfarin; pregnancy and breastfeeding, round 7)
    ("glucosamine", "M01AX05", ["high_alert", "pregnancy", "breastfeeding"]),
    # lactic acidosis; sick days; vitamin B12 (MHRA 2022); used in pregnancy (positively)
    # round 13 (k13b): its own how_to_take row ("with a meal") last
    ("metformin", "A10BA02", ["high_alert", "high_alert", "high_alert", "pregnancy",
                              "breastfeeding", "overdose", "how_to_take"]),
    # own row first
    ("omeprazole", "A02BC01", ["pregnancy", "high_alert", "overdose", "breastfeeding",
                                "how_to_take"]),
    ("famotidine", "A02BA03", ["overdose", "breastfeeding"]),  # round 3: SPS class answer
    # gabapentinoids moved to N02BF in the 2026 WHO ATC: the old N03AX code matches nothing
    # own rows (MHRA pregnancy, SPS breastfeeding), then class
    ("pregabalin", "N02BF02", ["pregnancy", "breastfeeding", "high_alert", "overdose"]),
])
def test_class_key_messages_follow_the_atc_code(name: str, atc: str,
                                                 topics: list[str]) -> None:
    from apothecary.monographs.safety import select_safety
    assert [i.topic for i in select_safety([], name, atc)] == topics


def test_label_headings_and_pointers_are_dropped_from_extracts() -> None:
    from apothecary.monographs.safety import reader_extract
    assert reader_extract(
        "WARNING: FETAL TOXICITY WARNING: FETAL TOXICITY. See full prescribing information for "
        "complete boxed warning. When pregnancy is detected, discontinue losartan as soon as "
        "possible.") == "When pregnancy is detected, discontinue losartan as soon as possible."


def test_a_medicines_own_use_is_never_its_side_effect() -> None:
    """Paracetamol listed "raised body temperature (fever)" among its common side effects."""
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.side_effects import select_effects

    fever = Fact(id="s1", drug_id="DP", kind=FactKind.SIDE_EFFECT, value="Pyrexia",
                 plain="raised body temperature (fever)", source_id="sider", locator="r",
                 licence="x", frequency="common")
    nausea = fever.model_copy(update={"id": "s2", "value": "Nausea", "plain": "feeling sick"})
    main, _, _ = select_effects([fever, nausea], {"fever", "pain"}, [])
    shown = {i.text for g in main for i in g.items}
    assert "raised body temperature (fever)" not in " ".join(shown)
    assert any("sick" in t for t in shown)
    main, _, _ = select_effects([fever, nausea], {"pain"}, [])
    assert any("fever" in i.text for g in main for i in g.items)


def test_clinician_overdose_steps_are_not_shown_to_readers() -> None:
    from apothecary.monographs.safety import reader_extract
    assert reader_extract(
        "Overdosage may cause drowsiness and dizziness. Induce emesis or perform gastric lavage "
        "if ingestion is recent. Hemodialysis is not useful.") == \
        "Overdosage may cause drowsiness and dizziness."


def test_cdsco_register_shorthand_is_tidied_and_long_approvals_are_cut_visibly() -> None:
    from apothecary.monographs.key_facts import KEY_MAX, _line
    from apothecary.monographs.model import Item
    from apothecary.writers.wording import approval_text

    assert approval_text("By RMP- for treatment of hypertension as 2nd line therapy..") == \
        "For treatment of hypertension as 2nd line therapy."
    long = Item(text="for patients with type 2 diabetes mellitus when diet, exercise and the "
                     "single agent do not result in adequate glycaemic control", fact_ids=["a"])
    st = _line("Approved in India for", [long])
    assert st is not None and st.text.endswith("…") and st.fact_ids == ["a"]
    assert len(st.text) + len("Approved in India for") <= KEY_MAX
    assert long.text.startswith(st.text[:-1].lower()[:40].lower())
    assert _line("Used for", []) is None  # nothing known: no empty line


def test_pregnancy_and_breastfeeding_merge_once_across_ingredients(tiny_kb: KnowledgeBase) -> None:
    from apothecary.monographs.model import SafetyItem
    from apothecary.writers.safety_section import safety_section

    both = "If pregnant or breast-feeding, ask a health professional before use."
    items = [(ing, SafetyItem(topic=t, label=f"{t.title()} (US label)", text=both,
                              fact_ids=[f"{ing}{t}"]))
             for ing in ("A", "B") for t in ("pregnancy", "breastfeeding")]
    para = tiny_kb.drug("DB00316")
    assert para is not None
    section = safety_section([para, para], ["A", "B"], items, "A + B")
    labels = [st.label for st in section.statements if st.label]
    assert "Pregnancy and breastfeeding (US label) (A)" in labels
    assert not any("breastfeeding and breastfeeding" in (lb or "") for lb in labels)


def test_terms_every_trial_reports_rank_after_what_a_medicine_is_known_for() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.side_effects import select_effects

    def se(fid: str, value: str, plain: str) -> Fact:
        return Fact(id=fid, drug_id="DR", kind=FactKind.SIDE_EFFECT, value=value, plain=plain,
                    source_id="sider", locator="r", licence="x", frequency="common")

    facts = [se("a", "Dermatitis", "skin inflammation"), se("b", "Pyrexia", "fever"),
             se("c", "Cough", "cough"), se("d", "Nausea", "feeling sick")]
    main, _, _ = select_effects(facts, set(), [])
    order = [i.fact_ids[0] for g in main for i in g.items]
    assert order.index("c") < order.index("a") and order.index("d") < order.index("b")
    assert set(order) == {"a", "b", "c", "d"}  # demoted, never dropped


def test_an_extract_never_starts_leaning_on_a_sentence_left_out() -> None:
    from apothecary.monographs.safety import reader_extract
    assert reader_extract("There are, however, no adequate studies in pregnant women. "
                          "Use it in pregnancy only if clearly needed.") == \
        "Use it in pregnancy only if clearly needed."


def test_form_terms_of_a_form_the_medicine_is_not_given_by_stay_off_the_main_page() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.side_effects import select_effects

    eye = Fact(id="e", drug_id="DG", kind=FactKind.SIDE_EFFECT, value="Eye irritation",
               plain="eye irritation", source_id="sider", locator="r", licence="x",
               frequency="common")
    _, _, groups = select_effects([eye], set(), ["by mouth"])
    assert groups and all(g.companion for g in groups)
    # routes unknown (review 7): the product may be a tablet, so detail under its label too
    _, _, groups = select_effects([eye], set(), [])
    assert groups and all(g.companion for g in groups) and groups[0].label.startswith("With eye")
    # review 6: given by mouth as well (paracetamol, morphine): the drip-site line is detail
    drip = Fact(id="d", drug_id="DG", kind=FactKind.SIDE_EFFECT, value="Infusion site pain",
                plain="pain where the drip went in", source_id="sider", locator="r",
                licence="x", frequency="common")
    main, _, groups = select_effects([drip], set(), ["by mouth", "by injection"])
    assert not main and groups and all(g.companion for g in groups)
    main, _, _ = select_effects([drip], set(), ["by injection"])  # only so: an ordinary line
    assert main


def test_everyday_partners_lead_the_main_interactions() -> None:
    """Busulfan, cobicistat and everolimus once led while warfarin sat on the sub-page."""
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.interactions import MAIN_PARTNERS, select_partners

    def fact(other: str, severity: str, scope: str) -> Fact:
        return Fact(id=f"f-{other}", drug_id="DX", kind=FactKind.INTERACTION, value=other,
                    plain=other, source_id="ansm", locator="r", licence="x", other_id=other,
                    severity=severity, scope=scope)

    rare = [fact(f"rarecompound{i}", "major", "class") for i in range(MAIN_PARTNERS + 2)]
    facts = [*rare, fact("warfarin", "moderate", "pair"), fact("zzcompound", "contraindicated",
                                                                "pair")]
    partners = select_partners(facts, set(), lambda i, p: p, lambda i: 0)
    main = [p.other_id for p in partners if p.main]
    assert len(main) == MAIN_PARTNERS
    assert main[:2] == ["zzcompound", "warfarin"]  # contraindicated pair, everyday medicine
    # review 7: a specialist medicine an outpatient rarely meets (rare_partners.txt) comes
    # after the others even when the pair is contraindicated (mifamurtide on tacrolimus)
    partners = select_partners([*facts, fact("pimozide", "contraindicated", "pair")], set(),
                               lambda i, p: p, lambda i: 0)
    assert "pimozide" not in [p.other_id for p in partners if p.main]
    alone = select_partners([fact("pimozide", "contraindicated", "pair")], set(),
                            lambda i, p: p, lambda i: 0)
    assert alone[0].main  # still shown when nothing else is


@pytest.mark.parametrize("plain,names", [
    ("Additional strength.", False), ("Additional dosage form.", False),
    ("Additional higher strength.", False), ("Additional indication", False),
    ("By RMP- for treatment of hypertension.", True),
    ("Additional indication: treatment of gout.", False),  # cautious: left out
    ("For relief of pain and fever", True),
    # review 6: regulatory actions shown as "Approved in India for"
    ('Deletion of box warning on label/carton stating "the drug is contraindicated"', False),
    ("As approved earlier.", False), ("As additional strength.", False),
    ('Change of indication to "treatment of excessive bleeding"', False),
    ("Removal of warning of carcinogenicity in rodents.", False),
    ("For additional specialists-oncologists.", False), ("For additional indication.", False),
    ("For additional indication; chronic idiopathic urticaria.", True),
])
def test_cdsco_rows_that_name_no_condition_are_not_uses(plain: str, names: bool) -> None:
    from apothecary.writers.wording import names_a_use
    assert names_a_use(plain) is names


@pytest.mark.parametrize("plain,shown", [
    ("For additional indication; chronic idiopathic urticaria.", "Chronic idiopathic urticaria."),
    ("For additional indication of migraine attack.", "Migraine attack."),
    ("For additional indication.", "For additional indication."),  # nothing follows: kept
])
def test_cdsco_additional_indication_lead_is_dropped(plain: str, shown: str) -> None:
    from apothecary.writers.wording import approval_text
    assert approval_text(plain) == shown


def test_cdsco_words_are_shown_as_quoted_text_typos_and_all() -> None:
    from apothecary.writers.wording import quoted_approval
    assert quoted_approval("By RMP- enteric (typhpoid) fever.") == \
        "\u201cEnteric (typhpoid) fever\u201d"


def test_a_family_name_is_never_offered_as_another_name(tiny_kb_path: Path,
                                                        tmp_path: Path) -> None:
    """Review 6: "Is Omega-3 Fatty Acids the same as Phospholipids? Yes." A name listed in
    names/data/ambiguous.tsv is never a drug's other name, nor a "same as" FAQ."""
    import shutil
    import sqlite3
    path = tmp_path / "kb.sqlite"
    shutil.copy(tiny_kb_path, path)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO names VALUES ('Phospholipids','phospholipids','DB00331',"
                     "'synonym','drugbank')")
        conn.execute("INSERT INTO names VALUES ('Glucophage','glucophage','DB00331',"
                     "'synonym','drugbank')")
    kb = KnowledgeBase(path)
    try:
        drug = kb.drug("DB00331")
        names = [n.casefold() for n in drug.other_names] if drug else []
        assert "glucophage" in names and "phospholipids" not in names
        page = write(kb, "DB00331")
        assert all("phospholipids" not in f.question.casefold() for f in page.faqs)
        assert "phospholipids" not in [n.casefold() for n in page.other_names]
    finally:
        kb.close()


def test_shock_is_never_an_ordinary_side_effect() -> None:
    """Review 6: thiamine tablets listed "shock" among reported side effects (from an
    injection label); it is a serious reaction, on the companion page unless backed."""
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.side_effects import select_effects

    shock = Fact(id="s", drug_id="DG", kind=FactKind.SIDE_EFFECT, value="Shock",
                 plain="shock", source_id="sider", locator="r", licence="x")
    main, serious, groups = select_effects([shock], set(), ["by mouth", "by injection"])
    assert not main and not serious
    assert any(g.companion and "s" in g.items[0].fact_ids for g in groups)


def test_a_pregnancy_line_that_speaks_of_breastfeeding_answers_it_too() -> None:
    """Review 11: "Do not take it in pregnancy or while breastfeeding" beside "our sources do
    not cover breastfeeding" on the same page."""
    from apothecary.monographs import SafetyItem
    from apothecary.monographs.safety import answers, covered, unanswered

    both = SafetyItem(topic="pregnancy", label="Pregnancy",
                      text="Do not take it in pregnancy or while breastfeeding.")
    only = SafetyItem(topic="pregnancy", label="Pregnancy", text="Avoid it in pregnancy.")
    assert answers(both, "breastfeeding") and answers(both, "pregnancy")
    assert not answers(only, "breastfeeding")
    assert covered([both]) == {"pregnancy", "breastfeeding"}
    assert covered([only]) == {"pregnancy"}
    # a combination: the ingredient whose pregnancy line speaks of breastfeeding answers it
    assert unanswered([("a", both), ("b", only)], ["a", "b"], "breastfeeding") == ["b"]
    assert unanswered([("a", only)], ["a", "b"], "breastfeeding") == []


def test_a_combinations_pregnancy_answer_names_its_ingredients_warning_first() -> None:
    """Review 14: "It can harm an unborn baby …" then "There is no evidence … harm" read as
    one contradictory answer for telmisartan + amlodipine + hydrochlorothiazide."""
    from apothecary.monographs import SafetyItem
    from apothecary.writers.sections import page_faqs

    calm = SafetyItem(topic="pregnancy", label="Pregnancy", source="S2",
                      text="There is no evidence that it harms an unborn baby.")
    harm = SafetyItem(topic="pregnancy", label="Pregnancy", source="S1",
                      text="It can harm an unborn baby.", short="It can harm an unborn baby.")
    faqs = page_faqs([], ["Telmisartan", "Amlodipine"], [],
                     [("Amlodipine", calm), ("Telmisartan", harm)], "Telmisartan + Amlodipine")
    [answer] = [f.answer for f in faqs if "pregnant" in f.question]
    assert answer.startswith("For Telmisartan: It can harm")
    assert "For Amlodipine: There is no evidence" in answer
    # a single medicine's answer names nobody
    single = page_faqs([], ["Amlodipine"], [], [(None, calm)], "Amlodipine")
    [alone] = [f.answer for f in single if "pregnant" in f.question]
    assert alone.startswith("There is no evidence")
