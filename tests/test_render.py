from __future__ import annotations

import html as htmllib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs
from markdown_it import MarkdownIt

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Page
from apothecary.render import jekyll, jsonapi
from apothecary.render.html import HtmlRenderer
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from sitekit import HOSTILE_TITLE, hostile_kb

SEED_LABELS = ["Generic Name", "Usage", "Side Effects", "How it Works", "FAQs"]


def page_for(kb: KnowledgeBase, *ids: str) -> Page:
    req = PageRequest(key="+".join(sorted(ids)), drugs=[kb.drug(i) for i in ids])  # type: ignore[misc]
    return TemplateWriter(kb).write_page(req)


@pytest.fixture
def evil_kb(tiny_kb_path: Path, tmp_path: Path) -> KnowledgeBase:
    kb = KnowledgeBase(hostile_kb(tiny_kb_path, tmp_path))
    yield kb  # type: ignore[misc]
    kb.close()


def test_jekyll_page_is_in_seed_format(tiny_kb: KnowledgeBase) -> None:
    md = jekyll.render_page(page_for(tiny_kb, "DB01060", "DB00766"), layout="drug")
    post = frontmatter.loads(md)
    assert list(post.metadata) == ["layout", "nav_exclude", "title"]
    assert post.metadata == {"layout": "drug", "nav_exclude": True,
                             "title": "Amoxicillin + Clavulanic Acid"}
    body = post.content
    assert body.startswith("# Amoxicillin + Clavulanic Acid\n")
    labels = re.findall(r"^\*\*([^*]+):\*\*", body, flags=re.M)
    assert labels[:5] == SEED_LABELS
    assert labels[-2:] == ["Disclaimer", "Note"]
    assert "**Generic Name:** Amoxicillin + Clavulanic Acid" in body


def test_hostile_names_survive_yaml_markdown_html_json(evil_kb: KnowledgeBase) -> None:
    page = page_for(evil_kb, "DBX1")
    assert page.title == HOSTILE_TITLE
    post = frontmatter.loads(jekyll.render_page(page))
    assert post.metadata["title"] == HOSTILE_TITLE  # YAML round-trips exactly
    body = post.content
    assert "{{" not in body and "{%" not in body  # Liquid sees no tag
    html_from_md = MarkdownIt().render(body)
    assert "<script>" not in html_from_md and "<b>" not in html_from_md
    assert "<img" not in html_from_md and 'href="http://x"' not in html_from_md
    h1 = re.search(r"<h1>(.*?)</h1>", html_from_md)
    assert h1 and "&lt;b&gt;" in h1.group(1)  # shown as text

    html = HtmlRenderer().render_page(page)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")  # only the page's own script tags
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld and json.loads(ld.group(1))["name"] == HOSTILE_TITLE

    class Titles(HTMLParser):
        h1 = ""
        inside = False

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.inside = tag == "h1"

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.h1 += data

    parser = Titles()
    parser.feed(html)
    assert parser.h1 == HOSTILE_TITLE

    data = json.loads(jsonapi.render_page(page, {"html": None, "jekyll": None, "json": None}))
    assert data["title"] == HOSTILE_TITLE


def test_statements_name_their_sources_in_every_format(tiny_kb: KnowledgeBase) -> None:
    page = page_for(tiny_kb, "DB00316")
    md = jekyll.render_page(page)
    html = HtmlRenderer().render_page(page)
    data = json.loads(jsonapi.render_page(page, {}))
    for s in page.sections:
        for st in s.statements:
            if not st.fact_ids:
                continue
            names = {tiny_kb.all_sources[tiny_kb.fact(i).source_id].name  # type: ignore[union-attr]
                     for i in st.fact_ids}
            line = next(ln for ln in md.splitlines() if jekyll.md_escape(st.text) in ln)
            assert all(n in line for n in names)
            if not st.companion:  # companion detail has its sources on its own page
                assert all(f"<cite>{n}</cite>" in html for n in names)
    # API v1: statements name their facts; the facts (and so their sources) are in the
    # ingredients' documents, the combination's own in the page's (tests/test_api_v1.py)
    statements = [st for s in data["sections"] for st in s.get("statements", [])
                  if st.get("fact_ids")]
    assert statements
    ingredients = {d.id for d in page.drugs}
    assert {f["id"] for f in data["facts"]} == {f.id for f in page.facts
                                                if f.drug_id not in ingredients}
    assert "lines" not in data and "inputs" not in data


def test_unverified_statements_are_marked(tiny_kb: KnowledgeBase) -> None:
    page = page_for(tiny_kb, "DB00316")
    sec = page.sections[1]
    st = sec.statements[0].model_copy(update={"verified": False})
    page.sections[1] = sec.model_copy(update={"statements": [st]})
    assert "**(unverified)**" in jekyll.render_page(page)
    assert '<span class="unverified">unverified</span>' in HtmlRenderer().render_page(page)


def test_md_escape_keeps_text_and_blocks_markup() -> None:
    md = MarkdownIt()
    for text in ["a*b*c", "[x](y)", "<i>", "1. not a list", "- no", "# no", "R&amp;D", "`c`"]:
        html = md.render(jekyll.md_escape(text))
        assert html.startswith("<p>"), (text, html)
        assert "<i>" not in html and "<a " not in html and "<code>" not in html


@example("1) not a list")
@example("10. nor this")
@example("=== or a heading")
@given(hs.text(alphabet=hs.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
@settings(max_examples=300, deadline=None)
def test_md_escape_renders_back_to_the_same_text(text: str) -> None:
    """Whatever the text, markdown shows exactly it: no markup, lists, headings or entities."""
    rendered = MarkdownIt().render(jekyll.md_escape(text)).strip()
    expected = " ".join(text.split())
    if not expected:
        assert rendered == ""
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    assert htmllib.unescape(rendered[3:-4]) == expected
