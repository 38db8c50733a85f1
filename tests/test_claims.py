"""The one claim checker: the tricky-claim corpus against both callers (the LLM verifier and
the audit), the fake server's tricky mode, normalisation and property tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from apothecary.audit.findings import Auditor, vocabulary_of
from apothecary.audit.pages import parse_page
from apothecary.claims.checker import FactView, Page
from apothecary.claims.normalize import normalize, tokens
from apothecary.claims.vocabulary import Vocabulary
from apothecary.knowledge.store import KnowledgeBase, create_schema
from apothecary.models import FAQ, Fact, FactKind
from apothecary.render.jsonld import page_jsonld
from apothecary.writers.prompt import SECTION_PLAN, Draft
from apothecary.writers.verify import Grounding, Verifier

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = yaml.safe_load((FIXTURES / "claims" / "corpus.yaml").read_text(encoding="utf-8"))
CASES = CORPUS["cases"]
CLAIM_KINDS = {"unsupported-claim", "no-source", "denies-product"}
HEADINGS = {"usage": "Usage", "side-effects": "Side Effects", "how-it-works": "How it Works",
            "interactions": "Interactions", "faqs": "FAQs"}


def corpus_kb(path: Path, extra_sql: str = "") -> Path:
    """The tiny test knowledge base plus the corpus's own drugs and facts."""
    conn = sqlite3.connect(path)
    create_schema(conn)
    conn.executescript((FIXTURES / "tiny_kb.sql").read_text(encoding="utf-8"))
    licences = dict(conn.execute("SELECT id, licence FROM sources").fetchall())
    for d in CORPUS["drugs"]:
        conn.execute("INSERT INTO drugs (id, name, display) VALUES (?, ?, ?)",
                     (d["id"], d["name"], d["display"]))
        conn.execute("INSERT INTO names VALUES (?, ?, ?, 'preferred', 'drugcentral')",
                     (d["name"], d["name"], d["id"]))
    for f in CORPUS["facts"]:
        locator = ("set_id 00000000-0000-0000-0000-000000000001; effective 20240101; "
                   f"section {f['kind']}" if f["source_id"] == "openfda" else "row 1")
        conn.execute(
            "INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, licence, "
            "frequency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f["id"], f["drug_id"], f["kind"], f["value"], f["plain"], f["source_id"], locator,
             licences[f["source_id"]], f.get("frequency")))
    conn.executescript(extra_sql)
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return KnowledgeBase(corpus_kb(tmp_path_factory.mktemp("claims") / "corpus.sqlite"))


@pytest.fixture(scope="module")
def vocab(kb: KnowledgeBase) -> Vocabulary:
    return vocabulary_of(kb)


@pytest.fixture(scope="module")
def auditor(kb: KnowledgeBase) -> Auditor:
    return Auditor(kb)


def _draft(case: dict[str, Any]) -> Draft:
    if case["section"] == "faqs":
        return Draft.model_validate({"sections": [], "faqs": [
            {"question": case["question"], "answer": case["sentence"], "fact_ids": case["cite"]}]})
    return Draft.model_validate({"sections": [{"id": case["section"], "statements": [
        {"label": None, "text": case["sentence"], "fact_ids": case["cite"]}]}], "faqs": []})


def run_verifier(kb: KnowledgeBase, vocab: Vocabulary, case: dict[str, Any]
                 ) -> tuple[bool, list[str]]:
    """(published?, the sources shown on it) for one case, in strict mode."""
    drugs = [kb.drug(i) for i in case["page"]]
    facts = [f for i in case["page"] for f in kb.facts(i)]
    g = Grounding.of(facts, [d for d in drugs if d], vocab)
    plan = [p for p in SECTION_PLAN if p.id == case["section"]]
    out = Verifier(vocab, "strict").verify(_draft(case), plan, g)
    if case["section"] == "faqs":
        if not out.faqs or out.faqs[0].answer != case["sentence"]:
            return False, []
        return True, out.faqs[0].fact_ids
    statements = out.sections.get(case["section"], [])
    if not statements or statements[0].text != case["sentence"]:
        return False, []
    return True, statements[0].fact_ids


