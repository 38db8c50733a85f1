"""The drug page's weight budget (issue 6): long lists move to companion pages.

A drug page (HTML plus the stylesheet and scripts it links) must stay within `PAGE_BUDGET`
bytes, whatever the knowledge base holds. When the full page is heavier, the long, least
urgent lists move, item by item, to companion pages in the page's own folder
(`side-effects/index.html`, `interactions/index.html`): the page keeps the first part of
each such list and links to the rest. Nothing is dropped: every item (a side-effect term,
an interacting medicine, with the facts behind it) is on exactly one of the files, with
its source.

Before any of that, statements the writer marked `companion=True` (detail that belongs on
the companion page: the less common side effects, the other interactions) always move to the
companion page of their section (`forced`), whatever the page weighs; the budget then works
on what is left. Which lists move first (`tier_of`): side effects whose frequency is not
known; minor, unranked and "take care" interactions; moderate interactions; rare and less
common side effects. Only if the page is still too heavy do the rest of the side-effect and
interaction lists move (common and post-marketing side effects, serious interactions), so
the budget holds for any content; uses, how it works, FAQs, sources, disclaimer and note
always stay.
The rule measures the rendered page rather than counting items, so it holds exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..models import Fact, Page, Section, Statement
from .slug import slugify

PAGE_BUDGET = 30 * 1024  # bytes: HTML + linked CSS/JS, the search index not counted

# label prefixes the writers use (writers/template.py, the monograph stage), lightest first;
# "Also <label>" (the rest of a capped list) is in the same tier as <label>
_TIERS: list[tuple[str, tuple[str, ...]]] = [
    ("side-effects", ("How often is not known", "Reported (how often is not known)",
                      "Other side effects", "Other reported side effects",
                      "Changes in blood and other tests", "Reported around operations",
                      "With injections only", "With drips", "Where a skin product",
                      "With eye drops", "With ear drops", "With inhalers", "In newborn babies",
                      "In babies born early")),
    ("interactions", ("Listed as an interaction", "Minor interaction",
                      "Take care when used together", "May interact")),
    ("interactions", ("Moderate interaction",)),
    ("side-effects", ("Rare", "Less common")),
]
LAST_TIER = len(_TIERS)  # every other list of these sections: only if nothing else fits
MOVABLE = ("side-effects", "interactions")
NOUNS = {"side-effects": ("side effect", "side effects"),
         "interactions": ("interaction", "interactions"),
         "safety": ("safety message", "safety messages"),
         "usage": ("use", "uses"),
         "faqs": ("question", "questions"),
         "key-facts": ("key fact", "key facts"),
         "how-it-works": ("detail", "details"),
         "generic-name": ("list of other names", "lists of other names")}


def tier_of(section_id: str, label: str | None) -> int | None:
    """How early a labelled statement may move off the drug page (None: never)."""
    if section_id not in MOVABLE or not label:
        return None
    if label.startswith("Also "):
        label = _cap(label.removeprefix("Also "))
    for n, (sid, prefixes) in enumerate(_TIERS):
        if sid == section_id and label.startswith(prefixes):
            return n
    return LAST_TIER


def preposition(section_id: str) -> str:
    """"See 12 more side effects of X", but "See 3 more safety messages about X"."""
    return "about" if section_id in ("safety", "key-facts", "faqs") else "of"


def noun(section_id: str, count: int) -> str:
    one, many = NOUNS.get(section_id, ("entry", "entries"))
    return one if count == 1 else many


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Item:
    """One entry of a list statement: its words and the facts behind them."""

    text: str
    fact_ids: tuple[str, ...]


@dataclass
class Slot:
    """A list statement that may give its items to a companion page."""

    section: int  # index in page.sections
    index: int  # index in the section's statements
    tier: int
    statement: Statement
    items: list[Item]  # one item (the whole statement) when it cannot be split
    split: bool  # items are the statement's own list entries
    capital: bool  # the list starts with a capital letter added by the writer
    section_id: str = ""

    def part(self, items: Sequence[Item], more: int = 0) -> Statement:
        """The statement restricted to some of its items (and saying how many moved)."""
        if not self.split:
            return self.statement
        ids = [i for it in items for i in it.fact_ids]
        if not items:
            text = f"{more} {noun(self.section_id, more)}: see the list linked below."
            return self.statement.model_copy(update={"text": text, "fact_ids": []})
        words = ", ".join(it.text for it in items)
        words = _cap(words) if self.capital else words
        text = f"{words} and {more} more." if more else _sentence(words)
        return self.statement.model_copy(update={"text": text, "fact_ids": ids})


def split_items(st: Statement, facts: Mapping[str, Fact]) -> tuple[list[Item], bool] | None:
    """A list statement's entries with their facts, or None when the text is not a list
    this module can take apart exactly (then the statement moves whole, if at all).

    Side effects read "Nausea, headache." (one entry per plain wording, in fact order);
    interactions read "Aspirin, warfarin." (one entry per partner, its facts in a row).
    The bool says whether the writer capitalised the first entry.
    """
    if not st.label or not st.fact_ids or any(i not in facts for i in st.fact_ids):
        return None
    plain: dict[str, tuple[str, list[str]]] = {}
    for i in st.fact_ids:
        f = facts[i]
        k = f.plain.strip().casefold()
        if not k:
            return None
        plain.setdefault(k, (f.plain.strip(), []))[1].append(i)
    words = [w for w, _ in plain.values()]
    if len(words) > 1 and _sentence(_cap(", ".join(words))) == st.text:
        return [Item(w, tuple(ids)) for w, ids in plain.values()], True
    runs: list[list[str]] = []
    last: str | None = None
    for i in st.fact_ids:
        other = facts[i].other_id
        if other is None:
            return None
        if other != last:
            runs.append([])
            last = other
        runs[-1].append(i)
    names = st.text.strip()[:-1].split(", ") if st.text.strip().endswith(".") else []
    if len(runs) > 1 and len(names) == len(runs) and _sentence(", ".join(names)) == st.text:
        return [Item(n, tuple(ids)) for n, ids in zip(names, runs, strict=True)], False
    return None


def slots_of(page: Page) -> list[Slot]:
    facts = {f.id: f for f in page.facts}
    out = []
    for si, section in enumerate(page.sections):
        for ti, st in enumerate(section.statements):
            tier = tier_of(section.id, st.label)
            if tier is None or not st.fact_ids:
                continue
            found = split_items(st, facts)
            items, capital = found if found else ([Item(st.text, tuple(st.fact_ids))], False)
            out.append(Slot(si, ti, tier, st, items, split=found is not None,
                            capital=capital, section_id=section.id))
    return out


@dataclass
class Moved:
    """What one section gives to its companion page(s)."""

    section: Section
    statements: list[Statement] = field(default_factory=list)
    count: int = 0  # list entries moved
    names: set[str] = field(default_factory=set)  # casefolded entries moved whole-word

    @property
    def slug(self) -> str:
        return slugify(self.section.id) or "more"


def apply(page: Page, slots: Sequence[Slot], keep: Mapping[int, int]
          ) -> tuple[list[Section], dict[str, Moved]]:
    """The drug page's sections with each slot cut to `keep[n]` items, and what moved."""
    changed: dict[tuple[int, int], Statement | None] = {}
    moved: dict[str, Moved] = {}
    for n, slot in enumerate(slots):
        k = keep.get(n, len(slot.items))
        if k >= len(slot.items):
            continue
        rest = slot.items[k:]
        section = page.sections[slot.section]
        m = moved.setdefault(section.id, Moved(section))
        m.count += len(rest)
        if slot.split:
            changed[(slot.section, slot.index)] = slot.part(slot.items[:k], len(rest))
            m.statements.append(slot.part(rest))
            m.names.update(it.text.casefold() for it in rest)
        else:
            changed[(slot.section, slot.index)] = None
            m.statements.append(slot.statement)
    if not changed:
        return list(page.sections), moved
    sections = []
    for si, section in enumerate(page.sections):
        if not any(key[0] == si for key in changed):
            sections.append(section)
            continue
        statements = []
        for ti, st in enumerate(section.statements):
            new = changed.get((si, ti), st)
            if new is not None:
                statements.append(new)
        sections.append(section.model_copy(update={"statements": statements}))
    return sections, moved


