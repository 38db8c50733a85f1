"""A page's "Who must not take it": its ingredients' principal contraindications (must_not.txt
rows, one item each) as one short list, each item once, the most important first and at most
MAIN_MAX on the main page; the rest on the companion page (review 37: a combined pill's page
said only "over 35 and smoke", a steroid cream's nothing about babies or nappies)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import SafetyItem
from .rules import key
from .side_effects import stems

MAIN_MAX = 6  # items a main page lists: the LLM page's 3-5, never a wall of conditions
TOPIC = "must_not"
# words every item has ("Do not use it … unless a doctor says so"): never what it is about
_FRAME = frozenset({"not", "use", "unles", "doctor", "say", "your", "with", "for", "the", "had",
                    "are", "and", "ever", "who", "any", "its", "tak", "other", "another"})
_LEADS = (re.compile(r"^(Do not (?:take|use) it if you) ", re.IGNORECASE),
          re.compile(r"^(Do not (?:take|use) it) ", re.IGNORECASE))
# what a line says someone must not do: its clause before a colon ("Do not take it if you are
# over 35 and smoke: smoking raises the risk of … a blood clot" forbids smoking, not clots)
_FORBIDS = re.compile(r"\b(?:do not|must not|must never|should not|not for|not on|not in|"
                      r"never|only if|only when|unless)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

Owned = tuple[str | None, SafetyItem]


def _words(text: str) -> frozenset[str]:
    return stems(text) - _FRAME


def _forbidden(text: str) -> frozenset[str]:
    """The words of a line's clauses that forbid something."""
    clauses = (s.partition(":")[0] for s in _SENTENCE.split(text))
    return frozenset().union(*(_words(c) for c in clauses if _FORBIDS.search(c)))


def said_elsewhere(item: str, others: Sequence[str]) -> bool:
    """Whether another main-page line already forbids every condition of `item` ("Do not take
    it if you are over 35 and smoke" under the pill's key message of the same words; timolol
    eye drops' asthma under the product's "Do not use these eye drops if you have asthma")."""
    mine = _words(item)
    return bool(mine) and any(mine <= _forbidden(o) for o in others)


def joined(items: Sequence[str]) -> str:
    """Items as one sentence under their shared lead: "Do not take it if you: have had a
    blood clot; get migraines with aura." (an item alone, or items of different leads, as
    they are)."""
    if len(items) < 2:
        return " ".join(items)
    for pattern in _LEADS:
        leads = {m.group(1).casefold() if (m := pattern.match(i)) else "" for i in items}
        if len(leads) == 1 and (lead := leads.pop()):
            rest = [i[len(lead) + 1:].rstrip(".") for i in items]
            return f"{items[0][:len(lead)]}: {'; '.join(rest)}."
    return " ".join(items)


def _label(items: Sequence[SafetyItem]) -> str:
    use = all(i.text.casefold().startswith("do not use") for i in items)
    return "Who must not use it" if use else "Who must not take it"


def _grouped(picked: list[Owned], detail: bool) -> list[Owned]:
    """One safety item for each ingredient, source and form, in the order picked."""
    groups: dict[tuple[str | None, str | None, str | None], list[SafetyItem]] = {}
    for ing, s in picked:
        groups.setdefault((ing, s.source, s.form), []).append(s)
    out: list[Owned] = []
    for (ing, _, _), items in groups.items():
        first = items[0]
        out.append((ing, first.model_copy(update={
            "label": _label(items), "text": joined([i.text for i in items]),
            "short": None, "detail": detail, "own": all(i.own for i in items)})))
    return out


