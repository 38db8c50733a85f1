"""Resolved list lines → one page request per distinct ingredient set, a line at a time.

A resolved entry is a few kilobytes of models; a 100,000-line list held them all (330 MB)
until the report was written. `Planner` takes the entries as they are resolved and keeps
only what the build needs of each: its line and words on its page's request, and the
entries the report lists (unresolved, invalid) whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..knowledge.store import KnowledgeBase
from ..models import Drug, Entry, Status
from ..writers.base import PageRequest
from . import planning


@dataclass
class Plan:
    """What the build does with the list: its page requests, and what the report says of
    the lines without a page."""

    requests: list[PageRequest]
    lost: list[Entry]  # resolved, but a drug is not in this knowledge base
    unresolved: list[Entry] = field(default_factory=list)
    invalid: list[Entry] = field(default_factory=list)
    lines: int = 0  # every entry
    resolved: int = 0  # entries resolved (the lost ones included)


@dataclass
class _Group:
    key: str
    drugs: list[Drug]
    names: list[str]
    lines: list[int]
    inputs: list[str]


class Planner:
    """One request per distinct key, in input order; entries whose drugs vanished from the
    knowledge base become unresolved (`lost`). Each request carries the names its first
    line used (`planning.names_of`): the title."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._drugs: dict[str, Drug | None] = {}
        self._groups: dict[str, _Group] = {}
        self.keys: set[str] = set()  # every resolved entry's key (its page may be lost)
        self.plan = Plan([], [])

    def add(self, e: Entry) -> None:
        plan = self.plan
        plan.lines += 1
        if e.status == Status.UNRESOLVED:
            plan.unresolved.append(e)
            return
        if e.status == Status.INVALID:
            plan.invalid.append(e)
            return
        if e.status != Status.RESOLVED:
            return
        plan.resolved += 1
        if e.key is not None:
            self.keys.add(e.key)
        ids: list[str] = []
        for ing in e.ingredients:
            if ing.id and ing.id not in ids:
                ids.append(ing.id)
        if not ids:
            plan.lost.append(e.model_copy(update={
                "status": Status.UNRESOLVED, "reason": "no ingredient ids", "key": None}))
            return
        key = e.key or "+".join(sorted(ids))
        group = self._groups.get(key)
        if group is not None:
            group.lines.append(e.line)
            group.inputs.append(e.input)
            return
        drugs = []
        for i in ids:
            if i not in self._drugs:
                self._drugs[i] = self.kb.drug(i)
            d = self._drugs[i]
            if d is not None:
                drugs.append(d)
        if len(drugs) != len(ids):
            plan.lost.append(e.model_copy(update={
                "status": Status.UNRESOLVED, "key": None,
                "reason": "drug not in this knowledge base"}))
            return
        self._groups[key] = _Group(key, drugs, planning.names_of(e, drugs), [e.line],
                                   [e.input])

    def finish(self, brands: Mapping[str, Sequence[str]] | None = None) -> Plan:
        """The plan, each request with the site's brands of its ingredient set."""
        brands = brands or {}
        self.plan.requests = [
            PageRequest(key=g.key, drugs=g.drugs, lines=g.lines, inputs=g.inputs,
                        names=g.names, brands=list(brands.get(g.key, ())))
            for g in self._groups.values()]
        self._groups = {}
        return self.plan


def plan_entries(entries: Iterable[Entry], kb: KnowledgeBase,
                 brands: Mapping[str, Sequence[str]] | None = None) -> Plan:
    planner = Planner(kb)
    for e in entries:
        planner.add(e)
    return planner.finish(brands)


def plan_pages(
    entries: Sequence[Entry], kb: KnowledgeBase,
    brands: Mapping[str, Sequence[str]] | None = None,
) -> tuple[list[PageRequest], list[Entry]]:
    """The page requests of `entries` and the resolved entries left without a page."""
    plan = plan_entries(entries, kb, brands)
    return plan.requests, plan.lost
