"""Never lose a site: crashes mid-swap, concurrent builds, foreign folders, shrinking sites,
damaged files, symlinked output folders and stale code (issue: never lose a site)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.render import jsonapi4
from apothecary.site import pipeline, state

NAMES = ["Paracetamol", "Amoxicillin", "Metformin", "Warfarin", "Aspirin", "Hydroxyzine",
         "Hydralazine", "Salbutamol", "Amoxycillin + Clavulanic Acid", "Paracetamol + Aspirin",
         "Metformin + Warfarin", "Salbutamol + Hydralazine"]


def write_list(path: Path, names: list[str]) -> Path:
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    return path


def build(args: list[str], kb: Path) -> tuple[int, str]:
    """Exit code and output, without the progress lines (stderr, a terminal's only)."""
    result = CliRunner().invoke(cli, ["build", *args, "--kb", str(kb), "--format", "html,json"])
    lines = [ln for ln in result.output.splitlines() if not ln.startswith("resolving: ")]
    return result.exit_code, "\n".join(lines)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def site(tmp_path: Path, tiny_kb_path: Path) -> Path:
    out = tmp_path / "site"
    code, output = build([str(write_list(tmp_path / "list.txt", NAMES)), "--out", str(out)],
                         tiny_kb_path)
    assert code == 0, output
    assert json.loads((out / "build-report.json").read_text())["counts"]["pages"] == 12
    return out


@pytest.mark.parametrize("point", ["before-swap", "between-renames", "after-swap"])
def test_kill_at_every_step_of_the_swap_never_loses_the_site(
        site: Path, tmp_path: Path, tiny_kb_path: Path, point: str) -> None:
    before = snapshot(site)
    changed = write_list(tmp_path / "changed.txt", [*NAMES[:-1], "Aspirin + Warfarin"])
    env = {**os.environ, pipeline.FAULT_ENV: point}
    proc = subprocess.run(
        [sys.executable, "-c", "from apothecary.cli import cli; cli()", "build", str(changed),
         "--out", str(site),
         "--kb", str(tiny_kb_path), "--format", "html,json"],
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr  # SIGKILL: no chance to clean up
    if point == "between-renames":
        assert not site.exists()  # the moment the old code lost the site for good
    else:
        assert site.is_dir()
    # the next build first puts back whatever was interrupted; even when it then refuses
    # to build (here: a list that would shrink the site), the last good site is there
    code, output = build([str(write_list(tmp_path / "few.txt", NAMES[:2])), "--out",
                          str(site)], tiny_kb_path)
    assert code == 1 and "refusing to replace" in output
    after = snapshot(site)
    if point == "after-swap":  # the new site had landed
        assert any(k.endswith("-warfarin/index.html") and k not in before for k in after)
    else:
        assert after == before
    code, output = build([str(changed), "--out", str(site)], tiny_kb_path)
    assert code == 0, output
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers == [".site.apothecary"]  # the build's state, and only the site's own
    assert [p.name for p in state.states_folder(site).iterdir()] == [state.state_id(site)]


def test_a_second_build_of_the_same_folder_is_refused(site: Path, tmp_path: Path,
                                                      tiny_kb_path: Path) -> None:
    before = snapshot(site)
    with open(tmp_path / ".site.lock", "a+b") as held:  # a build in progress holds this
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        code, output = build([str(write_list(tmp_path / "l.txt", NAMES[::-1])), "--out",
                              str(site)], tiny_kb_path)
    assert code == 1
    assert output.strip().splitlines() == [
        f"Error: another build is writing {site.resolve()}; wait for it to finish"]
    assert snapshot(site) == before


@pytest.mark.parametrize("manifest", ["{}", '{"fingerprint": "x", "files": {}}'])
def test_a_folder_that_is_not_our_output_is_never_replaced(
        tmp_path: Path, tiny_kb_path: Path, manifest: str) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    (out / pipeline.MANIFEST).write_text(manifest)  # copied in from another site
    code, output = build([str(write_list(tmp_path / "l.txt", NAMES)), "--out", str(out)],
                         tiny_kb_path)
    assert code == 1 and "refusing to replace" in output
    assert (out / "thesis.docx").read_bytes() == b"years of work"


def test_own_output_with_a_users_file_added_is_refused(site: Path, tmp_path: Path,
                                                       tiny_kb_path: Path) -> None:
    (site / "notes.txt").write_text("mine")
    code, output = build([str(write_list(tmp_path / "l.txt", NAMES[::-1])), "--out", str(site)],
                         tiny_kb_path)
    assert code == 1 and "'notes.txt'" in output
    assert (site / "notes.txt").read_text() == "mine"


def test_a_shrinking_site_needs_allow_shrink(site: Path, tmp_path: Path,
                                            tiny_kb_path: Path) -> None:
    before = snapshot(site)
    utf16 = tmp_path / "utf16.txt"  # read as noise, this once replaced a 226-page site
    utf16.write_bytes("\n".join(NAMES).encode("utf-16-be"))
    few = write_list(tmp_path / "few.txt", NAMES[:3])
    code, output = build([str(few), "--out", str(site)], tiny_kb_path)
    assert code == 1 and "3 pages where it has 12" in output and "--allow-shrink" in output
    assert snapshot(site) == before
    code, output = build([str(utf16), "--out", str(site)], tiny_kb_path)  # detected: fine
    assert code == 0, output
    code, output = build([str(few), "--out", str(site), "--allow-shrink"], tiny_kb_path)
    assert code == 0, output
    assert json.loads((site / "build-report.json").read_text())["counts"]["pages"] == 3


def test_a_damaged_output_file_is_repaired_not_reused(site: Path, tmp_path: Path,
                                                      tiny_kb_path: Path) -> None:
    page = site / "p" / "paracetamol" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"")  # truncated
    code, output = build([str(tmp_path / "list.txt"), "--out", str(site)], tiny_kb_path)
    assert code == 0 and "up to date" not in output
    assert page.read_bytes() == good
    api = site / "api" / "v4" / "pages" / "paracetamol.json"
    good_api = jsonapi4.read(site, api)  # its words (a page added renumbers strings)
    api.write_bytes(api.read_bytes().replace(b"a", b"b"))  # same size, different bytes
    code, output = build([str(write_list(tmp_path / "more.txt", [*NAMES, "Aspirin + Hydroxyzine"])),
                          "--out", str(site)], tiny_kb_path)  # an incremental build
    assert code == 0, output
    assert jsonapi4.read(site, api) == good_api


def test_out_given_as_a_symlink_updates_its_target(tmp_path: Path, tiny_kb_path: Path) -> None:
    real = tmp_path / "real"
    link = tmp_path / "public"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    lst = write_list(tmp_path / "l.txt", NAMES[:2])
    assert build([str(lst), "--out", str(link)], tiny_kb_path)[0] == 0
    assert link.is_symlink() and (real / "p" / "paracetamol" / "index.html").is_file()
    assert build([str(write_list(lst, NAMES[:3])), "--out", str(link)], tiny_kb_path)[0] == 0
    assert link.is_symlink() and (real / "m" / "metformin" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".real.apothecary", "l.txt", "public", "real"]  # the target's state beside it


def test_an_unwritable_output_is_one_error_line(tmp_path: Path, tiny_kb_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, output = build([str(write_list(tmp_path / "l.txt", NAMES[:1])), "--out",
                          str(blocker / "site")], tiny_kb_path)
    assert code == 1
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot ")


def test_any_change_to_the_package_changes_the_build_fingerprint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing writers/verify.py once left the build "up to date" with pages of the old code."""
    pkg = tmp_path / "apothecary"
    shutil.copytree(pipeline.HERE, pkg, ignore=shutil.ignore_patterns("__pycache__", "kb"))
    monkeypatch.setattr(state, "HERE", pkg)

    def fp() -> str:
        state.code_fingerprint.cache_clear()
        return state.code_fingerprint()

    base = fp()
    for rel in ["writers/verify.py", "writers/llm.py", "audit/findings.py",
                "data/vocabulary/effects.txt", "render/templates/page.html"]:
        path = pkg / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert fp() != base, rel
        path.write_bytes(original)
    assert fp() == base
    state.code_fingerprint.cache_clear()


def test_a_page_that_fails_to_write_fails_alone(site: Path, tmp_path: Path, tiny_kb_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """One bad page once failed the whole build: now it is reported for its lines, stands
    as a plain notice at its address, and is written again by the next build."""
    from apothecary.writers.base import FAILED_NOTICE
    from apothecary.writers.template import TemplateWriter

    real = TemplateWriter.write_page

    def write_page(self: TemplateWriter, req: Any) -> Any:
        if req.key == "DB00682+DB00945":  # the new line, Aspirin + Warfarin
            raise ValueError("a bug in one page")
        return real(self, req)

    monkeypatch.setattr(TemplateWriter, "write_page", write_page)
    changed = write_list(tmp_path / "changed.txt", [*NAMES, "Aspirin + Warfarin"])
    code, output = build([str(changed), "--out", str(site)], tiny_kb_path)
    assert code == 0, output
    report = json.loads((site / "build-report.json").read_text())
    assert [(f["key"], f["lines"]) for f in report["failed"]] == [("DB00682+DB00945", [13])]
    assert "ValueError: a bug in one page" in report["failed"][0]["reason"]
    assert report["counts"]["failed_pages"] == 1 and report["counts"]["pages"] == 13
    page = next(p for p in report["pages"] if p["key"] == "DB00682+DB00945")
    assert page["writer"] == "failed"
    assert FAILED_NOTICE in (site / page["html"]).read_text("utf-8")
    warfarin = next(p for p in report["pages"] if p["key"] == "DB00682")
    assert FAILED_NOTICE not in (site / warfarin["html"]).read_text("utf-8")
    monkeypatch.setattr(TemplateWriter, "write_page", real)  # fixed: the next build redoes it
    code, output = build([str(changed), "--out", str(site)], tiny_kb_path)
    assert code == 0 and "up to date" not in output
    report = json.loads((site / "build-report.json").read_text())
    assert report["failed"] == [] and FAILED_NOTICE not in (site / page["html"]).read_text()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_fails_to_render_fails_alone(tmp_path: Path, tiny_kb: Any, jobs: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from apothecary.render import jekyll
    from apothecary.writers.base import FAILED_NOTICE

    if jobs > 1:
        monkeypatch.setattr(pipeline, "MIN_PAGES_PER_JOB", 1)
    real = jekyll.render_page

    def render(page: Any, *args: Any, **kwargs: Any) -> str:
        if page.key == "DB00682" and page.writer != "failed":
            raise KeyError("a template bug")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(jekyll, "render_page", render)
    from apothecary.models import Entry, Ingredient, Status

    entries = [Entry(line=n, input=name, status=Status.RESOLVED, key=key,
                     ingredients=[Ingredient(input=name, name=name.lower(), id=key)])
               for n, (key, name) in enumerate([("DB00316", "Paracetamol"),
                                                ("DB00682", "Warfarin"),
                                                ("DB00331", "Metformin")], start=1)]
    out = tmp_path / "site"
    report = pipeline.build_site(entries, tiny_kb, out, jobs=jobs)
    assert [f["key"] for f in report["failed"]] == ["DB00682"]
    assert "KeyError" in report["failed"][0]["reason"]
    warf = next(p for p in report["pages"] if p["key"] == "DB00682")
    assert FAILED_NOTICE in (out / warf["jekyll"]).read_text("utf-8")
    assert FAILED_NOTICE in (out / warf["html"]).read_text("utf-8")
    para = next(p for p in report["pages"] if p["key"] == "DB00316")
    assert FAILED_NOTICE not in (out / para["jekyll"]).read_text("utf-8")
