"""Issue 10, uses and interactions: ranking by class, symptom/outcome terms, key-facts uses,
conditional ANSM levels, everyday partners first, the words shown for each level."""

from __future__ import annotations

import pytest

from apothecary.knowledge.interactions import conditional
from apothecary.knowledge.sources.ansm import Level
from apothecary.knowledge.sources.cdsco import repair
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Fact, FactKind
from apothecary.monographs import partner_rules, rules
from apothecary.monographs.interactions import MAIN_PARTNERS, select_partners
from apothecary.monographs.model import Item
from apothecary.monographs.uses import class_uses, key_uses, select_uses, use_aliases
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from apothecary.writers.wording import LEVEL_LABEL, LEVEL_TEXT


def _use(fid: str, value: str, plain: str, source: str = "labeledin") -> Fact:
    return Fact(id=fid, drug_id="D", kind=FactKind.USE, value=value, plain=plain,
                source_id=source, locator="row", licence="x")


def test_use_terms_file_has_a_role_and_note_on_every_row() -> None:
    lines = [ln for ln in (rules.DATA / "use_terms.txt").read_text(encoding="utf-8")
             .splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines and len(lines) == len(rules._rows("use_terms.txt", 3))
    assert rules.use_role("VOMITING") == "symptom" and rules.use_role("Neoplasms") == "broad"
    assert rules.use_role("Major Depressive Disorder") is None


def test_the_class_main_use_leads_and_an_unshared_symptom_is_left_out() -> None:
    """Fluoxetine: LabeledIn gave "Vomiting" (a trial outcome) and bulimia led the page."""
    facts = [_use("b", "Bulimia", "bulimia"), _use("v", "Vomiting", "vomiting"),
             _use("d", "Depressive Disorder, Major", "major depression"),
             _use("o", "Obsessive-Compulsive Disorder",
                  "obsessive-compulsive disorder (OCD)")]
    shared = {"major depression": {"s", "p"}, "obsessive-compulsive disorder": {"s"}}
    texts = [i.text for i in select_uses(facts, classmates=shared)]
    assert texts == ["major depression", "obsessive-compulsive disorder (OCD)", "bulimia"]
    # class unknown (no ATC code): nothing to compare with, so the symptom stays
    assert "vomiting" in [i.text for i in select_uses(facts)]
    # symptoms are all the sources give (domperidone): they are its uses
    only = [_use("n", "Nausea and vomiting", "feeling sick and vomiting")]
    assert [i.text for i in select_uses(only, classmates={})] == ["feeling sick and vomiting"]


def test_a_symptom_its_class_shares_ranks_as_a_disease_and_headings_go_last() -> None:
    facts = [_use("p", "Pain", "pain"), _use("c", "Neoplasms", "cancer"),
             _use("l", "Lymphoma", "lymphoma"), _use("a", "Asthma", "asthma")]
    texts = [i.text for i in select_uses(facts, classmates={"pain": {"a", "b"}, "asthma": {"a"},
                                                            "cancer": {"a", "b"}})]
    assert texts == ["pain", "asthma", "lymphoma", "cancer"]


def test_labeledin_before_drugcentral_when_the_class_does_not_decide() -> None:
    facts = [_use("x", "Gout", "gout", "drugcentral"), _use("y", "Hyperuricemia",
                                                               "high uric acid")]
    assert [i.text for i in select_uses(facts, classmates={})] == [
        "high uric acid in the blood", "gout"]  # plain_terms.txt's words for the term


def test_class_uses_counts_other_members_of_level3_groups() -> None:
    codes = {"fluox": "N06AB03", "sert": "N06AB06", "amit": "N06AA09", "lone": "A01AB01"}
    users = {"N06A": {"depression": {"fluox", "sert", "amit"}, "bulimia": {"fluox"},
                      "ocd": {"sert"}}}
    got = class_uses("fluox", codes, users)
    assert got == {"depression": {"sert", "amit"}, "ocd": {"sert"}}  # bulimia: fluoxetine only
    assert class_uses("lone", codes, users) == {}
    assert "seasonal allergic rhinitis" in use_aliases("Rhinitis, Allergic, Seasonal",
                                                       "hay fever (seasonal allergic rhinitis)")
    # one medicine under two names counts once; two medicines under two names count twice
    hay = [_use("h", "Rhinitis, Allergic, Seasonal", "hay fever (seasonal allergic rhinitis)"),
           _use("c", "Allergic Conjunctivitis", "allergic conjunctivitis")]
    ranked = select_uses(hay, classmates={"hay fever": {"a"}, "seasonal allergic rhinitis":
                                          {"a", "b"}, "allergic conjunctivitis": {"a", "c", "e"}})
    assert [i.text for i in ranked][0] == "allergic conjunctivitis"  # 3 > 2, not 3 = 1 + 2
    ranked = select_uses(hay, classmates={"hay fever": {"d"}, "seasonal allergic rhinitis":
                                          {"a", "b"}, "allergic conjunctivitis": {"a", "c"}})
    assert [i.text for i in ranked][0] == "hay fever (seasonal allergic rhinitis)"


def test_key_uses_skip_a_use_that_refines_one_already_chosen() -> None:
    items = [Item(text=t, fact_ids=[t]) for t in
             ("bulimia", "bulimia nervosa", "epilepsy", "epilepsy, idiopathic generalized",
              "panic disorder", "agoraphobia")]
    assert [i.text for i in key_uses(items)] == ["bulimia", "epilepsy", "panic disorder"]
    hay = [Item(text=t) for t in ("allergic rhinitis (hay fever)",
                                  "hay fever (seasonal allergic rhinitis)", "hives (urticaria)")]
    assert [i.text for i in key_uses(hay)] == ["allergic rhinitis (hay fever)",
                                               "hives (urticaria)"]


@pytest.mark.parametrize(("raw", "fixed"), [
    ("as follows: \u00e2?\u00a2 Patients with unstable angina (UA) \u00de\u00a1",
     "as follows: • Patients with unstable angina (UA) …"),
    ("aged \u00e2?\u00a5 18 years and \u00e2?\u00a4 65", "aged ≥ 18 years and ≤ 65"),
    ("\u00e2?\u00a5x stays", "\u00e2?\u00a5x stays"),  # no number: not guessed
    ("5 \u00c2\u00b1 1 \u00c2\u00b0C", "5 ± 1 °C"),
    # round 13 (review 25: agomelatine's "aged 18 â?? 65 years")
    ("aged 18 \u00e2?? 65 years", "aged 18 – 65 years"), ("Crohn\u00e2??s", "Crohn’s"),
    ("x \u00e2??I y", "x \u00e2??I y"),  # not known: left as it is
    ("plain text", "plain text"),
])
def test_cdsco_encoding_damage_is_repaired(raw: str, fixed: str) -> None:
    assert repair(raw) == fixed


# ANSM record 15 (aspirin + clopidogrel) and 336 (PPIs + methotrexate), in short
ASPIRIN_CLOPIDOGREL = (
    Level("major", "Association DECONSEILLEE",
          "- en dehors des indications validées pour cette association"),
    Level("moderate", "Précaution d'emploi", "- dans les indications validées"))
PPI_METHOTREXATE = (
    Level("major", "Association DECONSEILLEE", "- avec le méthotrexate aux doses > 20 mg"),
    Level("minor", "A prendre en compte", "- pour des doses inférieures"))
NAMED = (Level("contraindicated", "CONTRE-INDICATION", "avec le citalopram"),
         Level("moderate", "Précaution d'emploi", "avec les autres"))


def test_a_level_that_holds_only_at_some_doses_or_uses_is_conditional() -> None:
    assert conditional("asp", "clop", ASPIRIN_CLOPIDOGREL, [set(), set()],
                       ASPIRIN_CLOPIDOGREL[0])
    assert conditional("rabe", "mtx", PPI_METHOTREXATE, [{"mtx"}, set()], PPI_METHOTREXATE[0])
    # a sub-case naming a substance is that pair's level, not a condition
    assert not conditional("x", "cit", NAMED, [{"cit"}, set()], NAMED[0])
    assert not conditional("a", "b", ASPIRIN_CLOPIDOGREL[:1], [set()],
                           ASPIRIN_CLOPIDOGREL[0])


def _ix(other: str, severity: str, scope: str) -> Fact:
    return Fact(id=f"f-{other}", drug_id="DX", kind=FactKind.INTERACTION, value=other,
                plain=other, source_id="ansm", locator="r", licence="x", other_id=other,
                severity=severity, scope=scope)


def test_conditional_pairs_are_never_do_not_take() -> None:
    [p] = select_partners([_ix("clopidogrel", "major", "condition")], set(),
                          lambda i, n: n, lambda i: 0)
    assert p.level == "conditional" and p.main
    text = LEVEL_TEXT[p.level].format(other="Clopidogrel", name="Aspirin")
    assert "in some cases" in text and "do not take" not in text.casefold()
    [mild] = select_partners([_ix("x", "moderate", "condition")], set(), lambda i, n: n,
                             lambda i: 0)
    assert mild.level == "moderate"


def test_each_ansm_level_has_its_own_words() -> None:
    words = {lv: LEVEL_TEXT[lv].format(other="B", name="A") for lv in LEVEL_TEXT}
    assert "should not be taken together" in words["contraindicated"]
    assert "usually not taken together" in words["major"]  # association déconseillée
    assert "ask your pharmacist" in words["moderate"].casefold()  # précaution d'emploi
    assert "serious" not in words["moderate"].casefold()
    # à prendre en compte, ONC non-interruptive: no direction in the source, none in the words
    assert "minor interaction" in words["minor"] and "change how" not in words["minor"]
    for level in ("major", "moderate", "class-serious", "conditional", "class", "minor"):
        assert "should not be taken together" not in words[level]
        assert "do not take" not in words[level].casefold()
    assert set(LEVEL_TEXT) == set(LEVEL_LABEL)


def test_everyday_partners_lead_rare_ones_trail_and_mild_everyday_ones_fill_the_page() -> None:
    """Prasugrel: anagrelide and defibrotide (class 'déconseillée') led; warfarin and the
    NSAIDs ('à prendre en compte') were on the sub-page."""
    facts = [_ix("anagrelide", "major", "class"), _ix("defibrotide", "major", "class"),
             _ix("warfarin", "minor", "class"), _ix("ibuprofen", "minor", "class"),
             _ix("somecompound", "minor", "class")]
    partners = select_partners(facts, set(), lambda i, n: n, lambda i: 0)
    main = [p.other_id for p in partners if p.main]
    assert {"warfarin", "ibuprofen"} <= set(main) and "somecompound" not in main
    assert len(main) <= MAIN_PARTNERS
    # within one level: everyday (in common_partners.txt order), others, rare last
    same = [_ix(o, "major", "pair") for o in ("anagrelide", "zzcompound", "ibuprofen",
                                              "warfarin")]
    order = [p.other_id for p in select_partners(same, set(), lambda i, n: n, lambda i: 0)]
    assert order == ["warfarin", "ibuprofen", "zzcompound", "anagrelide"]


def test_rare_partner_file_has_a_note_on_every_row() -> None:
    lines = [ln for ln in (rules.DATA / "rare_partners.txt").read_text(encoding="utf-8")
             .splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines and len(lines) == len(rules._rows("rare_partners.txt", 2))
    assert not partner_rules.rare_partners() & partner_rules.common_partners()


def test_a_combination_says_in_plain_words_what_all_its_ingredients_are_for(
        tiny_kb: KnowledgeBase) -> None:
    """Aspirin + clopidogrel led with CDSCO's "as loading dose for prevention of in-stent
    restenosis in PCI"; the uses both ingredients share say it plainly."""
    writer = TemplateWriter(tiny_kb)
    key = "DB00316+DB00945"
    approval = Fact(id="f-combo-approval", drug_id=key, kind=FactKind.APPROVAL,
                    value="As loading dose", plain="as loading dose", source_id="cdsco",
                    locator="row 1", licence="x")
    own = writer.facts_of

    def facts_of(drug_id: str) -> list[Fact]:
        return [*own(drug_id), approval] if drug_id == key else own(drug_id)

    writer.facts_of = facts_of  # type: ignore[method-assign]
    writer.monographs.facts_of = facts_of
    drugs = [tiny_kb.drug(i) for i in ("DB00316", "DB00945")]
    page = writer.write_pages([PageRequest(key=key, drugs=drugs, lines=[1],  # type: ignore[arg-type]
                                           names=[])])[0]
    kf = next(s for s in page.sections if s.id == "key-facts").statements[0]
    assert kf.label == "Used for" and kf.text == "Pain."
    usage = next(s for s in page.sections if s.id == "usage").statements
    assert usage[0].fact_ids == ["f-combo-approval"]  # the approval stays, in the usage section


def test_key_facts_leave_out_a_use_no_classmate_shares_when_others_are_shared() -> None:
    """Phenobarbital: an old US label's "high blood pressure" reached the first screen."""
    facts = [_use("s", "Seizures", "seizures (fits)"),
             _use("i", "Sleep Initiation and Maintenance Disorders", "insomnia"),
             _use("h", "Hypertension, Essential", "high blood pressure"),
             _use("m", "Motion Sickness", "travel sickness")]
    shared = {"seizures": {"a", "b"}, "insomnia": {"c"}}
    items = select_uses(facts, classmates=shared)
    assert [i.text for i in key_uses(items)] == ["seizures (fits)", "insomnia"]
    assert "high blood pressure" in [i.text for i in items]  # the Usage section keeps it
    # no class data, or a class that shares none of them: the first three as before
    assert len(key_uses(select_uses(facts))) == 3
    assert len(key_uses(select_uses(facts, classmates={}))) == 3
    # the support count steers the pick but never reaches the published JSON
    assert "support" not in items[0].model_dump()


@pytest.mark.parametrize(("locator", "label"), [
    ("drug_indication.tsv row 1 (uncorroborated)", "Approved in India for"),
    # review 8: classmates sharing the use are not its own evidence (ursodeoxycholic acid's
    # "biliary calculus", which chenodiol shares)
    ("drug_indication.tsv row 1 (uncorroborated) shared", "Approved in India for"),
    ("drug_indication.tsv row 1 (SIDER-corroborated)", "Used for"),
])
def test_india_approval_leads_when_a_single_medicines_only_uses_are_uncorroborated(
        tiny_kb: KnowledgeBase, locator: str, label: str) -> None:
    """Erdosteine led with DrugCentral's "lead toxicity" although CDSCO approves it for
    bronchitis."""
    writer = TemplateWriter(tiny_kb)
    drug = "DB00316"
    if locator.endswith(" shared"):
        locator = locator.removesuffix(" shared")
        writer.monographs.class_uses = lambda _: {"lead toxicity": frozenset({"X"})}
    use = Fact(id="f-dc-use", drug_id=drug, kind=FactKind.USE, value="Lead toxicity",
               plain="lead toxicity", source_id="drugcentral", locator=locator, licence="x")
    approval = Fact(id="f-in-approval", drug_id=drug, kind=FactKind.APPROVAL,
                    value="For chronic obstructive bronchitis",
                    plain="For chronic obstructive bronchitis", source_id="cdsco",
                    locator="row 2", licence="x")
    own = writer.facts_of

    def facts_of(drug_id: str) -> list[Fact]:
        if drug_id != drug:
            return own(drug_id)
        return [f for f in own(drug_id) if f.kind not in (FactKind.USE, FactKind.APPROVAL)] + [
            use, approval]

    writer.facts_of = facts_of  # type: ignore[method-assign]
    writer.monographs.facts_of = facts_of
    page = writer.write_pages([PageRequest(key=drug, drugs=[tiny_kb.drug(drug)],  # type: ignore[list-item]
                                           lines=[1], names=[])])[0]
    kf = next(s for s in page.sections if s.id == "key-facts").statements[0]
    assert kf.label == label
    assert kf.fact_ids == (["f-in-approval"] if label.startswith("Approved") else ["f-dc-use"])


@pytest.mark.parametrize("name,atc,term,dropped", [
    # review 6: mis-extractions and uses of old combination products
    ("cefixime", "J01DD08", "Rheumatic Fever", True),
    ("amoxicillin", "J01CA04", "Rheumatic Fever", False),  # penicillins: a real use
    ("spironolactone", "C03DA01", "Hypernatremia", True),
    ("propranolol", "C07AA05", "Neoplasms", True),
    ("morphine", "N02AA01", "neoplasms", True),  # case-blind
    ("cyclophosphamide", "L01AA01", "Neoplasms", False),  # an anticancer medicine
    ("unknown", "", "Neoplasms", False),  # no ATC code: class unknown, kept
    ("apixaban", "B01AF02", "Myocardial Reinfarction Prevention", True),
    ("phenobarbital", "N03AA02", "Hypertension, Essential", True),
    ("phenobarbital", "N03AA02", "Motion Sickness", True),
    ("phenobarbital", "N03AA02", "Seizures", False),
    ("amlodipine", "C08CA01", "Hypertension, Essential", False),  # scoped to phenobarbital
])
def test_reviewed_non_uses_are_dropped(name: str, atc: str, term: str, dropped: bool) -> None:
    from apothecary.monographs.rules import not_a_use
    assert not_a_use(term, name, atc) is dropped
    facts = [_use("x", term, term.casefold()), _use("s", "Seizures", "seizures (fits)")]
    texts = [i.text for i in select_uses(facts, name=name, atc=atc)]
    assert (term.casefold() not in texts) is dropped or term == "Seizures"


ANGIO = ("thesaurus record 1911 (MÉDICAMENTS, BRADYKININE ET ANGIO-ŒDÈME + AUTRES MEDICAMENTS À "
         "RISQUE D'ANGIO-ŒDÈME; Association DECONSEILLEE)")
SEDATIVES = ("thesaurus record 1909 (MÉDICAMENTS SÉDATIFS + AUTRES MÉDICAMENTS SÉDATIFS; "
             "Association DECONSEILLEE)")


def _class_fact(fid: str, other: str, locator: str, severity: str = "major") -> Fact:
    return Fact(id=fid, drug_id="D", kind=FactKind.INTERACTION, value=other, plain=other,
                source_id="ansm", locator=locator, licence="x", other_id=other,
                severity=severity, scope="class")


def test_a_family_record_is_shown_at_its_reviewed_level_with_the_reason() -> None:
    """Review 6: sitagliptin's page said every ARB and ACE inhibitor is "usually not taken"
    with it, through ANSM's bradykinin/angioedema family record (1911)."""
    from apothecary.monographs.interactions import pair_level, select_partners
    assert pair_level([_class_fact("a", "TEL", ANGIO)])[0] == "class"
    # an unreviewed group record keeps its group's level
    assert pair_level([_class_fact("s", "DIA", SEDATIVES)])[0] == "class-serious"
    # the worst of two records wins
    assert pair_level([_class_fact("a", "X", ANGIO), _class_fact("s", "X", SEDATIVES)])[0] \
        == "class-serious"
    partners = select_partners([_class_fact("a", "TEL", ANGIO)], {"D"},
                               lambda i, p: p, lambda i: 0)
    assert partners[0].level == "class" and "angioedema" in partners[0].effect


@pytest.mark.parametrize("locator,level,words", [
    # a group record every pair of which the labels contraindicate (tadalafil + nitrates)
    ("thesaurus record 922 (DÉRIVÉS NITRÉS ET APPARENTÉS + INHIBITEURS DE LA PHOSPHODIESTERASE "
     "DE TYPE 5; CONTRE-INDICATION)", "contraindicated", "blood pressure fall"),
    ("thesaurus record 1803 (LAMOTRIGINE + VALPROÏQUE (ACIDE) ET, PAR EXTRAPOLATION, "
     "VALPROMIDE; Association DECONSEILLEE)", "moderate", "lower lamotrigine dose"),
    ("thesaurus record 1537 (INDUCTEURS ENZYMATIQUES + SERTRALINE; Association DECONSEILLEE)",
     "class-serious", "work less well"),
])
def test_reviewed_records_say_why(locator: str, level: str, words: str) -> None:
    from apothecary.monographs.interactions import select_partners
    p = select_partners([_class_fact("f", "O", locator)], {"D"}, lambda i, n: n,
                        lambda i: 0)[0]
    assert (p.level, words in p.effect) == (level, True)


def test_reviewed_records_file_rows_are_valid() -> None:
    rows = rules._rows("ansm_records.txt", 4)
    assert rows and all(r[0].isdigit() and r[1] in rules.RECORD_LEVELS and r[3] for r in rows)


def test_no_level_sentence_says_this_kind() -> None:
    """"Medicines of this kind" never said which kind (review 6, 16 pages)."""
    assert all("this kind" not in t for t in LEVEL_TEXT.values())


def test_reviewed_main_uses_lead_in_their_order_and_all_reach_key_facts() -> None:
    """Review 6: mefenamic acid's key facts said only "pain"; its period pain ranked below
    the broader use it refines, and the key-facts pick then skipped it."""
    facts = [_use("p", "Pain", "pain", "drugcentral"),
             _use("d", "Dysmenorrhea", "period pain", "drugcentral")]
    assert [i.text for i in select_uses(facts)] == ["pain", "period pain"]  # the general rank
    assert [i.text for i in key_uses(select_uses(facts))] == ["pain"]
    ranked = select_uses(facts, name="Mefenamic acid")
    assert [i.text for i in ranked] == ["period pain", "pain"]
    assert [i.text for i in key_uses(ranked)] == ["period pain", "pain"]
    # a row only reorders: a listed use the medicine has no fact for is never shown
    assert [i.text for i in select_uses(facts[:1], name="Mefenamic acid")] == ["pain"]


def test_every_main_uses_term_is_a_use_fact_the_kb_holds_for_that_medicine() -> None:
    from apothecary.knowledge.default import open_kb
    kb = open_kb()
    try:
        ids = {rules.key(n): i for i, n in kb.drug_names().items()}
        rows = rules._rows("main_uses.txt", 4)
        assert rows and len(rows) == len(rules.main_uses())
        for name, _terms, note, source in rows:
            assert rules.key(name) in ids, name
            held = {rules.key(f.value) for f in kb.facts(ids[rules.key(name)])
                    if f.kind == FactKind.USE}
            for term in rules.main_uses()[rules.key(name)]:
                assert term in held, (name, term)
            assert note and source.startswith("https://"), name
    finally:
        kb.close()


def test_use_jargon_is_worded_by_the_reviewed_tables() -> None:
    """Review 6: "Dyspnea", "Pulmonary edema", "Prevention of cerebrovascular accident"
    and "heterozygous hypercholesterolemia" reached key facts as the sources spell them."""
    facts = [_use("s", "Stroke", "stroke"),
             _use("c", "Prevention of Cerebrovascular Accident",
                  "prevention of cerebrovascular accident", "drugcentral"),
             _use("d", "Dyspnea", "dyspnea"), _use("e", "Pulmonary Edema", "pulmonary edema"),
             _use("h", "Heterozygous Hypercholesterolemia",
                  "heterozygous hypercholesterolemia")]
    items = {i.text: i.fact_ids for i in select_uses(facts)}
    assert items["to lower the risk of stroke"] == ["s", "c"]  # one use, two names
    assert "breathlessness" in items and "fluid on the lungs (pulmonary oedema)" in items
    assert not any("hypercholesterolemia" in t or "pulmonary edema" in t or "dyspnea" in t
                   for t in items)
    assert rules.use_words("Unlisted Term", " kb words ") == "kb words"


def test_sourced_class_jargon_has_plain_kind_words() -> None:
    assert rules.plain_class("C10AB05") == "fibrate (lowers blood fats)"  # fenofibrate
    assert rules.plain_class("C08CA01").endswith("(lowers blood pressure)")  # amlodipine
    assert rules.plain_class("N06BC01") and rules.plain_class("C01AA05")  # caffeine, digoxin


def test_a_drugcentral_use_its_class_shares_counts_as_corroborated() -> None:
    """Heparin showed only "unstable angina" (the one row backed when the KB was built) and
    lost its DVT uses; vitamin E showed athlete's foot from antifungal creams that contain it."""
    def dc(fid: str, plain: str, note: str = "uncorroborated") -> Fact:
        return Fact(id=fid, drug_id="D", kind=FactKind.USE, value=plain.title(), plain=plain,
                    source_id="drugcentral", locator=f"drug_indication.tsv row 1 ({note})",
                    licence="x")

    heparin = [dc("a", "unstable angina", "class-supported"), dc("d", "deep venous thrombosis"),
               dc("p", "pulmonary embolism"), dc("c", "maintain patency of catheter")]
    mates = {"deep venous thrombosis": {"w", "e"}, "pulmonary embolism": {"w"}}
    assert [i.text for i in select_uses(heparin, classmates=mates)] == [
        "to treat and prevent blood clots in the leg veins",
        "to treat and prevent blood clots in the lungs", "unstable angina"]
    vit_e = [dc("t", "athlete's foot"), dc("v", "vitamin e deficiency"), dc("h", "HIV infection")]
    assert [i.text for i in select_uses(vit_e, classmates={"vitamin e deficiency": {"x"}})] == [
        "vitamin E deficiency"]
    # nothing backed at all: every row stays (the medicine has nothing better to show)
    assert len(select_uses(vit_e, classmates={})) == 3


def test_the_group_level_heading_never_says_the_partners_are_of_its_kind() -> None:
    """Review 14: glipizide's companion listed danazol and miconazole under "Usually avoided
    with medicines of its kind": neither is a sulfonylurea. The heading names groups."""
    from apothecary.writers.wording import LEVEL_LABEL

    assert all("of its kind" not in label for label in LEVEL_LABEL.values())
    assert "groups of medicines" in LEVEL_LABEL["class-serious"]


def test_a_group_record_shown_contraindicated_is_worded_so_on_pages_and_in_the_checker() -> None:
    """Tadalafil: "Never" with nitrates on the first screen and "belong to groups of
    medicines usually not taken together" below it (review 13)."""
    from apothecary.monographs.interactions import pair_level, select_partners
    from apothecary.writers.wording import LEVEL_LABEL

    locator = ("thesaurus record 922 (DÉRIVÉS NITRÉS ET APPARENTÉS + INHIBITEURS DE LA "
               "PHOSPHODIESTERASE DE TYPE 5; CONTRE-INDICATION)")
    fact = _class_fact("f", "O", locator)
    assert pair_level([fact])[0] == "contraindicated"  # the checker's level too
    p = select_partners([fact], {"D"}, lambda i, n: n, lambda i: 0)[0]
    assert p.main and LEVEL_LABEL[p.level] == "Should not be taken together"
    # an unreviewed group record at the same level keeps its group wording
    other = _class_fact("g", "O", locator.replace("record 922", "record 999999"))
    assert pair_level([other])[0] == "class-serious"
