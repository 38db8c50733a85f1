"""The build's bookkeeping (manifest, stamps, search documents) lives beside the site, not
in it: what is published is the site alone (issue #14), and incremental builds still work."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from apothecary.errors import BuildError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import search
from apothecary.site import pipeline, state
from sitekit import entry
from test_pipeline import ENTRIES, snapshot, tree_bytes


def test_the_published_folder_holds_no_bookkeeping(tiny_kb: KnowledgeBase,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = pipeline.build_site(ENTRIES, tiny_kb, out)
    for name in (pipeline.MANIFEST, pipeline.STAMPS, search.DOCS_DIR):
        assert not (out / name).exists(), name
    assert (out / pipeline.REPORT).is_file()  # the contract's report stays in DIR
    kept = state.state_dir(out)
    assert kept.parent == tmp_path / ".site.apothecary" and kept.name == state.state_id(out)
    manifest = json.loads((kept / pipeline.MANIFEST).read_text())
    stamps = json.loads((kept / pipeline.STAMPS).read_text())
    # the stamps cover the site and the state alike; the manifest lists what is where
    site_files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    kept_files = {p.relative_to(kept).as_posix() for p in kept.rglob("*") if p.is_file()}
    assert set(stamps) == (site_files | kept_files) - {pipeline.STAMPS}
    assert all(state.is_state(r) for r in kept_files)
    assert not any(state.is_state(r) for r in site_files)
    docs = {r for r in manifest["files"] if r.startswith(search.DOCS_DIR + "/")}
    assert docs == {search.doc_path(p["html"]) for p in report["pages"]}
    assert docs <= kept_files


def test_a_rebuild_reads_the_state_beside_the_site(tiny_kb: KnowledgeBase,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    first = state.state_id(out)
    again = pipeline.build_site(ENTRIES, tiny_kb, out)
    assert again.get("up_to_date") is True and state.state_id(out) == first
    before, kept_before = snapshot(out), snapshot(state.state_dir(out))
    pipeline.build_site([*ENTRIES, entry(8, "DB01001")], tiny_kb, out)
    assert state.state_id(out) != first
    after, kept_after = snapshot(out), snapshot(state.state_dir(out))
    same = [k for k in before if k != state.MARKER and after.get(k) == before[k]]
    assert "p/paracetamol/index.html" in same  # linked from the previous site
    doc = f"{search.DOCS_DIR}/p/paracetamol/index.html"
    assert kept_after[doc] == kept_before[doc]  # and its search document from the state
    assert [p.name for p in state.states_folder(out).iterdir()] == [state.state_id(out)]


def test_a_site_built_with_its_state_inside_is_still_ours(tiny_kb: KnowledgeBase,
                                                          tmp_path: Path) -> None:
    """A site built before the state moved out (manifest, stamps and search documents in
    DIR) is recognised, its unchanged files reused, and rebuilt into the new layout."""
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    kept = state.state_dir(out)
    for p in kept.iterdir():
        os.rename(p, out / p.name)
    (out / state.MARKER).unlink()
    shutil.rmtree(state.states_folder(out))
    stamps = json.loads((out / pipeline.STAMPS).read_text())
    del stamps[state.MARKER]  # an older build wrote no marker
    (out / pipeline.STAMPS).write_text(json.dumps(stamps), encoding="utf-8")
    assert pipeline.manifest_fingerprint(out) is not None  # read from DIR, as before
    assert pipeline.build_site(ENTRIES, tiny_kb, out).get("up_to_date") is True
    before = snapshot(out)
    pipeline.build_site(ENTRIES[:4], tiny_kb, out)  # a change: built again
    assert not (out / pipeline.MANIFEST).exists() and not (out / search.DOCS_DIR).exists()
    assert snapshot(out)["p/paracetamol/index.html"] == before["p/paracetamol/index.html"]
    pipeline.build_site(ENTRIES[:4], tiny_kb, fresh)
    assert tree_bytes(out) == tree_bytes(fresh)


def test_a_site_whose_state_is_gone_is_not_replaced(tiny_kb: KnowledgeBase,
                                                    tmp_path: Path) -> None:
    """Without its state the build cannot tell its files from someone's: it stops."""
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    shutil.rmtree(state.states_folder(out))
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="build state .* is missing"):
        pipeline.build_site(ENTRIES[:4], tiny_kb, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@given(text=hs.text(max_size=40) | hs.text("0123456789abcdef", min_size=16, max_size=16))
@settings(max_examples=300, deadline=None)
def test_a_marker_names_a_state_inside_the_states_folder_or_none(text: str) -> None:
    """The marker's text becomes part of a path: only a plain id is ever followed."""
    sid = text.strip()
    plain = len(sid) == 16 and all(c in "0123456789abcdef" for c in sid)
    got = state.parse_marker(text)
    assert got == (sid if plain else None)
    if got is not None:
        folder = Path("/x/.site.apothecary")
        assert (folder / got).parent == folder


def test_a_damaged_marker_is_never_followed(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    (out / state.MARKER).write_text("../../elsewhere\n", encoding="utf-8")
    assert state.state_dir(out) == out
    with pytest.raises(BuildError, match="not an apothecary build"):
        pipeline.build_site(ENTRIES[:4], tiny_kb, out)