def audit_page(case: dict[str, Any], kb: KnowledgeBase) -> str:
    title = " + ".join(kb.drug(i).display for i in case["page"])  # type: ignore[union-attr]
    body = (f"* **{case['question']}** {case['sentence']}" if case["section"] == "faqs"
            else case["sentence"])
    heading = HEADINGS[case["section"]]
    return f"---\ntitle: \"{title}\"\n---\n\n# {title}\n\n**{heading}:**\n\n{body}\n"


def run_audit(auditor: Auditor, kb: KnowledgeBase, case: dict[str, Any]) -> set[str]:
    result = auditor.check_page(parse_page(audit_page(case, kb)))
    return {f.kind for f in result.findings if f.kind in CLAIM_KINDS}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_llm_verifier(kb: KnowledgeBase, vocab: Vocabulary, case: dict[str, Any]) -> None:
    published, sources = run_verifier(kb, vocab, case)
    assert published == (case["verifier"] == "pass"), case["why"]
    if published and "sources" in case:
        assert sorted(sources) == sorted(case["sources"]), case["why"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_audit(auditor: Auditor, kb: KnowledgeBase, case: dict[str, Any]) -> None:
    expected = set() if case["audit"] == "pass" else set(case["audit"])
    assert run_audit(auditor, kb, case) == expected, case["why"]


def test_corpus_covers_the_issue() -> None:
    ids = {c["id"] for c in CASES}
    for needed in ("alcohol-safe", "alcohol-fine-faq", "no-interactions", "stop-when-better",
                   "take-twice", "take-every-day", "wrong-class", "reverses", "eliminates",
                   "heals", "is-safe", "cyrillic-cures", "soft-hyphen-cures", "glossopharyngeal",
                   "neuralgia-use", "chest-pain", "tachycardia", "flu-cold", "epilepsy-seizure",
                   "another-ingredient", "injection-to-tablet"):
        assert needed in ids
    assert sum(c["verifier"] == "pass" for c in CASES) >= 10
    assert all(c["why"] for c in CASES)


def test_fake_server_tricky_mode(kb: KnowledgeBase, fake_llm: Any, tmp_path: Path) -> None:
    """The writer end to end: the server answers with the corpus; only passing sentences
    are published, each with exactly its supporting facts."""
    from apothecary.writers.base import PageRequest
    from apothecary.writers.llm import LLMSettings, LLMWriter

    fake_llm.script("", ["tricky"])
    pages_ids = sorted({tuple(sorted(c["page"])) for c in CASES})
    requests = [PageRequest(key="+".join(ids), drugs=[kb.drug(i) for i in ids],  # type: ignore[misc]
                            lines=[1], inputs=["x"]) for ids in pages_ids]
    writer = LLMWriter(kb, LLMSettings(base_url=fake_llm.base_url, model="fake",
                                       cache_dir=tmp_path / "cache", max_attempts=1))
    pages = writer.write_pages(requests)
    for ids, page in zip(pages_ids, pages, strict=True):
        assert page.writer == "llm", page.fallback_reason
        published = [st.text for s in page.sections for st in s.statements]
        published += [f.answer for f in page.faqs]
        text = "\n".join(published)
        for case in CASES:
            if tuple(sorted(case["page"])) != ids or case["section"] not in (
                    "usage", "side-effects", "how-it-works", "faqs"):
                continue
            if case["verifier"] == "reject":
                assert case["sentence"] not in text, case["id"]
            elif case["section"] != "faqs" or case["question"]:
                assert case["sentence"] in text, case["id"]


# -- normalisation --------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "X \u0441ures pain", "cu\u00adres", "pa\u200bin", "\u202etype 2", "\u03bfther", "a\ufeffb",
    "r\u0430sh", "\u2066x\u2069",
])
def test_hidden_and_confusable_characters_are_problems(text: str) -> None:
    assert normalize(text).problems
    folded = normalize(text, fold=True)
    assert folded.problems and normalize(folded.text).clean


