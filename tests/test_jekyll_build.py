"""The Jekyll export built by real Jekyll (CI fails when Jekyll is missing or fails)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.site import pipeline
from conftest import FIXTURES
from pagekit import LayoutWriter
from sitekit import HOSTILE_TITLE, entry, hostile_kb

pytestmark = pytest.mark.jekyll
SMART = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})  # kramdown's typography


def text_of(fragment: str) -> str:
    return html.unescape(fragment).translate(SMART)


def _jekyll() -> str:
    exe = shutil.which("jekyll")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("jekyll is not installed (scripts/setup --test installs it)")
        pytest.skip("jekyll not installed (apt-get install jekyll)")
    return exe


def test_real_jekyll_builds_the_export(tiny_kb_path: Path, tmp_path: Path) -> None:
    exe = _jekyll()
    kb = KnowledgeBase(hostile_kb(tiny_kb_path, tmp_path))
    entries = [entry(1, "DB00316"), entry(2, "DB01060", "DB00766"), entry(3, "DB00557"),
               entry(4, "DBX1")]
    # with the sections the monograph writer adds (key facts, safety, companion detail)
    report = pipeline.build_site(entries, kb, tmp_path / "out", formats=["jekyll"],
                                 writer=LayoutWriter(kb))
    site = tmp_path / "jsite"
    shutil.copytree(FIXTURES / "jekyll_site", site)
    shutil.copytree(tmp_path / "out" / "jekyll", site / "drugs")
    dest = tmp_path / "built"
    proc = subprocess.run(
        [exe, "build", "--source", str(site), "--destination", str(dest), "--trace"],
        capture_output=True, text=True, timeout=240, env={**os.environ, "JEKYLL_ENV": "test"},
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    for page in report["pages"]:
        rel = page["jekyll"].removeprefix("jekyll/").removesuffix(".md") + ".html"
        out = (dest / "drugs" / rel).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", out, re.S)
        assert title and html.unescape(title.group(1)) == page["title"]
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", out, re.S)
        assert h1 and text_of(h1.group(1)) == page["title"]
        labels = re.findall(r"<p><strong>([^<]+):</strong>", out)
        assert labels == ["Generic Name", "Usage", "Side Effects", "How it Works", "FAQs",
                          "Key facts", "Important safety information", "Interactions",
                          "Sources", "Disclaimer", "Note"]
    evil = next(p for p in report["pages"] if p["title"] == HOSTILE_TITLE)
    rel = evil["jekyll"].removeprefix("jekyll/").removesuffix(".md") + ".html"
    out = (dest / "drugs" / rel).read_text(encoding="utf-8")
    assert "<script>alert" not in out and "<b>" not in out
    assert "site.x" in out  # Liquid did not evaluate the name; it is shown as text
