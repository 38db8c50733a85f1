"""Reading published pages: both layouts, bad files, and a parser that never raises."""

from __future__ import annotations

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