def test_one_tokeniser_folds_spellings_and_keeps_numbers() -> None:
    assert tokens("Diarrhoea") == tokens("diarrhea")
    assert tokens("Haemorrhages") == tokens("hemorrhage")
    assert tokens("2.5 mg") == ("2.5", "mg")
    assert tokens("Don't") == ("do", "not")


_INVISIBLE = st.sampled_from(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                              "\u202a", "\u202e", "\u2066", "\u2069", "\u180e"])
_CONFUSABLE = st.sampled_from(list("асеорхуіѕԁһαορντικ"))
_LATIN = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu"), max_codepoint=0x7A),
                 min_size=1, max_size=12)


@given(_LATIN, _LATIN, _INVISIBLE)
def test_an_invisible_character_is_never_clean(a: str, b: str, ch: str) -> None:
    assert not normalize(f"{a}{ch}{b} is used for pain.").clean


@given(_LATIN, _LATIN, _CONFUSABLE)
def test_a_look_alike_letter_in_a_latin_word_is_never_clean(a: str, b: str, ch: str) -> None:
    assert not normalize(f"It {a}{ch}{b} pain.").clean


@given(st.text(max_size=60))
def test_clean_text_has_no_invisible_or_mixed_script_words(text: str) -> None:
    n = normalize(text)
    if n.clean:
        import unicodedata

        assert not any(unicodedata.category(c) in ("Cf", "Co", "Cn") for c in n.text)
        for word in n.text.split():
            letters = [c for c in word if c.isalpha() and ord(c) > 0x24F]
            latin = [c for c in word if c.isalpha() and ord(c) <= 0x24F]
            assert not (letters and latin and any(c in "асеорхуіѕαορ" for c in letters))


# -- property: unrelated facts never make a claim true -----------------------------------------
_BASE = [
    Fact(id="u1", drug_id="D1", kind=FactKind.USE, value="Pain", plain="pain", source_id="s",
         locator="r", licence="l"),
    Fact(id="s1", drug_id="D1", kind=FactKind.SIDE_EFFECT, value="Bradycardia",
         plain="slow heartbeat", source_id="s", locator="r", licence="l", frequency="rare"),
]
_UNSUPPORTED = [
    "It can cause chest pain.", "It can cause pain.", "It is used for a slow heartbeat.",
    "It can cause a fast heartbeat.", "It is safe.", "Drugone interacts with drugtwo.",
    "It is an antibiotic.", "It cures pain.", "It can cause a slow heartbeat, which is common.",
    "Drugtwo is used for pain.", "It is used for pain during pregnancy.",
]
_OTHER_KINDS = [k for k in FactKind]
_TERMS = ["pain", "chest pain", "slow heartbeat", "fast heartbeat", "antibiotic", "common cold",
          "drugtwo", "safe", "cure"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["D1", "D2", "D1+D2"]), st.sampled_from(_OTHER_KINDS),
                          st.sampled_from(_TERMS)), min_size=1, max_size=4),
       st.sampled_from(_UNSUPPORTED))
def test_an_unrelated_fact_never_supports_a_claim(extra: list[tuple[str, FactKind, str]],
                                                  sentence: str) -> None:
    """Adding facts of another drug, or of a kind the claim is not about, never turns an
    unsupported sentence into a supported one."""
    vocab = _vocab()
    names = [("Drugone", "D1")]
    base = Page([FactView.of(f, vocab) for f in _BASE], names, vocab)
    assert not base.check(sentence).supported
    added = []
    for n, (drug, kind, term) in enumerate(extra):
        f = Fact(id=f"x{n}", drug_id=drug, kind=kind, value=term, plain=term, source_id="s",
                 locator="r", licence="l", other_id="D3" if kind == FactKind.INTERACTION else None)
        related = (drug in ("D1", "D1+D2") and _could_say(kind, term, sentence))
        if not related:
            added.append(f)
    page = Page([FactView.of(f, vocab) for f in [*_BASE, *added]], names, vocab)
    assert not page.check(sentence).supported


