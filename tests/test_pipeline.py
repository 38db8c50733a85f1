from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from apothecary.errors import BuildError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Entry, LicenceClass, Page, Status
from apothecary.render import jekyll, jsonapi4
from apothecary.site import pipeline, sitetree, state
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from sitekit import HOSTILE_TITLE, bad, entry, hostile_kb, quoted

ENTRIES = [
    entry(1, "DB00316", text="Paracetamol"),
    entry(2, "DB01060", "DB00766", text="Amoxycillin + Clavulanic Acid"),
    bad(3, "Paracetamoool"),
    entry(4, "DB00766", "DB01060", text="'Clavulanic Acid (125mg)', 'Amoxycillin (500mg)'"),
    bad(5, "<script>alert(1)</script>", Status.INVALID),
    entry(6, "DB00331", text="Metformin Hydrochloride"),
    entry(7, "DB00316", text="Paracetamol (500mg)"),
]


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_report_follows_the_contract(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = pipeline.build_site(ENTRIES, tiny_kb, out)
    assert json.loads((out / "build-report.json").read_text()) == report
    pages = report["pages"]
    assert [p["lines"] for p in pages] == [[1, 7], [2, 4], [6]]
    for p in pages:
        assert set(p) >= {"key", "title", "slug", "lines", "html", "jekyll", "json"}
        for fmt in ("html", "jekyll", "json"):
            assert (out / p[fmt]).is_file()
        assert p["jekyll"] == f"jekyll/{p['slug'][0]}/{p['slug']}.md"
    assert pages[1]["key"] == "DB00766+DB01060"
    assert pages[1]["title"] == "Amoxicillin + Clavulanic Acid"  # title in input order
    assert report["unresolved"] == [{"line": 3, "input": "Paracetamoool",
                                     "reason": "unresolved name", "suggestions": ["paracetamol"]}]
    assert report["invalid"] == [{"line": 5, "input": "<script>alert(1)</script>",
                                  "reason": "invalid name"}]
    c = report["counts"]
    assert (c["input_lines"], c["pages"], c["unresolved"], c["invalid"]) == (7, 3, 1, 1)
    assert c["duplicates_merged"] == 2
    index = quoted((out / "index.html").read_text())
    letters = re.findall(r'href="(az/[^"]+/)"', index)  # A-Z: one page per letter
    lists = "".join(quoted((out / href / "index.html").read_text()) for href in letters)
    for p in pages:  # every page reachable from the A-Z home page through its letter
        assert f'href="../../{p["html"].removesuffix("index.html")}"' in lists
    assert (out / "404.html").is_file() and (out / "sources/index.html").is_file()
    api = jsonapi4.read(out, jsonapi4.INDEX)
    assert [p["slug"] for p in api["pages"]] == [p["slug"] for p in pages]


def test_formats_not_asked_are_null(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    report = pipeline.build_site(ENTRIES[:1], tiny_kb, tmp_path / "s", formats=["jekyll"])
    page = report["pages"][0]
    assert page["html"] is None and page["json"] is None
    assert (tmp_path / "s" / page["jekyll"]).is_file()
    assert not (tmp_path / "s" / "index.html").exists()


def test_slug_collisions_get_deterministic_suffixes(tiny_kb: KnowledgeBase) -> None:
    pages = [
        TemplateWriter(tiny_kb).write_page(req)
        for req in pipeline.plan_pages([entry(1, "DB00316"), entry(2, "DB00682")], tiny_kb)[0]
    ]
    for p in pages:
        p.slug = "same"
    pipeline.assign_slugs(pages)
    assert sorted(p.slug for p in pages) == ["same", "same-2"]
    first = min(pages, key=lambda p: p.key)
    assert first.slug == "same"
    again = [p.model_copy() for p in reversed(pages)]
    for p in again:
        p.slug = "same"
    pipeline.assign_slugs(again)
    assert {p.key: p.slug for p in again} == {p.key: p.slug for p in pages}


def test_hostile_names_never_escape_the_site(tiny_kb_path: Path, tmp_path: Path) -> None:
    kb = KnowledgeBase(hostile_kb(tiny_kb_path, tmp_path))
    out = tmp_path / "site"
    report = pipeline.build_site([entry(1, "DBX1", text=HOSTILE_TITLE)], kb, out)
    page = report["pages"][0]
    assert page["title"] == HOSTILE_TITLE
    for fmt in ("html", "jekyll", "json"):
        path = (out / page[fmt]).resolve()
        assert path.is_relative_to(out.resolve()) and path.is_file()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    kept = state.states_folder(out)  # the build's state, beside the site
    assert all(p.is_relative_to(out) or p.is_relative_to(kept) or p.suffix == ".sqlite"
               for p in files)
    assert "<script>alert" not in (out / "index.html").read_text()
    for letter in (out / "az").rglob("index.html"):  # the A-Z pages list the titles
        assert "<script>alert" not in letter.read_text()
    assert "<script" not in (out / "search" / "names.json").read_text()


def test_failed_build_leaves_previous_output(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    before = {k: (out / k).read_bytes() for k in snapshot(out)}
    calls = 0
    real = jekyll.render_page

    def failing(*args: object, **kwargs: object) -> str:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt  # Ctrl+C in the middle of rendering
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jekyll, "render_page", failing)
    changed = [*ENTRIES, entry(8, "DB00682", text="Warfarin")]
    with pytest.raises(KeyboardInterrupt):  # a new layout: every page is rendered again
        pipeline.build_site(changed, tiny_kb, out, layout="page")
    assert calls == 2
    assert {k: (out / k).read_bytes() for k in snapshot(out)} == before
    # no temp folders left; the state beside the site is still the one it names
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.apothecary", "site"]
    assert [p.name for p in state.states_folder(out).iterdir()] == [state.state_id(out)]


def test_os_error_becomes_build_error(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES[:1], tiny_kb, out)
    before = (out / "build-report.json").read_text()

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jekyll, "render_page", broken)
    with pytest.raises(BuildError, match="previous output left untouched"):
        pipeline.build_site(ENTRIES, tiny_kb, out)
    assert (out / "build-report.json").read_text() == before


def api_doc(site: Path, path: Path) -> Any:
    """An API v4 document as a reader sees it: its tables as objects, its strings in
    place."""
    return jsonapi4.read(site, path)


def test_incremental_rebuild_leaves_unchanged_files_untouched(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    first = snapshot(out)
    said = {p.name: api_doc(out, p) for p in (out / "api/v4/pages").iterdir()}
    # add a page and move lines around: existing pages' files must keep inode and mtime
    changed: list[Entry] = [bad(1, "blah"), *ENTRIES[1:], entry(9, "DB00682", text="Warfarin")]
    report = pipeline.build_site(changed, tiny_kb, out)
    second = snapshot(out)
    for p in report["pages"]:
        if p["key"] in ("DB00766+DB01060", "DB00331"):
            data = api_doc(out, out / p["json"])
            # a page naming warfarin links to its new page: only its HTML is rendered again
            names_it = any("DB00682" in st.get("refs", []) for s in data["sections"]
                           for st in s.get("statements", []))
            for fmt in ("html", "jekyll"):
                same = second[p[fmt]] == first[p[fmt]]
                assert same != (names_it and fmt == "html"), p[fmt]
            # its API document says the same; its bytes change when a text it had alone is
            # now another page's too (then it is in texts.json: tests/test_api_v3.py)
            assert data == said[Path(p["json"]).name]
    warfarin = next(p for p in report["pages"] if p["key"] == "DB00682")
    assert warfarin["html"] not in first
    assert first["index.html"] != second["index.html"]  # the index did change
    assert second["static/style.css"] == first["static/style.css"]
    assert report["counts"]["files_reused"] > 0


def test_noop_rebuild_skips_everything(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = pipeline.build_site(ENTRIES, tiny_kb, out)
    snap = snapshot(out)
    again = pipeline.build_site(ENTRIES, tiny_kb, out)
    assert again.pop("up_to_date") is True
    assert again == first
    assert snapshot(out) == snap
    (out / first["pages"][0]["html"]).unlink()  # a damaged output is rebuilt, not trusted
    third = pipeline.build_site(ENTRIES, tiny_kb, out)
    assert "up_to_date" not in third and (out / first["pages"][0]["html"]).is_file()


def test_refuses_to_replace_a_folder_that_is_not_a_build(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(BuildError, match="not an apothecary build"):
        pipeline.build_site(ENTRIES, tiny_kb, tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_commercial_build_lists_exactly_the_licences_used(
    tiny_kb_path: Path, tmp_path: Path
) -> None:
    kb = KnowledgeBase(tiny_kb_path, allowed={LicenceClass.OPEN})
    out = tmp_path / "site"
    report = pipeline.build_site(ENTRIES, kb, out)
    # tiny_kb.sql: these pages' open facts come from LabeledIn, DrugCentral and the US
    # label of paracetamol (its OTC "Drug Facts")
    assert report["licences"] == ["CC BY 4.0", "Public domain"]
    assert report["sources"] == ["drugcentral", "labeledin", "openfda"]
    sources_page = (out / "sources/index.html").read_text()
    used, _, left = sources_page.partition("Left out of this edition")
    for s in kb.all_sources.values():
        if s.licence_class == LicenceClass.OPEN and s.id in report["sources"]:
            assert s.name in used
        if s.licence_class != LicenceClass.OPEN:
            assert s.name not in used and s.name in left
    for p in report["pages"]:
        md = (out / p["jekyll"]).read_text()
        note = md[md.rindex("**Note:**"):]
        assert "SIDER" not in md and "ANSM" not in note and "Not stated" not in md


def test_entry_whose_drug_left_the_kb_gets_no_page(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    report = pipeline.build_site([entry(1, "DB99999")], tiny_kb, tmp_path / "s")
    assert report["pages"] == [] and report["unresolved"][0]["line"] == 1


def test_leftovers_of_a_killed_build_are_removed(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(proc.stdout)  # that process has exited
    stale = tmp_path / f".site.building-{dead}"
    (stale / "a").mkdir(parents=True)
    alive = tmp_path / f".site.building-{os.getppid()}"  # a running process: left alone
    alive.mkdir()
    other = tmp_path / ".notes.building-1"
    other.mkdir()
    pipeline.build_site(ENTRIES[:1], tiny_kb, tmp_path / "site")
    assert not stale.exists() and alive.exists() and other.exists()


def tree_bytes(root: Path) -> dict[str, bytes]:
    skip = {pipeline.MANIFEST, pipeline.REPORT, pipeline.STAMPS, state.MARKER}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name not in skip}


def test_incremental_build_equals_a_full_build_and_skips_the_writer(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    pipeline.build_site(ENTRIES, tiny_kb, out)
    written: list[str] = []

    class Counting(TemplateWriter):
        def write_page(self, req: PageRequest) -> Page:
            written.append(req.key)
            return super().write_page(req)

    # one page added, one line of an existing page dropped
    changed: list[Entry] = [*ENTRIES[:6], entry(9, "DB00682", text="Warfarin")]
    report = pipeline.build_site(changed, tiny_kb, out, writer=Counting(tiny_kb))
    assert "DB00682" in written and "DB00331" not in written
    full = pipeline.build_site(changed, tiny_kb, fresh)
    assert tree_bytes(out) == tree_bytes(fresh)
    for k in ("pages", "unresolved", "invalid", "licences", "sources"):
        assert report[k] == full[k]
    # the manifest a light build leaves behind still lets the next one reuse every page
    written.clear()
    again = pipeline.build_site([*changed, bad(10, "Qwerty")], tiny_kb, out,
                                writer=Counting(tiny_kb))
    assert written == [] and again["pages"] == full["pages"]
    assert tree_bytes(out) == tree_bytes(fresh)


def test_a_write_failing_in_the_io_thread_leaves_previous_output(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    pipeline.build_site(ENTRIES[:1], tiny_kb, out)
    before = {k: (out / k).read_bytes() for k in snapshot(out)}

    def full_disk(path: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sitetree, "write_file", full_disk)
    with pytest.raises(BuildError, match="No space left"):
        pipeline.build_site(ENTRIES, tiny_kb, out)
    monkeypatch.undo()
    assert {k: (out / k).read_bytes() for k in snapshot(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.apothecary", "site"]

