"""Planning a list a line at a time (site/plan.py): what the report needs is kept, the
resolved entries themselves are not (a 100,000-line list held 330 MB of them)."""

from __future__ import annotations

import sys

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Status
from apothecary.site.plan import Planner, plan_pages
from sitekit import bad, entry


def test_a_resolved_entry_is_not_kept_once_planned(tiny_kb: KnowledgeBase) -> None:
    planner = Planner(tiny_kb)
    first, again, lost, unknown = (entry(1, "DB00316", text="Paracetamol"),
                                   entry(2, "DB00316", text="Paracetamol 500mg"),
                                   entry(3, "DB99999", text="Nothingmab"),
                                   bad(4, "Paracetamoool"))
    entries = [first, again, lost, unknown]
    before = [sys.getrefcount(e) for e in entries]
    for e in entries:
        planner.add(e)
    del e
    after = [sys.getrefcount(e) for e in entries]
    # the resolved ones are dropped (their line and words live on in the request; a lost
    # one is kept as a copy marked unresolved); the report's unresolved entry is kept
    assert after == [before[0], before[1], before[2], before[3] + 1]
    plan = planner.finish({"DB00316": ["Crocin"]})
    [req] = plan.requests
    assert (req.key, req.lines, req.inputs, req.brands) == (
        "DB00316", [1, 2], ["Paracetamol", "Paracetamol 500mg"], ["Crocin"])
    assert [(e.line, e.status, e.reason) for e in plan.lost] == [
        (3, Status.UNRESOLVED, "drug not in this knowledge base")]
    assert [e.line for e in plan.unresolved] == [4] and plan.invalid == []
    assert (plan.lines, plan.resolved) == (4, 3)
    assert planner.keys == {"DB00316", "DB99999"}


def test_pages_come_in_the_order_of_their_first_line(tiny_kb: KnowledgeBase) -> None:
    entries = [entry(1, "DB00331"), bad(2, "<b>", Status.INVALID), entry(3, "DB01060", "DB00766"),
               entry(4, "DB00331"), entry(5, "DB00316"), entry(6, "DB00766", "DB01060")]
    requests, lost = plan_pages(entries, tiny_kb)
    assert [(r.key, r.lines) for r in requests] == [
        ("DB00331", [1, 4]), ("DB00766+DB01060", [3, 6]), ("DB00316", [5])]
    assert lost == []
