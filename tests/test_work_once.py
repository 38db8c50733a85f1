"""Work done once per ingredient: combination pages use the ingredients' cached facts."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi
from apothecary.site import pipeline, state, workers
from apothecary.site.pagefiles import PageFiles
from apothecary.writers.template import TemplateWriter
from sitekit import entry
from test_pipeline import ENTRIES, tree_bytes

MORE = [*ENTRIES, entry(8, "DB00682", text="Warfarin"),
        entry(9, "DB00316", "DB00682", text="Paracetamol + Warfarin")]

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
    """Writing all twenty two- and three-ingredient pages of five ingredients queries the
    facts table as often as writing two of them: one prefetch of the ingredients' facts
    (plus the writer's one-off whole-table lookups), nothing per page."""
    entries = [entry(n, *ids) for n, ids in enumerate(
        [*itertools.combinations(IDS, 2), *itertools.combinations(IDS, 3)], 1)]
    requests, _ = pipeline.plan_pages(entries, tiny_kb)
    assert len(requests) == 20

    def fact_queries(reqs: list[Any]) -> list[str]:
        queries: list[str] = []
        tiny_kb.conn.set_trace_callback(queries.append)
        try:
            pages = TemplateWriter(tiny_kb).write_pages(reqs)
        finally:
            tiny_kb.conn.set_trace_callback(None)
        assert len(pages) == len(reqs)
        return [q for q in queries if "FROM facts" in q]

    few, every = fact_queries(requests[:2]), fact_queries(requests)
    counts = [q for q in few + every if q.endswith("GROUP BY drug_id")]
    assert len(counts) == 1 and counts[0] in few  # the use counts: once per opened KB
    sold = [q for q in few + every if "source_id = 'cdsco'" in q]
    assert len(sold) == 1 and sold[0] in few  # what is sold in India: once per opened KB
    assert len(every) == len(few) - 2
    assert sum("WHERE drug_id IN" in q for q in every) == 1  # the prefetch


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_streaming_build_writes_the_same_site(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A build renders each batch as soon as it is written (bounded memory: every build
    does, by default); its site, report and manifest are byte for byte those of a build
    that holds every page until all are written, for any number of processes."""
    if jobs > 1:
        if not workers.can_fork():
            pytest.skip("no fork on this platform")
        monkeypatch.setattr(pipeline, "MIN_PAGES_PER_JOB", 1)
    with monkeypatch.context() as held:
        held.setattr(pipeline, "STREAM_PAGES", 10**9)
        usual = pipeline.build_site(MORE, tiny_kb, tmp_path / "usual", jobs=1)
    monkeypatch.setattr(pipeline, "WRITE_CHUNK", 2)  # several batches
    rendered: list[int] = []
    real = PageFiles.render_pages

    def spy(self: PageFiles, pages: Any, tick: Any = None) -> None:
        rendered.append(len(pages))
        real(self, pages, tick)

    monkeypatch.setattr(PageFiles, "render_pages", spy)
    streamed = pipeline.build_site(MORE, tiny_kb, tmp_path / "streamed", jobs=jobs)
    if jobs == 1:  # (a forked worker's calls are not seen here)
        assert rendered.count(2) >= 2  # rendered batch by batch, as written
    assert streamed == usual
    assert tree_bytes(tmp_path / "streamed") == tree_bytes(tmp_path / "usual")
    assert (state.state_dir(tmp_path / "streamed") / pipeline.MANIFEST).read_bytes() == \
        (state.state_dir(tmp_path / "usual") / pipeline.MANIFEST).read_bytes()


def test_each_ingredient_document_goes_to_one_process_that_has_it(
    tiny_kb: KnowledgeBase,
) -> None:
    """So the ingredient's monograph, built for its pages, serves its document too."""
    entries = [entry(n, *ids) for n, ids in enumerate(
        [*itertools.combinations(IDS, 2), *itertools.combinations(IDS, 3)], 1)]
    requests, _ = pipeline.plan_pages(entries, tiny_kb)
    drugs = sorted({d.id: d for r in requests for d in r.drugs}.values(), key=lambda d: d.id)
    for n in (1, 2, 3):
        shares = [requests[k::n] for k in range(n)]
        got = pipeline.share_ingredients(drugs, shares)
        assert sorted(d.id for part in got for d in part) == [d.id for d in drugs]
        for k, part in enumerate(got):
            held = {d.id for r in shares[k] for d in r.drugs}
            assert {d.id for d in part} <= held
    # an ingredient on no fresh page (all its pages unchanged) still gets its document
    alone = pipeline.share_ingredients(drugs, [[], []])
    assert sorted(d.id for part in alone for d in part) == [d.id for d in drugs]


@given(fp=hs.text(max_size=80), first=hs.booleans())
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_manifest_fingerprint_is_read_from_its_head(
    tmp_path: Path, fp: str, first: bool
) -> None:
    """A no-op rebuild reads only the manifest's first bytes; whatever the fingerprint holds
    (or where it stands), the answer is the full parse's."""
    data = {"fingerprint": fp, "files": {"a": "b" * 40}} if first else \
        {"files": {}, "fingerprint": fp}
    (tmp_path / pipeline.MANIFEST).write_text(jsonapi.dumps(data), encoding="utf-8")
    assert pipeline.manifest_fingerprint(tmp_path) == pipeline.read_manifest(tmp_path).get(
        "fingerprint")
