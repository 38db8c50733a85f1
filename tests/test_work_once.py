"""Work done once per ingredient: combination pages use the ingredients' cached facts."""

from __future__ import annotations

import itertools

from apothecary.knowledge.store import KnowledgeBase
from apothecary.site import pipeline
from apothecary.writers.template import TemplateWriter
from sitekit import entry

IDS = ["DB00316", "DB00682", "DB01060", "DB00766", "DB00331"]


def test_interactions_among_from_cache_match_the_query(tiny_kb: KnowledgeBase) -> None:
    writer = TemplateWriter(tiny_kb)
    seen = 0
    for n in (2, 3):
        for ids in itertools.permutations(IDS, n):
            got = writer.interactions_among(ids)
            assert got == tiny_kb.interactions_among(ids)
            seen += len(got)
    assert seen  # the fixture has interactions among these


def test_facts_are_fetched_once_per_ingredient_not_per_page(tiny_kb: KnowledgeBase) -> None:
    """Writing every two- and three-ingredient page queries the facts table a fixed number
    of times (one prefetch), however many pages share the ingredients."""
    entries = [entry(n, *ids) for n, ids in enumerate(
        [*itertools.combinations(IDS, 2), *itertools.combinations(IDS, 3)], 1)]
    requests, _ = pipeline.plan_pages(entries, tiny_kb)
    assert len(requests) == 20
    queries: list[str] = []
    tiny_kb.conn.set_trace_callback(queries.append)
    try:
        pages = TemplateWriter(tiny_kb).write_pages(requests)
    finally:
        tiny_kb.conn.set_trace_callback(None)
    assert len(pages) == 20
    # (documented_counts, one GROUP BY over the whole table, ranks interaction partners)
    fact_queries = [q for q in queries if "FROM facts" in q and "GROUP BY" not in q]
    assert len(fact_queries) == 1, fact_queries
