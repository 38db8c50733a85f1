"""Session 21's own fixes from review 39 (beside round 34's helpers)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apothecary.sentences import join_and, join_or
from pagekit import section_pairs, shipped_pages


def _faq(line: str, start: str) -> str:
    page = shipped_pages(line)[line]
    answers = [text for label, text in section_pairs(page, "faqs") if label.startswith(start)]
    assert len(answers) == 1, answers
    return answers[0]


def test_an_own_breastfeeding_answer_is_not_preceded_by_the_pregnancy_line() -> None:
    # pioglitazone's NHS pregnancy line also names breastfeeding; its own breastfeeding line
    # answers the question alone (the answer said "not recommended" twice, review 39)
    answer = _faq("Pioglitazone", "Can I take Pioglitazone while breastfeeding")
    assert "breastfeeding" in answer
    assert "pregnan" not in answer.casefold(), answer


def test_the_pregnancy_answer_keeps_its_line() -> None:
    # the pregnancy question is still answered by the pregnancy line, breastfeeding and all
    answer = _faq("Pioglitazone", "Can I take Pioglitazone if I am pregnant")
    assert "not recommended in pregnancy" in answer, answer


@given(st.lists(st.text(alphabet="abcxyz ", min_size=1, max_size=8).map(str.strip)
                .filter(lambda s: s and " " not in s), max_size=6))
def test_plain_lists_name_every_item_once_in_order(items: list[str]) -> None:
    for joined, word in ((join_and(items), " and "), (join_or(items), " or ")):
        head, _, last = joined.rpartition(word)
        back = ([*head.split(", "), last] if head else [last]) if joined else []
        assert back == items, (items, joined)


def test_a_companion_count_counts_the_entries_of_a_list_it_cannot_split() -> None:
    # one wording said once for two facts: split_items gives up, yet the "See N more" count
    # must still count the list's entries (review 40: "See 3 more" over a companion of 30)
    from apothecary.models import Statement
    from apothecary.render.budget import listed_entries

    def st(text: str, label: str | None = "Other side effects") -> Statement:
        return Statement(label=label, text=text, fact_ids=["f1", "f2"])
    assert listed_entries(st("Rash, itching, headache.")) == 3
    assert listed_entries(st("A fever, sore throat or mouth ulcers; shock; liver failure.")) == 3
    assert listed_entries(st("Not a list at all.", None)) == 1
    from apothecary.render.budget import forced

    cefepime = shipped_pages("Cefepime")["Cefepime"]
    _, moved = forced(cefepime)
    assert moved["side-effects"].count > 10, moved["side-effects"].count  # was 3


def test_wordings_that_differ_by_a_number_are_two_things() -> None:
    # "type 1" and "type 2 diabetes" were one wording (numbers were not words), and a
    # numbered effect of the heavy test KB lost its line (test_page_weight)
    from apothecary.monographs.side_effects import same_wording

    assert not same_wording("type 1 diabetes", "type 2 diabetes")
    assert not same_wording("low vitamin B12", "low vitamin B6")
    assert same_wording("fainting", "fainting or passing out")
