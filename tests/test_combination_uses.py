"""What a fixed-dose combination is for (monographs/data/combination_uses.txt): the shipped
rows are checked against the shipped knowledge base, and a row's uses lead the page of exactly
its ingredient set (any order, any salt), never a single ingredient's page or a combination
with another ingredient besides."""

from __future__ import annotations

import re

import pytest

from apothecary.claims.checker import FactView, Page
from apothecary.claims.vocabulary import Vocabulary
from apothecary.knowledge.default import open_kb
from apothecary.knowledge.official import one_drug
from apothecary.models import Drug, FactKind
from apothecary.models import Page as SitePage
from apothecary.monographs import combination_uses as cu
from apothecary.monographs.rules import key
from apothecary.names.resolve import Resolver
from apothecary.writers.prompt import build_messages
from apothecary.writers.verify import Grounding
from pagekit import shipped_pages

# clinical shorthand a patient should not meet on the first screen (bracketed words, which
# explain a plain phrase, are allowed: "high blood pressure (hypertension)")
JARGON = re.compile(r"\b(?:indicated|adjunct\w*|mellitus|glyc(?:a)?emic|[lu]?rti|uti|gerd|"
                    r"hypertension|hyperlipid\w*|dyslipid\w*|septic(?:a)?emia|prophylaxis|"
                    r"essential|susceptible|organisms?|mgmt|rmp)\b", re.IGNORECASE)
BRACKETS = re.compile(r"\([^)]*\)")


# -- the shipped file ---------------------------------------------------------------------------
def test_every_row_names_kb_medicines_a_source_and_at_most_three_plain_uses() -> None:
    rows = cu.rows()
    assert len(rows) >= 4
    kb = open_kb()
    preferred: dict[str, list[str]] = {}
    for drug, name in kb.drug_names().items():
        preferred.setdefault(key(name), []).append(drug)
    for row in rows:
        where = f"line {row.line}"
        for name in row.ingredients:  # one medicine of the shipped KB has it as its name
            assert len(preferred.get(name, [])) == 1, f"{where}: {name!r} is not one KB name"
        assert len(set(row.ingredients)) == len(row.ingredients) >= 2, where
        assert 1 <= len(row.uses) <= cu.MAX_USES, where
        for use in row.uses:  # a phrase in a line, not a sentence; capital only for a name
            first = use.split()[0]
            assert use[:1].islower() or first.isupper() or first.endswith("'s"), (where, use)
            assert use == use.strip() and not use.endswith("."), where
            assert len(use) <= 110, (where, use)
            assert not JARGON.search(BRACKETS.sub("", use)), (where, use)
        assert re.search(r"^[^:]+: https://\S+$", row.source), (where, row.source)


def test_no_combination_has_two_rows_whatever_their_order() -> None:
    seen: dict[frozenset[str], int] = {}
    for row in cu.rows():
        assert row.names not in seen, f"line {row.line} repeats line {seen[row.names]}"
        seen[row.names] = row.line


def test_the_parser_rejects_a_row_without_uses_a_source_or_a_second_ingredient() -> None:
    assert cu.parse("# a comment\n\nA + B | use one; use two | NHS, X: https://x.org/\n")[0] \
        .uses == ("use one", "use two")
    for bad in ("A + B | use", "A + B |  | NHS, X: https://x.org/", "A | use | NHS, X: https://x",
                "A + B | use | src | extra"):
        with pytest.raises(ValueError, match="line 1"):
            cu.parse(bad)


def test_a_row_is_found_in_any_order_and_only_for_its_exact_set() -> None:
    row = cu.row_for(["clidinium", "Chlordiazepoxide"])
    assert row is not None and row is cu.row_for(["chlordiazepoxide", "clidinium"])
    assert cu.row_for(["doxylamine", "pyridoxine", "folic acid"]) is None
    assert cu.row_for(["doxylamine"]) is None
    assert cu.row_for(["doxylamine", "doxylamine"]) is None  # one medicine, named twice


# -- the pages ----------------------------------------------------------------------------------
_pages = shipped_pages


LINES = ("Chlordiazepoxide + Clidinium", "Doxylamine + Pyridoxine",
         "Doxylamine + Pyridoxine + Folic Acid", "Doxylamine", "Cefpodoxime + Ofloxacin")


def _used_for(page: SitePage) -> str:
    return next(st.text for s in page.sections if s.id == "key-facts" for st in s.statements
                if st.label == "Used for" or (st.label or "").endswith("used for"))


def _reviewed(page: SitePage) -> list[str]:
    return [f.id for f in page.facts if f.locator.startswith(cu.NAME)]


