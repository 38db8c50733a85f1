"""Issue #14: a drug page's Sources section names each source it used with its licence and
links to the source's entry on the sources page, where the edition, citation and address
are (moved there, not dropped); the safety section explains the "US label" mark only on
pages that have it."""

from __future__ import annotations

import html as H
import re
from pathlib import Path

from apothecary.knowledge.store import KnowledgeBase
from apothecary.render.html import source_anchor
from apothecary.site.pipeline import build_site, plan_pages
from apothecary.writers.template import TemplateWriter
from apothecary.writers.wording import SAFETY_INTRO
from sitekit import entry, quoted
from test_pipeline import ENTRIES

SECTION = re.compile(r'<section id="sources">(.*?)</section>', re.S)


def test_each_source_is_named_with_its_licence_and_its_entry(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    report = build_site(ENTRIES, tiny_kb, out, formats=["html"], jobs=1)
    sources_page = quoted((out / "sources/index.html").read_text("utf-8"))
    writer = TemplateWriter(tiny_kb)
    requests = {r.key: r for r in plan_pages(ENTRIES, tiny_kb)[0]}
    checked = 0
    for p in report["pages"]:
        page = writer.write_page(requests[p["key"]])
        html = quoted((out / p["html"]).read_text("utf-8"))
        [section] = SECTION.findall(html)
        text = H.unescape(re.sub(r"<[^>]+>", "", section))
        for s in page.sources:
            anchor = source_anchor(s.id)
            assert f'href="../../sources/#{anchor}"' in section
            assert f"{s.name}: Licence: {s.licence}." in text
            # the long description is on the sources page, under that anchor
            entry_html = sources_page[sources_page.index(f'id="{anchor}"'):]
            entry_html = entry_html[:entry_html.index("</section>")]
            assert H.escape(s.citation, quote=False) in entry_html and s.edition in entry_html
            checked += 1
        assert s.edition not in text or s.edition in s.name  # not repeated on the page
    assert checked


def test_the_us_label_note_only_where_a_label_is_quoted(tiny_kb: KnowledgeBase) -> None:
    entries = [*ENTRIES, entry(9, "DB00682", text="Warfarin")]
    writer = TemplateWriter(tiny_kb)
    seen = set()
    for req in plan_pages(entries, tiny_kb)[0]:
        page = writer.write_page(req)
        safety = next(s for s in page.sections if s.id == "safety")
        quoted = any("US label" in (st.label or "") for st in safety.statements)
        assert (safety.intro == SAFETY_INTRO) == quoted, page.key
        seen.add(quoted)
    assert seen == {True, False}  # both kinds of page
