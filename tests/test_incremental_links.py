"""A rebuild links the previous build's files that were intact when it started without
looking at each again (issue 14: 15,000 `stat` calls on the bench list): a file removed
or edited before the build still makes it write that file, and one removed while the build
runs fails the build with the previous site untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from apothecary.errors import BuildError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.site import pipeline, state
from sitekit import entry
from test_pipeline import ENTRIES, tree_bytes

MORE = [*ENTRIES, entry(9, "DB00682", text="Warfarin")]


def test_files_damaged_before_the_build_are_written_again(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    report = pipeline.build_site(ENTRIES, tiny_kb, out, jobs=1)
    page = out / report["pages"][0]["html"]
    page.unlink()
    jekyll = out / report["pages"][1]["jekyll"]
    jekyll.write_text("edited", encoding="utf-8")
    again = pipeline.build_site(MORE, tiny_kb, out, jobs=1)
    assert again["counts"]["files_reused"] > 0
    pipeline.build_site(MORE, tiny_kb, fresh, jobs=1)
    assert tree_bytes(out) == tree_bytes(fresh)


def test_a_file_gone_during_the_build_fails_it_and_keeps_the_site(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    report = pipeline.build_site(ENTRIES, tiny_kb, out, jobs=1)
    before = tree_bytes(out)
    assert report["pages"]
    page = sorted((out / "static").iterdir())[0]  # the same bytes again: linked
    intact = pipeline.intact_files

    def then_removed(out_dir: Path, stats: dict[str, object]) -> set[str]:
        found = intact(out_dir, stats)  # intact when the build looked, gone right after
        page.rename(tmp_path / "away")
        return found
    monkeypatch.setattr(pipeline, "intact_files", then_removed)
    with pytest.raises(BuildError, match="previous output left untouched"):
        pipeline.build_site(MORE, tiny_kb, out, jobs=1)
    (tmp_path / "away").rename(page)
    assert tree_bytes(out) == before
    assert state.read_manifest(out)  # the previous build's state is still there
    assert not list(tmp_path.glob(".site.building-*"))
