"""`build --keep-urls`: old paths reused per ingredient set, merged duplicates redirected."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from click.testing import CliRunner

from apothecary.audit.urls import OldPage, old_url, plan_urls, redirect_page
from apothecary.cli import cli
from sitekit import quoted

AUDIT = Path(__file__).parent / "fixtures" / "audit"


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    old = tmp_path / "old"
    for rel in ("defects/a/amoxicillin-clavulanic-acid.md",
                "defects/c/clavulanic-acid-amoxycillin.md",
                "defects/o/omega-.md", "normal/s/salbutamol.md"):
        target = old / rel.split("/", 1)[1]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(AUDIT / rel, target)
    pcm = (AUDIT / "normal/p/paracetamol.md").read_text(encoding="utf-8")
    (old / "p").mkdir()
    (old / "p" / "pcm.md").write_text(
        pcm.replace("title: Paracetamol", "title: Paracetamol\npermalink: /medicines/pcm/"),
        encoding="utf-8")
    return old


def build(runner: CliRunner, tmp_path: Path, kb: Path, old: Path, fmt: str) -> dict[str, Any]:
    listing = tmp_path / "list.txt"
    listing.write_text("Paracetamol\nClavulanic Acid + Amoxycillin\nMetformin\nSalbutamol\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(listing), "--out", str(out), "--format", fmt,
                                 "--keep-urls", str(old), "--kb", str(kb)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "build-report.json").read_text(encoding="utf-8"))


def test_keep_urls_jekyll_paths_and_redirect_from(tmp_path: Path, tiny_kb_path: Path,
                                                  runner: CliRunner, old_site: Path) -> None:
    report = build(runner, tmp_path, tiny_kb_path, old_site, "html,jekyll,json")
    out = tmp_path / "out"
    by_key = {p["key"]: p for p in report["pages"]}
    combo = by_key["DB00766+DB01060"]
    assert combo["jekyll"] == "jekyll/a/amoxicillin-clavulanic-acid.md"  # the old path
    assert by_key["DB01001"]["jekyll"] == "jekyll/s/salbutamol.md"
    post = frontmatter.loads((out / combo["jekyll"]).read_text(encoding="utf-8"))
    assert post["redirect_from"] == ["/c/clavulanic-acid-amoxycillin.html"]
    assert post["title"] and post["layout"] == "default"
    pcm = frontmatter.loads((out / by_key["DB00316"]["jekyll"]).read_text(encoding="utf-8"))
    assert pcm["permalink"] == "/medicines/pcm/" and "redirect_from" not in pcm.metadata
    # a page with no old counterpart gets its normal slug and no extras
    met = frontmatter.loads((out / by_key["DB00331"]["jekyll"]).read_text(encoding="utf-8"))
    assert "redirect_from" not in met.metadata and "permalink" not in met.metadata


def _follow(out: Path, rel: str) -> Path:
    text = quoted((out / rel).read_text(encoding="utf-8"))
    href = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)
    assert href and f'<a href="{href.group(1)}">' in text and 'rel="canonical"' in text
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href.group(1)))
    return out / target / "index.html"


def test_keep_urls_html_redirects_and_url_map(tmp_path: Path, tiny_kb_path: Path,
                                              runner: CliRunner, old_site: Path) -> None:
    report = build(runner, tmp_path, tiny_kb_path, old_site, "html,jekyll,json")
    out = tmp_path / "out"
    by_key = {p["key"]: p for p in report["pages"]}
    combo_html = out / by_key["DB00766+DB01060"]["html"]
    # the merged duplicate and the kept page's old .html address both lead to the new page
    assert _follow(out, "c/clavulanic-acid-amoxycillin.html") == combo_html
    assert _follow(out, "a/amoxicillin-clavulanic-acid.html") == combo_html
    assert _follow(out, "medicines/pcm/index.html") == out / by_key["DB00316"]["html"]
    url_map = {m["source"]: m for m in report["url_map"]}
    merged = url_map["c/clavulanic-acid-amoxycillin.md"]
    assert merged["old"] == "/c/clavulanic-acid-amoxycillin.html"
    assert merged["key"] == "DB00766+DB01060" and not merged["kept"]
    assert merged["new"] == "/" + by_key["DB00766+DB01060"]["html"][: -len("index.html")]
    assert url_map["a/amoxicillin-clavulanic-acid.md"]["kept"]
    assert url_map["o/omega-.md"]["new"] is None  # unresolved: nothing to carry over
    assert len(report["url_map"]) == 5


def test_keep_urls_without_html_writes_no_redirect_files(tmp_path: Path, tiny_kb_path: Path,
                                                         runner: CliRunner, old_site: Path) -> None:
    report = build(runner, tmp_path, tiny_kb_path, old_site, "jekyll")
    out = tmp_path / "out"
    assert not list(out.rglob("*.html"))
    kept = {m["source"]: m for m in report["url_map"]}["a/amoxicillin-clavulanic-acid.md"]
    assert kept["old"] == kept["new"] and not kept["redirect"]


def test_keep_urls_missing_folder_is_a_clean_error(tmp_path: Path, tiny_kb_path: Path,
                                                   runner: CliRunner) -> None:
    listing = tmp_path / "l.txt"
    listing.write_text("Paracetamol\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(listing), "--out", str(tmp_path / "o"),
                                 "--keep-urls", str(tmp_path / "none"), "--kb", str(tiny_kb_path)])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_old_url_rejects_unsafe_permalinks() -> None:
    assert old_url("a/x.md", {}) == "/a/x.html"
    assert old_url("a/x.md", {"permalink": "/drugs/x/"}) == "/drugs/x/"
    for bad in ("/../../etc/passwd", "/a/<script>/", "/:title/", "javascript:alert(1)", 42):
        url = old_url("a/x.md", {"permalink": bad})
        assert url == "/a/x.html" or (".." not in url and "<" not in url and ":" not in url)


def test_redirect_page_escapes_title() -> None:
    text = redirect_page("/a/x/", "b/y.html", '<script>"&', None)
    assert "<script>" not in text and "&lt;script&gt;&quot;&amp;" in text
    assert 'url=../a/x/"' in text


def test_plan_gives_distinct_slugs_to_same_stem_in_two_folders() -> None:
    pages = [OldPage("a/x.md", "/a/x.html", "X", "K1"), OldPage("b/x.md", "/b/x.html", "X", "K2")]
    plan = plan_urls(pages, ["K1", "K2"], {}, ["html", "jekyll"])
    assert len(set(plan.slugs.values())) == 2
    assert set(plan.files) >= {"a/x.html", "b/x.html"}
