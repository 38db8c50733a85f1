"""What a medicine is for: its use facts, grouped, ranked and worded (prevention as prevention)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..knowledge.vocab_terms import CONDITIONS
from ..models import Fact, FactKind
from .model import Item
from .rules import key, prevention

_BRACKETS = re.compile(r"\s*\([^)]*\)")
SOURCE_RANK = {"labeledin": 0, "drugcentral": 1}  # LabeledIn: human-reviewed label indications


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", text.casefold()).strip() + " "


@lru_cache(maxsize=1)
def _condition_rank() -> dict[str, int]:
    """The shared conditions vocabulary lists the commonest indications first."""
    return {k: i for i, k in enumerate(CONDITIONS)}


def select_uses(facts: Iterable[Fact], classes: Iterable[str] = ()) -> list[Item]:
    """One item per use (facts with the same wording merged), most useful first: a use that
    others refine ("pain" before "back pain") leads, then one the medicine's class names
    ("fever" for a "fever reducer"), then uses more sources agree on, then the commonest."""
    class_words = " ".join(classes).casefold()
    uses = [f for f in facts if f.kind == FactKind.USE and f.plain.strip()]
    checked = [f for f in uses if corroborated(f)]
    groups: dict[str, tuple[str, list[Fact]]] = {}
    for f in checked or uses:
        text = prevention().get(key(f.value)) or f.plain.strip()
        k = key(_BRACKETS.sub("", text)) or key(text)  # "depression (low mood)" = "depression"
        if k in groups and len(text) > len(groups[k][0]):  # the wording that explains more
            groups[k] = (text, groups[k][1])
        groups.setdefault(k, (text, []))[1].append(f)
    words = {k: _words(t) for k, (t, _) in groups.items()}

    order = _condition_rank()

    def rank(k: str) -> tuple[int, int, int, int, int, str]:
        _, fs = groups[k]
        general = sum(1 for o, w in words.items() if o != k and words[k] in w)
        best_source = min(SOURCE_RANK.get(f.source_id, 9) for f in fs)
        known = min(order.get(key(f.value), len(order)) for f in fs)
        named = bool(class_words) and k in class_words
        return (-general, -named, -len({f.source_id for f in fs}), known, best_source, k)

    return [Item(text=groups[k][0], key=k, fact_ids=[f.id for f in groups[k][1]])
            for k in sorted(groups, key=rank)]


def corroborated(fact: Fact) -> bool:
    """A use checked beyond one source's say-so: LabeledIn (expert-curated), or a DrugCentral
    indication that SIDER or the medicine's class backs. A medicine with any such use shows
    only those: an uncorroborated DrugCentral row is wrong about one time in ten (lithium
    carbonate "for rheumatoid arthritis", from another lithium salt), and a false use on a
    page is the worst error there is."""
    if fact.source_id != "drugcentral":
        return True
    return not fact.locator.endswith("(uncorroborated)")


def use_keys(facts: Iterable[Fact]) -> set[str]:
    """The source terms and plain words of a medicine's uses: never its side effects."""
    out: set[str] = set()
    for f in facts:
        if f.kind == FactKind.USE:
            out |= {key(f.value), key(f.plain)}
    return out


def shared_uses(per_drug: list[list[Item]]) -> list[Item]:
    """Uses every ingredient of a combination has (ranked as the first ingredient ranks them),
    each citing every ingredient's facts."""
    if not per_drug or not all(per_drug):
        return []
    common = set.intersection(*({i.key for i in items} for items in per_drug))
    out = []
    for item in per_drug[0]:
        if item.key in common:
            ids = [fid for items in per_drug for i in items if i.key == item.key
                   for fid in i.fact_ids]
            out.append(item.model_copy(update={"fact_ids": ids}))
    return out
