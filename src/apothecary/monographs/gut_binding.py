"""Interactions that happen only in the gut (gut_binding.txt): calcium, iron, magnesium,
aluminium, zinc, antacids or a bile acid binder bind a medicine so less of it is taken up.
They need both medicines swallowed: a drip never meets the binder in the gut (review 39:
zoledronic acid, a yearly drip, listed calcium and iron, and a patient told by its label to
take calcium could stop it). A medicine given only by injection leaves them out; one both
swallowed and injected labels them "(when taken by mouth)"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..models import Fact
from .rules import _rows, key
from .uses import product_forms

NEVER = "never"  # given only by injection (or only on the body): never swallowed
ALSO = "also"  # swallowed, and given another way too (an injection)
ONLY = "only"  # only swallowed
SWALLOWED = "tablets or liquid to swallow"  # route_forms.txt's words for WHO's oral route

_RECORD = re.compile(r"\bthesaurus record (\d+)\b")
# the sentence says the other medicine is taken up or absorbed less (or bound)
_UPTAKE = re.compile(r"\b(?:taken up|takes? up|absorb\w*|uptake|binds?|bound)\b", re.I)
# a sentence about an injection is about that route, not the gut ("iron taken by mouth is
# absorbed less well after an iron infusion": the infusion's own interaction)
_INJECTION = re.compile(r"\b(?:infusions?|injections?|injected|drips?|into a vein)\b", re.I)


@lru_cache(maxsize=1)
def _table() -> tuple[frozenset[str], re.Pattern[str]]:
    rows = [k for k, _ in _rows("gut_binding.txt", 2)]
    records = frozenset(k[5:].strip() for k in rows if k.startswith("ansm:"))
    words = sorted((key(k[7:]) for k in rows if k.startswith("binder:")), key=len, reverse=True)
    # a binder as the one that binds, never as what is taken up ("lower the calcium the body
    # takes up", "how much iron the body takes up": a steroid's or an acid blocker's effect)
    binder = re.compile(r"(?<!\bthe )(?<!\bhow much )\b(?:"
                        + "|".join(re.escape(w) + "s?" for w in words) + r")\b", re.I)
    return records, binder


def binds_in_gut(fact: Fact) -> bool:
    """Whether an interaction fact is one of binding in the gut: its ANSM record's risk is
    reduced absorption from the gut, or its sentence names a binder and says the other
    medicine is taken up less (and does not speak of an injection)."""
    records, binder = _table()
    m = _RECORD.search(fact.locator or "")
    if m and fact.source_id == "ansm":
        return m.group(1) in records
    text = (fact.plain or "").strip()
    if not text or key(text) == key(fact.value):  # a bare pair: its source gives no mechanism
        return False
    return bool(_UPTAKE.search(text) and binder.search(text) and not _INJECTION.search(text))


def bare(fact: Fact) -> bool:
    """A pair a source lists with no mechanism (no sentence, no ANSM record): ONC's lists."""
    return not _RECORD.search(fact.locator or "") and key((fact.plain or "").strip()) in (
        "", key(fact.value))


def swallowed(atc: str, routes: Sequence[str]) -> str:
    """Whether a medicine is swallowed, by its WHO DDD routes and codes (product_forms):
    ONLY, ALSO (and another way), NEVER (its routes known, none by mouth), "" not known."""
    if not routes:
        return ""
    forms = product_forms(atc, routes)
    if not forms:
        return ""
    if SWALLOWED not in forms:
        return NEVER
    return ONLY if forms == [SWALLOWED] else ALSO


def gut_caution(fact: Fact) -> bool:
    """A caution (food, milk: no partner medicine) whose sentence says the medicine is taken
    up or absorbed less: the gut's, so never a drip's."""
    if fact.other_id:
        return False
    text = fact.plain or ""
    return bool(_UPTAKE.search(text)) and not _INJECTION.search(text)


_BY_MOUTH = re.compile(r"\b(?:by mouth|tablets? or capsules?|oral (?:tablets?|medicines?))\b",
                       re.I)


def says_by_mouth(fact: Fact) -> bool:
    """A sentence about medicines taken by mouth ("take antibiotics by mouth at least 1 hour
    before your exenatide injection"): never between two medicines only ever injected."""
    return bool(_BY_MOUTH.search(fact.plain or ""))
