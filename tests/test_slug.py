from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from apothecary.render.slug import first_char_dir, slugify


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


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_alphanumerics_are_kept_in_order(text: str) -> None:
    kept = "".join(c for c in text.lower() if c.isascii() and c.isalnum())
    assert slugify(text).replace("-", "") == (kept or "page")
