"""Hypothesis properties of the small parsers the builder relies on: never raise, keep data."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from apothecary.knowledge import vocabulary
from apothecary.knowledge.sources import sider
from apothecary.knowledge.sources.ansm import french_candidates
from apothecary.names.normalize import norm_key
from apothecary.names.salts import SALT_WORDS, parent_candidates, strip_salt

salt = st.sampled_from(sorted(SALT_WORDS))
word = st.from_regex(r"[a-z]{3,10}", fullmatch=True).filter(lambda w: w not in SALT_WORDS)


@given(st.text())
def test_strip_salt_never_loses_words(text: str) -> None:
    norm = norm_key(text)
    base, found = strip_salt(norm)
    if found is None:
        assert base == norm
    else:
        assert sorted((base + " " + found).split()) == sorted(norm.split())
        assert base and all(w not in SALT_WORDS for w in base.split()[-1:])


@given(word, st.lists(salt, min_size=1, max_size=3))
def test_drug_plus_salt_words_strips_to_drug(drug: str, salts: list[str]) -> None:
    base, found = strip_salt(" ".join([drug, *salts]))
    assert base == drug and found == " ".join(salts)
    assert parent_candidates(" ".join([drug, *salts]))[0] == drug


@given(st.text())
def test_french_candidates_never_raise(text: str) -> None:
    out = french_candidates(text)
    assert len(out) == len(set(out))
    if norm_key(text):
        assert out[0] == norm_key(text)


@given(st.text(), st.text(), st.text())
def test_frequency_class_is_total(desc: str, lo: str, hi: str) -> None:
    assert sider.frequency_class(desc, lo, hi) in (None, *sider.FREQUENCY_RANK)


@given(st.text())
@example(",:")  # an empty half of "A, B" once left a trailing space
@settings(max_examples=500)
def test_plain_wording_is_one_clean_line(term: str) -> None:
    for fn in (vocabulary.plain_effect, vocabulary.plain_condition, vocabulary.plain_class):
        out = fn(term)
        assert "\n" not in out and "\t" not in out and out == out.strip()


def test_quaternary_derivatives_are_not_salts() -> None:
    # hyoscine butylbromide is not hyoscine; codeine methylbromide is not codeine
    assert "methylbromide" not in SALT_WORDS and "butylbromide" not in SALT_WORDS
    assert strip_salt("hyoscine butylbromide") == ("hyoscine butylbromide", None)
    assert parent_candidates("codeine methylbromide") == []


@given(st.text())
def test_official_wording_helpers_never_raise_and_keep_letters(text: str) -> None:
    from apothecary.knowledge.official import lower_name, plain_enough, tidy
    letters = lambda s: [c for c in s.lower() if c.isalnum()]  # noqa: E731
    if "\u00c2" not in text and "\u00e2" not in text:  # encoding damage is tidied away
        assert letters(tidy(text)) == letters(text)
    assert "\n" not in tidy(text)
    assert lower_name(text).lower() == text.lower()
    assert isinstance(plain_enough(text), bool)


@settings(max_examples=50)
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                 max_size=12), max_size=7), max_size=6))
def test_new_readers_never_raise_on_any_csv(rows: list[list[str]]) -> None:
    import csv
    import tempfile
    from pathlib import Path

    from apothecary.knowledge.sources import cdsco, dilirank, who_atc
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel in (dilirank.FILE, cdsco.FILE, who_atc.FILE, who_atc.COMBINATIONS):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(rows)
        dilirank.read_ranks(root)
        cdsco.read_approvals(root)
        who_atc.read_codes(root)
        who_atc.read_combinations(root)
