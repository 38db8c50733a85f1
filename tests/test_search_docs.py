"""Search documents: what Pagefind indexes for each drug page, written before rendering."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import search
from apothecary.site import pipeline, state
from apothecary.writers.template import TemplateWriter
from sitekit import HOSTILE_TITLE, entry, hostile_kb
from test_pipeline import snapshot


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1: list[str] = []
        self.text: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data: str) -> None:
        (self.h1 if self._in_h1 else self.text).append(data)


def _page(kb: KnowledgeBase, *ids: str):  # type: ignore[no-untyped-def]
    req = pipeline.plan_pages([entry(1, *ids)], kb)[0][0]
    return TemplateWriter(kb).write_page(req)


def test_search_doc_carries_names_conditions_and_the_pages_words(
    tiny_kb: KnowledgeBase,
) -> None:
    page = _page(tiny_kb, "DB00316")
    doc = search.search_doc(page, tiny_kb)
    parsed = _Text()
    parsed.feed(doc)
    text = " ".join(parsed.text)
    assert "".join(parsed.h1) == page.title
    for name in search.alternate_names(page):  # acetaminophen finds Paracetamol
        assert name in text
    for condition in search.conditions(page, tiny_kb):
        assert condition in text
    usage = next(s for s in page.sections if s.id == "usage")
    assert all(st.text in text for st in usage.statements)
    # what the page is not about stays out: the medicines it interacts with, its side
    # effects (so "warfarin" finds Warfarin, not every page that mentions warfarin)
    shown = {st.label for s in page.sections if s.id == "side-effects"
             for st in s.statements if st.label}
    shown |= {st.text for s in page.sections if s.id == "interactions" for st in s.statements
              if st.refs}  # the medicines it interacts with
    assert shown and not any(label in text for label in shown)
    assert "data-pagefind-body" in doc


def test_search_doc_escapes_hostile_text(tiny_kb_path: Path, tmp_path: Path) -> None:
    kb = KnowledgeBase(hostile_kb(tiny_kb_path, tmp_path))
    page = _page(kb, "DBX1")
    doc = search.search_doc(page, kb)
    assert "<b>" not in doc and "</script>" not in doc and "{{" in doc
    parsed = _Text()
    parsed.feed(doc)
    assert "".join(parsed.h1) == HOSTILE_TITLE  # the parser has undone the escaping


def test_build_writes_one_search_doc_per_drug_page_outside_the_sitemap(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    report = pipeline.build_site([entry(1, "DB00316"), entry(2, "DB01001"),
                                  entry(3, "DB01060", "DB00766")], tiny_kb, out,
                                 base_url="https://example.org/")
    kept = state.state_dir(out)  # the build's state, beside the site: not published
    assert not (out / search.DOCS_DIR).exists()
    docs = sorted(str(p.relative_to(kept / search.DOCS_DIR))
                  for p in (kept / search.DOCS_DIR).rglob("*.html"))
    assert docs == sorted(p["html"] for p in report["pages"])
    assert search.DOCS_DIR not in (out / "sitemap.xml").read_text()
    manifest = json.loads((kept / pipeline.MANIFEST).read_text())
    for files in manifest["pages"].values():  # a page's document travels with its files
        assert sum(f.startswith(search.DOCS_DIR + "/") for f in files) == 1


@pytest.mark.skipif(not search.available(), reason="pagefind not installed")
def test_pagefind_indexes_the_documents_into_the_site(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    report = pipeline.build_site([entry(1, "DB00316"), entry(2, "DB01001")], tiny_kb, out,
                                 formats=["html"])
    assert report["search"]["enabled"], report["search"]
    assert report["search"]["pages"] == 2
    assert (out / search.BUNDLE_DIR / "pagefind.js").is_file()
    assert not (out / search.DOCS_DIR / search.BUNDLE_DIR).exists()


def test_an_incremental_build_links_unchanged_search_docs(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first_entries = [entry(1, "DB00316"), entry(2, "DB00331")]
    pipeline.build_site(first_entries, tiny_kb, out)
    before = snapshot(state.state_dir(out))
    pipeline.build_site([*first_entries, entry(3, "DB01001")], tiny_kb, out)
    after = snapshot(state.state_dir(out))
    doc = f"{search.DOCS_DIR}/m/metformin/index.html"
    assert doc in before and after[doc] == before[doc]
    assert f"{search.DOCS_DIR}/s/salbutamol/index.html" in after
