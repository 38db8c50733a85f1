"""The build split over forked worker processes gives exactly the serial build's output."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.errors import BuildError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Entry
from apothecary.render import jekyll
from apothecary.site import pipeline, state, workers
from sitekit import entry
from test_pipeline import ENTRIES, snapshot, tree_bytes

MORE = [*ENTRIES, entry(8, "DB00682", text="Warfarin"),
        entry(9, "DB00316", "DB00682", text="Paracetamol + Warfarin")]


def break_jekyll_in(monkeypatch: pytest.MonkeyPatch, where: str,
                    failure: Callable[[], None]) -> None:
    """Make rendering markdown call `failure` in the worker or the parent ("worker" or
    "parent"), and work as usual in the other process."""
    parent = os.getpid()
    real = jekyll.render_page

    def render(*args: object, **kwargs: object) -> str:
        if (os.getpid() == parent) == (where == "parent"):
            failure()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jekyll, "render_page", render)


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork a worker however few pages there are (the default waits for 100 per worker)."""
    if not workers.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(pipeline, "MIN_PAGES_PER_JOB", 1)


def test_plan_jobs_forks_only_for_enough_pages_and_a_pure_writer(
    tiny_kb: KnowledgeBase,
) -> None:
    template = pipeline.make_writer("template", tiny_kb)
    assert pipeline.plan_jobs(1, template, 10_000) == 1
    assert pipeline.plan_jobs(4, template, 10) == 1
    assert pipeline.plan_jobs(4, template, 250) == 2
    assert pipeline.plan_jobs(2, template, 10_000) == 2

    class Chatty:  # like the LLM writer: not cacheable, so never forked
        name = "chatty"
        cacheable = False

    assert pipeline.plan_jobs(4, Chatty(), 10_000) == 1  # type: ignore[arg-type]


@pytest.mark.usefixtures("forking")
def test_two_processes_build_exactly_what_one_builds(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    seen: list[tuple[str, int, int]] = []
    one = pipeline.build_site(MORE, tiny_kb, tmp_path / "one", jobs=1)
    two = pipeline.build_site(MORE, tiny_kb, tmp_path / "two", jobs=2,
                              progress=lambda *a: seen.append(a))
    assert two == one
    assert tree_bytes(tmp_path / "two") == tree_bytes(tmp_path / "one")
    assert (state.state_dir(tmp_path / "two") / pipeline.MANIFEST).read_bytes() == \
        (state.state_dir(tmp_path / "one") / pipeline.MANIFEST).read_bytes()
    pages = len(one["pages"])
    for stage in ("writing", "rendering"):  # the worker's pages are counted too
        assert (stage, pages, pages) in seen, stage
    assert all(done <= total for _, done, total in seen)


@pytest.mark.usefixtures("forking")
def test_incremental_build_with_workers_reuses_unchanged_files(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    pipeline.build_site(MORE, tiny_kb, out, jobs=2)
    first = snapshot(out)
    changed: list[Entry] = [*MORE, entry(10, "DB00557", text="Hydroxyzine"),
                            entry(11, "DB01001", text="Salbutamol")]
    report = pipeline.build_site(changed, tiny_kb, out, jobs=2, layout="default")
    second = snapshot(out)
    kept = [p for p in report["pages"] if p["key"] == "DB00331"][0]
    for fmt in ("html", "jekyll"):  # its API document is the main process's: it changes
        assert second[kept[fmt]] == first[kept[fmt]]  # when a text it had alone is shared
    assert report["counts"]["files_reused"] > 0
    assert tree_bytes(out) == tree_bytes(_fresh(changed, tiny_kb, tmp_path / "fresh"))


def _fresh(entries: list[Entry], kb: KnowledgeBase, out: Path) -> Path:
    pipeline.build_site(entries, kb, out, jobs=1)
    return out


@pytest.mark.usefixtures("forking")
def test_a_failure_in_a_worker_leaves_the_previous_output(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    pipeline.build_site(MORE, tiny_kb, out, jobs=1)
    before = {k: (out / k).read_bytes() for k in snapshot(out)}
    def disk_on_fire() -> None:  # an error of the system, not of one page
        raise OSError("disk on fire")

    break_jekyll_in(monkeypatch, "worker", disk_on_fire)
    with pytest.raises(BuildError, match="a build worker failed: OSError: disk on fire"):
        pipeline.build_site(MORE, tiny_kb, out, jobs=2, layout="page")
    assert {k: (out / k).read_bytes() for k in snapshot(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.apothecary", "site"]


@pytest.mark.usefixtures("forking")
def test_a_worker_that_dies_is_noticed(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_jekyll_in(monkeypatch, "worker", lambda: os._exit(9))  # killed: no message
    with pytest.raises(BuildError, match="a build worker died"):
        pipeline.build_site(MORE, tiny_kb, tmp_path / "site", jobs=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("forking")
def test_a_failure_in_the_parent_stops_the_worker(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ctrl_c() -> None:
        raise KeyboardInterrupt

    break_jekyll_in(monkeypatch, "parent", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build_site(MORE, tiny_kb, tmp_path / "site", jobs=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("forking")
def test_jobs_option_of_the_build_command(
    runner: CliRunner, tiny_kb_path: Path, tmp_path: Path
) -> None:
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\nWarfarin\nMetformin\nAmoxycillin + Clavulanic Acid\n", "utf-8")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"site{jobs}"
        result = runner.invoke(cli, ["build", str(src), "--out", str(out), "--jobs", jobs,
                                     "--kb", str(tiny_kb_path), "--format", "jekyll,json"])
        assert result.exit_code == 0, result.output
        outs.append(tree_bytes(out))
    assert outs[0] == outs[1] and len(outs[0]) > 8
    bad = runner.invoke(cli, ["build", str(src), "--out", str(tmp_path / "x"), "--jobs", "0",
                              "--kb", str(tiny_kb_path)])
    assert bad.exit_code == 2 and "--jobs" in bad.output
