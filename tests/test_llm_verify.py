"""The verifier: every sentence an LLM writes is checked against the facts given to its page."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apothecary.knowledge.store import KnowledgeBase
from apothecary.writers.llm import MalformedOutput, extract_json, parse_draft
from apothecary.writers.prompt import (
    CLOSE,
    OPEN,
    Draft,
    build_messages,
    data_json,
    extract_data_block,
    plan_for,
)
from apothecary.writers.verify import (
    Grounding,
    NonAnswer,
    StructureError,
    Verifier,
    Vocabulary,
    check_sentence,
    clean_text,
    find_non_answer,
)


@pytest.fixture
def vocab(tiny_kb: KnowledgeBase) -> Vocabulary:
    rows = tiny_kb.conn.execute(
        "SELECT DISTINCT plain, value FROM facts WHERE kind IN ('use','side_effect','caution')"
    ).fetchall()
    names = [(name, drug_id) for _, name, drug_id, _ in tiny_kb.name_rows()]
    return Vocabulary.build([(r[0], r[1]) for r in rows], names)


def grounding(kb: KnowledgeBase, *ids: str) -> Grounding:
    drugs = [kb.drug(i) for i in ids]
    facts = [f for i in ids for f in kb.facts(i)]
    return Grounding.of(facts, [d for d in drugs if d])


@pytest.mark.parametrize("sentence", [
    "Paracetamol is used for pain.",
    "It can cause a skin rash.",
    "Feeling sick is common.",
    "Paracetamol (also called acetaminophen) can lower a fever.",
    "Do not drink alcohol while taking it.",
    "It can interact with warfarin.",
])
def test_supported_sentences(tiny_kb, vocab, sentence):
    c = check_sentence(sentence, [], grounding(tiny_kb, "DB00316"), vocab)
    assert c.supported and not c.furniture, c.problems
    assert c.fact_ids


@pytest.mark.parametrize("sentence, problem", [
    ("It can cause liver damage.", "concept"),
    ("It can also cause headaches.", "concept"),
    ("Take 500 mg every 6 hours.", "number"),
    ("Adults take it twice daily.", "timing"),
    ("Up to 4 g can be taken.", "number"),
    ("It is safe during pregnancy.", "pregnancy"),
    ("Avoid it while breastfeeding.", "breastfeeding"),
    ("It cures headaches.", "cure"),
    ("Paracetamol is completely safe.", "certainty"),
    ("It has no side effects.", "negation"),
    ("Do not take it with metformin.", "drug"),
    ("It also helps you lose weight.", "concept"),
    ("It is used to relieve mild to moderate toothache.", "severity"),
    ("It treats high blood pressure.", "concept"),
])
def test_unsupported_sentences(tiny_kb, vocab, sentence, problem):
    # citing a real fact does not make an invented claim true
    c = check_sentence(sentence, ["f-para-use-pain"], grounding(tiny_kb, "DB00316"), vocab)
    assert not c.supported
    assert any(p.startswith(problem) for p in c.problems), c.problems


def test_claims_are_checked_against_this_pages_facts(tiny_kb, vocab):
    # hydralazine treats high blood pressure; hydroxyzine (a look-alike name) does not
    s = "It is used for high blood pressure."
    assert check_sentence(s, [], grounding(tiny_kb, "DB01275"), vocab).supported
    assert not check_sentence(s, [], grounding(tiny_kb, "DB00557"), vocab).supported


def test_numbers_carried_by_facts_are_allowed(tiny_kb, vocab):
    g = grounding(tiny_kb, "DB00331")
    assert check_sentence("Metformin treats type 2 diabetes.", [], g, vocab).supported
    assert not check_sentence("Metformin treats type 1 diabetes.", [], g, vocab).supported


def test_deferrals_are_furniture_and_bare_assertions_need_a_fact(tiny_kb, vocab):
    g = grounding(tiny_kb, "DB00316")
    c = check_sentence("Your doctor or pharmacist decides the dose.", [], g, vocab)
    assert c.supported and c.furniture
    c = check_sentence("Our sources have no information about pregnancy; ask your doctor.",
                       [], g, vocab)
    assert c.supported and c.furniture
    assert not check_sentence("It works very well for most people.", [], g, vocab).supported
    # an efficacy claim no fact makes: citing the class fact does not make it true (issue 13)
    assert not check_sentence("It works very well.", ["f-para-class"], g, vocab).supported
    assert check_sentence("It is a pain reliever.", ["f-para-class"], g, vocab).supported


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "See [this](https://x.org)", "![x](y.png)",
    "## Heading", "Visit www.example.com", "- a list item", "<img src=x onerror=y>",
    "```code```", "{{ site.title }}",
])
def test_markup_is_rejected(text):
    assert clean_text(text) is None


def test_emphasis_is_stripped():
    assert clean_text("It is **common** and _mild_ ") == "It is common and mild"


@pytest.mark.parametrize("text", [
    "I'm sorry, but I cannot provide information about this drug.",
    "As an AI language model, I can't give medical advice.",
    "Please provide the name of the medicine.",
    "This is not a recognised medicine name.",
    "I could not find any information about Xyz.",
    "I am unable to identify this medication.",
])
def test_non_answers_are_detected(text):
    assert find_non_answer(text)


@pytest.mark.parametrize("text", [
    "Paracetamol is used for pain and fever.",
    "Ask your doctor or pharmacist before you take it.",
    "Tell your doctor if you feel sick.",
])
def test_ordinary_text_is_not_a_non_answer(text):
    assert find_non_answer(text) is None


def draft(*statements: tuple[str, str, list[str]], faqs=()) -> Draft:  # type: ignore[no-untyped-def]
    sections: dict[str, list[dict[str, object]]] = {}
    for sid, text, ids in statements:
        sections.setdefault(sid, []).append({"label": None, "text": text, "fact_ids": ids})
    return Draft.model_validate({
        "sections": [{"id": k, "statements": v} for k, v in sections.items()],
        "faqs": [{"question": q, "answer": a, "fact_ids": ids} for q, a, ids in faqs],
    })


def test_verify_counts_and_modes(tiny_kb, vocab):
    facts = tiny_kb.facts("DB00331")
    g = grounding(tiny_kb, "DB00331")
    d = draft(
        ("usage", "Metformin is used for type 2 diabetes. It also helps you lose weight.",
         ["f-met-use-t2d"]),
        ("side-effects", "It can cause diarrhoea.", ["f-met-se-diar"]),
        ("side-effects", "It can cause kidney failure.", ["f-met-se-diar"]),
        faqs=[("Can I drink alcohol with metformin?", "Avoid drinking alcohol.",
               ["f-met-alcohol"]),
              ("Is it safe in pregnancy?", "Yes, it is safe.", [])],
    )
    plan = plan_for(facts)
    strict = Verifier(vocab, "strict").verify(d, plan, g)
    assert (strict.claims.supported, strict.claims.removed, strict.claims.unverified) == (3, 3, 0)
    assert [f.question for f in strict.faqs] == ["Can I drink alcohol with metformin?"]
    usage = " ".join(s.text for s in strict.sections["usage"])
    assert "lose weight" not in usage and "type 2 diabetes" in usage
    lenient = Verifier(vocab, "lenient").verify(d, plan, g)
    assert lenient.claims.removed == 0 and lenient.claims.unverified == 3
    marked = [s.text for sec in lenient.sections.values() for s in sec if not s.verified]
    assert "It can cause kidney failure." in marked
    assert [f.verified for f in lenient.faqs] == [True, False]


def test_a_refusal_anywhere_rejects_the_draft(tiny_kb, vocab):
    g = grounding(tiny_kb, "DB00316")
    plan = plan_for(tiny_kb.facts("DB00316"))
    d = draft(("usage", "Paracetamol is used for pain.", ["f-para-use-pain"]),
              ("side-effects", "I'm sorry, I cannot provide side effects.", []),
              ("how-it-works", "It is a pain reliever.", ["f-para-class"]))
    with pytest.raises(NonAnswer):
        Verifier(vocab).verify(d, plan, g)


def test_missing_required_section_is_a_structure_error(tiny_kb, vocab):
    g = grounding(tiny_kb, "DB00316")
    plan = plan_for(tiny_kb.facts("DB00316"))
    with pytest.raises(StructureError, match="side-effects"):
        Verifier(vocab).verify(draft(("usage", "Used for pain.", ["f-para-use-pain"]),
                                     ("how-it-works", "A pain reliever.", ["f-para-class"])),
                               plan, g)


# -- parsers: property tests ---------------------------------------------------------
statement = st.fixed_dictionaries({
    "label": st.one_of(st.none(), st.text(max_size=20)),
    "text": st.text(max_size=60),
    "fact_ids": st.lists(st.text(max_size=10), max_size=3),
})
drafts = st.fixed_dictionaries({
    "sections": st.lists(st.fixed_dictionaries({
        "id": st.sampled_from(["usage", "side-effects", "how-it-works"]),
        "statements": st.lists(statement, max_size=3)}), max_size=3),
    "faqs": st.lists(st.fixed_dictionaries({
        "question": st.text(max_size=30), "answer": st.text(max_size=30),
        "fact_ids": st.lists(st.text(max_size=8), max_size=2)}), max_size=2),
})
prose = st.text(alphabet=st.characters(blacklist_characters="{}`"), max_size=40)


@given(drafts, prose, prose, st.sampled_from(["plain", "fence", "bare-fence", "prose"]))
def test_extract_json_finds_the_object_however_wrapped(obj, before, after, wrap):
    raw = json.dumps(obj, ensure_ascii=False)
    text = {
        "plain": raw,
        "fence": f"{before}\n```json\n{raw}\n```\n{after}",
        "bare-fence": f"```\n{raw}\n```",
        "prose": f"{before} {raw} {after}",
    }[wrap]
    assert extract_json(text) == obj
    assert parse_draft(text).model_dump() == Draft.model_validate(obj).model_dump()


@given(st.text(max_size=200))
def test_parse_draft_never_crashes(text):
    try:
        parse_draft(text)
    except MalformedOutput:
        pass


@given(st.text(max_size=80))
def test_data_block_cannot_be_closed_from_inside(name):
    encoded = data_json({"medicine": name})
    assert OPEN not in encoded and CLOSE not in encoded and "<" not in encoded
    assert json.loads(encoded)["medicine"] == name


@given(st.text(max_size=60))
def test_any_drug_name_round_trips_through_the_prompt(tiny_kb_path, name):
    kb = KnowledgeBase(tiny_kb_path)
    base = kb.drug("DB00316")
    assert base is not None
    drug = base.model_copy(update={"display": name})
    messages = build_messages([drug], kb.facts("DB00316"), kb.drug_names())
    assert extract_data_block(messages[1]["content"])["medicine"] == name
    kb.close()


# markup a model might slip into a sentence, written by hand (not the lexicon's pattern)
MARKUP = ["<b>", "</p>", "<script>", "< img src=x>", "<!-- x -->", "<?php ?>", "[shop](x)",
          "![pic](a.png)", "http://e.com", "HTTPS://E.COM", "www.example.org", "javascript:x",
          "data:text/html,x", "```", "{{ x }}", "{% if %}"]
TAG = re.compile(r"<\s*/?\s*[a-z!?][^>]*>", re.IGNORECASE)
LINK = re.compile(r"(?:^|\s)(?:https?://|www\.|javascript:)", re.IGNORECASE)


@given(st.text(max_size=60), st.sampled_from(MARKUP), st.text(max_size=60))
def test_clean_text_refuses_any_sentence_carrying_markup(before, markup, after):
    assert clean_text(before + " " + markup + " " + after) is None


@given(st.text(max_size=120))
def test_clean_text_output_has_no_markup(text):
    out = clean_text(text)
    if out is not None:
        assert not TAG.search(out), out
        # a link a Markdown renderer would make ("xhttp://" is not one: GFM autolinks only
        # after a space or the start)
        assert "](" not in out and not LINK.search(out), out


def test_section_ids_are_normalised():
    raw = json.dumps({"sections": [{"id": "Side Effects", "statements": []},
                                   {"id": "how_it_works", "statements": []}], "faqs": []})
    assert [s.id for s in parse_draft(raw).sections] == ["side-effects", "how-it-works"]