def test_a_row_leads_the_key_facts_and_the_usage_section_with_its_source() -> None:
    page = _pages(*LINES)[LINES[0]]
    assert _used_for(page).startswith("Irritable bowel syndrome")
    assert "anxiety" not in _used_for(page).casefold()
    usage = next(s for s in page.sections if s.id == "usage")
    first = usage.statements[0]
    row = cu.row_for(d.name for d in page.drugs)
    assert row is not None
    assert first.fact_ids == [cu.fact_id(row, row.uses[0])]
    assert first.text.endswith(f"Source: {row.source}.")
    # the combination's own uses replace its ingredients' (no "Chlordiazepoxide is used …")
    assert not any(st.ingredient for st in usage.statements)
    facts = {f.id: f for f in page.facts}
    assert all(facts[i].kind == FactKind.USE and facts[i].drug_id == page.key
               for i in _reviewed(page))
    assert cu.SOURCE.id in {s.id for s in page.sources}


def test_the_review_cases_lead_with_the_combinations_purpose() -> None:
    pages = _pages(*LINES)
    assert "pregnancy" in _used_for(pages[LINES[1]])
    assert not _used_for(pages[LINES[1]]).casefold().startswith("sleeplessness")
    assert "typhoid" in _used_for(pages[LINES[4]]).casefold()
    assert "gonorrh" not in _used_for(pages[LINES[4]]).casefold()


def test_a_single_medicine_or_a_larger_combination_is_not_matched() -> None:
    pages = _pages(*LINES)
    assert not _reviewed(pages[LINES[3]])  # doxylamine alone
    assert not _reviewed(pages[LINES[2]])  # + folic acid: another product, no row of its own
    assert _reviewed(pages[LINES[1]])


def test_the_order_of_a_list_line_does_not_matter() -> None:
    a = _pages("Clidinium + Chlordiazepoxide")["Clidinium + Chlordiazepoxide"]
    b = _pages(*LINES)[LINES[0]]
    assert _used_for(a) == _used_for(b)
    assert _reviewed(a) == _reviewed(b)


# -- the LLM writer's facts -----------------------------------------------------------------------
def test_the_llm_writer_is_given_the_rows_facts_and_its_claims_are_checked_against_them() -> None:
    kb = open_kb()
    drugs = [kb.drug(one_drug(Resolver(kb), n) or "") for n in ("chlordiazepoxide", "clidinium")]
    assert all(drugs)
    ingredients: list[Drug] = [d for d in drugs if d is not None]
    page_key = "+".join(sorted(d.id for d in ingredients))
    facts = cu.use_facts(ingredients, page_key, {s.id for s in kb.sources()})
    assert not cu.use_facts(ingredients, page_key, {"drugcentral"})  # no leaflets source
    assert [f.plain for f in facts] == list(cu.row_for(["chlordiazepoxide", "clidinium"]).uses)  # type: ignore[union-attr]
    # the model sees them as the medicine's, not as a drug id
    payload = build_messages(ingredients, facts, {d.id: d.display for d in ingredients})[-1]
    assert "Chlordiazepoxide + Clidinium" in payload["content"]
    assert page_key not in payload["content"]
    # a combination's own fact supports a sentence about the combination, never one naming
    # only one of its ingredients
    vocab = Vocabulary.build()
    names = [(n, d.id) for d in ingredients for n in (d.name, d.display)]
    page = Page([FactView.of(f, vocab) for f in facts], names, vocab)
    both = {d.id for d in ingredients}
    view = FactView.of(facts[0], vocab)
    assert page.about(view, both) and page.about(view, set())
    assert not page.about(view, {ingredients[0].id})
    # the verifier's view of a drafted sentence (writers/verify.Grounding)
    grounding = Grounding.of(facts, ingredients)
    ids = [f.id for f in facts]
    assert grounding.check("Chlordiazepoxide + Clidinium is used for irritable bowel syndrome.",
                           ids).supported
    assert not grounding.check("Clidinium is used for irritable bowel syndrome.", ids).supported
    assert not grounding.check("Chlordiazepoxide + Clidinium is used for migraine.",
                               ids).supported


def test_a_combinations_reviewed_uses_are_not_cut_on_the_first_screen() -> None:
    """Its reviewed uses are the whole line: longer than other key-facts lines may be
    (ivermectin + albendazole showed only "worm infections of the gut", combo6-b)."""
    from apothecary.monographs.key_facts import KEY_MAX
    from pagekit import shipped_pages

    line = "Ivermectin + Albendazole"
    page = shipped_pages(line)[line]
    used = next(st.text for s in page.sections if s.id == "key-facts" for st in s.statements
                if st.label == "Used for")
    assert "filariasis" in used and "gut" in used
    assert len("Used for") + len(used) > KEY_MAX  # it needed the longer line
