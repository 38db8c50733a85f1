"""How a medicine works as the page's form uses it (review 32): a medicine's one reviewed
how-it-works sentence is often its tablets' or its nose spray's, and an eye-drop page must
not explain it through the nose. Rules: data/form_how.txt."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ..models import Fact, FactKind
from .form_codes import SYSTEMIC
from .how_it_works import lead
from .leaflets import is_leaflet
from .model import Item
from .rules import _rows

# the body parts (form keys) a how-it-works sentence names
_SITES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nose", re.compile(r"\b(?:nose|nasal|nostrils?)\b", re.IGNORECASE)),
    ("eye", re.compile(r"\b(?:eyes?|pupils?)\b", re.IGNORECASE)),
    ("ear", re.compile(r"\bears?\b", re.IGNORECASE)),
    ("skin", re.compile(r"\bskin\b", re.IGNORECASE)),
    ("vaginal", re.compile(r"\bvagina", re.IGNORECASE)),
    ("inhaled", re.compile(r"\b(?:airways?|lungs?|breathed in|inhal\w*)\b", re.IGNORECASE)),
    (SYSTEMIC, re.compile(r"\b(?:taken by mouth|by mouth|swallowed|tablets?|capsules?)\b",
                          re.IGNORECASE)),
)


def sites(text: str) -> frozenset[str]:
    """The form keys whose body part or way of taking a sentence names."""
    return frozenset(form for form, rx in _SITES if rx.search(text))


@lru_cache(maxsize=1)
def form_how_rows() -> list[tuple[str, str, str]]:
    """(WHO ATC prefix, sentence, source) rows of form_how.txt."""
    return [(p.upper(), s, src) for p, s, src in _rows("form_how.txt", 3)]


def form_sentence(codes: str) -> tuple[str, str] | None:
    """The one form_how.txt (sentence, source) the page form's codes give: the most specific
    prefix of each code; None when none, when two codes give two different ones, or when a
    code gives none (brimonidine's glaucoma code beside its red-eye one, fc26a)."""
    found: set[tuple[str, str] | None] = set() if codes.split() else {None}
    for code in codes.upper().split():
        hits = [r for r in form_how_rows() if code.startswith(r[0])]
        found.add(max(hits, key=lambda r: len(r[0]))[1:] if hits else None)
    return found.pop() if len(found) == 1 else None


def how_for_form(how: Item | None, kind: Item | None, codes: str, form: frozenset[str],
                 lookup: Mapping[str, Fact]) -> Item | None:
    """The how-it-works item of a page of a body `form` whose codes are `codes`: unchanged
    unless its reviewed sentence names another form only; then the form's own sentence
    (form_how.txt), else the kind of medicine alone."""
    if how is None:
        return how
    plain = next((lookup[i] for i in how.fact_ids if i in lookup
                  and lookup[i].kind == FactKind.MECHANISM and is_leaflet(lookup[i])), None)
    if plain is None:
        return how
    if SYSTEMIC in form:
        return _swallowed(how, kind, plain.plain)
    named = sites(plain.plain)
    if not named or named & form:
        return how
    first = lead(kind.text) if kind is not None else "a medicine"
    ids = list(kind.fact_ids) if kind is not None else []
    own = form_sentence(codes)
    if own is None:
        return Item(text=first, fact_ids=ids, key="how") if ids else None
    sentence, source = own
    return Item(text=f"{first}. {sentence}", fact_ids=ids, key="how", source=source)


# how a sentence says it is applied to the body ("Put on the skin, it gives a cooling
# feeling": menthol's rub, in a cough syrup's How it Works, review 40); a body part alone
# says nothing (acetazolamide tablets lower the pressure in the eye)
_APPLIED = re.compile(
    r"\b(?:put on the skin|(?:applied|rubbed) (?:on|to|into) the skin|rubbed on|"
    r"as (?:eye|ear|nose) drops|as a (?:nasal|nose) spray|sprayed (?:or dropped )?into the "
    r"nose|dropped into the (?:eye|ear|nose)|breathed in|as an inhaler)\b", re.IGNORECASE)


def _swallowed(how: Item, kind: Item | None, sentence: str) -> Item | None:
    """A page taken by mouth whose ingredient's how-it-works sentence is its rub's, drops' or
    inhaler's in its own words: the kind of medicine alone, else none (the section then
    says our sources do not explain it)."""
    if not _APPLIED.search(sentence):
        return how
    if kind is None or not kind.fact_ids:
        return None
    return Item(text=lead(kind.text), fact_ids=list(kind.fact_ids), key="how")
