"""What keeps a build's memory bounded (issue 14) leaves its bytes as they were: the page
summaries are held as their compact JSON, the manifest is written from those texts, and a
big build leaves every page to forked workers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi
from apothecary.site import pagecache, pipeline, state, workers
from apothecary.writers.template import TemplateWriter
from test_pipeline import tree_bytes
from test_work_once import MORE

# text with what the fast encoder cannot write (a lone surrogate) and what it escapes
TEXT = hs.text(alphabet=hs.sampled_from(["a", "é", "\"", "\\", "\n", "\x00", "\ud800", "ü",
                                         "\u2028", "€"]), max_size=6)
SUMMARY = hs.fixed_dictionaries({
    "key": TEXT, "title": TEXT, "other_names": hs.lists(TEXT, max_size=3),
    "claims": hs.fixed_dictionaries({"supported": hs.integers(0, 9)}),
    "fallback_reason": hs.none() | TEXT, "links": hs.dictionaries(TEXT, TEXT, max_size=2)})


@given(summary=SUMMARY)
@settings(max_examples=200, deadline=None)
def test_a_packed_summary_reads_back_as_it_was(summary: dict[str, Any]) -> None:
    assert pagecache.unpack(pagecache.pack(summary)) == summary


@given(requests=hs.dictionaries(TEXT, SUMMARY, max_size=4), fp=TEXT,
       files=hs.dictionaries(TEXT, TEXT, max_size=3), head=hs.booleans(),
       tail=hs.booleans())
@settings(max_examples=300, deadline=None)
def test_the_manifest_from_packed_summaries_is_the_whole_objects_bytes(
    requests: dict[str, dict[str, Any]], fp: str, files: dict[str, str], head: bool,
    tail: bool,
) -> None:
    """Written a piece at a time from the packed texts, or whole when one of them (or any
    other string) needs the ASCII fallback: always what `jsonapi.dumps` writes of the
    whole manifest."""
    first = {"fingerprint": fp, "files": files} if head else {}
    last = {"version": 1} if tail else {}
    out = io.StringIO()
    pagecache.write_manifest(out, first, {k: pagecache.pack(v) for k, v in requests.items()},
                             last)
    assert out.getvalue() == jsonapi.dumps(
        {**first, "requests": dict(sorted(requests.items())), **last})


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_that_leaves_its_pages_to_workers_writes_the_same_site(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Past `OFFLOAD_PAGES` fresh pages the building process writes none itself (what the
    writing leaves in memory ends with the workers), for one job or more; the site, report
    and manifest are byte for byte those of a build that writes its pages in process."""
    if not workers.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(pipeline, "MIN_PAGES_PER_JOB", 1)
    with monkeypatch.context() as here:
        here.setattr(pipeline, "OFFLOAD_PAGES", 10**9)
        usual = pipeline.build_site(MORE, tiny_kb, tmp_path / "usual", jobs=1)
    monkeypatch.setattr(pipeline, "OFFLOAD_PAGES", 1)
    written: list[int] = []  # pages written in this process (a worker's are not seen)
    real = TemplateWriter.write_pages

    def spy(self: TemplateWriter, requests: Any, progress: Any = None) -> Any:
        written.append(len(requests))
        return real(self, requests, progress)

    monkeypatch.setattr(TemplateWriter, "write_pages", spy)
    offloaded = pipeline.build_site(MORE, tiny_kb, tmp_path / "offloaded", jobs=jobs)
    assert not written
    assert offloaded == usual
    assert tree_bytes(tmp_path / "offloaded") == tree_bytes(tmp_path / "usual")
    assert (state.state_dir(tmp_path / "offloaded") / pipeline.MANIFEST).read_bytes() == \
        (state.state_dir(tmp_path / "usual") / pipeline.MANIFEST).read_bytes()