def forced(page: Page) -> tuple[list[Section], dict[str, Moved]]:
    """The page's sections without their `companion` statements, and those statements as
    the first thing each section gives to its companion page. A moved statement counts as
    its list entries when this module can take it apart, else as the medicines it names
    (`refs`), else as one entry."""
    facts = {f.id: f for f in page.facts}
    sections: list[Section] = []
    moved: dict[str, Moved] = {}
    for section in page.sections:
        if not any(st.companion for st in section.statements):
            sections.append(section)
            continue
        m = moved.setdefault(section.id, Moved(section))
        for st in section.statements:
            if not st.companion:
                continue
            m.statements.append(st)
            found = split_items(st, facts)
            if found:
                m.names.update(it.text.casefold() for it in found[0])
            m.count += len(found[0]) if found else (len(st.refs) or listed_entries(st))
        sections.append(section.model_copy(update={
            "statements": [st for st in section.statements if not st.companion]}))
    return sections, moved


def listed_entries(st: Statement) -> int:
    """The entries of a list statement that `split_items` cannot take apart exactly (one
    wording said once for two facts, review 40's "See 3 more side effects" over a companion
    of 30): "a; b; c." when an entry has a comma, else "a, b, c."; one for any other."""
    if not st.label or not st.fact_ids:
        return 1
    text = st.text.strip().removesuffix(".")
    return len(text.split("; ")) if "; " in text else len(text.split(", "))


