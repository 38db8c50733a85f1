"""What two or more ingredients of a supplement combination have been studied for
(studied_uses.txt), with how good the evidence is and the fact sheet that says it.

A supplement combination had no reviewed row and its ingredients no use in common, so its
page listed each ingredient's own use ("Chromium Picolinate: blood sugar control") and never
said PCOS, male fertility or bone health, which the product is sold for (held-out review
37). We do not know what a product is sold for; fact sheets do say what its ingredients have
been studied for. When two or more of a combination's ingredients have been studied for the
same thing, the page says so, as a studied use with each ingredient's evidence and source,
never as an approved use. A rule for any combination, from rows per ingredient.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Drug, Fact, Section, Statement
from ..sentences import join_and
from .combination_uses import CombinationUse, row_facts, use_items
from .model import Item
from .rules import DATA, key

NAME = "studied_uses.txt"
STUDIED_LABEL = "Its ingredients have been studied for"
MAX_TOPICS = 2
_ATC = re.compile(r"^atc:([A-Z](?:\d\d(?:[A-Z](?:[A-Z](?:\d\d)?)?)?)?)$")


@dataclass(frozen=True)
class Studied:
    """One row: an ingredient (a name, or a WHO ATC prefix), a topic, the evidence, the
    source."""

    subject: str
    topic: str
    evidence: str
    source: str
    line: int

    def covers(self, name: str, codes: Sequence[str]) -> bool:
        found = _ATC.match(self.subject)
        if found:
            return any(c.startswith(found.group(1)) for c in codes)
        return key(name) == self.subject


def parse(text: str) -> list[Studied]:
    """Rows of "subject | topic | evidence | source"; a malformed row raises (the file is
    tested, so a bad row is a mistake to fix)."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) != 4 or not all(cells) or ": http" not in cells[3]:
            raise ValueError(f"{NAME} line {n}: want 'subject | topic | evidence | "
                             "Publisher, title: address'")
        subject = cells[0] if _ATC.match(cells[0]) else key(cells[0])
        out.append(Studied(subject, cells[1], cells[2], cells[3], n))
    return out


@lru_cache(maxsize=1)
def rows() -> list[Studied]:
    return parse((DATA / NAME).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Topic:
    """A topic two or more ingredients were studied for: (ingredient index, row) each."""

    topic: str
    by: tuple[tuple[int, Studied], ...]


def shared_topics(drugs: Sequence[Drug], atc: Callable[[Drug], str]) -> list[Topic]:
    """The topics two or more different ingredients were studied for, the most ingredients
    first (then file order); at most MAX_TOPICS."""
    if all(any(c.startswith("A02A") for c in atc(d).split()) for d in drugs):
        # every ingredient is also an antacid (calcium carbonate + magnesium oxide): the
        # product may well be one, so no supplement topic leads it
        return []
    found: dict[str, dict[int, Studied]] = {}
    for row in rows():
        for i, d in enumerate(drugs):
            if row.covers(d.name, atc(d).split()):
                found.setdefault(row.topic, {}).setdefault(i, row)
    shared = [Topic(t, tuple(sorted(by.items()))) for t, by in found.items() if len(by) > 1]
    shared.sort(key=lambda t: -len(t.by))  # stable: file order among equals
    return shared[:MAX_TOPICS]


def studied_row(drugs: Sequence[Drug], atc: Callable[[Drug], str]) -> CombinationUse | None:
    """The page's studied topics as a row (uses: the topics), for combination_uses'
    `row_facts` and `use_items`, which cite it; None for a single medicine or none shared."""
    if len({d.id for d in drugs}) < 2:
        return None
    topics = shared_topics(drugs, atc)
    if not topics:
        return None
    sources = list(dict.fromkeys(r.source for t in topics for _, r in t.by))
    return CombinationUse(tuple(key(d.name) for d in drugs), tuple(t.topic for t in topics),
                          "; ".join(sources), topics[0].by[0][1].line, NAME)


def usage_lines(drugs: Sequence[Drug], atc: Callable[[Drug], str], names: Sequence[str],
                uses: Sequence[Item]) -> list[tuple[str, str, list[str]]]:
    """(label, sentence, fact ids) for the Usage section: each topic, which ingredients were
    studied for it and how good the evidence is, each with its source."""
    facts = {u.text: list(u.fact_ids) for u in uses}
    out = []
    for t in shared_topics(drugs, atc):
        who = join_and([names[i] for i, _ in t.by])
        said: dict[str, list[str]] = {}
        for i, r in t.by:
            said.setdefault(f"{r.evidence} (source: {r.source.partition(': http')[0]})",
                            []).append(names[i])
        evidence = "; ".join(f"{join_and(n)}: {e}" if len(said) > 1 else e
                             for e, n in said.items())
        out.append((t.topic[:1].upper() + t.topic[1:],
                     f"{who} have been studied for {t.topic}. "
                     f"{evidence[:1].upper() + evidence[1:]}. This is not an approved use of "
                     "this product: ask your doctor or pharmacist whether it suits you.",
                     facts.get(t.topic, [])))
    return out


# the labels under which a page already says what the combination is for: its ingredients'
# shared use or India's approval of the product (writers/page_uses.py)
_SAID = ("Used for", "Approved in India for")


def studied_uses(drugs: Sequence[Drug], atc: Callable[[Drug], str], page_key: str,
                 served: Collection[str], uses: list[Item], uses_label: str,
                 ) -> tuple[list[Item], str, list[Fact]]:
    """A combination page's uses and their label, led by its studied topics (as cited `use`
    facts, also returned) when nothing better says what it is for; else as they were."""
    if uses_label in _SAID or len(drugs) < 2:
        return uses, uses_label, []
    row = studied_row(drugs, atc)
    facts = row_facts(row, page_key, served)
    return (use_items(row, facts), STUDIED_LABEL, facts) if facts else (uses, uses_label, [])


def studied_usage(section: Section, drugs: Sequence[Drug], atc: Callable[[Drug], str],
                  names: Sequence[str], uses: Sequence[Item], uses_label: str) -> Section:
    """The Usage section led by what the ingredients were studied for (the page's uses are
    the studied topics); each ingredient's own uses follow."""
    if uses_label != STUDIED_LABEL:
        return section
    lead = [Statement(label=label, text=text, fact_ids=ids)
            for label, text, ids in usage_lines(drugs, atc, names, uses)]
    if not lead:
        return section
    # an ingredient's own use that says the topic again (inositol's own "PCOS" row): once
    said = [re.sub(r"\s*\([^)]*\)", "", t.topic).casefold() for t in
            shared_topics(drugs, atc)]
    own = [s for s in section.statements
           if not (s.label in names and any(t in s.text.casefold() for t in said))]
    return section.model_copy(update={
        "intro": "What its ingredients have been studied for, then what each is used for; "
                 "your doctor or pharmacist will tell you what the combination is for in your "
                 "case.",
        "statements": [*lead, *own]})