def _could_say(kind: FactKind, term: str, sentence: str) -> bool:
    """A fact that is about this claim's subject could legitimately support it."""
    return term.split()[0] in sentence.lower() or term in ("safe", "cure")


_VOCAB: list[Vocabulary] = []


def _vocab() -> Vocabulary:
    if not _VOCAB:
        _VOCAB.append(Vocabulary.build([], [("Drugone", "D1"), ("Drugtwo", "D2")]))
    return _VOCAB[0]


# -- vocabulary: different findings stay different ---------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("tachycardia", "bradycardia"), ("fast heartbeat", "slow heartbeat"), ("flu", "common cold"),
    ("epilepsy", "seizure"), ("neuralgia", "postherpetic neuralgia"), ("pain", "chest pain"),
    ("hypertension", "hypotension"), ("hyperglycaemia", "hypoglycaemia"),
])
def test_different_findings_are_different_concepts(vocab: Vocabulary, a: str, b: str) -> None:
    assert vocab.concept(tokens(a)) != vocab.concept(tokens(b))


def test_shipped_vocabulary_keeps_findings_apart() -> None:
    """The same with every term of the shipped knowledge base (skipped without it)."""
    from apothecary.knowledge.default import open_kb

    try:
        kb = open_kb(None)
    except Exception:  # noqa: BLE001 - no shipped KB in this checkout
        pytest.skip("no shipped knowledge base")
    v = vocabulary_of(kb)
    for a, b in [("tachycardia", "bradycardia"), ("influenza", "common cold"),
                 ("epilepsy", "seizure"), ("pain", "chest pain"),
                 ("neuralgia", "postherpetic neuralgia")]:
        assert v.concept(tokens(a)) != v.concept(tokens(b)), (a, b)


# -- the audit's new kinds ------------------------------------------------------------------
def test_denies_product_and_cdsco_approval(tmp_path: Path) -> None:
    approval = ("INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, "
                "licence) VALUES ('f-ap', 'DB00316+DB00682', 'approval', 'Pain', "
                "'pain relief', 'cdsco', 'row 9', 'Not verified (restricted)');")
    kb = KnowledgeBase(corpus_kb(tmp_path / "kb.sqlite", approval))
    md = ("---\ntitle: Paracetamol + Warfarin\n---\n\n# Paracetamol + Warfarin\n\n**Usage:**\n\n"
          "This combination is hypothetical and not available in any market.\n")
    found = [f for f in Auditor(kb).check_page(parse_page(md)).findings
             if f.kind == "denies-product"]
    assert len(found) == 1 and "CDSCO lists it as approved" in found[0].detail
    single = md.replace("Paracetamol + Warfarin", "Paracetamol")
    assert not [f for f in Auditor(kb).check_page(parse_page(single)).findings
                if f.kind == "denies-product"]


def test_jsonld_faqpage_only_from_verified_faqs(kb: KnowledgeBase) -> None:
    from apothecary.models import Page as SitePage

    base = {"key": "DB00316", "title": "Paracetamol", "slug": "paracetamol",
            "drugs": [kb.drug("DB00316")], "sections": [], "facts": [], "sources": []}
    ok = FAQ(question="Q1?", answer="A1.", fact_ids=[])
    marked = FAQ(question="Q2?", answer="It is safe.", fact_ids=[], verified=False)
    try:
        page = SitePage.model_validate({**base, "faqs": [ok, marked]})
    except Exception:  # noqa: BLE001 - the Page model needs more fields in this checkout
        pytest.skip("Page model shape")
    graph = page_jsonld(page)["@graph"]
    questions = [q["name"] for g in graph if g["@type"] == "FAQPage" for q in g["mainEntity"]]
    assert questions == ["Q1?"]


