"""What kind of medicine it is and how it works, in one plain phrase.

Targets (receptors, enzymes) stay in the JSON: a page says how a medicine works only when
its source names exactly one target the plain vocabulary explains, so research targets
("activates cannabinoid CB1 receptors") never lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Fact, FactKind
from .model import Item
from .rules import key, plain_class


def _class_rank(f: Fact) -> int:
    """FDA established class first, then WHO ATC, then MeSH pharmacological action."""
    if "FDA EPC" in f.locator:
        return 0
    if f.source_id == "who-atc":
        return 1
    if "MeSH" in f.locator:
        return 2
    return 3


_PLURAL = re.compile(r"(?<=(?:nt|ic|ve|er|or|st))s$")


def singular(text: str) -> str:
    """MeSH names classes in the plural ("Expectorants"); a page says "an expectorant"."""
    return _PLURAL.sub("", text)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def select_kind(facts: Iterable[Fact], atc: str = "") -> Item | None:
    """One plain class for the medicine (the facts wording it the same way all cited): the
    reviewed plain words of its WHO ATC class first (plain_classes.txt), never a raw ATC
    group name ("antihistamines for systemic use") when another source words it plainly."""
    classes = [f for f in facts if f.kind == FactKind.CLASS and f.plain.strip()]
    plain = plain_class(atc)
    if plain:
        ids = [f.id for f in classes if f.source_id == "who-atc"]
        return Item(text=plain, key=key(plain), fact_ids=ids)
    if not classes:
        return None
    worded = [f for f in classes if f.source_id != "who-atc" and key(f.plain) != key(f.value)]
    if worded and all(f.source_id == "who-atc" or "FDA EPC" not in f.locator
                      for f in classes):
        classes = worded  # MeSH in plain words beats a raw ATC group name
    best = min(classes, key=lambda f: (_class_rank(f), f.source_id, f.value, f.id))
    text = singular(best.plain.strip())
    ids = [f.id for f in classes if key(singular(f.plain.strip())) == key(text)]
    return Item(text=text, key=key(text), fact_ids=ids)


def select_how(facts: list[Fact], kind: Item | None) -> Item | None:
    """"a penicillin antibiotic that blocks …": led by the kind of medicine; the target only
    when it is the one target named and has plain words."""
    targets = [f for f in facts if f.kind == FactKind.MECHANISM and "drug_target" in f.locator]
    mech = None
    if len(targets) == 1 and not targets[0].plain.startswith("works on"):
        mech = targets[0]
    if kind is None and mech is None:
        return None
    if kind is None:
        assert mech is not None
        return Item(text=f"a medicine that {mech.plain.strip()}", fact_ids=[mech.id], key="how")
    text = f"{_article(kind.text)} {kind.text}"
    ids = list(kind.fact_ids)
    if mech is not None:
        text += f" that {mech.plain.strip()}"
        ids.append(mech.id)
    return Item(text=text, fact_ids=ids, key="how")