def merged(safety: list[Owned]) -> list[Owned]:
    """The page's safety items with its must-not items merged: ingredients in turn (each
    one's first item, then each one's second …), an item said once (by another ingredient or
    by another main-page line), MAIN_MAX on the main page, the rest and another form's items
    companion detail. Every other item is kept as it is, in its place."""
    at = next((n for n, (_, s) in enumerate(safety) if s.topic == TOPIC), None)
    if at is None:
        return safety
    others = [s.text for _, s in safety if s.topic != TOPIC and not s.detail]
    queues: dict[str | None, list[SafetyItem]] = {}
    later: list[Owned] = []
    for ing, s in safety:
        if s.topic == TOPIC:
            if s.detail:
                later.append((ing, s))
            else:
                queues.setdefault(ing, []).append(s)
    seen: set[str] = set()
    main: list[Owned] = []
    rest: list[Owned] = []
    while any(queues.values()):
        for ing, queue in queues.items():
            if not queue:
                continue
            s = queue.pop(0)
            if key(s.text) in seen or said_elsewhere(s.text, others):
                continue
            seen.add(key(s.text))
            (main if len(main) < MAIN_MAX else rest).append((ing, s))
    rest += [(ing, s) for ing, s in later if key(s.text) not in seen]
    owners = list(queues) + [ing for ing, _ in later if ing not in queues]
    main.sort(key=lambda p: owners.index(p[0]))
    rest.sort(key=lambda p: owners.index(p[0]))
    kept = [p for p in safety if p[1].topic != TOPIC]
    return kept[:at] + _grouped(main, False) + _grouped(rest, True) + kept[at:]


_GLOSS = re.compile(r"\s*\([^)]*\)")


def items_of(text: str) -> list[str]:
    """A merged item's own items again, each a whole sentence (`joined` undone)."""
    lead, colon, rest = text.partition(": ")
    if colon and _LEADS[1].match(lead + " "):
        return [f"{lead} {part}." for part in rest.rstrip(".").split("; ")]
    return [s for s in _SENTENCE.split(text) if s]


def first_screen(safety: Sequence[SafetyItem], limit: int) -> SafetyItem | None:
    """The key facts' "Who must not take it": the main list's first items, every
    ingredient's in turn as merged, without glosses, as many as fit in `limit` characters
    (review 37: the pill's first screen said only "over 35 and smoke"). None without any."""
    main = [s for s in safety if s.topic == TOPIC and not s.detail]
    if len(kinds := {s.form for s in main}) > 1 and None not in kinds:
        return _each_form(main, limit)
    lists = [items_of(s.text) for s in main]
    items = [_GLOSS.sub("", x[n]) for n in range(max(map(len, lists), default=0))
             for x in lists if n < len(x)]
    shown: list[str] = []
    for i in items:
        if len(joined([*shown, i])) > limit:
            break
        shown.append(i)
    if not shown:
        return None
    forms = {s.form for s in main}  # a cream's, on a page of a medicine also swallowed
    form = f" ({forms.pop()})" if len(forms) == 1 and None not in forms else ""
    return main[0].model_copy(update={
        "label": _label(main) + form, "text": joined(shown),
        "fact_ids": [f for s in main for f in s.fact_ids]})


def _each_form(main: Sequence[SafetyItem], limit: int) -> SafetyItem | None:
    """The first screen's items of a page of several forms (a cream that is also ear drops,
    drop_forms.py), each form's after its own, named: "Do not use it: over large areas of the
    body; in the eyes (a cream, gel or ointment). Do not use it in the ear if your eardrum is
    burst (ear drops)." Never one list that reads as the eye drops' "do not use it in the
    eyes"."""
    shown: list[str] = []
    forms = [f for f in dict.fromkeys(s.form for s in main) if f is not None]
    for n, form in enumerate(forms):
        items = [_GLOSS.sub("", x) for s in main if s.form == form for x in items_of(s.text)]
        # each form's first item at least, then as many as fit
        room = limit - len(" ".join(shown)) - sum(len(f) + 60 for f in forms[n + 1:])
        kept = [i for k, i in enumerate(items)
                if k == 0 or len(joined(items[:k + 1])) + len(form) + 4 <= room]
        text = f"{joined(kept).rstrip('.')} ({form})."
        if shown and len(" ".join([*shown, text])) > limit:
            break
        shown.append(text)
    if not shown:
        return None
    return main[0].model_copy(update={
        "label": _label(main), "text": " ".join(shown),
        "fact_ids": [f for s in main for f in s.fact_ids]})