# -- the verifier around the checker -----------------------------------------------------------
Item = tuple[str, str, list[str]]


def _verify(kb: KnowledgeBase, vocab: Vocabulary, drug: str, sections: list[Item],
            faqs: Sequence[Item] = ()) -> Any:
    draft = Draft.model_validate({
        "sections": [{"id": sid, "statements": [{"label": None, "text": t, "fact_ids": ids}]}
                     for sid, t, ids in sections],
        "faqs": [{"question": q, "answer": a, "fact_ids": ids} for q, a, ids in faqs]})
    plan = [p for p in SECTION_PLAN if p.id in {s for s, _, _ in sections}]
    g = Grounding.of(kb.facts(drug), [kb.drug(drug)], vocab)  # type: ignore[list-item]
    return Verifier(vocab, "strict").verify(draft, plan, g)


def test_sources_are_exactly_the_supporting_facts(kb: KnowledgeBase, vocab: Vocabulary) -> None:
    out = _verify(kb, vocab, "DB00331", [
        ("usage", "Metformin is used for type 2 diabetes.", ["f-met-alcohol", "f-met-se-diar"])])
    assert [st.fact_ids for st in out.sections["usage"]] == [["f-met-use-t2d"]]


def test_a_follow_up_sentence_is_judged_with_the_one_before(kb: KnowledgeBase,
                                                            vocab: Vocabulary) -> None:
    out = _verify(kb, vocab, "DB00331", [
        ("side-effects", "It can cause diarrhoea. This is common.", ["f-met-se-diar"])])
    assert out.sections["side-effects"][0].text == "It can cause diarrhoea. This is common."
    out = _verify(kb, vocab, "DB00331", [
        ("side-effects", "It can cause diarrhoea. This is rare.", ["f-met-se-diar"])])
    assert out.sections["side-effects"][0].text == "It can cause diarrhoea."
    assert out.claims.removed == 1


def test_yes_only_answers_a_supported_question(kb: KnowledgeBase, vocab: Vocabulary) -> None:
    out = _verify(kb, vocab, "DB00316", [], faqs=[
        ("Can I drink alcohol with it?", "Yes.", ["f-para-alcohol"]),
        ("Does Paracetamol interact with warfarin?", "Yes.", ["f-para-x-warf"]),
        ("Does Paracetamol interact with metformin?", "Yes.", [])])
    assert [f.question for f in out.faqs] == ["Does Paracetamol interact with warfarin?"]


@pytest.mark.parametrize("sentence, flagged", [
    ("Keep it in a safe place, out of reach of children.", False),
    ("Store somewhere safe and dry.", False),
    ("The cream helps the skin heal.", False),
    ("Paracetamol is safe for most people.", True),
    ("Paracetamol heals pain.", True),
])
def test_audit_reads_safety_and_cure_words_in_context(auditor: Auditor, sentence: str,
                                                       flagged: bool) -> None:
    md = f"---\ntitle: Paracetamol\n---\n\n# Paracetamol\n\n**Precautions:**\n\n{sentence}\n"
    kinds = {f.kind for f in auditor.check_page(parse_page(md)).findings}
    assert ("unsupported-claim" in kinds) == flagged


def test_audit_flags_hidden_characters_and_still_reads_the_claim(auditor: Auditor) -> None:
    md = ("---\ntitle: Paracetamol\n---\n\n# Paracetamol\n\n**Usage:**\n\n"
          "Paracetamol cu\u00adres pain.\n")
    found = {f.kind: f.detail for f in auditor.check_page(parse_page(md)).findings}
    assert "U+00AD" in found["malformed"] and "cure" in found["unsupported-claim"]
