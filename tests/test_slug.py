from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from apothecary.render.slug import MAX_SLUG, first_char_dir, slugify


def test_seed_rule_examples() -> None:
    assert slugify("Amoxicillin + Clavulanic Acid") == "amoxicillin-clavulanic-acid"
    assert slugify("  L-alanyl-L-glutamine ") == "l-alanyl-l-glutamine"
    assert slugify("Métformine") == "metformine"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("<>&\"'") == "page"


@given(st.text())
def test_slug_is_always_a_safe_path_segment(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slugify(slug) == slug  # idempotent
    assert first_char_dir(slug) == slug[0]


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=MAX_SLUG))
def test_alphanumerics_are_kept_in_order(text: str) -> None:
    kept = "".join(c for c in text.lower() if c.isascii() and c.isalnum())
    assert slugify(text).replace("-", "") == (kept or "page")


MULTIVITAMIN = " + ".join([
    "Vitamin A", "Vitamin D3", "Vitamin E", "Thiamine", "Riboflavin", "Nicotinamide",
    "Pyridoxine", "Cyanocobalamin", "Folic Acid", "Ascorbic Acid", "Biotin",
    "Calcium Pantothenate", "Zinc Sulphate", "Magnesium Oxide", "Manganese Sulphate",
    "Copper Sulphate", "Chromium Picolinate", "Selenium Dioxide", "Sodium Molybdate",
    "Potassium Iodide", "Ferrous Fumarate", "Lysine", "Methylcobalamin"])


def test_a_23_ingredient_name_gets_a_short_stable_unique_slug() -> None:
    full = re.sub(r"[^0-9a-z]+", "-", MULTIVITAMIN.lower()).strip("-")  # the seed rule alone
    slug = slugify(MULTIVITAMIN)
    assert len(MULTIVITAMIN) > 300 and len(slug) <= MAX_SLUG < len(full)
    assert slug.startswith("vitamin-a-vitamin-d3-") and re.search(r"-[0-9a-f]{8}$", slug)
    assert slugify(MULTIVITAMIN) == slug  # stable
    assert slugify(MULTIVITAMIN.replace("Lysine", "Leucine")) != slug  # distinct


@given(st.text(min_size=MAX_SLUG + 1, max_size=400))
def test_slugs_never_exceed_the_limit(text: str) -> None:
    slug = slugify(text)
    assert len(slug) <= MAX_SLUG and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
