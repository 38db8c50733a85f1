"""Reading published pages: both layouts, bad files, and a parser that never raises."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from apothecary.audit.pages import find_pages, parse_page, read_page, section_id

SEED_STYLE = """---
title: Demo
---

# Demo

**Generic Name:** Demo

**Usage:**

Demo treats pain. It also lowers fever.

* **Headache:** a first bullet.
* A second bullet
  that wraps.

**Note:** An inline note in the usage part.

**Side Effects:**

* Nausea

**FAQs:**

* **Why?** Because.
"""

VARIANT_STYLE = """# Demo

## Generic Name
Demo

### Usage
Demo treats pain.

### Dosage
Ask.

#### Precautions
Care.

### How it Works
It works.
"""


def test_seed_layout_sections_and_sentences() -> None:
    page = parse_page(SEED_STYLE, "d/demo.md")
    assert page.title == "Demo" and not page.problems
    assert [s.id for s in page.sections] == [
        "title", "generic-name", "usage", "note", "side-effects", "faqs"]
    usage = page.section("usage")[0]
    assert usage.sentences() == [
        "Demo treats pain.", "It also lowers fever.", "Headache: a first bullet.",
        "A second bullet that wraps."]
    assert page.section("generic-name")[0].text() == "Demo"


def test_variant_layout_sections() -> None:
    page = parse_page(VARIANT_STYLE)
    assert page.title == "Demo"  # from the H1: no front matter
    assert page.section_ids() == {
        "title", "generic-name", "usage", "dosage", "precautions", "how-it-works"}


def test_heading_aliases() -> None:
    assert section_id("Side effects") == "side-effects"
    assert section_id("Frequently Asked Questions") == "faqs"
    assert section_id("Mechanism of Action") == "how-it-works"
    assert section_id("Storage tips") == "storage-tips"


def test_bold_text_that_is_not_a_section_stays_content() -> None:
    page = parse_page("# T\n\n**Usage:**\n\n**Important:** take with water.\n")
    assert [s.id for s in page.sections] == ["title", "usage"]
    assert "take with water" in page.section("usage")[0].text()


def test_front_matter_problems(tmp_path: Path) -> None:
    assert "front matter" in parse_page("---\ntitle: [x\n---\n# H\n").problems[0]
    listy = parse_page("---\n- a\n- b\n---\n# H\n")
    assert listy.title == "H" and "mapping" in listy.problems[0]
    numeric = parse_page("---\ntitle: 1984\n---\nbody\n")
    assert numeric.title == "1984"
    none = parse_page("just text, no title\n")
    assert none.title is None and "no title" in none.problems[-1]
    unclosed = parse_page("---\ntitle: x\nno closing line\n")
    assert unclosed.problems


def test_read_page_undecodable_and_nul(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n\x00# x\n")
    page = read_page(tmp_path / "a.md", tmp_path)
    assert page.path == "a.md" and page.title == "Caf\ufffd"
    assert any("UTF-8" in p for p in page.problems) and any("NUL" in p for p in page.problems)


def test_find_pages_skips_hidden_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("# x")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "y.md").write_text("# y")
    (tmp_path / "z.txt").write_text("# z")
    assert [p.relative_to(tmp_path).as_posix() for p in find_pages(tmp_path)] == ["b/y.md"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-#*:_ \n\tabcT!?.[]()'\"`é\u2028")), max_size=300))
def test_parse_page_never_raises_markdownish(text: str) -> None:
    page = parse_page(text)
    for sec in page.sections:
        sec.sentences()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_parse_page_never_raises_front_matter(meta: str, body: str) -> None:
    page = parse_page(f"---\n{meta}\n---\n{body}")
    assert page.title is None or isinstance(page.title, str)


def test_find_pages_stays_inside_and_reports_what_it_skips(tmp_path: Path) -> None:
    """A probe found the audit copying /etc files into its report through symlinks and
    passing over nine entries without a word."""
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "ok.md").write_text("# ok")
    outside = tmp_path / "secret.md"
    outside.write_text("# secret outside")
    (root / "leak.md").symlink_to(outside)
    (root / "linkdir").symlink_to(tmp_path)
    (root / "dangling.md").symlink_to(root / "nowhere.md")
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "alias.md").symlink_to(root / "a" / "ok.md")
    (root / "x.md").mkdir()
    (root / "x.md" / "inner.md").write_text("# inner")
    os.mkfifo(root / "pipe.md")
    (root / ".cache").mkdir()
    (root / ".cache" / "c.md").write_text("# c")
    skipped: list[tuple[str, str]] = []
    found = [p.relative_to(root).as_posix() for p in find_pages(root, skipped)]
    assert found == ["a/ok.md", "alias.md", "x.md/inner.md"]
    assert dict(skipped) == {
        ".cache": "hidden folder",
        "dangling.md": "broken symlink",
        "leak.md": "symlink points outside the folder",
        "linkdir": "symlink points outside the folder",
        "loop.md": "symlink loop",
        "pipe.md": "not a regular file (FIFO, socket or device)",
        "x.md": "a folder named like a page",
    }


def test_audit_report_lists_skipped_entries_and_prints_names_escaped(tmp_path: Path,
                                                                       tiny_kb_path: Path) -> None:
    from click.testing import CliRunner

    from apothecary.cli import cli

    root = tmp_path / "site"
    root.mkdir()
    (root / "Paracetamol.md").write_text("---\ntitle: Paracetamol\n---\n# Paracetamol\n")
    evil = "evil\x1b[31mred\nforged: line.md"
    (root / evil).write_text("# Aspirin\n")
    (root / "gone.md").symlink_to(root / "missing.md")
    runner = CliRunner()
    as_json = runner.invoke(cli, ["audit", str(root), "--json", "--kb", str(tiny_kb_path)])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.output)
    assert report["skipped"] == [{"path": "gone.md", "reason": "broken symlink"}]
    assert report["counts"]["skipped"] == 1
    assert evil in {p["path"] for p in report["pages"]}
    text = runner.invoke(cli, ["audit", str(root), "--kb", str(tiny_kb_path)])
    assert text.exit_code == 0
    assert "\x1b" not in text.output and "\nforged: line.md" not in text.output
    assert "skipped gone.md: broken symlink" in text.output
