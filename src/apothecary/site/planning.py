"""Page titles and addresses in the list's own words (issue 10: "Aspirin", not
"Acetylsalicylic Acid").

A reader searches for and recognises the name their prescription or list used. Each page
is titled with the names of the first list line merged into it, each ingredient's name as
written — strength, brackets, quotes and salt words dropped — but only when that name is
a known name of the same drug (so "Co-trimoxazole", which names two drugs, or a misspelt
name the resolver fuzzed, never becomes a title). The international name follows in
brackets when it differs ("Aspirin (acetylsalicylic acid)", see `PageRequest.title`).
The address comes from the list's names alone ("a/aspirin/"): readable, and stable for as
long as the first line of the page keeps its spelling.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Drug, Entry
from ..names.normalize import norm_key
from ..names.parse import parse_ingredient
from ..names.rules import form_name
from ..names.salts import CATION_WORDS, SALT_WORDS
from ..render.slug import slugify
from ..writers.base import PageRequest


def known_names(drug: Drug) -> set[str]:
    """Every name of the drug, as lookup keys (`norm_key`)."""
    return {norm_key(n) for n in (drug.name, drug.display, *drug.other_names, *drug.forms)}


def _reader_case(name: str) -> str:
    """A list's ALL-CAPS or all-lower name with a capital first letter ("ASPIRIN" → "Aspirin");
    a name with its own mixed case ("Clavulanic Acid", "L-Thyroxine") stays as written."""
    if name.islower() or name.isupper():
        low = name.lower()
        return low[:1].upper() + low[1:]
    return name


def list_name(written: str, drug: Drug) -> str | None:
    """The name the list used for `drug` ("Metformin Hydrochloride (500mg)" → "Metformin"),
    or None when what is left is not a known name of that drug."""
    try:
        name = parse_ingredient(written).name
    except Exception:  # noqa: BLE001 - a list line is user input: no title beats a crash
        return None
    words = name.split()
    while len(words) > 1 and norm_key(words[-1]) in SALT_WORDS:
        words.pop()
    while len(words) > 1 and norm_key(words[0]) in CATION_WORDS:
        words.pop(0)
    name = " ".join(words).strip(" '\"")
    if not name or len(name) > 80 or (norm_key(name) not in known_names(drug)
                                      and not form_name(name, drug.name)):
        return None
    if norm_key(name) == norm_key(drug.display):
        return drug.display
    return _reader_case(name)


def names_of(entry: Entry, drugs: Sequence[Drug]) -> list[str]:
    """Per drug (in `drugs` order) the list's name for it; "" where it has none."""
    written: dict[str, str] = {}
    for ing in entry.ingredients:
        if ing.id and ing.id not in written:
            written[ing.id] = ing.input
    out = []
    for d in drugs:
        name = list_name(written[d.id], d) if d.id in written else None
        out.append(name or "")
    return out


def base_slug(req: PageRequest) -> str:
    """The page's address before clashes are settled: its names as the list wrote them."""
    return slugify(req.list_title)