def merge(first: Mapping[str, Moved], then: Mapping[str, Moved]) -> dict[str, Moved]:
    """What each section gives to its companion page: `first`'s statements, then `then`'s."""
    out = {sid: Moved(m.section, list(m.statements), m.count, set(m.names))
           for sid, m in first.items()}
    for sid, m in then.items():
        if sid not in out:
            out[sid] = Moved(m.section, list(m.statements), m.count, set(m.names))
            continue
        o = out[sid]
        o.statements += m.statements
        o.count += m.count
        o.names |= m.names
    return out


def fit(slots: Sequence[Slot], fits: Callable[[Mapping[int, int]], bool]) -> dict[int, int]:
    """Items each slot keeps: whole tiers move, lightest first, until the page fits; the
    last tier moved is then given back as many items per slot as still fit (binary search
    on one cap shared by its slots, so every list keeps a first part of the same length).
    When even moving every tier does not fit, everything movable moves."""
    keep = {n: len(s.items) for n, s in enumerate(slots)}
    for tier in sorted({s.tier for s in slots}):
        members = [n for n, s in enumerate(slots) if s.tier == tier]
        for n in members:
            keep[n] = 0
        if not fits(keep):
            continue
        lo, hi = 0, max(len(slots[n].items) for n in members)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            trial = dict(keep)
            trial.update({n: min(mid, len(slots[n].items)) for n in members})
            if fits(trial):
                lo = mid
            else:
                hi = mid - 1
        keep.update({n: min(lo, len(slots[n].items)) for n in members})
        if lo == 0:  # no shared cap fits: give back whole one-item slots in page order
            # (a combination's first interaction lines, most important first, instead of
            # an Interactions section that is only a link: review 19)
            for n in members:
                if len(slots[n].items) == 1:
                    trial = dict(keep)
                    trial[n] = 1
                    if fits(trial):
                        keep = trial
        return keep
    return keep


def chunks(sid: str, statements: Sequence[Statement], facts: Mapping[str, Fact],
           fits: Callable[[list[Statement]], bool]) -> list[list[Statement]]:
    """Moved statements cut into companion pages that each fit (greedy, item by item)."""
    if fits(list(statements)):
        return [list(statements)]
    queue: list[tuple[Statement, list[Item] | None, bool]] = []
    for st in statements:
        found = split_items(st, facts)
        queue.append((st, found[0] if found else None, found[1] if found else False))
    pages: list[list[Statement]] = []
    current: list[Statement] = []
    while queue:
        st, items, capital = queue[0]
        if fits([*current, st]):
            current.append(st)
            queue.pop(0)
            continue
        if items is not None and len(items) > 1:
            slot = Slot(0, 0, 0, st, items, split=True, capital=capital, section_id=sid)
            lo, hi = 0, len(items) - 1  # the largest first part that still fits
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if fits([*current, slot.part(items[:mid])]):
                    lo = mid
                else:
                    hi = mid - 1
            if lo == 0 and not current:
                lo = 1  # one entry alone is too heavy: it gets a page anyway
            if lo:
                current.append(slot.part(items[:lo]))
                rest = slot.part(items[lo:])
                queue[0] = (rest, items[lo:], capital)
        if current:
            pages.append(current)
            current = []
        elif queue[0][0] is st:  # a statement that cannot be split gets a page anyway
            pages.append([st])
            queue.pop(0)
    if current:
        pages.append(current)
    return pages
